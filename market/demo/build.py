"""``seoulmade demo``: a fresh database filled with realistic, deterministic demo data.

The content (clusters, makers, buyers, labs, startups) comes from :mod:`market.demo.content`; this module
turns it into rows and then calls each feature's demo step (catalog, RFQs, orders, payments, jewelry,
prototypes, matching) in :func:`fill_demo`, in that order, since later steps use earlier rows.
"""

from __future__ import annotations

import random
import secrets

import sqlalchemy as sa
from flask import Flask
from sqlmodel import Session, SQLModel

from market.accounts import services
from market.accounts.models import MembershipRole, Organization, OrganizationKind, User, UserRole
from market.db import get_database, session_scope, utcnow

DEMO_PASSWORD = "seoul-workshops-2026"
DEMO_STAFF_PASSWORDS = {"curator": "curate-seoul-2026", "admin": "admin-seoul-2026",
                        "assoc_staff": "assoc-seoul-2026", "trade_chair": "chair-seoul-2026",
                        "city_viewer": "city-seoul-2026"}


class DemoDataExists(RuntimeError):
    """The database already holds data."""


def _has_data(engine: sa.Engine) -> bool:
    inspector = sa.inspect(engine)
    if not inspector.has_table("users"):
        return False
    with engine.connect() as conn:
        return conn.execute(sa.text("SELECT 1 FROM users LIMIT 1")).first() is not None


def reset_database(engine: sa.Engine) -> None:
    """Drop every table of the project (and Alembic's bookkeeping)."""
    from market.app import import_all_models

    import_all_models()
    SQLModel.metadata.drop_all(engine)
    with engine.begin() as conn:
        conn.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))


def build_demo(app: Flask, seed: int = 2026, force: bool = False) -> list[str]:
    """Migrate, then fill the database; refuses when data exists unless ``force``. Returns lines to print."""
    from market.migrate import upgrade

    engine = get_database(app).engine
    if _has_data(engine):
        if not force:
            raise DemoDataExists("The database already has data.")
        reset_database(engine)
    with engine.begin() as conn:
        upgrade(connection=conn)
    rng = random.Random(seed)
    from market.payments.demo import configure_demo_bank

    bank = configure_demo_bank(app)
    with app.app_context(), session_scope(app) as session:
        counts, examples = fill_demo(session, rng)
    lines = ["Demo data ready: " + ", ".join(f"{n} {what}" for what, n in counts.items()) + "."]
    if bank:
        lines.append("Bank-transfer invoices use the demo's Woori Bank account (settings.env in the data dir).")
    lines.append(f"Matching index built over {build_matching_index(app)} profiles and technology listings.")
    lines.append(f"Catalog search: {analyse_catalog(app)} listings analysed and stored.")
    lines += [f"  {role:<10} {email} / {password}" for role, (email, password) in examples.items()]
    return lines


def analyse_catalog(app: Flask) -> int:
    """Store every published listing's search document, so no web process analyses the catalog at start."""
    from catalog.search.jobs import analyse_listings_job

    with app.app_context():
        return analyse_listings_job(None)


def build_matching_index(app: Flask) -> int:
    """Embed every profile and listing and save the matching index beside the database; returns its size."""
    from matching.engine import get_engine

    with app.app_context():
        return len(get_engine(app))


def _owner_email(slug: str) -> str:
    return f"owner@{slug}.demo"


def fill_demo(session: Session, rng: random.Random) -> tuple[dict[str, int], dict[str, tuple[str, str]]]:
    """Create clusters, staff, makers, buyers, IP holders, labs and startups with their owners.

    Returns how many of each were made and a sign-in (email, password) per staff role and organisation kind.
    """
    from market.association.demo import add_demo_association
    from market.demo import content
    from market.jewelry.demo import add_demo_jewelry
    from market.payments.demo import add_demo_payments
    from market.prototypes.demo import add_demo_prototypes
    from matching.demo import add_demo_matching

    add_clusters(session)

    # One argon2 hash for every demo owner: hashing hundreds of passwords would make the demo slow to build.
    owner_hash = services.hash_password(DEMO_PASSWORD)
    for role, person in content.STAFF.items():
        session.add(User(email=person["email"], display_name=person["name"], role=UserRole(role),
                         password_hash=services.hash_password(DEMO_STAFF_PASSWORDS[role]),
                         session_nonce=secrets.token_hex(16), email_verified_at=utcnow()))

    examples = {role: (person["email"], DEMO_STAFF_PASSWORDS[role]) for role, person in content.STAFF.items()}
    counts = {"makers": 0, "buyers": 0, "IP holders and labs": 0, "startups": 0}
    makers = content.generate_makers(rng)
    maker_orgs = []
    for m in makers:
        maker_orgs.append(_add_org(
            session, owner_hash, OrganizationKind.maker, name=m["name_en"], name_ko=m["name_ko"], country="KR",
            city="Seoul", cluster_code=m["cluster_code"], district=m["district"],
            about={"ko": m["story_ko"], "en": m["story_en"]}, capabilities=m["capabilities"],
            founded_year=m["founded_year"], staff_count=m["staff_count"]))
        counts["makers"] += 1
    for b in content.generate_buyers(rng):
        _add_org(session, owner_hash, OrganizationKind.buyer, name=b["name"], country=b["country"],
                 city=b["city"], about=b["about_en"])
        counts["buyers"] += 1
    for t in content.generate_tech_holders(rng):
        _add_org(session, owner_hash, OrganizationKind(t["kind"]), name=t["name"], name_ko=t["name_ko"],
                 country=t["country"], about={"en": t["about_en"], "ko": t["about_ko"]},
                 source_locale="ko" if t["country"] == "KR" else "en")
        counts["IP holders and labs"] += 1
    for s in content.generate_startups(rng):
        _add_org(session, owner_hash, OrganizationKind.startup, name=s["name"], name_ko=s["name_ko"],
                 country=s["country"],
                 about={"en": f"{s['about_en']} {s['prototype_need_en']}",
                        "ko": f"{s['about_ko']} {s['prototype_need_ko']}"})
        counts["startups"] += 1
    add_exchange_rates(session)
    counts["products"] = add_products(session, rng, makers, maker_orgs)
    counts.update(add_catalog_activity(session, rng, makers, maker_orgs))
    counts.update(add_demo_matching(session, rng))
    counts.update(add_demo_prototypes(session, rng))
    counts.update(add_demo_payments(session, rng))
    counts.update(add_demo_jewelry(session, rng))
    from market.programmes.demo import add_demo_programmes
    from market.trainings.demo import add_demo_trainings

    counts.update(add_demo_programmes(session, random.Random("programmes")))
    counts.update(add_demo_trainings(session, random.Random("trainings")))
    # Its own generator, so the association step leaves the shared one (and the steps after it) unchanged.
    counts.update(add_demo_association(session, random.Random("association")))
    from catalog.showroom.demo import add_demo_showroom

    counts.update(add_demo_showroom(session, random.Random("showroom")))
    from market.people.demo import add_demo_people

    counts.update(add_demo_people(session, random.Random("people")))
    from market.centres.demo import DEMO_CENTRE_PASSWORD, STAFF_EMAIL, add_demo_centres

    counts.update(add_demo_centres(session, random.Random("centres")))
    examples["facility_staff"] = (STAFF_EMAIL, DEMO_CENTRE_PASSWORD)
    for org, owner in _first_owner_per_kind(session):
        examples[org.kind.value if hasattr(org.kind, "value") else org.kind] = (owner.email, DEMO_PASSWORD)
    return counts, examples


def _first_owner_per_kind(session: Session):
    from sqlmodel import select

    from market.accounts.models import Membership

    seen: set[str] = set()
    rows = session.exec(select(Organization, User).join(Membership, Membership.organization_id == Organization.id)
                        .join(User, User.id == Membership.user_id).order_by(Organization.id))
    for org, owner in rows:
        if org.kind not in seen:
            seen.add(org.kind)
            yield org, owner


def add_exchange_rates(session: Session) -> None:
    """The reference rates (of 20 November 2026), as an admin would have entered them: the migrations put them in
    every database already; this puts them back in one built without them."""
    from i18n.money import reference_rates, set_rate

    for rate in reference_rates():
        set_rate(session, rate["currency"], rate["krw_per_unit"], rate["rate_date"])


def add_products(session: Session, rng: random.Random, makers: list[dict], maker_orgs: list[Organization]) -> int:
    """Publish the demo catalog: several products per maker with their translations."""
    from catalog.products.demo_content import generate_catalog
    from catalog.products.models import ProductStatus
    from catalog.products.services import add_product
    from market.demo import content

    industries = {c["code"]: c["industry"] for c in content.CLUSTERS}
    count = 0
    for maker_index, p in generate_catalog(rng, makers, industries):
        add_product(session, maker_orgs[maker_index], title=p["title"], description=p["description"],
                    status=ProductStatus.published, category=p["category"], price_krw=p["price_krw"],
                    quantity_tiers=p["quantity_tiers"], moq=p["moq"], unit=p["unit"],
                    lead_time_days=p["lead_time_days"], hs_code=p["hs_code"], materials=p["materials"],
                    weight_g=p["weight_g"], dimensions_mm=p["dimensions_mm"], incoterms=p["incoterms"])
        count += 1
    return count


def add_catalog_activity(session: Session, rng: random.Random, makers: list[dict],
                         maker_orgs: list[Organization]) -> dict[str, int]:
    """Maker profiles, product photos, co-brand certificates and applications, RFQs with their threads,
    wholesale orders in every state and buyers' saved lists."""
    from sqlmodel import select

    from catalog.certification.demo import add_demo_certification
    from catalog.lists.services import add_demo_lists
    from catalog.makers.demo import add_demo_maker_profiles
    from catalog.products.demo_images import add_demo_product_images
    from catalog.products.models import Product
    from market.accounts.models import Membership
    from market.demo import content
    from market.orders.demo import add_demo_orders, add_demo_shipping
    from market.rfq.demo import add_demo_rfqs

    add_demo_maker_profiles(session, rng, makers, maker_orgs)
    products = list(session.exec(select(Product).order_by(Product.id)))
    counts = {"product photos": add_demo_product_images(session, rng, products)}
    curator = session.exec(select(User).where(User.email == content.STAFF["curator"]["email"])).one()
    counts.update(add_demo_certification(session, rng, maker_orgs, curator, products))
    buyers = list(session.exec(select(Organization).where(Organization.kind == OrganizationKind.buyer)
                               .order_by(Organization.id)))
    counts["RFQs"] = add_demo_rfqs(session, rng, buyers, products)
    counts["wholesale orders"] = add_demo_orders(session, rng, buyers, products)
    # Its own generator, so the steps after it (lists, matching, ...) draw what they drew before.
    counts.update(add_demo_shipping(session, random.Random("shipping")))
    buyer_owners = list(session.exec(
        select(User).join(Membership, Membership.user_id == User.id)
        .where(Membership.organization_id.in_([b.id for b in buyers])).order_by(User.id)))
    counts["saved lists"] = len(add_demo_lists(session, rng, buyer_owners, products))
    return counts


def add_clusters(session: Session) -> list:
    """Seoul's manufacturing clusters: the migrations already put them in every database; this adds any that
    are missing (a database built without them) and returns them all, in reference order."""
    from market.clusters import Cluster, cluster_row, reference_clusters

    rows = []
    for data in reference_clusters():
        row = session.get(Cluster, data["code"])
        if row is None:
            row = Cluster(**cluster_row(data))
            session.add(row)
        rows.append(row)
    session.flush()
    return rows


def _add_org(session: Session, owner_hash: str, kind: OrganizationKind, **fields) -> Organization:
    org = services.create_organization(session, None, kind=kind.value, **fields)
    owner = User(email=_owner_email(org.slug), display_name=f"{org.name} owner", password_hash=owner_hash,
                 session_nonce=secrets.token_hex(16), email_verified_at=utcnow())
    session.add(owner)
    session.flush()
    services.add_member(session, org, owner, MembershipRole.owner)
    return org
