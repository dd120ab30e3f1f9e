"""Pages of accounts (sign-up, sign-in, reset, verification, account and tokens) and of organisations."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, request, url_for
from flask import session as web_session
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from i18n.locales import current_locale
from market.accounts import labels, services
from market.accounts.forms import (
    ApiTokenForm,
    ConfirmForm,
    FinishSignUpForm,
    ForgotPasswordForm,
    LocaleForm,
    OrganizationForm,
    ResetPasswordForm,
    SignInForm,
    SignUpForm,
)
from market.accounts.resume import has_pending_post, take_pending_post
from market.clusters import get_cluster, list_clusters
from market.db import get_session
from market.mail import send_mail
from market.security import limiter

bp = Blueprint("market_accounts", __name__, url_prefix="/<locale:lang>/account")
org_bp = Blueprint("market_organizations", __name__, url_prefix="/<locale:lang>/organizations")
for _label_function in (labels.org_kind_label, labels.user_role_label, labels.membership_role_label):
    bp.add_app_template_global(_label_function)


def _safe_next(default: str) -> str:
    target = request.args.get("next", "")
    parts = urlsplit(target)
    if target.startswith("/") and not target.startswith("//") and not parts.netloc and not parts.scheme:
        return target
    return default


def _send_verification(session, user) -> None:
    link = url_for("market_accounts.verify", token=services.make_verification_token(user), _external=True)
    send_mail(session, user.email, _("Confirm your email for Made in Seoul"),
              _("Hello %(name)s,\n\nConfirm your email address by opening this link:\n%(link)s\n",
                name=user.display_name, link=link))


def _send_signup_link(session, email: str) -> None:
    link = url_for("market_accounts.finish_signup", token=services.make_signup_token(email), _external=True)
    days = current_app.config["VERIFY_TOKEN_MAX_AGE"] // (24 * 3600)
    send_mail(session, email, _("Finish signing up for Made in Seoul"),
              _("Hello,\n\nTo create your Made in Seoul account, open this link and choose your name and "
                "password:\n%(link)s\n\nThe link works for %(days)d days. If you did not ask for an account, "
                "ignore this mail: nothing was created.", link=link, days=days))


def _send_signup_notice(session, owner) -> None:
    signin = url_for("market_accounts.signin", _external=True)
    reset = url_for("market_accounts.reset", token=services.make_reset_token(owner), _external=True)
    send_mail(session, owner.email, _("Someone tried to sign up with your address"),
              _("Hello %(name)s,\n\nSomeone tried to create a Made in Seoul account with this address, but "
                "you already have one.\n\nIf it was you, sign in here:\n%(signin)s\n\nForgot your password? "
                "Choose a new one here (valid for one hour, once):\n%(reset)s\n\nIf it was not you, ignore "
                "this mail: nothing changed on your account.", name=owner.display_name, signin=signin,
                reset=reset))


@bp.route("/signup", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RATELIMIT_SIGNUP"], methods=["POST"])
def signup():
    """Start signing up with an address. The answer is the same whether or not it has an account (no user
    enumeration): a new address gets a link to finish, the owner of a taken one a notice with sign-in and
    reset links."""
    form = SignUpForm()
    if form.validate_on_submit():
        session = get_session()
        try:
            email, owner = services.start_signup(session, form.email.data)
        except services.AccountError as exc:
            form.refuse(exc)
        else:
            if owner is None:
                _send_signup_link(session, email)
            else:
                _send_signup_notice(session, owner)
            session.commit()
            web_session["signup_email"] = email
            return redirect(url_for("market_accounts.signup_sent"))
    return render_template("market/accounts/signup.html", form=form), (422 if form.errors else 200)


@bp.get("/signup/sent")
def signup_sent():
    """Check your mail: the link to finish signing up is on its way."""
    return render_template("market/accounts/signup_sent.html", email=web_session.get("signup_email"))


@bp.route("/signup/finish/<token>", methods=["GET", "POST"])
def finish_signup(token: str):
    """From the mailed link: choose a name and a password; the account is created with its address confirmed,
    signed in, and sent on to create an organisation."""
    try:
        email = services.signup_email(token)
    except services.AccountError as exc:
        flash(exc.message, "error")
        return redirect(url_for("market_accounts.signup"))
    session = get_session()
    if services.get_user_by_email(session, email) is not None:
        # Whoever holds the link reads this address's mail, so telling them it has an account reveals nothing.
        flash(_("%(email)s already has an account. Sign in, or reset the password if you forgot it.",
                email=email), "info")
        return redirect(url_for("market_accounts.signin"))
    form = FinishSignUpForm()
    if form.validate_on_submit():
        try:
            user = services.complete_signup(session, token, form.password.data, form.display_name.data)
        except services.AccountError as exc:
            session.rollback()
            form.refuse(exc)
        else:
            g.login_key = services.start_login_session(session, user, request.user_agent.string)
            session.commit()
            login_user(user)
            web_session.pop("signup_email", None)
            flash(_("Welcome, %(name)s! Your account is ready.", name=user.display_name), "success")
            if has_pending_post():  # a form sent while signed out, in this browser: offer it first
                return redirect(url_for("market_accounts.resume", next=url_for("market_organizations.new")))
            return redirect(url_for("market_organizations.new"))
    return render_template("market/accounts/signup_finish.html", form=form, email=email), \
        (422 if form.errors else 200)


@bp.route("/signin", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RATELIMIT_SIGNIN"], methods=["POST"])
def signin():
    """Sign in with email and password; the same message for an unknown email and a wrong password."""
    form = SignInForm()
    if form.validate_on_submit():
        session = get_session()
        user = services.authenticate(session, form.email.data, form.password.data)
        if user is None:
            form.form_errors.append(_("The email or password is not right."))
        else:
            g.login_key = services.start_login_session(session, user, request.user_agent.string)
            session.commit()
            login_user(user, remember=form.remember.data)
            flash(_("Signed in."), "success")
            if has_pending_post():
                return redirect(url_for("market_accounts.resume", next=_safe_next(url_for("market_accounts.account"))))
            return redirect(_safe_next(url_for("market_accounts.account")))
    return render_template("market/accounts/signin.html", form=form), (422 if form.errors else 200)


@bp.get("/continue")
@login_required
def resume():
    """Offer the form sent while signed out again (:mod:`market.accounts.resume`): sent at once by the browser
    when its view is safe to repeat, else on the person's confirmation; without one, go on to ``next``."""
    pending = take_pending_post()
    back = _safe_next(url_for("market_accounts.account"))
    if pending is None:
        return redirect(back)
    action = url_for(pending["endpoint"], **pending["args"])
    return render_template("market/accounts/resume.html", pending=pending, action=action,
                           back=pending.get("back") or back)


@bp.post("/signout")
def signout():
    """Sign out (a POST with the CSRF token, so a link elsewhere cannot sign people out)."""
    form = ConfirmForm()
    if form.validate_on_submit():
        # Ended on the server, so a copy of this browser's session or remember cookie no longer signs in.
        session = get_session()
        services.end_login_session_by_key(session, g.get("login_key"))
        session.commit()
        logout_user()
        flash(_("Signed out."), "info")
    return redirect(url_for("market_home.index"))


@bp.route("/forgot", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RATELIMIT_RESET"], methods=["POST"])
def forgot():
    """Ask for a reset link; answers the same whether or not the email has an account."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        session = get_session()
        user = services.get_user_by_email(session, form.email.data)
        if user is not None and user.is_active:
            link = url_for("market_accounts.reset", token=services.make_reset_token(user), _external=True)
            send_mail(session, user.email, _("Reset your Made in Seoul password"),
                      _("Hello %(name)s,\n\nSet a new password here (valid for one hour, once):\n%(link)s\n\n"
                        "If you did not ask for this, ignore this mail.", name=user.display_name, link=link))
            session.commit()
        flash(_("If an account exists for %(email)s, a reset link is on its way.", email=form.email.data), "info")
        return redirect(url_for("market_accounts.signin"))
    return render_template("market/accounts/forgot.html", form=form), (422 if form.errors else 200)


@bp.route("/reset/<token>", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RATELIMIT_RESET"], methods=["POST"])
def reset(token: str):
    """Choose a new password with a reset token."""
    form = ResetPasswordForm()
    if form.validate_on_submit():
        session = get_session()
        try:
            services.reset_password(session, token, form.password.data)
        except services.AccountError as exc:
            session.rollback()
            if exc.field:
                form.refuse(exc)
            else:
                flash(exc.message, "error")
                return redirect(url_for("market_accounts.forgot"))
        else:
            session.commit()
            logout_user()
            flash(_("Your password was changed. Sign in with the new one."), "success")
            return redirect(url_for("market_accounts.signin"))
    return render_template("market/accounts/reset.html", form=form), (422 if form.errors else 200)


@bp.get("/verify/<token>")
def verify(token: str):
    """Confirm an email address from the mailed link."""
    session = get_session()
    try:
        services.verify_email(session, token)
    except services.AccountError as exc:
        session.rollback()
        flash(exc.message, "error")
    else:
        session.commit()
        flash(_("Your email address is confirmed."), "success")
    return redirect(url_for("market_accounts.account") if current_user.is_authenticated
                    else url_for("market_accounts.signin"))


@bp.post("/verify/resend")
@login_required
@limiter.limit(lambda: current_app.config["RATELIMIT_RESET"])
def resend_verification():
    """Send the verification mail again."""
    if ConfirmForm().validate_on_submit() and current_user.email_verified_at is None:
        session = get_session()
        _send_verification(session, current_user)
        session.commit()
        flash(_("We sent a new confirmation link to %(email)s.", email=current_user.email), "info")
    return redirect(url_for("market_accounts.account"))


@bp.get("/")
@login_required
def account():
    """The account page: organisations, email status and API tokens."""
    session = get_session()
    return render_template(
        "market/accounts/account.html",
        organizations=services.list_user_organizations(session, current_user),
        tokens=services.list_api_tokens(session, current_user),
        login_sessions=services.list_login_sessions(session, current_user),
        current_login_key_hash=services.login_key_hash(g.get("login_key")),
        token_form=ApiTokenForm(),
        confirm_form=ConfirmForm(),
        locale_form=LocaleForm(locale=current_user.locale or current_locale()),
        new_token=None,
    )


@bp.post("/tokens")
@login_required
def create_token():
    """Create a personal API token and show its secret once."""
    session = get_session()
    form = ApiTokenForm()
    new_token = None
    if form.validate_on_submit():
        try:
            _token, new_token = services.create_api_token(session, current_user, form.name.data)
        except services.AccountError as exc:
            session.rollback()
            form.refuse(exc)
        else:
            session.commit()
    status = 201 if new_token else 422
    return render_template(
        "market/accounts/account.html",
        organizations=services.list_user_organizations(session, current_user),
        tokens=services.list_api_tokens(session, current_user),
        login_sessions=services.list_login_sessions(session, current_user),
        current_login_key_hash=services.login_key_hash(g.get("login_key")),
        token_form=ApiTokenForm(formdata=None) if new_token else form,
        confirm_form=ConfirmForm(),
        locale_form=LocaleForm(locale=current_user.locale or current_locale()),
        new_token=new_token,
    ), status


@bp.post("/locale")
@login_required
def save_locale():
    """Save the preferred language and show the account page in it."""
    form = LocaleForm()
    if not form.validate_on_submit():
        abort(400)
    session = get_session()
    services.set_preferred_locale(session, current_user, form.locale.data)
    session.commit()
    return redirect(url_for("market_accounts.account", lang=form.locale.data))


@bp.post("/sessions/<int:login_session_id>/end")
@login_required
def end_session(login_session_id: int):
    """Sign one of the user's browsers out (this one too, when it is this one)."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    session = get_session()
    ended = services.end_login_session(session, current_user, login_session_id)
    session.commit()
    if ended.key_hash == services.login_key_hash(g.get("login_key")):
        logout_user()
        flash(_("Signed out."), "info")
        return redirect(url_for("market_home.index"))
    flash(_("That session was ended: the browser is signed out."), "info")
    return redirect(url_for("market_accounts.account"))


@bp.post("/tokens/<int:token_id>/revoke")
@login_required
def revoke_token(token_id: int):
    """Revoke one of the user's tokens."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    session = get_session()
    token = services.revoke_api_token(session, current_user, token_id)
    session.commit()
    flash(_("The token “%(name)s” was revoked.", name=token.name), "info")
    return redirect(url_for("market_accounts.account"))


@org_bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    """Create an organisation and become its owner."""
    session = get_session()
    form = OrganizationForm(clusters=list_clusters(session))
    if form.validate_on_submit():
        try:
            org = services.create_organization(
                session, current_user, name=form.name.data, kind=form.kind.data, country=form.country.data,
                cluster_code=form.cluster_code.data or None, city=form.city.data or None,
                website=form.website.data or None, about=form.about.data or None,
                source_locale=current_locale(),
            )
        except services.AccountError as exc:
            session.rollback()
            form.refuse(exc)
        else:
            session.commit()
            flash(_("%(name)s was created. You are its owner.", name=org.name), "success")
            return redirect(url_for("market_organizations.detail", org_id=org.id))
    return render_template("market/organizations/new.html", form=form), (422 if form.errors else 200)


@org_bp.get("/<int:org_id>")
@login_required
def detail(org_id: int):
    """An organisation's page, for its members and staff."""
    session = get_session()
    org = services.get_visible_organization(session, current_user, org_id)
    if org is None:
        abort(404)
    membership = services.membership_of(session, current_user, org_id)
    cluster = get_cluster(session, org.cluster_code) if org.cluster_code else None
    about = services.organization_about(session, org, current_locale())
    return render_template("market/organizations/detail.html", org=org, membership=membership, cluster=cluster,
                           about=about)


@org_bp.route("/<int:org_id>/edit", methods=["GET", "POST"])
@login_required
def edit(org_id: int):
    """Edit an organisation's details (owners and admins)."""
    session = get_session()
    org = services.get_visible_organization(session, current_user, org_id)
    if org is None or not services.can_edit_organization(session, current_user, org_id):
        abort(404)
    form = OrganizationForm(obj=org, clusters=list_clusters(session))
    del form.kind
    if not form.is_submitted():
        about = services.organization_about(session, org, current_locale())
        form.about.data = about.text if about and not about.is_fallback else ""
    if form.validate_on_submit():
        try:
            services.update_organization(
                session, current_user, org_id, name=form.name.data, country=form.country.data,
                cluster_code=form.cluster_code.data or None, city=form.city.data, website=form.website.data,
                about=form.about.data, about_locale=current_locale(),
            )
        except services.AccountError as exc:
            session.rollback()
            form.refuse(exc)
        else:
            session.commit()
            flash(_("Saved."), "success")
            return redirect(url_for("market_organizations.detail", org_id=org_id))
    return render_template("market/organizations/edit.html", form=form, org=org), (422 if form.errors else 200)
