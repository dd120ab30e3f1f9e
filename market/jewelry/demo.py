"""Demo data of the jewelry market: Jongno and Bongik-dong workshops with their metals and capacity, five designs
made here (three rings and two pendants, built with trimesh and manifold3d), analysed, quoted, and orders in
every state with their timelines and the workshops' photos.

Orders and events are written directly (no notifications): the demo has no request to build links in.
"""

from __future__ import annotations

import datetime as dt
import random

from sqlmodel import Session, select

from market.accounts.models import Membership, Organization, OrganizationKind, User
from market.db import utcnow
from market.jewelry import shapes
from market.jewelry.models import (
    JewelryDesign,
    JewelryOrder,
    JewelryOrderEvent,
    JewelryOrderPhoto,
    JewelryOrderStatus,
    JewelryRole,
    MeshAnalysis,
)
from market.jewelry.services.designs import analyse_now, upload_design
from market.jewelry.services.quotes import QuoteRequest, create_quote
from market.jewelry.services.workshops import JEWELRY_CLUSTERS, route_workshop

S = JewelryOrderStatus
GOLD = ["gold_14k_yellow", "gold_14k_white", "gold_14k_rose", "gold_18k_yellow", "gold_18k_white", "gold_18k_rose"]
ALL_METALS = ["silver_925", *GOLD, "platinum_950"]
DESIGNS = [
    ("solitaire_ring", "Solitaire ring with bezel", "솔리테어 반지"),
    ("signet_ring", "Oval signet ring", "시그넷 반지"),
    ("twist_ring", "Round-wire stacking ring", "와이어 반지"),
    ("disc_pendant", "Engravable disc pendant", "디스크 펜던트"),
    ("heart_pendant", "Heart pendant", "하트 펜던트"),
]
# The workshop's path to each final status (the customer's and the workshop's steps).
PATHS = {
    S.awaiting_payment: [],
    S.paid: [S.paid],
    S.prototyping: [S.paid, S.prototyping],
    S.prototype_ready: [S.paid, S.prototyping, S.prototype_ready],
    S.revision_requested: [S.paid, S.prototyping, S.prototype_ready, S.revision_requested],
    S.approved: [S.paid, S.prototyping, S.prototype_ready, S.approved],
    S.in_production: [S.paid, S.prototyping, S.prototype_ready, S.approved, S.in_production],
    S.quality_check: [S.paid, S.prototyping, S.prototype_ready, S.approved, S.in_production, S.quality_check],
    S.shipped: [S.paid, S.prototyping, S.prototype_ready, S.approved, S.in_production, S.quality_check, S.shipped],
    S.delivered: [S.paid, S.prototyping, S.prototype_ready, S.revision_requested, S.prototyping, S.prototype_ready,
                  S.approved, S.in_production, S.quality_check, S.shipped, S.delivered],
    S.cancelled: [S.paid, S.cancelled],
}
ORDERS = [  # (design index, metal, ring size, final status, currency)
    (0, "gold_18k_yellow", ("US", "6.5"), S.delivered, "USD"),
    (0, "platinum_950", ("KR", "12"), S.in_production, "KRW"),
    (1, "silver_925", ("EU", "62"), S.prototype_ready, "EUR"),
    (1, "gold_14k_white", ("US", "10"), S.shipped, "USD"),
    (2, "gold_14k_rose", ("JP", "11"), S.prototyping, "JPY"),
    (2, "silver_925", ("US", "7"), S.awaiting_payment, "KRW"),
    (3, "silver_925", None, S.quality_check, "KRW"),
    (3, "gold_18k_white", None, S.revision_requested, "USD"),
    (4, "gold_18k_rose", None, S.paid, "JPY"),
    (4, "gold_14k_yellow", None, S.approved, "KRW"),
    (0, "gold_18k_rose", ("US", "5"), S.cancelled, "USD"),
]
NOTES = {
    S.revision_requested: "Please make the bezel 0.3 mm lower so the stone sits closer to the finger.",
    S.prototype_ready: "Resin prototype printed; photos attached.",
    S.shipped: "Packed in a gift box with the hallmark certificate.",
}
CARRIERS = ("EMS", "DHL Express", "CJ Logistics")


def _members(session: Session, org_id: int) -> list[User]:
    return list(session.exec(select(User).join(Membership, Membership.user_id == User.id)
                             .where(Membership.organization_id == org_id).order_by(User.id)))


def add_demo_workshops(session: Session, rng: random.Random) -> list[Organization]:
    """Every maker of the Jongno and Bongik-dong clusters becomes a workshop: most cast gold and silver, some
    platinum too, with room for 3 to 12 orders at once."""
    from market.jewelry.models import JewelryWorkshop

    orgs = list(session.exec(select(Organization).where(Organization.kind == OrganizationKind.maker,
                                                        Organization.cluster_code.in_(JEWELRY_CLUSTERS))
                             .order_by(Organization.id)))
    for index, org in enumerate(orgs):
        if index % 4 == 3:
            metals = ["silver_925"]
        elif index % 3 == 0:
            metals = ALL_METALS
        else:
            metals = ["silver_925", *GOLD]
        session.add(JewelryWorkshop(organization_id=org.id, metals=metals, capacity=rng.randint(3, 12),
                                    lead_time_days=rng.choice([10, 14, 21])))
    session.flush()
    return orgs


def add_demo_designs(session: Session, customers: list[User]) -> list[JewelryDesign]:
    """The five designs, each uploaded through the same checks as a customer's and analysed."""
    designs = []
    for index, (key, name, _name_ko) in enumerate(DESIGNS):
        mesh = shapes.DEMO_DESIGNS[key]()
        data = shapes.to_stl(mesh.vertices, mesh.faces, header=f"Made in Seoul demo: {key}".encode())
        design, needs_analysis = upload_design(session, customers[index % len(customers)], data,
                                                        f"{key}.stl", unit="mm", name=name)
        if needs_analysis:
            analyse_now(session, session.get(MeshAnalysis, design.analysis_id))
        designs.append(design)
    return designs


def _photo_of(session: Session, design: JewelryDesign) -> tuple[bytes, str]:
    from market.storage import get_storage

    analysis = session.get(MeshAnalysis, design.analysis_id)
    return get_storage().read(analysis.thumbnail_key), f"{design.name}.png"


def add_demo_jewelry(session: Session, rng: random.Random) -> dict[str, int]:
    """Workshops, designs, quotes and orders in every state; returns what was made."""
    from market.storage import get_storage
    from market.uploads.images import clean_image

    workshops = add_demo_workshops(session, rng)
    buyers = list(session.exec(select(Organization).where(Organization.kind == OrganizationKind.buyer)
                               .order_by(Organization.id).limit(4)))
    customers = [_members(session, org.id)[0] for org in buyers]
    if not workshops or not customers:
        return {}
    designs = add_demo_designs(session, customers)
    storage = get_storage()
    orders = 0
    for design_index, metal, ring, final, currency in ORDERS:
        design = designs[design_index]
        customer = session.get(User, design.owner_id)
        country = "KR" if currency == "KRW" else rng.choice(["US", "JP", "FR", "DE"])
        row = create_quote(session, customer, QuoteRequest(
            design_id=design.id, metal=metal, ring_system=ring[0] if ring else None,
            ring_value=ring[1] if ring else None, quantity=1, currency=currency,
            prototype="wax" if design_index % 2 else "resin", shipping_country=country))
        workshop = route_workshop(session, metal)
        if workshop is None:
            continue
        worker = _members(session, workshop.id)[0]
        path = PATHS[final]
        placed = utcnow() - dt.timedelta(days=3 + 2 * len(path) + rng.randint(0, 5), hours=rng.randint(0, 12))
        prototype_fee = next(line["amount_krw"] for line in row.lines if line["code"] == "prototype")
        order = JewelryOrder(quote_id=row.id, customer_id=customer.id, workshop_org_id=workshop.id,
                             currency=row.currency, total=row.total, total_krw=row.total_krw,
                             prototype_fee_krw=prototype_fee, shipping_address=_address(rng, customer),
                             shipping_country=country, customer_reference=f"DEMO-{design_index + 1:03d}",
                             created_at=placed, updated_at=placed)
        session.add(order)
        session.flush()
        events = [JewelryOrderEvent(order_id=order.id, actor_id=customer.id, role=JewelryRole.customer,
                                    from_status=None, to_status=S.awaiting_payment, created_at=placed)]
        status, when = S.awaiting_payment, placed
        for step in path:
            when = when + dt.timedelta(days=rng.randint(1, 3), hours=rng.randint(1, 8))
            if step == S.paid:
                actor, role = None, JewelryRole.payments
                order.paid_at = when
            elif step in (S.approved, S.revision_requested, S.delivered) or (step == S.cancelled):
                actor, role = customer.id, JewelryRole.customer
            else:
                actor, role = worker.id, JewelryRole.workshop
            if step == S.revision_requested:
                order.revisions += 1
            if step == S.shipped:
                order.carrier = rng.choice(CARRIERS)
                order.tracking_number = f"EE{rng.randint(100_000_000, 999_999_999)}KR"
            if step == S.cancelled and status == S.paid:
                order.refund_due_krw = order.total_krw
            if step in (S.prototype_ready, S.quality_check):
                data, name = _photo_of(session, design)
                clean = clean_image(data, name)
                session.add(JewelryOrderPhoto(
                    order_id=order.id, stage="prototype" if step == S.prototype_ready else "production",
                    web_key=storage.save(clean.web, ".webp", area="private"),
                    thumb_key=storage.save(clean.thumb, ".webp", area="private"), width=clean.width,
                    height=clean.height, uploaded_by_id=worker.id, created_at=when - dt.timedelta(hours=1)))
            events.append(JewelryOrderEvent(order_id=order.id, actor_id=actor, role=role, from_status=status,
                                            to_status=step, note=NOTES.get(step), created_at=when))
            status = step
        order.status, order.updated_at = status, when
        session.add(order)
        session.add_all(events)
        session.flush()
        orders += 1
    return {"jewelry workshops": len(workshops), "jewelry designs": len(designs), "jewelry orders": orders}


def _address(rng: random.Random, customer: User) -> str:
    streets = ["12 Jongno-ro, Jongno-gu, Seoul 03190", "88 Rue de Rivoli, 75004 Paris", "1-2-3 Ginza, Tokyo",
               "250 Park Avenue South, New York, NY 10003", "Hauptstraße 5, 10827 Berlin"]
    return f"{customer.display_name}\n{rng.choice(streets)}"
