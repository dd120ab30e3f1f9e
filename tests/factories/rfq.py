"""Requests for quote: a complete request as service arguments, and the same as the form's fields."""

from __future__ import annotations

import datetime as dt

from tests.factories.files import pdf_bytes, png_bytes
from tests.helpers import csrf_token

LONG_MESSAGE = ("We need hand-stitched wallets in full-grain leather, colour black and tan, size 110 × 90 mm, "
                "with a matte finish and our logo embossed inside.")


def full_draft(**overrides) -> dict:
    """Every field of a complete request, as service keyword arguments."""
    draft = {"quantity": 200, "target_price": "32.50", "currency": "USD", "incoterm": "FOB",
             "destination_country": "JP", "needed_by": dt.date.today() + dt.timedelta(days=60),
             "message": LONG_MESSAGE}
    draft.update(overrides)
    return draft


def form_data(client, url: str, **overrides) -> dict:
    """The RFQ form's fields with a CSRF token, filled in completely."""
    draft = full_draft()
    data = {"csrf_token": csrf_token(client, url), "quantity": str(draft["quantity"]),
            "target_price": draft["target_price"], "currency": draft["currency"], "incoterm": draft["incoterm"],
            "destination_country": draft["destination_country"], "needed_by": draft["needed_by"].isoformat(),
            "message": draft["message"], "confirmed": ""}
    data.update(overrides)
    return data


def drawing_pdf() -> bytes:
    """The buyer's drawing of the wallet, a real one-page PDF to attach."""
    return pdf_bytes("Wallet drawing, 110 x 90 mm", frame=False)


def photo_png(size=(40, 30)) -> bytes:
    """A photo of the wallet to attach, a real red PNG."""
    return png_bytes(size, (200, 30, 30))
