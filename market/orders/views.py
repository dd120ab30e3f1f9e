"""Pages of wholesale ordering: the cart, checkout, the buyer's orders and the maker's incoming orders.

Link to the cart from anywhere with ``url_for('market_orders.cart')``; product pages post to
``market_orders.add``. A refused step (a product below its minimum, a cart that changed) goes back to the page it
came from with its message; a refused form shows its messages on its fields.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from i18n.locales import current_locale
from i18n.money import current_currency
from market.accounts.forms import ConfirmForm
from market.db import get_session
from market.formviews import MoveForm, move_view, submit
from market.orders.forms import CartAddForm, CartQuantityForm, CheckoutForm
from market.orders.models import OrderRole, OrderStatus
from market.orders.services import cart as carts
from market.orders.services import common, orders
from market.pages import page_number

bp = Blueprint("market_orders", __name__, url_prefix="/<locale:lang>")


@bp.app_template_global()
def cart_item_count() -> int:
    """How many lines the signed-in user's cart has (0 for visitors)."""
    if not current_user.is_authenticated:
        return 0
    return carts.cart_count(get_session(), current_user)


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
        if orgs and not form.shipping_country.data:
            form.shipping_country.data = orgs[0].country
    return form


def _render_cart(form=None, status: int = 200):
    session = get_session()
    cart = carts.load_cart(session, current_user, current_locale())
    form = _checkout_form(session, cart, form)
    return render_template("market/orders/cart.html", cart=cart, form=form,
                           buyer_orgs=common.buyer_organizations(session, current_user),
                           quantity_form=CartQuantityForm()), status


@bp.get("/cart")
@login_required
def cart():
    """The cart grouped by maker with subtotals, lines below the MOQ flagged, and the checkout form."""
    return _render_cart()


@bp.post("/cart/add")
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
        locale=current_locale(), display_currency=current_currency()), lambda status: _render_cart(form, status), placed)


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


def _detail(order_id: int, role: OrderRole, form=None, status: int = 200):
    detail = orders.order_detail(get_session(), current_user, order_id, role)
    return render_template("market/orders/detail.html", d=detail, form=form or MoveForm()), status


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
