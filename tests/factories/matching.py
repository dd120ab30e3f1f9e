"""Matching: documents as the engine reads them, and a small realistic set of Korean and English ones (makers,
startups, labs, patent holders, a buyer)."""

from __future__ import annotations

from matching.documents import MatchDoc


def doc(doc_id, kind, lang, title, offer, seek="", org_id=None, **fields) -> MatchDoc:
    """A MatchDoc with an org id derived from the doc id unless given."""
    number = int(doc_id.split(":")[1])
    return MatchDoc(doc_id=doc_id, org_id=org_id or (1000 + number if doc_id.startswith("t") else number),
                    kind=kind, lang=lang, title=title, offer=offer, seek=seek, **fields)


DOCS = [
    doc("p:1", "maker", "ko", "문래정밀",
        "문래동에서 30년째 알루미늄과 스테인리스 부품을 CNC 밀링과 5축 가공으로 정밀 가공합니다. 아노다이징 "
        "후처리까지 한 번에 맡을 수 있고, 시제품 한 개부터 소량 생산까지 받습니다.",
        "드론이나 로봇을 설계하는 스타트업과 시제품을 함께 만들고 싶습니다.", cluster="mullae", region="KR-11",
        tags=("machine_metal.cnc_milling", "machine_metal.aluminium")),
    doc("p:2", "maker", "en", "Hanul Metal Works",
        "We machine aluminium housings and brackets on 5-axis CNC mills in Mullae-dong, with anodising and "
        "laser engraving in house. Small batches and single prototypes are welcome.",
        "Looking for a supplier of chrome-free leather tanning chemicals.", cluster="mullae", region="KR-11"),
    doc("p:3", "startup", "en", "Skyline Drones",
        "We design flight controllers and carbon frames for inspection drones and bring our own CAD models.",
        "We need a machine shop for CNC machining of aluminium drone arms and motor mounts, from prototype to "
        "a few hundred units.", region="KR-11"),
    doc("p:4", "maker", "en", "Seongsu Shoemakers",
        "Handmade leather shoes and bespoke shoes in Seongsu: Goodyear welted soles, hand-dyed patina finishing "
        "and upper stitching for boutique brands.", "We want chrome-free tanned leather from a local tannery.",
        cluster="seongsu", region="KR-11"),
    doc("t:1", "ip_holder", "ko", "크롬을 쓰지 않는 무두질 공정",
        "크롬 대신 식물성 탄닌과 알데히드를 쓰는 친환경 무두질 공정입니다. 폐수의 중금속을 없애고 가죽의 "
        "촉감은 그대로 유지합니다.", trl=6, license_terms=("license",), region="KR-11"),
    doc("t:2", "lab", "en", "Wireless mould temperature monitoring",
        "Thermocouples embedded in injection moulds send the mould temperature over a wireless link during "
        "moulding, and the operator's phone raises an alarm when it drifts, cutting the defect rate.",
        trl=5, license_terms=("joint_development",), region="US"),
    doc("t:3", "lab", "ko", "사출 금형의 컨포멀 냉각 채널 설계",
        "금속 3D 프린팅으로 금형 안에 곡면을 따라가는 냉각 채널을 만들어 사출 성형의 냉각 시간을 30% "
        "줄입니다. 소량 생산용 금형에 맞춘 설계 방법입니다.", trl=4, license_terms=("license", "joint_development"),
        region="KR-11"),
    doc("t:4", "ip_holder", "en", "Vibration sensor retrofit for old lathes",
        "A clamp-on vibration sensor and spindle-current logger turns an old CNC lathe into a connected machine "
        "and predicts bearing failure weeks ahead.", trl=7, license_terms=("license", "sale"), region="DE"),
    doc("p:5", "maker", "ko", "종로주얼리",
        "종로에서 금과 은으로 반지와 목걸이를 로스트왁스 주조로 만들고 각인과 보석 세팅까지 합니다.",
        "해외 주얼리 브랜드의 주문을 받고 싶습니다.", cluster="jongno", region="KR-11"),
    doc("p:6", "buyer", "en", "Osaka Select",
        "A select shop in Osaka distributing handmade leather goods and shoes to Japanese customers.",
        "We are looking for workshops making handmade leather shoes for our stores.", region="JP"),
    doc("p:7", "lab", "en", "Printing Lab",
        "Letterpress and offset printing research, wedding invitations and paper packaging.",
        "Partners in Euljiro print shops.", cluster="euljiro", region="KR-11",
        translations={"ko": {"title": "인쇄 연구실", "offer": "활판 인쇄와 오프셋 인쇄를 연구하고 청첩장과 종이 포장을 "
                                                         "만듭니다.", "seek": "을지로 인쇄소와 협력하고 싶습니다."}}),
]
