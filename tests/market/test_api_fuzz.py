"""Every API operation, fed generated input from its own OpenAPI document (schemathesis, a bounded number of
examples per operation, signed in with a token), answers without a server error on each database, and every
answer conforms to the document: a documented status, the documented content type, a body of the documented
schema; and input the document calls valid is not refused as invalid."""

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    positive_data_acceptance,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.core.failures import FailureGroup
from schemathesis.openapi.checks import RejectedPositiveData

from tests.factories.db import prepare_postgres

# Rules no JSON schema can state, which the API answers with a 422 on the field: a body naming an object that
# does not exist (``*_id`` fields), dates relative to today, and fields compared with each other.
UNSTATABLE_FIELDS = {"deadline", "valid_until", "needed_by", "budget_max_krw", "wage_max_krw", "max_price", "trl_min",
                     "filters.trl_min", "start", "end"}


def _unstatable(failure, response) -> bool:
    """Whether a refusal of generated valid data is only about rules the schema cannot state."""
    if not isinstance(failure, RejectedPositiveData) or response.status_code != 422:
        return False
    fields = set(((response.json() or {}).get("error") or {}).get("fields") or {})
    return bool(fields) and all(f.endswith("_id") or f in UNSTATABLE_FIELDS for f in fields)


CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance,
          positive_data_acceptance]


def _add_objects(session, buyer) -> None:
    """Objects numbered 1 that the buyer may see, so answers with bodies are checked too: its organisation and
    matching profile, a maker (organisation 2) with its published product, and an RFQ on it with a message."""
    from catalog.makers.models import MakerProfile
    from catalog.products.models import ProductStatus
    from catalog.products.services import add_product
    from market.accounts.services import create_organization, register_user
    from market.db import utcnow
    from market.rfq.services import messages, sending
    from matching.services import profiles

    maker_user = register_user(session, "maker@example.com", "granite lantern harbour 43", "Fuzz Maker")
    maker = create_organization(session, maker_user, kind="maker", name="Fuzz Leather", country="KR",
                                cluster_code="seongsu")
    session.add(MakerProfile(organization_id=maker.id, published_at=utcnow()))
    product = add_product(session, maker, title={"en": "Card wallet"}, description={"en": "Full-grain leather."},
                          source_locale="en", status=ProductStatus.published, category="shoes", price_krw=45_000, moq=10,
                          unit="pair",
                          lead_time_days=14)
    rfq = sending.send_rfq(session, buyer, product_id=product.id, quantity=50,
                           message="Fifty card wallets in black full-grain leather, with our logo embossed.")
    messages.post_message(session, buyer, rfq.id, "Could you also send a photo of the stitching?")
    profiles.ensure_org_profile(session, buyer, 1)


def _check_objects(api, headers: dict, failures: dict[tuple[str, str], str]) -> dict[str, int]:
    """Read object 1 of every kind (what :func:`_add_objects` made, or nothing), check the answers and return
    their statuses by operation."""
    statuses = {}
    for result in api.get_all_operations():
        operation = result.ok()
        params = [p for p in operation.definition.raw.get("parameters", []) if p["in"] == "path"]
        if operation.method.upper() != "GET" or not params or any(p["schema"]["type"] != "integer" for p in params):
            continue
        case = operation.Case(path_parameters={p["name"]: 1 for p in params})
        response = case.call(headers=headers)
        statuses[operation.label] = response.status_code
        try:
            case.validate_response(response, checks=CHECKS, headers=headers)
        except FailureGroup as group:
            for failure in group.exceptions:
                failures.setdefault((operation.label + " (object 1)", failure.title),
                                    f"{response.status_code} {failure.message[:200]} | {response.text[:300]}")
    return statuses


@pytest.fixture(scope="module")
def fuzz_app(backend, tmp_path_factory):
    """An app on an empty migrated database of its own, with a buyer whose API token signs the requests."""
    from market.accounts.models import User
    from market.accounts.services import create_api_token, create_organization, register_user
    from market.app import create_app
    from market.db import get_database, session_scope
    from market.migrate import upgrade

    schema_name = f"fuzz_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"
    url = (f"sqlite:///{tmp_path_factory.mktemp('fuzz') / 'fuzz.db'}" if backend == "sqlite"
           else prepare_postgres(schema_name))
    app = create_app({"TESTING": True, "DATABASE_URL": url})
    engine = get_database(app).engine
    with engine.begin() as conn:
        upgrade(connection=conn)
    with app.app_context(), session_scope(app) as session:
        user = register_user(session, "fuzz@example.com", "granite lantern harbour 42", "Fuzz Buyer")
        create_organization(session, user, kind="buyer", name="Fuzz Select", country="JP", source_locale="en")
        app.config["FUZZ_TOKEN"] = create_api_token(session, user, "fuzz")[1]
    with app.test_request_context(), session_scope(app) as session:  # notifications link to pages
        _add_objects(session, session.get(User, 1))
    yield app
    engine.dispose()
    if backend != "sqlite":
        prepare_postgres(schema_name)


def _exercise(operation, headers: dict, failures: dict[tuple[str, str], str]) -> None:
    """Call one operation with a bounded number of generated cases and record how its answers fail the checks."""
    # Uploaded files are checked by their content (a real 3D model, image or CSV), which no schema can say:
    # generated bytes are refused (422), so acceptance of valid data is not asked of file uploads.
    uploads = "multipart/form-data" in ((operation.definition.raw.get("requestBody") or {}).get("content") or {})
    checks = [check for check in CHECKS if not (uploads and check is positive_data_acceptance)]

    @given(case=operation.as_strategy())
    @settings(max_examples=4, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    def call(case):
        response = case.call(headers=headers)
        try:
            case.validate_response(response, checks=checks, headers=headers)
        except FailureGroup as group:
            for failure in group.exceptions:
                if not _unstatable(failure, response):
                    failures.setdefault((operation.label, failure.title),
                                        f"{response.status_code} {failure.message[:200]} | {response.text[:300]}")

    call()


def test_every_operation_answers_as_documented(fuzz_app):
    """Generated bodies, queries and ids (bounds, huge numbers, odd text) never get a 500 on any operation, and
    every answer has a documented status, content type and body shape; valid input is never refused as invalid."""
    api = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", fuzz_app)
    # Text with NUL characters is refused with a 422 on its field everywhere (the document says so once, in its
    # description; tests/market/test_bounds.py checks it): generated "valid" text leaves them out.
    api.config.generation.update(allow_x00=False)
    headers = {"Authorization": f"Bearer {fuzz_app.config['FUZZ_TOKEN']}"}
    failures: dict[tuple[str, str], str] = {}
    operations = [result.ok() for result in api.get_all_operations()]
    assert len(operations) > 60  # every documented operation is exercised
    for operation in operations:
        _exercise(operation, headers, failures)
    read = _check_objects(api, headers, failures)
    assert [read[f"GET /api/v1/{path}/{{{name}}}"] for path, name in [
        ("organizations", "org_id"), ("products", "product_id"), ("rfqs", "rfq_id"),
        ("matching/profiles", "profile_id")]] == [200] * 4
    assert not failures, "\n\n".join(f"{label}: {title}: {detail}"
                                      for (label, title), detail in sorted(failures.items()))
