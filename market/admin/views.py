"""Admin pages: the exchange-rate table that converts KRW prices for buyers."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import DateField, DecimalField, SelectChoice, SelectField
from wtforms.validators import DataRequired, NumberRange

from i18n import money
from i18n.forms import Form
from market.db import get_session
from market.security import staff_required

bp = Blueprint("market_admin", __name__, url_prefix="/<locale:lang>/admin")


class RateForm(Form):
    currency = SelectField(_l("Currency"), choices=[SelectChoice(c, c) for c in money.CURRENCIES if c != "KRW"],
                           validators=[DataRequired()])
    krw_per_unit = DecimalField(_l("Won per unit"), places=None,
                                validators=[DataRequired(), NumberRange(min=0.000001)],
                                description=_l("How many won one unit is worth, e.g. 1390.50 for one US dollar."))
    rate_date = DateField(_l("Date of the rate"), validators=[DataRequired()], default=dt.date.today)


@bp.route("/rates", methods=["GET", "POST"])
@staff_required("admin")
def rates():
    """Show the rates in effect and their history; record a new rate."""
    session = get_session()
    form = RateForm()
    status = 200
    if form.validate_on_submit():
        try:
            money.set_rate(session, form.currency.data, form.krw_per_unit.data, form.rate_date.data,
                           current_user.id)
        except money.MoneyError as exc:
            session.rollback()
            getattr(form, exc.field or "currency").errors.append(exc.message)
            status = 422
        else:
            session.commit()
            flash(_("The %(currency)s rate was saved.", currency=form.currency.data), "success")
            return redirect(url_for("market_admin.rates"))
    elif form.errors:
        status = 422
    return render_template("market/admin/rates.html", form=form, latest=money.latest_rates(session),
                           history=money.rate_history(session)), status
