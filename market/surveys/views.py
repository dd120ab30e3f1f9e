"""The survey page a one-time link opens: the questions of its definition, answered once; a forged, expired or
already answered link shows why, in the page's language, and stores nothing."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from i18n.forms import Form
from market.db import get_session
from market.refusals import Refusal
from market.surveys import services
from market.surveys.definitions import definition_for

bp = Blueprint("market_surveys", __name__, url_prefix="/<locale:lang>/surveys")


class AnswerForm(Form):
    """The CSRF token of the answer form; the questions are read from the definition."""


@bp.route("/<token>", methods=["GET", "POST"])
def answer(token: str):
    """Show the survey of a link, or store its answer and thank the user."""
    session = get_session()
    try:
        invitation = services.open_invitation(session, token)
    except Refusal as exc:
        return render_template("market/surveys/closed.html", message=exc.message, code=exc.code), exc.status
    definition = definition_for(invitation.kind)
    form = AnswerForm()
    errors: dict[str, str] = {}
    values = request.form if request.method == "POST" else {}
    if form.validate_on_submit():
        try:
            services.answer(session, token, request.form)
        except Refusal as exc:
            session.rollback()
            if exc.status != 422:
                return render_template("market/surveys/closed.html", message=exc.message,
                                       code=exc.code), exc.status
            errors = exc.fields
        else:
            session.commit()
            return render_template("market/surveys/thanks.html", invitation=invitation)
    status = 422 if request.method == "POST" else 200
    return render_template("market/surveys/answer.html", invitation=invitation, definition=definition, form=form,
                           errors=errors, values=values), status
