"""What a curator needs to judge a co-brand claim beyond the application itself: how long the applicant has been
on the platform, how complete its maker profile is, its other products, and the decisions curators made on its
earlier applications (read model of the review page)."""

from __future__ import annotations

import dataclasses
import datetime as dt

from flask_babel import lazy_gettext as _l
from sqlmodel import Session, select

from catalog.certification.models import (
    Certificate,
    CertificationApplication,
    CertificationDecision,
)
from catalog.certification.services.pages import DecisionItem, ProductItem, product_items
from catalog.makers.models import MakerProfile
from catalog.products.models import Product
from market.accounts.models import Organization, User
from market.accounts.services import organization_about

# The parts of a maker profile a buyer relies on, in the order the profile page shows them.
PROFILE_PARTS = (
    ("about", _l("The workshop's story (About)")),
    ("cluster", _l("Cluster")),
    ("district", _l("District")),
    ("founded_year", _l("Year founded")),
    ("staff_count", _l("Staff")),
    ("website", _l("Website")),
    ("capabilities", _l("Materials or equipment")),
    ("min_order", _l("Minimum order")),
    ("lead_time", _l("Typical lead time")),
    ("photos", _l("Workshop photos")),
    ("public", _l("Public profile")),
)


@dataclasses.dataclass
class Completeness:
    """Which parts of the profile are filled in."""

    parts: list[tuple[str, bool]]  # (label, filled)

    @property
    def percent(self) -> int:
        """The share of parts filled in, in whole percent."""
        return round(100 * sum(1 for _label, done in self.parts if done) / len(self.parts)) if self.parts else 0

    @property
    def missing(self) -> list[str]:
        """The labels of the parts still empty."""
        return [label for label, done in self.parts if not done]


@dataclasses.dataclass
class PastDecision:
    """A decision on another application of the same organisation."""

    application: CertificationApplication
    item: DecisionItem


@dataclasses.dataclass
class ApplicantRecord:
    """The applicant organisation as the curator weighs it."""

    joined_at: dt.datetime
    days_on_platform: int
    completeness: Completeness
    other_products: list[ProductItem]
    past_decisions: list[PastDecision]
    certificates: list[Certificate]


def profile_completeness(session: Session, maker: Organization) -> Completeness:
    """Which of :data:`PROFILE_PARTS` the maker has filled in."""
    profile = session.get(MakerProfile, maker.id)
    about = organization_about(session, maker, maker.source_locale or "ko")
    filled = {
        "about": bool(about is not None and about.text.strip()),
        "cluster": bool(maker.cluster_code),
        "district": bool(maker.district),
        "founded_year": maker.founded_year is not None,
        "staff_count": bool(maker.staff_count),
        "website": bool(maker.website),
        "capabilities": bool(profile and (profile.materials or profile.equipment)),
        "min_order": bool(profile and profile.min_order_qty),
        "lead_time": bool(profile and profile.lead_time_days is not None),
        "photos": bool(profile and profile.photos),
        "public": bool(profile and profile.published_at),
    }
    return Completeness([(str(label), filled[key]) for key, label in PROFILE_PARTS])


def applicant_record(session: Session, application: CertificationApplication, locale: str,
                     now: dt.datetime | None = None) -> ApplicantRecord:
    """The applicant's age on the platform, profile completeness, products outside this application (every
    status: the curator sees drafts too), and the decisions and certificates of its earlier applications."""
    maker = session.get(Organization, application.organization_id)
    now = now or dt.datetime.now(dt.UTC)
    chosen = set(application.product_ids or [])
    products = [p for p in session.exec(select(Product).where(Product.maker_id == maker.id)
                                        .order_by(Product.created_at.desc(), Product.id.desc()))
                if p.id not in chosen]
    rows = session.exec(
        select(CertificationDecision, CertificationApplication, User)
        .join(CertificationApplication, CertificationApplication.id == CertificationDecision.application_id)
        .join(User, User.id == CertificationDecision.decided_by_id, isouter=True)
        .where(CertificationApplication.organization_id == maker.id,
               CertificationApplication.id != application.id)
        .order_by(CertificationDecision.decided_at.desc(), CertificationDecision.id.desc()))
    past = [PastDecision(app, DecisionItem(decision, user.display_name if user else None))
            for decision, app, user in rows]
    certificates = list(session.exec(select(Certificate).where(Certificate.organization_id == maker.id)
                                     .order_by(Certificate.issued_on.desc(), Certificate.id.desc())))
    return ApplicantRecord(maker.created_at, max(0, (now - maker.created_at).days),
                           profile_completeness(session, maker), product_items(session, products, locale), past,
                           certificates)
