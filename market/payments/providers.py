"""Payment providers: how money comes in and goes back, behind one small interface built from settings.

* :class:`ManualProvider` (the default, no keys): an invoice with the platform's bank details (``PAYMENT_BANK_*``;
  without them no invoice is issued, see :func:`bank_transfer_problem`) and a reference; staff mark the transfer
  as received, and refunds are bank transfers back that staff record.
* :class:`StripeProvider` (when ``STRIPE_SECRET_KEY`` is set): PaymentIntents through the official SDK, with a
  client of its own (``stripe.StripeClient``) pointed at ``STRIPE_API_BASE`` when set, and an idempotency key on
  every call that creates something. Payouts are Stripe Connect transfers.

The app factory builds the providers (:func:`init_app`) and keeps them on ``app.extensions``; tests swap in a
provider built from other settings (a Stripe-compatible server on loopback), never a mock.
"""

from __future__ import annotations

import dataclasses
import json
import logging
from collections.abc import Iterator
from urllib.parse import urlsplit

from flask import Flask, current_app

from market.payments.amounts import from_stripe_amount, to_stripe_amount

EXTENSION = "seoulmade.payments"
log = logging.getLogger("seoulmade.payments")


class ProviderError(Exception):
    """The provider refused or could not be reached; ``message`` is safe to show to staff."""

    def __init__(self, message: str, code: str | None = None):
        super().__init__(message)
        self.message = message
        self.code = code


class CardDeclined(ProviderError):
    """The card was declined (or failed authentication); ``message`` is the issuer's reason for the payer."""


class SignatureError(Exception):
    """A webhook whose signature does not verify (wrong secret, altered body, too old)."""


@dataclasses.dataclass(frozen=True)
class BankDetails:
    """The platform's bank account that invoices ask payers to transfer to."""

    bank_name: str | None
    account_name: str | None
    account_number: str | None
    swift: str | None
    address: str | None

    @property
    def configured(self) -> bool:
        return bool(self.bank_name and self.account_name and self.account_number)

    @property
    def missing(self) -> list[str]:
        """The settings an invoice needs that are not set (bank, account holder, account number)."""
        return [name for name, value in (("PAYMENT_BANK_NAME", self.bank_name),
                                         ("PAYMENT_BANK_ACCOUNT_NAME", self.account_name),
                                         ("PAYMENT_BANK_ACCOUNT_NUMBER", self.account_number)) if not value]


@dataclasses.dataclass(frozen=True)
class IntentState:
    """What the provider says about one PaymentIntent, in our units (ISO minor units, upper-case currency)."""

    id: str
    status: str
    amount_minor: int
    currency: str
    client_secret: str | None
    metadata: dict
    error: str | None
    created: int | None

    @property
    def payment_id(self) -> int | None:
        """Our payment's id, from the intent's metadata."""
        try:
            return int(self.metadata.get("payment_id"))
        except (TypeError, ValueError):
            return None


@dataclasses.dataclass(frozen=True)
class RefundState:
    """One refund as the provider records it."""

    id: str
    amount_minor: int
    status: str


class ManualProvider:
    """Bank transfer against an invoice: nothing to call, staff record what arrives and what goes back."""

    name = "manual"
    takes_cards = False

    def __init__(self, bank: BankDetails, due_days: int = 14):
        self.bank = bank
        self.due_days = due_days


class StripeProvider:
    """Stripe PaymentIntents, refunds and Connect transfers through one ``stripe.StripeClient``."""

    name = "stripe"
    takes_cards = True

    def __init__(self, secret_key: str, publishable_key: str | None, webhook_secret: str | None,
                 api_base: str | None = None, js_url: str = "https://js.stripe.com/v3/",
                 max_network_retries: int = 2):
        import stripe

        self.publishable_key = publishable_key
        self.webhook_secret = webhook_secret
        self.api_base = api_base.rstrip("/") if api_base else None
        self.js_url = js_url
        # A client of our own (never the module's globals), so several apps with different keys can coexist.
        self.client = stripe.StripeClient(secret_key, base_addresses={"api": self.api_base} if self.api_base else None,
                                          max_network_retries=max_network_retries)

    # --- errors ------------------------------------------------------------------------------------------------

    def _call(self, fn, *args, **kwargs):
        import stripe

        try:
            return fn(*args, **kwargs)
        except stripe.CardError as exc:
            raise CardDeclined(exc.user_message or str(exc), exc.code) from exc
        except stripe.StripeError as exc:
            log.warning("stripe call failed: %s", exc)
            raise ProviderError(exc.user_message or str(exc) or type(exc).__name__, getattr(exc, "code", None)
                                ) from exc

    @staticmethod
    def _intent(obj) -> IntentState:
        data = obj.to_dict() if hasattr(obj, "to_dict") else dict(obj)
        currency = str(data.get("currency") or "").upper()
        error = data.get("last_payment_error") or None
        message = error.get("message") if isinstance(error, dict) else None
        return IntentState(id=data["id"], status=data.get("status") or "",
                           amount_minor=from_stripe_amount(int(data.get("amount") or 0), currency),
                           currency=currency, client_secret=data.get("client_secret"),
                           metadata=dict(data.get("metadata") or {}), error=message, created=data.get("created"))

    # --- PaymentIntents ----------------------------------------------------------------------------------------

    def create_intent(self, amount_minor: int, currency: str, metadata: dict[str, str], idempotency_key: str
                      ) -> IntentState:
        """Create a card PaymentIntent for the amount, in the currency's Stripe units."""
        params = {"amount": to_stripe_amount(amount_minor, currency), "currency": currency.lower(),
                  "metadata": metadata, "payment_method_types": ["card"]}
        return self._intent(self._call(self.client.v1.payment_intents.create, params=params,
                                       options={"idempotency_key": idempotency_key}))

    def retrieve_intent(self, intent_id: str) -> IntentState:
        """The intent as Stripe has it now."""
        return self._intent(self._call(self.client.v1.payment_intents.retrieve, intent_id))

    def confirm_intent(self, intent_id: str, payment_method: str) -> IntentState:
        """Attach the payment method the browser made and confirm; raises :class:`CardDeclined` on a decline.

        Attaching by update then confirming without parameters is the sequence every Stripe-compatible server
        accepts (Stripe itself also takes the method in the confirm call)."""
        self._call(self.client.v1.payment_intents.update, intent_id, params={"payment_method": payment_method})
        return self._intent(self._call(self.client.v1.payment_intents.confirm, intent_id))

    def cancel_intent(self, intent_id: str) -> IntentState:
        """Cancel an intent that can no longer be used (a new attempt replaces it, or the payable was cancelled).
        When Stripe refuses because the intent already succeeded, the caller re-reads it."""
        return self._intent(self._call(self.client.v1.payment_intents.cancel, intent_id))

    def recent_intents(self, since: int | None = None, max_pages: int = 20) -> Iterator[IntentState]:
        """PaymentIntents created since the Unix time ``since`` (all, without it), page by page."""
        starting_after = None
        for _page in range(max_pages):
            params = {"limit": 100}
            if starting_after:
                params["starting_after"] = starting_after
            page = self._call(self.client.v1.payment_intents.list, params=params)
            items = [self._intent(item) for item in page.data]
            for item in items:
                if since is None or (item.created or 0) >= since:
                    yield item
            if not page.has_more or not items:
                return
            starting_after = items[-1].id

    # --- refunds -----------------------------------------------------------------------------------------------

    def refund(self, intent_id: str, amount_minor: int, currency: str, idempotency_key: str,
               metadata: dict[str, str]) -> RefundState:
        """Refund part or all of a succeeded intent."""
        params = {"payment_intent": intent_id, "amount": to_stripe_amount(amount_minor, currency),
                  "metadata": metadata}
        refund = self._call(self.client.v1.refunds.create, params=params,
                            options={"idempotency_key": idempotency_key}).to_dict()
        return RefundState(refund["id"], from_stripe_amount(int(refund["amount"]), currency),
                           refund.get("status") or "succeeded")

    def list_refunds(self, intent_id: str, currency: str) -> list[RefundState]:
        """Every refund Stripe has for the intent (made by us or in Stripe's dashboard)."""
        page = self._call(self.client.v1.refunds.list, params={"payment_intent": intent_id, "limit": 100})
        return [RefundState(r["id"], from_stripe_amount(int(r["amount"]), currency), r.get("status") or "")
                for r in (item.to_dict() for item in page.data)]

    # --- Connect -----------------------------------------------------------------------------------------------

    def transfer(self, amount_minor: int, currency: str, destination: str, idempotency_key: str,
                 metadata: dict[str, str]) -> str:
        """Move money from the platform's balance to a connected account; returns the transfer's id."""
        params = {"amount": to_stripe_amount(amount_minor, currency), "currency": currency.lower(),
                  "destination": destination, "metadata": metadata}
        transfer = self._call(self.client.v1.transfers.create, params=params,
                              options={"idempotency_key": idempotency_key})
        return transfer.to_dict()["id"]

    # --- webhooks ----------------------------------------------------------------------------------------------

    def verify_event(self, payload: bytes, signature: str | None) -> dict:
        """The event in a webhook's raw body, once its signature checks out with the webhook secret and within
        the SDK's default tolerance; raises :class:`SignatureError` otherwise."""
        import stripe

        if not self.webhook_secret:
            raise SignatureError("STRIPE_WEBHOOK_SECRET is not set")
        try:
            stripe.WebhookSignature.verify_header(payload, signature, self.webhook_secret,
                                                  stripe.Webhook.DEFAULT_TOLERANCE)
            event = json.loads(payload)
        except (stripe.SignatureVerificationError, ValueError, UnicodeDecodeError) as exc:
            raise SignatureError(str(exc)) from exc
        if not isinstance(event, dict) or not event.get("id") or not event.get("type"):
            raise SignatureError("not an event")
        return event

    # --- the browser -------------------------------------------------------------------------------------------

    def browser_origins(self) -> tuple[list[str], list[str]]:
        """Origins the card page needs: (scripts and frames, connections) for the CSP."""
        scripts = [_origin(self.js_url)]
        connects = [_origin(self.js_url), _origin(self.api_base or "https://api.stripe.com")]
        if scripts == ["https://js.stripe.com"]:
            scripts.append("https://hooks.stripe.com")  # Stripe.js's 3-D Secure frames
        return [o for o in scripts if o], sorted({o for o in connects if o})


def _origin(url: str | None) -> str | None:
    if not url:
        return None
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None


@dataclasses.dataclass
class Providers:
    """The manual provider (always there, for payments made by bank transfer) and Stripe when keyed; new
    payments use Stripe when it is configured."""

    manual: ManualProvider
    stripe: StripeProvider | None

    @property
    def default(self) -> ManualProvider | StripeProvider:
        return self.stripe or self.manual

    def get(self, name: str) -> ManualProvider | StripeProvider:
        if name == "stripe":
            if self.stripe is None:
                raise ProviderError("Stripe is not configured (STRIPE_SECRET_KEY).", "not_configured")
            return self.stripe
        return self.manual


def build_providers(config) -> Providers:
    """Providers from settings: Stripe when ``STRIPE_SECRET_KEY`` is set, the manual provider always."""
    bank = BankDetails(config.get("PAYMENT_BANK_NAME"), config.get("PAYMENT_BANK_ACCOUNT_NAME"),
                       config.get("PAYMENT_BANK_ACCOUNT_NUMBER"), config.get("PAYMENT_BANK_SWIFT"),
                       config.get("PAYMENT_BANK_ADDRESS"))
    manual = ManualProvider(bank, int(config.get("PAYMENT_INVOICE_DUE_DAYS") or 14))
    stripe_provider = None
    if config.get("STRIPE_SECRET_KEY"):
        stripe_provider = StripeProvider(config["STRIPE_SECRET_KEY"], config.get("STRIPE_PUBLISHABLE_KEY"),
                                         config.get("STRIPE_WEBHOOK_SECRET"), config.get("STRIPE_API_BASE"),
                                         config.get("STRIPE_JS_URL") or "https://js.stripe.com/v3/")
    return Providers(manual, stripe_provider)


def bank_transfer_problem(providers: Providers) -> str | None:
    """Why bank-transfer invoices cannot be issued (for the operator: logs, /readyz, the staff payments page), or
    None when they can. Without the platform's bank account the product refuses to issue an invoice rather than
    print one without an account."""
    missing = providers.manual.bank.missing
    if not missing:
        return None
    return ("bank-transfer invoices are unavailable: set " + ", ".join(missing)
            + (" (card payments still work)" if providers.stripe is not None else ""))


def init_app(app: Flask) -> None:
    """Build the providers from the app's settings and keep them on the app. (A server says at start when
    bank-transfer invoices cannot be issued: :func:`market.app.warm_up`; /readyz says it too.)"""
    app.extensions[EXTENSION] = build_providers(app.config)


def get_providers(app: Flask | None = None) -> Providers:
    """The current app's providers (built on first use when the factory did not build them)."""
    app = app or current_app
    if EXTENSION not in app.extensions:
        init_app(app)
    return app.extensions[EXTENSION]


def csp_extra_sources() -> dict[str, str]:
    """Sources the Content-Security-Policy adds for Stripe.js when the Stripe provider is on (empty otherwise):
    `` https://js.stripe.com`` for scripts and frames, and the API origin for connections."""
    extra = {"script-src": "", "connect-src": "", "frame-src": ""}
    try:
        stripe = get_providers().stripe
    except RuntimeError:  # outside an app context
        return extra
    if stripe is not None:
        scripts, connects = stripe.browser_origins()
        extra["script-src"] = "".join(f" {o}" for o in scripts)
        extra["frame-src"] = "".join(f" {o}" for o in scripts)
        extra["connect-src"] = "".join(f" {o}" for o in connects)
    return extra
