"""Fixtures of the co-brand tests: a maker with products and a signed-in owner, a signed-in curator, and
submitting an application (with real PDF evidence) through the services."""

from __future__ import annotations

import types

import pytest

from tests.factories.certification import GOLD_ANSWERS, evidence_pdf
from tests.helpers import sign_in


@pytest.fixture
def make_workshop(app, db_session, make_user, make_org):
    """A maker owned by a signed-in user, with published products: ``make_workshop(name, products=2)``."""
    from catalog.products.models import ProductStatus
    from catalog.products.services import add_product

    def _make(name: str = "Saesol Shoes", products: int = 2, cluster_code: str = "seongsu"):
        owner = make_user(name=f"{name} owner")
        org = make_org(owner, kind="maker", name=name, name_ko="새솔 수제화", cluster_code=cluster_code,
                       founded_year=2008)
        items = [add_product(db_session, org, status=ProductStatus.published, category="shoes",
                             price_krw=200_000 + i, title={"ko": f"{name} 부츠 {i}", "en": f"{name} boots {i}"},
                             description={"ko": "성수동에서 만든 부츠."}) for i in range(products)]
        db_session.commit()
        client = app.test_client()
        sign_in(client, owner)
        return types.SimpleNamespace(client=client, owner=owner, org=org, products=items)

    return _make


@pytest.fixture
def workshop(make_workshop):
    """A Seongsu shoemaker with two published products and its signed-in owner."""
    return make_workshop()


@pytest.fixture
def curator(app, make_user):
    """A signed-in curator."""
    user = make_user(role="curator", name="Curator Han")
    client = app.test_client()
    sign_in(client, user)
    return types.SimpleNamespace(client=client, user=user)


@pytest.fixture
def submitted(db_session, app):
    """Submit an application through the services: ``submitted(workshop, answers=GOLD_ANSWERS, products=None)``."""
    from catalog.certification import services
    from market.storage import get_storage

    def _submit(ws, answers=None, products=None, evidence=("quality", "origin")):
        application = services.start_application(db_session, ws.owner, ws.org.id)
        chosen = [p.id for p in ws.products] if products is None else products
        services.save_answers(db_session, ws.owner, application.id, dict(answers or GOLD_ANSWERS), chosen)
        for kind in evidence:
            services.add_evidence(db_session, ws.owner, application.id, kind, evidence_pdf(kind), f"{kind}.pdf",
                                  get_storage())
        services.submit_application(db_session, ws.owner, application.id)
        db_session.commit()
        return application

    return _submit

