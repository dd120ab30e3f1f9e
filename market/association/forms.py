"""Forms of the association: the annual return, a reviewer's decision, a staff correction, opening a campaign,
entering an official count, a member register entry and a target. Ranges and consistency are checked by the services, so pages and the API refuse bad
figures with the same messages on the same fields."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    FloatField,
    IntegerField,
    MultipleFileField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, Optional

from i18n.forms import Form
from market.association.reference import (
    DUES_LABELS,
    SMART_STAGES,
    SUCCESSION_LABELS,
    TECHNOLOGIES,
    TRADE_ASSOCIATIONS,
    TRADES,
)
from market.association.services.checks import BOOL_FIELDS, INT_FIELDS, KRW_FIELDS


def _krw(label, description=None):
    return IntegerField(label, validators=[Optional()], description=description)


class ReturnForm(Form):
    staff_full_time = IntegerField(_l("Full-time staff"), validators=[Optional()])
    staff_part_time = IntegerField(_l("Part-time staff"), validators=[Optional()])
    staff_under_35 = IntegerField(_l("Of them, under 35"), validators=[Optional()])
    hires_this_year = IntegerField(_l("Hired this year"), validators=[Optional()])
    labour_cost_krw = _krw(_l("Labour cost (KRW)"), _l("Wages, social insurance and benefits for the year."))
    revenue_krw = _krw(_l("Revenue (KRW)"))
    exports_krw = _krw(_l("Exports (KRW)"), _l("Sales to buyers abroad, direct or through the platform."))
    exports_by_country = StringField(_l("Exports by country"), validators=[Optional(), Length(max=1000)],
                                     description=_l("Country code and amount in won, e.g. JP 12000000, US 3000000."))
    va_method = SelectField(_l("Value added form"), validate_choice=False,
                            choices=[SelectChoice("items", _l("Items (Bank of Korea additive method)")),
                                     SelectChoice("simple", _l("Simple: revenue minus bought-in inputs"))])
    operating_surplus_krw = _krw(_l("Operating surplus (KRW)"), _l("Operating profit; may be negative."))
    financial_cost_krw = _krw(_l("Financial cost (KRW)"))
    taxes_krw = _krw(_l("Taxes and dues (KRW)"))
    depreciation_krw = _krw(_l("Depreciation (KRW)"))
    bought_in_inputs_krw = _krw(_l("Bought-in inputs (KRW)"), _l("For the simple form: materials, parts, energy "
                                                                 "and outside services."))
    capital_investment_krw = _krw(_l("Capital investment (KRW)"))
    smart_factory_stage = SelectField(_l("Smart-factory stage"), validate_choice=False,
                                      choices=[SelectChoice("", "—")] + [SelectChoice(str(k), v) for k, v in SMART_STAGES.items()])
    technologies = SelectMultipleField(_l("Technology adopted"), validate_choice=False,
                                       choices=[SelectChoice(k, v) for k, v in TECHNOLOGIES.items()])
    cooperation_projects = IntegerField(_l("Cooperation projects"), validators=[Optional()],
                                        description=_l("Joint projects with other firms, labs or startups."))
    trainings_completed = IntegerField(_l("Training courses completed"), validators=[Optional()],
                                       description=_l("Courses your staff completed this year (certificates)."))
    uses_shared_space = BooleanField(_l("We used shared space or equipment (support centres)"))
    export_programme = BooleanField(_l("We took part in an export programme"))
    programme_participant = BooleanField(_l("We received a city support programme this year"))
    succession_status = SelectField(_l("Succession"), validate_choice=False,
                                    choices=[SelectChoice("", "—")] + [SelectChoice(k, v) for k, v in SUCCESSION_LABELS.items()])
    evidence = MultipleFileField(_l("Evidence documents"), description=_l(
        "Up to 5 PDF, PNG or JPEG files, 10 MB each: financial statements, export declarations, invoices."))
    change_note = TextAreaField(_l("Note on changes from last year"), validators=[Optional(), Length(max=4000)],
                                description=_l("Needed when a figure grew by more than %(limit)s from last year.",
                                                            limit="300%"))

    def figures(self) -> dict:
        """The figures entered, as the services take them (an empty box is no figure)."""
        out: dict = {}
        for name in (*INT_FIELDS, *KRW_FIELDS):
            if name == "smart_factory_stage":
                continue
            out[name] = getattr(self, name).data
        stage = self.smart_factory_stage.data
        out["smart_factory_stage"] = int(stage) if stage not in (None, "") and str(stage).isdigit() else None
        for name in BOOL_FIELDS:
            out[name] = bool(getattr(self, name).data)
        out["va_method"] = "simple" if self.va_method.data == "simple" else "items"
        out["technologies"] = [t for t in (self.technologies.data or []) if t in TECHNOLOGIES]
        out["succession_status"] = self.succession_status.data if self.succession_status.data in SUCCESSION_LABELS \
            else None
        out["change_note"] = (self.change_note.data or "").strip() or None
        out["exports_by_country"] = parse_countries(self.exports_by_country.data or "")
        return out

    def load(self, ret) -> None:
        """Fill the form from a stored return."""
        for name in (*INT_FIELDS, *KRW_FIELDS, *BOOL_FIELDS, "change_note", "technologies"):
            if name != "smart_factory_stage":
                getattr(self, name).data = getattr(ret, name)
        self.smart_factory_stage.data = "" if ret.smart_factory_stage is None else str(ret.smart_factory_stage)
        self.va_method.data = ret.va_method
        self.succession_status.data = ret.succession_status or ""
        self.exports_by_country.data = ", ".join(f"{c} {v}" for c, v in sorted((ret.exports_by_country or {})
                                                                                .items()))


def figure_labels(names) -> dict[str, str]:
    """The return form's labels of ``names`` in the visitor's language (for pages that show figures read-only)."""
    form = ReturnForm(formdata=None, meta={"csrf": False})
    return {name: str(form[name].label.text) for name in names}


def parse_countries(text: str) -> dict:
    """``"JP 1200, US 300"`` → ``{"JP": 1200, "US": 300}``; a malformed entry becomes ``{"??": -1}`` so the
    checks mark the field."""
    out: dict = {}
    for part in text.replace(";", ",").replace("\n", ",").split(","):
        bits = part.split()
        if not bits:
            continue
        if len(bits) != 2 or not bits[1].replace("_", "").isdigit():
            return {"??": -1}
        out[bits[0].upper()] = out.get(bits[0].upper(), 0) + int(bits[1].replace("_", ""))
    return out


class DecisionForm(Form):
    decision = SelectField(_l("Decision"), validate_choice=False,
                           choices=[SelectChoice("verify", _l("Verify")),
                                    SelectChoice("return", _l("Return for changes"))])
    reason = TextAreaField(_l("Reasons for returning"), validators=[Optional(), Length(max=2000)])
    expected = StringField(validators=[Optional()])


class CampaignForm(Form):
    year = IntegerField(_l("Year"), validators=[InputRequired()])
    deadline = DateField(_l("Deadline"), validators=[Optional()])


class OfficialCountForm(Form):
    year = IntegerField(_l("Year"), validators=[InputRequired()])
    cluster_code = SelectField(_l("Cluster"), validate_choice=False)
    ksic = SelectField(_l("Trade"), validate_choice=False,
                       choices=[SelectChoice(k, v) for k, v in TRADES.items()])
    firms = IntegerField(_l("Firms"), validators=[InputRequired()])
    jobs = IntegerField(_l("Jobs"), validators=[Optional()])
    source = StringField(_l("Source"), validators=[InputRequired(), Length(max=200)])
    source_year = IntegerField(_l("Year of the source"), validators=[InputRequired()])


class MemberForm(Form):
    name = StringField(_l("Firm name"), validators=[InputRequired(), Length(max=160)])
    name_ko = StringField(_l("Name in Korean"), validators=[Optional(), Length(max=160)])
    trade_association = SelectField(_l("Trade association"), validate_choice=False,
                                    choices=[SelectChoice(k, v) for k, v in TRADE_ASSOCIATIONS.items()])
    cluster_code = SelectField(_l("Cluster"), validate_choice=False)
    ksic = SelectField(_l("Trade"), validate_choice=False, choices=[SelectChoice(k, v) for k, v in TRADES.items()])
    district = StringField(_l("District"), validators=[InputRequired(), Length(max=80)],
                           description=_l("The gu, in English, e.g. Seongdong-gu."))
    joined_year = IntegerField(_l("Member since"), validators=[Optional()])
    active = BooleanField(_l("Active member"))
    dues_status = SelectField(_l("Dues"), validate_choice=False,
                              choices=[SelectChoice(k, v) for k, v in DUES_LABELS.items()])
    dues_year = IntegerField(_l("Dues for the year"), validators=[Optional()])

    def values(self) -> dict:
        """The entry as the register's service takes it."""
        return {name: getattr(self, name).data for name in ("name", "name_ko", "trade_association", "cluster_code",
                                                            "ksic", "district", "dues_status", "dues_year",
                                                            "joined_year", "active")}

    def load(self, member) -> None:
        """Fill the form from a register entry."""
        for name in self.values():
            getattr(self, name).data = getattr(member, name)


class TargetForm(Form):
    baseline = FloatField(_l("Baseline (%)"), validators=[InputRequired()])
    baseline_year = IntegerField(_l("Baseline year"), validators=[InputRequired()])
    target = FloatField(_l("Target (%)"), validators=[InputRequired()])
    target_year = IntegerField(_l("Target year"), validators=[InputRequired()])
    source = StringField(_l("Source"), validators=[InputRequired(), Length(max=200)],
                         description=_l("Where these figures come from: the paper, plan or survey, and its year."))

    def load(self, target) -> None:
        """Fill the form from a target as in force."""
        self.baseline.data, self.target.data = target.baseline, target.target
        self.baseline_year.data, self.target_year.data = target.baseline_year, target.target_year
        self.source.data = str(target.source)


class ProposalForm(Form):
    year = IntegerField(_l("Year"), validators=[InputRequired()])
    title = StringField(_l("Title"), validators=[InputRequired(), Length(max=200)])
    body = TextAreaField(_l("Proposal"), validators=[Optional(), Length(max=8000)])


class CorrectionForm(ReturnForm):
    reason = TextAreaField(_l("Why the verified figures are corrected"), validators=[Optional(), Length(max=2000)])
