"""Co-brand certification: answers worth gold and bronze, evidence documents, and the CSRF token of a client on
its pages."""

from __future__ import annotations

from tests.factories.files import image_bytes, pdf_bytes
from tests.helpers import csrf_token

GOLD_ANSWERS = {"design_location": "cluster", "making_location": "cluster", "assembly_location": "cluster",
                "workshop_staff_share": 80, "years_in_cluster": 15}
BRONZE_ANSWERS = {"design_location": "seoul", "making_location": "seoul", "assembly_location": "seoul",
                  "workshop_staff_share": 60, "years_in_cluster": 6}


def token(client) -> str:
    """The CSRF token of a signed-in client.

    The ``app`` fixture keeps one app context for the whole test, so ``g`` (where Flask-WTF caches the token of
    the current request) is shared by every client's requests; forgetting it makes the page issue a token for
    this client's own session.
    """
    from flask import g

    g.pop("csrf_token", None)
    return csrf_token(client, "/en/co-brand/")


def evidence_pdf(text: str = "Inspection report") -> bytes:
    """An evidence document, a real one-page PDF."""
    return pdf_bytes(text, frame=False)


def evidence_image(fmt: str = "PNG", size=(40, 30)) -> bytes:
    """An evidence picture, a real small image in ``fmt`` (PNG or JPEG)."""
    return image_bytes(fmt, size, (200, 120, 40), outline=False)
