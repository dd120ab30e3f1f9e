"""Programmes as staff write them: create and edit (texts in five languages, support type, trades, budget, window,
eligibility rules and the application form's questions and documents, all checked here with a message per
field), and the programme's life by date — staff open now, close now or publish the results; otherwise the
window's dates move it (:mod:`market.programmes.phases`), and :func:`sync_statuses` keeps the stored column in
step for cron.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlmodel import Session, select

from i18n.locales import LOCALES
from i18n.times import utcnow
from market.programmes import eligibility
from market.programmes.formdata import FIELD_TYPES
from market.programmes.labels import programme_status_label
from market.programmes.models import (
    PROGRAMME_TRANSITIONS,
    STAFF,
    Programme,
    ProgrammeStatus,
    SelectionMethod,
    SupportType,
)
from market.programmes.phases import phase, phase_expr
from market.programmes.services import searches, texts
from market.programmes.services.access import require_staff
from market.programmes.services.directory import TRADES
from market.refusals import Refusal, conflict, not_found
from market.transitions import apply_transition

SEOUL = ZoneInfo("Asia/Seoul")
MAX_QUESTIONS = 12
MAX_DOCUMENTS = 6
MAX_CHOICES = 20
CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{1,39}$")
NAME_RE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
TEXT_LIMITS = {"title": 200, "summary": 2000, "target": 1000, "benefit": 1000}
LABEL_LIMIT = 300
HELP_LIMIT = 500
DOCUMENT_LIMIT = 200


def _texts(value: dict | None) -> dict[str, str]:
    """``{locale: text}`` of the five languages, stripped, empty ones left out."""
    return {loc: (value or {}).get(loc, "").strip() for loc in LOCALES if ((value or {}).get(loc) or "").strip()}


@dataclasses.dataclass
class Question:
    """One question of the application form as staff write it: its label and help text in the five languages,
    and its options one per line in English, and in the other languages in the same order."""

    name: str = ""
    label: dict = dataclasses.field(default_factory=dict)  # {locale: text}
    type: str = "text"
    required: bool = False
    max: int | None = None
    choices: str = ""  # English, one per line or comma-separated
    help: dict = dataclasses.field(default_factory=dict)  # {locale: text}
    choices_in: dict = dataclasses.field(default_factory=dict)  # {locale: options, in the English order}

    @property
    def label_en(self) -> str:
        return self.label.get("en", "")

    @property
    def label_ko(self) -> str:
        return self.label.get("ko", "")

    def is_blank(self) -> bool:
        return not (_texts(self.label) or _texts(self.help) or self.choices.strip())


@dataclasses.dataclass
class Document:
    """One document the application asks for, named in the five languages."""

    code: str = ""
    label: dict = dataclasses.field(default_factory=dict)  # {locale: text}
    required: bool = True

    @property
    def label_en(self) -> str:
        return self.label.get("en", "")

    def is_blank(self) -> bool:
        return not (self.code.strip() or _texts(self.label))


@dataclasses.dataclass
class ProgrammeInput:
    """Everything the staff form sends: texts as ``{field: {locale: text}}``, times in Seoul as naive
    datetimes (or aware ones), rules as their parameters (``None``/empty: no such rule)."""

    code: str = ""
    texts: dict = dataclasses.field(default_factory=dict)
    support_type: str = ""
    trades: list = dataclasses.field(default_factory=list)
    districts: str = ""
    benefit_max_krw: int | None = None
    places: int | None = None
    selection_method: str = SelectionMethod.review.value
    responsible_agency: str = ""
    executing_agency: str = ""
    notice_url: str = ""
    opens_at: dt.datetime | None = None
    closes_at: dt.datetime | None = None
    overlap_years: int | None = 3
    rule_headcount_max: int | None = None
    rule_years_min: int | None = None
    rule_years_max: int | None = None
    rule_ksic: str = ""
    rule_seoul: bool = False
    rule_revenue_max_krw: int | None = None
    rule_trades: list = dataclasses.field(default_factory=list)
    rule_no_support_type: str = ""
    rule_no_support_years: int | None = None
    questions: list = dataclasses.field(default_factory=list)
    documents: list = dataclasses.field(default_factory=list)


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    if value is None:
        return None
    return (value.replace(tzinfo=SEOUL) if value.tzinfo is None else value).astimezone(dt.UTC)


def _split(value: str) -> list[str]:
    return [part.strip() for part in re.split(r"[,\n]", value or "") if part.strip()]


def _lines(value: str) -> list[str]:
    """Options in another language: one per line, in the English order; an empty line is one not translated."""
    lines = [line.strip() for line in (value or "").replace("\r", "").split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def _rules(data: ProgrammeInput, errors: dict[str, str]) -> list[dict]:
    rules: list[dict] = []
    if data.rule_headcount_max is not None:
        if not 1 <= data.rule_headcount_max <= 10_000:
            errors["rule_headcount_max"] = _("Enter a number of workers between 1 and 10,000.")
        else:
            rules.append({"code": "headcount_under", "max": data.rule_headcount_max})
    low, high = data.rule_years_min, data.rule_years_max
    if low is not None or high is not None:
        if low is not None and not 0 <= low <= 200:
            errors["rule_years_min"] = _("Enter a number of years between 0 and 200.")
        elif high is not None and not 0 <= high <= 200:
            errors["rule_years_max"] = _("Enter a number of years between 0 and 200.")
        elif low is not None and high is not None and high < low:
            errors["rule_years_max"] = _("The most years cannot be fewer than the least.")
        else:
            rule = {"code": "years_in_business"}
            if low is not None:
                rule["min"] = low
            if high is not None:
                rule["max"] = high
            rules.append(rule)
    prefixes = _split(data.rule_ksic)
    if prefixes:
        if any(not p.isdigit() or len(p) > 5 for p in prefixes):
            errors["rule_ksic"] = _("Write KSIC codes of one to five digits, separated by commas.")
        else:
            rules.append({"code": "ksic", "prefixes": prefixes})
    if data.rule_seoul:
        rules.append({"code": "seoul_workplace"})
    if data.rule_revenue_max_krw is not None:
        if data.rule_revenue_max_krw <= 0:
            errors["rule_revenue_max_krw"] = _("Enter an amount above zero.")
        else:
            rules.append({"code": "revenue_cap", "max_krw": data.rule_revenue_max_krw})
    if data.rule_trades:
        if any(t not in TRADES for t in data.rule_trades):
            errors["rule_trades"] = _("Choose a trade from the list.")
        else:
            rules.append({"code": "trade", "trades": list(data.rule_trades)})
    if data.rule_no_support_type or data.rule_no_support_years is not None:
        if data.rule_no_support_type not in set(SupportType):
            errors["rule_no_support_type"] = _("Choose a support type from the list.")
        elif data.rule_no_support_years is None or not 1 <= data.rule_no_support_years <= 20:
            errors["rule_no_support_years"] = _("Enter a number of years between 1 and 20.")
        else:
            rules.append({"code": "no_recent_support", "support_type": data.rule_no_support_type,
                          "years": data.rule_no_support_years})
    return [r for r in rules if r["code"] in eligibility.EVALUATORS]


def _questions(rows: list[Question], errors: dict[str, str], existing: list[dict]) -> list[dict]:
    """The form's fields from staff's rows. A question keeps its name, and an option its value when its English
    label is unchanged, so answers already given stay with them; new questions get names no other row holds."""
    form: list[dict] = []
    before = {f["name"]: f for f in existing}
    reserved = {q.name.strip() for q in rows if q.name and q.name.strip()}
    names: set[str] = set()
    filled = [(i, q) for i, q in enumerate(rows) if not q.is_blank()]
    if len(filled) > MAX_QUESTIONS:
        errors["q0_label_en"] = _("Ask at most %(n)d questions.", n=MAX_QUESTIONS)
        return form
    for i, q in filled:
        key = f"q{i}_"
        label, help_ = _texts(q.label), _texts(q.help)
        if not label.get("en"):
            errors[key + "label_en"] = _("Give the question in English.")
            continue
        too_long = [loc for loc, v in label.items() if len(v) > LABEL_LIMIT]
        if too_long:
            errors[f"{key}label_{too_long[0]}"] = _("Keep it under %(n)d characters.", n=LABEL_LIMIT)
            continue
        too_long = [loc for loc, v in help_.items() if len(v) > HELP_LIMIT]
        if too_long:
            errors[f"{key}help_{too_long[0]}"] = _("Keep it under %(n)d characters.", n=HELP_LIMIT)
            continue
        if q.type not in FIELD_TYPES:
            errors[key + "type"] = _("Choose a kind of answer from the list.")
            continue
        name = (q.name or "").strip()
        if not NAME_RE.match(name) or name in names:
            name, n = f"q{i + 1}", i + 1
            while name in names or name in reserved:
                n += 1
                name = f"q{n}"
        names.add(name)
        old = before.get(name, {})
        field: dict = {"name": name, "type": q.type, "label": label, "required": bool(q.required)}
        if help_:
            field["help"] = help_
        # What the staff form does not show (a lower bound) is kept.
        if old.get("type") == q.type and "min" in old:
            field["min"] = old["min"]
        if q.max is not None:
            if q.type in ("text", "textarea") and not 1 <= q.max <= 4000:
                errors[key + "max"] = _("Enter a length between 1 and 4,000 characters.")
                continue
            if q.type == "number":
                field.setdefault("min", 0)
            if q.type in ("text", "textarea", "number"):
                field["max"] = q.max
        if q.type == "choice":
            options = _split(q.choices)
            if len(options) < 2 or len(options) > MAX_CHOICES:
                errors[key + "choices"] = _("Give between 2 and %(n)d options, one per line.", n=MAX_CHOICES)
                continue
            translated = {loc: _lines(lines) for loc, lines in (q.choices_in or {}).items() if loc != "en"}
            wrong = [loc for loc, lines in translated.items() if len(lines) > len(options)]
            if wrong:
                errors[f"{key}choices_{wrong[0]}"] = _("Give at most as many options as in English, in the same "
                                                       "order.")
                continue
            kept = {(c.get("label") or {}).get("en"): c for c in before.get(name, {}).get("choices", [])}
            used = {c["value"] for c in kept.values()}
            choices = []
            for position, option in enumerate(options):
                labels = {"en": option[:200], **{loc: lines[position][:200] for loc, lines in translated.items()
                                                 if position < len(lines) and lines[position]}}
                if option in kept:
                    choices.append({"value": kept[option]["value"], "label": labels})
                    continue
                n = len(used) + 1
                while f"o{n}" in used:
                    n += 1
                used.add(f"o{n}")
                choices.append({"value": f"o{n}", "label": labels})
            field["choices"] = choices
        form.append(field)
    return form


def _documents(rows: list[Document], errors: dict[str, str]) -> list[dict]:
    documents: list[dict] = []
    codes: set[str] = set()
    for i, d in enumerate(rows):
        if d.is_blank():
            continue
        key = f"d{i}_"
        code = d.code.strip().lower()
        if not NAME_RE.match(code):
            errors[key + "code"] = _("Use lower-case letters, digits and underscores, starting with a letter.")
            continue
        if code in codes:
            errors[key + "code"] = _("Each document needs its own code.")
            continue
        label = _texts(d.label)
        if not label.get("en"):
            errors[key + "label_en"] = _("Give the document's name in English.")
            continue
        too_long = [loc for loc, v in label.items() if len(v) > DOCUMENT_LIMIT]
        if too_long:
            errors[f"{key}label_{too_long[0]}"] = _("Keep it under %(n)d characters.", n=DOCUMENT_LIMIT)
            continue
        codes.add(code)
        documents.append({"code": code, "label": label, "required": bool(d.required)})
    if len(documents) > MAX_DOCUMENTS:
        errors["d0_code"] = _("Ask for at most %(n)d documents.", n=MAX_DOCUMENTS)
    return documents


def clean_programme(session: Session, data: ProgrammeInput, programme: Programme | None = None) -> dict:
    """The programme's column values from what staff sent, or a refusal (422) naming every field at fault: a
    missing or taken code, a missing English title or summary, a text over its length, an unknown type, trade,
    district list or selection method, a negative budget or places, a window that closes before it opens, a
    rule without its parameters and a question or document without its English label."""
    errors: dict[str, str] = {}
    code = (data.code or "").strip()
    if not CODE_RE.match(code):
        errors["code"] = _("Use 2 to 40 letters, digits, dots, hyphens or underscores.")
    else:
        taken = session.exec(select(Programme.id).where(Programme.code == code)).first()
        if taken is not None and (programme is None or taken != programme.id):
            errors["code"] = _("Another programme has this code.")
    for field, limit in TEXT_LIMITS.items():
        for locale in LOCALES:
            value = (data.texts.get(field, {}).get(locale) or "").strip()
            if len(value) > limit:
                errors[f"{field}_{locale}"] = _("Keep it under %(n)d characters.", n=limit)
    if not (data.texts.get("title", {}).get("en") or "").strip():
        errors["title_en"] = _("Give the title in English.")
    if not (data.texts.get("summary", {}).get("en") or "").strip():
        errors["summary_en"] = _("Give the summary in English.")
    if data.support_type not in set(SupportType):
        errors["support_type"] = _("Choose a support type from the list.")
    if any(t not in TRADES for t in data.trades):
        errors["trades"] = _("Choose a trade from the list.")
    districts = _split(data.districts)
    if len(districts) > 25 or any(len(d) > 60 for d in districts):
        errors["districts"] = _("List at most 25 boroughs, separated by commas.")
    if data.selection_method not in set(SelectionMethod):
        errors["selection_method"] = _("Choose a selection method from the list.")
    if data.benefit_max_krw is not None and data.benefit_max_krw < 0:
        errors["benefit_max_krw"] = _("The amount cannot be negative.")
    if data.places is not None and data.places < 1:
        errors["places"] = _("Enter at least one place.")
    if data.overlap_years is None or not 0 <= data.overlap_years <= 20:
        errors["overlap_years"] = _("Enter a number of years between 0 and 20.")
    for name in ("responsible_agency", "executing_agency"):
        if len((getattr(data, name) or "").strip()) > 200:
            errors[name] = _("Keep it under %(n)d characters.", n=200)
    notice_url = (data.notice_url or "").strip()
    if notice_url and (not notice_url.startswith(("https://", "http://")) or len(notice_url) > 500):
        errors["notice_url"] = _("Give a web address starting with https://.")
    opens_at, closes_at = _aware(data.opens_at), _aware(data.closes_at)
    if opens_at is None:
        errors["opens_at"] = _("Give the date and time applications open.")
    if closes_at is None:
        errors["closes_at"] = _("Give the deadline.")
    elif opens_at is not None and closes_at <= opens_at:
        errors["closes_at"] = _("The deadline must come after the opening.")
    rules = _rules(data, errors)
    form = _questions(data.questions, errors, programme.form if programme is not None else [])
    documents = _documents(data.documents, errors)
    if errors:
        raise Refusal(_("Some fields need your attention."), fields=errors)
    return dict(code=code, support_type=SupportType(data.support_type), trades=list(data.trades),
                districts=districts, benefit_max_krw=data.benefit_max_krw, places=data.places,
                selection_method=SelectionMethod(data.selection_method),
                responsible_agency=data.responsible_agency.strip(), executing_agency=data.executing_agency.strip(),
                notice_url=notice_url or None, opens_at=opens_at, closes_at=closes_at,
                overlap_years=data.overlap_years, rules=rules, form=form, documents=documents)


def _apply(session: Session, programme: Programme, data: ProgrammeInput, values: dict, user) -> Programme:
    for name, value in values.items():
        setattr(programme, name, value)
    programme.updated_at = utcnow()
    if str(programme.status) != ProgrammeStatus.results:
        programme.status = phase(programme)
    session.add(programme)
    session.flush()
    texts.save_programme_texts(session, programme, data.texts, user_id=user.id)
    # A programme published (or moved) into its window alerts the saved searches it matches at once.
    searches.alert_saved_searches(session, programme_ids=[programme.id])
    return programme


def create_programme(session: Session, user, data: ProgrammeInput) -> Programme:
    """A new programme from staff's form (staff only, 403); see :func:`clean_programme` for what is refused."""
    require_staff(user)
    values = clean_programme(session, data)
    return _apply(session, Programme(**{k: v for k, v in values.items()}), data, {}, user)


def update_programme(session: Session, user, programme_id: int, data: ProgrammeInput) -> Programme:
    """Change a programme (staff only). Questions keep their names, so answers already given stay with their
    question; a later deadline reopens a closed programme, an earlier one closes it."""
    require_staff(user)
    programme = session.get(Programme, programme_id)
    if programme is None:
        raise not_found()
    values = clean_programme(session, data, programme)
    return _apply(session, programme, data, values, user)


def input_from_programme(session: Session, programme: Programme) -> ProgrammeInput:
    """What the edit form starts from: the programme's values, times in Seoul."""
    rules = {r["code"]: r for r in programme.rules}
    no_support = rules.get("no_recent_support", {})
    return ProgrammeInput(
        code=programme.code, texts=texts.programme_texts(session, programme, every_locale=True),
        support_type=str(programme.support_type), trades=list(programme.trades),
        districts=", ".join(programme.districts), benefit_max_krw=programme.benefit_max_krw,
        places=programme.places, selection_method=str(programme.selection_method),
        responsible_agency=programme.responsible_agency, executing_agency=programme.executing_agency,
        notice_url=programme.notice_url or "",
        opens_at=programme.opens_at.astimezone(SEOUL).replace(tzinfo=None),
        closes_at=programme.closes_at.astimezone(SEOUL).replace(tzinfo=None),
        overlap_years=programme.overlap_years,
        rule_headcount_max=rules.get("headcount_under", {}).get("max"),
        rule_years_min=rules.get("years_in_business", {}).get("min"),
        rule_years_max=rules.get("years_in_business", {}).get("max"),
        rule_ksic=", ".join(rules.get("ksic", {}).get("prefixes", [])),
        rule_seoul="seoul_workplace" in rules,
        rule_revenue_max_krw=rules.get("revenue_cap", {}).get("max_krw"),
        rule_trades=list(rules.get("trade", {}).get("trades", [])),
        rule_no_support_type=no_support.get("support_type", ""), rule_no_support_years=no_support.get("years"),
        questions=[Question(name=f["name"], label=_texts(f.get("label")), help=_texts(f.get("help")),
                            type=f.get("type", "text"), required=bool(f.get("required")), max=f.get("max"),
                            choices="\n".join((c.get("label") or {}).get("en", c["value"])
                                              for c in f.get("choices", [])),
                            choices_in={loc: "\n".join((c.get("label") or {}).get(loc, "")
                                                       for c in f.get("choices", [])).rstrip("\n")
                                        for loc in LOCALES if loc != "en"})
                   for f in programme.form],
        documents=[Document(code=d["code"], label=_texts(d.get("label")), required=bool(d.get("required")))
                   for d in programme.documents])


# --- the programme's life -----------------------------------------------------------------------------------


def sync_statuses(session: Session, now: dt.datetime | None = None) -> int:
    """Store in ``status`` what the dates say (upcoming, open, closed) for every programme whose results are not
    published, in one UPDATE; returns how many changed. Idempotent: a second run changes nothing."""
    now = now or utcnow()
    expr = phase_expr(now)
    result = session.exec(sa.update(Programme).where(Programme.status != ProgrammeStatus.results.value,
                                                      Programme.status != expr)
                          .values(status=expr).execution_options(synchronize_session=False))
    session.flush()
    session.expire_all()
    return result.rowcount or 0


def set_programme_status(session: Session, programme_id: int, user, to: str, now: dt.datetime | None = None
                         ) -> Programme:
    """Staff open a programme now (its window starts now), close it now (its deadline becomes now) or publish its
    results once closed. Refuses non-staff (403), an unknown status (422) and a step outside the programme's
    life as its dates have it (409: reopening is done by giving a later deadline)."""
    require_staff(user)
    programme = session.get(Programme, programme_id)
    if programme is None:
        raise not_found()
    try:
        status = ProgrammeStatus(to)
    except ValueError:
        raise Refusal(_("Choose a status from the list."), field="status") from None
    now = now or utcnow()
    current = phase(programme, now)
    values: dict = {}
    if status == ProgrammeStatus.open:
        values["opens_at"] = now
        if programme.closes_at <= now:
            raise conflict(_("The deadline has passed: give a later deadline first."), code="wrong_state")
    elif status == ProgrammeStatus.closed:
        values["closes_at"] = now
    # The stored column may lag the dates; the step is taken from the status the dates give.
    session.exec(sa.update(Programme).where(Programme.id == programme.id).values(status=current)
                 .execution_options(synchronize_session=False))
    session.refresh(programme)
    apply_transition(session, programme, PROGRAMME_TRANSITIONS, status, role=STAFF, values=values,
                     label=programme_status_label)
    if status == ProgrammeStatus.open:
        searches.alert_saved_searches(session, now, programme_ids=[programme.id])
    return programme
