"""Pages of the association: the public dashboard (sources, targets as SVG, a 4-firm cell "suppressed"), the
report PDF in Korean and English, CSV/XLSX for staff and the city (refused to members, nothing leaked), the return
form with pre-filled exports and its refusals on fields, the reviewer's decisions, campaigns and official
counts."""

import io
import zipfile

import pytest
from pypdf import PdfReader
from sqlmodel import select

from market.association.models import AnnualReturn, OfficialCount, ReturnStatus
from tests.factories.association import add_member, add_verified, figures
from tests.helpers import csrf_token

YEAR = 2026


@pytest.fixture
def population(db_session, campaign, clusters):
    """Verified returns: 6 shoe workshops in Seongsu, 7 metal shops in Mullae, 4 print shops in Euljiro."""
    for cluster, ksic, n in (("seongsu", "15", 6), ("mullae", "25", 7), ("euljiro", "18", 4)):
        for i in range(n):
            add_verified(db_session, add_member(db_session, cluster_code=cluster, ksic=ksic), YEAR,
                         exports_krw=10_000_000 + i, revenue_krw=400_000_000 + i, smart_factory_stage=i % 2)


def _row(html: str, key: str) -> str:
    start = html.index(f'data-key="{key}"')
    return html[start:html.index("</tr>", start)]


def test_dashboard_shows_sources_targets_and_suppressed_cells(client, population):
    """Every headline figure names its source and year; targets are SVG lines; the 4-firm cell reads suppressed."""
    html = client.get(f"/en/association/{YEAR}").get_data(as_text=True)
    assert "Source: Association annual returns (verified), 2026" in html
    assert html.count("<svg") == 4 and "stroke-dasharray" in html
    trade_table = html[html.index('id="table-trade"'):]
    assert "suppressed" in _row(trade_table, "18")
    assert "suppressed" not in _row(html[html.index('id="table-size"'):], "5-9")


def test_the_report_pdf_reads_suppressed_in_both_languages(client, population):
    """The English and Korean reports are real PDFs; the suppressed cell has no figures, only the word."""
    english = client.get(f"/en/association/{YEAR}/report.pdf?in=en")
    assert english.status_code == 200 and english.mimetype == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(english.data)).pages)
    assert "annual report 2026" in text
    printing = next(line for line in text.splitlines() if line.startswith("18 Printing"))
    assert "suppressed" in printing and not any(ch.isdigit() for ch in printing[len("18 Printing"):])
    korean = client.get(f"/en/association/{YEAR}/report.pdf?in=ko")
    korean_text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(korean.data)).pages).replace("\x00", "")
    assert "연례 보고서" in korean_text


def test_exports_are_for_staff_and_the_city_only(app, population, workshop, staff, city):
    """A member's CSV download is refused without any figure; staff get CSV, the city XLSX, both with the
    suppressed cell reading "suppressed"."""
    refused = workshop.client.get(f"/en/association/{YEAR}/aggregates.csv")
    assert refused.status_code == 403
    assert "400000" not in refused.get_data(as_text=True)
    csv_text = staff.client.get(f"/en/association/{YEAR}/aggregates.csv").data.decode("utf-8-sig")
    printing = next(line for line in csv_text.splitlines() if line.startswith("trade,18,"))
    assert printing == "trade,18,suppressed,suppressed,suppressed,suppressed,yes"
    xlsx = city.client.get(f"/en/association/{YEAR}/aggregates.xlsx")
    assert xlsx.status_code == 200
    strings = zipfile.ZipFile(io.BytesIO(xlsx.data)).read("xl/sharedStrings.xml").decode()
    assert "suppressed" in strings and "18 Printing" in strings


def test_a_member_files_a_return_and_sees_refusals_on_fields(app, db_session, campaign, workshop):
    """The form shows the pre-filled figure; inconsistent figures come back marked (422) and nothing is kept; a
    consistent return is submitted."""
    page = workshop.client.get(f"/en/association/returns/{YEAR}")
    assert page.status_code == 200 and "Submit the return" in page.get_data(as_text=True)
    assert db_session.exec(select(AnnualReturn)).all() == []  # looking does not create the return
    token = csrf_token(workshop.client, f"/en/association/returns/{YEAR}")
    form = {k: ("" if v is None else v) for k, v in figures().items() if not isinstance(v, (dict, list))}
    bad = workshop.client.post(f"/en/association/returns/{YEAR}",
                               data={**form, "exports_krw": 900_000_000, "csrf_token": token, "action": "submit"})
    assert bad.status_code == 422
    html = bad.get_data(as_text=True)
    assert 'id="exports_krw-error"' in html and "Exports cannot be more than revenue." in html
    assert db_session.exec(select(AnnualReturn).where(AnnualReturn.status == ReturnStatus.submitted)).all() == []
    good = workshop.client.post(f"/en/association/returns/{YEAR}",
                                data={**form, "csrf_token": token, "action": "submit"})
    assert good.status_code == 302
    ret = db_session.exec(select(AnnualReturn)).one()
    assert ret.status == ReturnStatus.submitted and ret.revenue_krw == 500_000_000


def test_staff_return_and_verify_from_the_review_page(app, db_session, campaign, workshop, staff):
    """Staff return a submitted return with a reason the member then sees, and verify the resubmission."""
    from market.association.services import returns

    ret = returns.open_return(db_session, workshop.member, YEAR)
    returns.submit_return(db_session, ret, workshop.member, workshop.user, figures())
    db_session.commit()
    token = csrf_token(staff.client, f"/en/association/review/{ret.id}")
    answer = staff.client.post(f"/en/association/review/{ret.id}", data={
        "csrf_token": token, "decision": "return", "reason": "Split exports by country.", "expected": "submitted"})
    assert answer.status_code == 302
    member_page = workshop.client.get(f"/en/association/returns/{YEAR}").get_data(as_text=True)
    assert "Split exports by country." in member_page
    returns.submit_return(db_session, ret, workshop.member, workshop.user, {})
    db_session.commit()
    staff.client.post(f"/en/association/review/{ret.id}", data={
        "csrf_token": token, "decision": "verify", "expected": "resubmitted"})
    db_session.refresh(ret)
    assert ret.status == ReturnStatus.verified


def test_members_cannot_review_or_see_campaigns(workshop, campaign):
    """Review pages and campaigns are refused to members."""
    assert workshop.client.get("/en/association/review").status_code == 403
    assert workshop.client.get(f"/en/association/campaigns/{YEAR}").status_code == 403
    assert workshop.client.get("/en/association/counts").status_code == 403


def test_campaign_page_shows_response_rates_by_cluster_and_trade(app, db_session, population, staff, workshop):
    """The response rate by cluster and trade counts verified and submitted returns."""
    html = staff.client.get(f"/en/association/campaigns/{YEAR}").get_data(as_text=True)
    assert 'id="rates-cluster"' in html and 'id="rates-trade"' in html
    assert "Response rate: 100% (17 of 17 members)." in html


def test_staff_open_a_campaign_and_enter_an_official_count(app, db_session, staff, workshop, clusters):
    """Opening a year gives every member a return; an official count is kept with its source and year."""
    token = csrf_token(staff.client, "/en/association/campaigns")
    answer = staff.client.post("/en/association/campaigns", data={"csrf_token": token, "year": 2027})
    assert answer.status_code == 302
    assert len(db_session.exec(select(AnnualReturn).where(AnnualReturn.year == 2027, AnnualReturn.member_id == workshop.member.id)).all()) == 1
    again = staff.client.post("/en/association/campaigns", data={"csrf_token": token, "year": 2027})
    assert again.status_code == 422 and "already open" in again.get_data(as_text=True)
    token = csrf_token(staff.client, "/en/association/counts")
    saved = staff.client.post("/en/association/counts", data={
        "csrf_token": token, "year": 2026, "cluster_code": "seongsu", "ksic": "15", "firms": 1850, "jobs": 6100,
        "source": "Census on Establishments", "source_year": 2023})
    assert saved.status_code == 302
    row = db_session.exec(select(OfficialCount)).one()
    assert (row.firms, row.source, row.source_year) == (1850, "Census on Establishments", 2023)
    blank = staff.client.post("/en/association/counts", data={
        "csrf_token": token, "year": 2026, "cluster_code": "seongsu", "ksic": "99", "firms": 5, "source": "x",
        "source_year": 2023})
    assert blank.status_code == 422
