"""End-to-end journeys of people of the trades in a real browser, each person in a browser context of their own:

1. the association nominates a Jongno goldsmith with a photo of her work, staff send the dossier to two reviewers
   who declare no conflict and score it in the review piece, staff select and award her and pay her grant; the
   plaque PDF and the public /verify page show the certificate, her workshop's maker page carries the master's
   badge and the catalog's "made in a master's workshop" filter finds the workshop's products;
2. a Seongsu workshop (its owner reading Korean) posts an apprentice job with a wage range, a job seeker (reading
   Vietnamese) applies, is invited to interview and hired, and each side is notified in its own language;
3. a teacher books a tour for a class of 20 with the consent forms.
"""

from __future__ import annotations

import io
import re
from contextlib import contextmanager

from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.e2e.conftest import TIMEOUT_MS

DEMO_PASSWORD = "seoul-workshops-2026"
CURATOR = ("curator@madeinseoul.demo", "curate-seoul-2026")
ASSOCIATION = ("association@madeinseoul.demo", "assoc-seoul-2026")
REVIEWERS = ("reviewer.kim@people.demo", "reviewer.lee@people.demo")
JOBSEEKER = "jobseeker@people.demo"
TEACHER = "teacher@people.demo"
GOLDSMITH = "Han Geum-ju"


@contextmanager
def _person(browser: Browser, live_server: str, locale: str = "en-US"):
    context: BrowserContext = browser.new_context(base_url=live_server, locale=locale)
    context.set_default_timeout(TIMEOUT_MS)
    try:
        yield context.new_page()
    finally:
        context.close()


def _sign_in(page: Page, email: str, password: str = DEMO_PASSWORD, lang: str = "en") -> None:
    page.goto(f"/{lang}/account/signin")
    page.locator("#email").fill(email)
    page.locator("#password").fill(password)
    page.locator("main form").filter(has=page.locator("#password")).locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/{lang}/account/$"))


def _png(path) -> str:
    from PIL import Image, ImageDraw

    with Image.new("RGB", (480, 360), "#f4efe4") as image:
        draw = ImageDraw.Draw(image)
        draw.ellipse((140, 80, 340, 280), outline="#b8860b", width=18)
        image.save(path, format="PNG")
    return str(path)


def _pdf(path, text: str) -> str:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=14)
    pdf.multi_cell(0, 10, text)
    pdf.output(str(path))
    return str(path)


def test_an_association_nominates_a_goldsmith_who_is_reviewed_and_awarded(browser, live_server, tmp_path):
    """Nomination → two reviews → selection → award → the grant paid; plaque, /verify, the maker page's badge,
    the catalog filter."""
    from pypdf import PdfReader

    with _person(browser, live_server) as association:
        _sign_in(association, *ASSOCIATION)
        association.goto("/en/people/?cluster=jongno")
        association.get_by_role("link", name=GOLDSMITH).click()
        expect(association.locator("#person-h")).to_contain_text(GOLDSMITH)
        association.locator("a[href*='/masters/nominate/']").click()
        association.locator("#nominator_kind").select_option("association")
        association.locator("#level").select_option("master")
        association.locator("#career").fill("Goldsmith in Jongno 3-ga since 2002; granulation and filigree rings.")
        association.locator("#apprentices").fill("6")
        association.locator("#works").set_input_files(_png(tmp_path / "ring.png"))
        association.locator("#nomination-form button[type=submit]").click()
        expect(association).to_have_url(re.compile(r"/en/masters/nominations/\d+$"))
        expect(association.locator("#nomination-status")).to_have_text("Submitted")
        nomination_url = association.url

    with _person(browser, live_server) as staff:
        _sign_in(staff, *CURATOR, lang="en")
        staff.goto(nomination_url)
        staff.locator("#reviewers").fill(", ".join(REVIEWERS))
        staff.locator("#reviewers-form button[type=submit]").click()
        expect(staff.locator("#nomination-status")).to_have_text("In review")

        for reviewer, score in zip(REVIEWERS, ("4", "5"), strict=True):
            with _person(browser, live_server) as page:
                _sign_in(page, reviewer)
                page.goto("/en/reviews/")
                page.locator("main table a[href*='/reviews/']").first.click()
                expect(page).to_have_url(re.compile(r"/en/reviews/\d+$"))
                page.locator("#declare-button").click()
                expect(page.locator("#score-form")).to_be_visible()
                for group in page.locator("#score-form fieldset").all():
                    group.locator(f"input[type=radio][value='{score}']").check()
                page.locator("#submit-scores").click()
                expect(page.locator("#my-scores")).to_be_visible()

        staff.goto(nomination_url)
        expect(staff.locator("#review-score")).to_contain_text("90")
        staff.locator("#decision").select_option("selected")
        staff.locator("#reason").fill("Outstanding granulation; six apprentices trained.")
        staff.locator("#decision-form button[type=submit]").click()
        expect(staff.locator("#nomination-status")).to_have_text("Selected")
        staff.locator("#award-button").click()
        expect(staff).to_have_url(re.compile(r"/en/masters/certificates/MST-\d{4}-\d{4}$"))
        code = staff.url.rsplit("/", 1)[1]
        expect(staff.locator("#cert-h")).to_contain_text(code)
        expect(staff.locator("#grant-state")).to_have_attribute("data-state", "due")
        staff.locator("#pay-grant").click()
        expect(staff.locator("#grant-state")).to_have_attribute("data-state", "paid")
        expect(staff.locator("#pay-grant")).to_have_count(0)

        plaque = staff.request.get(staff.locator("#plaque-link").get_attribute("href"))
        assert plaque.ok and plaque.headers["content-type"] == "application/pdf"
        text = PdfReader(io.BytesIO(plaque.body())).pages[0].extract_text()
        assert code in text and GOLDSMITH in text

        staff.goto(f"/verify/{code}")
        expect(staff.locator("main")).to_contain_text(GOLDSMITH)
        expect(staff.locator("main")).to_contain_text(code)

        staff.goto(f"/en/masters/certificates/{code}")
        staff.locator("dl.facts a[href*='/makers/']").click()
        expect(staff).to_have_url(re.compile(r"/en/makers/[^/]+$"))
        expect(staff.locator(".master-badge").filter(has_text=GOLDSMITH)).to_be_visible()
        maker_name = staff.locator("#maker-name").inner_text().strip()

        staff.goto(f"/en/catalog/?master=true&cluster=jongno&per_page=100&q={maker_name}")
        expect(staff.locator(".product-card").first).to_be_visible()
        expect(staff.locator(".product-card").filter(has_text=maker_name).first).to_be_visible()


def test_a_seongsu_workshop_hires_an_apprentice_each_side_told_in_its_language(browser, live_server):
    """The workshop posts a job with a wage range; the seeker applies; interview, hire; notices in ko and vi."""
    with _person(browser, live_server) as finder:
        finder.goto("/en/people/?cluster=seongsu")
        finder.locator(".people-list a").first.click()
        finder.locator("dl.facts a[href*='/makers/']").click()
        expect(finder).to_have_url(re.compile(r"/en/makers/[^/]+$"))
        slug = finder.url.rsplit("/", 1)[1]

    with _person(browser, live_server, "ko-KR") as workshop, _person(browser, live_server, "vi-VN") as seeker:
        _sign_in(workshop, f"owner@{slug}.demo")
        workshop.locator("#locale").select_option("ko")
        workshop.locator("form[action$='/locale'] button[type=submit]").click()
        expect(workshop).to_have_url(re.compile(r"/ko/account/$"))

        workshop.goto("/ko/jobs/new")
        workshop.locator("#title").fill("견습 제화공 (수제화)")
        workshop.locator("#description").fill("성수동 공방에서 수제화 제작을 처음부터 배웁니다.")
        workshop.locator("#locale").select_option("ko")
        workshop.locator("#trade").select_option("shoes")
        workshop.locator("#level").select_option("apprentice")
        workshop.locator("#wage_type").select_option("monthly")
        workshop.locator("#wage_min_krw").fill("2300000")
        workshop.locator("#wage_max_krw").fill("2700000")
        workshop.locator("#hours_per_week").fill("40")
        workshop.locator("#deadline").fill("2030-01-31")
        workshop.locator("#job-form button[type=submit]").click()
        expect(workshop).to_have_url(re.compile(r"/ko/jobs/\d+$"))
        expect(workshop.locator("#job-wage")).to_contain_text("2,300,000")
        post_id = workshop.url.rsplit("/", 1)[1]

        _sign_in(seeker, JOBSEEKER, lang="vi")
        seeker.goto(f"/vi/jobs/{post_id}")
        seeker.locator("#apply-h").scroll_into_view_if_needed()
        seeker.locator("form[action$='/apply'] button[type=submit]").click()
        expect(seeker).to_have_url(re.compile(r"/vi/jobs/mine$"))
        seeker.goto(f"/vi/jobs/{post_id}")
        expect(seeker.locator("#already-applied")).to_be_visible()

        workshop.goto("/ko/notifications/")
        expect(workshop.locator("main")).to_contain_text("채용 공고에 지원했습니다")
        workshop.goto(f"/ko/jobs/{post_id}/applications")
        row = workshop.locator("tr[id^='application-']").first
        row.locator("form:has(input[name=to][value=interview]) button").click()
        expect(workshop.locator("tr[id^='application-'] .application-status").first).to_have_text("면접")
        workshop.locator("tr[id^='application-']").first.locator(
            "form:has(input[name=to][value=hired]) button").click()
        expect(workshop.locator("tr[id^='application-'] .application-status").first).to_have_text("채용됨")

        seeker.goto("/vi/notifications/")
        expect(seeker.locator("main")).to_contain_text("Hồ sơ của bạn hiện ở trạng thái: Phỏng vấn")
        expect(seeker.locator("main")).to_contain_text("Hồ sơ của bạn hiện ở trạng thái: Đã tuyển")
        seeker.goto("/vi/jobs/mine")
        expect(seeker.locator(".application-status").first).to_have_text("Đã tuyển")


def test_a_teacher_books_a_tour_for_twenty_students(browser, live_server, tmp_path):
    """The teacher books 20 places with a consent form; the seats left drop by 20."""
    with _person(browser, live_server) as teacher:
        _sign_in(teacher, TEACHER)
        teacher.goto("/en/tours/")
        teacher.locator("table a[href*='/tours/']").nth(2).click()
        expect(teacher).to_have_url(re.compile(r"/en/tours/\d+$"))
        left_before = int(teacher.locator("#places-left").inner_text().split("/")[0].strip().replace(",", ""))
        assert left_before >= 20
        teacher.locator("#school").fill("Seongdong Technical High School")
        teacher.locator("#group_size").fill("20")
        teacher.locator("#consent_forms").set_input_files(_pdf(tmp_path / "consent.pdf",
                                                               "Parents' consent for the workshop visit."))
        teacher.locator("#booking-form button[type=submit]").click()
        expect(teacher.locator(".booking-summary")).to_contain_text("Seongdong Technical High School")
        expect(teacher.locator(".booking-summary")).to_contain_text("20")
        expect(teacher.locator("#places-left")).to_contain_text(str(left_before - 20))
