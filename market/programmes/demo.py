"""Demo support programmes: the city plan's programmes with plausible dates around the build day, eligibility
rules, forms and documents as data, rubrics, programme staff and reviewers, the Changsin-dong sewing workshop
with its support profile and an application, and decided applications of other makers (ledger, outcomes)."""

from __future__ import annotations

import datetime as dt
import random
import secrets

from sqlmodel import Session, select

from i18n.times import utcnow
from market.accounts import services as accounts
from market.accounts.models import Membership, MembershipRole, Organization, OrganizationKind, User, UserRole
from market.programmes import brn
from market.programmes.models import (
    Application,
    ApplicationEvent,
    ApplicationStatus,
    Programme,
    ProgrammeStatus,
    SelectionMethod,
    SupportProfile,
    SupportType,
)
from market.programmes.phases import phase
from market.programmes.services.ledger import record_benefit
from market.programmes.services.texts import programme_texts, save_programme_texts
from market.reviews.services import CriterionSpec, grant_reviewer, set_rubric

STAFF_EMAIL = "programmes@madeinseoul.demo"
# Every demo account of programmes shares the demo owners' password, so the step hashes nothing (argon2 is slow).
DEMO_PASSWORD = "seoul-workshops-2026"
STAFF_PASSWORD = DEMO_PASSWORD
REVIEWER_EMAILS = ("reviewer1@madeinseoul.demo", "reviewer2@madeinseoul.demo", "reviewer3@madeinseoul.demo")
REVIEWER_PASSWORD = DEMO_PASSWORD
WORKSHOP_NAME = "Changsin Hillside Sewing"
WORKSHOP_EMAIL = "owner@changsin-hillside-sewing.demo"
# The other half of the couple's workshop: a member who signs applications off as co-applicant.
PARTNER_EMAIL = "partner@changsin-hillside-sewing.demo"
PARTNER_NAME = "Park Dong-su"
WORKSHOP_BRN = brn.make("101862034")

HEADCOUNT = {"code": "headcount_under", "max": 10}
SEOUL = {"code": "seoul_workplace"}

DOC_REGISTRATION = {"code": "registration", "required": True,
                    "label": {"en": "Business registration certificate", "ko": "사업자등록증", "ja": "事業者登録証",
                              "zh_Hans": "营业执照（营业登记证）", "vi": "Giấy chứng nhận đăng ký kinh doanh"}}
DOC_TAX = {"code": "tax", "required": True,
           "label": {"en": "Local tax payment certificate", "ko": "지방세 납세증명서", "ja": "地方税納税証明書",
                     "zh_Hans": "地方税纳税证明", "vi": "Giấy xác nhận nộp thuế địa phương"}}
DOC_QUOTE = {"code": "quote", "required": False,
             "label": {"en": "Supplier quotation", "ko": "공급업체 견적서", "ja": "供給業者の見積書",
                       "zh_Hans": "供应商报价单", "vi": "Báo giá của nhà cung cấp"}}
DOC_INSURANCE = {"code": "insurance", "required": True,
                 "label": {"en": "Insurance policy or premium notice", "ko": "보험증권 또는 보험료 고지서",
                           "ja": "保険証券または保険料の通知書", "zh_Hans": "保险单或保费通知书",
                           "vi": "Hợp đồng bảo hiểm hoặc thông báo phí bảo hiểm"}}


def _field(name, kind, label, required=True, help=None, **extra):
    """A question of a demo form, its label (and help) in the five languages."""
    field = {"name": name, "type": kind, "label": label, "required": required, **extra}
    if help:
        field["help"] = help
    return field


def _choice(value, en, ko, ja, zh_hans, vi):
    return {"value": value, "label": {"en": en, "ko": ko, "ja": ja, "zh_Hans": zh_hans, "vi": vi}}


BASE_FORM = [
    _field("plan", "textarea", {"en": "What will you do with the support?", "ko": "지원을 받아 무엇을 하시겠습니까?",
                                "ja": "支援を受けて何をしますか？", "zh_Hans": "获得支持后您将做什么？",
                                "vi": "Bạn sẽ làm gì với khoản hỗ trợ?"},
           help={"en": "The work, its cost and what changes in your workshop.",
                 "ko": "하려는 일과 비용, 작업장에서 달라지는 점을 적어 주세요.",
                 "ja": "取り組む内容、費用、工房で何が変わるかを書いてください。",
                 "zh_Hans": "请写明要做的工作、费用以及工坊会有哪些变化。",
                 "vi": "Công việc, chi phí và những thay đổi trong xưởng của bạn."}, max=2000),
    _field("workers", "number", {"en": "Workers on the payroll today", "ko": "현재 상시 근로자 수",
                                 "ja": "現在の常時雇用者数", "zh_Hans": "目前在册员工人数",
                                 "vi": "Số lao động thường xuyên hiện nay"}, min=0, max=9999),
    _field("consent", "checkbox", {"en": "I agree that the city checks the support ledger (ordinance art. 10).",
                                   "ko": "중복 지원 확인을 위한 지원 이력 조회에 동의합니다(조례 제10조).",
                                   "ja": "重複支援の確認のため、市が支援台帳を照会することに同意します（条例第10条）。",
                                   "zh_Hans": "我同意市政府查询支持记录，以核查重复支持（条例第10条）。",
                                   "vi": "Tôi đồng ý để thành phố tra cứu sổ hỗ trợ nhằm kiểm tra hỗ trợ trùng lặp "
                                         "(điều 10 của quy định)."}),
]
SMART_FORM = BASE_FORM[:2] + [
    _field("process", "choice", {"en": "Which process will you automate first?", "ko": "먼저 자동화할 공정은?",
                                 "ja": "最初に自動化する工程はどれですか？", "zh_Hans": "您将首先自动化哪道工序？",
                                 "vi": "Bạn sẽ tự động hóa công đoạn nào trước?"},
           choices=[_choice("cutting", "Cutting", "재단", "裁断", "裁剪", "Cắt"),
                    _choice("sewing", "Sewing", "봉제", "縫製", "缝制", "May"),
                    _choice("inspection", "Inspection and packing", "검품·포장", "検品・梱包", "检验与包装",
                            "Kiểm hàng và đóng gói"),
                    _choice("machining", "Machining", "가공", "機械加工", "机械加工", "Gia công cơ khí")]),
    _field("budget", "number", {"en": "Total project budget (KRW)", "ko": "총 사업비(원)", "ja": "総事業費（ウォン）",
                                "zh_Hans": "项目总预算（韩元）", "vi": "Tổng ngân sách dự án (KRW)"},
           min=0, max=10_000_000_000),
    BASE_FORM[2],
]
RUBRIC = [
    CriterionSpec("need", {"en": "Need for support", "ko": "지원 필요성", "ja": "支援の必要性",
                           "zh_Hans": "支持的必要性", "vi": "Mức cần hỗ trợ"}, 3),
    CriterionSpec("plan", {"en": "Feasibility of the plan", "ko": "계획의 실현 가능성", "ja": "計画の実現可能性",
                           "zh_Hans": "计划的可行性", "vi": "Tính khả thi của kế hoạch"}, 3),
    CriterionSpec("capacity", {"en": "Capacity to carry it out", "ko": "수행 역량", "ja": "実行能力",
                               "zh_Hans": "执行能力", "vi": "Năng lực thực hiện"}, 2),
    CriterionSpec("jobs", {"en": "Effect on jobs", "ko": "고용 효과", "ja": "雇用効果", "zh_Hans": "就业效果",
                           "vi": "Tác động đến việc làm"}, 2),
]

SBA = "Seoul Business Agency (SBA)"
CITY = "Seoul Metropolitan Government, Economic Policy Office"


def _programmes(now: dt.datetime) -> list[dict]:
    day = dt.timedelta(days=1)

    def window(opened: int, closes: int):
        return {"opens_at": now - opened * day, "closes_at": (now + closes * day).replace(hour=9, minute=0,
                                                                                        second=0, microsecond=0)}

    return [
        dict(code="GUARANTEE-2027", support_type=SupportType.guarantee, **window(20, 20),
             title={"en": "Special loan guarantees for urban manufacturers",
                    "ko": "도시제조업 특별 신용보증"},
             summary={"en": "Guarantees of up to 100 million won so small workshops can borrow without collateral.",
                      "ko": "담보 없이 대출받을 수 있도록 최대 1억 원까지 보증합니다."},
             target={"en": "Manufacturers in Seoul with fewer than 10 workers", "ko": "상시 근로자 10인 미만 서울 소재 제조업체"},
             benefit={"en": "Guarantee ratio 100%, fee 0.5% a year", "ko": "보증비율 100%, 보증료 연 0.5%"},
             benefit_max_krw=100_000_000, places=500, selection_method=SelectionMethod.screening,
             responsible_agency=CITY, executing_agency="Seoul Credit Guarantee Foundation",
             rules=[HEADCOUNT, SEOUL, {"code": "years_in_business", "min": 1}],
             documents=[DOC_REGISTRATION, DOC_TAX], form=BASE_FORM),
        dict(code="INNOVATION-LOAN-2027", support_type=SupportType.loan, **window(25, 4),
             title={"en": "Low-rate innovation loans (up to 300 million won at 3%)",
                    "ko": "혁신형 저금리 융자(최대 3억 원, 연 3%)"},
             summary={"en": "Loans for equipment and technology at a fixed 3% for five years.",
                      "ko": "설비·기술 투자를 위한 5년 고정금리 3% 융자입니다."},
             target={"en": "Urban manufacturers investing in equipment or technology",
                     "ko": "설비·기술에 투자하는 도시제조업체"},
             benefit={"en": "Up to 300 million won, 3% a year, 2 years' grace", "ko": "최대 3억 원, 연 3%, 2년 거치"},
             benefit_max_krw=300_000_000, places=120, selection_method=SelectionMethod.review,
             responsible_agency=CITY, executing_agency="Seoul Credit Guarantee Foundation",
             rules=[HEADCOUNT, SEOUL, {"code": "revenue_cap", "max_krw": 5_000_000_000},
                    {"code": "no_recent_support", "support_type": "loan", "years": 3}],
             documents=[DOC_REGISTRATION, DOC_TAX, DOC_QUOTE], form=BASE_FORM, overlap_years=3),
        dict(code="FINANCE-CONSULTING-2027", support_type=SupportType.consulting, **window(10, 30),
             title={"en": "On-site finance consulting", "ko": "찾아가는 금융 컨설팅"},
             summary={"en": "A finance adviser visits your workshop to sort out loans, guarantees and cash flow.",
                      "ko": "금융 전문가가 공방을 방문해 대출·보증·자금 흐름을 함께 정리합니다."},
             target={"en": "Any manufacturer in Seoul", "ko": "서울 소재 제조업체"},
             benefit={"en": "Three free visits", "ko": "무료 방문 상담 3회"},
             places=300, selection_method=SelectionMethod.first_come, responsible_agency=CITY,
             executing_agency=SBA, rules=[SEOUL], documents=[DOC_REGISTRATION], form=BASE_FORM),
        dict(code="SMART-FACTORY-1", support_type=SupportType.facility, **window(15, 25),
             title={"en": "Smart factory stage 1: automation with sensors and barcodes",
                    "ko": "스마트공장 1단계: 센서·바코드 기반 자동화"},
             summary={"en": "Sensors, barcodes and simple automation for the first 400 firms of the plan.",
                      "ko": "계획된 400개사 중 1단계로 센서·바코드와 간단한 자동화를 지원합니다."},
             target={"en": "Sewing, leather and machine-metal workshops with fewer than 10 workers",
                     "ko": "상시 근로자 10인 미만 봉제·가죽·기계금속 업체"},
             benefit={"en": "70% of the cost, up to 20 million won", "ko": "사업비의 70%, 최대 2천만 원"},
             benefit_max_krw=20_000_000, places=150, selection_method=SelectionMethod.review,
             trades=["sewing", "shoes_leather", "machine_metal"], responsible_agency=CITY, executing_agency=SBA,
             rules=[HEADCOUNT, SEOUL, {"code": "ksic", "prefixes": ["13", "14", "15", "25", "29"]},
                    {"code": "no_recent_support", "support_type": "facility", "years": 3}],
             documents=[DOC_REGISTRATION, DOC_TAX, DOC_QUOTE], form=SMART_FORM, overlap_years=3, blind=True),
        dict(code="SMART-FACTORY-2", support_type=SupportType.facility, opens_at=now + 40 * day,
             closes_at=now + 70 * day, status=ProgrammeStatus.upcoming,
             title={"en": "Smart factory stage 2: data", "ko": "스마트공장 2단계: 데이터"},
             summary={"en": "Production data collected and used, for firms that finished stage 1.",
                      "ko": "1단계를 마친 업체의 생산 데이터 수집·활용을 지원합니다."},
             target={"en": "Firms that completed stage 1", "ko": "1단계 완료 업체"},
             benefit={"en": "60% of the cost, up to 50 million won", "ko": "사업비의 60%, 최대 5천만 원"},
             benefit_max_krw=50_000_000, places=100, trades=["sewing", "shoes_leather", "machine_metal"],
             responsible_agency=CITY, executing_agency=SBA, rules=[HEADCOUNT, SEOUL], documents=[DOC_REGISTRATION],
             form=SMART_FORM),
        dict(code="SMART-FACTORY-3", support_type=SupportType.facility, opens_at=now + 90 * day,
             closes_at=now + 120 * day, status=ProgrammeStatus.upcoming,
             title={"en": "Smart factory stage 3: robot collaboration", "ko": "스마트공장 3단계: 협동로봇"},
             summary={"en": "Collaborative robots beside the workers, for firms that finished stage 2.",
                      "ko": "2단계를 마친 업체에 작업자와 함께 일하는 협동로봇을 지원합니다."},
             target={"en": "Firms that completed stage 2", "ko": "2단계 완료 업체"},
             benefit={"en": "50% of the cost, up to 100 million won", "ko": "사업비의 50%, 최대 1억 원"},
             benefit_max_krw=100_000_000, places=50, trades=["machine_metal", "shoes_leather"],
             responsible_agency=CITY, executing_agency=SBA, rules=[HEADCOUNT, SEOUL], documents=[DOC_REGISTRATION],
             form=SMART_FORM),
        dict(code="MANAGEMENT-ACADEMY-2027", support_type=SupportType.training, **window(30, 12),
             title={"en": "Manufacturing management academy", "ko": "도시제조업 경영 아카데미"},
             summary={"en": "Twelve evenings on costing, pricing, hiring and digital sales for 100 firms a year.",
                      "ko": "원가·가격·채용·온라인 판로를 다루는 12회 저녁 과정, 연 100개사."},
             target={"en": "Owners of manufacturing firms in Seoul", "ko": "서울 제조업체 대표"},
             benefit={"en": "Free tuition and one-to-one mentoring", "ko": "교육비 무료, 1:1 멘토링"},
             places=100, selection_method=SelectionMethod.review, responsible_agency=CITY, executing_agency=SBA,
             rules=[SEOUL, {"code": "years_in_business", "min": 2}], documents=[DOC_REGISTRATION], form=BASE_FORM),
        dict(code="SKILLED-WORKERS-2027", support_type=SupportType.training, **window(60, 60),
             title={"en": "Skilled-worker training (7,000 by 2027)", "ko": "숙련 기술인력 양성(2027년까지 7,000명)"},
             summary={"en": "Funded places on trade courses for your workers and new hires.",
                      "ko": "재직자와 신규 채용자의 직종별 교육 과정 수강을 지원합니다."},
             target={"en": "Manufacturers training workers", "ko": "근로자를 교육하는 제조업체"},
             benefit={"en": "Course fees paid, 10,000 won an hour for the worker", "ko": "교육비 전액, 훈련수당 시간당 1만 원"},
             places=2000, selection_method=SelectionMethod.first_come, responsible_agency=CITY,
             executing_agency="Seoul Urban Manufacturing Support Centres", rules=[SEOUL],
             documents=[DOC_REGISTRATION], form=BASE_FORM),
        dict(code="FIRE-INSURANCE-2027", support_type=SupportType.safety_net, **window(40, 45),
             title={"en": "Fire insurance premium support", "ko": "화재보험료 지원"},
             summary={"en": "Half of a workshop's fire insurance premium for a year.",
                      "ko": "공방 화재보험료의 50%를 1년간 지원합니다."},
             target={"en": "Workshops in Seoul with fewer than 10 workers", "ko": "상시 근로자 10인 미만 서울 소재 공방"},
             benefit={"en": "50% of the premium, up to 300,000 won", "ko": "보험료의 50%, 최대 30만 원"},
             benefit_max_krw=300_000, places=3000, selection_method=SelectionMethod.screening,
             responsible_agency=CITY, executing_agency=SBA, rules=[HEADCOUNT, SEOUL],
             documents=[DOC_REGISTRATION, DOC_INSURANCE], form=BASE_FORM),
        dict(code="SOCIAL-INSURANCE-2027", support_type=SupportType.safety_net, **window(50, 3),
             title={"en": "Social-insurance premium support", "ko": "사회보험료 지원"},
             summary={"en": "Part of the employer's share of employment and pension insurance for new hires.",
                      "ko": "신규 채용자의 고용·연금보험 사업주 부담분 일부를 지원합니다."},
             target={"en": "Workshops that hire", "ko": "신규 채용 공방"},
             benefit={"en": "80% of the employer's share for 12 months", "ko": "사업주 부담분의 80%, 12개월"},
             places=1000, selection_method=SelectionMethod.screening, responsible_agency=CITY, executing_agency=SBA,
             rules=[HEADCOUNT, SEOUL], documents=[DOC_REGISTRATION, DOC_INSURANCE], form=BASE_FORM),
        dict(code="SAFETY-TRAINING-2027", support_type=SupportType.training, **window(5, 50),
             title={"en": "Workplace safety training (Serious Accidents Act)",
                    "ko": "중대재해처벌법 대응 안전교육"},
             summary={"en": "Half-day safety training and a site check for small workshops.",
                      "ko": "소규모 공방을 위한 반일 안전교육과 현장 점검."},
             target={"en": "Any manufacturer in Seoul", "ko": "서울 소재 제조업체"},
             benefit={"en": "Free training and a safety kit", "ko": "무료 교육, 안전용품 키트"},
             places=800, selection_method=SelectionMethod.first_come, responsible_agency=CITY,
             executing_agency="Seoul Urban Manufacturing Support Centres", rules=[SEOUL], documents=[], form=BASE_FORM),
        dict(code="EXPORT-VOUCHER-2026", support_type=SupportType.export, opens_at=now - 70 * day,
             closes_at=now - 10 * day, status=ProgrammeStatus.closed,
             title={"en": "Export vouchers", "ko": "수출바우처"},
             summary={"en": "Vouchers for translation, overseas certification, logistics and marketing.",
                      "ko": "번역·해외인증·물류·마케팅에 쓰는 바우처입니다."},
             target={"en": "Makers with a product ready for export", "ko": "수출 가능한 제품을 가진 제조업체"},
             benefit={"en": "Vouchers worth up to 30 million won", "ko": "최대 3천만 원 상당 바우처"},
             benefit_max_krw=30_000_000, places=60, selection_method=SelectionMethod.review,
             responsible_agency=CITY, executing_agency=SBA, rules=[SEOUL, HEADCOUNT],
             documents=[DOC_REGISTRATION], form=BASE_FORM),
        dict(code="TRADE-FAIRS-2026", support_type=SupportType.export, opens_at=now - 120 * day,
             closes_at=now - 60 * day, status=ProgrammeStatus.results,
             title={"en": "Trade fair booths abroad", "ko": "해외 전시회 공동관 참가"},
             summary={"en": "A booth in the Seoul pavilion at fairs in Tokyo, Paris and Las Vegas.",
                      "ko": "도쿄·파리·라스베이거스 전시회 서울 공동관 부스."},
             target={"en": "Makers with export products", "ko": "수출 제품 보유 제조업체"},
             benefit={"en": "Booth, shipping of samples and an interpreter", "ko": "부스, 샘플 운송, 통역"},
             places=40, selection_method=SelectionMethod.review, responsible_agency=CITY, executing_agency=SBA,
             rules=[SEOUL], documents=[DOC_REGISTRATION], form=BASE_FORM),
        dict(code="SEWING-ENVIRONMENT-2027", support_type=SupportType.facility, **window(12, 18),
             title={"en": "Sewing workshop environment improvement", "ko": "봉제공방 작업환경 개선"},
             summary={"en": "Ventilation, lighting and dust extraction for sewing workshops.",
                      "ko": "봉제공방의 환기·조명·분진 설비를 개선합니다."},
             target={"en": "Sewing workshops in Jongno-gu, Jung-gu, Seongbuk-gu and Geumcheon-gu",
                     "ko": "종로구·중구·성북구·금천구 봉제공방"},
             benefit={"en": "80% of the cost, up to 10 million won", "ko": "사업비의 80%, 최대 1천만 원"},
             benefit_max_krw=10_000_000, places=200, selection_method=SelectionMethod.screening,
             trades=["sewing"], districts=["Jongno-gu", "Jung-gu", "Seongbuk-gu", "Geumcheon-gu"],
             responsible_agency=CITY, executing_agency=SBA,
             rules=[HEADCOUNT, SEOUL, {"code": "trade", "trades": ["sewing"]}],
             documents=[DOC_REGISTRATION], form=BASE_FORM, overlap_years=3),
    ]


def _user(session: Session, email: str, name: str, role: UserRole, password_hash: str, locale: str | None = None
          ) -> User:
    user = User(email=email, display_name=name, role=role, password_hash=password_hash, locale=locale,
                session_nonce=secrets.token_hex(16), email_verified_at=utcnow())
    session.add(user)
    session.flush()
    return user


def _owner_hash(session: Session) -> str:
    """The demo owners share one password hash (see market.demo.build); reuse it rather than hash again."""
    row = session.exec(select(User.password_hash).join(Membership, Membership.user_id == User.id)
                       .order_by(User.id).limit(1)).first()
    return row or accounts.hash_password(DEMO_PASSWORD)


# The programmes' titles in the other three languages, stored as translatable content the way staff's edit page
# stores them (English and Korean stay in the rows).
TRANSLATED_TITLES = {
    "GUARANTEE-2027": ("都市製造業向け特別信用保証", "城市制造业特别信用担保", "Bảo lãnh tín dụng đặc biệt cho cơ sở sản xuất đô thị"),
    "INNOVATION-LOAN-2027": ("低金利イノベーション融資（最大3億ウォン・年3%）", "低息创新贷款（最高3亿韩元，年利3%）",
                             "Vay đổi mới lãi suất thấp (tối đa 300 triệu won, 3%)"),
    "FINANCE-CONSULTING-2027": ("訪問型金融コンサルティング", "上门金融咨询", "Tư vấn tài chính tại xưởng"),
    "SMART-FACTORY-1": ("スマート工場 第1段階：センサーとバーコードによる自動化", "智能工厂第一阶段：传感器与条码自动化",
                        "Nhà máy thông minh giai đoạn 1: tự động hóa bằng cảm biến và mã vạch"),
    "SMART-FACTORY-2": ("スマート工場 第2段階：データ", "智能工厂第二阶段：数据", "Nhà máy thông minh giai đoạn 2: dữ liệu"),
    "SMART-FACTORY-3": ("スマート工場 第3段階：協働ロボット", "智能工厂第三阶段：协作机器人",
                        "Nhà máy thông minh giai đoạn 3: robot cộng tác"),
    "MANAGEMENT-ACADEMY-2027": ("都市製造業 経営アカデミー", "城市制造业经营学院", "Học viện quản lý sản xuất"),
    "SKILLED-WORKERS-2027": ("熟練技能人材の育成（2027年までに7,000人）", "熟练技术人才培养（2027年前7,000人）",
                             "Đào tạo thợ lành nghề (7.000 người đến năm 2027)"),
    "FIRE-INSURANCE-2027": ("火災保険料の支援", "火灾保险费补贴", "Hỗ trợ phí bảo hiểm cháy nổ"),
    "SOCIAL-INSURANCE-2027": ("社会保険料の支援", "社会保险费补贴", "Hỗ trợ phí bảo hiểm xã hội"),
    "SAFETY-TRAINING-2027": ("職場の安全教育（重大災害処罰法）", "工作场所安全培训（重大灾害处罚法）",
                             "Đào tạo an toàn lao động (Luật Xử phạt tai nạn nghiêm trọng)"),
    "EXPORT-VOUCHER-2026": ("輸出バウチャー", "出口代金券", "Phiếu hỗ trợ xuất khẩu"),
    "TRADE-FAIRS-2026": ("海外見本市への出展", "海外展会展位", "Gian hàng hội chợ thương mại nước ngoài"),
    "SEWING-ENVIRONMENT-2027": ("縫製工房の作業環境改善", "缝纫作坊环境改善", "Cải thiện môi trường xưởng may"),
}


def add_demo_programmes(session: Session, rng: random.Random) -> dict[str, int]:
    """The demo's programmes and everything around them; returns counts."""
    now = utcnow()
    shared_hash = _owner_hash(session)
    staff = _user(session, STAFF_EMAIL, "Han So-yeon", UserRole.programme_staff, shared_hash)
    reviewer_hash = shared_hash
    reviewers = [_user(session, email, name, UserRole.reviewer, reviewer_hash)
                 for email, name in zip(REVIEWER_EMAILS, ("Oh Jae-min", "Yoon Ha-na", "Seo Dong-hyun"), strict=True)]
    programmes = {}
    for spec in _programmes(now):
        blind = spec.pop("blind", False)
        spec.setdefault("status", ProgrammeStatus.open)
        programme = Programme(**spec)
        if programme.status != ProgrammeStatus.results:
            programme.status = phase(programme, now)
        session.add(programme)
        session.flush()
        programmes[programme.code] = programme
        if programme.code in TRANSLATED_TITLES:
            texts = programme_texts(session, programme, every_locale=True)
            texts["title"].update(zip(("ja", "zh_Hans", "vi"), TRANSLATED_TITLES[programme.code], strict=True))
            save_programme_texts(session, programme, texts, user_id=staff.id)
        if programme.selection_method == SelectionMethod.review:
            set_rubric(session, "programme", programme.id, RUBRIC, blind=blind)
    for reviewer in reviewers:
        grant_reviewer(session, reviewer, "programme", programmes["SMART-FACTORY-1"].id, by=staff)

    # The Changsin-dong sewing workshop of the browser journey: eligible for most open programmes.
    workshop = accounts.create_organization(
        session, None, name=WORKSHOP_NAME, name_ko="창신 언덕 봉제", kind=OrganizationKind.maker.value, country="KR",
        cluster_code="changsin", about={"ko": "창신동 언덕에서 30년째 셔츠와 원피스를 짓는 부부 공방입니다.",
                                        "en": "A couple's workshop on the Changsin-dong hillside, sewing shirts "
                                              "and dresses for thirty years."},
        city="Seoul", district="Changsin 2-dong", founded_year=1996, staff_count=6,
        capabilities=["sewing", "pattern making"])
    owner = _user(session, WORKSHOP_EMAIL, "Kim Soon-ja", UserRole.member, shared_hash, locale="ko")
    session.add(Membership(user_id=owner.id, organization_id=workshop.id, role=MembershipRole.owner))
    partner = _user(session, PARTNER_EMAIL, PARTNER_NAME, UserRole.member, shared_hash, locale="en")
    session.add(Membership(user_id=partner.id, organization_id=workshop.id, role=MembershipRole.member))
    session.add(SupportProfile(organization_id=workshop.id, business_number=WORKSHOP_BRN, ksic_codes=["14111"],
                               annual_revenue_krw=480_000_000, workplace_in_seoul=True))
    # Already waiting in screening: its application to the environment programme (the ledger flags it once the
    # workshop is selected for the smart factory).
    env = programmes["SEWING-ENVIRONMENT-2027"]
    waiting = Application(programme_id=env.id, organization_id=workshop.id, created_by_user_id=owner.id,
                          status=ApplicationStatus.submitted, submitted_at=now - dt.timedelta(days=2),
                          answers={"plan": "환기 설비와 LED 조명 교체", "workers": 6, "consent": True},
                          declaration={"none": True, "items": [], "made": True})
    session.add(waiting)
    session.flush()
    session.add(ApplicationEvent(application_id=waiting.id, status=ApplicationStatus.submitted,
                                 actor_user_id=owner.id, created_at=now - dt.timedelta(days=2)))

    # Other makers' decided applications: the ledger and the outcomes page have something to show.
    makers = list(session.exec(select(Organization).where(Organization.kind == OrganizationKind.maker,
                                                          Organization.id != workshop.id)
                               .order_by(Organization.id).limit(24)))
    count = 1
    for index, org in enumerate(makers):
        number = brn.make(f"{rng.randrange(101, 899)}{rng.randrange(10, 99)}{rng.randrange(1000, 9999)}")
        session.add(SupportProfile(organization_id=org.id, business_number=number,
                                   ksic_codes=[rng.choice(["14111", "15219", "25931", "18111", "33110"])],
                                   annual_revenue_krw=rng.randrange(100, 2000) * 1_000_000, workplace_in_seoul=True))
        programme = programmes["EXPORT-VOUCHER-2026" if index % 2 else "TRADE-FAIRS-2026"]
        submitted = programme.closes_at - dt.timedelta(days=rng.randrange(1, 30))
        decided = programme.closes_at + dt.timedelta(days=rng.randrange(7, 25))
        outcome = rng.choice([ApplicationStatus.selected, ApplicationStatus.selected, ApplicationStatus.rejected,
                              ApplicationStatus.waitlisted])
        if decided > now:
            decided = now
        amount = rng.randrange(5, 30) * 1_000_000 if outcome == ApplicationStatus.selected else None
        application = Application(
            programme_id=programme.id, organization_id=org.id, status=outcome, submitted_at=submitted,
            decided_at=decided, amount_krw=amount, overlap_checked_at=decided,
            answers={"plan": "Export samples and a catalogue in Japanese.", "workers": org.staff_count or 5,
                     "consent": True},
            declaration={"none": True, "items": [], "made": True},
            decision_reason="" if outcome != ApplicationStatus.rejected else "Places went to firms with export "
                                                                               "orders in hand.")
        session.add(application)
        session.flush()
        count += 1
        if outcome == ApplicationStatus.selected:
            record_benefit(session, business_number=number, organization_id=org.id,
                           support_type=programme.support_type, title=programme.title["ko"],
                           granted_on=decided.date(), amount_krw=amount, programme_id=programme.id,
                           application_id=application.id)
    session.flush()
    return {"programmes": len(programmes), "programme applications": count}
