"""Ratings are given on purpose: no score is chosen in advance, a low score needs a comment, a rating can be
changed for a week and then stands, and the page says who rated whom."""

import datetime as dt
import re

import pytest
from sqlmodel import select

from market.prototypes.models import CommissionEvent, Rating
from market.prototypes.services.milestones import approve_milestone, deliver_milestone
from market.prototypes.services.ratings import EDIT_DAYS, rate_commission
from market.refusals import Refusal
from tests.factories.db import count
from tests.factories.prototypes import fund, milestones_of
from tests.helpers import csrf_token


@pytest.fixture
def completed(db_session, startup, maker, commission):
    """The commission with every milestone funded, delivered and approved."""
    for milestone in milestones_of(db_session, commission):
        fund(db_session, milestone)
        deliver_milestone(db_session, maker.user, milestone.id, "Done.")
        approve_milestone(db_session, startup.user, milestone.id)
    db_session.commit()
    return commission


def test_a_score_must_be_chosen(db_session, startup, completed):
    """Without a score nothing is recorded (422 on ``score``)."""
    for missing in (None, "", "  "):
        with pytest.raises(Refusal) as refused:
            rate_commission(db_session, startup.user, completed.id, missing, "Fine.")
        assert refused.value.status == 422 and "score" in refused.value.fields
    assert count(db_session, Rating) == 0


def test_a_low_score_needs_a_comment(db_session, startup, maker, completed):
    """One or two stars without a comment are refused on ``comment``; with one they are recorded."""
    with pytest.raises(Refusal) as refused:
        rate_commission(db_session, startup.user, completed.id, 2, " ")
    assert "comment" in refused.value.fields
    rate_commission(db_session, startup.user, completed.id, 2, "Late and the holes were off.")
    rate_commission(db_session, maker.user, completed.id, 3)  # three stars need no comment
    assert count(db_session, Rating) == 2


def test_a_rating_can_be_changed_for_a_week(db_session, startup, maker, completed):
    """The same side rating again within seven days changes its rating (on the timeline); later it stands."""
    rating = rate_commission(db_session, startup.user, completed.id, 3, "OK.")
    changed = rate_commission(db_session, startup.user, completed.id, 5, "Better after the fix.")
    assert changed.id == rating.id and (changed.score, changed.comment) == (5, "Better after the fix.")
    assert changed.updated_at is not None and count(db_session, Rating) == 1
    kinds = list(db_session.exec(select(CommissionEvent.kind).where(CommissionEvent.commission_id == completed.id)))
    assert kinds.count("rated") == 1 and kinds.count("rating_edited") == 1
    rating.created_at = rating.created_at - dt.timedelta(days=EDIT_DAYS, minutes=1)
    db_session.add(rating)
    db_session.commit()
    with pytest.raises(Refusal) as final:
        rate_commission(db_session, startup.user, completed.id, 1, "Changed my mind.")
    assert final.value.code == "rating_final" and final.value.status == 409
    assert db_session.get(Rating, rating.id).score == 5


def test_the_form_has_no_preselected_score(startup, completed):
    """The rating form offers five radio buttons, none checked; sending it without one marks the score."""
    url = f"/en/prototypes/commissions/{completed.id}"
    page = startup.client.get(url).get_data(as_text=True)
    form = page[page.index('id="rating-form"'):]
    form = form[:form.index("</form>")]
    assert form.count('type="radio"') == 5 and "checked" not in form
    refused = startup.client.post(f"{url}/rate", data={"csrf_token": csrf_token(startup.client, url),
                                                       "comment": "Great."})
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422 and "Choose a score from 1 to 5 stars." in html
    assert '<fieldset class="field star-choice has-error" id="score" aria-invalid="true"' in html
    assert 'href="#score"' in html


def test_the_page_says_who_rated_whom(db_session, startup, maker, completed):
    """Each rating reads "<rater> rated <ratee> ★★★★☆", on the commission and on the ratings page."""
    rate_commission(db_session, startup.user, completed.id, 4, "Precise.")
    rate_commission(db_session, maker.user, completed.id, 5, "Clear brief.")
    db_session.commit()
    page = maker.client.get(f"/en/prototypes/commissions/{completed.id}").get_data(as_text=True)
    assert re.search(r"Mapo Bike Works rated Mullae Precision\s*<span[^>]*>★★★★☆</span>", page)
    assert re.search(r"Mullae Precision rated Mapo Bike Works\s*<span[^>]*>★★★★★</span>", page)
    ratings = maker.client.get(f"/en/prototypes/ratings/{maker.org.id}").get_data(as_text=True)
    assert "Mapo Bike Works rated Mullae Precision" in ratings
    # The maker's form now changes its rating, with its score chosen.
    assert "Change your rating of Mapo Bike Works" in page and 'value="5" id="score-5" checked' in page
