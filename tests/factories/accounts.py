"""Users, organisations and signed-in parties: fixtures every test directory may use (the root conftest loads
this module as a plugin). Users get :data:`tests.helpers.DEFAULT_PASSWORD`."""

from __future__ import annotations

import itertools

import pytest

from tests.factories.clients import Party, isolated_client
from tests.helpers import DEFAULT_PASSWORD, sign_in

_counter = itertools.count(1)


@pytest.fixture(scope="session")
def default_password_hash() -> str:
    from market.accounts.services import hash_password

    return hash_password(DEFAULT_PASSWORD)


@pytest.fixture
def clusters(db_session):
    """The real clusters, as the demo creates them."""
    from market.demo.build import add_clusters

    rows = add_clusters(db_session)
    db_session.commit()
    return rows


@pytest.fixture
def make_user(db_session, default_password_hash):
    """Create a user: ``make_user(email=None, role="member", verified=True)``; password is DEFAULT_PASSWORD."""
    import secrets

    from market.accounts.models import User, UserRole
    from market.db import utcnow

    def _make(email: str | None = None, role: str = "member", verified: bool = True, name: str = "Test User"):
        user = User(email=email or f"user{next(_counter)}@example.com", display_name=name,
                    password_hash=default_password_hash, role=UserRole(role),
                    session_nonce=secrets.token_hex(16), email_verified_at=utcnow() if verified else None)
        db_session.add(user)
        db_session.commit()
        return user

    return _make


@pytest.fixture
def make_org(db_session, clusters):
    """Create an organisation owned by ``owner``: ``make_org(owner, kind="maker", **fields)``."""
    from market.accounts import services

    def _make(owner=None, kind: str = "maker", name: str | None = None, country: str = "KR", **fields):
        if kind == "maker":
            fields.setdefault("cluster_code", "mullae")
        org = services.create_organization(db_session, owner, name=name or f"Org {next(_counter)}",
                                           kind=kind, country=country, **fields)
        db_session.commit()
        return org

    return _make


@pytest.fixture
def signed_in(app, make_user, make_org):
    """A client signed in as the owner of a new organisation of ``kind``: returns (client, user, org)."""

    def _make(kind: str = "maker", role: str = "member", **org_fields):
        user = make_user(role=role)
        org = make_org(user, kind=kind, **org_fields)
        client = app.test_client()
        sign_in(client, user)
        return client, user, org

    return _make


@pytest.fixture
def make_party(app, make_user, make_org):
    """A person owning a new organisation, signed in on an :class:`~tests.factories.clients.IsolatedClient`:
    ``make_party(person, kind, org_name, **org_fields)`` → :class:`~tests.factories.clients.Party`."""

    def _make(person: str, kind: str, org_name: str, **org_fields) -> Party:
        user = make_user(name=person)
        org = make_org(user, kind=kind, name=org_name, **org_fields)
        return Party(isolated_client(app, user), user, org)

    return _make
