"""Pages of people of the trades: a craftsperson's public profile, a workshop's people, the masters' registry
by trade and cluster with the year's quotas, certificates (page with QR code, plaque PDF, Open Badges export,
revocation), and template globals for the badges on maker and product pages. Nominations and the competition
have their own modules that add to this blueprint (:mod:`market.people.nomination_views`,
:mod:`market.people.competition_views`)."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from markupsafe import Markup

from i18n.locales import current_locale
from i18n.money import format_money
from market.accounts.models import Organization
from market.clusters import cluster_name, list_clusters
from market.db import get_session
from market.formviews import submit
from market.pdf import download_ready
from market.people import competition_views, nomination_views
from market.people.forms import PersonForm, RevokeForm, StoryForm
from market.people.models import Craftsperson, Level, MasterAward, NominationStatus, NominatorKind
from market.people.plaque import qr_svg, render_plaque
from market.people.services import awards, competition, profiles
from market.people.services.competition import COMPETITION_STATUS_LABELS
from market.people.services.nominations import LEVEL_LABELS, NOMINATOR_LABELS, STATUS_LABELS
from market.people.trades import TRADES, trade_choices, trade_label
from market.refusals import not_found
from market.uploads.files import read_upload
from matching.services.profiles import get_org_profile

bp = Blueprint("market_people", __name__, url_prefix="/<locale:lang>")
bp.add_app_template_global(trade_label)
bp.add_app_template_global(trade_choices)
nomination_views.register(bp)
competition_views.register(bp)


@bp.app_template_global()
def recognition_label(level) -> str:
    """A recognition's level in words."""
    return str(LEVEL_LABELS.get(Level(level), level))


@bp.app_template_global()
def nomination_status_label(status) -> str:
    """A nomination's status in words."""
    return str(STATUS_LABELS.get(NominationStatus(status), status))


@bp.app_template_global()
def nominator_label(kind) -> str:
    """Who nominated, in words."""
    return str(NOMINATOR_LABELS.get(NominatorKind(kind), kind))


@bp.app_template_global()
def review_status_label(status) -> str:
    """A review assignment's status in words (the review piece's labels)."""
    from market.reviews.services import status_label

    return status_label(status)


@bp.app_template_global()
def competition_status_label(status) -> str:
    """A competition's stage in words."""
    return str(COMPETITION_STATUS_LABELS.get(status, status))


@bp.app_template_global()
def person_name(person) -> str:
    """A craftsperson's name as the reader reads it: in Korean on Korean pages when there is one."""
    if current_locale() == "ko" and person.name_ko:
        return person.name_ko
    return person.name


@bp.app_template_global()
def org_name(org) -> str:
    """A workshop's name as the reader reads it: its Korean name on Korean pages when it has one."""
    if current_locale() == "ko" and org.name_ko:
        return org.name_ko
    return org.name


@bp.app_template_global()
def master_badges(org_id: int) -> list:
    """The valid, public recognitions of a workshop (for the badge on its maker and product pages)."""
    return awards.workshop_awards(get_session(), org_id)


@bp.app_template_global()
def competition_wins(org_id: int) -> list:
    """A workshop's winning places in the skills competition (for its badge)."""
    return competition.wins_of(get_session(), org_id)


@bp.app_template_global()
def workshop_craftspeople(org_id: int) -> list[Craftsperson]:
    """The people of a workshop who consented to a public profile (linked from its maker page)."""
    return profiles.workshop_people(get_session(), org_id, public_only=True)


def _verify_url(code: str) -> str:
    return request.host_url.rstrip("/") + f"/verify/{code}"


@bp.get("/people/")
def people():
    """The craftspeople of Seoul's workshops who agreed to a public profile, by trade and cluster."""
    session = get_session()
    trade = request.args.get("trade") or None
    trade = trade if trade in TRADES else None
    cluster = request.args.get("cluster") or None
    clusters = [(c.code, cluster_name(c, current_locale())) for c in list_clusters(session)]
    return render_template("market/people/people.html", rows=profiles.list_public_people(session, trade, cluster),
                           trade=trade, cluster=cluster, trades=TRADES, clusters=clusters, today=dt.date.today())


@bp.get("/people/<int:person_id>")
def person(person_id: int):
    """A craftsperson's public profile: trade, years, workshop, story in the reader's language, recognitions."""
    session = get_session()
    p = profiles.public_person(session, current_user, person_id)
    org = session.get(Organization, p.org_id)
    editable = profiles.may_edit_workshop(session, current_user, p.org_id)
    recognitions = [r for r in awards.list_masters(session, public_only=False, org_id=p.org_id)
                    if r.person.id == p.id]
    grants = {r.award.id: awards.grant_state(session, r.award) for r in recognitions} if editable else {}
    # Introductions to a master go through the existing introductions: the workshop's published profile.
    intro_profile = get_org_profile(session, p.org_id)
    if intro_profile is not None and intro_profile.status != "published":
        intro_profile = None
    return render_template("market/people/person.html", p=p, org=org, story=profiles.story_of(session, p,
                           current_locale()), editable=editable, recognitions=recognitions, grants=grants, intro_profile=intro_profile,
                           story_form=StoryForm(formdata=None, locale=current_locale()),
                           today=dt.date.today())


@bp.post("/people/<int:person_id>/story")
@login_required
def story(person_id: int):
    """Write the story in another language (the workshop's members or staff)."""
    form = StoryForm()

    def done(_result):
        flash(_("The story is saved."), "success")
        return redirect(url_for(".person", person_id=person_id))

    return submit(form, lambda: profiles.set_story(get_session(), current_user, person_id, form.locale.data,
                                                   form.story.data),
                  lambda status: (render_template("market/people/person_form_error.html", form=form,
                                                  back=url_for(".person", person_id=person_id)), status), done)


@bp.post("/people/<int:person_id>/consent")
@login_required
def consent(person_id: int):
    """Record or withdraw the person's consent to a public profile."""
    person_row = profiles.set_consent(get_session(), current_user, person_id, request.form.get("consent") == "yes")
    get_session().commit()
    flash(_("The profile is public.") if person_row.consent_at else _("The profile is hidden from the public."),
          "success")
    return redirect(url_for(".person", person_id=person_id))


@bp.route("/workshops/<int:org_id>/people", methods=["GET", "POST"])
@login_required
def workshop(org_id: int):
    """A workshop's people, and the form to add one (its members and staff)."""
    session = get_session()
    org = session.get(Organization, org_id)
    if org is None or not profiles.may_edit_workshop(session, current_user, org_id):
        raise not_found()
    form = PersonForm()
    if not form.is_submitted():
        form.locale.data = current_locale()

    def page(status):
        return render_template("market/people/workshop.html", org=org, form=form,
                               people=profiles.workshop_people(session, org_id)), status

    if request.method == "GET":
        return page(200)
    photo = request.files.get("photo")

    def action():
        return profiles.add_craftsperson(
            session, current_user, org_id=org_id, name=form.name.data, name_ko=form.name_ko.data,
            trade=form.trade.data, started_year=form.started_year.data, source_locale=form.locale.data,
            story={form.locale.data: form.story.data}, consent=form.consent.data,
            photo=read_upload(photo) if photo and photo.filename else None)

    def done(added):
        flash(_("%(name)s is added.", name=added.name), "success")
        return redirect(url_for(".person", person_id=added.id))

    return submit(form, action, page, done)


@bp.get("/masters/")
def registry():
    """The masters' registry by trade and cluster, with the year's quotas against the city's target of 300."""
    session = get_session()
    trade = request.args.get("trade") or None
    trade = trade if trade in TRADES else None
    cluster = request.args.get("cluster") or None
    rows = awards.list_masters(session, trade=trade, cluster=cluster)
    year = dt.date.today().year
    quotas, total = awards.quota_table(session, year)
    clusters = [(c.code, cluster_name(c, current_locale())) for c in list_clusters(session)]
    return render_template("market/people/registry.html", rows=rows, trade=trade, cluster=cluster,
                           clusters=clusters, trades=TRADES, quotas=quotas, total=total, year=year,
                           target=awards.TARGET, target_year=awards.TARGET_YEAR)


@bp.route("/masters/certificates/<code>", methods=["GET", "POST"])
def certificate(code: str):
    """A certificate's page: QR code of its verify address, the plaque, the Open Badges export; staff revoke."""
    session = get_session()
    record = awards.get_award(session, code)
    form = RevokeForm()
    if request.method == "POST":
        def done(_result):
            flash(_("The certificate is revoked."), "success")
            return redirect(url_for(".certificate", code=record.code))

        return submit(form, lambda: awards.revoke(session, current_user, record.code, form.reason.data),
                      lambda status: _certificate_page(record, form, status), done)
    return _certificate_page(record, RevokeForm(formdata=None))


def _certificate_page(record: MasterAward, form, status: int = 200):
    session = get_session()
    person_row = session.get(Craftsperson, record.craftsperson_id)
    org = session.get(Organization, record.org_id)
    verify_url = _verify_url(record.code)
    # The grant's payment is the workshop's and staff's business; the public page shows its amount only.
    grant = awards.grant_state(session, record) if profiles.may_edit_workshop(session, current_user,
                                                                               record.org_id) else None
    return render_template("market/people/certificate.html", record=record, p=person_row, org=org,
                           verify_url=verify_url, qr=Markup(qr_svg(verify_url)), form=form, grant=grant), status


@bp.post("/masters/certificates/<code>/grant")
@login_required
def pay_grant(code: str):
    """Staff pay the master's grant to the workshop (once)."""
    payout = awards.pay_grant(get_session(), current_user, code)
    get_session().commit()
    flash(_("The grant of %(amount)s is paid to the workshop.", amount=format_money(payout.amount_krw, "KRW")),
          "success")
    return redirect(url_for(".certificate", code=code))


@bp.get("/masters/certificates/<code>/plaque.pdf")
def plaque(code: str):
    """The printable plaque (PDF) in the reader's language."""
    session = get_session()
    record = awards.get_award(session, code)
    person_row = session.get(Craftsperson, record.craftsperson_id)
    org = session.get(Organization, record.org_id)
    data = render_plaque(record, person_row, org, _verify_url(record.code), current_locale())
    response = make_response(data)
    response.headers["Content-Type"] = "application/pdf"
    response.headers["Content-Disposition"] = f'inline; filename="plaque-{record.code}.pdf"'
    return download_ready(response)
