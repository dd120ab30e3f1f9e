"""Pages of the co-brand: the published criteria, a maker's applications, the curators' review queue, the
certificate page with its QR code and labels, and the public verify page (``/verify/<code>``, also under each
locale)."""

from __future__ import annotations

import io

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from catalog.certification import criteria, labels, services
from catalog.certification.forms import ApplicationForm, ApproveForm, EvidenceForm, RejectForm, RevokeForm
from catalog.certification.models import ApplicationStatus, CertificateStatus, CertificationApplication
from i18n.locales import current_locale
from market.accounts.forms import ConfirmForm
from market.db import get_session
from market.pdf import download_ready
from market.security import staff_required
from market.storage import get_storage, send_private
from market.verification import find_credential

bp = Blueprint("catalog_certification", __name__, url_prefix="/<locale:lang>/co-brand")
verify_bp = Blueprint("catalog_verify", __name__)

CURATORS = ("curator", "admin")


@bp.app_template_global("cobrand_tier_name")
def cobrand_tier_name(code: str | None) -> str:
    """The translated name of a co-brand tier, for badges on any page."""
    return criteria.tier_name(code)


# --- the published criteria ------------------------------------------------------------------------------------


@bp.get("/")
def index():
    """The seal, its criteria and points, and the tiers; makers' owners get their way to apply."""
    session = get_session()
    makers = services.owned_makers(session, current_user) if current_user.is_authenticated else []
    return render_template("catalog/certification/index.html", criteria=criteria.CRITERIA, tiers=criteria.TIERS,
                           max_points=criteria.MAX_POINTS, makers=makers, confirm_form=ConfirmForm(),
                           is_curator=services.is_curator(current_user))


# --- a maker's applications ------------------------------------------------------------------------------------


@bp.get("/applications")
@login_required
def mine():
    """The user's makers with their applications (and the reasons of rejected ones) and certificates."""
    overviews = services.my_applications(get_session(), current_user)
    return render_template("catalog/certification/mine.html", overviews=overviews, confirm_form=ConfirmForm(),
                           status_of=services.certificate_status)


@bp.post("/makers/<int:org_id>/apply")
@login_required
def apply(org_id: int):
    """Open a draft application for a maker the user owns (or go to its open one)."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    session = get_session()
    application = services.start_application(session, current_user, org_id)
    session.commit()
    return redirect(url_for(".application", application_id=application.id))


def _render_application(page: services.ApplicationPage, form: ApplicationForm, evidence_form: EvidenceForm,
                        status: int = 200):
    is_owner = services.is_owner(get_session(), current_user, page.maker.id)
    editable = page.application.status == ApplicationStatus.draft and is_owner
    form.products.choices = [(item.product.id, item.title.text if item.title else f"#{item.product.id}")
                             for item in page.choices]
    return render_template("catalog/certification/application.html", page=page, form=form,
                           evidence_form=evidence_form, confirm_form=ConfirmForm(), editable=editable,
                           is_owner=is_owner), status


@bp.route("/applications/<int:application_id>", methods=["GET", "POST"])
@login_required
def application(application_id: int):
    """A maker's application: answers and products (editable while a draft), evidence, live score, status."""
    session = get_session()
    app_row = services.get_application(session, current_user, application_id)
    if request.method == "GET":
        form = ApplicationForm(data={**app_row.answers, "products": app_row.product_ids})
        page = services.application_page(session, app_row, current_locale())
        return _render_application(page, form, EvidenceForm(formdata=None))
    form = ApplicationForm()
    if form.validate_on_submit():
        try:
            result = services.save_answers(session, current_user, application_id, form.answers(),
                                           form.products.data or [])
        except services.CertificationError as exc:
            session.rollback()
            form.refuse(exc)
        else:
            session.commit()
            if result.tier:
                flash(_("Saved. This application scores %(points)d of %(max)d points: %(tier)s.",
                        points=result.total, max=result.max_total, tier=result.tier.name), "success")
            else:
                flash(_("Saved. This application scores %(points)d of %(max)d points and reaches no tier yet.",
                        points=result.total, max=result.max_total), "info")
            return redirect(url_for(".application", application_id=application_id))
    page = services.application_page(session, app_row, current_locale())
    return _render_application(page, form, EvidenceForm(formdata=None), 422)


@bp.post("/applications/<int:application_id>/evidence")
@login_required
def upload_evidence(application_id: int):
    """Add an evidence document to a draft (checked by its content, stored privately)."""
    session = get_session()
    app_row = services.get_application(session, current_user, application_id)
    evidence_form = EvidenceForm()
    if evidence_form.validate_on_submit():
        upload = evidence_form.file.data
        try:
            evidence = services.add_evidence(session, current_user, application_id, evidence_form.kind.data,
                                             upload.read(), upload.filename, get_storage())
        except services.CertificationError as exc:
            session.rollback()
            evidence_form.refuse(exc)
        else:
            session.commit()
            flash(_("“%(name)s” was added.", name=evidence.display_name), "success")
            return redirect(url_for(".application", application_id=application_id) + "#evidence")
    form = ApplicationForm(formdata=None, data={**app_row.answers, "products": app_row.product_ids})
    page = services.application_page(session, app_row, current_locale())
    return _render_application(page, form, evidence_form, 422)


@bp.post("/evidence/<int:evidence_id>/delete")
@login_required
def delete_evidence(evidence_id: int):
    """Remove a document from a draft."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    session = get_session()
    try:
        app_row = services.delete_evidence(session, current_user, evidence_id, get_storage())
    except services.CertificationError as exc:
        session.rollback()
        flash(exc.message, "error")
        return redirect(url_for(".mine"))
    session.commit()
    flash(_("The document was removed."), "info")
    return redirect(url_for(".application", application_id=app_row.id) + "#evidence")


@bp.get("/evidence/<int:evidence_id>")
@login_required
def download_evidence(evidence_id: int):
    """An evidence document, for curators and members of the applying maker only."""
    evidence = services.get_evidence_for_download(get_session(), current_user, evidence_id)
    suffix = evidence.storage_key.rsplit(".", 1)[-1]
    return send_private(evidence.storage_key, f"evidence-{evidence.id}.{suffix}", evidence.content_type)


@bp.post("/applications/<int:application_id>/submit")
@login_required
def submit(application_id: int):
    """Send a draft to the curators."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    session = get_session()
    try:
        services.submit_application(session, current_user, application_id)
    except services.CertificationError as exc:
        session.rollback()
        flash(exc.message, "error")
    else:
        session.commit()
        flash(_("Your application was sent to the curators. You will see their decision here."), "success")
    return redirect(url_for(".application", application_id=application_id))


@bp.post("/applications/<int:application_id>/reapply")
@login_required
def reapply(application_id: int):
    """Start a new application from a rejected one."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    session = get_session()
    try:
        new = services.reapply(session, current_user, application_id)
    except services.CertificationError as exc:
        session.rollback()
        flash(exc.message, "error")
        return redirect(url_for(".application", application_id=application_id))
    session.commit()
    flash(_("A new application was started from the rejected one. Address the curators' reasons, then submit."),
          "info")
    return redirect(url_for(".application", application_id=new.id))


# --- the curators' review --------------------------------------------------------------------------------------


@bp.get("/review")
@staff_required(*CURATORS)
def queue():
    """Submitted applications, oldest first."""
    return render_template("catalog/certification/queue.html", items=services.review_queue(get_session()))


def _render_review(session, application_id: int, approve_form=None, reject_form=None, error: str | None = None,
                   status: int = 200):
    app_row = session.get(CertificationApplication, application_id)
    if app_row is None:
        abort(404)
    page = services.application_page(session, app_row, current_locale())
    approve_form = approve_form or ApproveForm(formdata=None, data={"products": app_row.product_ids})
    approve_form.products.choices = [(i.product.id, i.title.text if i.title else f"#{i.product.id}")
                                     for i in page.products]
    own = services.is_member(session, current_user, app_row.organization_id)
    return render_template("catalog/certification/review.html", page=page, approve_form=approve_form,
                           reject_form=reject_form or RejectForm(formdata=None), error=error,
                           own_organization=own,
                           record=services.applicant_record(session, app_row, current_locale())), status


@bp.get("/review/<int:application_id>")
@staff_required(*CURATORS)
def review(application_id: int):
    """One application for a curator: answers, score, evidence, products, history, and the decision forms."""
    return _render_review(get_session(), application_id)


@bp.post("/review/<int:application_id>/approve")
@staff_required(*CURATORS)
def approve(application_id: int):
    """Approve and issue the certificate."""
    session = get_session()
    form = ApproveForm()
    if not form.validate_on_submit():
        return _render_review(session, application_id, approve_form=form, status=422)
    try:
        certificate = services.approve_application(session, current_user, application_id, form.products.data or [],
                                                   form.note.data or "")
    except services.CertificationError as exc:
        session.rollback()
        return _render_review(session, application_id, approve_form=form, error=exc.message, status=exc.status)
    session.commit()
    flash(_("Approved. Certificate %(code)s was issued.", code=certificate.code), "success")
    return redirect(url_for(".certificate", code=certificate.code))


@bp.post("/review/<int:application_id>/reject")
@staff_required(*CURATORS)
def reject(application_id: int):
    """Reject with reasons the maker will read."""
    session = get_session()
    form = RejectForm()
    if not form.validate_on_submit():
        return _render_review(session, application_id, reject_form=form, status=422)
    try:
        services.reject_application(session, current_user, application_id, form.reasons.data)
    except services.CertificationError as exc:
        session.rollback()
        if exc.field:
            form.refuse(exc)
            return _render_review(session, application_id, reject_form=form, status=exc.status)
        return _render_review(session, application_id, reject_form=form, error=exc.message, status=exc.status)
    session.commit()
    flash(_("The application was rejected; the maker sees your reasons."), "info")
    return redirect(url_for(".queue"))


# --- certificates ----------------------------------------------------------------------------------------------


def _managed_certificate(code: str) -> services.CertificatePage:
    page = services.certificate_page(get_session(), code, current_locale(), current_user)
    if page is None or not page.can_manage:
        abort(404)
    return page


def verify_url(code: str) -> str:
    """The absolute, language-neutral address a QR code points to."""
    return url_for("catalog_verify.show_plain", code=code, _external=True)


@bp.get("/certificates/<code>")
@login_required
def certificate(code: str):
    """The certificate for its maker and curators: status, scope, QR code, labels, revocation."""
    page = _managed_certificate(code)
    session = get_session()
    decisions = services.decisions_of(session, page.certificate.application_id)
    return render_template("catalog/certification/certificate.html", page=page, decisions=decisions,
                           verify_url=verify_url(page.certificate.code), revoke_form=RevokeForm(formdata=None),
                           is_curator=services.is_curator(current_user))


def _label_data(page: services.CertificatePage) -> labels.LabelData:
    c = page.certificate
    return labels.LabelData(code=c.code, tier_code=c.tier, tier_name=c.tier.title(), colour=page.tier.colour,
                            maker_name=page.maker.name, maker_name_ko=page.maker.name_ko, issued_on=c.issued_on,
                            expires_on=c.expires_on, verify_url=verify_url(c.code))


def _printable(page: services.CertificatePage):
    if page.status != CertificateStatus.valid:
        flash(_("Labels are only for valid certificates."), "error")
        return redirect(url_for(".certificate", code=page.certificate.code))
    return None


@bp.get("/certificates/<code>/label.png")
@login_required
def label_png(code: str):
    """The printable label as a PNG image."""
    page = _managed_certificate(code)
    refused = _printable(page)
    if refused is not None:
        return refused
    return send_file(io.BytesIO(labels.render_label_png(_label_data(page))), mimetype="image/png",
                     as_attachment=True, download_name=f"{page.certificate.code}-label.png")


@bp.get("/certificates/<code>/label.pdf")
@login_required
def label_pdf(code: str):
    """The printable label as a 100×50 mm PDF."""
    page = _managed_certificate(code)
    refused = _printable(page)
    if refused is not None:
        return refused
    return download_ready(send_file(io.BytesIO(labels.render_label_pdf(_label_data(page))),
                                    mimetype="application/pdf", as_attachment=True,
                                    download_name=f"{page.certificate.code}-label.pdf"))


@bp.get("/certificates/<code>/qr.svg")
@login_required
def qr_svg(code: str):
    """The QR code of the verify address, as SVG."""
    page = _managed_certificate(code)
    return send_file(io.BytesIO(labels.qr_svg(verify_url(page.certificate.code)).encode()),
                     mimetype="image/svg+xml", download_name=f"{page.certificate.code}-qr.svg")


@bp.post("/certificates/<code>/revoke")
@staff_required(*CURATORS)
def revoke(code: str):
    """Revoke a certificate with a reason."""
    session = get_session()
    form = RevokeForm()
    page = _managed_certificate(code)
    if form.validate_on_submit():
        try:
            services.revoke_certificate(session, current_user, code, form.reason.data)
        except services.CertificationError as exc:
            session.rollback()
            if exc.field:
                form.refuse(exc)
            else:
                flash(exc.message, "error")
                return redirect(url_for(".certificate", code=page.certificate.code))
        else:
            session.commit()
            flash(_("Certificate %(code)s was revoked.", code=page.certificate.code), "info")
            return redirect(url_for(".certificate", code=page.certificate.code))
    decisions = services.decisions_of(session, page.certificate.application_id)
    return render_template("catalog/certification/certificate.html", page=page, decisions=decisions,
                           verify_url=verify_url(page.certificate.code), revoke_form=form,
                           is_curator=True), 422


# --- public verification ---------------------------------------------------------------------------------------


def _verify(code: str):
    page = services.certificate_page(get_session(), code, current_locale())
    if page is None:
        credential = find_credential(get_session(), code)
        if credential is not None:
            return render_template("market/verification/credential.html", credential=credential)
        # Rendered here rather than raised: a 404 for an address without a locale would otherwise be
        # redirected to the localised address first.
        return render_template("errors/404.html", status=404,
                               message=_("No certificate has the code %(code)s. Check it and try again.",
                                         code=services.normalize_code(code))), 404
    return render_template("catalog/certification/verify.html", page=page, verify_url=verify_url(
        page.certificate.code))


@verify_bp.get("/<locale:lang>/verify")
def lookup():
    """The verify form's target: go to the page of the code typed in."""
    code = services.normalize_code(request.args.get("code", ""))
    if not code:
        return redirect(url_for("catalog_certification.index") + "#verify-h")
    return redirect(url_for("catalog_verify.show", code=code))


@verify_bp.get("/verify/<code>")
def show_plain(code: str):
    """The public verify page the QR codes point to, in the visitor's negotiated language."""
    return _verify(code)


@verify_bp.get("/<locale:lang>/verify/<code>")
def show(code: str):
    """The public verify page in a chosen language."""
    return _verify(code)
