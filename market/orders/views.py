"""Pages of wholesale ordering: the cart, checkout, the buyer's orders and the maker's incoming orders.

Link to the cart from anywhere with ``url_for('market_orders.cart')``; product pages post to
``market_orders.add``. A refused step (a product below its minimum, a cart that changed) goes back to the page it
came from with its message; a refused form shows its messages on its fields.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms import SelectChoice

from i18n.locales import current_locale
from i18n.money import current_currency
from market.accounts.forms import ConfirmForm
from market.accounts.models import OrganizationKind
from market.accounts.resume import replay_after_signin
from market.db import get_session
from market.formviews import MoveForm, move_view, submit
from market.orders.forms import (
    CartAddForm,
    CartQuantityForm,
    CheckoutForm,
    NetApprovalForm,
    ReviewForm,
    SampleOfferForm,
    SampleOrderForm,
    ShippingPolicyForm,
    ShippingRateForm,
    TermsForm,
)
from market.orders.models import OrderRole, OrderStatus
from market.orders.services import cart as carts
from market.orders.services import common, minimums, orders, placing, reviews, shipping, terms
from market.pages import page_number
from market.security import staff_required

bp = Blueprint("market_orders", __name__, url_prefix="/<locale:lang>")


@bp.app_template_global()
def cart_item_count() -> int:
    """How many lines the signed-in user's cart has (0 for visitors)."""
    if not current_user.is_authenticated:
        return 0
    return carts.cart_count(get_session(), current_user)


@bp.app_template_global()
def product_sample(product_id: int):
    """The product's sample offer, if its maker made one (for the product page)."""
    return placing.sample_offer(get_session(), product_id)


@bp.app_template_global("maker_ratings")
def maker_ratings_global(org_ids):
    """``{org_id: MakerRating}`` (average buyer rating, count, median hours to answer an RFQ), for maker pages
    and search results."""
    return reviews.maker_ratings(get_session(), org_ids)


@bp.app_template_global()
def maker_shipping_policy(org_id: int):
    """The maker's free-shipping threshold and returns policy (None when it set none), for maker and product
    pages."""
    return shipping.maker_policy(get_session(), org_id, current_locale())


@bp.app_template_global()
def destination_label(code: str) -> str:
    """A shipping destination (country or region) in the page's language."""
    return shipping.destination_label(code)


@bp.app_template_global()
def order_status_label(status) -> str:
    """An order status in words."""
    return common.status_label(status)


@bp.app_template_global()
def order_action_label(status) -> str:
    """The button text of the step to ``status``."""
    return common.action_label(status)


def _checkout_form(session, cart, form=None) -> CheckoutForm:
    form = form or CheckoutForm()
    orgs = common.buyer_organizations(session, current_user)
    form.buyer_org_id.choices = [(org.id, org.name) for org in orgs]
    if not form.is_submitted():
        form.fingerprint.data = cart.fingerprint
        country = (request.args.get("country") or "").upper()
        if country and len(country) == 2:
            form.shipping_country.data = country
        elif orgs and not form.shipping_country.data:
            form.shipping_country.data = orgs[0].country
        if (request.args.get("incoterm") or "").upper() in shipping.INCOTERMS:
            form.incoterm.data = request.args["incoterm"].upper()
    return form


def _cart_estimates(session, cart, form):
    try:
        country = carts.parse_country(form.shipping_country.data)
        incoterm = shipping.parse_incoterm(form.incoterm.data)
    except common.OrderError:
        return {}
    return shipping.cart_estimates(session, cart, country, incoterm, current_locale())


def _render_cart(form=None, status: int = 200):
    session = get_session()
    cart = carts.load_cart(session, current_user, current_locale())
    form = _checkout_form(session, cart, form)
    return render_template("market/orders/cart.html", cart=cart, form=form,
                           shortfalls=minimums.maker_shortfalls(session, cart, current_currency()),
                           estimates=_cart_estimates(session, cart, form),
                           policies=shipping.maker_policies(session, [g.maker.id for g in cart.groups],
                                                            current_locale()),
                           buyer_orgs=common.buyer_organizations(session, current_user),
                           quantity_form=CartQuantityForm()), status


@bp.get("/cart")
@login_required
def cart():
    """The cart grouped by maker with subtotals, lines below the MOQ flagged, and the checkout form."""
    return _render_cart()


@bp.post("/cart/add")
@replay_after_signin
@login_required
def add():
    """Put a product in the cart (from the product page); back to the product with a message."""
    form = CartAddForm()
    product_id = request.form.get("product_id", type=int)
    back = url_for("catalog_products.detail", product_id=product_id) if product_id else url_for(".cart")
    if not form.validate_on_submit() or product_id is None:
        flash(_("Enter a whole number of units."), "error")
        return redirect(back)
    carts.add_to_cart(get_session(), current_user, product_id, form.quantity.data)
    get_session().commit()
    flash(_("Added to your cart."), "success")
    return redirect(back)


@bp.post("/cart/<int:product_id>")
@login_required
def update(product_id: int):
    """Change the quantity of a cart line."""
    form = CartQuantityForm()
    if not form.validate_on_submit():
        flash(_("Enter a whole number of units."), "error")
        return redirect(url_for(".cart"))
    carts.set_cart_quantity(get_session(), current_user, product_id, form.quantity.data)
    get_session().commit()
    flash(_("Quantity updated."), "success")
    return redirect(url_for(".cart"))


@bp.post("/cart/<int:product_id>/remove")
@login_required
def remove(product_id: int):
    """Take a product out of the cart."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    carts.remove_from_cart(get_session(), current_user, product_id)
    get_session().commit()
    flash(_("Removed from your cart."), "success")
    return redirect(url_for(".cart"))


@bp.post("/cart/checkout")
@login_required
def checkout():
    """Place one order per maker from the cart; the cart page again with messages when refused."""
    session = get_session()
    form = CheckoutForm()
    form.buyer_org_id.choices = [(org.id, org.name) for org in common.buyer_organizations(session, current_user)]

    def placed(orders_placed):
        flash(_("Your order has been placed: %(count)d order(s), one per maker.", count=len(orders_placed)),
              "success")
        return redirect(url_for(".index"))

    return submit(form, lambda: carts.checkout(
        session, current_user, fingerprint=form.fingerprint.data or "", shipping_address=form.shipping_address.data,
        shipping_country=form.shipping_country.data, note=form.note.data, buyer_org_id=form.buyer_org_id.data or None,
        locale=current_locale(), display_currency=current_currency(), incoterm=form.incoterm.data),
        lambda status: _render_cart(form, status), placed)


@bp.get("/orders/")
@login_required
def index():
    """The orders of the user's buyer organisations, newest first."""
    return _list(OrderRole.buyer)


@bp.get("/orders/incoming/")
@login_required
def sales():
    """The orders addressed to the user's maker organisations, newest first."""
    return _list(OrderRole.maker)


def _list(role: OrderRole):
    status, page = request.args.get("status") or None, page_number()
    rows, total = orders.list_orders(get_session(), current_user, role, status, page)
    return render_template("market/orders/list.html", rows=rows, total=total, page=page,
                           per_page=common.PER_PAGE, status=status, side=role.value, statuses=list(OrderStatus))


@bp.get("/orders/<int:order_id>")
@login_required
def detail(order_id: int):
    """An order of the user's buyer organisation, with its timeline."""
    return _detail(order_id, OrderRole.buyer)


@bp.get("/orders/incoming/<int:order_id>")
@login_required
def sale(order_id: int):
    """An order to the user's maker organisation, with its timeline and next steps."""
    return _detail(order_id, OrderRole.maker)


def _detail(order_id: int, role: OrderRole, form=None, status: int = 200, review_form=None):
    detail = orders.order_detail(get_session(), current_user, order_id, role)
    return render_template("market/orders/detail.html", d=detail, form=form or MoveForm(),
                           review_form=review_form or ReviewForm(formdata=None)), status


@bp.post("/orders/<int:order_id>/move")
@login_required
def move(order_id: int):
    """The buyer cancels an order."""
    return _move(order_id, OrderRole.buyer)


@bp.post("/orders/incoming/<int:order_id>/move")
@login_required
def move_sale(order_id: int):
    """The maker confirms, starts production, ships (with tracking) or marks an order delivered."""
    return _move(order_id, OrderRole.maker)


def _move(order_id: int, role: OrderRole):
    return move_view(
        MoveForm(), lambda form: orders.move_order(
            get_session(), current_user, order_id, form.to.data, role=role, expected=form.expected.data or None,
            note=form.note.data, carrier=form.carrier.data, tracking_number=form.tracking_number.data),
        lambda form, status: _detail(order_id, role, form, status),
        ".detail" if role == OrderRole.buyer else ".sale", common.status_label)


@bp.post("/orders/<int:order_id>/review")
@login_required
def review(order_id: int):
    """The buyer rates and reviews the maker of a delivered order; the maker is told."""
    form = ReviewForm()

    def done(_review):
        flash(_("Thank you. Your rating was sent to the maker."), "success")
        return redirect(url_for(".detail", order_id=order_id))

    return submit(form, lambda: reviews.review_order(get_session(), current_user, order_id, form.score.data,
                                                     form.comment.data),
                  lambda status: _detail(order_id, OrderRole.buyer, status=status, review_form=form), done)


@bp.post("/orders/<int:order_id>/again")
@login_required
def order_again(order_id: int):
    """Order again: the order's lines go back into the cart (at least each product's minimum)."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    session = get_session()
    added, skipped = placing.reorder(session, current_user, order_id)
    session.commit()
    flash(_("%(added)d product(s) put in your cart.", added=added), "success")
    if skipped:
        flash(_("%(skipped)d product(s) can no longer be ordered.", skipped=skipped), "info")
    return redirect(url_for(".cart"))


@bp.get("/orders/terms")
@login_required
def my_terms():
    """The payment terms page of the user's (first) maker organisation."""
    ids = sorted(common.org_ids(get_session(), current_user, OrganizationKind.maker))
    if not ids:
        abort(404)
    return redirect(url_for(".maker_terms", org_id=ids[0]))


@bp.route("/orders/terms/<int:org_id>", methods=["GET", "POST"])
@login_required
def maker_terms(org_id: int):
    """A maker's payment terms for its wholesale orders."""
    session = get_session()
    current = terms.terms_from_settings(session, current_user, org_id)
    form = TermsForm(obj=current)
    form.payment_terms.choices = [SelectChoice(k.value, label) for k, label in terms.TERMS_LABELS.items()]
    if current is not None and not form.is_submitted():
        form.net_days.data = str(current.net_days or 30)

    def saved(_row):
        flash(_("Your payment terms were saved."), "success")
        return redirect(url_for(".maker_terms", org_id=org_id))

    def page(status):
        return render_template("market/orders/terms.html", form=form, org_id=org_id), status

    if not form.is_submitted():
        return page(200)
    return submit(form, lambda: terms.set_maker_terms(session, current_user, org_id, form.payment_terms.data,
                                                      form.deposit_percent.data, form.net_days.data), page, saved)


@bp.route("/products/<int:product_id>/sample-offer", methods=["GET", "POST"])
@login_required
def sample_offer(product_id: int):
    """The maker offers a sample of a product: how many pieces, at what price each."""
    session = get_session()
    offer = placing.sample_offer(session, product_id)
    form = SampleOfferForm(obj=offer)

    def saved(_offer):
        flash(_("Your sample offer was saved."), "success")
        return redirect(url_for("catalog_products.detail", product_id=product_id))

    def page(status):
        return render_template("market/orders/sample_offer.html", form=form, product_id=product_id), status

    if not form.is_submitted():
        return page(200)
    return submit(form, lambda: placing.set_sample_offer(session, current_user, product_id, form.quantity.data,
                                                         form.unit_price_krw.data), page, saved)


@bp.route("/products/<int:product_id>/sample", methods=["GET", "POST"])
@login_required
def order_sample(product_id: int):
    """A buyer orders a product's sample before the bulk order (paid upfront)."""
    session = get_session()
    offer = placing.sample_offer(session, product_id)
    if offer is None:
        abort(404)
    form = SampleOrderForm()
    orgs = common.buyer_organizations(session, current_user)
    form.buyer_org_id.choices = [SelectChoice(org.id, org.name) for org in orgs]
    if not form.is_submitted() and orgs:
        form.shipping_country.data = orgs[0].country

    def placed(order):
        flash(_("Your sample order #%(id)d was placed.", id=order.id), "success")
        return redirect(url_for(".detail", order_id=order.id))

    def page(status):
        return render_template("market/orders/sample.html", form=form, offer=offer, product_id=product_id,
                               buyer_orgs=orgs), status

    if not form.is_submitted():
        return page(200)
    return submit(form, lambda: placing.order_sample(
        session, current_user, product_id, shipping_address=form.shipping_address.data,
        shipping_country=form.shipping_country.data, buyer_org_id=form.buyer_org_id.data or None,
        display_currency=current_currency(), locale=current_locale()), page, placed)


@bp.route("/orders/net-terms", methods=["GET", "POST"])
@login_required
def net_terms():
    """Staff approve buyer organisations for net terms (pay on invoice 30 or 60 days after shipment), or
    withdraw the approval."""
    if not getattr(current_user, "is_staff", False):
        abort(404)
    session = get_session()
    form = NetApprovalForm()
    form.buyer_org_id.choices = [SelectChoice(org.id, org.name) for org in terms.buyer_choices(session)]

    def page(status):
        return render_template("market/orders/net_terms.html", form=form, approvals=terms.net_approvals(session),
                               revoke_form=ConfirmForm()), status

    if not form.is_submitted():
        return page(200)

    def saved(_approval):
        flash(_("The buyer may now pay on invoice."), "success")
        return redirect(url_for(".net_terms"))

    return submit(form, lambda: terms.approve_net_terms(session, current_user, form.buyer_org_id.data,
                                                        form.max_days.data), page, saved)


@bp.post("/orders/net-terms/<int:buyer_org_id>/revoke")
@login_required
def revoke_net_terms(buyer_org_id: int):
    """Staff withdraw a buyer organisation's net terms (orders already placed keep theirs)."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    session = get_session()
    terms.revoke_net_terms(session, current_user, buyer_org_id)
    session.commit()
    flash(_("Net terms withdrawn."), "info")
    return redirect(url_for(".net_terms"))


# --- shipping and returns ---------------------------------------------------------------------------------------


@bp.get("/orders/shipping")
@login_required
def my_shipping_policy():
    """The shipping and returns page of the user's (first) maker organisation."""
    ids = sorted(common.org_ids(get_session(), current_user, OrganizationKind.maker))
    if not ids:
        abort(404)
    return redirect(url_for(".shipping_policy", org_id=ids[0]))


@bp.route("/orders/terms/<int:org_id>/shipping", methods=["GET", "POST"])
@login_required
def shipping_policy(org_id: int):
    """A maker's free-shipping threshold and returns policy, shown to buyers on its pages and at checkout."""
    session = get_session()
    row, note = shipping.policy_settings(session, current_user, org_id)
    form = ShippingPolicyForm()
    if not form.is_submitted():
        form.free_shipping_from_krw.data = str(row.free_shipping_from_krw) if row and row.free_shipping_from_krw else ""
        form.returns_days.data = str(row.returns_days) if row and row.returns_days else ""
        form.returns_note.data = note

    def saved(_row):
        flash(_("Your shipping and returns policy was saved."), "success")
        return redirect(url_for(".shipping_policy", org_id=org_id))

    def page(status):
        return render_template("market/orders/shipping_policy.html", form=form, org_id=org_id), status

    if not form.is_submitted():
        return page(200)
    return submit(form, lambda: shipping.set_policy(
        session, current_user, org_id, free_shipping_from_krw=form.free_shipping_from_krw.data,
        returns_days=form.returns_days.data, returns_note=form.returns_note.data, locale=current_locale()),
        page, saved)


def _rate_page(form, status: int = 200, rate_id: int | None = None):
    return render_template("market/orders/shipping_rates.html", form=form, rates=shipping.list_rates(get_session()),
                           rate_id=rate_id, delete_form=ConfirmForm()), status


def _rate_form(obj=None) -> ShippingRateForm:
    form = ShippingRateForm(obj=obj)
    form.destination.choices = [SelectChoice(code, label) for code, label in shipping.destination_choices()]
    return form


def _save_rate(rate_id: int | None):
    session = get_session()
    row = shipping.get_rate(session, rate_id) if rate_id is not None else None
    if rate_id is not None and row is None:
        abort(404)
    form = _rate_form(row)

    def saved(_row):
        flash(_("The shipping rate was saved."), "success")
        return redirect(url_for(".shipping_rates"))

    if not form.is_submitted():
        return _rate_page(form, 200, rate_id)
    return submit(form, lambda: shipping.save_rate(
        session, current_user, rate_id, destination=form.destination.data, basis=form.basis.data,
        band_min=form.band_min.data, band_max=form.band_max.data, shipping_krw=form.shipping_krw.data,
        duty_percent=form.duty_percent.data, set_on=form.set_on.data, source=form.source.data),
        lambda status: _rate_page(form, status, rate_id), saved)


@bp.route("/orders/shipping-rates", methods=["GET", "POST"])
@staff_required("admin")
def shipping_rates():
    """Staff keep the table of shipping estimates: add a row, list every row."""
    return _save_rate(None)


@bp.route("/orders/shipping-rates/<int:rate_id>", methods=["GET", "POST"])
@staff_required("admin")
def shipping_rate(rate_id: int):
    """Staff change one row of the table of shipping estimates."""
    return _save_rate(rate_id)


@bp.post("/orders/shipping-rates/<int:rate_id>/delete")
@staff_required("admin")
def delete_shipping_rate(rate_id: int):
    """Staff remove one row of the table of shipping estimates."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    session = get_session()
    shipping.delete_rate(session, current_user, rate_id)
    session.commit()
    flash(_("The shipping rate was removed."), "info")
    return redirect(url_for(".shipping_rates"))
