"""Pages of the association: the public dashboard and report of a year (headline KPIs with source and year,
targets as SVG charts, tables with suppressed cells, a member's own benchmarks, estimates and the programme
evaluation for staff and the city), the report PDF (Korean, English), CSV/XLSX of the aggregates (staff, trade
chairs, the city), a member's returns and the return form (each platform figure with its source), reviewers'
lists and decisions, campaigns with response rates and reminders, official counts, and staff's pages for the
member register (membership, dues) and the targets.

Refusals of a form's input (422) show on the form; every other refusal goes to the app's handler.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms import SelectChoice

from i18n.locales import current_locale
from i18n.money import format_money
from market.association.forms import (
    CampaignForm,
    CorrectionForm,
    DecisionForm,
    MemberForm,
    OfficialCountForm,
    ProposalForm,
    ReturnForm,
    TargetForm,
    figure_labels,
)
from market.association.labels import cell_label
from market.association.models import ReturnStatus
from market.association.outputs import target_chart, to_csv, to_xlsx
from market.association.reference import (
    DIMENSIONS,
    DUES_LABELS,
    RETURNS_SOURCE,
    SMART_STAGES,
    TARGETS_SOURCE,
    TRADE_ASSOCIATIONS,
    TRADES,
)
from market.association.services import (
    access,
    aggregates,
    campaigns,
    estimates,
    evidence,
    register,
    returns,
    targets,
)
from market.association.services.prefill import PREFILLED, prefill_labels, prefill_notes
from market.clusters import cluster_name_by_code, list_clusters
from market.db import get_session
from market.formviews import submit
from market.pdf import download_ready
from market.refusals import Refusal
from market.storage import send_private
from market.uploads.files import MAX_DOCUMENT_BYTES, read_upload

bp = Blueprint("market_association", __name__, url_prefix="/<locale:lang>/association")


@bp.app_template_global()
def association_krw(value) -> str:
    """An amount in won, or a dash."""
    return "—" if value is None else format_money(value, "KRW")


@bp.app_template_global()
def association_status_label(status) -> str:
    """A return's status in words."""
    return returns.status_label(status)


@bp.app_template_global()
def association_member_name(member) -> str:
    """A member firm's name, in Korean on Korean pages when the register has it."""
    return member.name_ko if current_locale() == "ko" and member.name_ko else member.name


@bp.app_template_global()
def association_dues_label(status) -> str:
    """A member's dues status in words."""
    return str(DUES_LABELS.get(status, status))


@bp.app_template_global()
def association_trade_association(code) -> str:
    """One of the five trade associations in words."""
    return str(TRADE_ASSOCIATIONS.get(code, code))


def _year_or_latest(year: int | None) -> int:
    latest = campaigns.latest_year(get_session())
    if year is None:
        if latest is None:
            abort(404)
        return latest
    return year


@bp.get("/")
def index():
    """The newest year's dashboard."""
    return redirect(url_for(".dashboard", year=_year_or_latest(None)))


@bp.get("/<int:year>")
def dashboard(year: int):
    """The public report page of ``year``: every figure with its source and year."""
    session = get_session()
    rows = aggregates.verified_rows(session, year)
    tables = aggregates.published_tables(session, year, rows)
    head = aggregates.headline(session, year, rows, tables)
    targets = aggregates.target_points(session, year, rows)
    charts = [(p, target_chart(p["target"], p["value"], year)) for p in targets]
    user = current_user if current_user.is_authenticated else None
    bench = None
    own = access.members_of_user(session, user)
    if own:
        ret = returns.get_return(session, own[0], year)
        if ret is not None and ret.status == ReturnStatus.verified:
            bench = aggregates.benchmark(session, own[0], ret, year)
    insight = access.can_export(user)
    rates = campaigns.response_rates(session, year, "cluster") if insight else []
    return render_template(
        "market/association/dashboard.html", year=year, head=head, tables=tables, charts=charts,
        growth=aggregates.export_growth(session, year, rows), destinations=aggregates.destinations(rows),
        activity=aggregates.platform_activity(session, year), bench=bench, member=own[0] if own else None,
        estimate=estimates.estimate(session, year, "jobs", rows) if insight else None,
        money_estimates=[e for e in (estimates.estimate(session, year, m, rows)
                                     for m in ("value_added_krw", "exports_krw")) if e] if insight else [],
        evaluation=estimates.programme_evaluation(session, year) if insight else None,
        overall=campaigns.overall_rate(rates) if rates else None, can_export=insight,
        proposals=register.proposals_of(session, year), cell_label=cell_label, dimensions=DIMENSIONS,
        is_staff=access.is_staff(user),
        returns_source=RETURNS_SOURCE, targets_source=TARGETS_SOURCE,
        years=[c.year for c in campaigns.list_campaigns(session)])


@bp.get("/<int:year>/report.pdf")
def report_pdf(year: int):
    """The annual report of ``year`` as a PDF in Korean (``?in=ko``) or English (``?in=en``)."""
    from market.association.report_pdf import build_report

    lang = request.args.get("in", "ko" if current_locale() == "ko" else "en")
    if lang not in ("ko", "en"):
        lang = "en"
    session = get_session()
    rows = aggregates.verified_rows(session, year)
    tables = aggregates.published_tables(session, year, rows)
    head = aggregates.headline(session, year, rows, tables)
    data = build_report(lang, year, head, aggregates.target_points(session, year, rows), tables,
                        lambda dim, key: cell_label(dim, key, lang))
    response = Response(data, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="association-report-{year}-{lang}.pdf"'
    return download_ready(response)


@bp.get("/<int:year>/aggregates.<fmt>")
@login_required
def export(year: int, fmt: str):
    """Every published table of ``year`` as CSV or XLSX (staff, trade chairs, the city; refused to members)."""
    if fmt not in ("csv", "xlsx"):
        abort(404)
    access.require_export(current_user)
    tables = aggregates.published_tables(get_session(), year)
    source = str(RETURNS_SOURCE)
    if fmt == "csv":
        response = Response(to_csv(year, tables, source), mimetype="text/csv")
    else:
        headers = {"source": _("Source"), "key": _("Cell"), "firms": _("Firms"), "jobs": _("Jobs"),
                   "value_added_krw": _("Value added (KRW)"), "exports_krw": _("Exports (KRW)"),
                   "suppressed": _("Suppressed"), "total": _("All members"),
                   **{dim: str(label) for dim, label in DIMENSIONS.items()}}
        response = Response(to_xlsx(year, tables, source, headers, cell_label),
                            mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response.headers["Content-Disposition"] = f'attachment; filename="association-aggregates-{year}.{fmt}"'
    return download_ready(response)


# --- a member's returns ----------------------------------------------------------------------------------------


@bp.get("/returns")
@login_required
def my_returns():
    """The member's returns, and the open campaigns it can file for."""
    session = get_session()
    member = access.member_for_user(session, current_user)
    open_years = [c.year for c in campaigns.list_campaigns(session) if c.status == "open"]
    return render_template("market/association/my_returns.html", member=member,
                           rows=returns.returns_of_member(session, member), open_years=open_years)


@bp.route("/returns/<int:year>", methods=["GET", "POST"])
@login_required
def edit_return(year: int):
    """The return form of ``year``: pre-filled figures with their source, saved as a draft or submitted."""
    session = get_session()
    member = access.member_for_user(session, current_user)
    # A GET shows the return as it would open (pre-filled) without writing; the first POST makes it.
    ret = (returns.open_return(session, member, year) if request.method == "POST"
           else returns.get_return(session, member, year) or returns.preview_return(session, member, year))
    form = ReturnForm()
    if request.method == "GET":
        form.load(ret)

    def page(status=200):
        return render_template("market/association/return_form.html", form=form, ret=ret, member=member,
                               prefill=prefill_labels(ret.prefill), notes=_notes(ret),
                               figure_labels=figure_labels(PREFILLED), editable=ret.status in returns.EDITABLE,
                               documents=evidence.evidence_of(session, ret),
                               versions=returns.versions_of(session, ret), stages=SMART_STAGES), status

    if request.method == "GET":
        return page()
    action = returns.submit_return if request.form.get("action") == "submit" else returns.save_return

    def act():
        # The documents are checked first and stored last, so a refused return leaves no file behind.
        checked = evidence.check_evidence(session, ret, [read_upload(f, MAX_DOCUMENT_BYTES)
                                                         for f in request.files.getlist("evidence")])
        saved = action(session, ret, member, current_user, form.figures())
        evidence.store_evidence(session, saved, current_user, checked)
        return saved

    def done(saved):
        flash(_("Your return is now: %(status)s.", status=returns.status_label(saved.status)), "success")
        return redirect(url_for(".edit_return", year=year))

    return submit(form, act, page, done)


def _notes(ret) -> dict:
    """The platform's figures offered for ``ret``, by field."""
    return {note["field"]: note for note in prefill_notes(ret)}


# --- reviewers -------------------------------------------------------------------------------------------------


def _reviewer():
    if not access.is_reviewer(current_user):
        raise Refusal(_("Only association staff, and the chair of the firm's trade, review returns."),
                      code="forbidden", status=403)


@bp.get("/review")
@login_required
def review_list():
    """The year's returns for reviewers (a trade chair sees its trade), by status."""
    _reviewer()
    session = get_session()
    year = request.args.get("year", type=int) or _year_or_latest(None)
    status = request.args.get("status") or None
    if status not in {s.value for s in ReturnStatus}:
        status = None
    ksic = access.chair_trade(session, current_user) if not access.is_staff(current_user) else None
    rows = returns.list_returns(session, year, status=status, ksic=ksic)
    return render_template("market/association/review_list.html", rows=rows, year=year, status=status,
                           statuses=list(ReturnStatus), cell_label=cell_label)


@bp.route("/review/<int:return_id>", methods=["GET", "POST"])
@login_required
def review(return_id: int):
    """One return for a reviewer: its figures, versions, and the decision (verify, or return with reasons)."""
    _reviewer()
    session = get_session()
    ret, member = returns.return_for_reviewer(session, current_user, return_id)
    form = DecisionForm()

    def page(status=200):
        return render_template("market/association/review.html", ret=ret, member=member, form=form,
                               versions=returns.versions_of(session, ret), notes=_notes(ret),
                               figure_labels=figure_labels(PREFILLED),
                               documents=evidence.evidence_of(session, ret), cell_label=cell_label,
                               stages=SMART_STAGES,
                               can_correct=access.is_staff(current_user)), status

    if request.method == "GET":
        return page()

    def decide():
        if form.decision.data == "verify":
            return returns.verify_return(session, ret, current_user, expected=form.expected.data or None)
        return returns.send_back_return(session, ret, current_user, form.reason.data,
                                        expected=form.expected.data or None)

    def done(saved):
        flash(_("The return is now: %(status)s.", status=returns.status_label(saved.status)), "success")
        return redirect(url_for(".review_list", year=saved.year))

    return submit(form, decide, page, done)


# --- campaigns and counts (staff) ------------------------------------------------------------------------------


@bp.route("/campaigns", methods=["GET", "POST"])
@login_required
def campaign_list():
    """Campaigns with their response rates; staff open a new one."""
    if not access.can_export(current_user):
        raise Refusal(_("Only association staff, trade chairs and the city see the campaigns."), code="forbidden",
                      status=403)
    session = get_session()
    form = CampaignForm()

    def page(status=200):
        rows = [(c, campaigns.overall_rate(campaigns.response_rates(session, c.year, "cluster")))
                for c in campaigns.list_campaigns(session)]
        return render_template("market/association/campaigns.html", rows=rows, form=form,
                               is_staff=access.is_staff(current_user)), status

    if request.method == "GET":
        return page()

    def done(campaign):
        flash(_("The campaign for %(year)d is open.", year=campaign.year), "success")
        return redirect(url_for(".campaign", year=campaign.year))

    return submit(form, lambda: campaigns.open_campaign(session, current_user, form.year.data, form.deadline.data),
                  page, done)


@bp.get("/campaigns/<int:year>")
@login_required
def campaign(year: int):
    """A campaign's response rate by cluster and by trade, live."""
    if not access.can_export(current_user):
        raise Refusal(_("Only association staff, trade chairs and the city see the campaigns."), code="forbidden",
                      status=403)
    session = get_session()
    by_cluster = campaigns.response_rates(session, year, "cluster")
    return render_template("market/association/campaign.html", year=year, by_cluster=by_cluster,
                           by_trade=campaigns.response_rates(session, year, "trade"),
                           overall=campaigns.overall_rate(by_cluster), cell_label=cell_label,
                           is_staff=access.is_staff(current_user), form=CampaignForm())


@bp.post("/campaigns/<int:year>/remind")
@login_required
def remind(year: int):
    """Remind the members who have not answered."""
    session = get_session()
    count = campaigns.remind_members(session, current_user, year)
    session.commit()
    flash(_("%(count)d firms were reminded.", count=count), "success")
    return redirect(url_for(".campaign", year=year))


@bp.route("/counts", methods=["GET", "POST"])
@login_required
def official_counts():
    """Official counts per cluster × trade with their source and year (staff enter them)."""
    access.require_staff(current_user)
    session = get_session()
    form = OfficialCountForm()
    form.cluster_code.choices = [SelectChoice(c.code, cluster_name_by_code(c.code, current_locale()))
                                 for c in list_clusters(session)]

    def page(status=200):
        return render_template("market/association/counts.html", form=form,
                               rows=register.list_official_counts(session), cell_label=cell_label), status

    if request.method == "GET":
        return page()

    def done(row):
        flash(_("The official count is saved."), "success")
        return redirect(url_for(".official_counts"))

    return submit(form, lambda: register.set_official_count(
        session, current_user, year=form.year.data, cluster_code=form.cluster_code.data, ksic=form.ksic.data,
        firms=form.firms.data, jobs=form.jobs.data, source=form.source.data or "",
        source_year=form.source_year.data), page, done)


@bp.get("/members")
@login_required
def members():
    """The member register of the five trade associations with dues status (staff; a chair its trade)."""
    if not access.is_reviewer(current_user):
        raise Refusal(_("Only association staff and trade chairs see the member register."), code="forbidden",
                      status=403)
    session = get_session()
    ksic = None if access.is_staff(current_user) else access.chair_trade(session, current_user)
    association = request.args.get("association")
    association = association if association in TRADE_ASSOCIATIONS else None
    return render_template("market/association/members.html",
                           rows=register.list_members(session, ksic=ksic, trade_association=association),
                           dues=register.dues_summary(session), cell_label=cell_label, trades=TRADES,
                           associations=TRADE_ASSOCIATIONS, association=association,
                           is_staff=access.is_staff(current_user))


@bp.route("/members/new", methods=["GET", "POST"], defaults={"member_id": None})
@bp.route("/members/<int:member_id>", methods=["GET", "POST"])
@login_required
def edit_member(member_id: int | None):
    """Add a firm to the member register, or change its entry: membership and dues status (staff only)."""
    access.require_staff(current_user)
    session = get_session()
    member = register.get_member(session, member_id) if member_id is not None else None
    form = MemberForm()
    form.cluster_code.choices = [SelectChoice(c.code, cluster_name_by_code(c.code, current_locale()))
                                 for c in list_clusters(session)]
    if request.method == "GET":
        if member is not None:
            form.load(member)
        else:
            form.active.data = True

    def page(status=200):
        return render_template("market/association/member_form.html", form=form, member=member), status

    if request.method == "GET":
        return page()

    def done(saved):
        flash(_("The register entry of %(name)s is saved.", name=saved.name), "success")
        return redirect(url_for(".members", _anchor=f"member-{saved.id}"))

    return submit(form, lambda: register.save_member(session, current_user, member, **form.values()), page, done)


@bp.get("/targets")
@login_required
def target_list():
    """The forum paper's targets as in force, with their sources (staff edit them)."""
    access.require_staff(current_user)
    return render_template("market/association/targets.html", rows=targets.current_targets(get_session()))


@bp.route("/targets/<code>", methods=["GET", "POST"])
@login_required
def edit_target(code: str):
    """Change a target's baseline, target, years and source (staff only)."""
    access.require_staff(current_user)
    session = get_session()
    target = targets.get_target(session, code)
    form = TargetForm()
    if request.method == "GET":
        form.load(target)

    def page(status=200):
        return render_template("market/association/target_form.html", form=form, target=target), status

    if request.method == "GET":
        return page()

    def done(saved):
        flash(_("The target “%(label)s” is saved.", label=saved.label), "success")
        return redirect(url_for(".target_list", _anchor=f"target-{saved.code}"))

    return submit(form, lambda: targets.set_target(
        session, current_user, code, baseline=form.baseline.data, target=form.target.data,
        baseline_year=form.baseline_year.data, target_year=form.target_year.data, source=form.source.data),
        page, done)


@bp.route("/proposals", methods=["GET", "POST"])
def proposals():
    """The year's policy proposals against "at least three a year"; staff draft them and move them on."""
    session = get_session()
    year = request.args.get("year", type=int) or campaigns.latest_year(session) or 2026
    form = ProposalForm(year=year)
    is_staff = access.is_staff(current_user if current_user.is_authenticated else None)

    def page(status=200):
        rows = [(p, register.next_steps(p)) for p in register.proposals_of(session, year)]
        return render_template("market/association/proposals.html", rows=rows, year=year, form=form,
                               is_staff=is_staff, label=register.proposal_label,
                               minimum=register.PROPOSALS_PER_YEAR), status

    if request.method == "GET":
        return page()
    access.require_staff(current_user if current_user.is_authenticated else None)

    def done(proposal):
        flash(_("The proposal is saved as a draft."), "success")
        return redirect(url_for(".proposals", year=proposal.year))

    return submit(form, lambda: register.add_proposal(session, current_user, form.year.data, form.title.data,
                                                      form.body.data or ""), page, done)


@bp.post("/proposals/<int:proposal_id>/move")
@login_required
def move_proposal(proposal_id: int):
    """Move a proposal one step (staff)."""
    session = get_session()
    proposal = register.get_proposal(session, proposal_id)
    register.move_proposal(session, current_user, proposal, request.form.get("to", ""))
    session.commit()
    flash(_("The proposal is now: %(status)s.", status=register.proposal_label(proposal.status)), "success")
    return redirect(url_for(".proposals", year=proposal.year))


@bp.route("/review/<int:return_id>/correct", methods=["GET", "POST"])
@login_required
def correct(return_id: int):
    """Correct a verified return (staff): a new version with who, when and why."""
    access.require_staff(current_user)
    session = get_session()
    ret, member = returns.return_for_reviewer(session, current_user, return_id)
    if ret.status != ReturnStatus.verified:
        raise Refusal(_("Only a verified return is corrected; review the others."), code="wrong_state", status=409)
    form = CorrectionForm()
    if request.method == "GET":
        form.load(ret)

    def page(status=200):
        return render_template("market/association/correct.html", form=form, ret=ret, member=member,
                               versions=returns.versions_of(session, ret)), status

    if request.method == "GET":
        return page()

    def done(saved):
        flash(_("The correction is saved as version %(n)d.", n=saved.version), "success")
        return redirect(url_for(".review", return_id=saved.id))

    return submit(form, lambda: returns.correct_return(session, ret, current_user, form.figures(),
                                                       form.reason.data or ""), page, done)


@bp.get("/evidence/<int:file_id>")
@login_required
def evidence_file(file_id: int):
    """An evidence document, for the member and its reviewers only."""
    row = evidence.evidence_for_user(get_session(), current_user, file_id)
    return send_private(row.storage_key, row.filename, row.content_type)
