"""What other features compute, shown on the maker page and in the API: the RFQ response rate and median
response time, and the co-brand badge of a valid certificate."""

import datetime as dt

from catalog.certification.models import ApplicationStatus, Certificate, CertificationApplication
from market.db import utcnow
from market.rfq.models import Rfq


def test_response_figures_from_rfqs(client, db_session, make_org, shoemaker):
    """A maker that answered one of two requests in five hours shows 50% and five hours."""
    org, _owner = shoemaker
    buyer = make_org(kind="buyer", name="Kobe Leather Select", country="JP")
    now = utcnow()
    answered = now - dt.timedelta(days=10)
    db_session.add(Rfq(buyer_org_id=buyer.id, maker_org_id=org.id, quantity=50, message="Boots, please.",
                       created_at=answered, first_response_at=answered + dt.timedelta(hours=5)))
    db_session.add(Rfq(buyer_org_id=buyer.id, maker_org_id=org.id, quantity=20, message="Loafers?",
                       created_at=now - dt.timedelta(days=5)))
    db_session.commit()
    html = client.get(f"/en/makers/{org.slug}").get_data(as_text=True)
    assert "50%" in html and "2 requests" in html and "5 hours" in html and "No requests yet" not in html
    body = client.get(f"/api/v1/makers/{org.slug}").json
    assert body["response"] == {"requests": 2, "response_rate": 0.5, "median_response_hours": 5.0}


def test_cobrand_badge_of_a_valid_certificate(client, db_session, shoemaker):
    """A maker holding a valid gold certificate shows the badge with a link to the verify page."""
    org, _owner = shoemaker
    application = CertificationApplication(organization_id=org.id, status=ApplicationStatus.approved, score=90,
                                           tier="gold")
    db_session.add(application)
    db_session.flush()
    today = dt.date.today()
    db_session.add(Certificate(code="MIS-2026-000042", year=2026, sequence=42, organization_id=org.id,
                               application_id=application.id, tier="gold", score=90, issued_on=today,
                               expires_on=today + dt.timedelta(days=730)))
    db_session.commit()
    html = client.get(f"/en/makers/{org.slug}").get_data(as_text=True)
    assert "Made in Seoul co-brand: Gold" in html
    assert '<a href="/verify/MIS-2026-000042">Certificate MIS-2026-000042</a>' in html
    badge = client.get(f"/api/v1/makers/{org.slug}").json["badge"]
    assert badge["tier"] == "gold" and badge["code"] == "MIS-2026-000042" and badge["url"] == "/verify/MIS-2026-000042"
