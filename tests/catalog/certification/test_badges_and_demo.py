"""Badges other pages show (maker, product, "certified only"), and the co-brand demo data."""

import random

from sqlmodel import func, select

from catalog.certification import services
from catalog.certification.demo import add_demo_certification
from catalog.certification.models import ApplicationStatus, Certificate, CertificationApplication
from catalog.products.models import Product


def test_badges_follow_the_newest_valid_certificate(db_session, workshop, curator, submitted):
    """Badges name the tier and code of the newest valid certificate and cover only certified products."""
    first, second = workshop.products
    assert services.maker_badge(db_session, workshop.org.id) is None
    application = submitted(workshop, products=[first.id])
    certificate = services.approve_application(db_session, curator.user, application.id)
    db_session.commit()
    badge = services.maker_badge(db_session, workshop.org.id)
    assert badge == {"tier": "gold", "code": certificate.code, "status": "valid",
                     "expires_on": certificate.expires_on, "url": f"/verify/{certificate.code}"}
    assert services.product_badges(db_session, [first.id, second.id]) == {first.id: badge}
    assert services.product_badges(db_session, []) == {}
    ids = list(db_session.exec(select(Product.id).where(Product.id.in_(services.certified_products_query()))))
    assert ids == [first.id]
    assert services.certified_maker_ids(db_session) == {workshop.org.id}


def test_tier_names_and_badge_macro_render(app, db_session, workshop, curator, submitted):
    """The badge macro links to the verify page with the translated tier name."""
    application = submitted(workshop)
    certificate = services.approve_application(db_session, curator.user, application.id)
    db_session.commit()
    badge = services.maker_badge(db_session, workshop.org.id)
    with app.test_request_context("/ja/"):
        from flask import g, render_template_string

        g.locale = "ja"
        html = render_template_string('{% from "catalog/certification/_badge.html" import cobrand_badge %}'
                                      "{{ cobrand_badge(badge) }}", badge=badge)
    assert f"/ja/verify/{certificate.code}" in html and "seal-gold" in html


def test_demo_certifies_makers_and_fills_the_queue(app, db_session, make_workshop, curator):
    """The demo certifies makers in several tiers, leaves applications waiting, rejects one and revokes one."""
    shops = [make_workshop(f"Workshop {i}", products=2) for i in range(10)]
    products = list(db_session.exec(select(Product)))
    counts = add_demo_certification(db_session, random.Random(3), [s.org for s in shops], curator.user, products)
    db_session.commit()
    certificates = db_session.exec(select(Certificate)).all()
    assert counts["co-brand certificates"] == len(certificates) == 4
    statuses = [services.certificate_status(c).value for c in certificates]
    assert statuses.count("revoked") == 1 and statuses.count("expired") == 1
    assert len(services.review_queue(db_session)) == counts["co-brand applications waiting"] == 4
    rejected = db_session.exec(select(func.count()).select_from(CertificationApplication).where(
        CertificationApplication.status == ApplicationStatus.rejected)).one()
    assert rejected == 1
    assert all(services.validity_end(c.issued_on) == c.expires_on for c in certificates)
