"""Demo data of the co-brand: about forty certified makers in every tier (most with some of their products),
a few applications waiting in the curators' queue, one rejected application with its reasons, one revoked and
one expired certificate. Everything goes through the same services a maker and a curator use."""

from __future__ import annotations

import datetime as dt
import random

from sqlmodel import Session, select

from catalog.certification import services
from catalog.certification.models import CertificationDecision
from market.accounts.models import Membership, MembershipRole, Organization, User
from market.db import utcnow

CERTIFIED = 40
PENDING = 4

# Where design, making and assembly happen for makers aiming at each tier.
_PROFILES = {
    "gold": ("cluster", "cluster", "cluster"),
    "silver": ("seoul", "cluster", "seoul"),
    "bronze": ("seoul", "seoul", "seoul"),
}
_STAFF_SHARE = {"gold": (78, 96), "silver": (50, 74), "bronze": (60, 90)}

_REJECTION = ("The origin evidence is a lease for a warehouse in Gimpo, outside Seoul, and nothing shows the "
              "Seoul workshop. Upload the business registration of the workshop in the cluster and photos of the "
              "production line there, then apply again.")
_REVOCATION = ("Production of the certified products moved to a contract factory in Incheon in the spring; the "
               "maker told us at the yearly check. The seal no longer applies.")


def _evidence_pdf(title: str, org: Organization, lines: list[str]) -> bytes:
    """A small, real PDF document standing in for a scanned report."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.cell(0, 12, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 11)
    pdf.cell(0, 8, org.name.encode("latin-1", "replace").decode("latin-1"), new_x="LMARGIN", new_y="NEXT")
    for line in lines:
        pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _owner(session: Session, org: Organization) -> User:
    return session.exec(select(User).join(Membership, Membership.user_id == User.id)
                        .where(Membership.organization_id == org.id, Membership.role == MembershipRole.owner)
                        .order_by(Membership.id)).first()


def _answers(rng: random.Random, org: Organization, tier: str, today: dt.date) -> dict:
    design, making, assembly = _PROFILES[tier]
    founded = org.founded_year or today.year - rng.randint(3, 25)
    years = max(0, min(150, today.year - founded - rng.randint(0, 3)))
    return {"design_location": design, "making_location": making, "assembly_location": assembly,
            "workshop_staff_share": rng.randint(*_STAFF_SHARE[tier]), "years_in_cluster": years}


def _apply(session: Session, rng: random.Random, org: Organization, owner: User, tier: str, products: list,
           storage, today: dt.date, with_quality: bool = True):
    """A submitted application of ``org`` aiming at ``tier``; returns it."""
    application = services.start_application(session, owner, org.id)
    answers = _answers(rng, org, tier, today)
    own = [p.id for p in products]
    chosen = rng.sample(own, k=min(len(own), rng.randint(1, 3))) if own and rng.random() < 0.75 else []
    services.save_answers(session, owner, application.id, answers, chosen)
    documents = [("origin", "Business registration and workshop photos",
                  [f"Registered workshop address: {org.district or 'Seoul'}, Seoul.",
                   "Photos of the production line at the registered address are attached."])]
    if with_quality:
        documents.append(("quality", "Quality inspection report",
                          ["Sampling inspection of finished goods: 0 critical, 1 minor defect in 200 pieces.",
                           "Inspector: in-house QC lead. Method: AQL 1.0, general level II."]))
    for kind, title, lines in documents:
        services.add_evidence(session, owner, application.id, kind, _evidence_pdf(title, org, lines),
                              f"{kind}-{org.slug}.pdf", storage)
    result = services.score_application(session, application)
    if result.tier is None:
        # Rare short-lived workshops: answer as the long-standing workshop most demo makers are.
        answers["years_in_cluster"] = 12
        answers["workshop_staff_share"] = 85
        services.save_answers(session, owner, application.id, answers, chosen)
    services.submit_application(session, owner, application.id)
    return application


def _backdate(session: Session, application, submitted: dt.datetime, decided: dt.datetime | None = None) -> None:
    application.created_at = submitted - dt.timedelta(days=2)
    application.submitted_at = submitted
    application.updated_at = decided or submitted
    if decided is not None:
        application.decided_at = decided
        for decision in session.exec(select(CertificationDecision)
                                     .where(CertificationDecision.application_id == application.id)):
            decision.decided_at = decided
            session.add(decision)
    session.add(application)


def add_demo_certification(session: Session, rng: random.Random, maker_orgs: list, curator: User,
                           products: list, storage=None, today: dt.date | None = None) -> dict[str, int]:
    """Certify about forty of ``maker_orgs`` (gold, silver and bronze; most with 1–3 of their ``products``),
    approved by ``curator``; leave a few applications in the review queue; reject one with reasons; revoke one
    certificate and let one expire. Runs inside an app context (evidence files go to the app's storage).

    Returns counts for the demo summary.
    """
    if storage is None:
        from market.storage import get_storage

        storage = get_storage()
    today = today or utcnow().date()
    by_maker: dict[int, list] = {}
    for product in products:
        by_maker.setdefault(product.maker_id, []).append(product)
    if len(maker_orgs) < 4:
        raise ValueError("the co-brand demo needs at least four makers")
    chosen = rng.sample(list(maker_orgs), k=min(len(maker_orgs), CERTIFIED + PENDING + 2))
    n_pending = min(PENDING, len(chosen) - 3)
    n_certified = len(chosen) - n_pending - 2
    certified, pending, rejected = chosen[:n_certified], chosen[n_certified:n_certified + n_pending], chosen[-2:]

    # Issue in date order so each year's certificate numbers follow the calendar, as they would in production.
    tiers = ["gold"] * 10 + ["silver"] * 15 + ["bronze"] * 15
    rng.shuffle(tiers)
    issued = sorted(((today - dt.timedelta(days=rng.randint(5, 650)), org, tiers[i % len(tiers)])
                     for i, org in enumerate(certified)), key=lambda t: (t[0], t[1].id))
    # One certificate issued a little over two years ago, now expired.
    issued[0] = (services.add_years(today, -2) - dt.timedelta(days=rng.randint(10, 60)), issued[0][1], issued[0][2])
    certificates = []
    for issued_on, org, tier in issued:
        owner = _owner(session, org)
        application = _apply(session, rng, org, owner, tier, by_maker.get(org.id, []), storage, today)
        certificate = services.approve_application(session, curator, application.id, today=issued_on)
        decided = dt.datetime.combine(issued_on, dt.time(10, rng.randint(0, 59)), dt.UTC)
        _backdate(session, application, decided - dt.timedelta(days=rng.randint(3, 14)), decided)
        certificates.append(certificate)
    revoked = next(c for c in reversed(certificates) if services.certificate_status(c, today).value == "valid")
    services.revoke_certificate(session, curator, revoked.code, _REVOCATION)

    for n, org in enumerate(pending):
        application = _apply(session, rng, org, _owner(session, org), rng.choice(list(_PROFILES)),
                             by_maker.get(org.id, []), storage, today)
        _backdate(session, application, utcnow() - dt.timedelta(days=PENDING - n, hours=rng.randint(1, 9)))

    org = rejected[0]
    application = _apply(session, rng, org, _owner(session, org), "bronze", by_maker.get(org.id, []), storage,
                         today, with_quality=False)
    services.reject_application(session, curator, application.id, _REJECTION)
    decided = utcnow() - dt.timedelta(days=6)
    _backdate(session, application, decided - dt.timedelta(days=5), decided)
    # A second maker is still preparing its draft.
    draft_org = rejected[1]
    draft = services.start_application(session, _owner(session, draft_org), draft_org.id)
    services.save_answers(session, _owner(session, draft_org), draft.id,
                          _answers(rng, draft_org, "silver", today), [])
    session.flush()
    return {"co-brand certificates": len(certificates), "co-brand applications waiting": len(pending)}
