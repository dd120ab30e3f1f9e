"""The realistic demo content of Made in Seoul: clusters, makers, buyers, IP holders, labs and startups.

This module owns the words and numbers that ``seoulmade demo`` puts in the database. It is pure data and
generation (standard library only, no database, no Flask); every generator takes a ``random.Random`` and
draws all of its randomness from it, so the same seed always gives the same content.
"""

from __future__ import annotations

import random
import re

from market.clusters import reference_clusters

STAFF: dict[str, dict[str, str]] = {
    "curator": {"email": "curator@madeinseoul.demo", "name": "Kim Ji-won"},
    "admin": {"email": "admin@madeinseoul.demo", "name": "Park Min-seo"},
    "assoc_staff": {"email": "association@madeinseoul.demo", "name": "Lee Seo-yeon"},
    "trade_chair": {"email": "shoe-chair@madeinseoul.demo", "name": "Jung Dae-ho"},
    "city_viewer": {"email": "city@madeinseoul.demo", "name": "Choi Eun-ji"},
}

# The clusters are reference data every installation gets with its migrations (market/clusters.json).
CLUSTERS: list[dict] = reference_clusters()

_CLUSTERS_BY_CODE = {c["code"]: c for c in CLUSTERS}

DISTRICTS_KO = {
    "Seongsu 1-ga 1-dong": "성수1가1동",
    "Seongsu 1-ga 2-dong": "성수1가2동",
    "Seongsu 2-ga 1-dong": "성수2가1동",
    "Seongsu 2-ga 3-dong": "성수2가3동",
    "Jongno 2-ga": "종로2가",
    "Jongno 3-ga": "종로3가",
    "Myo-dong": "묘동",
    "Gwonnong-dong": "권농동",
    "Bongik-dong": "봉익동",
    "Donui-dong": "돈의동",
    "Waryong-dong": "와룡동",
    "Mullae-dong 1-ga": "문래동1가",
    "Mullae-dong 2-ga": "문래동2가",
    "Mullae-dong 3-ga": "문래동3가",
    "Mullae-dong 4-ga": "문래동4가",
    "Euljiro 3-ga": "을지로3가",
    "Euljiro 4-ga": "을지로4가",
    "Inhyeon-dong 2-ga": "인현동2가",
    "Chungmuro 4-ga": "충무로4가",
    "Supyo-dong": "수표동",
    "Gwanghui-dong": "광희동",
    "Sindang-dong": "신당동",
    "Euljiro 6-ga": "을지로6가",
    "Euljiro 7-ga": "을지로7가",
    "Changsin 1-dong": "창신1동",
    "Changsin 2-dong": "창신2동",
    "Changsin 3-dong": "창신3동",
    "Sungin 1-dong": "숭인1동",
    "Jangwi 1-dong": "장위1동",
    "Jangwi 2-dong": "장위2동",
    "Jangwi 3-dong": "장위3동",
    "Seokgwan-dong": "석관동",
    "Doksan 1-dong": "독산1동",
    "Doksan 2-dong": "독산2동",
    "Doksan 3-dong": "독산3동",
    "Doksan 4-dong": "독산4동",
    "Guro 3-dong": "구로3동",
    "Gasan-dong": "가산동",
    "Garibong-dong": "가리봉동",
}

_MAKER_WEIGHTS = {
    "seongsu": 30,
    "jongno": 16,
    "bongik": 14,
    "mullae": 26,
    "euljiro": 12,
    "dongdaemun": 14,
    "changsin": 16,
    "jangwi": 8,
    "doksan": 8,
    "guro-geumcheon": 10,
}

_MIN_MAKERS_PER_CLUSTER = 3

_FOUNDED = {
    "seongsu": (1968, 2022, 1990),
    "jongno": (1965, 2021, 1984),
    "bongik": (1968, 2022, 1992),
    "mullae": (1965, 2020, 1980),
    "euljiro": (1965, 2021, 1982),
    "dongdaemun": (1968, 2022, 1995),
    "changsin": (1972, 2022, 1990),
    "jangwi": (1978, 2022, 1996),
    "doksan": (1978, 2022, 1996),
    "guro-geumcheon": (1985, 2022, 2008),
}

_LOCAL_PREFIXES = {
    "seongsu": [("성수", "Seongsu"), ("뚝섬", "Ttukseom"), ("서울숲", "Seoul Forest")],
    "jongno": [("종로", "Jongno"), ("종묘", "Jongmyo")],
    "bongik": [("봉익", "Bongik"), ("종로", "Jongno")],
    "mullae": [("문래", "Mullae"), ("영등포", "Yeongdeungpo")],
    "euljiro": [("을지", "Eulji"), ("충무", "Chungmu"), ("청계", "Cheonggye")],
    "dongdaemun": [("동대문", "Dongdaemun"), ("평화", "Pyeonghwa"), ("청계", "Cheonggye")],
    "changsin": [("창신", "Changsin"), ("낙산", "Naksan")],
    "jangwi": [("장위", "Jangwi"), ("성북", "Seongbuk")],
    "doksan": [("독산", "Doksan"), ("금천", "Geumcheon")],
    "guro-geumcheon": [("구로", "Guro"), ("가산", "Gasan")],
}

_PREFIXES = [
    ("한빛", "Hanbit"),
    ("대성", "Daesung"),
    ("동아", "Dong-A"),
    ("삼화", "Samhwa"),
    ("세진", "Sejin"),
    ("우리", "Woori"),
    ("명품", "Myungpum"),
    ("장인", "Jangin"),
    ("신흥", "Shinheung"),
    ("태광", "Taekwang"),
    ("영진", "Youngjin"),
    ("금강", "Kumkang"),
    ("제일", "Jeil"),
    ("동양", "Dongyang"),
    ("미래", "Mirae"),
    ("하나", "Hana"),
    ("새한", "Saehan"),
    ("진성", "Jinsung"),
    ("보성", "Bosung"),
    ("은하", "Eunha"),
    ("청운", "Cheongun"),
    ("다온", "Daon"),
    ("한결", "Hangyeol"),
    ("늘품", "Neulpum"),
    ("일신", "Ilshin"),
    ("대원", "Daewon"),
    ("서진", "Seojin"),
    ("유진", "Yujin"),
    ("한성", "Hansung"),
    ("성진", "Sungjin"),
    ("광명", "Kwangmyung"),
    ("가람", "Garam"),
    ("소담", "Sodam"),
    ("바른", "Bareun"),
    ("새솔", "Saesol"),
    ("두리", "Duri"),
    ("온누리", "Onnuri"),
    ("한울", "Hanul"),
    ("동신", "Dongshin"),
    ("삼원", "Samwon"),
]

_SUFFIX_EN = {
    "": "",
    "공방": "Workshop",
    "상사": "Trading",
    "산업": "Industrial",
    "공업": "Industries",
    "사": "Co.",
    "소": "",
    "스튜디오": "Studio",
    "아틀리에": "Atelier",
}

_TRADES = {
    "shoes_leather": [
        ("제화", "Shoes", ["", "공방", "상사"]),
        ("수제화", "Handmade Shoes", ["", "공방"]),
        ("피혁", "Leather", ["", "상사", "산업"]),
        ("가죽", "Leather", ["공방", "스튜디오"]),
        ("레더", "Leather", ["", "스튜디오", "아틀리에"]),
        ("슈즈", "Shoes", ["", "아틀리에"]),
        ("구두", "Shoemakers", [""]),
    ],
    "jewelry": [
        ("주얼리", "Jewelry", ["", "공방", "스튜디오", "아틀리에"]),
        ("귀금속", "Fine Jewelry", ["", "상사"]),
        ("금세공", "Goldsmiths", ["", "공방"]),
        ("실버", "Silver", ["", "공방", "스튜디오"]),
        ("보석", "Gems", ["", "상사"]),
        ("세공", "Metalsmiths", ["", "공방"]),
        ("캐스팅", "Casting", ["", "공업"]),
    ],
    "machine_metal": [
        ("정밀", "Precision", ["", "공업", "산업"]),
        ("금속", "Metal", ["", "공업", "산업"]),
        ("기계", "Machinery", ["", "공업", "산업"]),
        ("정공", "Precision Engineering", [""]),
        ("금형", "Mould", ["", "공업"]),
        ("철공소", "Ironworks", [""]),
        ("테크", "Tech", [""]),
        ("용접", "Welding", ["", "공업"]),
    ],
    "printing": [
        ("인쇄", "Printing", ["", "사", "소"]),
        ("프린팅", "Printing Studio", [""]),
        ("활판공방", "Letterpress", [""]),
        ("제본", "Bindery", ["", "사", "소"]),
        ("프레스", "Press", ["", "스튜디오"]),
        ("지업", "Paper", ["사"]),
        ("기획인쇄", "Print Works", [""]),
    ],
    "sewing": [
        ("봉제", "Sewing", ["", "사", "산업"]),
        ("니트", "Knit", ["", "산업", "공방"]),
        ("어패럴", "Apparel", [""]),
        ("패션", "Fashion", ["", "산업"]),
        ("자수", "Embroidery", ["", "공방"]),
        ("텍스타일", "Textile", ["", "스튜디오"]),
        ("섬유", "Textiles", ["", "산업"]),
        ("샘플실", "Sample Room", [""]),
    ],
    "electronics": [
        ("전자", "Electronics", ["", "산업"]),
        ("일렉트로닉스", "Electronics", [""]),
        ("전기", "Electric", ["", "산업"]),
        ("테크", "Tech", [""]),
        ("시스템", "Systems", [""]),
        ("이엔지", "Engineering", [""]),
        ("솔루션", "Solutions", [""]),
    ],
}

_NOUNS = {
    "shoes_leather": ("workshop", "공방"),
    "jewelry": ("workshop", "공방"),
    "machine_metal": ("machine shop", "공장"),
    "printing": ("print shop", "인쇄소"),
    "sewing": ("sewing workshop", "봉제 공장"),
    "electronics": ("electronics workshop", "회사"),
}

_CAPABILITIES = {
    "shoes_leather": [
        ("hand-lasted shoes", "수작업 라스팅 구두"),
        ("Goodyear welting", "굿이어 웰트 제법"),
        ("Blake stitching", "블레이크 제법"),
        ("cement construction", "시멘팅 제법"),
        ("vegetable-tanned leather goods", "베지터블 가죽 제품"),
        ("pattern making", "패턴 제작"),
        ("upper stitching", "갑피 재봉"),
        ("last making", "구두골 제작"),
        ("hand-dyed patina finishing", "수작업 파티나 염색"),
        ("leather bag making", "가죽 가방 제작"),
        ("edge finishing", "가죽 엣지 마감"),
        ("sole replacement and repair", "밑창 교체와 수선"),
        ("laser leather cutting", "레이저 가죽 재단"),
    ],
    "jewelry": [
        ("lost-wax casting", "로스트 왁스 주조"),
        ("stone setting", "스톤 세팅"),
        ("18K gold fabrication", "18K 금 세공"),
        ("3D-printed wax models", "3D 프린팅 왁스 원형"),
        ("hand engraving", "핸드 인그레이빙"),
        ("sterling silver work", "925 실버 세공"),
        ("rhodium plating", "로듐 도금"),
        ("laser welding", "레이저 용접"),
        ("mirror polishing", "경면 연마"),
        ("chain making", "체인 제작"),
        ("jewelry CAD design", "주얼리 CAD 디자인"),
        ("enamel work", "칠보 작업"),
    ],
    "machine_metal": [
        ("CNC milling", "CNC 밀링"),
        ("CNC turning", "CNC 선반 가공"),
        ("5-axis machining", "5축 가공"),
        ("wire EDM", "와이어 방전 가공"),
        ("sheet metal bending", "판금 절곡"),
        ("laser cutting", "레이저 절단"),
        ("TIG welding", "TIG 용접"),
        ("mould making", "금형 제작"),
        ("surface grinding", "평면 연삭"),
        ("jig and fixture making", "지그·치구 제작"),
        ("metal spinning", "스피닝 가공"),
        ("powder coating", "분체 도장"),
        ("prototype machining", "시제품 가공"),
        ("anodizing", "아노다이징"),
    ],
    "printing": [
        ("offset printing", "오프셋 인쇄"),
        ("letterpress", "활판 인쇄"),
        ("risograph", "리소그래프 인쇄"),
        ("foil stamping", "박 가공"),
        ("book binding", "제본"),
        ("embossing", "형압 가공"),
        ("screen printing", "실크스크린 인쇄"),
        ("die cutting", "톰슨 가공"),
        ("digital short-run printing", "디지털 소량 인쇄"),
        ("spot UV coating", "부분 UV 코팅"),
        ("thread-sewn binding", "사철 제본"),
        ("packaging prototypes", "패키지 샘플 제작"),
    ],
    "sewing": [
        ("pattern grading", "패턴 그레이딩"),
        ("knitwear", "니트 편직"),
        ("small-batch garment sewing", "소량 의류 봉제"),
        ("embroidery", "자수"),
        ("sample making", "샘플 제작"),
        ("overlock finishing", "오버로크 마감"),
        ("knit linking", "니트 링킹"),
        ("cutting and marking", "재단과 마킹"),
        ("trims and fastenings", "부자재 부착"),
        ("computerised flat knitting", "컴퓨터 횡편기 편직"),
        ("seam taping", "심실링 테이프 작업"),
        ("bag and pouch sewing", "가방·파우치 봉제"),
    ],
    "electronics": [
        ("PCB assembly", "PCB 조립"),
        ("SMT", "SMT 실장"),
        ("cable harnesses", "케이블 하네스 제작"),
        ("firmware prototyping", "펌웨어 시제품 개발"),
        ("through-hole soldering", "수삽 납땜"),
        ("circuit design", "회로 설계"),
        ("enclosure fitting", "케이스 조립"),
        ("functional testing", "기능 검사"),
        ("small-lot box build", "소량 완제품 조립"),
        ("sensor integration", "센서 연동"),
        ("wireless module integration", "무선 모듈 적용"),
        ("rework and repair", "리워크와 수리"),
    ],
}

_MATERIALS = {
    "shoes_leather": [
        "calfskin",
        "vegetable-tanned cowhide",
        "suede",
        "cordovan",
        "lambskin",
        "leather soles",
        "rubber soles",
        "cork filler",
    ],
    "jewelry": [
        "sterling silver",
        "14K gold",
        "18K gold",
        "platinum",
        "brass",
        "cubic zirconia",
        "freshwater pearls",
        "lab-grown diamonds",
    ],
    "machine_metal": [
        "aluminium 6061",
        "stainless steel 304",
        "S45C carbon steel",
        "brass",
        "tool steel (SKD11)",
        "titanium",
        "copper",
        "mild steel sheet",
    ],
    "printing": [
        "uncoated paper",
        "art paper",
        "kraft board",
        "hanji (Korean mulberry paper)",
        "cotton paper",
        "soy-based inks",
        "metallic foil",
        "greyboard",
    ],
    "sewing": [
        "cotton",
        "linen",
        "wool yarn",
        "cashmere blend",
        "polyester",
        "denim",
        "jersey knit",
        "nylon taffeta",
    ],
    "electronics": [
        "FR-4 PCB",
        "SMD components",
        "silicone wire",
        "ABS housings",
        "lithium-ion cells",
        "copper cable",
        "flex PCB",
    ],
}

_MIN_ORDERS = {
    "shoes_leather": [10, 20, 30, 50, 100],
    "jewelry": [5, 10, 20, 30, 50],
    "machine_metal": [1, 5, 10, 50, 100, 500],
    "printing": [50, 100, 200, 300, 500, 1000],
    "sewing": [30, 50, 100, 200, 300],
    "electronics": [10, 50, 100, 250, 500, 1000],
}

_LEAD_TIMES = {
    "shoes_leather": [14, 21, 28, 35, 45],
    "jewelry": [7, 10, 14, 21, 30],
    "machine_metal": [5, 7, 10, 14, 21],
    "printing": [3, 5, 7, 10, 14],
    "sewing": [10, 14, 21, 30],
    "electronics": [14, 21, 30, 45],
}

_PRODUCTS = {
    "shoes_leather": [
        ("men's oxford shoes", "남성 옥스퍼드화"),
        ("women's pumps", "여성 펌프스"),
        ("bespoke shoes", "맞춤 수제화"),
        ("Chelsea boots", "첼시 부츠"),
        ("leather sneakers", "가죽 스니커즈"),
        ("leather bags", "가죽 가방"),
        ("small leather goods", "가죽 소품"),
        ("dance shoes", "댄스화"),
        ("loafers", "로퍼"),
        ("wedding shoes", "웨딩 슈즈"),
    ],
    "jewelry": [
        ("wedding rings", "결혼반지"),
        ("gold necklaces", "금목걸이"),
        ("silver earrings", "은 귀걸이"),
        ("signet rings", "시그닛 반지"),
        ("pendants", "펜던트"),
        ("bracelets", "팔찌"),
        ("brooches", "브로치"),
        ("engagement rings", "약혼반지"),
        ("first-birthday gold rings", "돌반지"),
        ("cufflinks", "커프스 단추"),
    ],
    "machine_metal": [
        ("machined aluminium parts", "알루미늄 가공 부품"),
        ("stainless-steel brackets", "스테인리스 브래킷"),
        ("drive shafts", "구동 샤프트"),
        ("custom jigs", "맞춤 지그"),
        ("injection moulds", "사출 금형"),
        ("steel furniture frames", "철제 가구 프레임"),
        ("replacement machine parts", "기계 교체 부품"),
        ("electronics enclosures", "전자기기 케이스"),
        ("press dies", "프레스 금형"),
        ("gears", "기어"),
    ],
    "printing": [
        ("posters", "포스터"),
        ("business cards", "명함"),
        ("art books", "아트북"),
        ("catalogues", "카탈로그"),
        ("wedding invitations", "청첩장"),
        ("notebooks", "노트"),
        ("packaging boxes", "포장 상자"),
        ("independent magazines", "독립 잡지"),
        ("labels", "라벨"),
        ("calendars", "달력"),
    ],
    "sewing": [
        ("shirts", "셔츠"),
        ("dresses", "원피스"),
        ("knit sweaters", "니트 스웨터"),
        ("T-shirts", "티셔츠"),
        ("jackets", "재킷"),
        ("trousers", "바지"),
        ("children's clothing", "아동복"),
        ("tote bags", "토트백"),
        ("uniforms", "유니폼"),
        ("cardigans", "카디건"),
    ],
    "electronics": [
        ("control boards", "제어 보드"),
        ("sensor modules", "센서 모듈"),
        ("LED drivers", "LED 드라이버"),
        ("power supplies", "전원 공급 장치"),
        ("wiring harnesses", "배선 하네스"),
        ("IoT devices", "IoT 기기"),
        ("audio amplifiers", "오디오 앰프"),
        ("test equipment", "테스트 장비"),
        ("Bluetooth modules", "블루투스 모듈"),
    ],
}

_SKILLS = {
    "shoes_leather": [
        (
            "lasting every pair by hand over wooden lasts carved on site",
            "직접 깎은 나무 골에 한 켤레씩 손으로 갑피를 씌우는 작업",
        ),
        (
            "hand-welted soles that can be replaced for decades",
            "수십 년 동안 밑창을 갈아 신을 수 있는 손 웰트 제법",
        ),
        (
            "antique patina finishes brushed on layer by layer",
            "붓으로 여러 겹 덧칠해 내는 앤티크 파티나 마감",
        ),
        ("fitting difficult feet from a plaster cast", "석고 본을 떠서 까다로운 발에 꼭 맞추는 솜씨"),
        ("saddle stitching sewn entirely by hand", "처음부터 끝까지 손으로 꿰매는 새들 스티치"),
    ],
    "jewelry": [
        (
            "setting tiny pavé stones under the microscope",
            "현미경 아래에서 작은 파베 스톤을 하나하나 물리는 세팅",
        ),
        ("casting fine filigree without porosity", "기공 없이 섬세한 세선 장식을 주조하는 기술"),
        (
            "engraving letters and patterns inside rings by hand",
            "반지 안쪽에 글자와 문양을 손으로 새기는 조각",
        ),
        (
            "turning a designer's sketch into a wax model in a day",
            "디자이너의 스케치를 하루 만에 왁스 원형으로 만드는 속도",
        ),
        (
            "restoring old family pieces exactly as they were",
            "오래된 집안 패물을 원래 모습 그대로 되살리는 솜씨",
        ),
    ],
    "machine_metal": [
        (
            "holding tolerances of a few microns on small parts",
            "작은 부품에서도 수 마이크로미터 공차를 맞추는 정밀도",
        ),
        ("turning around one-off prototypes overnight", "단품 시제품을 하룻밤 사이에 깎아 내는 대응 속도"),
        (
            "copying parts for machines nobody makes any more",
            "더 이상 생산되지 않는 기계의 부품을 그대로 복제하는 능력",
        ),
        ("clean TIG welds on thin stainless steel", "얇은 스테인리스에도 깔끔하게 남기는 TIG 용접"),
        (
            "building jigs so that small batches repeat exactly",
            "소량 생산도 똑같이 반복되도록 만드는 지그 설계",
        ),
    ],
    "printing": [
        ("deep letterpress impressions on thick cotton paper", "두꺼운 코튼지에 깊게 눌러 찍는 활판 인쇄"),
        (
            "matching spot colours by eye on an old Heidelberg press",
            "오래된 하이델베르크 인쇄기에서 눈으로 맞추는 별색 조색",
        ),
        (
            "foil and emboss combinations that other shops turn down",
            "다른 곳에서 거절하는 박과 형압의 복합 가공",
        ),
        (
            "printing runs of fifty as carefully as runs of fifty thousand",
            "50부든 5만 부든 똑같이 꼼꼼하게 찍는 태도",
        ),
        ("hand-sewn bindings for artists' books", "작가들의 아트북을 위한 수작업 실 제본"),
    ],
    "sewing": [
        (
            "turning a rough sketch into a first sample within a week",
            "대략적인 스케치를 일주일 안에 첫 샘플로 만드는 속도",
        ),
        ("sewing silk and fine knits without puckering", "실크나 얇은 니트도 울지 않게 박는 솜씨"),
        (
            "grading patterns across a full size range in-house",
            "전체 사이즈 패턴 그레이딩을 자체적으로 해내는 능력",
        ),
        (
            "knitting seamless pieces on computerised flat-bed machines",
            "컴퓨터 횡편기로 봉제선 없는 니트를 짜내는 기술",
        ),
        ("taking orders as small as thirty pieces", "30장 같은 소량 주문도 마다하지 않는 유연함"),
    ],
    "electronics": [
        (
            "hand-soldering fine-pitch parts that machines struggle with",
            "기계로 다루기 어려운 미세 피치 부품을 손으로 납땜하는 기술",
        ),
        (
            "taking a breadboard prototype to a tested PCB in two weeks",
            "브레드보드 시제품을 2주 만에 검증된 PCB로 만드는 속도",
        ),
        (
            "test jigs that check every board before it ships",
            "출하 전 모든 기판을 검사하는 자체 제작 테스트 지그",
        ),
        (
            "neat, clearly labelled cable harnesses for small machines",
            "소형 기계를 위한 깔끔하고 표시가 분명한 케이블 하네스",
        ),
        (
            "keeping obsolete boards running for factory customers",
            "공장 고객의 단종된 기판을 계속 쓸 수 있게 살려 내는 수리 능력",
        ),
    ],
}

_CUSTOMERS = {
    "shoes_leather": [
        ("independent shoe brands in Seoul", "서울의 독립 구두 브랜드"),
        ("department-store labels", "백화점 입점 브랜드"),
        ("customers who order bespoke pairs in person", "직접 찾아와 맞춤 구두를 주문하는 손님"),
        ("leather-goods designers", "가죽 소품 디자이너"),
        ("select shops in Japan", "일본의 편집숍"),
    ],
    "jewelry": [
        ("retail jewellers along Jongno", "종로 일대의 귀금속 소매점"),
        ("young designer brands selling online", "온라인에서 판매하는 신진 디자이너 브랜드"),
        ("couples ordering wedding rings", "결혼반지를 맞추는 예비부부"),
        ("wholesalers from across the country", "전국의 도매상"),
        ("gallery shops", "갤러리 숍"),
    ],
    "machine_metal": [
        ("start-ups building their first prototypes", "첫 시제품을 만드는 스타트업"),
        ("larger factories in Gyeonggi Province", "경기도의 중견 제조 공장"),
        ("university research labs", "대학 연구실"),
        ("furniture and lighting designers", "가구·조명 디자이너"),
        ("industrial machine repair shops", "산업기계 수리 업체"),
    ],
    "printing": [
        ("independent publishers", "독립 출판사"),
        ("design studios", "디자인 스튜디오"),
        ("museums and galleries", "미술관과 갤러리"),
        ("cafés ordering menus and packaging", "메뉴판과 포장재를 주문하는 카페"),
        ("illustrators selling art prints", "아트 프린트를 판매하는 일러스트레이터"),
    ],
    "sewing": [
        ("Dongdaemun wholesale shops", "동대문 도매 상가"),
        ("young fashion brands", "신진 패션 브랜드"),
        ("online clothing stores", "온라인 의류 쇼핑몰"),
        ("theatre costume designers", "무대 의상 디자이너"),
        ("outdoor-gear start-ups", "아웃도어 용품 스타트업"),
    ],
    "electronics": [
        ("hardware start-ups", "하드웨어 스타트업"),
        ("factory-automation integrators", "공장 자동화 업체"),
        ("university labs", "대학 연구실"),
        ("medical-device developers", "의료기기 개발사"),
        ("audio equipment makers", "음향기기 제조사"),
    ],
}

_SURNAMES = [
    ("김", "Kim", 6),
    ("이", "Lee", 5),
    ("박", "Park", 4),
    ("최", "Choi", 2),
    ("정", "Jung", 2),
    ("강", "Kang", 1),
    ("조", "Cho", 1),
    ("윤", "Yoon", 1),
    ("장", "Jang", 1),
    ("임", "Lim", 1),
    ("한", "Han", 1),
    ("오", "Oh", 1),
    ("서", "Seo", 1),
    ("신", "Shin", 1),
    ("권", "Kwon", 1),
    ("황", "Hwang", 1),
    ("안", "Ahn", 1),
    ("송", "Song", 1),
    ("류", "Ryu", 1),
    ("홍", "Hong", 1),
]

_OLDER_GIVEN = [
    ("영수", "Young-soo", "m"),
    ("정호", "Jeong-ho", "m"),
    ("광수", "Gwang-su", "m"),
    ("상철", "Sang-cheol", "m"),
    ("태식", "Tae-sik", "m"),
    ("병철", "Byung-cheol", "m"),
    ("만수", "Man-su", "m"),
    ("재석", "Jae-seok", "m"),
    ("동수", "Dong-su", "m"),
    ("기남", "Gi-nam", "m"),
    ("순자", "Sun-ja", "f"),
    ("명숙", "Myeong-suk", "f"),
    ("경희", "Kyung-hee", "f"),
    ("옥순", "Ok-sun", "f"),
    ("미경", "Mi-kyung", "f"),
    ("영희", "Young-hee", "f"),
    ("정숙", "Jeong-suk", "f"),
]

_YOUNGER_GIVEN = [
    ("지현", "Ji-hyun", "f"),
    ("수빈", "Su-bin", "f"),
    ("서연", "Seo-yeon", "f"),
    ("민지", "Min-ji", "f"),
    ("혜진", "Hye-jin", "f"),
    ("은정", "Eun-jeong", "f"),
    ("유나", "Yu-na", "f"),
    ("하은", "Ha-eun", "f"),
    ("현우", "Hyun-woo", "m"),
    ("도윤", "Do-yoon", "m"),
    ("재훈", "Jae-hoon", "m"),
    ("성민", "Seong-min", "m"),
    ("동욱", "Dong-wook", "m"),
    ("준호", "Jun-ho", "m"),
    ("지훈", "Ji-hoon", "m"),
    ("태윤", "Tae-yoon", "m"),
]

_STAFF_WEIGHTS = [8, 14, 16, 15, 13, 10, 8, 6, 4]

_NON_HANGUL_FINAL = {"0": 21, "1": 8, "3": 16, "6": 1, "7": 8, "8": 8, "L": 8, "M": 16, "N": 4, "R": 8}


def _final_consonant(word: str) -> int:
    last = word.rstrip()[-1]
    if "가" <= last <= "힣":
        return (ord(last) - 0xAC00) % 28
    return _NON_HANGUL_FINAL.get(last.upper(), 0)


def _j(word: str, pair: str) -> str:
    """``word`` with the particle of ``pair`` ("을/를", "이/가", "은/는", "와/과", "으로/로") that fits it."""
    with_final, without_final = pair.split("/")
    final = _final_consonant(word)
    if pair == "으로/로":
        return word + (with_final if final and final != 8 else without_final)
    if pair == "와/과":
        return word + ("과" if final else "와")
    return word + (with_final if final else without_final)


def _person(rng: random.Random, given_names: list[tuple[str, str, str]], surname=None):
    ko_s, en_s = surname or rng.choices([(k, e) for k, e, _ in _SURNAMES], [w for *_, w in _SURNAMES])[0]
    ko_g, en_g, gender = rng.choice(given_names)
    return {
        "ko": ko_s + ko_g,
        "en": f"{en_s} {en_g}",
        "given_ko": ko_g,
        "given_en": en_g,
        "gender": gender,
        "surname": (ko_s, en_s),
    }


def _allocate_makers(count: int) -> dict[str, int]:
    codes = [c["code"] for c in CLUSTERS]
    by_weight = sorted(codes, key=lambda c: -_MAKER_WEIGHTS[c])
    alloc = dict.fromkeys(codes, 0)
    if count < _MIN_MAKERS_PER_CLUSTER * len(codes):
        for i in range(count):
            alloc[by_weight[i % len(codes)]] += 1
        return alloc
    rest = count - _MIN_MAKERS_PER_CLUSTER * len(codes)
    total = sum(_MAKER_WEIGHTS.values())
    quotas = {c: rest * _MAKER_WEIGHTS[c] / total for c in codes}
    for c in codes:
        alloc[c] = _MIN_MAKERS_PER_CLUSTER + int(quotas[c])
    leftover = count - sum(alloc.values())
    for c in sorted(codes, key=lambda c: (-(quotas[c] - int(quotas[c])), by_weight.index(c)))[:leftover]:
        alloc[c] += 1
    return alloc


def _name_key(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", name.lower())


def _maker_name(rng, industry, cluster_code, founder, district, used_ko, used_en) -> tuple[str, str]:
    for _ in range(80):
        roll = rng.random()
        if roll < 0.2:
            prefix = rng.choice(_LOCAL_PREFIXES[cluster_code])
        elif roll < 0.3:
            prefix = (founder["given_ko"], founder["given_en"].replace("-", "").title())
        else:
            prefix = rng.choice(_PREFIXES)
        trade_ko, trade_en, suffixes = rng.choice(_TRADES[industry])
        suffix = rng.choice(suffixes)
        ko = prefix[0] + trade_ko + suffix
        en = " ".join(part for part in (prefix[1], trade_en, _SUFFIX_EN[suffix]) if part)
        if ko not in used_ko and _name_key(en) not in used_en:
            return ko, en
    base_ko, base_en = ko, en
    district_ko = DISTRICTS_KO[district]
    ko, en = f"{base_ko}({district_ko})", f"{base_en} ({district})"
    n = 2
    while ko in used_ko or _name_key(en) in used_en:
        ko, en = f"{base_ko}({district_ko} {n}호)", f"{base_en} ({district} No. {n})"
        n += 1
    return ko, en


def _story(rng, industry, cluster, district, year, staff, founder) -> tuple[str, str]:
    noun_en, noun_ko = _NOUNS[industry]
    district_ko = DISTRICTS_KO[district]
    (a_en, a_ko), (b_en, b_ko) = rng.sample(_PRODUCTS[industry], 2)
    skill_en, skill_ko = rng.choice(_SKILLS[industry])
    (c1_en, c1_ko), (c2_en, c2_ko) = rng.sample(_CUSTOMERS[industry], 2)
    f_en, f_ko = founder["en"], founder["ko"]
    apprentice = rng.randint(5, 15)
    en: list[str] = []
    ko: list[str] = []

    opening = ["apprentice", "since", "combined_make", "combined_since"]
    if year < 1995:
        opening += ["second_generation", "second_generation"]
    if year >= 2005:
        opening.append("trained_locally")
    style = rng.choice(opening)
    if style == "apprentice":
        en.append(
            f"{f_en} opened the {noun_en} in {district} in {year} after {apprentice} years as an apprentice."
        )
        ko.append(
            f"{f_ko} 대표는 {apprentice}년간의 견습 생활을 마치고 {year}년 {district_ko}에 "
            f"{_j(noun_ko, '을/를')} 열었습니다."
        )
    elif style == "since":
        en.append(f"Founded in {year} by {f_en}, the {noun_en} has been in {district} ever since.")
        ko.append(
            f"{year}년 {f_ko} 대표가 세운 이 {_j(noun_ko, '은/는')} 그때부터 줄곧 {district_ko}에서 "
            f"자리를 지키고 있습니다."
        )
    elif style == "second_generation":
        child = _person(rng, _YOUNGER_GIVEN, founder["surname"])
        rel_en, rel_ko = ("son", "아들") if child["gender"] == "m" else ("daughter", "딸")
        en.append(
            f"{f_en} started the {noun_en} in {district} in {year}; today the founder's {rel_en} "
            f"{child['en']} runs it as the second generation."
        )
        ko.append(
            f"{year}년 {f_ko} 대표가 {district_ko}에서 시작한 {_j(noun_ko, '을/를')} 지금은 창업주의 "
            f"{rel_ko} {child['ko']} 씨가 2대째 이어 운영하고 있습니다."
        )
    elif style == "trained_locally":
        en.append(
            f"{f_en} trained in one of the neighbourhood's older {noun_en}s before setting up on their own "
            f"in {district} in {year}."
        )
        ko.append(
            f"{f_ko} 대표는 동네의 오래된 {noun_ko}에서 기술을 익힌 뒤 {year}년 {district_ko}에서 "
            f"독립했습니다."
        )
    elif style == "combined_make":
        en.append(f"{f_en} founded the {noun_en} in {district} in {year} to make {a_en} and {b_en}.")
        ko.append(
            f"{f_ko} 대표는 {_j(a_ko, '와/과')} {_j(b_ko, '을/를')} 만들기 위해 {year}년 {district_ko}에 "
            f"{_j(noun_ko, '을/를')} 세웠습니다."
        )
    else:
        en.append(f"Since {year}, {f_en}'s {noun_en} in {district} has been making {a_en} and {b_en}.")
        ko.append(
            f"{district_ko}의 이 {_j(noun_ko, '은/는')} {year}년부터 {f_ko} 대표의 손으로 "
            f"{_j(a_ko, '와/과')} {_j(b_ko, '을/를')} 만들어 왔습니다."
        )

    if not style.startswith("combined"):
        if staff == 1:
            en.append(f"Working alone, the owner makes {a_en} and {b_en}.")
            ko.append(f"대표 혼자서 {_j(a_ko, '와/과')} {_j(b_ko, '을/를')} 만듭니다.")
        else:
            made = rng.randrange(3)
            if made == 0:
                en.append(f"A team of {staff} now makes {a_en} and {b_en}.")
                ko.append(f"현재 {staff}명이 함께 {_j(a_ko, '와/과')} {_j(b_ko, '을/를')} 만듭니다.")
            elif made == 1:
                en.append(f"Its main products are {a_en} and {b_en}.")
                ko.append(f"주력 제품은 {_j(a_ko, '와/과')} {b_ko}입니다.")
            else:
                en.append(f"With {staff} people at the bench, it turns out {a_en} as well as {b_en}.")
                ko.append(f"{staff}명의 직원이 {_j(a_ko, '은/는')} 물론 {b_ko}까지 만들어 냅니다.")

    skill = rng.randrange(4)
    if skill == 0:
        en.append(f"Its particular strength is {skill_en}.")
        ko.append(f"이곳의 가장 큰 강점은 {skill_ko}입니다.")
    elif skill == 1:
        en.append(f"What sets it apart is {skill_en}.")
        ko.append(f"다른 곳과 구별되는 점은 {skill_ko}입니다.")
    elif skill == 2:
        en.append(f"Regular clients come back for {skill_en}.")
        ko.append(f"단골 거래처들이 다시 찾는 이유는 {skill_ko}입니다.")
    else:
        en.append(f"In {cluster['name_en']} the {noun_en} is known for {skill_en}.")
        ko.append(
            f"{cluster['name_ko']}에서 이 {_j(noun_ko, '은/는')} {_j(skill_ko, '으로/로')} "
            "이름이 나 있습니다."
        )

    sold = rng.randrange(3)
    if sold == 0:
        en.append(f"Most of its orders come from {c1_en} and {c2_en}.")
        ko.append(f"주문은 대부분 {_j(c1_ko, '와/과')} {_j(c2_ko, '이/가')} 맡깁니다.")
    elif sold == 1:
        en.append(f"Its customers are mainly {c1_en} and {c2_en}.")
        ko.append(f"주요 고객은 {_j(c1_ko, '와/과')} {c2_ko}입니다.")
    else:
        en.append(
            f"It works for {c1_en} and {c2_en}, and has recently started taking small orders from abroad."
        )
        ko.append(f"{c1_ko}, {c2_ko} 등과 거래하며, 최근에는 해외 소량 주문도 받기 시작했습니다.")
    return " ".join(en), " ".join(ko)


def generate_makers(rng: random.Random, count: int = 160) -> list[dict]:
    """``count`` workshops spread over every cluster (at least three each once ``count`` allows it)."""
    allocation = _allocate_makers(count)
    codes = [code for code, n in allocation.items() for _ in range(n)]
    rng.shuffle(codes)
    used_ko: set[str] = set()
    used_en: set[str] = set()
    makers = []
    for code in codes:
        cluster = _CLUSTERS_BY_CODE[code]
        industry = cluster["industry"]
        district = rng.choice(cluster["districts"])
        lo, hi, mode = _FOUNDED[code]
        year = round(rng.triangular(lo, hi, mode))
        founder = _person(rng, _OLDER_GIVEN if year < 1995 else _YOUNGER_GIVEN)
        staff = rng.choices(range(1, 10), _STAFF_WEIGHTS)[0]
        name_ko, name_en = _maker_name(rng, industry, code, founder, district, used_ko, used_en)
        used_ko.add(name_ko)
        used_en.add(_name_key(name_en))
        story_en, story_ko = _story(rng, industry, cluster, district, year, staff, founder)
        capabilities = rng.sample(_CAPABILITIES[industry], rng.randint(3, 6))
        makers.append(
            {
                "name_ko": name_ko,
                "name_en": name_en,
                "cluster_code": code,
                "district": district,
                "founded_year": year,
                "staff_count": staff,
                "story_en": story_en,
                "story_ko": story_ko,
                "capabilities": [en for en, _ in capabilities],
                "capabilities_ko": [ko for _, ko in capabilities],
                "materials": rng.sample(_MATERIALS[industry], rng.randint(2, 4)),
                "min_order": rng.choice(_MIN_ORDERS[industry]),
                "lead_time_days": rng.choice(_LEAD_TIMES[industry]),
            }
        )
    return makers


_COUNTRY_NAMES = {
    "JP": "Japan",
    "US": "the United States",
    "FR": "France",
    "DE": "Germany",
    "GB": "the United Kingdom",
    "VN": "Vietnam",
    "CN": "China",
    "SG": "Singapore",
    "AU": "Australia",
    "CA": "Canada",
    "IT": "Italy",
    "TH": "Thailand",
    "TW": "Taiwan",
    "NL": "the Netherlands",
}

_BUYERS = [
    (
        "Kobe Leather Select Co., Ltd.",
        "神戸レザーセレクト株式会社",
        "JP",
        "Kobe",
        "select_shop",
        ["shoes_leather"],
    ),
    (
        "Kyoto Kogei Trading Co., Ltd.",
        "京都工芸商事株式会社",
        "JP",
        "Kyoto",
        "importer",
        ["jewelry", "printing"],
    ),
    (
        "Tokyo Machikoba Supply Inc.",
        "株式会社東京町工場サプライ",
        "JP",
        "Tokyo",
        "distributor",
        ["machine_metal", "electronics"],
    ),
    ("Osaka Knit Works Co., Ltd.", "大阪ニットワークス株式会社", "JP", "Osaka", "importer", ["sewing"]),
    ("Fukuoka Paper & Print Store", "福岡ペーパー&プリントストア", "JP", "Fukuoka", "boutique", ["printing"]),
    (
        "Kanazawa Museum Shop Hikari",
        "金沢ミュージアムショップ ひかり",
        "JP",
        "Kanazawa",
        "museum_shop",
        ["jewelry", "printing"],
    ),
    (
        "Nagoya Seimitsu Shoji Co., Ltd.",
        "名古屋精密商事株式会社",
        "JP",
        "Nagoya",
        "distributor",
        ["machine_metal"],
    ),
    ("Hudson & Pine Goods", None, "US", "New York", "boutique", ["shoes_leather", "printing"]),
    ("Lakeshore Museum Store", None, "US", "Chicago", "museum_shop", ["jewelry", "printing"]),
    ("Cascade Hardware Supply Inc.", None, "US", "Seattle", "distributor", ["machine_metal", "electronics"]),
    ("Mission Street Makers", None, "US", "San Francisco", "select_shop", ["jewelry", "sewing"]),
    ("Austin Craft Imports LLC", None, "US", "Austin", "importer", ["shoes_leather", "sewing"]),
    ("Pacific Rim Components Inc.", None, "US", "Los Angeles", "distributor", ["electronics"]),
    ("Maison Lumière Paris", None, "FR", "Paris", "boutique", ["jewelry"]),
    ("Galerie du Canal SARL", None, "FR", "Paris", "museum_shop", ["printing", "jewelry"]),
    ("Atelier Rhône Import", None, "FR", "Lyon", "importer", ["sewing", "shoes_leather"]),
    ("Papeterie Vauban", None, "FR", "Lille", "boutique", ["printing"]),
    ("Werkhaus Berlin GmbH", None, "DE", "Berlin", "select_shop", ["machine_metal", "printing"]),
    ("Hanse Handwerk Import GmbH", None, "DE", "Hamburg", "importer", ["shoes_leather", "sewing"]),
    (
        "Schwabentechnik Vertrieb GmbH",
        None,
        "DE",
        "Stuttgart",
        "distributor",
        ["machine_metal", "electronics"],
    ),
    ("Museumsladen am Main", None, "DE", "Frankfurt", "museum_shop", ["jewelry", "printing"]),
    ("Northcote & Lyle Ltd", None, "GB", "London", "boutique", ["shoes_leather"]),
    ("Shoreditch Makers Store Ltd", None, "GB", "London", "select_shop", ["printing", "jewelry", "sewing"]),
    ("Midlands Precision Sourcing Ltd", None, "GB", "Birmingham", "distributor", ["machine_metal"]),
    ("Old Town Gallery Shop Ltd", None, "GB", "Edinburgh", "museum_shop", ["jewelry", "printing"]),
    ("Saigon Craft Import JSC", None, "VN", "Ho Chi Minh City", "importer", ["shoes_leather", "jewelry"]),
    ("Hanoi Tech Components Co., Ltd.", None, "VN", "Hanoi", "distributor", ["electronics", "machine_metal"]),
    ("Lotus Concept Store", None, "VN", "Da Nang", "select_shop", ["sewing", "jewelry"]),
    (
        "Shanghai Jiayi Trading Co., Ltd.",
        "上海嘉艺贸易有限公司",
        "CN",
        "Shanghai",
        "importer",
        ["jewelry", "sewing"],
    ),
    (
        "Shenzhen Xinyuan Electronics Co., Ltd.",
        "深圳市鑫源电子有限公司",
        "CN",
        "Shenzhen",
        "distributor",
        ["electronics"],
    ),
    (
        "Hangzhou Shiwu Select Store",
        "杭州拾物选品店",
        "CN",
        "Hangzhou",
        "select_shop",
        ["printing", "shoes_leather"],
    ),
    (
        "Beijing Yixiang Cultural Goods Co., Ltd.",
        "北京艺想文创有限公司",
        "CN",
        "Beijing",
        "museum_shop",
        ["printing", "jewelry"],
    ),
    ("Tiong Bahru Design Co. Pte. Ltd.", None, "SG", "Singapore", "boutique", ["jewelry", "printing"]),
    (
        "Straits Industrial Supply Pte. Ltd.",
        None,
        "SG",
        "Singapore",
        "distributor",
        ["machine_metal", "electronics"],
    ),
    ("Keong Saik Select Pte. Ltd.", None, "SG", "Singapore", "select_shop", ["shoes_leather", "sewing"]),
    ("Fitzroy Goods Pty Ltd", None, "AU", "Melbourne", "boutique", ["shoes_leather", "jewelry"]),
    ("Harbourside Museum Shop", None, "AU", "Sydney", "museum_shop", ["printing", "jewelry"]),
    ("Southern Cross Trade Supply Pty Ltd", None, "AU", "Brisbane", "distributor", ["machine_metal"]),
    ("Gastown Supply Co. Inc.", None, "CA", "Vancouver", "select_shop", ["shoes_leather", "printing"]),
    ("Maison Plateau Importations Inc.", None, "CA", "Montréal", "importer", ["sewing", "jewelry"]),
    ("Great Lakes Components Ltd.", None, "CA", "Toronto", "distributor", ["electronics"]),
    ("Bottega Brera S.r.l.", None, "IT", "Milan", "boutique", ["jewelry"]),
    ("Tessuti Arno Import S.r.l.", None, "IT", "Florence", "importer", ["sewing"]),
    ("Officina Torino Forniture S.r.l.", None, "IT", "Turin", "distributor", ["machine_metal"]),
    (
        "Bangkok Craft House Co., Ltd.",
        "บริษัท บางกอก คราฟต์ เฮาส์ จำกัด",
        "TH",
        "Bangkok",
        "importer",
        ["shoes_leather", "jewelry"],
    ),
    (
        "Chiang Mai Design Supply Co., Ltd.",
        "บริษัท เชียงใหม่ ดีไซน์ ซัพพลาย จำกัด",
        "TH",
        "Chiang Mai",
        "select_shop",
        ["printing", "sewing"],
    ),
    (
        "Siam Electronic Parts Co., Ltd.",
        "บริษัท สยาม อิเล็กทรอนิกส์ พาร์ท จำกัด",
        "TH",
        "Bangkok",
        "distributor",
        ["electronics"],
    ),
    (
        "Taipei Wenchuang Select Co., Ltd.",
        "台北文創選物股份有限公司",
        "TW",
        "Taipei",
        "select_shop",
        ["printing", "jewelry"],
    ),
    (
        "Taichung Precision Trading Co., Ltd.",
        "台中精密貿易有限公司",
        "TW",
        "Taichung",
        "distributor",
        ["machine_metal"],
    ),
    ("Jordaan Design Store B.V.", None, "NL", "Amsterdam", "boutique", ["printing", "sewing"]),
    ("Rotterdam Maker Supply B.V.", None, "NL", "Rotterdam", "distributor", ["electronics", "machine_metal"]),
    ("Brooklyn Paper Goods Co.", None, "US", "New York", "importer", ["printing"]),
]

_GOODS = {
    "shoes_leather": "handmade leather goods",
    "jewelry": "fine jewelry",
    "machine_metal": "precision metal parts",
    "printing": "printed stationery",
    "sewing": "small-batch apparel",
    "electronics": "electronic assemblies",
}

_BUYER_OPENINGS = {
    "importer": [
        "{name} imports {goods} from small workshops in Korea and elsewhere in Asia.",
        "Based in {city}, {name} has imported {goods} from independent Asian makers for over {years} years.",
    ],
    "boutique": [
        "{name} is a boutique in {city} that stocks {goods} made in small runs.",
        "This {city} boutique sells {goods} chosen for their craftsmanship.",
    ],
    "museum_shop": [
        "{name} runs museum and gallery shops in {city} and buys {goods} for them.",
        "{name} develops {goods} for exhibitions and museum stores in {city}.",
    ],
    "select_shop": [
        "{name} is a select shop in {city} that mixes {goods} from independent makers.",
        "{name} curates {goods} for its store in {city} and its online shop.",
    ],
    "distributor": [
        "{name} distributes {goods} to businesses across {country}.",
        "From its warehouse in {city}, {name} supplies {goods} to companies across {country}.",
    ],
}

_BUYER_CLOSINGS = {
    "importer": [
        "It sells on to department stores and independent retailers across {country}.",
        "Its customers are retailers around {country} that want small, repeatable orders.",
    ],
    "boutique": [
        "Its customers are {audience} who want things that last.",
        "It sells to {audience} and prefers limited editions.",
    ],
    "museum_shop": [
        "It buys for visitors looking for well-made objects with a story behind them.",
        "Exhibition tie-ins and limited editions make up much of what it orders.",
    ],
    "select_shop": [
        "Its shoppers are {audience} who follow new Asian designers.",
        "It sells to {audience} in store and online.",
    ],
    "distributor": [
        "It serves manufacturers and product developers that need reliable small-batch suppliers.",
        "Its customers are engineering firms and start-ups that order parts in small batches.",
    ],
}

_AUDIENCES = [
    "design-minded locals",
    "young professionals",
    "collectors of craft",
    "tourists and local regulars",
    "shoppers in their twenties and thirties",
]


def _join_en(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def generate_buyers(rng: random.Random, count: int = 40) -> list[dict]:
    """Overseas importers, boutiques, museum shops, select shops and distributors, spread across countries."""
    if count > len(_BUYERS):
        raise ValueError(f"at most {len(_BUYERS)} demo buyers are available")
    by_country: dict[str, list[tuple]] = {}
    for entry in _BUYERS:
        by_country.setdefault(entry[2], []).append(entry)
    countries = sorted(by_country)
    rng.shuffle(countries)
    for pool in by_country.values():
        rng.shuffle(pool)
    picked: list[tuple] = []
    while len(picked) < count:
        for country in countries:
            if by_country[country] and len(picked) < count:
                picked.append(by_country[country].pop())
    buyers = []
    for name, name_local, country, city, kind, interests in picked:
        fields = {
            "name": name,
            "city": city,
            "country": _COUNTRY_NAMES[country],
            "goods": _join_en([_GOODS[i] for i in interests]),
            "years": rng.randint(5, 30),
            "audience": rng.choice(_AUDIENCES),
        }
        opening = rng.choice(_BUYER_OPENINGS[kind]).format(**fields)
        closing = rng.choice(_BUYER_CLOSINGS[kind]).format(**fields)
        buyers.append(
            {
                "name": name,
                "name_local": name_local or name,
                "country": country,
                "city": city,
                "about_en": f"{opening} {closing}",
                "interests": list(interests),
            }
        )
    return buyers


_LABS = [
    (
        "KITECH Smart Casting Lab",
        "한국생산기술연구원 스마트주조연구실",
        "KR",
        "Develops sensor-monitored investment casting for small foundries and jewelry casters, with a "
        "focus on cutting porosity in thin-walled parts.",
        "소형 주물업체와 주얼리 주조 공방을 위해 센서로 공정을 지켜보는 정밀 주조 기술을 개발하며, 얇은 "
        "부품의 기공 불량을 줄이는 데 집중합니다.",
    ),
    (
        "KITECH Surface Treatment R&D Group",
        "한국생산기술연구원 표면처리연구그룹",
        "KR",
        "Works on low-toxicity plating and PVD coatings that small metal and jewelry workshops can run "
        "safely.",
        "소규모 금속·주얼리 공방에서도 안전하게 쓸 수 있는 저독성 도금과 PVD 코팅 기술을 연구합니다.",
    ),
    (
        "KITECH Textile Convergence Lab",
        "한국생산기술연구원 섬유융합연구실",
        "KR",
        "Researches conductive yarns and seamless knitting so that garment makers can build heating and "
        "sensing into clothing.",
        "전도성 원사와 무봉제 편직 기술을 연구해 의류 업체가 발열·센싱 기능을 옷에 넣을 수 있도록 돕습니다.",
    ),
    (
        "KIMM Ultra-Precision Machining Lab",
        "한국기계연구원 초정밀가공연구실",
        "KR",
        "Studies micro-milling and diamond turning for optical and medical parts, and adapts the methods "
        "to ordinary CNC machines.",
        "광학·의료 부품을 위한 미세 밀링과 다이아몬드 선삭을 연구하고, 그 방법을 일반 CNC 장비에 맞게 "
        "응용합니다.",
    ),
    (
        "KIMM Smart Machine Tool Team",
        "한국기계연구원 스마트공작기계연구팀",
        "KR",
        "Builds low-cost retrofit kits that add vibration and spindle-load monitoring to old lathes and "
        "milling machines.",
        "오래된 선반과 밀링 머신에 진동·주축 부하 모니터링 기능을 더하는 저가형 개조 키트를 개발합니다.",
    ),
    (
        "KIST Lightweight Alloys Group",
        "한국과학기술연구원 경량합금연구단",
        "KR",
        "Develops magnesium and aluminium alloys that are easier to machine and to cast in small batches.",
        "소량으로도 가공과 주조가 쉬운 마그네슘·알루미늄 합금을 개발합니다.",
    ),
    (
        "KIST Flexible Sensors Lab",
        "한국과학기술연구원 유연센서연구실",
        "KR",
        "Designs printed, flexible pressure and strain sensors that can be laminated into shoes, straps and "
        "textiles.",
        "신발, 스트랩, 섬유에 붙여 넣을 수 있는 인쇄형 유연 압력·변형 센서를 설계합니다.",
    ),
    (
        "ETRI Smart Factory Edge AI Lab",
        "한국전자통신연구원 스마트공장엣지AI연구실",
        "KR",
        "Develops edge devices that read data from legacy machines and flag quality problems without a cloud "
        "connection.",
        "기존 설비의 데이터를 읽어 클라우드 연결 없이도 품질 이상을 알려 주는 엣지 장치를 개발합니다.",
    ),
    (
        "ETRI Printed Electronics Team",
        "한국전자통신연구원 인쇄전자연구팀",
        "KR",
        "Adapts screen and gravure printing to lay down conductive inks, so that print shops can become "
        "electronics suppliers.",
        "스크린·그라비어 인쇄로 전도성 잉크를 찍어 내는 기술을 연구해, 인쇄소가 전자 부품 공급자가 될 수 "
        "있는 길을 엽니다.",
    ),
    (
        "KAIST Additive Manufacturing Lab",
        "KAIST 적층제조연구실",
        "KR",
        "Researches metal 3D printing and the post-machining needed to turn printed parts into finished "
        "components.",
        "금속 3D 프린팅과, 출력물을 완성 부품으로 만드는 데 필요한 후가공 공정을 연구합니다.",
    ),
    (
        "KAIST Manufacturing Intelligence Lab",
        "KAIST 제조지능연구실",
        "KR",
        "Uses machine learning to predict tool wear and choose cutting conditions for small job shops.",
        "머신러닝으로 공구 마모를 예측하고 소규모 가공업체에 맞는 절삭 조건을 찾아 줍니다.",
    ),
    (
        "Seoul National University Precision Mould Lab",
        "서울대학교 정밀금형연구실",
        "KR",
        "Studies conformal cooling and fast mould-making methods for short production runs.",
        "소량 생산을 위한 형상적응형 냉각과 신속 금형 제작 방법을 연구합니다.",
    ),
    (
        "Seoul National University Natural Fibre and Leather Lab",
        "서울대학교 천연섬유·가죽소재연구실",
        "KR",
        "Works on chrome-free tanning and plant-based finishes for leather and natural fibres.",
        "크롬을 쓰지 않는 무두질과 식물성 마감재 등 가죽과 천연섬유 소재 기술을 연구합니다.",
    ),
    (
        "SeoulTech Metalcraft and Jewelry Process Lab",
        "서울과학기술대학교 금속공예·주얼리공정연구실",
        "KR",
        "Combines CAD, 3D-printed wax and traditional metalsmithing to shorten jewelry development.",
        "CAD와 3D 프린팅 왁스, 전통 금속공예 기법을 결합해 주얼리 개발 기간을 줄이는 방법을 연구합니다.",
    ),
    (
        "Hanyang University Machine Tool Dynamics Lab",
        "한양대학교 공작기계동역학연구실",
        "KR",
        "Analyses chatter and stiffness in machine tools and proposes simple fixes for older equipment.",
        "공작기계의 떨림과 강성을 분석하고 노후 장비에 적용할 수 있는 간단한 개선책을 제안합니다.",
    ),
    (
        "Pukyong National University Print Media Engineering Lab",
        "부경대학교 인쇄미디어공학연구실",
        "KR",
        "Researches colour management, low-VOC inks and functional coatings for offset and digital printing.",
        "오프셋·디지털 인쇄를 위한 색 관리, 저VOC 잉크, 기능성 코팅을 연구합니다.",
    ),
    (
        "KIFLT Leather Finishing Lab",
        "한국신발피혁연구원 가죽가공연구실",
        "KR",
        "Tests leather durability and develops water-based finishes for footwear and leather-goods makers.",
        "신발·가죽제품 업체를 위해 가죽 내구성을 시험하고 수성 마감 기술을 개발합니다.",
    ),
    (
        "Korea University Smart Sensor Lab",
        "고려대학교 스마트센서연구실",
        "KR",
        "Develops low-power MEMS sensors and the firmware that runs them on small battery-powered devices.",
        "저전력 MEMS 센서와, 이를 소형 배터리 기기에서 구동하는 펌웨어를 개발합니다.",
    ),
    (
        "RWTH Aachen Small-Batch Machining Lab",
        "아헨공대 소량가공연구실",
        "DE",
        "Studies how small machine shops can automate set-up and inspection for batches of one to a "
        "hundred parts.",
        "소규모 가공 공장이 1개에서 100개 사이의 소량 생산에서 세팅과 검사를 자동화하는 방법을 연구합니다.",
    ),
    (
        "TU Dresden Technical Textiles Lab",
        "드레스덴공대 산업용섬유연구실",
        "DE",
        "Develops knitting and stitching processes for technical textiles, including fabrics with built-in "
        "sensors.",
        "센서가 들어간 원단을 포함해 산업용 섬유를 위한 편직·봉제 공정을 개발합니다.",
    ),
    (
        "Georgia Tech Sewn Products Automation Lab",
        "조지아공대 봉제자동화연구실",
        "US",
        "Works on robotic fabric handling and vision systems that help small sewing shops stay competitive.",
        "소규모 봉제 공장의 경쟁력을 높이기 위해 원단을 다루는 로봇과 비전 시스템을 연구합니다.",
    ),
    (
        "University of Tokyo Precision Casting Lab",
        "도쿄대학 정밀주조연구실",
        "JP",
        "Researches the fluidity and solidification of precious-metal alloys for fine castings.",
        "정밀 주조를 위한 귀금속 합금의 유동성과 응고 현상을 연구합니다.",
    ),
    (
        "Kyoto Institute of Technology Textile Science Lab",
        "교토공예섬유대학 섬유과학연구실",
        "JP",
        "Studies traditional dyeing and modern fibre treatments that give natural fabrics new functions.",
        "전통 염색과 현대 섬유 가공을 연구해 천연 원단에 새로운 기능을 더합니다.",
    ),
    (
        "Aalto University Digital Fabrication Lab",
        "알토대학교 디지털제작연구실",
        "FI",
        "Explores design-led digital fabrication, from CNC work in wood and metal to 3D-printed tooling.",
        "목재·금속 CNC 가공부터 3D 프린팅 치공구까지, 디자인 중심의 디지털 제작 방식을 탐구합니다.",
    ),
    (
        "VTT Surface Engineering Team",
        "VTT 표면공학팀",
        "FI",
        "Develops wear-resistant and antibacterial coatings for tools and consumer products.",
        "공구와 생활용품에 적용할 수 있는 내마모·항균 코팅을 개발합니다.",
    ),
]

_IP_HOLDERS = [
    (
        "Daeil Precision Tooling Co.",
        "대일정밀툴링",
        "KR",
        "Holds patents on quick-change tool holders that cut set-up time on manual and CNC lathes.",
        "수동·CNC 선반의 세팅 시간을 줄이는 퀵체인지 공구 홀더에 관한 특허를 보유하고 있습니다.",
    ),
    (
        "Haneul Surface Tech Co., Ltd.",
        "하늘표면기술",
        "KR",
        "Owns a low-temperature PVD coating process suited to brass, silver and other soft metals.",
        "황동이나 은처럼 무른 금속에도 적용할 수 있는 저온 PVD 코팅 공정 특허를 갖고 있습니다.",
    ),
    (
        "Sejong Mould Systems",
        "세종금형시스템",
        "KR",
        "Patented a modular mould base that lets small injection-moulding shops swap cavities in minutes.",
        "소형 사출 업체가 몇 분 만에 캐비티를 바꿀 수 있는 모듈형 몰드베이스 특허를 보유하고 있습니다.",
    ),
    (
        "Nuri Sensor Co.",
        "누리센서",
        "KR",
        "Holds patents on clamp-on vibration sensors that retrofit old machines for predictive maintenance.",
        "노후 설비에 집어 끼우기만 하면 예지 보전이 가능해지는 진동 센서 특허를 보유하고 있습니다.",
    ),
    (
        "Bitna Casting Tech",
        "빛나캐스팅테크",
        "KR",
        "Owns a vacuum-pressure casting method that reduces porosity in silver and gold jewelry.",
        "은·금 주얼리의 기공을 줄이는 진공 가압 주조 방식에 대한 특허를 갖고 있습니다.",
    ),
    (
        "Green Tannery Tech Co., Ltd.",
        "그린태너리테크",
        "KR",
        "Licenses a chrome-free tanning process based on plant extracts.",
        "식물 추출물을 이용한 크롬 프리 무두질 공정을 라이선스합니다.",
    ),
    (
        "Sumbi Textile Co.",
        "숨비텍스타일",
        "KR",
        "Holds patents on a recycled-polyester yarn with a soft, wool-like hand.",
        "울처럼 부드러운 촉감을 내는 재생 폴리에스터 원사 특허를 보유하고 있습니다.",
    ),
    (
        "Mook Ink Korea",
        "묵잉크코리아",
        "KR",
        "Developed and patented water-based, low-odour inks for letterpress and risograph printing.",
        "활판·리소그래프 인쇄용 저취 수성 잉크를 개발해 특허를 받았습니다.",
    ),
    (
        "Meta Alloy Inc.",
        "메타얼로이",
        "KR",
        "Holds patents on a tarnish-resistant silver alloy for jewelry and tableware.",
        "주얼리와 식기에 쓰는 변색 방지 은 합금에 대한 특허를 보유하고 있습니다.",
    ),
    (
        "Lee Sang-hoon",
        "이상훈",
        "KR",
        "Lee Sang-hoon, a former Seongsu shoemaker turned independent inventor, patented a method of "
        "scanning feet and cutting custom shoe lasts on a small CNC router.",
        "성수동 구두 장인 출신의 개인 발명가로, 발을 스캔해 소형 CNC 라우터로 맞춤 구두골을 깎는 방법에 "
        "대한 특허를 받았습니다.",
    ),
    (
        "Choi Mi-ra",
        "최미라",
        "KR",
        "Choi Mi-ra is an independent jewelry designer who holds a utility model on a one-handed clasp for "
        "necklaces and bracelets.",
        "목걸이와 팔찌에 쓰는, 한 손으로 여닫는 잠금장치에 대한 실용신안을 보유한 개인 주얼리 "
        "디자이너입니다.",
    ),
    (
        "Jung Dae-ho",
        "정대호",
        "KR",
        "Jung Dae-ho is a Mullae machinist and independent inventor who patented a self-centring vice jaw "
        "for holding irregular parts.",
        "불규칙한 모양의 부품을 단단히 물어 주는 자동 중심 바이스 조로 특허를 받은 문래동 기계 가공 "
        "기술자이자 개인 발명가입니다.",
    ),
    (
        "Hwang Jun-seok",
        "황준석",
        "KR",
        "Hwang Jun-seok is a retired Euljiro printing engineer who patented a register guide that keeps "
        "small offset presses aligned.",
        "을지로 인쇄소에서 오래 일한 엔지니어로, 소형 오프셋 인쇄기의 인쇄 위치를 정확히 맞춰 주는 장치로 "
        "특허를 받았습니다.",
    ),
    (
        "Seoul National University R&DB Foundation",
        "서울대학교 산학협력단",
        "KR",
        "Seoul National University R&DB Foundation is the university's technology-transfer office and "
        "licenses manufacturing technologies from its engineering labs.",
        "대학의 기술이전 조직으로, 공과대학 연구실에서 나온 제조 기술을 기업에 이전합니다.",
    ),
    (
        "Hanyang University Industry-University Cooperation Foundation",
        "한양대학교 산학협력단",
        "KR",
        "Hanyang University's technology-transfer foundation licenses the university's work on machine "
        "tools, sensors and materials.",
        "대학의 기술이전 조직으로, 공작기계와 센서, 소재 분야의 연구 성과를 기업에 라이선스합니다.",
    ),
    (
        "Woojin Smart Factory Co.",
        "우진스마트팩토리",
        "KR",
        "Holds patents on a PLC-free controller that connects old machines to a simple production dashboard.",
        "PLC 없이 노후 설비를 간단한 생산 현황판에 연결하는 컨트롤러 특허를 보유하고 있습니다.",
    ),
    (
        "Dasan 3D Co., Ltd.",
        "다산쓰리디",
        "KR",
        "Owns patents on a castable resin for 3D-printed jewelry patterns that burns out cleanly.",
        "깨끗하게 타서 없어지는 주얼리 원형용 3D 프린팅 주조 레진 특허를 보유하고 있습니다.",
    ),
    (
        "Kessler Werkzeugtechnik GmbH",
        "케슬러 공구기술",
        "DE",
        "Holds patents on coated micro end mills for hardened steel and licenses its grinding geometries.",
        "경화강 가공용 코팅 마이크로 엔드밀 특허를 보유하고 있으며 연삭 형상을 라이선스합니다.",
    ),
    (
        "Nordic Alloy Oy",
        "노르딕얼로이",
        "FI",
        "Owns patents on a high-strength, recyclable aluminium alloy for consumer products.",
        "생활용품을 위한 고강도 재활용 알루미늄 합금 특허를 보유하고 있습니다.",
    ),
    (
        "Lumo Textiles Oy",
        "루모텍스타일",
        "FI",
        "Holds patents on dyeing cellulose fibres with a fraction of the usual water.",
        "기존보다 훨씬 적은 물로 셀룰로스 섬유를 염색하는 기술의 특허를 보유하고 있습니다.",
    ),
    (
        "Okada Seimitsu Co., Ltd.",
        "오카다정밀",
        "JP",
        "Holds patents on a wire-EDM process for very thin slots in tool steel.",
        "공구강에 아주 얇은 슬롯을 가공하는 와이어 방전 공정 특허를 보유하고 있습니다.",
    ),
    (
        "Brightline Sensors Inc.",
        "브라이트라인센서",
        "US",
        "Licenses a printed temperature-sensor design that runs on standard screen-printing lines.",
        "일반 스크린 인쇄 설비로 생산할 수 있는 인쇄형 온도 센서 설계를 라이선스합니다.",
    ),
    (
        "Warpwise Textiles Inc.",
        "워프와이즈텍스타일",
        "US",
        "Holds patents on knitting conductive yarn into washable heating panels.",
        "전도성 원사를 짜 넣어 세탁할 수 있는 발열 패널을 만드는 기술의 특허를 보유하고 있습니다.",
    ),
]

_INVENTORS = {"Lee Sang-hoon", "Choi Mi-ra", "Jung Dae-ho", "Hwang Jun-seok"}

_LAB_CLOSINGS = [
    (
        "Joint projects with small workshops in Seoul are welcome.",
        "서울의 소규모 제조 공방과의 공동 프로젝트를 환영합니다.",
    ),
    (
        "Researchers regularly visit workshops to test ideas in real production.",
        "연구진이 정기적으로 현장을 찾아 실제 생산 환경에서 아이디어를 시험합니다.",
    ),
    (
        "Short technical consultations and student projects are open to manufacturers.",
        "제조업체를 대상으로 단기 기술 자문과 학생 프로젝트를 제공합니다.",
    ),
    (
        "The team is looking for manufacturing partners to turn its prototypes into products.",
        "연구 시제품을 제품으로 만들어 줄 제조 파트너를 찾고 있습니다.",
    ),
]

_IP_CLOSINGS = [
    (
        "Licensing terms can be adapted to small manufacturers.",
        "라이선스 조건은 소규모 제조업체에 맞게 조정할 수 있습니다.",
    ),
    (
        "Licences can be arranged for a single workshop as well as for larger firms.",
        "개별 공방부터 규모가 큰 기업까지 라이선스 계약이 가능합니다.",
    ),
    (
        "Workshops that can use the technology in production are especially welcome.",
        "이 기술을 실제 생산에 쓸 수 있는 공방의 연락을 특히 환영합니다.",
    ),
    (
        "On-site training comes with the first licences.",
        "첫 라이선스 계약자에게는 현장 교육도 함께 제공합니다.",
    ),
]


def generate_tech_holders(rng: random.Random, count: int = 36) -> list[dict]:
    """IP holders (companies, technology-transfer offices, inventors) and research labs, about half each."""
    labs_wanted = count // 2
    ip_wanted = count - labs_wanted
    if labs_wanted > len(_LABS) or ip_wanted > len(_IP_HOLDERS):
        raise ValueError(f"at most {2 * min(len(_LABS), len(_IP_HOLDERS))} demo tech holders are available")
    picked = [("lab", e) for e in rng.sample(_LABS, labs_wanted)]
    picked += [("ip_holder", e) for e in rng.sample(_IP_HOLDERS, ip_wanted)]
    rng.shuffle(picked)
    holders = []
    for kind, (name, name_ko, country, focus_en, focus_ko) in picked:
        close_en, close_ko = rng.choice(_LAB_CLOSINGS if kind == "lab" else _IP_CLOSINGS)
        if not focus_en.startswith(name.split()[0]):
            focus_en = f"{name} {focus_en[0].lower()}{focus_en[1:]}"
        subject_ko = f"{name_ko} 씨" if name in _INVENTORS else name_ko
        holders.append(
            {
                "name": name,
                "name_ko": name_ko,
                "kind": kind,
                "country": country,
                "about_en": f"{focus_en} {close_en}",
                "about_ko": f"{_j(subject_ko, '은/는')} {focus_ko} {close_ko}",
            }
        )
    return holders


_STARTUPS = [
    (
        "Breezly",
        "브리즐리",
        "KR",
        "machine_metal",
        "Breezly makes a pocket-sized air-quality monitor that logs fine dust and VOCs for people with "
        "asthma.",
        "브리즐리는 천식 환자를 위해 미세먼지와 휘발성 유기화합물을 기록하는 손바닥만 한 공기질 측정기를 "
        "만듭니다.",
        "Aluminium CNC enclosure for a handheld air-quality sensor, 50 units.",
        "휴대용 공기질 센서를 위한 알루미늄 CNC 케이스 50개.",
    ),
    (
        "Orbit Wear",
        "오빗웨어",
        "KR",
        "shoes_leather",
        "Orbit Wear is a Seoul accessories brand designing straps and cases for popular smartwatches.",
        "오빗웨어는 인기 스마트워치용 스트랩과 케이스를 디자인하는 서울의 액세서리 브랜드입니다.",
        "Vegetable-tanned leather strap for a smartwatch with hand-stitched edges, 200 pieces.",
        "가장자리를 손바느질로 마감한 베지터블 가죽 스마트워치 스트랩 200개.",
    ),
    (
        "Tagmoon",
        "태그문",
        "KR",
        "jewelry",
        "Tagmoon designs jewelry that doubles as a contactless door key or digital business card.",
        "태그문은 비접촉 출입 키나 디지털 명함으로도 쓸 수 있는 주얼리를 디자인합니다.",
        "Sterling silver pendant with an embedded NFC chip, 100 pieces.",
        "NFC 칩을 내장한 925 실버 펜던트 100개.",
    ),
    (
        "Haneul Robotics",
        "하늘로보틱스",
        "KR",
        "machine_metal",
        "Haneul Robotics builds low-cost desktop robot arms for school and university classrooms.",
        "하늘로보틱스는 학교와 대학 강의실을 위한 저가형 탁상용 로봇 팔을 만듭니다.",
        "Machined aluminium joints and a bent sheet-metal base for a desktop robot arm, 30 sets.",
        "탁상용 로봇 팔의 알루미늄 가공 관절과 판금 절곡 베이스 30세트.",
    ),
    (
        "Paperhaus Seoul",
        "페이퍼하우스서울",
        "KR",
        "printing",
        "Paperhaus Seoul is a stationery brand selling notebooks and planners designed in Seoul.",
        "페이퍼하우스서울은 서울에서 디자인한 노트와 플래너를 판매하는 문구 브랜드입니다.",
        "Letterpress-printed notebook covers with gold foil stamping, 500 copies.",
        "금박을 입힌 활판 인쇄 노트 표지 500부.",
    ),
    (
        "Dalbit Audio",
        "달빛오디오",
        "KR",
        "machine_metal",
        "Dalbit Audio designs compact Bluetooth speakers in wood and metal.",
        "달빛오디오는 나무와 금속으로 된 소형 블루투스 스피커를 디자인합니다.",
        "Turned brass speaker grille and machined aluminium housing, 40 sets.",
        "선반 가공한 황동 스피커 그릴과 알루미늄 가공 하우징 40세트.",
    ),
    (
        "Soop Mobility",
        "숲모빌리티",
        "KR",
        "shoes_leather",
        "Soop Mobility makes accessories for city e-bikes and cargo bikes.",
        "숲모빌리티는 도심형 전기자전거와 카고 바이크용 액세서리를 만듭니다.",
        "Waterproof leather pannier bag with a quick-release mount, 20 units.",
        "원터치 탈착 마운트가 달린 방수 가죽 패니어 가방 20개.",
    ),
    (
        "Knitwise",
        "니트와이즈",
        "KR",
        "sewing",
        "Knitwise develops heated knitwear for people who work outdoors in winter.",
        "니트와이즈는 겨울철 야외에서 일하는 사람들을 위한 발열 니트 의류를 개발합니다.",
        "Knitted gloves with conductive-yarn heating panels, 40 pairs.",
        "전도성 원사 발열 패널을 넣은 니트 장갑 40켤레.",
    ),
    (
        "Pulse Lane",
        "펄스레인",
        "KR",
        "sewing",
        "Pulse Lane makes a training shirt that records heart rhythm for amateur runners.",
        "펄스레인은 아마추어 러너를 위해 심장 박동을 기록하는 트레이닝 셔츠를 만듭니다.",
        "Compression shirt with sewn-in electrode pads in three sizes, 60 units.",
        "전극 패드를 봉제해 넣은 세 가지 사이즈의 컴프레션 셔츠 60장.",
    ),
    (
        "Sori Circuits",
        "소리서킷",
        "KR",
        "electronics",
        "Sori Circuits is a two-person team making modular synthesizer modules for musicians.",
        "소리서킷은 음악가를 위한 모듈러 신시사이저 모듈을 만드는 2인 팀입니다.",
        "SMT assembly of a Eurorack filter-module PCB, 200 boards.",
        "유로랙 필터 모듈 PCB의 SMT 조립 200장.",
    ),
    (
        "Farmbit",
        "팜비트",
        "KR",
        "electronics",
        "Farmbit builds monitoring kits for small greenhouses on the edge of Seoul.",
        "팜비트는 서울 근교의 소규모 비닐하우스를 위한 모니터링 키트를 만듭니다.",
        "Sensor board with a LoRa radio and a weatherproof cable harness, 100 units.",
        "LoRa 무선 통신과 방수 케이블 하네스를 갖춘 센서 보드 100개.",
    ),
    (
        "Walkwell",
        "워크웰",
        "KR",
        "shoes_leather",
        "Walkwell designs comfortable walking shoes for older adults with foot problems.",
        "워크웰은 발 질환이 있는 고령층을 위한 편안한 워킹화를 디자인합니다.",
        "Hand-lasted walking shoes with a 3D-printed midsole, 30 pairs.",
        "3D 프린팅 중창을 넣은 수작업 라스팅 워킹화 30켤레.",
    ),
    (
        "Ohne Studio",
        "오네 스튜디오",
        "DE",
        "jewelry",
        "Ohne Studio is a Berlin jewelry label that works only with recycled gold and silver.",
        "오네 스튜디오는 재활용 금과 은만 사용하는 베를린의 주얼리 브랜드입니다.",
        "Recycled 14K gold rings with laser-engraved text, 50 pieces.",
        "레이저로 문구를 새긴 재활용 14K 금반지 50개.",
    ),
    (
        "Kite & Key",
        "카이트앤키",
        "US",
        "machine_metal",
        "Kite & Key is a Portland company selling everyday-carry tools and key organisers online.",
        "카이트앤키는 일상 휴대용 공구와 열쇠 정리 도구를 온라인으로 판매하는 포틀랜드의 회사입니다.",
        "CNC-milled brass key organiser with a titanium screw, 300 units.",
        "티타늄 나사를 쓴 CNC 가공 황동 열쇠 정리 도구 300개.",
    ),
    (
        "Motte Paris",
        "모트 파리",
        "FR",
        "sewing",
        "Motte Paris is a small Paris label of silk scarves printed with old botanical drawings.",
        "모트 파리는 옛 식물 세밀화를 프린트한 실크 스카프를 만드는 파리의 작은 브랜드입니다.",
        "Hand-rolled silk scarves with embroidered initials, 80 pieces.",
        "이니셜을 자수로 넣고 가장자리를 손으로 말아 박은 실크 스카프 80장.",
    ),
    (
        "Hikari Wearables",
        "히카리웨어러블",
        "JP",
        "machine_metal",
        "Hikari Wearables is a Tokyo start-up developing a smart ring that tracks sleep and body "
        "temperature.",
        "히카리웨어러블은 수면과 체온을 측정하는 스마트 링을 개발하는 도쿄의 스타트업입니다.",
        "Titanium ring shells machined to 0.05 mm with a polished inner surface, 100 units.",
        "0.05mm 정밀도로 가공하고 안쪽 면을 연마한 티타늄 링 외피 100개.",
    ),
    (
        "Loimu Design",
        "로이무 디자인",
        "FI",
        "shoes_leather",
        "Loimu Design is a Helsinki studio making sauna accessories from wool, leather and wood.",
        "로이무 디자인은 울과 가죽, 나무로 사우나 용품을 만드는 헬싱키의 스튜디오입니다.",
        "Felted-wool sauna slippers with leather soles, 60 pairs.",
        "가죽 밑창을 댄 펠트 울 사우나 슬리퍼 60켤레.",
    ),
    (
        "Gaon Pet",
        "가온펫",
        "KR",
        "shoes_leather",
        "Gaon Pet designs walking gear for city dogs and their owners.",
        "가온펫은 도시에 사는 반려견과 보호자를 위한 산책 용품을 디자인합니다.",
        "Leather dog harness with a pocket for a GPS tracker, 50 units.",
        "GPS 트래커 주머니가 달린 가죽 강아지 하네스 50개.",
    ),
    (
        "Inkline",
        "잉크라인",
        "KR",
        "printing",
        "Inkline is an illustration studio turning its drawings into sketchbooks and art prints.",
        "잉크라인은 자체 일러스트를 스케치북과 아트 프린트로 만드는 일러스트레이션 스튜디오입니다.",
        "Thread-sewn sketchbooks with foil-stamped cloth covers, 1,000 copies.",
        "박을 찍은 천 표지의 사철 제본 스케치북 1,000부.",
    ),
    (
        "Nemo Lamp",
        "네모램프",
        "KR",
        "machine_metal",
        "Nemo Lamp designs table lamps that pair spun metal with hanji shades.",
        "네모램프는 스피닝 가공한 금속과 한지 갓을 결합한 테이블 램프를 디자인합니다.",
        "Spun-aluminium lamp base and turned brass switch knob, 40 sets.",
        "스피닝 가공한 알루미늄 램프 받침과 선반 가공한 황동 스위치 손잡이 40세트.",
    ),
    (
        "Byeol Kids",
        "별키즈",
        "KR",
        "sewing",
        "Byeol Kids sells organic-cotton clothing for babies and toddlers online.",
        "별키즈는 영유아를 위한 유기농 면 의류를 온라인으로 판매합니다.",
        "Organic-cotton baby rompers in three sizes, 120 pieces.",
        "세 가지 사이즈의 유기농 면 아기 우주복 120장.",
    ),
    (
        "Skyrow Drones",
        "스카이로우드론",
        "KR",
        "electronics",
        "Skyrow Drones builds mapping drones for construction sites.",
        "스카이로우드론은 건설 현장용 측량 드론을 만듭니다.",
        "Wiring harness and power-distribution board for a mapping drone, 25 sets.",
        "측량 드론용 배선 하네스와 전원 분배 보드 25세트.",
    ),
    (
        "Moldam",
        "몰담",
        "KR",
        "jewelry",
        "Moldam lets customers design their own rings in a web app.",
        "몰담은 고객이 웹 앱에서 직접 반지를 디자인할 수 있게 해 줍니다.",
        "Sterling silver rings cast from customer-designed 3D-printed wax models, 200 pieces.",
        "고객이 디자인한 3D 프린팅 왁스 원형으로 주조한 925 실버 반지 200개.",
    ),
    (
        "Tteul Garden Tools",
        "뜰가든툴",
        "KR",
        "machine_metal",
        "Tteul makes compact garden tools for balcony and rooftop gardeners.",
        "뜰은 베란다와 옥상에서 정원을 가꾸는 사람들을 위한 소형 원예 도구를 만듭니다.",
        "Stainless-steel hand trowel with a laser-cut blade and a TIG-welded shank, 150 units.",
        "레이저로 자른 날과 TIG 용접한 목을 갖춘 스테인리스 모종삽 150개.",
    ),
    (
        "Zine Club Singapore",
        "진클럽 싱가포르",
        "SG",
        "printing",
        "Zine Club Singapore is a collective publishing short illustrated zines by Southeast Asian artists.",
        "진클럽 싱가포르는 동남아시아 작가들의 짧은 일러스트 진을 펴내는 출판 모임입니다.",
        "Two-colour risograph zines with saddle stitching, four titles of 300 copies each.",
        "중철 제본한 2도 리소그래프 진 네 종, 종당 300부.",
    ),
    (
        "Mapo Bike Works",
        "마포바이크웍스",
        "KR",
        "machine_metal",
        "Mapo Bike Works is a small team building cargo bikes for Seoul's delivery riders.",
        "마포바이크웍스는 서울의 배달 라이더를 위한 카고 바이크를 만드는 작은 팀입니다.",
        "TIG-welded steel cargo-bike frames, 5 prototype units.",
        "TIG 용접한 강철 카고 바이크 프레임 시제품 5대.",
    ),
    (
        "Sonmat Labs",
        "손맛랩스",
        "KR",
        "electronics",
        "Sonmat Labs develops kitchen gadgets for people with limited hand strength.",
        "손맛랩스는 손힘이 약한 사람들을 위한 주방 도구를 개발합니다.",
        "Control board with a load cell and buzzer for a smart jar opener, 80 units.",
        "스마트 병따개에 들어갈 로드셀과 부저를 단 제어 보드 80개.",
    ),
    (
        "Ecoloop Home",
        "에코루프홈",
        "US",
        "electronics",
        "Ecoloop Home is an Austin start-up making a countertop composter for apartments.",
        "에코루프홈은 아파트용 탁상 음식물 퇴비화 기기를 만드는 오스틴의 스타트업입니다.",
        "Controller PCB with a humidity sensor and fan driver, 150 units.",
        "습도 센서와 팬 드라이버를 갖춘 컨트롤러 PCB 150개.",
    ),
    (
        "Dasi Denim",
        "다시데님",
        "KR",
        "sewing",
        "Dasi Denim is an upcycling brand that remakes deadstock denim into bags and jackets.",
        "다시데님은 재고 데님을 가방과 재킷으로 다시 만드는 업사이클링 브랜드입니다.",
        "Patchwork denim tote bags with leather handles, 100 pieces.",
        "가죽 손잡이를 단 패치워크 데님 토트백 100개.",
    ),
    (
        "Maru Tea Objects",
        "마루티오브젝트",
        "KR",
        "jewelry",
        "Maru designs tea-ceremony objects for a new generation of tea drinkers.",
        "마루는 새로운 세대의 차 애호가를 위한 다구를 디자인합니다.",
        "Hand-raised sterling silver tea scoops, 50 pieces.",
        "망치로 두드려 만든 925 실버 찻숟가락 50개.",
    ),
    (
        "Shiori Press",
        "시오리프레스",
        "JP",
        "printing",
        "Shiori Press is a Tokyo micro-publisher of poetry and photo books.",
        "시오리프레스는 시집과 사진집을 펴내는 도쿄의 소규모 출판사입니다.",
        "Photo book offset-printed on uncoated paper with Swiss binding, 500 copies.",
        "비도공지에 오프셋 인쇄하고 스위스 제본한 사진집 500부.",
    ),
]


def generate_startups(rng: random.Random, count: int = 24) -> list[dict]:
    """Hardware and design startups, mostly in Seoul, each with a concrete prototype they need built."""
    if count > len(_STARTUPS):
        raise ValueError(f"at most {len(_STARTUPS)} demo startups are available")
    return [
        {
            "name": name,
            "name_ko": name_ko,
            "country": country,
            "about_en": about_en,
            "about_ko": about_ko,
            "prototype_need_en": need_en,
            "prototype_need_ko": need_ko,
            "industry": industry,
        }
        for name, name_ko, country, industry, about_en, about_ko, need_en, need_ko in rng.sample(
            _STARTUPS, count
        )
    ]
