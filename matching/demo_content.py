"""The demo texts of technology matching: a profile for every demo organisation and 111 technology listings.

Pure data and generation (no database, no Flask): :func:`demo_docs` gives the same records the demo loader
(:func:`matching.demo.add_demo_matching`) writes, as :class:`~matching.documents.MatchDoc` objects whose doc ids
are the ones a fresh ``seoulmade demo`` (seed 2026) produces — profiles ``p:1`` … in organisation order, listings
``t:1`` … in the order of :data:`LISTINGS` — so the engine can be tuned before any database exists. Every record
has a stable ``external_ref`` (source ``"demo"``): ``org:<organisation slug>`` for profiles and ``tech-NNN`` for
listings; :file:`matching/data/eval_queries.jsonl` judges relevance with those refs.

Listings are written like real patent abstracts and lab offers, some only in Korean, some only in English, some in
both; a listing that needs a non-disclosure agreement keeps its details (abstract, patent number, owner) private
and shows an anonymous teaser, and only the teaser is part of its MatchDoc.
"""

from __future__ import annotations

import random
import zlib
from dataclasses import dataclass, field

from matching.documents import MatchDoc

DEMO_SOURCE = "demo"
DEMO_SEED = 2026


@dataclass(frozen=True)
class ListingSpec:
    """One demo technology listing; texts are ``{lang: text}`` in the languages it is written in."""

    external_ref: str
    owner: str  # the owning organisation's (English) name
    title: dict[str, str]
    abstract: dict[str, str]
    patent_number: str | None
    ipc: tuple[str, ...]
    trl: int
    license_terms: tuple[str, ...]
    teaser_title: dict[str, str] = field(default_factory=dict)
    teaser: dict[str, str] = field(default_factory=dict)
    questions: tuple[str, ...] = ()

    @property
    def nda_required(self) -> bool:
        """Details only after qualification, approval and an accepted NDA."""
        return bool(self.teaser)

    @property
    def lang(self) -> str:
        """The language the holder wrote it in: Korean when there is a Korean text, else English."""
        return "ko" if "ko" in self.title else "en"


def _l(ref, owner, *, ko=None, en=None, patent=None, ipc=(), trl, terms, teaser_ko=None, teaser_en=None,
       questions=()) -> ListingSpec:
    title, abstract, teaser_title, teaser = {}, {}, {}, {}
    for lang, pair in (("ko", ko), ("en", en)):
        if pair:
            title[lang], abstract[lang] = pair
    for lang, pair in (("ko", teaser_ko), ("en", teaser_en)):
        if pair:
            teaser_title[lang], teaser[lang] = pair
    return ListingSpec(f"tech-{ref:03d}", owner, title, abstract, patent, tuple(ipc), trl, tuple(terms),
                       teaser_title, teaser, tuple(questions))


LIC, JD, SALE = "license", "joint_development", "sale"

_LISTINGS: tuple[ListingSpec, ...] = (
    # --- Sejong Mould Systems -------------------------------------------------------------------------------
    _l(1, "Sejong Mould Systems",
       ko=("모듈형 몰드베이스와 10분 캐비티 교체 구조",
           "표준 몰드베이스에 캐비티 블록을 볼트 두 개와 위치 결정 핀으로 고정하는 구조로, 소형 사출 업체가 "
           "금형 전체를 내리지 않고 10분 안에 캐비티를 교체할 수 있습니다. 다품종 소량 사출 금형의 금형비와 "
           "교체 시간을 크게 줄입니다."),
       en=("Modular mould base with ten-minute cavity change",
           "A standard mould base holds interchangeable cavity blocks located by two bolts and dowel pins, so a "
           "small injection-moulding shop can swap cavities in under ten minutes without taking the whole mould "
           "off the machine. It cuts tooling cost and changeover time for high-mix, low-volume injection moulds."),
       patent="KR 10-2021-0153322", ipc=("B29C 45/26", "B29C 33/30"), trl=8, terms=(LIC, SALE)),
    _l(2, "Sejong Mould Systems",
       ko=("다수 캐비티 사출 금형용 핫러너 밸런싱 매니폴드",
           "다수 캐비티 사출 금형에서 각 게이트의 충전 시간을 맞추도록 유로 단면을 조절할 수 있는 핫러너 "
           "매니폴드입니다. 미성형과 플래시 불량을 줄이며 150톤 이하 소형 사출기에도 적용할 수 있습니다."),
       patent="KR 10-2022-0087412", ipc=("B29C 45/27",), trl=7, terms=(LIC,)),
    _l(3, "Sejong Mould Systems",
       ko=("금속 3D 프린팅 형상적응형 냉각 코어 인서트",
           "금속 3D 프린팅으로 제품 형상을 따라가는 냉각 채널을 넣은 코어 인서트를 만들고, 기존 몰드베이스에 "
           "끼워 쓰는 기술입니다. 사출 냉각 시간이 30~40% 줄고 휨 변형이 감소합니다."),
       patent="KR 10-2023-0019876", ipc=("B29C 45/73", "B22F 10/20", "B33Y 80/00"), trl=6, terms=(LIC, JD),
       teaser_ko=("사출 금형의 냉각 시간을 줄이는 적층 제조 인서트 기술",
                  "사출 금형의 사이클 타임을 크게 줄이는, 3D 프린팅으로 만드는 금형 인서트 기술입니다. 세부 구조와 "
                  "특허 정보는 비밀유지계약 후 공개합니다."),
       questions=("보유한 사출기의 톤수와 대수를 알려 주세요.", "현재 생산하는 제품과 월 생산량은 어느 정도입니까?")),
    # --- Seoul National University Precision Mould Lab ------------------------------------------------------
    _l(4, "Seoul National University Precision Mould Lab",
       en=("Conformal cooling channel design for short-run moulds",
           "A design method and CAD plug-in that routes cooling channels along the part surface and checks that "
           "the insert can be printed before it is ordered. Tested on cosmetic caps and connector housings, it cut "
           "injection-moulding cycle times by a quarter."),
       patent="KR 10-2022-0134561", ipc=("B29C 45/73", "G06F 30/17"), trl=5, terms=(JD, LIC)),
    _l(5, "Seoul National University Precision Mould Lab",
       ko=("소량 생산용 알루미늄 신속 금형 공정",
           "알루미늄 7075 인서트와 표면 경화 처리를 조합해 500~5,000회 사출용 신속 금형을 2주 안에 만드는 "
           "공정입니다. 시제품과 양산 사이 단계의 금형비를 강재 금형의 3분의 1 수준으로 낮춥니다."),
       en=("Rapid aluminium tooling for 500 to 5,000 shots",
           "A process that combines aluminium 7075 inserts with a hard surface treatment to build injection moulds "
           "for 500 to 5,000 shots within two weeks. It brings tooling cost between prototype and mass production "
           "down to about a third of a steel mould."),
       patent="KR 10-2021-0098765", ipc=("B29C 33/38",), trl=6, terms=(JD,)),
    _l(6, "Seoul National University Precision Mould Lab",
       ko=("금형 온도 무선 모니터링 시스템",
           "금형에 박아 넣는 소형 열전대와 무선 송신기로 사출 중 금형 온도를 실시간 기록하고, 이상이 생기면 "
           "작업자 휴대폰으로 알려 주는 시스템입니다. 온도 편차로 인한 불량률을 낮춥니다."),
       patent="KR 10-2023-0067123", ipc=("B29C 45/78", "G01K 1/02"), trl=5, terms=(JD,)),
    # --- Haneul Surface Tech Co., Ltd. ----------------------------------------------------------------------
    _l(7, "Haneul Surface Tech Co., Ltd.",
       ko=("황동·은에 쓰는 150℃ 이하 저온 PVD 코팅",
           "150℃ 이하에서 증착하는 PVD 코팅 공정으로 황동, 은, 아연 합금처럼 열에 약한 금속에도 질화티타늄 "
           "계열의 금색·흑색 코팅을 입힐 수 있습니다. 일반 도금보다 내마모성이 세 배 이상 높습니다."),
       en=("Low-temperature PVD coating below 150 °C for brass and silver",
           "A PVD process that deposits below 150 °C, so heat-sensitive metals such as brass, silver and zinc "
           "alloys can take gold- or black-coloured titanium-nitride coatings. Wear resistance is more than three "
           "times that of electroplating."),
       patent="KR 10-2020-0171234", ipc=("C23C 14/06", "C23C 14/34"), trl=8, terms=(LIC, JD)),
    _l(8, "Haneul Surface Tech Co., Ltd.",
       ko=("주얼리 흑색 PVD 코팅의 밀착력을 높이는 전처리",
           "은·금 주얼리 표면을 이온 세정하고 크롬 중간층을 입혀 흑색 PVD 코팅이 벗겨지지 않도록 하는 "
           "전처리 방법입니다. 반지 안쪽처럼 마찰이 많은 부위에서도 코팅이 오래 유지됩니다."),
       patent="KR 10-2022-0045678", ipc=("C23C 14/02", "A44C 27/00"), trl=7, terms=(LIC,)),
    _l(9, "Haneul Surface Tech Co., Ltd.",
       en=("Rose-gold and gunmetal PVD stack for stainless watch parts",
           "A multilayer PVD stack of chromium nitride and zirconium carbonitride gives stainless steel 316 watch "
           "cases and bracelets a rose-gold or gunmetal colour with 2,000 HV surface hardness, without "
           "electroplating or cyanide. Runs in a one-cubic-metre batch chamber."),
       patent="US 11,482,905", ipc=("C23C 14/06", "C23C 28/04", "G04B 37/22"), trl=7, terms=(LIC, SALE),
       teaser_en=("Decorative coating for stainless-steel watch parts without electroplating",
                  "A hard, coloured vacuum coating for stainless-steel watch cases and bracelets that replaces "
                  "electroplating. Colours, layer structure and the patent family are disclosed after an NDA."),
       questions=("Which base materials and part sizes do you need coated?",
                  "Do you already run a vacuum coating line?")),
    # --- Warpwise Textiles Inc. -----------------------------------------------------------------------------
    _l(10, "Warpwise Textiles Inc.",
       en=("Washable knitted heating panel with conductive yarn",
           "A knitting method that lays silver-plated conductive yarn into a panel during flat knitting, so the "
           "heating element is part of the fabric and survives 50 washes. Works on standard computerised flat "
           "knitting machines."),
       patent="US 11,207,614", ipc=("D04B 1/14", "H05B 3/34"), trl=8, terms=(LIC,)),
    _l(11, "Warpwise Textiles Inc.",
       en=("Snap-fastener power connector for heated garments",
           "A sewn-in snap connector that carries power from a removable battery to knitted or woven heating "
           "panels. Waterproof to IPX6 and attached in a sewing shop with an ordinary snap press."),
       patent="US 11,551,320", ipc=("H01R 13/52", "A41D 13/005"), trl=7, terms=(LIC, SALE)),
    _l(12, "Warpwise Textiles Inc.",
       en=("Seamless heated glove knitted in one piece",
           "A whole-garment knitting program and yarn set for heated gloves knitted in one piece, with the "
           "heating paths running through the fingers: no seams to sew and no wires to route."),
       patent="US 2023/0151234 A1", ipc=("D04B 1/28", "A41D 19/015"), trl=6, terms=(LIC, JD)),
    # --- RWTH Aachen Small-Batch Machining Lab --------------------------------------------------------------
    _l(13, "RWTH Aachen Small-Batch Machining Lab",
       en=("Automated set-up with touch probes for batches of one to a hundred",
           "A probing cycle and software that measure a clamped blank on a CNC milling machine and shift the work "
           "offsets and program automatically, cutting set-up time for small batches by up to 60%. Runs on common "
           "CNC controllers."),
       patent="DE 10 2021 104 233", ipc=("B23Q 17/22", "G05B 19/401"), trl=6, terms=(JD, LIC)),
    _l(14, "RWTH Aachen Small-Batch Machining Lab",
       en=("Low-cost zero-point clamping retrofit for older machining centres",
           "A pneumatic zero-point clamping plate and pallet system sized for small vertical machining centres, "
           "so a shop can prepare the next job off the machine. Repeatability within 5 µm."),
       patent="DE 10 2020 118 902", ipc=("B23Q 1/00", "B23Q 3/06"), trl=7, terms=(LIC,)),
    _l(15, "RWTH Aachen Small-Batch Machining Lab",
       en=("Adaptive in-process inspection for small-batch machining",
           "Combines a spindle probe, a thermal model of the machine and a statistical rule that decides after "
           "each part whether to re-measure, correct the tool offset or stop. In trials it removed 80% of "
           "off-machine coordinate measuring machine checks for batches under 50 parts."),
       patent="EP 4 112 345 A1", ipc=("B23Q 17/20", "G05B 19/418"), trl=5, terms=(JD,),
       teaser_en=("In-process inspection for small-batch machining",
                  "A way to check critical dimensions on the machine between operations and correct tool "
                  "offsets automatically, for machine shops making small batches. Details under NDA."),
       questions=("Which machine controllers do you use?", "What are your typical batch sizes and tolerances?")),
    # --- Hanyang University Machine Tool Dynamics Lab -------------------------------------------------------
    _l(16, "Hanyang University Machine Tool Dynamics Lab",
       ko=("노후 선반의 채터를 줄이는 조절형 동흡진기",
           "공구대에 볼트로 붙이는 조절형 동흡진기로 노후 선반의 채터 진동을 줄입니다. 가늘고 긴 공작물을 "
           "가공할 때 표면 거칠기가 절반 이하로 낮아집니다."),
       en=("Adjustable tuned mass damper against chatter on older lathes",
           "An adjustable tuned mass damper that bolts onto the tool post and suppresses chatter on older lathes. "
           "Surface roughness on long, slender workpieces drops by more than half."),
       patent="KR 10-2021-0045321", ipc=("B23B 29/02", "F16F 7/10"), trl=6, terms=(LIC, JD)),
    _l(17, "Hanyang University Machine Tool Dynamics Lab",
       ko=("공작기계 동강성 간이 진단 키트",
           "해머 타격 시험과 스마트폰 앱으로 밀링 머신과 선반의 동강성을 측정하고, 떨림 없이 깎을 수 있는 "
           "절삭 깊이와 주축 회전수를 추천합니다. 장비 구입 전 중고 공작기계 상태 점검에도 씁니다."),
       ipc=("G01M 7/08", "B23Q 17/12"), trl=5, terms=(JD,)),
    _l(18, "Hanyang University Machine Tool Dynamics Lab",
       en=("Thermal drift compensation for machine tool spindles",
           "A model that estimates spindle growth from two temperature sensors and motor load and corrects the Z "
           "offset through the CNC controller, keeping bores within 10 µm through a day of warm-up and cooling."),
       patent="KR 10-2022-0156789", ipc=("B23Q 15/18", "G05B 19/404"), trl=5, terms=(LIC,)),
    # --- KIMM Smart Machine Tool Team -----------------------------------------------------------------------
    _l(19, "KIMM Smart Machine Tool Team",
       ko=("노후 공작기계 IoT 리트로핏 키트",
           "오래된 선반과 밀링 머신에 자석으로 붙이는 진동 센서, 주축 전류 센서와 게이트웨이로 가동률과 이상 "
           "징후를 모니터링하는 저가형 키트입니다. 설치는 반나절이면 충분하고 CNC 컨트롤러를 바꿀 필요가 "
           "없습니다."),
       en=("IoT retrofit kit for old machine tools",
           "A low-cost kit of magnet-mounted vibration sensors, spindle current sensors and a gateway that monitors "
           "utilisation and faults on old lathes and milling machines. It installs in half a day and needs no "
           "change to the CNC controller."),
       patent="KR 10-2022-0112233", ipc=("G05B 19/4065", "G01H 1/00", "B23Q 17/09"), trl=7, terms=(LIC, JD)),
    _l(20, "KIMM Smart Machine Tool Team",
       ko=("주축 전류로 공구 파손을 감지하는 알고리즘",
           "주축 모터 전류 파형만으로 드릴과 엔드밀의 파손을 0.1초 안에 감지해 이송을 멈추는 알고리즘입니다. "
           "스마트 공장 구축이 어려운 소규모 가공 공장을 위한 기술입니다."),
       patent="KR 10-2021-0176543", ipc=("B23Q 17/09", "G05B 19/4065"), trl=6, terms=(LIC,)),
    _l(21, "KIMM Smart Machine Tool Team",
       ko=("단종 CNC 컨트롤러를 대체하는 PC 기반 개방형 컨트롤러",
           "단종된 구형 CNC 컨트롤러를 PC 기반 개방형 컨트롤러로 교체하고 기존 서보 모터와 엔코더를 그대로 "
           "쓰는 리트로핏 기술입니다. G코드 호환성과 MES 연동을 지원합니다."),
       patent="KR 10-2023-0034512", ipc=("G05B 19/414",), trl=6, terms=(LIC, JD),
       teaser_ko=("단종된 CNC 컨트롤러를 대체하는 개방형 컨트롤러 기술",
                  "오래된 공작기계의 단종 컨트롤러를 교체해 기계 수명을 늘리는 리트로핏 기술입니다. 상세 내용은 "
                  "비밀유지계약 후 공개합니다."),
       questions=("교체하려는 공작기계의 제조사, 연식, 컨트롤러 모델을 알려 주세요.",)),
    # --- KAIST Additive Manufacturing Lab -------------------------------------------------------------------
    _l(22, "KAIST Additive Manufacturing Lab",
       en=("Post-machining strategy for metal 3D-printed parts",
           "A workflow that adds machining stock and datum features to metal 3D-printed parts at the design stage "
           "and generates the CAM programming to finish them on a 5-axis machining centre. It reduces fixturing "
           "work for printed titanium and stainless-steel parts."),
       patent="KR 10-2022-0098123", ipc=("B22F 10/66", "B23C 3/00", "B33Y 40/20"), trl=5, terms=(JD,)),
    _l(23, "KAIST Additive Manufacturing Lab",
       ko=("DED 적층으로 닳은 금형을 보수하는 기술",
           "손상된 사출·프레스 금형 표면에 DED(직접 에너지 적층) 방식으로 공구강 분말을 덧쌓고 다시 가공해 "
           "보수하는 기술입니다. 새 금형을 만드는 것보다 비용과 납기가 절반 이하입니다."),
       en=("Repairing worn moulds by directed energy deposition",
           "Repairs worn injection moulds and press dies by building up tool-steel powder with directed energy "
           "deposition and re-machining the surface. Cost and lead time are less than half of a new mould."),
       patent="KR 10-2021-0123987", ipc=("B22F 10/25", "B23P 6/00", "B33Y 10/00"), trl=6, terms=(JD, LIC)),
    _l(24, "KAIST Additive Manufacturing Lab",
       en=("Graded titanium lattices by laser powder-bed fusion",
           "Graded titanium lattice structures printed by laser powder-bed fusion, with a design tool that keeps "
           "walls printable and a heat treatment that restores ductility. Aimed at bicycle, drone and wearable "
           "parts."),
       patent="KR 10-2023-0077881", ipc=("B22F 10/28", "B33Y 80/00", "C22C 14/00"), trl=4, terms=(JD,),
       teaser_en=("Lightweight titanium lattice parts by metal 3D printing",
                  "A design and metal 3D printing process for light, stiff titanium parts for bicycles, drones and "
                  "wearables. Details under NDA."),
       questions=("What part would you like to make lighter, and in what quantity?",)),
    # --- Nuri Sensor Co. ------------------------------------------------------------------------------------
    _l(25, "Nuri Sensor Co.",
       ko=("클램프형 무선 진동 센서와 예지 보전",
           "모터와 주축 하우징에 클램프로 물리는 무선 진동 센서로 베어링 손상과 불균형을 조기에 감지합니다. "
           "배터리로 2년 동작하며 노후 설비에도 배선 없이 설치할 수 있습니다."),
       en=("Clamp-on wireless vibration sensor for predictive maintenance",
           "A wireless vibration sensor that clamps onto motor and spindle housings and detects bearing damage "
           "and imbalance early. It runs two years on a battery and fits old machines without wiring."),
       patent="KR 10-2020-0156789", ipc=("G01H 1/00", "G01M 13/045"), trl=9, terms=(LIC, SALE)),
    _l(26, "Nuri Sensor Co.",
       ko=("비접촉 전류 센서로 보는 기계별 가동률",
           "분전반 전선에 끼우는 비접촉 전류 센서로 기계별 가동 시간과 부하를 기록해 스마트폰으로 보여 "
           "줍니다. 소규모 공장이 스마트 공장으로 가는 첫 단계로 알맞습니다."),
       patent="KR 10-2021-0187654", ipc=("G01R 15/18", "G05B 19/418"), trl=8, terms=(LIC, SALE)),
    _l(27, "Nuri Sensor Co.",
       ko=("공압 압축기·유압 장치 누설 진단기",
           "공압 압축기와 유압 유닛의 초음파와 압력 변화를 분석해 누설 위치를 찾아 주는 휴대용 진단 "
           "장치입니다. 공장 전기 요금의 상당 부분을 차지하는 압축 공기 손실을 줄입니다."),
       patent="KR 10-2022-0023456", ipc=("G01M 3/24",), trl=7, terms=(SALE, LIC)),
    # --- Georgia Tech Sewn Products Automation Lab ----------------------------------------------------------
    _l(28, "Georgia Tech Sewn Products Automation Lab",
       en=("Electro-adhesive robot gripper for limp fabric plies",
           "An electro-adhesive gripper that picks single fabric plies off a stack and places them on a sewing "
           "machine, including knits and silk. Designed for small sewing shops adding a single robot arm."),
       patent="US 11,034,012", ipc=("B25J 15/00", "D05B 33/00"), trl=6, terms=(LIC, JD)),
    _l(29, "Georgia Tech Sewn Products Automation Lab",
       en=("Machine-vision seam inspection for finished garments",
           "A camera and software station that inspects seams, stitch density and puckering on finished garments "
           "and flags defects before packing, trained on a few hundred photos per style."),
       patent="US 11,301,778", ipc=("G06T 7/00", "D05B 69/00"), trl=6, terms=(LIC,)),
    _l(30, "Georgia Tech Sewn Products Automation Lab",
       en=("Vision-guided seam tracking add-on for sewing machines",
           "A camera add-on that steers fabric under the needle along curved seams, so less experienced operators "
           "can sew curved panels at full speed."),
       patent="US 2022/0364321 A1", ipc=("D05B 35/10",), trl=5, terms=(JD,)),
    # --- Aalto University Digital Fabrication Lab -----------------------------------------------------------
    _l(31, "Aalto University Digital Fabrication Lab",
       en=("3D-printed polymer dies for short-run sheet metal forming",
           "Polymer dies printed on industrial FDM printers form aluminium and thin steel sheet for runs of up "
           "to 200 parts, replacing machined press dies for prototypes and small series."),
       patent="FI 129876 B", ipc=("B21D 37/20", "B33Y 80/00"), trl=5, terms=(JD, LIC)),
    _l(32, "Aalto University Digital Fabrication Lab",
       en=("CNC-cut interlocking joints for metal and wood furniture",
           "A library of parametric joints cut by CNC router and laser cutting that assemble metal brackets and "
           "wood panels without welding or glue, for flat-packed furniture made in small workshops."),
       ipc=("B27M 3/00", "F16B 12/12"), trl=6, terms=(JD,)),
    # --- University of Tokyo Precision Casting Lab ----------------------------------------------------------
    _l(34, "University of Tokyo Precision Casting Lab",
       en=("Casting simulation data for precious-metal alloys",
           "Material data and a simplified filling and solidification model for gold, silver and platinum alloys "
           "in investment casting, so small casting houses can place sprues and predict porosity before casting."),
       patent="JP 2022-045678 A", ipc=("B22D 46/00", "B22C 9/04"), trl=5, terms=(JD,)),
    _l(35, "University of Tokyo Precision Casting Lab",
       en=("Thin-wall lost-wax casting of platinum",
           "A vacuum-assisted centrifugal casting schedule and investment powder mix that fills platinum walls of "
           "0.4 mm, reducing misruns in fine jewelry."),
       patent="JP 7123456 B2", ipc=("B22D 13/04", "B22C 1/00", "A44C 27/00"), trl=6, terms=(LIC,)),
    _l(36, "University of Tokyo Precision Casting Lab",
       en=("Deoxidising master alloy against porosity in sterling silver casting",
           "A deoxidising master alloy addition and flask temperature schedule that reduces gas porosity in "
           "sterling silver lost-wax casting by 70%, with no change to the casting machine."),
       patent="JP 2023-012345 A", ipc=("C22C 5/06", "B22D 21/02"), trl=6, terms=(LIC,),
       teaser_en=("Fewer pores in silver jewelry casting",
                  "A method that sharply reduces porosity in sterling silver lost-wax casting without new "
                  "equipment. Composition and process window under NDA."),
       questions=("How many silver castings do you pour per month?", "Which casting machine do you use?")),
    # --- Kessler Werkzeugtechnik GmbH -----------------------------------------------------------------------
    _l(37, "Kessler Werkzeugtechnik GmbH",
       en=("Coated micro end mills for hardened steel up to 65 HRC",
           "Carbide micro end mills from 0.1 mm diameter with an AlCrSiN coating and a reinforced corner, for "
           "milling hardened tool steel in mould making without EDM."),
       patent="EP 3 912 457 B1", ipc=("B23C 5/10", "C23C 14/06"), trl=9, terms=(LIC, SALE)),
    _l(38, "Kessler Werkzeugtechnik GmbH",
       en=("Variable-helix end mill geometry against chatter",
           "An end mill geometry with unequal helix and pitch that breaks up chatter on less rigid, older milling "
           "machines; licensed as grinding data for CNC tool grinders."),
       patent="DE 10 2019 125 555 B4", ipc=("B23C 5/10",), trl=9, terms=(LIC,)),
    _l(39, "Kessler Werkzeugtechnik GmbH",
       en=("Regrinding and recoating protocol for carbide end mills",
           "A regrinding, stripping and recoating protocol that restores coated carbide end mills to 90% of new "
           "tool life, licensed to regional tool-grinding shops together with training."),
       ipc=("B24B 3/24", "C23C 14/06"), trl=9, terms=(LIC,),
       teaser_en=("Know-how to give worn carbide cutting tools a second life",
                  "A licensed process for tool-grinding shops that brings used cutting tools close to new "
                  "performance. Details under NDA."),
       questions=("Do you operate a CNC tool grinder, and which one?",)),
    # --- KIST Flexible Sensors Lab --------------------------------------------------------------------------
    _l(40, "KIST Flexible Sensors Lab",
       ko=("스크린 인쇄 압력 센서 인솔",
           "스크린 인쇄로 만든 얇은 압력 센서 배열을 신발 깔창에 넣어 걸음걸이와 발 압력 분포를 측정합니다. "
           "두께 0.3mm라 수제화 공방에서도 중창 사이에 적층해 넣을 수 있습니다."),
       en=("Screen-printed pressure-sensor insole",
           "A thin pressure-sensor array made by screen printing that fits into shoe insoles and measures gait "
           "and foot pressure distribution. At 0.3 mm it can be laminated in by a handmade shoe workshop."),
       patent="KR 10-2022-0145623", ipc=("G01L 1/20", "A43B 3/34"), trl=5, terms=(JD, LIC)),
    _l(41, "KIST Flexible Sensors Lab",
       ko=("섬유에 붙이는 탄소나노튜브 변형 센서",
           "신축성 원단에 열압착으로 붙이는 탄소나노튜브 변형 센서로 관절 움직임과 호흡을 측정합니다. 세탁 "
           "20회 후에도 성능을 유지해 스포츠 의류와 재활 보조기에 쓸 수 있습니다."),
       patent="KR 10-2023-0056789", ipc=("G01B 7/16", "D06M 11/74"), trl=4, terms=(JD,)),
    _l(42, "KIST Flexible Sensors Lab",
       en=("Flexible tension sensor for watch straps and bag straps",
           "A laminated strain and pressure sensor that goes inside leather or fabric straps and measures "
           "tension and grip, for wearables and smart bags."),
       patent="KR 10-2021-0166543", ipc=("G01L 1/22", "A44C 5/00"), trl=4, terms=(JD,)),
    # --- Okada Seimitsu Co., Ltd. ---------------------------------------------------------------------------
    _l(43, "Okada Seimitsu Co., Ltd.",
       en=("Wire EDM process for 0.05 mm slots in tool steel",
           "A multi-pass wire EDM schedule with a 0.03 mm wire and tension control that cuts straight-walled slots "
           "down to 0.05 mm wide in hardened SKD11 tool steel."),
       patent="JP 6987654 B2", ipc=("B23H 7/02", "B23H 7/06"), trl=9, terms=(LIC,)),
    _l(44, "Okada Seimitsu Co., Ltd.",
       en=("Micro-hole EDM drilling in carbide and tool steel",
           "An electrode guide and flushing design for drilling 0.1 mm holes in tungsten carbide and tool steel "
           "with a small sinker EDM machine."),
       patent="JP 2021-178912 A", ipc=("B23H 9/14",), trl=8, terms=(LIC, SALE)),
    _l(45, "Okada Seimitsu Co., Ltd.",
       en=("Wire-cut punch and die sets for thin stainless parts",
           "Design rules and wire EDM cutting conditions for press die punch and die sets that blank thin "
           "stainless-steel parts with a clearance under 5 µm."),
       ipc=("B21D 28/14", "B23H 7/02"), trl=9, terms=(LIC,)),
    # --- Jung Dae-ho ----------------------------------------------------------------------------------------
    _l(46, "Jung Dae-ho",
       ko=("불규칙한 부품을 스스로 중심 잡아 무는 바이스 조",
           "주물이나 단조품처럼 모양이 불규칙한 부품을 바이스에 물릴 때 네 개의 요동 핀이 스스로 중심을 잡아 "
           "주는 바이스 조입니다. 밀링 머신과 머시닝 센터의 일반 바이스에 그대로 끼워 씁니다."),
       patent="KR 10-2345678", ipc=("B25B 1/24", "B23Q 3/06"), trl=8, terms=(LIC, SALE)),
    _l(47, "Jung Dae-ho",
       ko=("레버 하나로 바꾸는 퀵 체인지 소프트 조",
           "볼트를 풀지 않고 레버 하나로 바이스의 소프트 조를 교체하는 구조로, 다품종 소량 가공의 세팅 시간을 "
           "줄입니다. 알루미늄과 연강 소프트 조 모두에 적용됩니다."),
       patent="KR 10-2022-0078901", ipc=("B25B 1/24",), trl=7, terms=(LIC, SALE)),
    # --- SeoulTech Metalcraft and Jewelry Process Lab -------------------------------------------------------
    _l(48, "SeoulTech Metalcraft and Jewelry Process Lab",
       ko=("3D 프린팅 레진 원형의 직접 주조 공정",
           "캐스터블 레진으로 출력한 원형을 그대로 로스트왁스 주조에 쓰기 위한 소성 온도 곡선과 매몰재 "
           "배합입니다. 고무 몰드 없이 한 개부터 주얼리를 주조할 수 있습니다."),
       en=("Direct casting of 3D-printed resin models",
           "A burnout schedule and investment powder mix for casting castable-resin 3D-printed models directly by "
           "lost-wax casting, so jewelry can be cast from a single piece without a rubber mould."),
       patent="KR 10-2021-0134567", ipc=("B22C 7/02", "B22C 9/04", "A44C 27/00"), trl=7, terms=(LIC, JD)),
    _l(49, "SeoulTech Metalcraft and Jewelry Process Lab",
       ko=("반지 파라메트릭 주얼리 CAD 라이브러리",
           "반지 호수, 폭, 스톤 크기를 입력하면 발물림과 베젤 세팅 구조까지 자동으로 만들어 주는 주얼리 CAD "
           "라이브러리로, 공방의 모델링 시간을 크게 줄입니다."),
       ipc=("A44C 9/00", "G06F 30/10"), trl=6, terms=(JD, LIC)),
    _l(50, "SeoulTech Metalcraft and Jewelry Process Lab",
       ko=("레이저 용접을 이용한 칠보 장신구 제작",
           "레이저 용접으로 칠보 바탕판을 은 프레임에 붙여 열 변형 없이 칠보 장신구를 만드는 공정입니다. 얇은 "
           "판에도 유약이 깨지지 않습니다."),
       patent="KR 10-2023-0045612", ipc=("B23K 26/32", "A44C 27/00"), trl=5, terms=(JD,)),
    # --- KIST Lightweight Alloys Group ----------------------------------------------------------------------
    _l(51, "KIST Lightweight Alloys Group",
       ko=("칩이 잘 끊기는 쾌삭 마그네슘 합금",
           "칼슘과 소량의 주석을 넣어 칩이 잘 끊기고 발화 위험을 낮춘 마그네슘 합금으로, 일반 CNC 밀링 "
           "설비에서도 안전하게 가공할 수 있습니다."),
       en=("Free-machining magnesium alloy",
           "A magnesium alloy with calcium and a little tin that breaks chips easily and is less prone to "
           "ignition, so it can be machined safely on ordinary CNC milling machines."),
       patent="KR 10-2020-0145678", ipc=("C22C 23/02", "C22F 1/06"), trl=6, terms=(LIC,)),
    _l(52, "KIST Lightweight Alloys Group",
       ko=("얇은 벽 주조용 고유동 알루미늄 합금",
           "사형 주조와 다이캐스팅에서 얇은 벽까지 잘 채우는 고유동 알루미늄 합금으로, 열처리 없이도 인장강도 "
           "280MPa를 냅니다. 소량 주조 부품에 알맞습니다."),
       patent="KR 10-2021-0156432", ipc=("C22C 21/02", "B22D 21/04"), trl=6, terms=(LIC, JD)),
    _l(53, "KIST Lightweight Alloys Group",
       en=("Ignition-resistant AZ91 magnesium alloy with yttrium and calcium",
           "Adding yttrium and calcium raises the ignition temperature of AZ91 magnesium alloy by 200 °C, so it "
           "can be die cast and machined in ordinary shops; licensed for laptop, camera and bicycle parts."),
       patent="KR 10-2022-0167890", ipc=("C22C 23/02",), trl=5, terms=(LIC, JD),
       teaser_en=("A flame-resistant magnesium alloy for consumer products",
                  "A new magnesium alloy that is much harder to ignite, so small shops can cast and machine it "
                  "safely. Composition after an NDA."),
       questions=("Which parts would you make from it, and by which process?",)),
    # --- Seoul National University Natural Fibre and Leather Lab --------------------------------------------
    _l(54, "Seoul National University Natural Fibre and Leather Lab",
       ko=("크롬을 쓰지 않는 무두질 공정",
           "크롬 대신 식물성 탄닌과 알루미늄·지르코늄 복합제를 쓰는 무두질 공정으로, 부드럽고 염색이 잘 되는 "
           "가죽을 만들며 폐수에 중금속이 남지 않습니다."),
       en=("Chrome-free tanning process",
           "A tanning process that replaces chromium with vegetable tannins and an aluminium–zirconium complex, "
           "giving soft, easily dyed leather and waste water free of heavy metals."),
       patent="KR 10-2021-0112345", ipc=("C14C 3/06", "C14C 3/08"), trl=6, terms=(LIC, JD)),
    _l(55, "Seoul National University Natural Fibre and Leather Lab",
       ko=("아마인유·밀랍 기반 식물성 가죽 마감재",
           "아마인유와 밀랍을 바탕으로 한 식물성 마감재로 가죽 표면에 발수성과 은은한 광택을 주며, 휘발성 "
           "유기화합물을 거의 내지 않습니다. 가죽 후가공 공방에서 붓과 스프레이로 쓸 수 있습니다."),
       patent="KR 10-2022-0134890", ipc=("C14C 11/00", "C09D 191/00"), trl=6, terms=(LIC,)),
    _l(56, "Seoul National University Natural Fibre and Leather Lab",
       en=("Bonded leather board from workshop offcuts",
           "A process that turns leather offcuts from shoe and bag workshops into a bonded leather board with "
           "natural latex, for insoles, linings and small leather goods."),
       patent="KR 10-2023-0012398", ipc=("C08L 89/06", "C14B 7/00"), trl=5, terms=(JD,)),
    # --- Meta Alloy Inc. ------------------------------------------------------------------------------------
    _l(57, "Meta Alloy Inc.",
       ko=("변색에 강한 925 실버 합금",
           "925 실버에 게르마늄과 미량 원소를 더해 황화로 인한 변색을 크게 늦춘 은 합금입니다. 기존 주조·세공 "
           "공정을 그대로 쓸 수 있어 주얼리와 식기 공방에 알맞습니다."),
       en=("Tarnish-resistant sterling silver alloy",
           "A sterling silver alloy with germanium and trace elements that greatly slows tarnishing. It casts and "
           "works with existing processes, suited to jewelry and tableware workshops."),
       patent="KR 10-2187654", ipc=("C22C 5/06", "A44C 27/00"), trl=9, terms=(LIC, SALE)),
    _l(58, "Meta Alloy Inc.",
       ko=("파이어스테인이 생기지 않는 은 주조용 합금 그레인",
           "로스트왁스 주조 때 표면 산화막(파이어스테인)이 생기지 않도록 탈산 원소를 배합한 은 주조용 합금 "
           "그레인입니다. 주조 후 연마 시간을 줄여 줍니다."),
       patent="KR 10-2021-0176890", ipc=("C22C 5/06", "B22D 21/00"), trl=8, terms=(SALE, LIC)),
    _l(59, "Meta Alloy Inc.",
       ko=("니켈 없는 14K·18K 화이트 골드 합금",
           "팔라듐과 망간을 조합해 니켈 알레르기 걱정 없이, 로듐 도금을 하지 않아도 흰색이 나는 14K·18K 화이트 "
           "골드 합금입니다."),
       patent="KR 10-2023-0023789", ipc=("C22C 5/02",), trl=6, terms=(LIC,),
       teaser_ko=("로듐 도금이 필요 없는 화이트 골드 합금",
                  "도금 없이도 흰색을 내는 니켈 프리 화이트 골드 합금 기술입니다. 조성은 비밀유지계약 후 "
                  "공개합니다."),
       questions=("월 금 사용량과 주로 만드는 제품을 알려 주세요.",)),
    # --- Brightline Sensors Inc. ----------------------------------------------------------------------------
    _l(60, "Brightline Sensors Inc.",
       en=("Printed temperature sensor for standard screen-printing lines",
           "A carbon-based thermistor ink and electrode layout that print on PET film with ordinary screen "
           "printing, giving ±0.5 °C temperature sensors for packaging and smart labels."),
       patent="US 10,998,765", ipc=("G01K 7/22", "H05K 1/16", "B41M 1/12"), trl=8, terms=(LIC,)),
    _l(61, "Brightline Sensors Inc.",
       en=("Temperature-logging smart label for cold-chain shipments",
           "Combines the printed sensor with an NFC chip into a label that logs temperature during shipping; label "
           "printing shops can make it with one extra assembly step."),
       patent="US 11,675,432", ipc=("G01K 1/024", "G06K 19/077"), trl=7, terms=(LIC,)),
    # --- KAIST Manufacturing Intelligence Lab ---------------------------------------------------------------
    _l(62, "KAIST Manufacturing Intelligence Lab",
       ko=("머신러닝 공구 마모 예측 소프트웨어",
           "주축 전류와 진동 데이터로 엔드밀과 인서트의 마모를 예측해 교체 시점을 알려 주는 소프트웨어입니다. "
           "소규모 가공 공장의 공구비와 불량률을 함께 줄입니다."),
       en=("Machine-learning tool wear prediction",
           "Software that predicts end mill and insert wear from spindle current and vibration data and tells "
           "when to change tools, reducing tool cost and defect rate in small machine shops."),
       patent="KR 10-2022-0101234", ipc=("G05B 19/4065", "G06N 20/00"), trl=6, terms=(JD, LIC)),
    _l(63, "KAIST Manufacturing Intelligence Lab",
       ko=("가공 데이터로 학습한 절삭 조건 추천 시스템",
           "소재, 공구, 기계 정보를 입력하면 과거 가공 데이터를 학습한 모델이 주축 회전수와 이송 속도를 "
           "추천합니다. 숙련공이 부족한 공장에서 초기 조건 설정 시간을 줄입니다."),
       patent="KR 10-2023-0087654", ipc=("G05B 19/4093", "G06N 3/08"), trl=5, terms=(JD,)),
    _l(64, "KAIST Manufacturing Intelligence Lab",
       en=("Acoustic anomaly detection for presses and machining centres",
           "A microphone-based anomaly detector that learns each machine's normal sound and warns of bearing, gear "
           "or cutting tool problems; runs on a small edge computer next to the machine."),
       patent="KR 10-2022-0178123", ipc=("G01H 3/00", "G05B 23/02"), trl=5, terms=(JD,)),
    # --- KITECH Surface Treatment R&D Group -----------------------------------------------------------------
    _l(65, "KITECH Surface Treatment R&D Group",
       ko=("시안화물을 쓰지 않는 금도금 용액",
           "시안화물 대신 아황산 금 착물을 쓰는 금도금 용액으로, 소규모 주얼리 공방에서도 금도금과 로즈 골드 "
           "도금을 안전하게 할 수 있습니다."),
       en=("Cyanide-free gold plating bath",
           "A gold plating bath based on a gold sulphite complex instead of cyanide, so small jewelry workshops "
           "can do gold and rose-gold plating safely."),
       patent="KR 10-2020-0134512", ipc=("C25D 3/48",), trl=8, terms=(LIC,)),
    _l(66, "KITECH Surface Treatment R&D Group",
       ko=("6가 크롬을 대체하는 3가 크롬 도금",
           "6가 크롬 대신 3가 크롬을 쓰는 장식용 크롬 도금 공정으로, 색상과 내식성을 기존 수준으로 유지하면서 "
           "작업자 안전과 폐수 처리 부담을 줄입니다."),
       patent="KR 10-2021-0145987", ipc=("C25D 3/06",), trl=8, terms=(LIC, JD)),
    _l(67, "KITECH Surface Treatment R&D Group",
       ko=("납·카드뮴 없는 무전해 니켈 도금액",
           "납과 카드뮴 안정제를 쓰지 않는 무전해 니켈 도금액으로, 알루미늄과 강 부품에 두께가 균일한 내마모 "
           "도금을 합니다."),
       patent="KR 10-2022-0056734", ipc=("C23C 18/36",), trl=7, terms=(LIC,)),
    _l(68, "KITECH Surface Treatment R&D Group",
       en=("Pulsed hard anodising at 10 °C",
           "A pulsed-current hard anodising process at 10 °C instead of 0 °C that gives 50 µm coatings on "
           "aluminium 6061 and 7075 in a small tank without a large chiller."),
       patent="KR 10-2023-0065432", ipc=("C25D 11/04",), trl=6, terms=(LIC, JD),
       teaser_en=("Hard anodising for small aluminium parts without a big chiller",
                  "A hard anodising process for aluminium that small finishing shops can run in a small tank. "
                  "Process window under NDA."),
       questions=("What tank size and rectifier do you have?", "Which aluminium alloys do you anodise?")),
    # --- Kyoto Institute of Technology Textile Science Lab --------------------------------------------------
    _l(69, "Kyoto Institute of Technology Textile Science Lab",
       en=("Natural dyeing with low-metal mordants",
           "A mordanting method with plant-derived tannins and a small amount of iron that gives naturally dyed "
           "cotton, linen and silk a colour fastness of grade 4."),
       patent="JP 2021-045321 A", ipc=("D06P 1/34", "D06P 3/60"), trl=6, terms=(JD,)),
    _l(70, "Kyoto Institute of Technology Textile Science Lab",
       en=("Antibacterial, UV-protective finish for natural fibres",
           "A chitosan and persimmon-tannin finish for cotton and linen fabric that blocks UV and stays "
           "antibacterial after 30 washes."),
       patent="JP 7034567 B2", ipc=("D06M 15/03", "D06M 13/00"), trl=7, terms=(LIC,)),
    # --- Mook Ink Korea -------------------------------------------------------------------------------------
    _l(71, "Mook Ink Korea",
       ko=("활판 인쇄용 저취 수성 잉크",
           "콩기름과 수용성 수지로 만든 활판 인쇄용 잉크로, 냄새와 휘발성 유기화합물이 거의 없고 물로 "
           "세척됩니다. 두꺼운 코튼지와 한지에도 선명하게 찍힙니다."),
       en=("Low-odour water-washable letterpress ink",
           "A letterpress ink made from soybean oil and water-soluble resins, almost odourless and VOC-free, "
           "washing up with water. It prints crisply on thick cotton paper and hanji."),
       patent="KR 10-2020-0187654", ipc=("C09D 11/06", "C09D 11/102"), trl=9, terms=(LIC, SALE)),
    _l(72, "Mook Ink Korea",
       ko=("리소그래프용 식물성 잉크 카트리지",
           "리소그래프 인쇄기에 쓰는 식물성 잉크 카트리지로, 별색 재현성이 높고 건조가 빨라 진과 포스터를 "
           "번짐 없이 찍을 수 있습니다."),
       patent="KR 10-2022-0067891", ipc=("C09D 11/02",), trl=8, terms=(SALE, LIC)),
    # --- VTT Surface Engineering Team -----------------------------------------------------------------------
    _l(73, "VTT Surface Engineering Team",
       en=("Low-temperature DLC coating for cutting tools and moulds",
           "A diamond-like carbon coating deposited at low temperature that lowers friction on aluminium cutting "
           "tools, punches and mould cores and prevents built-up edge."),
       patent="FI 128765 B", ipc=("C23C 16/26", "C23C 14/06"), trl=7, terms=(LIC, JD)),
    _l(74, "VTT Surface Engineering Team",
       en=("Antibacterial silver-copper coating for handles and tools",
           "A thin PVD coating of silver and copper for door handles, kitchen utensils and hand tools that kills "
           "99.9% of bacteria within an hour."),
       patent="EP 4 012 345 B1", ipc=("C23C 14/16", "A01N 59/16"), trl=6, terms=(LIC,)),
    # --- Daeil Precision Tooling Co. ------------------------------------------------------------------------
    _l(75, "Daeil Precision Tooling Co.",
       ko=("수동 선반용 퀵체인지 공구 홀더",
           "수동 선반의 공구대에 끼워, 공구 높이를 다시 맞출 필요 없이 5초 만에 바이트를 교체하는 퀵체인지 "
           "공구 홀더입니다."),
       patent="KR 10-2098765", ipc=("B23B 29/04",), trl=9, terms=(SALE, LIC)),
    _l(76, "Daeil Precision Tooling Co.",
       ko=("CNC 선반용 소형 공구 프리세터",
           "기계 밖에서 공구 길이와 날 끝 위치를 측정해 CNC 선반의 공구 보정값으로 바로 보내는 소형 "
           "프리세터입니다. 세팅 시간을 절반으로 줄입니다."),
       en=("Compact tool presetter for CNC lathes",
           "A compact presetter that measures tool length and tip position off the machine and sends the offsets "
           "straight to the CNC lathe, halving set-up time."),
       patent="KR 10-2021-0134598", ipc=("B23Q 17/22", "B23B 25/06"), trl=8, terms=(LIC, SALE)),
    _l(77, "Daeil Precision Tooling Co.",
       ko=("CNC 자동 선반용 세라믹 코팅 가이드 부시",
           "CNC 자동 선반의 가이드 부시 마모를 줄이는 세라믹 코팅 구조로, 가늘고 긴 부품의 진원도를 "
           "높입니다."),
       patent="KR 10-2022-0045987", ipc=("B23B 13/12",), trl=7, terms=(LIC,)),
    # --- Lee Sang-hoon --------------------------------------------------------------------------------------
    _l(78, "Lee Sang-hoon",
       ko=("발 스캔으로 깎는 맞춤 구두골",
           "스마트폰으로 발을 3D 스캐닝하고 기존 구두골 데이터를 변형해 소형 CNC 라우터로 맞춤 구두골을 깎는 "
           "방법입니다. 맞춤 구두 제작 기간을 2주가량 줄입니다."),
       patent="KR 10-2021-0098712", ipc=("A43D 1/02", "A43D 3/02"), trl=7, terms=(LIC,)),
    _l(79, "Lee Sang-hoon",
       ko=("치수 입력으로 구두골을 보정하는 소프트웨어",
           "발볼, 발등 높이, 뒤꿈치 폭 같은 치수를 입력하면 구두골 3D 모델을 자동으로 보정해 주는 "
           "소프트웨어로, 제화공이 손으로 가죽을 덧대던 작업을 대신합니다."),
       en=("Software that adjusts shoe lasts from foot measurements",
           "Software that adjusts a 3D shoe last model from measurements such as ball width, instep height and "
           "heel width, replacing the shoemaker's manual build-ups."),
       patent="KR 10-2022-0123789", ipc=("A43D 1/02", "G06F 30/10"), trl=6, terms=(LIC,)),
    # --- Pukyong National University Print Media Engineering Lab --------------------------------------------
    _l(80, "Pukyong National University Print Media Engineering Lab",
       ko=("소형 인쇄소를 위한 간이 색 관리",
           "소형 오프셋 인쇄기와 디지털 인쇄기의 색을 ICC 프로파일과 측색기로 맞추는 간이 색 관리 절차와 교정 "
           "차트입니다. 별색과 CMYK 재현 오차를 줄입니다."),
       ipc=("B41F 33/00", "H04N 1/60"), trl=7, terms=(JD,)),
    _l(81, "Pukyong National University Print Media Engineering Lab",
       ko=("부분 UV 코팅에 넣는 위조 방지 패턴",
           "자외선에서만 보이는 형광 패턴과 열 반응 잉크를 부분 UV 코팅에 섞어 인쇄물과 패키지의 위조를 막는 "
           "기술입니다."),
       en=("Anti-counterfeit patterns in spot UV coating",
           "Adds UV-fluorescent patterns and heat-reactive inks to spot UV coating so printed matter and packaging "
           "can be checked for counterfeits."),
       patent="KR 10-2022-0134123", ipc=("B41M 3/14", "C09D 11/50"), trl=6, terms=(LIC, JD)),
    _l(82, "Pukyong National University Print Media Engineering Lab",
       ko=("식물성 에스터 저VOC 오프셋 잉크",
           "석유계 용제를 식물성 에스터로 바꾼 오프셋 인쇄 잉크로 휘발성 유기화합물 배출을 80% 줄입니다."),
       patent="KR 10-2021-0065478", ipc=("C09D 11/06",), trl=7, terms=(LIC,)),
    # --- ETRI Printed Electronics Team ----------------------------------------------------------------------
    _l(83, "ETRI Printed Electronics Team",
       ko=("실크스크린 설비로 찍는 전도성 잉크 회로",
           "일반 실크스크린 인쇄 설비로 은 나노 잉크를 찍어 PET 필름과 종이 위에 회로를 만드는 공정입니다. "
           "인쇄소가 멤브레인 스위치와 센서 전극을 생산할 수 있습니다."),
       en=("Conductive ink circuits on ordinary screen-printing equipment",
           "A process for screen printing silver nano-ink circuits on PET film and paper with ordinary "
           "screen-printing equipment, so print shops can produce membrane switches and sensor electrodes."),
       patent="KR 10-2021-0145632", ipc=("H05K 3/12", "C09D 11/52"), trl=7, terms=(LIC, JD)),
    _l(84, "ETRI Printed Electronics Team",
       en=("Gravure-printed RFID antennas on paper labels",
           "Roll-to-roll gravure printing of copper-ink RFID antennas on paper labels at 30 m/min, with a sintering "
           "step that fits an existing gravure printing line."),
       patent="KR 10-2022-0098456", ipc=("H01Q 1/22", "H05K 3/12", "B41M 1/10"), trl=6, terms=(LIC,)),
    _l(85, "ETRI Printed Electronics Team",
       ko=("탄소·은 복합 잉크로 인쇄하는 면상 발열 필름",
           "탄소·은 복합 잉크를 스크린 인쇄해 만드는 두께 0.2mm의 면상 발열 필름으로, 의류, 자동차 시트, 소형 "
           "가전에 넣을 수 있습니다."),
       patent="KR 10-2023-0045123", ipc=("H05B 3/20", "H05B 3/34"), trl=5, terms=(JD, LIC),
       teaser_ko=("인쇄 방식으로 만드는 얇은 발열 필름",
                  "인쇄 공정으로 만드는 얇은 발열 필름 기술로, 의류와 생활용품에 넣을 수 있습니다. 세부 사항은 "
                  "비밀유지계약 후 공개합니다."),
       questions=("발열 필름을 적용하려는 제품과 예상 수량을 알려 주세요.",)),
    # --- Nordic Alloy Oy ------------------------------------------------------------------------------------
    _l(86, "Nordic Alloy Oy",
       en=("High-strength aluminium alloy from 90% recycled scrap",
           "A 6000-series aluminium alloy made from 90% post-consumer scrap that reaches 350 MPa yield strength "
           "after ageing and extrudes and machines like aluminium 6061."),
       patent="EP 3 789 012 B1", ipc=("C22C 21/08", "C22F 1/05"), trl=8, terms=(LIC,)),
    _l(87, "Nordic Alloy Oy",
       en=("Recycled aluminium that anodises evenly",
           "Trace-element control for recycled aluminium so that anodised surfaces stay even in colour, for "
           "visible parts of electronics and furniture."),
       patent="FI 130123 B", ipc=("C22C 21/00", "C25D 11/04"), trl=7, terms=(LIC,)),
    # --- Hwang Jun-seok -------------------------------------------------------------------------------------
    _l(88, "Hwang Jun-seok",
       ko=("소형 오프셋 인쇄기 정합 보조 가이드",
           "소형 오프셋 인쇄기의 급지부에 다는 보조 가이드로, 종이가 들어갈 때 위치를 바로잡아 다색 인쇄의 "
           "정합 오차를 0.1mm 이내로 줄입니다."),
       patent="KR 10-2287654", ipc=("B41F 21/14",), trl=8, terms=(LIC, SALE)),
    _l(89, "Hwang Jun-seok",
       ko=("박 가공기 열판 온도 균일화 장치",
           "박 가공기 열판의 온도 편차를 줄이는 히터 배치로, 넓은 면적의 금박도 얼룩 없이 찍을 수 있습니다."),
       patent="KR 10-2022-0112987", ipc=("B41F 19/06",), trl=7, terms=(LIC, SALE)),
    # --- Hanyang University Industry-University Cooperation Foundation --------------------------------------
    _l(90, "Hanyang University Industry-University Cooperation Foundation",
       ko=("회전수에 따라 예압을 바꾸는 주축 베어링 구조",
           "주축 회전수에 따라 베어링 예압을 유압으로 바꿔 고속에서는 발열을, 저속에서는 떨림을 줄이는 주축 "
           "구조입니다."),
       patent="KR 10-2020-0123876", ipc=("B23Q 1/26", "F16C 25/06"), trl=5, terms=(LIC,)),
    _l(91, "Hanyang University Industry-University Cooperation Foundation",
       ko=("다이오드 레이저 국부 표면 경화",
           "다이오드 레이저로 금형과 기계 부품의 필요한 부위만 경화해 열변형 없이 경도 HRC 58을 얻는 표면 경화 "
           "기술입니다."),
       en=("Local laser surface hardening with a diode laser",
           "Local laser surface hardening that brings only the needed areas of moulds and machine parts to 58 HRC "
           "hardness without distortion."),
       patent="KR 10-2021-0167234", ipc=("C21D 1/09", "B23K 26/352"), trl=6, terms=(LIC,)),
    _l(92, "Hanyang University Industry-University Cooperation Foundation",
       en=("MEMS accelerometer module for machine monitoring",
           "A low-cost three-axis MEMS accelerometer module with on-board FFT for monitoring spindle vibration on "
           "machine tools, sized for retrofit on older machines."),
       patent="KR 10-2022-0154321", ipc=("G01P 15/08", "G01H 11/06"), trl=6, terms=(LIC,)),
    _l(93, "Hanyang University Industry-University Cooperation Foundation",
       ko=("절삭력을 재는 무선 스마트 공구 홀더",
           "홀더 안에 변형 게이지와 무선 송신부를 넣어 밀링 중 절삭력과 공구 이상을 실시간으로 측정하는 스마트 "
           "공구 홀더입니다."),
       patent="KR 10-2023-0056123", ipc=("B23Q 17/09", "B23C 5/26"), trl=4, terms=(LIC, JD),
       teaser_ko=("공작기계용 지능형 공구 홀더",
                  "가공 중 공구에 걸리는 힘을 재는 공구 홀더 기술입니다. 세부 구조는 비밀유지계약 후 "
                  "공개합니다."),
       questions=("사용하는 머시닝 센터의 주축 규격(BT30, BT40 등)을 알려 주세요.",)),
    # --- Choi Mi-ra -----------------------------------------------------------------------------------------
    _l(94, "Choi Mi-ra",
       ko=("한 손으로 여닫는 목걸이·팔찌 잠금장치",
           "목걸이와 팔찌를 한 손으로 여닫을 수 있는 자석·걸쇠 복합 잠금장치 실용신안입니다. 925 실버와 금으로 "
           "주조해 쓸 수 있습니다."),
       patent="KR 20-2022-0001234", ipc=("A44C 5/20",), trl=8, terms=(LIC, SALE)),
    _l(95, "Choi Mi-ra",
       ko=("일정한 힘에 풀리는 안전 목걸이 잠금장치",
           "일정 이상의 힘이 걸리면 저절로 풀리는 안전 분리형 목걸이 잠금장치로, 어린이용 주얼리와 사원증 줄에 "
           "쓸 수 있습니다."),
       en=("Breakaway safety clasp for necklaces",
           "A breakaway necklace clasp that releases above a set pull force, for children's jewelry and "
           "lanyards."),
       patent="KR 20-2023-0000456", ipc=("A44C 5/20",), trl=7, terms=(LIC,)),
    # --- Seoul National University R&DB Foundation ----------------------------------------------------------
    _l(96, "Seoul National University R&DB Foundation",
       ko=("머시닝 센터에서 하는 알루미늄 마찰교반용접",
           "회전 공구로 알루미늄 판재를 녹이지 않고 접합하는 마찰교반용접을 일반 머시닝 센터에서 할 수 있게 "
           "하는 공구와 지그 기술입니다."),
       en=("Friction stir welding of aluminium on a machining centre",
           "Tooling and jigs that let an ordinary machining centre perform friction stir welding, joining "
           "aluminium sheet without melting it."),
       patent="KR 10-2020-0165432", ipc=("B23K 20/12",), trl=6, terms=(LIC, JD)),
    _l(97, "Seoul National University R&DB Foundation",
       ko=("구리·알루미늄 박판 초음파 금속 용접",
           "얇은 구리와 알루미늄 판을 초음파로 접합해 배터리 탭과 버스바를 만드는 장치와 공정입니다."),
       patent="KR 10-2021-0187123", ipc=("B23K 20/10",), trl=6, terms=(LIC,)),
    _l(98, "Seoul National University R&DB Foundation",
       en=("Vision-based defect inspection for machined parts",
           "A machine vision and deep-learning system that inspects burrs, scratches and missing features on "
           "machined parts on a small conveyor, trainable from 50 sample images."),
       patent="KR 10-2022-0134678", ipc=("G06T 7/00", "G01N 21/88"), trl=6, terms=(LIC, JD)),
    _l(99, "Seoul National University R&DB Foundation",
       ko=("저독성 유기산 전해액을 쓰는 스테인리스 전해 연마",
           "인산·황산 대신 저독성 유기산 전해액으로 스테인리스강 부품을 전해 연마하는 공정입니다. 의료·식품 "
           "부품의 표면 거칠기를 낮춥니다."),
       patent="KR 10-2022-0165789", ipc=("C25F 3/24",), trl=6, terms=(LIC,)),
    # --- Sumbi Textile Co. ----------------------------------------------------------------------------------
    _l(100, "Sumbi Textile Co.",
        ko=("울 촉감의 재생 폴리에스터 원사",
            "페트병에서 뽑은 재생 폴리에스터를 특수 가연 공정으로 가공해 울처럼 부드럽고 따뜻한 촉감을 내는 "
            "원사입니다. 니트웨어와 직물 모두에 쓸 수 있습니다."),
        en=("Wool-like recycled polyester yarn",
            "A recycled-polyester yarn spun from PET bottles and textured so that it feels soft and warm like "
            "wool. Suitable for knitwear and woven fabric."),
        patent="KR 10-2021-0156789", ipc=("D02G 1/02", "D01F 6/62"), trl=9, terms=(LIC, SALE)),
    _l(101, "Sumbi Textile Co.",
        ko=("재생 폴리에스터 원사의 저온 염색",
            "재생 폴리에스터 원사를 100℃ 이하에서 캐리어 없이 염색하는 공정으로, 염색 에너지를 30% 줄입니다."),
        patent="KR 10-2022-0145098", ipc=("D06P 3/54",), trl=7, terms=(LIC,)),
    # --- more offers from the same holders ------------------------------------------------------------------
    _l(102, "Seoul National University R&DB Foundation",
       en=("Lightweight MES for job shops with fewer than 20 machines",
           "A lightweight MES for small job shops: work orders, machine status from clamp-on sensors and lot "
           "traceability on tablets, the first step of a smart factory without a large IT budget."),
       patent="KR 10-2023-0034987", ipc=("G05B 19/418", "G06Q 50/04"), trl=7, terms=(LIC,)),
    _l(103, "KAIST Additive Manufacturing Lab",
       ko=("금속 3D 프린팅 부품의 서포트 제거 후처리",
           "전해 연마와 화학 에칭을 결합해 금속 3D 프린팅 부품의 서포트와 거친 표면을 한 번에 제거하는 후처리 "
           "공정입니다."),
       patent="KR 10-2022-0176345", ipc=("B22F 10/62", "C25F 3/16"), trl=5, terms=(JD,)),
    _l(104, "Aalto University Digital Fabrication Lab",
       en=("Overnight 3D-printed embossing plates and cutting dies for leather",
           "Resin-printed embossing plates and cutting dies for leather goods, made overnight for runs of up to "
           "300 pieces, so a leather workshop can try a new pattern without ordering steel dies."),
       ipc=("B44B 5/02", "B26F 1/44"), trl=5, terms=(JD,)),
    _l(105, "Georgia Tech Sewn Products Automation Lab",
       en=("Automatic nesting of pattern pieces for small cutting rooms",
           "Nesting software that places garment pattern pieces on fabric with grain-line and plaid-matching rules, "
           "saving about 8% of fabric in marker making for small cutting rooms."),
       patent="US 11,120,456", ipc=("A41H 3/00", "G06Q 10/04"), trl=7, terms=(LIC,)),
    _l(106, "Kyoto Institute of Technology Textile Science Lab",
       en=("Low-temperature indigo vat dyeing with plant-based reducing agents",
           "An indigo vat with plant-based reducing agents that dyes at low temperature and works for silk and "
           "wool as well as cotton, without sodium hydrosulphite."),
       patent="JP 2022-167890 A", ipc=("D06P 1/22",), trl=5, terms=(JD,),
       teaser_en=("A gentler indigo dyeing process for silk and wool",
                  "An indigo dyeing method that protects delicate fibres and avoids harsh chemicals. Details "
                  "under NDA."),
       questions=("Which fibres and volumes do you dye?",)),
    _l(107, "Warpwise Textiles Inc.",
       en=("Conductive embroidery thread for textile circuits",
           "A stainless-steel and polyester blended thread that computerised embroidery machines can stitch into "
           "garments to form low-resistance circuits for heating and sensing."),
       patent="US 11,789,012", ipc=("D02G 3/44", "D05C 17/00"), trl=7, terms=(LIC, SALE)),
    _l(108, "KITECH Surface Treatment R&D Group",
       ko=("도금 세척수에서 금·은을 회수하는 소형 장치",
           "주얼리 도금 공방의 세척수에서 금과 은을 이온교환 수지로 회수하는 소형 장치로, 귀금속 손실과 폐수 "
           "처리 비용을 줄입니다."),
       en=("Small unit recovering gold and silver from plating rinse water",
           "A small ion-exchange unit that recovers gold and silver from the rinse water of jewelry plating "
           "workshops, cutting precious-metal losses and waste-water costs."),
       patent="KR 10-2022-0098765", ipc=("C22B 11/00", "C02F 1/42"), trl=7, terms=(LIC, SALE)),
    _l(109, "Meta Alloy Inc.",
       en=("Age-hardened fine silver that stays 99.9% pure",
           "A micro-alloyed fine silver that keeps 99.9% purity but is three times harder after ageing, so fine "
           "silver rings and chains keep their shape."),
       patent="KR 10-2022-0156123", ipc=("C22C 5/06", "C22F 1/14"), trl=7, terms=(LIC, SALE)),
    _l(110, "Daeil Precision Tooling Co.",
       en=("Three-jaw chuck with one-minute soft-jaw change",
           "A three-jaw chuck for CNC lathes whose soft jaws are swapped in under a minute and bored once, for "
           "small-batch turning."),
       patent="KR 10-2023-0023456", ipc=("B23B 31/16",), trl=7, terms=(SALE, LIC)),
    _l(111, "Hanyang University Machine Tool Dynamics Lab",
       ko=("볼스크류 백래시를 보정해 노후 밀링 머신의 정밀도 회복",
           "볼스크류 백래시와 리니어 가이드 마모를 측정해 CNC 컨트롤러의 보정 테이블을 자동으로 만드는 "
           "기술로, 20년 된 밀링 머신의 위치 정밀도를 신품에 가깝게 회복합니다."),
       patent="KR 10-2023-0078123", ipc=("G05B 19/404", "B23Q 17/22"), trl=5, terms=(JD,),
       teaser_ko=("노후 밀링 머신의 가공 정밀도를 되살리는 보정 기술",
                  "오래된 밀링 머신의 위치 정밀도를 측정과 보정으로 회복하는 기술입니다. 방법은 비밀유지계약 후 "
                  "공개합니다."),
       questions=("보정하려는 장비의 연식과 컨트롤러를 알려 주세요.",)),
    _l(33, "Aalto University Digital Fabrication Lab",
       en=("Robotic wire-arc additive manufacturing for large metal parts",
           "Wire-arc additive manufacturing with a welding robot and MIG torch that builds large steel and "
           "aluminium parts near net shape, followed by finish machining; for furniture frames, brackets and "
           "sculpture."),
       ipc=("B23K 9/04", "B33Y 10/00"), trl=5, terms=(JD,)),
)

# Listing ``tech-NNN`` is the NNN-th row, so its doc id after a fresh demo is ``t:NNN``.
LISTINGS: tuple[ListingSpec, ...] = tuple(sorted(_LISTINGS, key=lambda spec: spec.external_ref))

# --- organisations and their profiles ---------------------------------------------------------------------------

# Where the Korean labs and companies sit (ISO 3166-2); makers and Seoul companies are KR-11.
_KR_REGIONS = {
    "KAIST": "KR-30", "KIMM": "KR-30", "ETRI": "KR-30", "KITECH": "KR-44", "Pukyong": "KR-26",
}  # fmt: skip

_MAKER_SEEKS = {
    "machine_metal": [
        ("오래된 CNC 선반과 밀링 머신에 붙일 수 있는 센서와 스마트 공장 리트로핏 기술, 그리고 시제품 가공을 "
         "맡길 스타트업을 찾습니다.",
         "Looking for sensor and smart-factory retrofit technology for our older CNC lathes and milling "
         "machines, and for startups that need prototype machining."),
        ("세팅 시간을 줄이는 지그·클램핑 기술의 라이선스와, 정밀 가공 물량을 맡길 해외 바이어를 찾습니다.",
         "Looking for a licence on jig and clamping technology that cuts set-up time, and for overseas buyers "
         "with precision machining work."),
        ("새로운 합금과 표면 처리 기술을 함께 시험해 볼 연구소와 공동 개발을 하고 싶고, 금형·가공 외주를 맡길 "
         "고객을 찾습니다.",
         "We want joint development with labs on new alloys and surface treatments, and customers for mould "
         "making and machining work."),
    ],
    "shoes_leather": [
        ("크롬을 쓰지 않는 친환경 가죽 가공 기술과 발 스캔으로 만드는 맞춤 구두골 기술을 찾습니다.",
         "Looking for chrome-free leather processing and foot-scan based custom shoe last technology."),
        ("소량 맞춤 주문을 맡길 해외 편집숍과 브랜드, 신발에 넣을 센서를 개발하는 연구소와의 협업을 "
         "찾습니다.",
         "Looking for overseas select shops and brands with small custom orders, and labs developing sensors "
         "for footwear."),
        ("레이저 재단 자동화와 가죽 후가공 기술을 배우고 싶고, 가죽 소품 OEM 물량을 찾습니다.",
         "We want to learn laser cutting automation and leather finishing techniques, and are looking for OEM "
         "orders of small leather goods."),
    ],
    "jewelry": [
        ("주조 기공을 줄이는 정밀 주조 기술과 변색에 강한 은 합금 라이선스를 찾습니다.",
         "Looking for precision casting know-how that reduces porosity and a licence for a tarnish-resistant "
         "silver alloy."),
        ("3D 프린팅 왁스 원형과 주얼리 CAD로 협업할 디자이너·스타트업과 해외 바이어를 찾습니다.",
         "Looking for designers and startups to work with on 3D-printed wax models and jewelry CAD, and for "
         "overseas buyers."),
        ("시안화물을 쓰지 않는 저독성 도금 기술과 PVD 코팅을 도입하고 싶습니다.",
         "We want to adopt low-toxicity, cyanide-free plating and PVD coating."),
    ],
    "printing": [
        ("냄새가 적은 수성 잉크와 친환경 코팅 기술, 색 관리 자문을 찾습니다.",
         "Looking for low-odour water-based inks, eco-friendly coatings and advice on colour management."),
        ("전도성 잉크 같은 인쇄 전자 분야로 넓힐 수 있는 기술 이전과, 소량 인쇄를 맡길 출판사와 브랜드를 "
         "찾습니다.",
         "Looking for technology transfer into printed electronics such as conductive inks, and for publishers "
         "and brands with short print runs."),
        ("소형 오프셋 인쇄기의 정합을 개선하는 장치와 후가공 자동화 기술을 찾습니다.",
         "Looking for devices that improve register on small offset presses and for finishing automation."),
    ],
    "sewing": [
        ("발열·센싱 기능을 넣는 전도성 원사 기술과 스마트 의류를 개발하는 스타트업을 찾습니다.",
         "Looking for conductive-yarn technology for heating and sensing garments, and for startups developing "
         "smart clothing."),
        ("재생 원사와 천연 염색 기술, 그리고 소량 생산을 맡길 해외 브랜드를 찾습니다.",
         "Looking for recycled yarns and natural dyeing technology, and for overseas brands with small "
         "production runs."),
        ("원단 재단과 봉제 자동화, 비전 검사 기술을 도입하고 싶습니다.",
         "We want to adopt automation for fabric cutting and sewing, and vision inspection."),
    ],
    "electronics": [
        ("인쇄형 센서와 유연 전자 기술, 그리고 하드웨어 스타트업의 PCB 시제품 물량을 찾습니다.",
         "Looking for printed sensors and flexible electronics, and for PCB prototype work from hardware "
         "startups."),
        ("소량 SMT와 케이블 하네스 작업을 맡길 스타트업과 예지 보전 센서 기술 파트너를 찾습니다.",
         "Looking for startups with small SMT and cable-harness jobs, and for partners in predictive-maintenance "
         "sensors."),
    ],
}

_LAB_SEEKS = [
    ("연구 성과를 제품으로 만들 제조 파트너와 현장 실증을 함께할 서울의 공방을 찾습니다.",
     "Looking for manufacturing partners to turn our research into products, and Seoul workshops to test it in "
     "real production."),
    ("공동 개발과 기술 이전에 관심 있는 중소 제조업체와 스타트업을 찾습니다.",
     "Looking for small manufacturers and startups interested in joint development and technology transfer."),
]
_IP_SEEKS = [
    ("특허 기술을 실제 생산에 쓸 라이선스 파트너와 제조 공방을 찾습니다.",
     "Looking for licensees and workshops that will use our patented technology in production."),
    ("기술을 사업화할 제조업체와, 특허 매입이나 라이선스에 관심 있는 기업을 찾습니다.",
     "Looking for manufacturers to commercialise the technology, and companies interested in buying or "
     "licensing the patents."),
]

_BUYER_KINDS = {
    "importer": ("수입업체", "importer"), "distributor": ("유통업체", "distributor"),
    "select_shop": ("편집숍", "select shop"), "boutique": ("부티크", "boutique"),
    "museum_shop": ("뮤지엄 숍", "museum shop"),
}  # fmt: skip
_GOODS_KO = {
    "shoes_leather": "수제 가죽 제품", "jewelry": "파인 주얼리", "machine_metal": "정밀 금속 부품",
    "printing": "인쇄 문구", "sewing": "소량 의류", "electronics": "전자 조립품",
}  # fmt: skip
_COUNTRY_KO = {
    "JP": "일본", "US": "미국", "FR": "프랑스", "DE": "독일", "GB": "영국", "VN": "베트남", "CN": "중국",
    "SG": "싱가포르", "AU": "호주", "CA": "캐나다", "IT": "이탈리아", "TH": "태국", "TW": "대만", "NL": "네덜란드",
    "FI": "핀란드",
}  # fmt: skip


def _pick(options: list, name: str):
    """A stable choice for an organisation (the same on every run and machine)."""
    return options[zlib.crc32(name.encode()) % len(options)]


def _join_ko(items: list[str]) -> str:
    return ", ".join(items)


def region_of(org: dict) -> str:
    """The region of a demo organisation: a Seoul subdivision code, another Korean province, or its country."""
    if org["country"] != "KR":
        return org["country"]
    for key, code in _KR_REGIONS.items():
        if org["name"].startswith(key):
            return code
    return "KR-11"


def profile_texts(org: dict) -> dict:
    """The profile of one demo organisation: ``{"lang", "texts": {lang: {title, offer, seek}}, "region"}``.

    ``org`` has ``name``, ``name_ko``, ``kind``, ``country``, ``city``, ``cluster_code``, ``industry`` (makers),
    ``capabilities`` (English, makers) and ``about`` (``{lang: text}``) — as the demo generators give them, or
    as read back from the database.
    """
    from i18n import vocabularies
    from market.demo import content

    name, name_ko = org["name"], org.get("name_ko") or org["name"]
    about = org.get("about") or {}
    kind = org["kind"]
    titles = {"ko": name_ko, "en": name}
    if kind == "maker":
        cap_ko = {en: ko for caps in content._CAPABILITIES.values() for en, ko in caps}
        # As stored (vocabulary ids, the organisation's own words for the rest) whether the generator's English
        # names or the database's values come in, then named in each language.
        stored = vocabularies.clean_list("capabilities", org.get("capabilities") or [])
        known = vocabularies.vocabulary("capabilities").by_code
        caps_en = [vocabularies.label("capabilities", c, "en")[0] if c in known else c for c in stored]
        caps_ko = [vocabularies.label("capabilities", c, "ko")[0] if c in known else cap_ko.get(c, c)
                   for c in stored]
        seek_ko, seek_en = _pick(_MAKER_SEEKS.get(org.get("industry") or "", _MAKER_SEEKS["machine_metal"]), name)
        offer = {
            "ko": f"{about.get('ko', '')} 주요 기술: {_join_ko(caps_ko)}.".strip(),
            "en": f"{about.get('en', '')} Capabilities: {', '.join(caps_en)}.".strip(),
        }
        seek = {"ko": seek_ko, "en": seek_en}
        lang = "ko"
    elif kind == "buyer":
        entry = next((b for b in content._BUYERS if b[0] == name), None)
        interests = list(entry[5]) if entry else []
        kind_ko, kind_en = _BUYER_KINDS.get(entry[4] if entry else "", ("바이어", "buyer"))
        goods_en = " and ".join(content._GOODS[i] for i in interests) or "Korean-made goods"
        goods = [_GOODS_KO[i] for i in interests] or ["한국산 제품"]
        goods_ko = "".join(content._j(g, "와/과") + " " for g in goods[:-1]) + goods[-1]
        country_ko = _COUNTRY_KO.get(org["country"], org["country"])
        where = f"{country_ko} {org.get('city') or ''}".strip()
        offer = {
            "en": about.get("en", ""),
            "ko": f"{content._j(name, '은/는')} {where}의 {content._j(kind_ko, '으로/로')} "
                  f"{content._j(goods_ko, '을/를')} 수입해 판매합니다.",
        }
        seek = {
            "en": f"Looking for Seoul makers of {goods_en} who can export in small quantities, as a {kind_en} "
                  f"in {org.get('city') or org['country']}.",
            "ko": f"소량으로 수출할 수 있는 서울의 {goods_ko} 제조업체를 찾습니다.",
        }
        lang = "en"
    elif kind in ("ip_holder", "lab"):
        offer = {lang_: text for lang_, text in about.items() if lang_ in ("ko", "en")}
        seek_ko, seek_en = _pick(_LAB_SEEKS if kind == "lab" else _IP_SEEKS, name)
        seek = {"ko": seek_ko, "en": seek_en}
        lang = "ko" if org["country"] == "KR" else "en"
    else:  # startup
        entry = next((s for s in content._STARTUPS if s[0] == name), None)
        if entry is not None:
            offer = {"en": entry[4], "ko": entry[5]}
            seek = {"en": f"Looking for a maker to build our prototype: {entry[6]}",
                    "ko": f"시제품을 만들어 줄 제조 파트너를 찾습니다: {entry[7]}"}
        else:
            offer = {lang_: text for lang_, text in about.items() if lang_ in ("ko", "en")}
            seek = {"en": "Looking for a maker to build our prototype.", "ko": "시제품을 만들어 줄 제조 파트너를 찾습니다."}
        lang = "ko" if org["country"] == "KR" else "en"
    texts = {
        lang_: {"title": titles[lang_], "offer": offer.get(lang_, ""), "seek": seek.get(lang_, "")}
        for lang_ in ("ko", "en")
        if offer.get(lang_) or seek.get(lang_)
    }
    return {"lang": lang, "texts": texts, "region": region_of(org)}


def demo_orgs(seed: int = DEMO_SEED) -> list[dict]:
    """The demo organisations in the order ``seoulmade demo`` creates them (ids 1, 2, … on a fresh database)."""
    from market.accounts.services import slugify
    from market.demo import content

    rng = random.Random(seed)
    industries = {c["code"]: c["industry"] for c in content.CLUSTERS}
    orgs: list[dict] = []
    for m in content.generate_makers(rng):
        orgs.append({"name": m["name_en"], "name_ko": m["name_ko"], "kind": "maker", "country": "KR",
                     "city": "Seoul", "cluster_code": m["cluster_code"], "industry": industries[m["cluster_code"]],
                     "capabilities": m["capabilities"], "about": {"ko": m["story_ko"], "en": m["story_en"]}})
    for b in content.generate_buyers(rng):
        orgs.append({"name": b["name"], "name_ko": None, "kind": "buyer", "country": b["country"],
                     "city": b["city"], "cluster_code": None, "about": {"en": b["about_en"]}})
    for t in content.generate_tech_holders(rng):
        orgs.append({"name": t["name"], "name_ko": t["name_ko"], "kind": t["kind"], "country": t["country"],
                     "city": None, "cluster_code": None, "about": {"en": t["about_en"], "ko": t["about_ko"]}})
    for s in content.generate_startups(rng):
        orgs.append({"name": s["name"], "name_ko": s["name_ko"], "kind": "startup", "country": s["country"],
                     "city": None, "cluster_code": None,
                     "about": {"en": f"{s['about_en']} {s['prototype_need_en']}",
                               "ko": f"{s['about_ko']} {s['prototype_need_ko']}"}})
    taken: set[str] = set()
    for number, org in enumerate(orgs, start=1):
        org["id"] = number
        base = slugify(org["name"])
        slug, n = base, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        taken.add(slug)
        org["slug"] = slug
    return orgs


def profile_ref(slug: str) -> str:
    """The external ref of a demo organisation's profile."""
    return f"org:{slug}"


def listing_owner(spec: ListingSpec, orgs_by_name: dict[str, dict], holders: list[dict]) -> dict:
    """The organisation that owns ``spec``: the named one, else (another seed) a stable pick among IP holders and
    labs, so every listing stays a real record."""
    org = orgs_by_name.get(spec.owner)
    if org is not None and org["kind"] in ("ip_holder", "lab"):
        return org
    return _pick(holders, spec.external_ref)


def demo_docs() -> list[MatchDoc]:
    """Every demo profile and listing as the MatchDocs :func:`matching.services.load_docs` gives after a fresh
    ``seoulmade demo`` (same doc ids, texts, tags and content hashes)."""
    from matching.services.docs import build_listing_doc, build_profile_doc, suggest_tags

    orgs = demo_orgs()
    docs: list[MatchDoc] = []
    for org in orgs:
        profile = profile_texts(org)
        tags = suggest_tags({lang: t["offer"] for lang, t in profile["texts"].items()})
        docs.append(build_profile_doc(
            profile_id=org["id"], org_id=org["id"], kind=org["kind"], lang=profile["lang"],
            texts=profile["texts"], tags=tags, region=profile["region"], cluster=org.get("cluster_code"),
            external_ref=profile_ref(org["slug"])))
    by_name = {org["name"]: org for org in orgs}
    holders = [org for org in orgs if org["kind"] in ("ip_holder", "lab")]
    for number, spec in enumerate(LISTINGS, start=1):
        owner = listing_owner(spec, by_name, holders)
        docs.append(build_listing_doc(
            listing_id=number, org_id=owner["id"], kind=owner["kind"], lang=spec.lang,
            title=spec.title, abstract=spec.abstract, teaser_title=spec.teaser_title, teaser=spec.teaser,
            nda_required=spec.nda_required, tags=listing_tags(spec), region=region_of(owner),
            trl=spec.trl, license_terms=spec.license_terms, ipc=spec.ipc, external_ref=spec.external_ref))
    return docs


def listing_tags(spec: ListingSpec) -> tuple[str, ...]:
    """Glossary concepts named in a listing's title and abstract, or behind an NDA in its teaser (what a holder
    would accept as its public tags)."""
    from matching.services.docs import listing_tags as tags_of

    texts = {lang: {"title": spec.title[lang], "abstract": spec.abstract[lang],
                    "teaser_title": spec.teaser_title.get(lang, ""), "teaser": spec.teaser.get(lang, "")}
             for lang in spec.title}
    return tags_of(texts, spec.nda_required)
