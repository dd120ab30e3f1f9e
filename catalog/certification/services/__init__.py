"""Co-brand operations, split by aggregate; this package is the feature's surface, import from here.

- :mod:`.applications`: who may do what, a maker's draft, its answers and score, submission, starting again;
- :mod:`.evidence`: the application's documents, checked by their content and stored privately;
- :mod:`.certificates`: the curators' decisions, certificate numbers, validity and revocation;
- :mod:`.badges`: the badges and "certified" sets other pages and the catalog use;
- :mod:`.pages`: what the co-brand pages show (read models);
- :mod:`.applicant`: the applicant's record a curator weighs (age on the platform, profile, products, past
  decisions).
"""

from catalog.certification.services.applicant import ApplicantRecord, applicant_record, profile_completeness
from catalog.certification.services.applications import (
    CURATOR_ROLES,
    CertificationError,
    can_see_application,
    evidence_counts,
    evidence_of,
    get_application,
    is_curator,
    is_member,
    is_owner,
    maker_products,
    open_application,
    owned_makers,
    reapply,
    save_answers,
    score_application,
    start_application,
    submit_application,
)
from catalog.certification.services.badges import (
    certified_maker_ids,
    certified_product_ids,
    certified_products_query,
    maker_badge,
    product_badges,
    verify_path,
)
from catalog.certification.services.certificates import (
    add_years,
    approve_application,
    certificate_status,
    format_code,
    get_certificate,
    next_certificate_number,
    normalize_code,
    reject_application,
    revoke_certificate,
    validity_end,
)
from catalog.certification.services.evidence import (
    MAX_EVIDENCE_FILES,
    add_evidence,
    check_evidence_file,
    delete_evidence,
    get_evidence_for_download,
)
from catalog.certification.services.pages import (
    ApplicationPage,
    CertificatePage,
    DecisionItem,
    MakerOverview,
    ProductItem,
    QueueItem,
    application_page,
    certificate_page,
    decisions_of,
    latest_decision,
    my_applications,
    product_items,
    review_queue,
)

__all__ = [
    "CURATOR_ROLES", "MAX_EVIDENCE_FILES", "ApplicantRecord", "ApplicationPage", "CertificatePage",
    "CertificationError", "DecisionItem", "MakerOverview", "ProductItem", "QueueItem", "add_evidence", "add_years",
    "applicant_record", "application_page", "approve_application", "can_see_application", "certificate_page", "certificate_status",
    "certified_maker_ids", "certified_product_ids", "certified_products_query", "check_evidence_file",
    "decisions_of", "delete_evidence", "evidence_counts", "evidence_of", "format_code", "get_application",
    "get_certificate", "get_evidence_for_download", "is_curator", "is_member", "is_owner", "latest_decision",
    "maker_badge", "maker_products", "my_applications", "next_certificate_number", "normalize_code",
    "open_application", "owned_makers", "product_badges", "profile_completeness", "product_items", "reapply", "reject_application",
    "review_queue", "revoke_certificate", "save_answers", "score_application", "start_application",
    "submit_application", "validity_end", "verify_path",
]
