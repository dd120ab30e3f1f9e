"""Pages that post a form to a service, the same way in every feature: the form checked, the service called and
the work committed, or the form shown again with the refusal's message on its field. A status step taken from an
object's page is one such form (:class:`MoveForm`, :func:`move_view`).

Only refusals of the input (422) come back to the form; the others (not found, another party's step, a step no
longer possible) go to the app's one handler (:mod:`market.errors`), which rolls back and answers them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import flash, redirect, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, StringField, TextAreaField
from wtforms.validators import Optional

from i18n.forms import Form
from market.db import get_session
from market.refusals import Refusal


def submit(form: Form, action: Callable[[], Any], page: Callable[[int], Any], done: Callable[[Any], Any]):
    """Answer a form's POST: when the form is valid, ``action()`` (the service call) is committed and
    ``done(result)`` answers (usually a message and a redirect). An invalid form, or a refusal of its input,
    shows ``page(422)`` again with the messages on their fields; nothing of a refused action is kept."""
    session = get_session()
    if form.validate_on_submit():
        try:
            result = action()
        except Refusal as exc:
            if exc.status != 422:
                raise
            session.rollback()
            form.refuse(exc)
        else:
            session.commit()
            return done(result)
    return page(422)


class MoveForm(Form):
    """One status step: ``to`` the status asked for, ``expected`` the status the page showed (so a stale page
    loses), shipping details and a note."""

    to = HiddenField()
    expected = HiddenField()
    carrier = StringField(_l("Carrier"), validators=[Optional()])
    tracking_number = StringField(_l("Tracking number"), validators=[Optional()])
    note = TextAreaField(_l("Note"), validators=[Optional()])


def move_view(form: MoveForm, move: Callable[[MoveForm], Any], page: Callable[[MoveForm, int], Any], endpoint: str,
              label: Callable[[Any], str]):
    """Answer the POST of an order's status step: ``move(form)`` returns the moved order; then a message with its
    new status in words (``label``) and back to the order's page (``endpoint``); see :func:`submit`."""

    def done(moved):
        flash(_("The order is now: %(status)s.", status=label(moved.status)), "success")
        return redirect(url_for(endpoint, order_id=moved.id))

    return submit(form, lambda: move(form), lambda status: page(form, status), done)
