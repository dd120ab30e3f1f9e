"""Pages of matching data and introductions: the profile editor, technology listings (the holder's list and
editor, the public page with its teaser or details) and the introductions inbox with its steps.

Blueprints: ``matching_profiles`` (``/<lang>/matching/profile…``), ``matching_listings``
(``/<lang>/matching/listings…``) and ``matching_intros`` (``/<lang>/introductions…``). Views parse, call one
service, commit, then render or redirect; a service's refusal is shown on the form it concerns, or left to the
app's one handler (a flash and the way back, or the error page).
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from i18n.locales import LOCALES, current_locale
from i18n.vocabularies import split_values
from market.accounts.forms import KIND_LABELS, ConfirmForm
from market.accounts.models import Organization
from market.db import get_session
from market.pages import page_number, page_url
from market.storage import send_private
from market.uploads.files import Upload, read_upload
from matching import holder_nda
from matching import introductions as intros
from matching.errors import MatchingError
from matching.forms import DeclineForm, HolderNdaForm, IntroRequestForm, ListingForm, NdaForm, ProfileForm
from matching.intro_page import reason_choices, render_introduction
from matching.models import LISTING_ENTITY, PROFILE_ENTITY, IntroStatus, TechListing
from matching.services import listings, profiles
from matching.services.listings import LISTING_KINDS
from matching.services.rights import can_edit, is_member, user_orgs
from matching.services.texts import entity_texts

profiles_bp = Blueprint("matching_profiles", __name__, url_prefix="/<locale:lang>/matching")
listings_bp = Blueprint("matching_listings", __name__, url_prefix="/<locale:lang>/matching/listings")
intros_bp = Blueprint("matching_intros", __name__, url_prefix="/<locale:lang>/introductions")


@profiles_bp.app_template_global()
def matching_tag_name(concept_id: str) -> str:
    """A glossary concept's name in the page's language (its id when unknown)."""
    from i18n.glossary import load_glossary

    term = load_glossary().get(concept_id)
    if term is None:
        return concept_id
    locale = current_locale()
    return term.names.get(locale) or term.names["en"]


@profiles_bp.app_template_global()
def matching_kind_label(kind) -> str:
    """An organisation kind in words."""
    from market.accounts.models import OrganizationKind

    try:
        return str(KIND_LABELS[OrganizationKind(str(kind))])
    except (KeyError, ValueError):
        return str(kind)


@profiles_bp.app_template_global()
def matching_terms_label(term: str) -> str:
    """A licensing term in words."""
    return str({"license": _("Licence"), "joint_development": _("Joint development"), "sale": _("Sale")}
               .get(term, term))


def _edit_lang(default: str) -> str:
    lang = request.values.get("edit_lang") or default
    return lang if lang in LOCALES else default


def _tag_choices(form, tags: list[str], suggested: list[str]) -> None:
    form.tags.choices = [SelectChoice(t, matching_tag_name(t)) for t in dict.fromkeys([*tags, *suggested])]


def _vocabulary_fields(form, *names: str) -> dict[str, list[str]]:
    """Vocabulary fields as the services take them: ``name`` the ids, ``name_other`` the free texts."""
    out = {}
    for name in names:
        out[name], out[f"{name}_other"] = split_values(name, getattr(form, name).data)
    return out


def _tags_from(form) -> list[str]:
    return [*(form.tags.data or []), *[t.strip() for t in (form.add_tags.data or "").split(",") if t.strip()]]


# --- profile editor and public profile ------------------------------------------------------------------------------


@profiles_bp.get("/profile")
@login_required
def my_profile():
    """Go to the profile editor of the user's organisation (or let them choose one)."""
    orgs = user_orgs(get_session(), current_user)
    if len(orgs) == 1:
        return redirect(url_for("matching_profiles.edit_profile", org_id=orgs[0].id))
    return render_template("matching/profiles/choose.html", orgs=orgs)


def _render_profile_editor(org: Organization, profile, form: ProfileForm, edit_lang: str, status: int = 200,
                           texts: dict | None = None):
    if texts is None:
        texts = entity_texts(get_session(), PROFILE_ENTITY, [profile.id])[profile.id]
    suggested = profiles.suggest_profile_tags(texts, profile.tags)
    _tag_choices(form, list(profile.tags), suggested)
    return render_template("matching/profiles/edit.html", org=org, profile=profile, form=form, edit_lang=edit_lang,
                           texts=texts, suggested=suggested, publish_form=ConfirmForm(),
                           languages=LOCALES), status


@profiles_bp.route("/profile/<int:org_id>/edit", methods=["GET", "POST"])
@login_required
def edit_profile(org_id: int):
    """The profile editor: texts per language, tags with glossary suggestions, region, contacts. Until the
    organisation has a profile, the editor shows the draft it would start as; saving (or publishing) creates it."""
    session = get_session()
    form = ProfileForm()
    if request.method == "GET":
        profile, all_texts = profiles.org_profile_draft(session, current_user, org_id)
        org = session.get(Organization, org_id)
        edit_lang = _edit_lang(profile.lang)
        texts = all_texts.get(edit_lang, {})
        form.edit_lang.data = edit_lang
        form.title.data, form.offer.data, form.seek.data = (texts.get("title", ""), texts.get("offer", ""),
                                                           texts.get("seek", ""))
        form.lang.data, form.region.data = profile.lang, profile.region or ""
        form.contact_email.data, form.contact_phone.data = profile.contact_email or "", profile.contact_phone or ""
        form.tags.data = list(profile.tags)
        form.capabilities.data = list(profile.capabilities or [])
        form.equipment.data = list(profile.equipment or [])
        return _render_profile_editor(org, profile, form, edit_lang, texts=all_texts)
    # Saving starts the profile first (committed), so a refused save shows the editor of the stored draft.
    profile = profiles.ensure_org_profile(session, current_user, org_id)
    session.commit()
    org = session.get(Organization, org_id)
    edit_lang = _edit_lang(profile.lang)
    if not form.validate_on_submit():
        return _render_profile_editor(org, profile, form, edit_lang, 422)
    try:
        profiles.update_profile(
            session, current_user, profile.id, lang=form.lang.data,
            texts={edit_lang: {"title": form.title.data, "offer": form.offer.data, "seek": form.seek.data}},
            tags=_tags_from(form), region=form.region.data, contact_email=form.contact_email.data,
            contact_phone=form.contact_phone.data, **_vocabulary_fields(form, "capabilities", "equipment"))
    except MatchingError as exc:
        session.rollback()
        form.refuse(exc)
        return _render_profile_editor(org, profile, form, edit_lang, 422)
    session.commit()
    flash(_("Profile saved."), "success")
    return redirect(url_for("matching_profiles.edit_profile", org_id=org_id, edit_lang=edit_lang))


@profiles_bp.post("/profile/<int:org_id>/status")
@login_required
def set_profile_status(org_id: int):
    """Publish or unpublish the organisation's profile."""
    session = get_session()
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    profile = profiles.ensure_org_profile(session, current_user, org_id)
    profiles.set_profile_status(session, current_user, profile.id, request.form.get("publish") == "1")
    session.commit()
    flash(_("Your profile is published.") if profile.status == "published" else _("Your profile is hidden."),
          "success")
    return redirect(url_for("matching_profiles.edit_profile", org_id=org_id))


@profiles_bp.get("/profiles/<int:profile_id>")
def show_profile(profile_id: int):
    """A public profile with "Request introduction"."""
    session = get_session()
    profile = profiles.get_profile(session, profile_id, current_user)
    card = profiles.profile_card(session, profile, current_locale())
    return render_template("matching/profiles/detail.html", card=card, profile=profile,
                           **_request_context(session, profile_id=profile.id, org_id=profile.org_id))


def _request_context(session, *, org_id: int, profile_id: int | None = None, listing_id: int | None = None) -> dict:
    """What a page needs to offer "Request introduction": the form, the user's organisations, an existing one."""
    if not current_user.is_authenticated:
        return {"request_form": None, "existing": None, "own": False}
    orgs = [o for o in user_orgs(session, current_user) if o.id != org_id]
    own = is_member(session, current_user, org_id)
    form = IntroRequestForm()
    form.from_org_id.choices = [SelectChoice(o.id, o.name) for o in orgs]
    existing = intros.open_introduction_for(session, current_user, listing_id=listing_id, profile_id=profile_id)
    return {"request_form": form if orgs else None, "existing": existing, "own": own,
            "target_doc_id": f"t:{listing_id}" if listing_id else f"p:{profile_id}"}


# --- listings ----------------------------------------------------------------------------------------------------------


@listings_bp.get("/")
@login_required
def my_listings():
    """The technology listings of the user's IP holder and lab organisations, drafts included."""
    session = get_session()
    orgs = [o for o in user_orgs(session, current_user) if o.kind in LISTING_KINDS]
    groups = []
    for org in orgs:
        rows, _total = listings.list_listings(session, current_user, org_id=org.id, include_drafts=True,
                                              per_page=100)
        groups.append((org, [listings.listing_card(session, t, current_user, current_locale()) for t in rows]))
    return render_template("matching/listings/mine.html", groups=groups, action_form=ConfirmForm())


def _fill_listing_form(form: ListingForm, listing: TechListing | None, texts: dict, edit_lang: str) -> None:
    values = texts.get(edit_lang, {})
    form.edit_lang.data = edit_lang
    for name in ("title", "abstract", "teaser_title", "teaser"):
        getattr(form, name).data = values.get(name, "")
    if listing is not None:
        form.lang.data = listing.lang
        form.patent_number.data = listing.patent_number or ""
        form.ipc.data = ", ".join(listing.ipc)
        form.trl.data = str(listing.trl or "")
        form.license_terms.data = list(listing.license_terms)
        form.nda_required.data = listing.nda_required
        form.questions.data = "\n".join(listing.questions)
        form.tags.data = list(listing.tags)
        form.region.data = listing.region or ""
    else:
        form.lang.data = edit_lang


def _listing_fields(form: ListingForm) -> dict:
    return {
        "patent_number": form.patent_number.data, "ipc": [c for c in (form.ipc.data or "").split(",")],
        "trl": form.trl.data or None, "license_terms": form.license_terms.data or [],
        "nda_required": bool(form.nda_required.data), "questions": (form.questions.data or "").splitlines(),
        "tags": _tags_from(form), "region": form.region.data,
    }


def _render_listing_editor(org, listing, form, edit_lang, status: int = 200, nda_form=None):
    session = get_session()
    texts = entity_texts(session, LISTING_ENTITY, [listing.id])[listing.id] if listing else {}
    if not texts and form.title.data:
        texts = {edit_lang: {"title": form.title.data or "", "abstract": form.abstract.data or ""}}
    tags = list(listing.tags) if listing else list(form.tags.data or [])
    suggested = profiles.suggest_profile_tags(texts, tags)
    _tag_choices(form, tags, suggested)
    return render_template("matching/listings/edit.html", org=org, listing=listing, form=form, edit_lang=edit_lang,
                           texts=texts, suggested=suggested, action_form=ConfirmForm(), languages=LOCALES,
                           nda_form=nda_form or HolderNdaForm(formdata=None)), status


@listings_bp.route("/new", methods=["GET", "POST"])
@login_required
def new_listing():
    """Write a new technology listing for an IP holder or lab (``org_id`` when the user has several)."""
    session = get_session()
    orgs = [o for o in user_orgs(session, current_user) if o.kind in LISTING_KINDS]
    org_id = request.values.get("org_id", type=int) or (orgs[0].id if len(orgs) == 1 else None)
    org = session.get(Organization, org_id) if org_id else None
    if org is None or not can_edit(session, current_user, org.id):
        abort(404)
    edit_lang = _edit_lang(org.source_locale)
    form = ListingForm()
    if request.method == "GET":
        _fill_listing_form(form, None, {}, edit_lang)
        return _render_listing_editor(org, None, form, edit_lang)
    if not form.validate_on_submit():
        return _render_listing_editor(org, None, form, edit_lang, 422)
    try:
        listing = listings.create_listing(
            session, current_user, org.id, lang=form.lang.data,
            texts={form.lang.data: {name: getattr(form, name).data
                                    for name in ("title", "abstract", "teaser_title", "teaser")}},
            **_listing_fields(form))
    except MatchingError as exc:
        session.rollback()
        form.refuse(exc)
        return _render_listing_editor(org, None, form, edit_lang, 422)
    session.commit()
    flash(_("Listing saved as a draft."), "success")
    return redirect(url_for("matching_listings.edit_listing", listing_id=listing.id, edit_lang=listing.lang))


def _own_listing(listing_id: int) -> TechListing:
    session = get_session()
    listing = session.get(TechListing, listing_id)
    if listing is None or not can_edit(session, current_user, listing.org_id):
        abort(404)
    return listing


@listings_bp.route("/<int:listing_id>/edit", methods=["GET", "POST"])
@login_required
def edit_listing(listing_id: int):
    """Edit a listing: texts per language, teaser, patent, codes, readiness, terms, NDA and questions."""
    session = get_session()
    listing = _own_listing(listing_id)
    org = session.get(Organization, listing.org_id)
    edit_lang = _edit_lang(listing.lang)
    form = ListingForm()
    if request.method == "GET":
        _fill_listing_form(form, listing, entity_texts(session, LISTING_ENTITY, [listing.id])[listing.id],
                           edit_lang)
        return _render_listing_editor(org, listing, form, edit_lang)
    if not form.validate_on_submit():
        return _render_listing_editor(org, listing, form, edit_lang, 422)
    try:
        listings.update_listing(
            session, current_user, listing.id, lang=form.lang.data,
            texts={edit_lang: {name: getattr(form, name).data
                               for name in ("title", "abstract", "teaser_title", "teaser")}},
            **_listing_fields(form))
    except MatchingError as exc:
        session.rollback()
        form.refuse(exc)
        return _render_listing_editor(org, session.get(TechListing, listing_id), form, edit_lang, 422)
    session.commit()
    flash(_("Listing saved."), "success")
    return redirect(url_for("matching_listings.edit_listing", listing_id=listing.id, edit_lang=edit_lang))


@listings_bp.post("/<int:listing_id>/nda-file")
@login_required
def upload_holder_nda(listing_id: int):
    """The holder attaches its own NDA (a PDF) to a listing behind an NDA."""
    session = get_session()
    listing = _own_listing(listing_id)
    form = HolderNdaForm()
    upload = request.files.get("nda_file")
    if form.validate_on_submit():
        try:
            holder_nda.set_holder_nda(session, current_user, listing.id,
                                      read_upload(upload) if upload and upload.filename else Upload("", b""))
        except MatchingError as exc:
            session.rollback()
            form.refuse(exc)
        else:
            session.commit()
            flash(_("Your NDA is attached. Requesters accept it with the platform's NDA."), "success")
            return redirect(url_for("matching_listings.edit_listing", listing_id=listing.id, _anchor="holder-nda"))
    edit_form = ListingForm(formdata=None)
    edit_lang = _edit_lang(listing.lang)
    _fill_listing_form(edit_form, listing, entity_texts(session, LISTING_ENTITY, [listing.id])[listing.id],
                       edit_lang)
    return _render_listing_editor(session.get(Organization, listing.org_id), listing, edit_form, edit_lang, 422,
                                  nda_form=form)


@listings_bp.post("/<int:listing_id>/nda-file/remove")
@login_required
def remove_holder_nda(listing_id: int):
    """The holder takes its own NDA off a listing."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    session = get_session()
    holder_nda.remove_holder_nda(session, current_user, _own_listing(listing_id).id)
    session.commit()
    flash(_("Your NDA is no longer attached."), "success")
    return redirect(url_for("matching_listings.edit_listing", listing_id=listing_id, _anchor="holder-nda"))


@listings_bp.get("/<int:listing_id>/nda-file")
@login_required
def holder_nda_file(listing_id: int):
    """The holder's own NDA, for its members, staff and requesters at the NDA step."""
    listing = holder_nda.holder_nda_file(get_session(), current_user, listing_id)
    return send_private(listing.nda_file_key, listing.nda_file_name or "nda.pdf", "application/pdf")


@listings_bp.post("/<int:listing_id>/status")
@login_required
def set_listing_status(listing_id: int):
    """Publish or unpublish a listing."""
    session = get_session()
    listing = _own_listing(listing_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    listings.set_listing_status(session, current_user, listing.id, request.form.get("publish") == "1")
    session.commit()
    flash(_("The listing is published.") if request.form.get("publish") == "1" else _("The listing is hidden."),
          "success")
    return redirect(url_for("matching_listings.edit_listing", listing_id=listing_id))


@listings_bp.post("/<int:listing_id>/delete")
@login_required
def delete_listing(listing_id: int):
    """Delete a listing."""
    session = get_session()
    _own_listing(listing_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    listings.delete_listing(session, current_user, listing_id)
    session.commit()
    flash(_("The listing was deleted."), "success")
    return redirect(url_for("matching_listings.my_listings"))


@listings_bp.get("/<int:listing_id>")
def show_listing(listing_id: int):
    """The public page of a listing: the teaser or the full details (per disclosure), and "Request
    introduction"."""
    session = get_session()
    listing = listings.get_listing(session, listing_id, current_user)
    card = listings.listing_card(session, listing, current_user, current_locale())
    return render_template("matching/listings/detail.html", card=card, listing=listing,
                           **_request_context(session, listing_id=listing.id, org_id=listing.org_id))


# --- introductions --------------------------------------------------------------------------------------------------


@intros_bp.app_template_global()
def intro_status_label(status) -> str:
    """An introduction's status in words."""
    return str(intros.STATUS_LABELS.get(IntroStatus(str(status)), status))


@intros_bp.get("/")
@login_required
def inbox():
    """Received and sent introductions, with their status."""
    box = request.args.get("box", "received")
    box = box if box in ("received", "sent") else "received"
    status = request.args.get("status") or None
    page = page_number()
    try:
        views, total = intros.list_introductions(get_session(), current_user, box=box, status=status, page=page,
                                                 locale=current_locale())
    except MatchingError:
        abort(404)
    return render_template("matching/intros/list.html", views=views, total=total, page=page, box=box,
                           status=status, per_page=intros.PER_PAGE, page_url=page_url)


@intros_bp.post("/request")
@login_required
def request_intro():
    """Send an introduction request from a profile or listing page."""
    session = get_session()
    form = IntroRequestForm()
    form.from_org_id.choices = [SelectChoice(o.id, o.name) for o in user_orgs(session, current_user)]
    back = request.referrer or url_for("matching_intros.inbox")
    doc_id = request.form.get("to_doc_id", "")
    if not form.validate_on_submit():
        flash(_("Write a message: who you are and what you have in mind."), "error")
        return redirect(back)
    intro = intros.request_introduction(session, current_user, message=form.message.data, to_doc_id=doc_id,
                                        from_org_id=form.from_org_id.data)
    session.commit()
    flash(_("Your introduction request was sent."), "success")
    return redirect(url_for("matching_intros.detail", intro_id=intro.id))


@intros_bp.get("/<int:intro_id>")
@login_required
def detail(intro_id: int):
    """One introduction: the message, the steps, the other side's contacts once accepted."""
    return render_introduction(intro_id)


def _step(intro_id: int, fn, *args, done: str):
    session = get_session()
    fn(session, current_user, intro_id, *args)
    session.commit()
    flash(done, "success")
    return redirect(url_for("matching_intros.detail", intro_id=intro_id))


@intros_bp.post("/<int:intro_id>/accept")
@login_required
def accept(intro_id: int):
    """The recipient accepts."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    return _step(intro_id, intros.accept_introduction, done=_("Accepted. You can now contact each other."))


@intros_bp.post("/<int:intro_id>/approve")
@login_required
def approve(intro_id: int):
    """The holder approves a qualified requester."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    return _step(intro_id, intros.approve_introduction, done=_("Approved. The requester is asked to accept the NDA."))


@intros_bp.post("/<int:intro_id>/withdraw")
@login_required
def withdraw(intro_id: int):
    """The requester withdraws."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    return _step(intro_id, intros.withdraw_introduction, done=_("Your request was withdrawn."))


@intros_bp.post("/<int:intro_id>/decline")
@login_required
def decline(intro_id: int):
    """The recipient declines with a reason."""
    form = DeclineForm()
    form.reason.choices = reason_choices()
    if not form.validate_on_submit() or not form.reason.data:
        if not form.errors:
            form.add_error("reason", _("Choose a reason from the list."))
        return render_introduction(intro_id, 422, decline_form=form)
    return _step(intro_id, intros.decline_introduction, form.reason.data, form.note.data,
                 done=_("Declined. The requester sees your reason."))


@intros_bp.post("/<int:intro_id>/answers")
@login_required
def answers(intro_id: int):
    """The requester answers the holder's questions."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    values = [request.form.get(f"answer_{n}", "") for n in range(len(request.form))
              if f"answer_{n}" in request.form]
    return _step(intro_id, intros.answer_questions, values, done=_("Your answers were sent to the holder."))


@intros_bp.post("/<int:intro_id>/accept-nda")
@login_required
def accept_nda(intro_id: int):
    """The requester accepts the NDA; the details are disclosed."""
    form = NdaForm()
    if not form.validate_on_submit():
        return render_introduction(intro_id, 422, nda_form=form)
    return _step(intro_id, intros.accept_nda, form.version.data,
                 done=_("NDA accepted. The details and the holder's contacts are now shown."))
