"""Job posts: a wage range is required, JobPosting markup, expiry and the board's filters."""

from __future__ import annotations

import datetime as dt

import pytest

from market.careers.models import JobPost
from market.careers.services import posts
from market.careers.services.common import CareersError
from market.refusals import Refusal
from tests.factories.people import make_post, post_fields


def _count(db_session) -> int:
    from sqlmodel import func, select

    return db_session.exec(select(func.count()).select_from(JobPost)).one()


@pytest.mark.parametrize("wage, field", [
    ({"wage_type": None}, "wage_type"),
    ({"wage_min_krw": None}, "wage_min_krw"),
    ({"wage_max_krw": None}, "wage_max_krw"),
    ({"wage_min_krw": 3_000_000, "wage_max_krw": 2_000_000}, "wage_max_krw"),
    ({"wage_min_krw": 0}, "wage_min_krw"),
])
def test_a_post_without_a_proper_wage_is_refused_and_nothing_is_stored(app, db_session, make_user, make_org, wage,
                                                                       field):
    """A post without pay, or with a minimum above the maximum, is refused on the field and nothing is stored."""
    owner = make_user()
    org = make_org(owner, cluster_code="seongsu")
    before = _count(db_session)
    with pytest.raises(CareersError) as refused:
        posts.create_post(db_session, owner, org_id=org.id, **post_fields(**wage))
    assert field in refused.value.fields
    db_session.rollback()
    assert _count(db_session) == before


def test_only_members_post_for_their_workshop(app, db_session, make_user, make_org):
    """Someone outside the workshop cannot post its jobs (403)."""
    org = make_org(make_user(), cluster_code="seongsu")
    with pytest.raises(Refusal) as refused:
        posts.create_post(db_session, make_user(), org_id=org.id, **post_fields())
    assert refused.value.status == 403


def test_a_past_deadline_and_unknown_trade_are_refused(app, db_session, make_user, make_org):
    """A deadline in the past and a trade outside the five are refused on their fields."""
    owner = make_user()
    org = make_org(owner)
    with pytest.raises(CareersError) as refused:
        posts.create_post(db_session, owner, org_id=org.id,
                          **post_fields(deadline=dt.date.today() - dt.timedelta(days=1)))
    assert "deadline" in refused.value.fields
    with pytest.raises(CareersError) as refused:
        posts.create_post(db_session, owner, org_id=org.id, **post_fields(trade="astronaut"))
    assert "trade" in refused.value.fields


def test_the_board_lists_open_posts_and_hides_expired_and_closed(app, db_session, make_user, make_org):
    """Open posts show on the board; a closed one and one past its deadline do not, and the expired one says so."""
    owner = make_user()
    org = make_org(owner, cluster_code="seongsu")
    open_post = make_post(db_session, owner, org)
    closed = make_post(db_session, owner, org, title="Closed one")
    posts.close_post(db_session, owner, closed.id)
    expired = make_post(db_session, owner, org, title="Old one")
    expired.deadline = dt.date.today() - dt.timedelta(days=2)
    db_session.add(expired)
    db_session.commit()
    rows, total = posts.list_open_posts(db_session, posts.PostFilters(trade="shoes"), "en")
    ids = {r.post.id for r in rows}
    assert open_post.id in ids and closed.id not in ids and expired.id not in ids
    assert posts.PostRow(expired, org, None).state == "expired"
    rows, _total = posts.list_open_posts(db_session, posts.PostFilters(trade="jewelry"), "en")
    assert open_post.id not in {r.post.id for r in rows}


def test_the_job_page_carries_jobposting_markup_with_the_wage(app, db_session, client, make_user, make_org):
    """The post's page has Google's JobPosting JSON-LD with the salary range in won and the workshop."""
    import json
    import re

    owner = make_user()
    org = make_org(owner, name="Seongsu Lasts", cluster_code="seongsu")
    post = make_post(db_session, owner, org)
    html = client.get(f"/en/jobs/{post.id}").get_data(as_text=True)
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["@type"] == "JobPosting"
    assert data["baseSalary"]["value"]["minValue"] == 2_200_000
    assert data["baseSalary"]["value"]["maxValue"] == 2_600_000
    assert data["baseSalary"]["value"]["unitText"] == "MONTH"
    assert data["hiringOrganization"]["name"] == "Seongsu Lasts"
    assert data["validThrough"].startswith(post.deadline.isoformat())


def test_the_post_form_shows_the_wage_refusal_on_its_field(app, db_session, make_user, make_org):
    """Posting the form with the minimum above the maximum re-renders it (422) with the field marked."""
    from tests.factories.clients import isolated_client
    from tests.helpers import csrf_token

    owner = make_user()
    org = make_org(owner, cluster_code="seongsu")
    client = isolated_client(app, owner)
    token = csrf_token(client, "/en/jobs/new")
    before = _count(db_session)
    data = {k: str(v) for k, v in post_fields(wage_min_krw=3_000_000, wage_max_krw=1_000_000).items()}
    data.update(csrf_token=token, org_id=str(org.id), training="y", social_insurance="y")
    response = client.post("/en/jobs/new", data=data)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "The minimum wage is above the maximum." in html
    assert 'id="wage_max_krw-error"' in html
    assert _count(db_session) == before


def test_posts_are_translatable(app, db_session, make_user, make_org):
    """A member adds a Korean title; a Korean reader gets it, a Japanese reader the English fallback."""
    owner = make_user()
    org = make_org(owner)
    post = make_post(db_session, owner, org)
    posts.set_post_translation(db_session, owner, post.id, "ko", "견습 제화공", "수제화 기술을 배웁니다.")
    assert posts.post_texts(db_session, post, "ko")["title"].text == "견습 제화공"
    title = posts.post_texts(db_session, post, "ja")["title"]
    assert title.text == "Apprentice shoemaker" and title.is_fallback


def test_the_post_form_stores_workshop_photos_cleaned(app, db_session, make_user, make_org):
    """A job posted with a photo keeps it (re-encoded, public) and shows it on the post's page."""
    import io

    from sqlmodel import select

    from tests.factories.clients import isolated_client
    from tests.factories.files import jpeg_bytes
    from tests.helpers import csrf_token

    owner = make_user()
    org = make_org(owner, cluster_code="seongsu")
    client = isolated_client(app, owner)
    token = csrf_token(client, "/en/jobs/new")
    data = {k: str(v) for k, v in post_fields().items()}
    data.update(csrf_token=token, org_id=str(org.id), training="y", social_insurance="y",
                photos=(io.BytesIO(jpeg_bytes()), "workshop.jpg"))
    response = client.post("/en/jobs/new", data=data, content_type="multipart/form-data")
    assert response.status_code == 302
    post = db_session.exec(select(JobPost).where(JobPost.org_id == org.id)).one()
    assert len(post.photo_keys) == 1 and post.photo_keys[0].endswith(".webp")
    page = client.get(f"/en/jobs/{post.id}").get_data(as_text=True)
    assert post.photo_keys[0].split("/", 1)[1] in page
