"""QR codes and printable labels: real PNG and PDF files, only for the maker and curators, only while valid."""

import datetime as dt
import io

from PIL import Image

from catalog.certification import labels, services

LABEL = labels.LabelData(code="MIS-2026-000123", tier_code="gold", tier_name="Gold", colour="#b08d1a",
                         maker_name="Hanbit Precision", maker_name_ko="한빛정밀", issued_on=dt.date(2026, 11, 22),
                         expires_on=dt.date(2028, 11, 21), verify_url="http://localhost/verify/MIS-2026-000123")


def test_label_png_is_a_real_image():
    """The PNG label opens in Pillow at 1200×600 pixels."""
    data = labels.render_label_png(LABEL)
    with Image.open(io.BytesIO(data)) as image:
        image.verify()
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "PNG" and image.size == (1200, 600)


def test_label_pdf_is_a_real_pdf():
    """The PDF label starts with %PDF and is not empty."""
    data = labels.render_label_pdf(LABEL)
    assert data.startswith(b"%PDF") and len(data) > 1000 and b"%%EOF" in data[-64:]


def test_qr_code_encodes_the_verify_address():
    """The QR code's SVG carries the verify address it encodes, and its PNG is a real image."""
    assert LABEL.verify_url in labels.qr_svg(LABEL.verify_url)
    with Image.open(io.BytesIO(labels.qr_png(LABEL.verify_url))) as image:
        assert image.format == "PNG"


def test_maker_downloads_labels_of_a_valid_certificate(app, db_session, workshop, curator, submitted, make_user):
    """The maker gets PNG, PDF and QR from the certificate page; strangers get 404; a revoked one has none."""
    application = submitted(workshop)
    certificate = services.approve_application(db_session, curator.user, application.id)
    db_session.commit()
    base = f"/en/co-brand/certificates/{certificate.code}"
    page = workshop.client.get(base)
    assert page.status_code == 200 and "label.pdf" in page.get_data(as_text=True)
    png = workshop.client.get(base + "/label.png")
    assert png.status_code == 200 and png.mimetype == "image/png"
    with Image.open(io.BytesIO(png.data)) as image:
        assert image.format == "PNG"
    pdf = workshop.client.get(base + "/label.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF") and len(pdf.data) > 0
    qr = workshop.client.get(base + "/qr.svg")
    assert qr.status_code == 200 and f"http://localhost/verify/{certificate.code}" in qr.get_data(as_text=True)

    from tests.helpers import sign_in

    stranger = app.test_client()
    sign_in(stranger, make_user())
    assert stranger.get(base).status_code == 404
    assert stranger.get(base + "/label.png").status_code == 404

    services.revoke_certificate(db_session, curator.user, certificate.code, "Production moved to Incheon.")
    db_session.commit()
    refused = workshop.client.get(base + "/label.png")
    assert refused.status_code == 302
    assert "Labels are only for valid certificates." in workshop.client.get(base).get_data(as_text=True)
