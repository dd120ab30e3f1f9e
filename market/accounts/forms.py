"""Forms of accounts and organisations (Flask-WTF: every form carries a CSRF token)."""

from __future__ import annotations

import pycountry
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    EmailField,
    PasswordField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import URL, DataRequired, Email, EqualTo, Length, Optional

from i18n.forms import Form
from i18n.locales import country_name, current_locale
from market.accounts.models import OrganizationKind
from market.clusters import cluster_name

KIND_LABELS = {
    OrganizationKind.maker: _l("Maker (workshop or factory)"),
    OrganizationKind.buyer: _l("Buyer (importer, shop, distributor)"),
    OrganizationKind.ip_holder: _l("IP holder (patents, technology)"),
    OrganizationKind.lab: _l("Research lab or university"),
    OrganizationKind.startup: _l("Startup"),
}


def country_choices() -> list[SelectChoice]:
    """Every ISO country by its name in the page's language (the same names pages show), Korea first."""
    names = [(c.alpha_2, country_name(c.alpha_2)) for c in pycountry.countries]
    names.sort(key=lambda pair: pair[1].casefold())
    return [SelectChoice("", _l("Choose a country")), SelectChoice("KR", country_name("KR"))] + [
        SelectChoice(code, name) for code, name in names
    ]


class SignUpForm(Form):
    """The first step of signing up: only the address, which gets a link to finish."""

    email = EmailField(_l("Email"), validators=[DataRequired(), Email(), Length(max=254)])


class FinishSignUpForm(Form):
    """The second step, from the mailed link: the name and the password."""

    display_name = StringField(_l("Your name"), validators=[DataRequired(), Length(max=120)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(min=10, max=256)],
                             description=_l("At least 10 characters; a few unusual words work well."))
    confirm = PasswordField(_l("Repeat password"),
                            validators=[DataRequired(), EqualTo("password", message=_l("The passwords differ."))])


class SignInForm(Form):
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=256)])
    remember = BooleanField(_l("Keep me signed in on this device"))


class ForgotPasswordForm(Form):
    email = EmailField(_l("Email"), validators=[DataRequired(), Email(), Length(max=254)])


class ResetPasswordForm(Form):
    password = PasswordField(_l("New password"), validators=[DataRequired(), Length(min=10, max=256)])
    confirm = PasswordField(_l("Repeat new password"),
                            validators=[DataRequired(), EqualTo("password", message=_l("The passwords differ."))])


class ApiTokenForm(Form):
    name = StringField(_l("Token name"), validators=[DataRequired(), Length(max=80)],
                       description=_l("What will use it, e.g. 'ERP sync'."))


class LocaleForm(Form):
    locale = SelectField(_l("Preferred language"), validators=[DataRequired()])

    def __init__(self, *args, **kwargs):
        from i18n.locales import LOCALE_NAMES

        super().__init__(*args, **kwargs)
        self.locale.choices = [SelectChoice(code, name) for code, name in LOCALE_NAMES.items()]


class ConfirmForm(Form):
    """A button-only form: the CSRF token is the content."""


class OrganizationForm(Form):
    name = StringField(_l("Organisation name"), validators=[DataRequired(), Length(max=160)])
    kind = SelectField(_l("Kind"), choices=[SelectChoice(k.value, label) for k, label in KIND_LABELS.items()],
                       validators=[DataRequired()])
    country = SelectField(_l("Country"), validators=[DataRequired()])
    cluster_code = SelectField(_l("Cluster (makers)"), validators=[Optional()],
                               description=_l("Where the workshop is. Required for makers."))
    city = StringField(_l("City"), validators=[Optional(), Length(max=120)])
    website = StringField(_l("Website"), validators=[Optional(), URL(), Length(max=255)])
    about = TextAreaField(_l("About"), validators=[Optional(), Length(max=4000)])

    def __init__(self, *args, clusters=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.country.choices = country_choices()
        self.cluster_code.choices = [SelectChoice("", _l("Not a maker / choose a cluster"))] + [
            SelectChoice(c.code, cluster_name(c, current_locale())) for c in clusters
        ]
