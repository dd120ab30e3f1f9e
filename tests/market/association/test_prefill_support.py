"""Pre-fill from the support system: shared-equipment bookings the firm used, support programmes it was selected
for (an export programme too) and training courses its people completed, each offered with where it came from;
the member confirms or corrects each figure and reviewers see which."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from market.association.services import returns
from market.association.services.prefill import platform_figures, prefill_labels, prefill_notes
from market.centres.models import Booking
from market.programmes.models import Application, ApplicationStatus, SupportType
from market.trainings.models import Enrolment, EnrolmentStatus
from tests.factories.association import figures
from tests.factories.centres import make_facility, make_machine  # noqa: F401
from tests.factories.programmes import add_course, add_programme
from tests.helpers import csrf_token

YEAR = 2026


def _at(year: int, month: int, day: int = 10) -> dt.datetime:
    return dt.datetime(year, month, day, 5, tzinfo=dt.UTC)


@pytest.fixture
def support(db_session, workshop, make_user, make_org, make_facility, make_machine):  # noqa: F811
    """The workshop's year on the support system: 2 bookings used at one centre (one cancelled and one of last
    year besides), selected for an export programme and a facility programme in 2026 (rejected by a third,
    selected for a fourth in 2025), and one course completed by its owner in 2026 (another of 2025, and one by
    someone outside the firm)."""
    facility = make_facility()
    machine = make_machine(facility)
    for start, status in ((_at(YEAR, 3), "completed"), (_at(YEAR, 4), "surveyed"), (_at(YEAR, 5), "cancelled"),
                          (_at(YEAR - 1, 6), "completed")):
        db_session.add(Booking(equipment_id=machine.id, facility_id=facility.id, user_id=workshop.user.id,
                               organization_id=workshop.org.id, start_at=start, end_at=start + dt.timedelta(hours=2),
                               blocked_until_at=start + dt.timedelta(hours=2), status=status))
    for n, (kind, status, decided, title) in enumerate((
            (SupportType.export, ApplicationStatus.selected, _at(YEAR, 5), "Global buyers fair"),
            (SupportType.facility, ApplicationStatus.in_progress, _at(YEAR, 2), "Smart factory stage 1"),
            (SupportType.grant, ApplicationStatus.rejected, _at(YEAR, 7), "Design grant"),
            (SupportType.export, ApplicationStatus.closed, _at(YEAR - 1, 9), "Export voucher 2025"))):
        programme = add_programme(db_session, code=f"ASSOC-PF-{n}", support_type=kind,
                                  title={"en": title, "ko": f"{title} (ko)"})
        db_session.add(Application(programme_id=programme.id, organization_id=workshop.org.id, status=status,
                                   decided_at=decided, submitted_at=decided - dt.timedelta(days=20)))
    _course, training = add_course(db_session)
    outsider = make_user(name="Outside Trainee")
    for user, completed, status in ((workshop.user, _at(YEAR, 4), EnrolmentStatus.completed),
                                    (outsider, _at(YEAR, 4), EnrolmentStatus.completed)):
        db_session.add(Enrolment(session_id=training.id, user_id=user.id, status=status, completed_at=completed))
    _course2, earlier = add_course(db_session, capacity=11)
    db_session.add(Enrolment(session_id=earlier.id, user_id=workshop.user.id, status=EnrolmentStatus.completed,
                             completed_at=_at(YEAR - 1, 11)))
    db_session.commit()
    return workshop


def test_bookings_programmes_and_trainings_are_prefilled(db_session, campaign, support):
    """Only the year's used bookings, selections and completions by the firm's people count, each with its
    source; the return opens with them filled in."""
    found = platform_figures(db_session, support.member, YEAR)
    assert found["uses_shared_space"] == {"value": True, "source": "bookings", "count": 2, "facilities": 1}
    assert found["programme_participant"]["count"] == 2
    assert found["programme_participant"]["source"] == "programmes"
    assert found["export_programme"]["count"] == 1
    assert found["trainings_completed"] == {"value": 1, "source": "trainings", "count": 1}
    ret = returns.open_return(db_session, support.member, YEAR)
    assert (ret.uses_shared_space, ret.programme_participant, ret.export_programme, ret.trainings_completed) == \
        (True, True, True, 1)
    labels = prefill_labels(ret.prefill)
    assert labels["uses_shared_space"] == "2 shared-equipment bookings used at the support centres this year."
    assert "Global buyers fair" in labels["programme_participant"]
    assert "Smart factory stage 1" in labels["programme_participant"]
    assert "Design grant" not in labels["programme_participant"]
    assert labels["export_programme"] == "Selected for 1 support programme this year: Global buyers fair."
    assert labels["trainings_completed"] == "1 training course completed by your people this year."


def test_a_firm_without_support_gets_no_such_figures(db_session, campaign, other_workshop):
    """Nothing is offered where the platform knows nothing, and the figures stay empty for the member."""
    ret = returns.open_return(db_session, other_workshop.member, YEAR)
    assert ret.prefill == {}
    assert ret.uses_shared_space is None and ret.trainings_completed is None


def test_corrections_are_kept_apart_from_confirmations(db_session, campaign, support):
    """A figure the member changes reads as corrected, one it keeps as confirmed; the platform's offer stays."""
    ret = returns.open_return(db_session, support.member, YEAR)
    returns.save_return(db_session, ret, support.member, support.user,
                        figures(trainings_completed=3, export_programme=False))
    notes = {n["field"]: n for n in prefill_notes(ret)}
    assert notes["trainings_completed"]["corrected"] and notes["trainings_completed"]["value"] == 1
    assert notes["export_programme"]["corrected"]
    assert not notes["uses_shared_space"]["corrected"]
    assert not notes["programme_participant"]["corrected"]
    assert ret.prefill["trainings_completed"]["value"] == 1 and ret.trainings_completed == 3


def test_a_negative_training_count_is_refused_on_its_field(db_session, campaign, support):
    """The trainings figure is checked like every count."""
    from market.refusals import Refusal

    ret = returns.open_return(db_session, support.member, YEAR)
    with pytest.raises(Refusal) as refused:
        returns.save_return(db_session, ret, support.member, support.user, {"trainings_completed": -1})
    assert "trainings_completed" in refused.value.fields


def test_the_form_shows_each_platform_figure_and_the_reviewer_sees_corrections(app, db_session, campaign, support,
                                                                              staff):
    """The member's form shows the bookings, programmes and trainings offered with their source; the member
    corrects the trainings and submits; the reviewer's page marks that figure corrected and the others
    confirmed."""
    page = support.client.get(f"/en/association/returns/{YEAR}").get_data(as_text=True)
    shared = page[page.index('id="prefill-uses-shared-space"'):]
    assert "Platform figure: Yes. 2 shared-equipment bookings used at the support centres this year." in shared
    assert "Global buyers fair" in page[page.index('id="prefill-programme-participant"'):]
    assert "Global buyers fair" in page[page.index('id="prefill-export-programme"'):]
    trainings = page[page.index('id="prefill-trainings-completed"'):]
    assert "Platform figure: 1. 1 training course completed by your people this year." in trainings
    assert 'value="1"' in re.search(r'<input[^>]*id="trainings_completed"[^>]*>', page).group(0)
    token = csrf_token(support.client, f"/en/association/returns/{YEAR}")
    form = {k: ("" if v is None else v) for k, v in figures().items() if not isinstance(v, (dict, list))}
    answer = support.client.post(f"/en/association/returns/{YEAR}", data={
        **form, "trainings_completed": 2, "uses_shared_space": "y", "programme_participant": "y",
        "export_programme": "y", "csrf_token": token, "action": "submit"})
    assert answer.status_code == 302
    ret = returns.get_return(db_session, support.member, YEAR)
    db_session.refresh(ret)
    assert ret.trainings_completed == 2 and ret.status == "submitted"
    review = staff.client.get(f"/en/association/review/{ret.id}").get_data(as_text=True)
    table = review[review.index('id="prefill-table"'):]
    row = table[table.index('data-field="trainings_completed"'):]
    assert "Training courses completed" in row[:400] and "corrected" in row[:row.index("</tr>")]
    row = table[table.index('data-field="uses_shared_space"'):]
    assert "confirmed" in row[:row.index("</tr>")]


def test_the_korean_form_names_the_sources_in_korean(app, db_session, campaign, support):
    """The source sentences are in the member's language, with the programme's Korean title."""
    page = support.client.get(f"/ko/association/returns/{YEAR}").get_data(as_text=True)
    hint = page[page.index('id="prefill-programme-participant"'):]
    hint = hint[:hint.index("</p>")]
    assert "Global buyers fair (ko)" in hint and "Selected for" not in hint
