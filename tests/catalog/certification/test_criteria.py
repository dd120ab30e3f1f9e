"""The published criteria: points per answer, tiers from the total, and the public page that shows them."""

import pytest

from catalog.certification import criteria

GOLD = {"design_location": "cluster", "making_location": "cluster", "assembly_location": "cluster",
        "workshop_staff_share": 80, "years_in_cluster": 12}


def test_points_add_up_to_one_hundred_and_tiers_are_ordered():
    """The criteria are worth 100 points at most and gold needs more than silver, silver more than bronze."""
    assert criteria.MAX_POINTS == 100
    gold, silver, bronze = criteria.TIERS
    assert (gold.code, silver.code, bronze.code) == ("gold", "silver", "bronze")
    assert gold.min_points > silver.min_points > bronze.min_points > 0


@pytest.mark.parametrize("total, tier", [(100, "gold"), (85, "gold"), (84, "silver"), (70, "silver"),
                                         (69, "bronze"), (55, "bronze"), (54, None), (0, None)])
def test_total_gives_tier(total, tier):
    """A total reaches the highest tier whose threshold it meets, and none below bronze."""
    result = criteria.tier_for(total)
    assert (result.code if result else None) == tier


def test_full_marks_score_gold(app):
    """Everything in the cluster, most staff in the workshop, long-standing, both evidence kinds: 100, gold."""
    score = criteria.score(GOLD, {"quality": 1, "origin": 2})
    assert score.total == 100 and score.complete and score.tier.code == "gold"
    assert [line.points for line in score.lines] == [20, 30, 15, 15, 10, 5, 5]


def test_each_answer_earns_its_published_points(app):
    """Design elsewhere in Seoul, staff share 50–74%, 5–9 years and no quality evidence cost their points."""
    answers = dict(GOLD, design_location="seoul", workshop_staff_share=60, years_in_cluster=7)
    score = criteria.score(answers, {"origin": 1})
    assert score.total == 10 + 30 + 15 + 10 + 7 + 0 + 5 == 77
    assert score.tier.code == "silver"
    bronze = criteria.score(dict(answers, making_location="seoul", assembly_location="seoul",
                                 years_in_cluster=3), {"origin": 1})
    assert bronze.total == 10 + 15 + 8 + 10 + 4 + 5 == 52 and bronze.tier is None
    assert criteria.score(dict(answers, making_location="seoul", assembly_location="seoul"),
                          {"origin": 1, "quality": 1}).tier.code == "bronze"


def test_making_outside_seoul_is_never_eligible(app):
    """Products made outside Seoul cannot carry the seal, however many points the rest earns."""
    score = criteria.score(dict(GOLD, making_location="outside"), {"quality": 1, "origin": 1})
    assert score.total == 70 and score.disqualified and score.tier is None and not score.eligible


def test_unanswered_questions_give_no_tier(app):
    """A draft with open questions shows its points so far but reaches no tier."""
    answers = {k: v for k, v in GOLD.items() if k != "years_in_cluster"}
    score = criteria.score(answers, {"quality": 1, "origin": 1})
    assert not score.complete and score.total == 90 and score.tier is None


def test_answers_outside_the_published_options_are_refused(app):
    """Unknown options, words for numbers and out-of-range numbers are reported per question."""
    answers, problems = criteria.clean_answers({"design_location": "moon", "workshop_staff_share": "lots",
                                                "years_in_cluster": 400, "making_location": "cluster",
                                                "assembly_location": ""})
    assert answers == {"making_location": "cluster"}
    assert set(problems) == {"design_location", "workshop_staff_share", "years_in_cluster"}


def test_public_page_shows_criteria_points_and_thresholds(client):
    """/en/co-brand lists every criterion with its points and the tier thresholds, for anyone."""
    response = client.get("/en/co-brand/")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    for c in criteria.CRITERIA:
        assert str(c.question) in html
    for tier in criteria.TIERS:
        assert f"{tier.min_points} points or more" in html
    assert "Outside Seoul" in html and "Sign in as the owner of a maker organisation to apply." in html
    assert client.get("/ko/co-brand/").status_code == 200
