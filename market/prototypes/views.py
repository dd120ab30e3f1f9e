"""Pages of prototype commissions: the board makers browse, the request form, the request page (files behind the
NDA, questions, private messages, suggestions and invitations, bids compared side by side, the award), the
commission page (milestones funded, delivered, approved or sent back, timeline, ratings), the startup's requests,
the maker's bids, the commissions list and an organisation's ratings.

Refusals of a form's input (422) show on the form, re-rendered; every other refusal (403, 404, 409) goes to the
app's one handler (:mod:`market.errors`), which flashes it and leads back. Link to the board with
``url_for('market_prototypes.index')``; maker profiles show a ratings block through the
``prototype_rating_summary`` template global and link to ``market_prototypes.ratings``.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from i18n.locales import current_locale
from market.accounts.forms import ConfirmForm
from market.accounts.models import Organization, OrganizationKind
from market.clusters import cluster_name, list_clusters
from market.db import get_session
from market.pages import page_number
from market.prototypes import commission_views
from market.prototypes.commission_views import uploads_of
from market.prototypes.forms import (
    AnswerForm,
    BidForm,
    BoardForm,
    FilesForm,
    InviteForm,
    MakerChoiceForm,
    MessageForm,
    QuestionForm,
    RequestForm,
    TranslationForm,
)
from market.prototypes.models import MilestoneStatus
from market.prototypes.payable import checkout_url
from market.prototypes.services import files, nda, queries
from market.prototypes.services.access import maker_organizations, startup_organizations
from market.prototypes.services.base import (
    BID_STATUS_LABELS,
    CATEGORY_LABELS,
    MILESTONE_STATUS_LABELS,
    NDA_PARAGRAPHS,
    NDA_VERSION,
    STATE_LABELS,
    PrototypeError,
    event_text,
)
from market.prototypes.services.bids import award_bid, submit_bid, withdraw_bid
from market.prototypes.services.details import request_detail
from market.prototypes.services.questions import answer_question, ask_question, post_message
from market.prototypes.services.ratings import rating_summary, ratings_of
from market.prototypes.services.requests import cancel_request, create_request, set_translation
from market.prototypes.services.suggestions import (
    invite_maker,
    restart_suggestions,
    stored_suggestions,
    suggestions_state,
)
from market.storage import send_private

bp = Blueprint("market_prototypes", __name__, url_prefix="/<locale:lang>/prototypes")
commission_views.register(bp)


# --- template helpers ------------------------------------------------------------------------------------------


@bp.app_template_global()
def prototype_category_label(category) -> str:
    """A prototype category in words."""
    return str(CATEGORY_LABELS.get(category, category))


@bp.app_template_global()
def prototype_state_label(state) -> str:
    """A request's state in words."""
    return str(STATE_LABELS.get(state, state))


@bp.app_template_global()
def prototype_bid_status_label(status) -> str:
    """A bid's status in words."""
    return str(BID_STATUS_LABELS.get(status, status))


@bp.app_template_global()
def milestone_status_label(status) -> str:
    """A milestone's status in words."""
    return str(MILESTONE_STATUS_LABELS.get(MilestoneStatus(status), status))


@bp.app_template_global()
def prototype_event_text(kind, milestone=None) -> str:
    """A commission timeline entry in words, naming its milestone ("Milestone 2 · Tooling funded")."""
    return event_text(kind, milestone)


@bp.app_template_global()
def prototype_rating_summary(org_id: int) -> tuple[float | None, int]:
    """The average prototype rating an organisation received and how many (for profile pages)."""
    return rating_summary(get_session(), org_id)


@bp.app_template_global()
def milestone_fund_url(milestone) -> str:
    """Where the startup pays a milestone: the payments checkout."""
    return checkout_url(milestone)


def _clusters() -> list[tuple[str, str]]:
    return [(c.code, cluster_name(c, current_locale())) for c in list_clusters(get_session())]


def _field_refusal(form, exc: PrototypeError) -> None:
    """Show a refusal of the form's input (422) on its fields; any other refusal goes on to the app's handler."""
    if exc.status != 422:
        raise exc
    form.refuse(exc)


# --- the board and lists ---------------------------------------------------------------------------------------


@bp.get("/")
def index():
    """The board: open requests makers can bid on, filtered by category, cluster, budget, deadline and NDA."""
    form = BoardForm(request.args, clusters=_clusters())
    valid = form.validate()
    filters = queries.BoardFilters(page=page_number())
    if valid:
        filters.category = form.category.data or None
        filters.cluster = form.cluster.data or None
        filters.budget_min_krw = form.budget_min_krw.data
        filters.budget_max_krw = form.budget_max_krw.data
        filters.deadline_before = form.deadline_before.data
        filters.nda = {"yes": True, "no": False}.get(form.nda.data or "")
        filters.sort = form.sort.data or "newest"
    session = get_session()
    rows, total = queries.list_board(session, filters, current_locale())
    is_startup = bool(startup_organizations(session, current_user))
    is_maker = bool(maker_organizations(session, current_user))
    args = {k: v for k, v in request.args.items() if k != "page" and v}
    return render_template("market/prototypes/board.html", form=form, rows=rows, total=total, page=filters.page,
                           per_page=filters.per_page, args=args, is_startup=is_startup,
                           is_maker=is_maker), (200 if valid else 422)


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    """The request form for startups: texts, category, quantity, materials, files, budget, deadline, NDA."""
    session = get_session()
    startups = startup_organizations(session, current_user)
    if not startups:
        return render_template("market/prototypes/new.html", form=None), 403
    form = RequestForm(startups=startups, clusters=_clusters())
    if not form.is_submitted():
        form.locale.data = current_locale()
        form.nda_required.data = True
    status = 200
    if form.validate_on_submit():
        try:
            req = create_request(
                session, current_user, title=form.title.data, description=form.description.data,
                category=form.category.data, quantity=form.quantity.data, budget_min_krw=form.budget_min_krw.data,
                budget_max_krw=form.budget_max_krw.data, deadline=form.deadline.data,
                nda_required=form.nda_required.data, materials=form.materials.data,
                cluster_code=form.cluster_code.data or None, locale=form.locale.data,
                startup_org_id=form.startup_org_id.data if len(startups) > 1 else None, files=uploads_of())
        except PrototypeError as exc:
            _field_refusal(form, exc)
        else:
            session.commit()
            flash(_("Your prototype request is on the board."), "success")
            return redirect(url_for(".detail", request_id=req.id))
    if form.errors or form.form_errors:
        status = 422
    return render_template("market/prototypes/new.html", form=form), status


@bp.get("/mine")
@login_required
def mine():
    """The requests of the user's startups, in every state."""
    rows = queries.list_own_requests(get_session(), current_user, current_locale())
    return render_template("market/prototypes/mine.html", rows=rows)


@bp.get("/bids")
@login_required
def bids():
    """The bids of the user's makers and the requests they were invited to."""
    session = get_session()
    return render_template("market/prototypes/bids.html",
                           rows=queries.list_own_bids(session, current_user, current_locale()),
                           invitations=queries.list_invitations(session, current_user, current_locale()))


@bp.get("/commissions/")
@login_required
def commissions():
    """The commissions of the user's organisations, as startup or maker."""
    rows = queries.list_commissions(get_session(), current_user, current_locale())
    return render_template("market/prototypes/commissions.html", rows=rows)


@bp.get("/ratings/<int:org_id>")
def ratings(org_id: int):
    """The prototype ratings a maker or startup received, with the comments."""
    session = get_session()
    org = session.get(Organization, org_id)
    if org is None or org.kind not in (OrganizationKind.maker, OrganizationKind.startup):
        abort(404)
    return render_template("market/prototypes/ratings.html", org=org, summary=rating_summary(session, org.id),
                           rows=ratings_of(session, org.id))


# --- the request page ------------------------------------------------------------------------------------------


def _detail(request_id: int, status: int = 200, posted: tuple[str, int] | None = None, **forms):
    session = get_session()
    d = request_detail(session, current_user, request_id, current_locale())
    suggestions = _suggestions(d) if d.is_startup and d.state == "open" else None
    if "bid_form" not in forms:
        bid_form = BidForm(formdata=None)
        bid_form.maker_org_id.choices = [(o.id, o.name) for o in d.maker_orgs]
        own = d.own_bid
        if own is not None:
            bid_form.price_krw.data, bid_form.lead_time_days.data = own.price_krw, own.lead_time_days
            bid_form.notes.data = own.notes
            for entry, step in zip(bid_form.milestones.entries, own.milestones, strict=False):
                entry.form.title.data, entry.form.amount_krw.data = step["title"], step["amount_krw"]
        forms["bid_form"] = bid_form
    else:
        forms["bid_form"].maker_org_id.choices = [(o.id, o.name) for o in d.maker_orgs]
    forms.setdefault("question_form", QuestionForm(formdata=None))
    forms.setdefault("answer_form", AnswerForm(formdata=None))
    forms.setdefault("message_form", MessageForm(formdata=None))
    forms.setdefault("files_form", FilesForm(formdata=None))
    if "translation_form" not in forms:
        forms["translation_form"] = TranslationForm(formdata=None)
        forms["translation_form"].locale.data = next(
            (loc for loc in ("en", "ko", "ja", "zh_Hans", "vi") if loc != d.request.source_locale), "en")
    forms.setdefault("maker_form", MakerChoiceForm(formdata=None))
    forms["maker_form"].maker_org_id.choices = [(o.id, o.name) for o in d.maker_orgs]
    return render_template("market/prototypes/detail.html", d=d, s=suggestions, posted=posted,
                           nda_paragraphs=NDA_PARAGRAPHS, nda_version=NDA_VERSION, **forms), status


def _suggestions(d) -> dict:
    """The suggestions block: its state ("pending" while the job looks) and the stored makers once found."""
    invited = {org.id for _invite, org in d.invites}
    state = suggestions_state(d.request)
    rows = [(org, score, lines, org.id in invited)
            for org, score, lines in stored_suggestions(get_session(), d.request)] if state == "ready" else []
    return {"state": state, "rows": rows}


@bp.get("/<int:request_id>/suggestions")
@login_required
def suggestions(request_id: int):
    """The suggestions block alone, which the request page reloads until the makers are found."""
    d = request_detail(get_session(), current_user, request_id, current_locale())
    if not d.is_startup:
        abort(404)
    return render_template("market/prototypes/_suggestions.html", d=d, r=d.request,
                           s=_suggestions(d) if d.state == "open" else {"state": "ready", "rows": []})


@bp.post("/<int:request_id>/suggestions")
@login_required
def find_makers(request_id: int):
    """The startup asks to look for makers again after a search that failed or was lost."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    restart_suggestions(get_session(), current_user, request_id)
    return _done(_("Looking for makers…"), request_id, "#suggestions")


@bp.get("/<int:request_id>")
def detail(request_id: int):
    """A request: public facts and Q&A; files for those allowed; bids and invitations for the startup."""
    return _detail(request_id)


def _done(message: str, request_id: int, anchor: str = ""):
    get_session().commit()
    flash(message, "success")
    return redirect(url_for(".detail", request_id=request_id) + anchor)


@bp.get("/<int:request_id>/files/<int:file_id>")
@login_required
def file(request_id: int, file_id: int):
    """Download a request's file: the startup, and makers once they accepted the NDA (when one is asked)."""
    item = files.get_request_file(get_session(), current_user, request_id, file_id)
    return send_private(item.storage_key, item.filename, item.content_type)


@bp.post("/<int:request_id>/files")
@login_required
def add_files(request_id: int):
    """The startup adds files to its open request."""
    form = FilesForm()
    if not form.validate_on_submit():
        return _detail(request_id, 422, files_form=form)
    try:
        added = files.add_files(get_session(), current_user, request_id, uploads_of())
    except PrototypeError as exc:
        _field_refusal(form, exc)
        return _detail(request_id, 422, files_form=form)
    return _done(_("%(n)d file(s) added.", n=len(added)), request_id, "#files")


@bp.post("/<int:request_id>/nda")
@login_required
def accept_nda(request_id: int):
    """The maker accepts the request's NDA (recorded with the time and version); the files open."""
    form = MakerChoiceForm()
    if not form.validate_on_submit():
        abort(400)
    nda.accept_nda(get_session(), current_user, request_id, form.maker_org_id.data or None)
    return _done(_("You accepted the NDA. The files are open to you."), request_id, "#files")


@bp.post("/<int:request_id>/questions")
@login_required
def ask(request_id: int):
    """A maker asks a public question."""
    form = QuestionForm()
    if not form.validate_on_submit():
        return _detail(request_id, 422, question_form=form)
    try:
        ask_question(get_session(), current_user, request_id, form.body.data,
                     request.form.get("maker_org_id", type=int))
    except PrototypeError as exc:
        _field_refusal(form, exc)
        return _detail(request_id, 422, question_form=form)
    return _done(_("Your question was posted."), request_id, "#questions")


@bp.post("/questions/<int:question_id>/answer")
@login_required
def answer(question_id: int):
    """The startup answers a question publicly."""
    request_id = queries.request_of_question(get_session(), question_id)
    form = AnswerForm()
    if request_id is None:
        abort(404)
    posted = ("answer", question_id)
    if not form.validate_on_submit():
        return _detail(request_id, 422, posted, answer_form=form)
    try:
        answer_question(get_session(), current_user, question_id, form.answer.data)
    except PrototypeError as exc:
        _field_refusal(form, exc)
        return _detail(request_id, 422, posted, answer_form=form)
    return _done(_("Your answer was posted."), request_id, "#questions")


@bp.post("/<int:request_id>/messages")
@login_required
def message(request_id: int):
    """A private message between the startup and one maker."""
    form = MessageForm()
    maker_org_id = int(form.maker_org_id.data) if (form.maker_org_id.data or "").isdigit() else None
    posted = ("message", maker_org_id) if maker_org_id else None
    if not form.validate_on_submit():
        return _detail(request_id, 422, posted, message_form=form)
    try:
        post_message(get_session(), current_user, request_id, form.body.data, maker_org_id)
    except PrototypeError as exc:
        _field_refusal(form, exc)
        return _detail(request_id, 422, posted, message_form=form)
    return _done(_("Message sent."), request_id, "#messages")


@bp.post("/<int:request_id>/invites")
@login_required
def invite(request_id: int):
    """The startup invites a suggested maker to bid."""
    form = InviteForm()
    if not form.validate_on_submit() or not (form.maker_org_id.data or "").isdigit():
        abort(400)
    try:
        score = float(form.score.data) if form.score.data else None
    except ValueError:
        score = None
    invite_maker(get_session(), current_user, request_id, int(form.maker_org_id.data), score,
                 form.explanation.data or "")
    return _done(_("The maker was invited to bid."), request_id, "#suggestions")


@bp.post("/<int:request_id>/bids")
@login_required
def bid(request_id: int):
    """A maker bids (or updates its bid) with a price, lead time, notes and a milestone plan."""
    form = BidForm()
    if not form.validate_on_submit():
        return _detail(request_id, 422, bid_form=form)
    try:
        submit_bid(get_session(), current_user, request_id, price_krw=form.price_krw.data,
                   lead_time_days=form.lead_time_days.data, notes=form.notes.data, milestones=form.plan(),
                   maker_org_id=form.maker_org_id.data or None)
    except PrototypeError as exc:
        _field_refusal(form, exc)
        return _detail(request_id, 422, bid_form=form)
    return _done(_("Your bid was sent to the startup."), request_id, "#your-bid")


@bp.post("/bids/<int:bid_id>/withdraw")
@login_required
def withdraw(bid_id: int):
    """The maker withdraws its open bid."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    bid = withdraw_bid(get_session(), current_user, bid_id)
    return _done(_("Your bid was withdrawn."), bid.request_id, "#your-bid")


@bp.post("/bids/<int:bid_id>/award")
@login_required
def award(bid_id: int):
    """The startup awards a bid; the commission starts and the other bidders are told."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    session = get_session()
    commission = award_bid(session, current_user, bid_id)
    session.commit()
    flash(_("Bid awarded. Fund the first milestone so the maker can start."), "success")
    return redirect(url_for(".commission", commission_id=commission.id))


@bp.post("/<int:request_id>/cancel")
@login_required
def cancel(request_id: int):
    """The startup cancels its open request."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    cancel_request(get_session(), current_user, request_id)
    return _done(_("The request was cancelled and the bidders told."), request_id)


@bp.post("/<int:request_id>/translations")
@login_required
def translate(request_id: int):
    """The startup writes the title and description in another language."""
    form = TranslationForm()
    if not form.validate_on_submit():
        return _detail(request_id, 422, translation_form=form)
    try:
        set_translation(get_session(), current_user, request_id, form.locale.data, form.title.data,
                        form.description.data)
    except PrototypeError as exc:
        _field_refusal(form, exc)
        return _detail(request_id, 422, translation_form=form)
    return _done(_("The translation was saved."), request_id, "#translations")
