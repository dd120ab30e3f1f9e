"""Demo prototype commissions: one request per demo startup (up to 18), in every state — open with bids,
questions and invitations; bidding closed and awaiting an award; expired; cancelled; in progress with milestones
funded, delivered, sent back and approved; completed with both sides' ratings — to makers of the clusters that
specialise in each request's category, with a small PDF drawing on the requests that ask for an NDA.

Rows are written directly (not through the services) so their times lie in the past, as weeks of real use would
leave them, and no mail is sent. The step draws from its own generator, seeded from the demo's without consuming
it, so the steps after it see the same random numbers as before.
"""

from __future__ import annotations

import datetime as dt
import random
import re

from sqlmodel import Session, select

from i18n import content, vocabularies
from market.accounts.models import Membership, MembershipRole, Organization, OrganizationKind, User
from market.db import utcnow
from market.jobs import after_commit
from market.prototypes.models import (
    ENTITY,
    BidStatus,
    Category,
    Commission,
    CommissionEvent,
    CommissionMessage,
    CommissionStatus,
    DeliveryFile,
    Milestone,
    MilestoneDelivery,
    MilestoneStatus,
    NdaAcceptance,
    PrototypeBid,
    PrototypeFile,
    PrototypeInvite,
    PrototypeMessage,
    PrototypeQuestion,
    PrototypeRequest,
    Rating,
    RequestStatus,
    Side,
)
from market.prototypes.services.base import AWARD_WINDOW_DAYS, CATEGORY_CLUSTERS, NDA_VERSION
from market.prototypes.services.suggestions import SUGGESTIONS_JOB
from market.uploads.images import clean_checked_image

MAX_REQUESTS = 18

_INDUSTRY_CATEGORY = {"machine_metal": Category.machine_metal, "shoes_leather": Category.leather,
                      "jewelry": Category.jewelry, "printing": Category.print, "sewing": Category.textile,
                      "electronics": Category.enclosure}

_BUDGET = {  # (low, high) in won per prototype batch
    Category.machine_metal: (2_500_000, 8_000_000), Category.enclosure: (1_500_000, 5_000_000),
    Category.leather: (900_000, 3_000_000), Category.textile: (800_000, 2_500_000),
    Category.print: (600_000, 2_000_000), Category.jewelry: (1_200_000, 4_000_000),
}

_MATERIALS = {
    Category.machine_metal: ["aluminium 6061", "stainless steel 304", "steel tube"],
    Category.enclosure: ["aluminium 6063", "ABS", "polycarbonate window"],
    Category.leather: ["vegetable-tanned leather", "waxed thread", "brass hardware"],
    Category.textile: ["cotton twill", "recycled polyester", "YKK zippers"],
    Category.print: ["uncoated 120 g paper", "300 g board", "soy inks"],
    Category.jewelry: ["sterling silver", "14k gold", "cubic zirconia"],
}


def _materials(category: Category, count: int) -> list[str]:
    """The first ``count`` demo materials of a category as stored: vocabulary ids where they name one."""
    return [vocabularies.map_value("materials", m) for m in _MATERIALS[category][:count]]


_DETAILS = {
    "en": {
        Category.machine_metal: "Drawings and a STEP model are attached. Tolerances ±0.1 mm on the mounting "
                                "holes; bead-blasted finish. We would like a first article to test before the batch.",
        Category.enclosure: "The enclosure holds our control board (drawing attached): two halves, snap fit, "
                            "a window for the display and vents on the side. IP54 would be ideal.",
        Category.leather: "Pattern pieces are in the drawing. Edges burnished, hand stitched, our logo "
                          "debossed. We need a first sample to approve before the run.",
        Category.textile: "Tech pack attached with measurements for sizes S–L. Double-stitched seams, "
                          "woven label, folded and bagged individually.",
        Category.print: "Files are print-ready PDFs with 3 mm bleed. Please advise on paper and binding; "
                        "we would like a proof before the run.",
        Category.jewelry: "CAD renders attached. Hand finishing, polished and matte areas as marked; hallmark "
                          "inside. A first piece for approval, then the batch.",
    },
    "ko": {
        Category.machine_metal: "도면과 STEP 모델을 첨부했습니다. 체결 구멍 공차는 ±0.1mm, 표면은 비드 블라스트 "
                                "마감입니다. 본 생산 전에 초도품으로 시험해 보고 싶습니다.",
        Category.enclosure: "제어 보드가 들어갈 케이스입니다(도면 첨부). 상하 분리형 스냅핏, 디스플레이 창과 측면 "
                            "통풍구가 필요합니다. IP54 수준이면 좋겠습니다.",
        Category.leather: "패턴은 도면에 있습니다. 엣지 마감, 손바느질, 로고 형압이 필요합니다. 본 생산 전 "
                          "샘플 승인을 받고 싶습니다.",
        Category.textile: "S–L 사이즈 치수가 담긴 작업지시서를 첨부했습니다. 이중 봉제, 직조 라벨, 개별 "
                          "폴리백 포장입니다.",
        Category.print: "재단 여백 3mm를 포함한 인쇄용 PDF입니다. 용지와 제본을 추천해 주세요. 본 인쇄 전 "
                        "교정쇄를 보고 싶습니다.",
        Category.jewelry: "CAD 렌더를 첨부했습니다. 표시된 부분은 유광과 무광으로 손마감하고 안쪽에 "
                          "각인해 주세요. 첫 제품 승인 후 본 생산입니다.",
    },
}

_QUESTIONS = [
    ("Is the drawing's revision final, or should we expect changes after the first article?",
     "It is final for this batch; small changes may follow the first article."),
    ("Can we propose an alternative material with a shorter lead time?",
     "Yes, please say so in your bid with the price difference."),
    ("Do you need the parts packed individually?", "Individually bagged, then one carton."),
    ("도면의 공차가 모든 치수에 적용되나요?", "표시된 치수에만 적용되고 나머지는 일반 공차입니다."),
]
_MESSAGES = [
    (Side.maker, "We reviewed the files under the NDA. Could we have the original CAD for the hinge?"),
    (Side.startup, "Sent it as a STEP file on the request page. Thanks for asking."),
]
_BID_NOTES = [
    "Includes material, finishing and packing. Delivered to your office in Seoul.",
    "We can shorten the lead time by a week for the final batch if the first article is approved quickly.",
    "Price assumes the material in your request; an alternative would lower it by about 10%.",
    "재료비, 후가공, 포장 포함입니다. 서울 사무실까지 배송해 드립니다.",
]
_PLANS = {
    "en": ("Design review", "First article", "Final batch"),
    "ko": ("설계 검토", "초도품", "최종 생산"),
}
_DELIVERY_NOTES = ("Photos of the work attached.", "The first article is ready: photos and the inspection "
                   "report attached.", "Final batch packed and ready to ship; photos attached.")
_REJECTIONS = ("The mounting holes are 0.3 mm off; please correct them as in revision B.",
               "The stitching on the corner is uneven; please redo it.")
_RATINGS_OF_MAKERS = ("Precise, fast and clear about every step.", "Excellent quality; a little late on the "
                      "first article but kept us informed.", "정확하고 소통이 빨랐습니다. 다시 맡기겠습니다.")
_RATINGS_OF_STARTUPS = ("Clear drawings and quick decisions.", "Good brief and prompt payments.",
                        "도면이 명확하고 결정이 빨랐습니다.")


def _pdf(title: str) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_creation_date(dt.datetime(2026, 11, 1, tzinfo=dt.UTC))
    pdf.add_page()
    pdf.set_font("helvetica", size=14)
    pdf.cell(text="Drawing - " + "".join(ch for ch in title if ord(ch) < 128)[:60])
    pdf.rect(20, 40, 150, 90)
    pdf.line(20, 85, 170, 85)
    pdf.circle(60, 85, 10)
    return bytes(pdf.output())


_THREAD = ("Thanks for taking this on. Could you share a photo of the set-up before the first article?",
           "Of course. The jig is being made this week; you will see it with the first delivery.")


def _png(colour) -> bytes:
    import io

    from PIL import Image, ImageDraw

    buffer = io.BytesIO()
    with Image.new("RGB", (320, 240), colour) as image:
        draw = ImageDraw.Draw(image)
        draw.rectangle((60, 60, 260, 180), outline=(30, 30, 30), width=6)
        draw.ellipse((130, 90, 190, 150), fill=(220, 220, 220))
        image.save(buffer, "PNG")
    return buffer.getvalue()


def _owners(session: Session, org_ids) -> dict[int, User]:
    rows = session.exec(select(Membership.organization_id, User).join(User, User.id == Membership.user_id)
                        .where(Membership.organization_id.in_(list(org_ids)), Membership.role == MembershipRole.owner)
                        .order_by(User.id))
    owners: dict[int, User] = {}
    for org_id, user in rows:
        owners.setdefault(org_id, user)
    return owners


def _store(data: bytes, suffix: str) -> str:
    from market.storage import get_storage

    return get_storage().save(data, suffix, area="private")


def add_demo_prototypes(session: Session, rng: random.Random) -> dict[str, int]:
    """Write the demo's prototype requests, bids, commissions, milestones, deliveries, Q&A and ratings."""
    from market.demo import content as demo_content

    rng = random.Random(hash(rng.getstate()))  # its own numbers, without consuming the demo's
    needs = {name: (industry, need_en, need_ko, about_en, about_ko)
             for name, _ko, _c, industry, about_en, about_ko, need_en, need_ko in demo_content._STARTUPS}
    startups = [o for o in session.exec(select(Organization).where(Organization.kind == OrganizationKind.startup)
                                        .order_by(Organization.id)) if o.name in needs][:MAX_REQUESTS]
    makers_by_cluster: dict[str, list[Organization]] = {}
    for maker in session.exec(select(Organization).where(Organization.kind == OrganizationKind.maker)
                              .order_by(Organization.id)):
        makers_by_cluster.setdefault(maker.cluster_code, []).append(maker)
    owners = _owners(session, [o.id for o in startups] + [m.id for ms in makers_by_cluster.values() for m in ms])
    now = utcnow()
    today = now.date()
    counts = {"prototype requests": 0, "prototype bids": 0, "prototype commissions": 0}
    states = ("open", "in_progress", "completed", "open", "closed", "in_progress", "cancelled", "open", "expired",
              "completed", "open", "in_progress")
    for index, startup in enumerate(startups):
        state = states[index % len(states)]
        industry, need_en, need_ko, about_en, about_ko = needs[startup.name]
        category = _INDUSTRY_CATEGORY[industry]
        codes = CATEGORY_CLUSTERS[category]
        candidates = [m for code in codes for m in makers_by_cluster.get(code, [])]
        if len(candidates) < 2:
            continue
        bidders = rng.sample(candidates, min(len(candidates), rng.randint(2, 4)))
        founder = owners[startup.id]
        source = "ko" if startup.country == "KR" else "en"
        created = now - dt.timedelta(days={"open": rng.randint(1, 12), "closed": 30, "expired": 80,
                                           "cancelled": 20, "in_progress": 45, "completed": 90}[state])
        deadline = {"open": today + dt.timedelta(days=rng.randint(7, 30)), "closed": today - dt.timedelta(days=5),
                    "expired": today - dt.timedelta(days=AWARD_WINDOW_DAYS + 15),
                    "cancelled": today + dt.timedelta(days=10)}.get(state, (created + dt.timedelta(days=14)).date())
        low, high = _BUDGET[category]
        budget_min = round(rng.randint(low, (low + high) // 2), -4)
        budget_max = round(rng.randint(budget_min + 200_000, high), -4)
        # The need ends with the quantity ("…, 50 units."); the last number is it.
        quantity = max(1, int((re.findall(r"\d[\d,]*", need_en) or ["10"])[-1].replace(",", "")))
        nda = index % 3 != 1
        status = {"in_progress": RequestStatus.awarded, "completed": RequestStatus.completed,
                  "cancelled": RequestStatus.cancelled}.get(state, RequestStatus.open)
        req = PrototypeRequest(startup_org_id=startup.id, created_by_id=founder.id, category=category,
                               cluster_code=codes[0] if index % 4 == 0 else None, quantity=quantity,
                               materials=_materials(category, rng.randint(1, 3)), budget_min_krw=budget_min,
                               budget_max_krw=budget_max, deadline=deadline, nda_required=nda,
                               nda_version=NDA_VERSION if nda else None, source_locale=source, status=status,
                               created_at=created, updated_at=created,
                               closed_at=created + dt.timedelta(days=9) if status == RequestStatus.cancelled
                               else None)
        session.add(req)
        session.flush()
        if status == RequestStatus.open:
            # Their suggested makers are found by the same job as a posted request's, once the demo commits.
            req.suggestions_at = now
            after_commit(session, SUGGESTIONS_JOB, req.id)
        counts["prototype requests"] += 1
        titles = {"en": need_en.rstrip("."), "ko": need_ko.rstrip(".")}
        descriptions = {"en": f"{about_en} {_DETAILS['en'][category]}", "ko": f"{about_ko} {_DETAILS['ko'][category]}"}
        for locale in ("ko", "en"):
            for field, texts in (("title", titles), ("description", descriptions)):
                session.add(content.ContentTranslation(
                    entity=ENTITY, entity_id=req.id, field=field, locale=locale, text=texts[locale],
                    source=content.TextSource.author if locale == source else content.TextSource.translator,
                    reviewed=True, updated_by_id=founder.id))
        if nda or index % 2 == 0:
            data = _pdf(titles["en"])
            session.add(PrototypeFile(request_id=req.id, storage_key=_store(data, ".pdf"),
                                      filename=f"drawing-{req.id}.pdf", content_type="application/pdf",
                                      size_bytes=len(data), uploaded_by_id=founder.id, created_at=created))
        if state == "open" and index % 2 == 0:
            invited = bidders[-1]
            session.add(PrototypeInvite(request_id=req.id, maker_org_id=invited.id, invited_by_id=founder.id,
                                        score=0.7, explanation="Cluster fits the category.",
                                        created_at=created + dt.timedelta(hours=2)))
        fresh = state == "open" and index % 4 == 3  # a request nobody has answered yet
        if fresh:
            continue
        for position, maker in enumerate(bidders):
            maker_owner = owners[maker.id]
            at = created + dt.timedelta(days=1 + position, hours=rng.randint(1, 9))
            if nda:
                session.add(NdaAcceptance(request_id=req.id, maker_org_id=maker.id, user_id=maker_owner.id,
                                          nda_version=NDA_VERSION, accepted_at=at - dt.timedelta(hours=1)))
            if position < 2:
                question, answer = _QUESTIONS[(index + position) % len(_QUESTIONS)]
                session.add(PrototypeQuestion(request_id=req.id, maker_org_id=maker.id, author_id=maker_owner.id,
                                              body=question, answer=answer, answered_by_id=founder.id,
                                              answered_at=at + dt.timedelta(hours=5),
                                              created_at=at - dt.timedelta(minutes=30)))
            if position == 0 and nda:
                for offset, (side, body) in enumerate(_MESSAGES):
                    session.add(PrototypeMessage(
                        request_id=req.id, maker_org_id=maker.id, side=side, body=body,
                        author_id=maker_owner.id if side == Side.maker else founder.id,
                        created_at=at + dt.timedelta(hours=offset * 3)))
        if state == "open" and index % 2 == 1:
            question, _answer = _QUESTIONS[index % len(_QUESTIONS)]
            session.add(PrototypeQuestion(request_id=req.id, maker_org_id=bidders[-1].id,
                                          author_id=owners[bidders[-1].id].id, body=question,
                                          created_at=now - dt.timedelta(hours=3)))
        bids = []
        for position, maker in enumerate(bidders):
            price = round(rng.randint(budget_min, budget_max + budget_max // 5), -4)
            language = "ko" if position % 2 == 0 else "en"
            shares = (20, 30, 50) if position % 2 == 0 else (30, 70)
            names = _PLANS[language] if len(shares) == 3 else _PLANS[language][1:]
            amounts = [price * s // 100 for s in shares]
            amounts[-1] = price - sum(amounts[:-1])
            bid_status = BidStatus.open
            if state in ("in_progress", "completed"):
                bid_status = BidStatus.awarded if position == 0 else BidStatus.not_chosen
            elif state == "cancelled":
                bid_status = BidStatus.not_chosen
            at = created + dt.timedelta(days=2 + position, hours=rng.randint(1, 9))
            bid = PrototypeBid(request_id=req.id, maker_org_id=maker.id, created_by_id=owners[maker.id].id,
                               price_krw=price, lead_time_days=rng.choice((14, 21, 28, 35, 45)),
                               notes=_BID_NOTES[(index + position) % len(_BID_NOTES)],
                               milestones=[{"title": n, "amount_krw": a} for n, a in zip(names, amounts, strict=True)],
                               status=bid_status, revision=1 + (position == 1), created_at=at, updated_at=at)
            session.add(bid)
            bids.append(bid)
            counts["prototype bids"] += 1
        session.flush()
        if state in ("in_progress", "completed"):
            _add_commission(session, rng, req, bids[0], founder, owners[bids[0].maker_org_id], state,
                            created + dt.timedelta(days=15), counts["prototype commissions"])
            counts["prototype commissions"] += 1
    session.flush()
    return counts


def _add_commission(session: Session, rng: random.Random, req: PrototypeRequest, bid: PrototypeBid, founder: User,
                    maker_owner: User, state: str, awarded_at: dt.datetime, index: int) -> Commission:
    """A commission of the bid; ``index`` varies which state its second milestone is in."""
    completed = state == "completed"
    commission = Commission(request_id=req.id, bid_id=bid.id, startup_org_id=req.startup_org_id,
                            maker_org_id=bid.maker_org_id, awarded_by_id=founder.id, price_krw=bid.price_krw,
                            lead_time_days=bid.lead_time_days,
                            status=CommissionStatus.completed if completed else CommissionStatus.active,
                            created_at=awarded_at, completed_at=awarded_at + dt.timedelta(days=50) if completed
                            else None)
    session.add(commission)
    session.flush()
    session.add(CommissionEvent(commission_id=commission.id, actor_id=founder.id, kind="awarded",
                                created_at=awarded_at))
    # In progress: the first milestone approved, the second delivered (or sent back, or funded), the rest waiting.
    second_state = (MilestoneStatus.delivered, MilestoneStatus.rejected, MilestoneStatus.funded)[index % 3]
    for position, step in enumerate(bid.milestones, start=1):
        status = MilestoneStatus.approved if completed or position == 1 else (
            second_state if position == 2 else MilestoneStatus.awaiting_funding)
        at = awarded_at + dt.timedelta(days=position * 12)
        funded = status != MilestoneStatus.awaiting_funding
        milestone = Milestone(commission_id=commission.id, position=position, title=step["title"],
                              amount_krw=step["amount_krw"], status=status,
                              funded_at=at - dt.timedelta(days=10) if funded else None,
                              delivered_at=at if status in (MilestoneStatus.delivered, MilestoneStatus.approved,
                                                            MilestoneStatus.rejected) else None,
                              approved_at=at + dt.timedelta(days=1) if status == MilestoneStatus.approved else None,
                              updated_at=at)
        session.add(milestone)
        session.flush()
        if funded:
            session.add(CommissionEvent(commission_id=commission.id, milestone_id=milestone.id, kind="funded",
                                        created_at=at - dt.timedelta(days=10)))
        if status in (MilestoneStatus.delivered, MilestoneStatus.approved, MilestoneStatus.rejected):
            note = _DELIVERY_NOTES[min(position, 3) - 1]
            decision = {"approved": "approved", "rejected": "rejected"}.get(status)
            delivery = MilestoneDelivery(milestone_id=milestone.id, delivered_by_id=maker_owner.id, note=note,
                                         decision=decision,
                                         decision_comment=_REJECTIONS[index % 2] if decision == "rejected" else None,
                                         decided_by_id=founder.id if decision else None,
                                         decided_at=at + dt.timedelta(days=1) if decision else None, created_at=at)
            session.add(delivery)
            session.flush()
            data = _png((120 + 30 * position, 140, 160))
            thumb = clean_checked_image(data, f"milestone-{position}.png").thumb
            session.add(DeliveryFile(delivery_id=delivery.id, storage_key=_store(data, ".png"),
                                     filename=f"milestone-{position}.png", content_type="image/png",
                                     size_bytes=len(data), thumb_key=_store(thumb, ".webp"), created_at=at))
            session.add(CommissionEvent(commission_id=commission.id, milestone_id=milestone.id,
                                        actor_id=maker_owner.id, kind="delivered", note=note, created_at=at))
            if decision:
                session.add(CommissionEvent(commission_id=commission.id, milestone_id=milestone.id,
                                            actor_id=founder.id, kind=decision,
                                            note=delivery.decision_comment, created_at=at + dt.timedelta(days=1)))
    # The two sides talked after the award, in the commission's thread.
    for offset, (side, author, body) in enumerate(((Side.startup, founder, _THREAD[0]),
                                                   (Side.maker, maker_owner, _THREAD[1]))):
        session.add(CommissionMessage(commission_id=commission.id, side=side, author_id=author.id, body=body,
                                      created_at=awarded_at + dt.timedelta(days=1, hours=3 * offset)))
    if completed:
        done = awarded_at + dt.timedelta(days=50)
        session.add(CommissionEvent(commission_id=commission.id, actor_id=founder.id, kind="completed",
                                    created_at=done))
        session.add(Rating(commission_id=commission.id, rater_org_id=req.startup_org_id,
                           ratee_org_id=bid.maker_org_id, side=Side.startup, score=rng.choice((4, 5, 5)),
                           comment=_RATINGS_OF_MAKERS[index % 3], created_by_id=founder.id,
                           created_at=done + dt.timedelta(days=1)))
        session.add(Rating(commission_id=commission.id, rater_org_id=bid.maker_org_id,
                           ratee_org_id=req.startup_org_id, side=Side.maker, score=rng.choice((4, 5)),
                           comment=_RATINGS_OF_STARTUPS[index % 3], created_by_id=maker_owner.id,
                           created_at=done + dt.timedelta(days=2)))
    session.flush()
    return commission
