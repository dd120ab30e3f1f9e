"""The published criteria of the "Made in Seoul" co-brand: the questions, the points each answer earns and the
tier thresholds, scored the way Brooklyn Made's seal scores its makers.

Everything here is data. The public page, the application form, the scoring, the curators' review and the
tests all read these tables, so changing a point value or a threshold changes every one of them at once.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

LOCATIONS = ("cluster", "seoul", "outside")
EVIDENCE_KINDS = ("quality", "origin")


@dataclasses.dataclass(frozen=True)
class Option:
    """One answer to a multiple-choice question; ``disqualifies`` makes the maker ineligible whatever its score."""

    value: str
    label: object
    points: int
    disqualifies: bool = False


@dataclasses.dataclass(frozen=True)
class Band:
    """For a number question: an answer of at least ``minimum`` earns ``points``."""

    minimum: int
    points: int
    label: object


@dataclasses.dataclass(frozen=True)
class Criterion:
    """A published question: a choice of options, a number scored in bands, or an evidence document kind."""

    key: str
    kind: str  # "choice", "number" or "evidence"
    question: object
    help: object
    options: tuple[Option, ...] = ()
    bands: tuple[Band, ...] = ()  # highest minimum first
    minimum: int = 0
    maximum: int = 0
    evidence_kind: str | None = None
    evidence_points: int = 0

    @property
    def max_points(self) -> int:
        """The most this criterion can earn."""
        if self.kind == "choice":
            return max(o.points for o in self.options)
        if self.kind == "number":
            return max(b.points for b in self.bands)
        return self.evidence_points

    def option(self, value) -> Option | None:
        """The option answered ``value``, or None."""
        return next((o for o in self.options if o.value == value), None)

    def band(self, value: int) -> Band:
        """The band a number answer falls in."""
        return next(b for b in self.bands if value >= b.minimum)


@dataclasses.dataclass(frozen=True)
class Tier:
    """A level of the seal: reached from ``min_points`` up; ``colour`` is the badge and label colour."""

    code: str
    name: object
    min_points: int
    colour: str


def _locations(cluster: int, seoul: int, outside: int, outside_disqualifies: bool = False) -> tuple[Option, ...]:
    return (
        Option("cluster", _l("In the maker's cluster"), cluster),
        Option("seoul", _l("Elsewhere in Seoul"), seoul),
        Option("outside", _l("Outside Seoul"), outside, disqualifies=outside_disqualifies),
    )


CRITERIA: tuple[Criterion, ...] = (
    Criterion(
        "design_location", "choice", _l("Where is the product designed?"),
        _l("Where the drawings, patterns, moulds or samples are developed."),
        options=_locations(20, 10, 0),
    ),
    Criterion(
        "making_location", "choice", _l("Where is the product made?"),
        _l("Where the main manufacturing happens: cutting, machining, casting, sewing, printing. "
           "Products made outside Seoul cannot carry the seal."),
        options=_locations(30, 15, 0, outside_disqualifies=True),
    ),
    Criterion(
        "assembly_location", "choice", _l("Where is the product assembled and finished?"),
        _l("Final assembly, finishing, quality control and packing."),
        options=_locations(15, 8, 0),
    ),
    Criterion(
        "workshop_staff_share", "number", _l("What share of your staff works in the workshop?"),
        _l("People making, assembling or checking products in your Seoul workshop, as a percentage of all staff."),
        bands=(Band(75, 15, _l("at least 75%")), Band(50, 10, _l("50–74%")), Band(25, 5, _l("25–49%")),
               Band(0, 0, _l("under 25%"))),
        minimum=0, maximum=100,
    ),
    Criterion(
        "years_in_cluster", "number", _l("How many years has the workshop been in its cluster?"),
        _l("Whole years at its current or a previous address in the same cluster."),
        bands=(Band(10, 10, _l("at least 10 years")), Band(5, 7, _l("5–9 years")), Band(2, 4, _l("2–4 years")),
               Band(0, 0, _l("under 2 years"))),
        minimum=0, maximum=150,
    ),
    Criterion(
        "quality_evidence", "evidence", _l("Quality evidence"),
        _l("At least one document: a test report, inspection records, a certification such as ISO 9001 or KC."),
        evidence_kind="quality", evidence_points=5,
    ),
    Criterion(
        "origin_evidence", "evidence", _l("Origin evidence"),
        _l("At least one document: the workshop's business registration, a lease, or photos of the production "
           "line at the address."),
        evidence_kind="origin", evidence_points=5,
    ),
)

# Highest first: a total reaches the first tier whose threshold it meets.
TIERS: tuple[Tier, ...] = (
    Tier("gold", _l("Gold"), 85, "#b08d1a"),
    Tier("silver", _l("Silver"), 70, "#7d8791"),
    Tier("bronze", _l("Bronze"), 55, "#9c5b2e"),
)
MAX_POINTS = sum(c.max_points for c in CRITERIA)
ANSWER_KEYS = tuple(c.key for c in CRITERIA if c.kind != "evidence")
EVIDENCE_LABELS = {c.evidence_kind: c.question for c in CRITERIA if c.kind == "evidence"}


def get_tier(code: str | None) -> Tier | None:
    """The tier with this code, or None."""
    return next((t for t in TIERS if t.code == code), None)


def tier_for(total: int) -> Tier | None:
    """The tier a total reaches, or None below bronze."""
    return next((t for t in TIERS if total >= t.min_points), None)


def tier_name(code: str | None) -> str:
    """The translated name of a tier ("Gold"), or an empty string."""
    tier = get_tier(code)
    return str(tier.name) if tier else ""


@dataclasses.dataclass(frozen=True)
class ScoreLine:
    """What one criterion earned."""

    criterion: Criterion
    value: object  # the stored answer, the number of documents, or None when unanswered
    answer: object  # what the answer means: the option's or band's label (None when unanswered)
    points: int


@dataclasses.dataclass(frozen=True)
class Score:
    """The scored application: points per criterion, the total and the tier it reaches."""

    lines: tuple[ScoreLine, ...]
    total: int
    complete: bool
    disqualified: bool

    @property
    def max_total(self) -> int:
        return MAX_POINTS

    @property
    def tier(self) -> Tier | None:
        """The tier reached, or None when below bronze, disqualified or not fully answered."""
        if self.disqualified or not self.complete:
            return None
        return tier_for(self.total)

    @property
    def eligible(self) -> bool:
        return self.tier is not None


def clean_answers(raw: Mapping) -> tuple[dict, dict[str, str]]:
    """Keep the known answers in their stored form; returns ``(answers, problems per key)``.

    Unanswered questions are left out (a draft may be incomplete); a wrong value is a problem.
    """
    answers: dict = {}
    problems: dict[str, str] = {}
    for criterion in CRITERIA:
        if criterion.kind == "evidence":
            continue
        value = raw.get(criterion.key)
        if value is None or value == "":
            continue
        if criterion.kind == "choice":
            if criterion.option(value) is None:
                problems[criterion.key] = _("Choose one of the answers.")
            else:
                answers[criterion.key] = value
            continue
        try:
            number = int(value)
        except (TypeError, ValueError):
            problems[criterion.key] = _("Enter a whole number.")
            continue
        if not criterion.minimum <= number <= criterion.maximum:
            problems[criterion.key] = _("Enter a number from %(min)d to %(max)d.", min=criterion.minimum,
                                          max=criterion.maximum)
        else:
            answers[criterion.key] = number
    return answers, problems


def score(answers: Mapping, evidence_counts: Mapping[str, int]) -> Score:
    """Score stored answers and the number of evidence documents of each kind."""
    lines = []
    complete = True
    disqualified = False
    for criterion in CRITERIA:
        if criterion.kind == "evidence":
            count = evidence_counts.get(criterion.evidence_kind, 0)
            lines.append(ScoreLine(criterion, count, None, criterion.evidence_points if count else 0))
            continue
        value = answers.get(criterion.key)
        if value is None:
            complete = False
            lines.append(ScoreLine(criterion, None, None, 0))
        elif criterion.kind == "choice":
            option = criterion.option(value)
            if option is None:
                complete = False
                lines.append(ScoreLine(criterion, None, None, 0))
                continue
            disqualified = disqualified or option.disqualifies
            lines.append(ScoreLine(criterion, value, option.label, option.points))
        else:
            band = criterion.band(int(value))
            lines.append(ScoreLine(criterion, int(value), band.label, band.points))
    return Score(tuple(lines), sum(line.points for line in lines), complete, disqualified)
