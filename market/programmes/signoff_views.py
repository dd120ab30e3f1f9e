"""Pages of an application's co-applicants: name a member of the organisation, take one off, and a
co-applicant's own sign-off. A refusal of the input (422) shows the application again with the message on its
field; the others (a stranger, someone else's sign-off, a submitted application) go to the app's handler."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from market.db import get_session
from market.programmes.services import applications as apps
from market.programmes.services import coapplicants
from market.programmes.views import render_application
from market.refusals import Refusal

bp = Blueprint("market_programmes_signoffs", __name__, url_prefix="/<locale:lang>/programmes/applications")


def _answer(application_id: int, action, message: str):
    session = get_session()
    try:
        action(session)
    except Refusal as exc:
        if exc.status != 422:
            raise
        session.rollback()
        record = apps.get_application(session, application_id, current_user)
        return render_application(record, errors={**exc.fields, "_": exc.message}, status=422)
    session.commit()
    flash(message, "success")
    return redirect(url_for("market_programmes.application", id=application_id) + "#co-applicants")


@bp.post("/<int:id>/co-applicants")
@login_required
def name(id: int):
    """Name a member of the applying organisation as co-applicant (they are asked to sign off)."""
    chosen = request.form.get("co_applicant", "")
    return _answer(id, lambda session: coapplicants.name_co_applicant(session, id, current_user, chosen or None),
                   _("The co-applicant is asked to sign the application off."))


@bp.post("/<int:id>/co-applicants/<int:user_id>/remove")
@login_required
def remove(id: int, user_id: int):
    """Take a co-applicant off the application."""
    return _answer(id, lambda session: coapplicants.remove_co_applicant(session, id, current_user, user_id),
                   _("The co-applicant is removed."))


@bp.post("/<int:id>/sign-off")
@login_required
def sign_off(id: int):
    """The co-applicant's own sign-off: they confirm the answers and the declaration."""
    for_user = request.form.get("user_id", type=int)
    return _answer(id, lambda session: coapplicants.sign_off(session, id, current_user,
                                                             request.form.get("confirm") in ("y", "on", "1"),
                                                             for_user),
                   _("You signed the application off. The applicant is told."))
