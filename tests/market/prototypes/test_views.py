"""Prototype pages: the board with filters, the request form with files, the request page for each role (NDA,
files, bids side by side, award), the commission page (fund link, deliver, approve, reject, rate), lists, the
ratings page and the block on the maker's profile."""

import datetime as dt
import io
import re

import pytest
from sqlmodel import select

from market.prototypes.models import Commission, Milestone, PrototypeBid, PrototypeFile, PrototypeRequest
from market.prototypes.services.bids import submit_bid
from market.prototypes.services.milestones import approve_milestone, deliver_milestone
from market.prototypes.services.nda import accept_nda
from tests.factories.db import count
from tests.factories.files import image_bytes, pdf_bytes
from tests.factories.prototypes import fund, milestones_of
from tests.helpers import csrf_token


def _token(party, url="/en/prototypes/") -> str:
    return csrf_token(party.client, url)


def test_board_lists_open_requests_with_filters(client, posted, startup):
    """Anyone browses the board; filters narrow it; an unknown date answers 422."""
    page = client.get("/en/prototypes/")
    assert page.status_code == 200 and "Cargo-bike frame bracket" in page.get_data(as_text=True)
    assert "Cargo-bike frame bracket" not in client.get("/en/prototypes/?category=leather").get_data(as_text=True)
    assert "Cargo-bike frame bracket" in client.get("/en/prototypes/?cluster=mullae&nda=yes").get_data(as_text=True)
    assert client.get("/en/prototypes/?deadline_before=someday").status_code == 422
    assert 'href="/en/prototypes/"' in client.get("/en/").get_data(as_text=True)  # the nav link


def test_post_a_request_with_a_drawing(startup, db_session, app):
    """A startup posts the form with a PDF drawing and lands on its request page."""
    data = {"csrf_token": _token(startup, "/en/prototypes/new"), "title": "Leather camera strap",
            "description": "Vegetable-tanned strap, 120 cm, brass hardware.", "locale": "en",
            "category": "leather", "cluster_code": "seongsu", "quantity": "20", "materials-other": "leather, brass",
            "budget_min_krw": "300000", "budget_max_krw": "600000",
            "deadline": (dt.date.today() + dt.timedelta(days=10)).isoformat(), "nda_required": "y",
            "files": [(io.BytesIO(pdf_bytes()), "strap.pdf")]}
    response = startup.client.post("/en/prototypes/new", data=data, content_type="multipart/form-data")
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    req = db_session.exec(select(PrototypeRequest)).one()
    assert (req.category, req.materials, req.nda_required, req.cluster_code) == ("leather", ["leather", "machine_metal.brass"],
                                                                                 True, "seongsu")
    assert response.headers["Location"].endswith(f"/en/prototypes/{req.id}")
    page = startup.client.get(f"/en/prototypes/{req.id}").get_data(as_text=True)
    assert "strap.pdf" in page and 'id="suggestions"' in page and 'id="translation-form"' in page


def test_post_form_shows_field_errors(startup, db_session):
    """Bad fields come back with messages and 422; nothing is stored; non-startups get 403."""
    data = {"csrf_token": _token(startup, "/en/prototypes/new"), "title": "X", "description": "Y", "locale": "en",
            "category": "machine_metal", "quantity": "5", "budget_min_krw": "900", "budget_max_krw": "100",
            "deadline": (dt.date.today() + dt.timedelta(days=10)).isoformat(),
            "files": [(io.BytesIO(b"not a drawing"), "drawing.pdf")]}
    response = startup.client.post("/en/prototypes/new", data=data, content_type="multipart/form-data")
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "The maximum budget must be at least the minimum." in html
    assert "drawing.pdf" in html and count(db_session, PrototypeRequest) == 0


def test_non_startups_cannot_post(maker):
    """A maker sees why it cannot post, with 403."""
    assert maker.client.get("/en/prototypes/new").status_code == 403


def test_nda_gates_the_files_on_the_page(posted, maker, db_session, client):
    """Before the NDA a maker sees no file link and gets 404 on the file URL; after accepting, it downloads."""
    drawing = db_session.exec(select(PrototypeFile)).one()
    url = f"/en/prototypes/{posted.id}/files/{drawing.id}"
    page = maker.client.get(f"/en/prototypes/{posted.id}").get_data(as_text=True)
    assert 'id="nda-form"' in page and url not in page and 'id="files-locked"' in page
    assert maker.client.get(url).status_code == 404
    assert client.get(url).status_code == 302  # visitors are sent to sign in
    accepted = maker.client.post(f"/en/prototypes/{posted.id}/nda",
                                 data={"csrf_token": _token(maker, f"/en/prototypes/{posted.id}")})
    assert accepted.status_code == 302
    page = maker.client.get(f"/en/prototypes/{posted.id}").get_data(as_text=True)
    assert url in page and 'id="bid-form"' in page
    from market.storage import get_storage

    download = maker.client.get(url)
    assert download.status_code == 200 and download.data == get_storage().read(drawing.storage_key)
    assert download.data.startswith(b"%PDF-")
    assert download.headers["Cache-Control"].startswith("private")


def test_bid_form_milestones_must_add_up(posted, maker, db_session):
    """The bid form refuses milestones that do not add up to the price, with the message, and accepts a plan
    that does."""
    accept_nda(db_session, maker.user, posted.id)
    db_session.commit()
    url = f"/en/prototypes/{posted.id}"
    data = {"csrf_token": _token(maker, url), "price_krw": "1200000", "lead_time_days": "20", "notes": "TIG",
            "milestones-0-title": "Design review", "milestones-0-amount_krw": "200000",
            "milestones-1-title": "Final batch", "milestones-1-amount_krw": "900000"}
    refused = maker.client.post(f"{url}/bids", data=data)
    assert refused.status_code == 422 and "must be equal" in refused.get_data(as_text=True)
    data["milestones-1-amount_krw"] = "1000000"
    assert maker.client.post(f"{url}/bids", data=data).status_code == 302
    bid = db_session.exec(select(PrototypeBid)).one()
    assert bid.milestones == [{"title": "Design review", "amount_krw": 200_000},
                              {"title": "Final batch", "amount_krw": 1_000_000}]


def test_startup_compares_and_awards(posted, startup, maker, other_maker, bid, db_session):
    """The startup sees the bids side by side and awards one; the page moves to the commission."""
    accept_nda(db_session, other_maker.user, posted.id)
    submit_bid(db_session, other_maker.user, posted.id, price_krw=1_500_000, lead_time_days=12,
               milestones=[{"title": "All", "amount_krw": 1_500_000}])
    db_session.commit()
    url = f"/en/prototypes/{posted.id}"
    page = startup.client.get(url).get_data(as_text=True)
    assert 'class="table bid-comparison"' in page and page.count('class="award-form"') == 2
    assert "Mullae Precision" in page and "Yujin Tech" in page and "lowest" in page
    assert maker.client.post(f"/en/prototypes/bids/{bid.id}/award",
                             data={"csrf_token": _token(maker, url)}).status_code == 403
    awarded = startup.client.post(f"/en/prototypes/bids/{bid.id}/award", data={"csrf_token": _token(startup, url)})
    commission = db_session.exec(select(Commission)).one()
    assert awarded.headers["Location"].endswith(f"/en/prototypes/commissions/{commission.id}")


def test_commission_page_milestone_steps(startup, maker, commission, db_session, app):
    """The startup funds each milestone at the payments checkout; the maker delivers photos; the startup
    approves or sends back; each side rates at the end."""
    url = f"/en/prototypes/commissions/{commission.id}"
    page = startup.client.get(url).get_data(as_text=True)
    first, second, third = milestones_of(db_session, commission)
    assert f'class="button fund-link" href="/en/pay/milestone/{first.id}"' in page
    assert "fund-link" not in maker.client.get(url).get_data(as_text=True)
    fund(db_session, first)
    page = maker.client.get(url).get_data(as_text=True)
    assert 'class="deliver-form"' in page
    delivered = maker.client.post(f"/en/prototypes/milestones/{first.id}/deliver",
                                  data={"csrf_token": _token(maker, url), "note": "Drawings reviewed.",
                                        "files": [(io.BytesIO(image_bytes("JPEG")), "review.jpg")]},
                                  content_type="multipart/form-data")
    assert delivered.status_code == 302
    page = startup.client.get(url).get_data(as_text=True)
    assert 'class="approve-form"' in page and "review.jpg" in page
    photo = re.search(r'href="(/en/prototypes/commissions/\d+/files/\d+)"', page).group(1)
    assert startup.client.get(photo).status_code == 200
    assert maker.client.post(f"/en/prototypes/milestones/{first.id}/approve",
                             data={"csrf_token": _token(maker, url)}).status_code == 403
    sent_back = startup.client.post(f"/en/prototypes/milestones/{first.id}/reject",
                                    data={"csrf_token": _token(startup, url), "comment": "Add tolerances."})
    assert sent_back.status_code == 302 and db_session.get(Milestone, first.id).status == "rejected"
    maker.client.post(f"/en/prototypes/milestones/{first.id}/deliver",
                      data={"csrf_token": _token(maker, url), "note": "Tolerances added."},
                      content_type="multipart/form-data")
    startup.client.post(f"/en/prototypes/milestones/{first.id}/approve", data={"csrf_token": _token(startup, url)})
    again = startup.client.post(f"/en/prototypes/milestones/{first.id}/approve",
                                data={"csrf_token": _token(startup, url)}, follow_redirects=True)
    assert "already approved" in again.get_data(as_text=True)
    for milestone in (second, third):
        fund(db_session, milestone)
        deliver_milestone(db_session, maker.user, milestone.id, "Done.")
        approve_milestone(db_session, startup.user, milestone.id)
    db_session.commit()
    page = maker.client.get(url).get_data(as_text=True)
    assert 'id="rating-form"' in page
    rated = maker.client.post(f"/en/prototypes/commissions/{commission.id}/rate",
                              data={"csrf_token": _token(maker, url), "score": "4", "comment": "Clear brief."})
    assert rated.status_code == 302
    startup.client.post(f"/en/prototypes/commissions/{commission.id}/rate",
                        data={"csrf_token": _token(startup, url), "score": "5", "comment": "Superb welds."})
    ratings = startup.client.get(f"/en/prototypes/ratings/{maker.org.id}").get_data(as_text=True)
    assert "Superb welds." in ratings and "5.0" in ratings


def test_outsiders_get_404(commission, other_maker, buyer, posted):
    """The commission and the awarded request are not shown to outsiders."""
    assert other_maker.client.get(f"/en/prototypes/commissions/{commission.id}").status_code == 404
    assert buyer.client.get(f"/en/prototypes/{posted.id}").status_code == 404


def test_lists_for_each_side(startup, maker, commission, posted):
    """The startup's requests, the maker's bids and both sides' commissions."""
    assert "Cargo-bike frame bracket" in startup.client.get("/en/prototypes/mine").get_data(as_text=True)
    bids = maker.client.get("/en/prototypes/bids").get_data(as_text=True)
    assert "Cargo-bike frame bracket" in bids and f"/en/prototypes/commissions/{commission.id}" in bids
    for party in (startup, maker):
        assert f"#{commission.id}" in party.client.get("/en/prototypes/commissions/").get_data(as_text=True)


@pytest.mark.parametrize("lang", ["ko", "ja", "zh_Hans", "vi"])
def test_pages_render_in_every_language(client, posted, lang):
    """The board and a request page render in each UI language."""
    from i18n.locales import url_segment

    assert client.get(f"/{url_segment(lang)}/prototypes/").status_code == 200
    assert client.get(f"/{url_segment(lang)}/prototypes/{posted.id}").status_code == 200


def test_maker_profile_shows_the_ratings_block(client, db_session, maker, startup, commission, app):
    """The maker's public page shows its prototype rating and links to the ratings."""
    from catalog.makers.models import MakerProfile
    from market.db import utcnow
    from market.prototypes.models import Rating

    db_session.add(MakerProfile(organization_id=maker.org.id, published_at=utcnow()))
    db_session.commit()
    page = client.get(f"/en/makers/{maker.org.slug}").get_data(as_text=True)
    assert f'href="/en/prototypes/ratings/{maker.org.id}"' in page and "No ratings yet" in page
    db_session.add(Rating(commission_id=commission.id, rater_org_id=startup.org.id, ratee_org_id=maker.org.id,
                          side="startup", score=4, comment="Good."))
    db_session.commit()
    page = client.get(f"/en/makers/{maker.org.slug}").get_data(as_text=True)
    assert "4.0 of 5 from 1 rating" in page
