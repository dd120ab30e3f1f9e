"""The demo products of Made in Seoul: categories, per-category title templates and the product generator.

This module owns the words and numbers of the products that ``seoulmade demo`` lists for the demo makers:
the product categories with their names in the five content locales, which categories each industry sells,
and the templates (product types, materials, styles, finishes and practical details, each named in Korean,
English, Japanese, Simplified Chinese and Vietnamese) that titles and descriptions are built from. Korean is
the source language and English is always present; Japanese, Chinese and Vietnamese are present for part of
the products only, so that the site shows real fallbacks.

It is pure data and generation (standard library only, no database, no Flask); every generator draws all of
its randomness from the ``random.Random`` it is given, so the same seed always gives the same products.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterator

from market.demo.content import DISTRICTS_KO

LOCALES = ("ko", "en", "ja", "zh_Hans", "vi")

# Share of products that also carry a title and description in these locales.
TRANSLATION_SHARE = {"ja": 0.60, "zh_Hans": 0.45, "vi": 0.35}

INCOTERMS = ("EXW", "FOB", "CIF", "DAP", "DDP")


def _n(ko: str, en: str, ja: str, zh: str, vi: str) -> dict[str, str]:
    return {"ko": ko, "en": en, "ja": ja, "zh_Hans": zh, "vi": vi}


def _num(value: float, decimals: int = 0) -> dict[str, str]:
    """A number written for each locale (Vietnamese swaps the thousands and decimal separators)."""
    text = f"{value:,.{decimals}f}"
    swapped = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return {"ko": text, "en": text, "ja": text, "zh_Hans": text, "vi": swapped}


CATEGORIES: dict[str, dict[str, str]] = {
    "shoes": _n("구두", "Shoes", "靴", "鞋履", "Giày"),
    "bags": _n("가방", "Bags", "バッグ", "包袋", "Túi xách"),
    "leather_goods": _n("가죽 소품", "Leather goods", "革小物", "皮具小件", "Đồ da nhỏ"),
    "rings": _n("반지", "Rings", "リング", "戒指", "Nhẫn"),
    "necklaces": _n("목걸이", "Necklaces and pendants", "ネックレス", "项链", "Dây chuyền"),
    "earrings": _n("귀걸이", "Earrings", "ピアス・イヤリング", "耳饰", "Bông tai"),
    "bracelets": _n("팔찌", "Bracelets", "ブレスレット", "手链与手镯", "Vòng tay"),
    "machined_parts": _n("가공 부품", "Machined parts", "機械加工部品", "机加工零件", "Linh kiện gia công"),
    "tools": _n("공구", "Tools", "工具", "工具", "Dụng cụ"),
    "moulds": _n("금형", "Moulds and dies", "金型", "模具", "Khuôn mẫu"),
    "printed_matter": _n("인쇄물", "Printed matter", "印刷物", "印刷品", "Ấn phẩm in"),
    "stationery": _n("문구", "Stationery", "文房具", "文具", "Văn phòng phẩm"),
    "packaging": _n("패키지", "Packaging", "パッケージ", "包装", "Bao bì"),
    "apparel": _n("의류", "Apparel", "アパレル", "服装", "Quần áo"),
    "knitwear": _n("니트웨어", "Knitwear", "ニットウェア", "针织服装", "Đồ len dệt kim"),
    "textile_goods": _n("섬유 소품", "Textile goods", "布製品", "纺织用品", "Hàng dệt may"),
    "electronic_modules": _n(
        "전자 모듈", "Electronic modules", "電子モジュール", "电子模块", "Mô-đun điện tử"
    ),
    "cables": _n(
        "케이블·하네스", "Cables and harnesses", "ケーブル・ハーネス", "线缆与线束", "Cáp và bó dây"
    ),
}

INDUSTRY_CATEGORIES: dict[str, tuple[str, ...]] = {
    "shoes_leather": ("shoes", "bags", "leather_goods"),
    "jewelry": ("rings", "necklaces", "earrings", "bracelets"),
    "machine_metal": ("machined_parts", "tools", "moulds"),
    "printing": ("printed_matter", "stationery", "packaging"),
    "sewing": ("apparel", "knitwear", "textile_goods"),
    "electronics": ("electronic_modules", "cables"),
}

# --- Places and workshops -----------------------------------------------------------------------------------

_CLUSTER_NAMES = {
    "seongsu": _n("성수동", "Seongsu-dong", "聖水洞", "圣水洞", "Seongsu-dong"),
    "jongno": _n("종로3가", "Jongno 3-ga", "鍾路3街", "钟路3街", "Jongno 3-ga"),
    "bongik": _n("봉익동", "Bongik-dong", "鳳翼洞", "凤翼洞", "Bongik-dong"),
    "mullae": _n("문래동", "Mullae-dong", "文来洞", "文来洞", "Mullae-dong"),
    "euljiro": _n("을지로", "Euljiro", "乙支路", "乙支路", "Euljiro"),
    "dongdaemun": _n("동대문", "Dongdaemun", "東大門", "东大门", "Dongdaemun"),
    "changsin": _n("창신동", "Changsin-dong", "昌信洞", "昌信洞", "Changsin-dong"),
    "jangwi": _n("장위동", "Jangwi-dong", "長位洞", "长位洞", "Jangwi-dong"),
    "doksan": _n("독산동", "Doksan-dong", "禿山洞", "秃山洞", "Doksan-dong"),
    "guro-geumcheon": _n(
        "구로·금천 G밸리",
        "Guro-Geumcheon G-Valley",
        "九老・衿川Gバレー",
        "九老·衿川G谷",
        "G-Valley Guro-Geumcheon",
    ),
}


# Per industry: the kind of workshop and, in English, who works there.
_WORKSHOPS = {
    "shoes_leather": (_n("공방", "workshop", "工房", "工坊", "xưởng"), "craftspeople"),
    "jewelry": (_n("공방", "workshop", "工房", "首饰工坊", "xưởng kim hoàn"), "goldsmiths"),
    "machine_metal": (_n("공장", "machine shop", "町工場", "机加工厂", "xưởng cơ khí"), "machinists"),
    "printing": (_n("인쇄소", "print shop", "印刷所", "印刷厂", "xưởng in"), "printers"),
    "sewing": (_n("봉제 공장", "sewing workshop", "縫製工場", "制衣工坊", "xưởng may"), "people"),
    "electronics": (
        _n("회사", "electronics workshop", "電子工房", "电子工作室", "xưởng điện tử"),
        "engineers",
    ),
}

# --- Shared template pieces ---------------------------------------------------------------------------------

_LEATHER = {
    "calfskin": {
        "name": _n("송아지 가죽", "calfskin", "カーフレザー", "小牛皮", "da bê"),
        "src": ("calfskin",),
    },
    "suede": {"name": _n("스웨이드", "suede", "スエード", "麂皮", "da lộn"), "mult": 0.95, "src": ("suede",)},
    "cordovan": {
        "name": _n("코도반", "cordovan", "コードバン", "马臀皮", "da ngựa cordovan"),
        "mult": 1.5,
        "src": ("cordovan",),
    },
    "veg_tan": {
        "name": _n("베지터블 가죽", "vegetable-tanned leather", "ヌメ革", "植鞣革", "da thuộc thảo mộc"),
        "en": "vegetable-tanned cowhide",
        "mult": 1.1,
        "src": ("vegetable-tanned cowhide",),
    },
    "lambskin": {
        "name": _n("양가죽", "lambskin", "ラムレザー", "小羊皮", "da cừu non"),
        "src": ("lambskin",),
    },
    "patent": {"name": _n("에나멜 가죽", "patent leather", "エナメルレザー", "漆皮", "da bóng")},
    "pebbled": {
        "name": _n("쉬링크 소가죽", "pebbled cowhide", "シュリンクレザー", "荔枝纹牛皮", "da bò vân hạt"),
        "mult": 0.9,
    },
    "waxed_canvas": {
        "name": _n("왁스 캔버스", "waxed canvas", "パラフィン帆布", "油蜡帆布", "vải canvas phủ sáp"),
        "en": "waxed cotton canvas",
        "mult": 0.6,
    },
}

_LEATHER_STYLES = {
    "hand_stitched": {
        "name": _n("핸드 스티치", "hand-stitched", "手縫い", "手工缝制", "khâu tay"),
        "mult": 1.2,
    },
    "saddle": {
        "name": _n("새들 스티치", "saddle-stitched", "サドルステッチ", "马鞍针缝制", "khâu yên ngựa"),
        "mult": 1.25,
    },
    "hand_dyed": {"name": _n("수염색", "hand-dyed", "手染め", "手工染色", "nhuộm tay"), "mult": 1.15},
    "minimal": {"name": _n("미니멀", "minimalist", "ミニマル", "极简", "tối giản")},
}

_LEATHER_FINISHES = [
    _n(
        "왁스 엣지 버니싱",
        "waxed and burnished edges",
        "ロウ引きのコバ磨き",
        "上蜡磨边",
        "cạnh được đánh sáp và mài bóng",
    ),
    _n("엣지 페인트", "hand-painted edges", "コバ塗り", "手工封边油", "sơn cạnh bằng tay"),
    _n("천연 오일 가공", "a natural oil rub", "天然オイルの塗り込み", "天然油蜡保养", "lớp dầu tự nhiên"),
]

_METALS = {
    "brass": {
        "name": _n("황동", "brass", "真鍮", "黄铜", "đồng thau"),
        "mult": 0.45,
        "hs": "711719",
        "src": ("brass",),
    },
    "silver": {
        "name": _n("925 실버", "sterling silver", "シルバー925", "925银", "bạc 925"),
        "hs": "711311",
        "src": ("sterling silver",),
    },
    "gold14": {
        "name": _n("14K 골드", "14K gold", "K14ゴールド", "14K金", "vàng 14K"),
        "mult": 3.6,
        "src": ("14K gold",),
    },
    "gold18": {
        "name": _n("18K 골드", "18K gold", "K18ゴールド", "18K金", "vàng 18K"),
        "mult": 5.0,
        "src": ("18K gold",),
    },
    "platinum": {
        "name": _n("플래티넘", "platinum", "プラチナ", "铂金", "bạch kim"),
        "en": "platinum 950",
        "mult": 6.2,
        "src": ("platinum",),
    },
}

_JEWELRY_STYLES = {
    "hammered": {"name": _n("해머링", "hammered", "槌目", "锤纹", "vân búa")},
    "brushed": {"name": _n("헤어라인", "brushed", "ヘアライン", "拉丝", "mờ xước")},
    "twisted": {"name": _n("트위스트", "twisted", "ツイスト", "麻花", "xoắn"), "mult": 1.05},
    "engraved": {
        "name": _n("핸드 인그레이빙", "hand-engraved", "手彫り", "手工雕刻", "khắc tay"),
        "mult": 1.25,
    },
    "milgrain": {"name": _n("밀그레인", "milgrain", "ミル打ち", "珠边", "viền hạt milgrain"), "mult": 1.15},
    "lab_diamond": {
        "name": _n(
            "랩그로운 다이아몬드", "lab-diamond", "ラボグロウンダイヤ", "镶培育钻", "đính kim cương nhân tạo"
        ),
        "mult": 1.6,
        "excludes": ("brass",),
        "extra": "lab-grown diamond",
    },
    "cz": {
        "name": _n("큐빅", "cubic zirconia", "キュービックジルコニア", "镶锆石", "đính đá CZ"),
        "mult": 1.1,
        "excludes": ("platinum",),
        "extra": "cubic zirconia",
    },
    "enamel": {"name": _n("칠보", "enamel", "七宝焼き", "珐琅", "tráng men"), "mult": 1.15},
    "pearl": {
        "name": _n("담수 진주", "freshwater pearl", "淡水パール", "淡水珍珠", "ngọc trai nước ngọt"),
        "mult": 1.2,
        "extra": "freshwater pearls",
    },
    "fine": {"name": _n("미니멀", "fine", "華奢な", "极简", "mảnh")},
}

_JEWELRY_FINISHES = [
    _n("경면 연마", "a mirror polish", "鏡面研磨", "镜面抛光", "đánh bóng gương"),
    _n("새틴", "satin brushing", "サテン加工", "缎面拉砂", "chải mờ satin"),
    _n(
        "샌드블라스트 무광",
        "matte sandblasting",
        "マットなサンドブラスト加工",
        "喷砂哑光",
        "phun cát mờ",
    ),
    _n("로듐 도금", "rhodium plating", "ロジウムメッキ", "镀铑", "mạ rhodium"),
]

_PAPERS = {
    "cotton": {
        "name": _n("코튼지", "cotton paper", "コットンペーパー", "棉纸", "giấy cotton"),
        "mult": 1.3,
        "src": ("cotton paper",),
    },
    "hanji": {
        "name": _n("한지", "hanji", "韓紙", "韩纸", "giấy hanji"),
        "en": "hanji (Korean mulberry paper)",
        "mult": 1.4,
        "src": ("hanji (Korean mulberry paper)",),
    },
    "uncoated": {
        "name": _n("비코팅지", "uncoated paper", "非塗工紙", "非涂布纸", "giấy không tráng phủ"),
        "mult": 0.9,
        "src": ("uncoated paper",),
    },
    "art": {
        "name": _n("아트지", "art paper", "アート紙", "铜版纸", "giấy couché"),
        "mult": 0.8,
        "src": ("art paper",),
    },
    "kraft": {"name": _n("크라프트지", "kraft paper", "クラフト紙", "牛皮纸", "giấy kraft"), "mult": 0.8},
    "recycled": {"name": _n("재생지", "recycled paper", "再生紙", "再生纸", "giấy tái chế"), "mult": 0.85},
}

_PRINT_STYLES = {
    "letterpress": {
        "name": _n("활판 인쇄", "letterpress", "活版印刷", "凸版印刷", "in letterpress"),
        "mult": 1.5,
        "extra": "soy-based inks",
    },
    "risograph": {
        "name": _n("리소그래프", "risograph", "リソグラフ", "孔版印刷", "in risograph"),
        "extra": "soy-based inks",
    },
    "offset": {
        "name": _n("오프셋 인쇄", "offset-printed", "オフセット印刷", "胶印", "in offset"),
        "mult": 0.7,
        "extra": "soy-based inks",
    },
    "foil": {
        "name": _n("박 가공", "foil-stamped", "箔押し", "烫金", "ép kim"),
        "mult": 1.3,
        "extra": "metallic foil",
    },
    "silkscreen": {
        "name": _n("실크스크린", "screen-printed", "シルクスクリーン", "丝网印刷", "in lụa"),
        "mult": 1.2,
    },
    "embossed": {"name": _n("형압", "embossed", "エンボス加工", "击凸", "dập nổi"), "mult": 1.3},
    "thread_sewn": {
        "name": _n("사철 제본", "thread-sewn", "糸かがり綴じ", "锁线装订", "khâu chỉ"),
        "mult": 1.2,
    },
    "lay_flat": {
        "name": _n("PUR 제본", "lay-flat", "フラット開き", "平摊装订", "mở phẳng 180°"),
        "mult": 1.1,
    },
    "hand_bound": {"name": _n("수제본", "hand-bound", "手製本", "手工装订", "đóng tay"), "mult": 1.5},
    "custom": {"name": _n("맞춤 인쇄", "custom-printed", "オリジナル印刷", "定制印刷", "in theo yêu cầu")},
}

_PRINT_FINISHES = [
    _n("엣지 컬러링", "painted edges", "小口染め", "侧边上色", "sơn màu cạnh giấy"),
    _n("귀도리", "rounded corners", "角丸加工", "圆角", "bo góc"),
    _n("무광 코팅", "matte lamination", "マットPP加工", "覆哑膜", "cán màng mờ"),
    _n("부분 UV", "spot UV", "部分UV加工", "局部UV", "phủ UV định hình"),
]

_FABRICS = {
    "poplin": {
        "name": _n("코튼 포플린", "cotton poplin", "コットンブロード", "棉府绸", "vải poplin cotton"),
        "src": ("cotton",),
    },
    "linen": {"name": _n("린넨", "linen", "リネン", "亚麻", "vải lanh"), "mult": 1.2, "src": ("linen",)},
    "denim": {
        "name": _n("셀비지 데님", "selvedge denim", "セルビッチデニム", "赤耳牛仔布", "vải denim selvedge"),
        "mult": 1.3,
        "src": ("denim",),
    },
    "jersey": {
        "name": _n("면 저지", "cotton jersey", "コットン天竺", "纯棉针织", "vải thun cotton"),
        "src": ("jersey knit",),
    },
    "gabardine": {
        "name": _n("울 개버딘", "wool gabardine", "ウールギャバジン", "羊毛华达呢", "vải gabardine len"),
        "mult": 1.5,
        "src": ("wool yarn",),
    },
    "taffeta": {
        "name": _n("나일론 태피터", "nylon taffeta", "ナイロンタフタ", "尼龙塔夫绸", "vải nylon taffeta"),
        "src": ("nylon taffeta", "polyester"),
    },
    "canvas": {
        "name": _n(
            "오가닉 코튼 캔버스",
            "organic cotton canvas",
            "オーガニックコットン帆布",
            "有机棉帆布",
            "vải canvas cotton hữu cơ",
        ),
        "src": ("cotton",),
    },
    "ramie": {"name": _n("모시", "ramie", "苧麻", "苎麻", "vải gai"), "mult": 1.4},
    "silk": {"name": _n("실크", "silk", "シルク", "真丝", "lụa"), "mult": 1.6},
}

# --- The categories -----------------------------------------------------------------------------------------
#
# A category lists product types, materials, styles and finishes. Titles put the style, the material and the
# type together: "{style} {material} {type}" in English, Korean, Japanese and Chinese ("{material} {style}
# {type}" where ``material_first``), and always "{type} {material} {style}" in Vietnamese. Where
# ``title_material`` is false the material appears only in the description. A type may restrict the
# materials, styles and finishes it combines with; a style may exclude materials.

_Detail = tuple[dict[str, str], Callable[[random.Random, dict], dict]]


def _span(rng: random.Random, starts: tuple[int, ...], widths: tuple[int, ...]) -> dict[str, int]:
    """A range ``lo``–``hi`` starting at one of ``starts`` and as wide as one of ``widths``."""
    lo = rng.choice(starts)
    return {"lo": lo, "hi": lo + rng.choice(widths)}


def _tolerance(value: float) -> dict[str, str]:
    return _num(value, 3 if value < 0.01 else 2)


# Styles of machining that hold the tightest tolerances.
_FINE = ("ground", "edm", "five_axis", "turned")


def _dims_cm(ctx: dict) -> dict:
    w, h, d = (max(1, round(x / 10)) for x in ctx["dims"])
    return {"w": w, "h": h, "d": d}


_SHOE_SIZES: _Detail = (
    _n(
        "사이즈는 {lo}–{hi}mm(5mm 단위), 발볼은 E와 3E로 제작하며 {n}켤레부터 전용 골을 만들어 드립니다.",
        "Sizes {lo}–{hi} mm in 5 mm steps, in E and 3E widths; private lasts from {n} pairs.",
        "サイズは{lo}〜{hi}mm（5mm刻み）、ワイズはEと3E。{n}足から専用ラストを製作します。",
        "尺码{lo}–{hi}毫米（每5毫米一档），提供E和3E两种楦宽；{n}双起可定制专属鞋楦。",
        "Cỡ {lo}–{hi} mm (bước 5 mm), độ rộng E và 3E; làm phom riêng từ {n} đôi.",
    ),
    lambda rng, ctx: (
        _span(rng, (220, 225, 230, 240, 245), (30, 40, 45, 50)) | {"n": rng.choice((20, 30, 50))}
    ),
)

_BAG_SIZE: _Detail = (
    _n(
        "본체 크기는 {w} × {h} × {d}cm이며, {strap}cm 조절 스트랩과 내부 지퍼 포켓이 있습니다.",
        "Body {w} × {h} × {d} cm, with a {strap} cm adjustable strap and an inner zip pocket.",
        "本体サイズは{w}×{h}×{d}cm、{strap}cmの調節可能なストラップと内側ファスナーポケット付き。",
        "包身尺寸{w}×{h}×{d}厘米，配{strap}厘米可调节肩带和内侧拉链袋。",
        "Kích thước thân túi {w} × {h} × {d} cm, dây đeo điều chỉnh {strap} cm và túi khóa kéo bên trong.",
    ),
    lambda rng, ctx: _dims_cm(ctx) | {"strap": rng.choice((60, 90, 110, 120, 130))},
)

_LEATHER_THICKNESS: _Detail = (
    _n(
        "가죽 두께는 {t}mm이며, {n}개 이상 주문하면 이니셜 박 각인을 무료로 해 드립니다.",
        "Leather {t} mm thick; initials are hot-stamped free on orders of {n} pieces or more.",
        "革の厚みは{t}mm。{n}個以上のご注文でイニシャルの箔押しを無料で承ります。",
        "皮革厚度{t}毫米；订购{n}件以上可免费烫印姓名缩写。",
        "Độ dày da {t} mm; miễn phí ép chữ viết tắt cho đơn từ {n} chiếc.",
    ),
    lambda rng, ctx: {
        "t": _num(rng.choice((1.0, 1.2, 1.4, 1.6, 1.8, 2.0)), 1),
        "n": rng.choice((30, 50, 100)),
    },
)

_RING_SIZES: _Detail = (
    _n(
        "국내 호수 {lo}–{hi}호로 주문 제작하며, 폭은 {w}mm이고 {days}일 안에는 사이즈 수선이 무료입니다.",
        "Made to order in Korean sizes {lo}–{hi}, {w} mm wide; resizing is free within {days} days.",
        "韓国サイズ{lo}〜{hi}号で受注製作、幅は{w}mm。{days}日以内のサイズ直しは無料です。",
        "按韩国尺码{lo}–{hi}号定制，戒圈宽{w}毫米；{days}天内免费改圈。",
        "Làm theo đơn với cỡ Hàn Quốc số {lo}–{hi}, bản rộng {w} mm; sửa cỡ miễn phí trong {days} ngày.",
    ),
    lambda rng, ctx: (
        _span(rng, (5, 7, 9, 11), (10, 12, 15))
        | {"w": _num(rng.choice((1.5, 2.0, 2.5, 3.0, 4.0, 5.0)), 1), "days": rng.choice((14, 30))}
    ),
)

_CHAIN_LENGTH: _Detail = (
    _n(
        "체인 길이는 {len}cm이고 {ext}cm 연장 체인이 달려 있으며, 랍스터 잠금장치를 씁니다.",
        "Chain length {len} cm with a {ext} cm extender and a lobster clasp.",
        "チェーンの長さは{len}cm、{ext}cmのアジャスター付きで、留め具はカニカンです。",
        "链长{len}厘米，附{ext}厘米延长链，龙虾扣。",
        "Dây dài {len} cm, kèm đoạn nối {ext} cm và khóa càng cua.",
    ),
    lambda rng, ctx: {"len": rng.choice((38, 40, 42, 45, 50)), "ext": rng.choice((3, 5))},
)

_EARRING_SIZE: _Detail = (
    _n(
        "크기는 {size}mm이며, 니켈 프리 포스트에 실리콘 캐치를 끼워 한 쌍으로 판매합니다.",
        "Measures {size} mm; nickel-free posts with silicone-cushioned backs, sold as a pair.",
        "サイズは{size}mm、ニッケルフリーのポストにシリコンキャッチ付きで、ペアでの販売です。",
        "尺寸{size}毫米，无镍耳针配硅胶耳堵，按对出售。",
        "Kích thước {size} mm, chốt không chứa niken, kèm nút silicon, bán theo đôi.",
    ),
    lambda rng, ctx: {"size": ctx["dims"][0]},
)

_BRACELET_SIZE: _Detail = (
    _n(
        "안쪽 둘레 {c}mm, 폭 {w}mm이며 모든 제품 안쪽에 공방 각인이 들어갑니다.",
        "Inner circumference {c} mm, {w} mm wide; every piece carries the workshop's hallmark inside.",
        "内周{c}mm、幅{w}mm。すべての製品の内側に工房の刻印が入ります。",
        "内周长{c}毫米，宽{w}毫米，每件内侧均刻有工坊印记。",
        "Chu vi trong {c} mm, bản rộng {w} mm; mỗi chiếc đều khắc dấu của xưởng ở mặt trong.",
    ),
    lambda rng, ctx: {"c": rng.choice((150, 160, 165, 170, 180)), "w": rng.choice((2, 3, 4, 6, 8, 12))},
)

_TOLERANCE: _Detail = (
    _n(
        "일반 공차는 ±{tol}mm(요청 시 더 정밀하게)이며, 로트마다 치수 검사 성적서를 드립니다.",
        "General tolerance ±{tol} mm (tighter on request), with a dimensional inspection report "
        "for every lot.",
        "一般公差は±{tol}mm（ご要望に応じてさらに高精度に対応）、ロットごとに寸法検査成績書を添付します。",
        "一般公差±{tol}毫米（可按要求提高精度），每批附尺寸检测报告。",
        "Dung sai chung ±{tol} mm (có thể chặt hơn theo yêu cầu), kèm phiếu kiểm tra kích thước cho từng lô.",
    ),
    lambda rng, ctx: {
        "tol": _tolerance(
            rng.choice((0.005, 0.01, 0.02, 0.05) if ctx["style"] in _FINE else (0.02, 0.05, 0.1))
        )
    },
)

_HARDNESS: _Detail = (
    _n(
        "HRC {lo}–{hi}로 열처리하고, 포장 전에 하나하나 검사합니다.",
        "Hardened to HRC {lo}–{hi} and checked one by one before packing.",
        "HRC{lo}〜{hi}に焼入れし、梱包前に1点ずつ検品しています。",
        "淬火硬度HRC {lo}–{hi}，包装前逐件检验。",
        "Tôi cứng đạt HRC {lo}–{hi} và được kiểm tra từng chiếc trước khi đóng gói.",
    ),
    lambda rng, ctx: _span(rng, (52, 55, 58, 60), (2, 3, 4)),
)

_MOULD_LIFE: _Detail = (
    _n(
        "{shots}숏 수명을 보증하며, 도면 승인 후 {days}일 안에 T1 샘플을 보내 드립니다.",
        "Guaranteed for {shots} shots; T1 samples within {days} days of drawing approval.",
        "{shots}ショットの寿命を保証し、図面承認後{days}日以内にT1サンプルをお届けします。",
        "保证寿命{shots}模次，图纸确认后{days}天内提供T1样品。",
        "Bảo đảm tuổi thọ {shots} lần dập/ép; gửi mẫu T1 trong {days} ngày sau khi duyệt bản vẽ.",
    ),
    lambda rng, ctx: {
        "shots": _num(rng.choice((100_000, 300_000, 500_000, 1_000_000))),
        "days": rng.choice((25, 30, 35, 45)),
    },
)

_PAPER_SPEC: _Detail = (
    _n(
        "{gsm}g/m² 용지에 {w} × {h}mm 크기로 인쇄하며, 디지털 교정본은 {days}영업일 안에 보내 드립니다.",
        "Printed on {gsm} g/m² stock at {w} × {h} mm; a digital proof follows within {days} working days.",
        "{gsm}g/m²の用紙に{w}×{h}mmで印刷し、デジタル校正は{days}営業日以内にお送りします。",
        "采用{gsm}克纸张印刷，成品尺寸{w}×{h}毫米；{days}个工作日内提供电子校样。",
        "In trên giấy định lượng {gsm} g/m², khổ {w} × {h} mm; bản in thử điện tử gửi trong "
        "{days} ngày làm việc.",
    ),
    lambda rng, ctx: {
        "gsm": rng.choice(ctx["type"].get("gsm", (120, 150, 180, 250, 300))),
        "w": ctx["dims"][0],
        "h": ctx["dims"][1],
        "days": rng.choice((1, 2, 3)),
    },
)

_NOTEBOOK_SPEC: _Detail = (
    _n(
        "{w} × {h}mm, {pages}쪽이며 {gsm}g/m² 내지는 만년필 잉크가 번지지 않습니다. 표지 맞춤 제작은 {n}부부터 가능합니다.",
        "{w} × {h} mm, {pages} pages of {gsm} g/m² paper that takes fountain-pen ink without bleeding; "
        "custom covers from {n} copies.",
        "{w}×{h}mm、{pages}ページ。{gsm}g/m²の本文用紙は万年筆のインクもにじみません。表紙のカスタムは{n}冊から承ります。",
        "{w}×{h}毫米，{pages}页，{gsm}克内页书写钢笔不洇墨；{n}本起可定制封面。",
        "{w} × {h} mm, {pages} trang giấy {gsm} g/m² viết bút máy không lem; in bìa riêng từ {n} cuốn.",
    ),
    lambda rng, ctx: {
        "w": ctx["dims"][0],
        "h": ctx["dims"][1],
        "pages": rng.choice((96, 128, 160, 192, 240)),
        "gsm": rng.choice((70, 80, 100)),
        "n": rng.choice((100, 200, 300)),
    },
)

_PAPER_GOODS_SPEC: _Detail = (
    _n(
        "완성 크기는 {w} × {h}mm이며, {n}개부터 로고와 색상을 바꿔 제작할 수 있습니다.",
        "Finished size {w} × {h} mm; your own logo and colours from {n} pieces.",
        "仕上がりサイズは{w}×{h}mm、{n}点からロゴや色を変えて製作できます。",
        "成品尺寸{w}×{h}毫米，{n}件起可更换标志和颜色。",
        "Kích thước thành phẩm {w} × {h} mm; in logo và màu riêng từ {n} chiếc.",
    ),
    lambda rng, ctx: {
        "w": ctx["dims"][0],
        "h": ctx["dims"][1],
        "n": max(ctx["moq"], rng.choice((100, 200, 500))),
    },
)

_BOX_SPEC: _Detail = (
    _n(
        "내측 치수는 {a} × {b} × {c}mm이며, 칼선 도면은 무료로 드리고 샘플은 {days}일 안에 나옵니다.",
        "Inner size {a} × {b} × {c} mm; die lines are supplied free and samples are ready in {days} days.",
        "内寸は{a}×{b}×{c}mm。抜き型データは無料でご提供し、サンプルは{days}日で仕上がります。",
        "内尺寸{a}×{b}×{c}毫米；免费提供刀版图，{days}天内出样。",
        "Kích thước trong {a} × {b} × {c} mm; cung cấp miễn phí file dao cắt, có mẫu trong {days} ngày.",
    ),
    lambda rng, ctx: {
        "a": ctx["dims"][0],
        "b": ctx["dims"][1],
        "c": ctx["dims"][2],
        "days": rng.choice((3, 5, 7)),
    },
)

_GARMENT_SIZES: _Detail = (
    _n(
        "{sizes} 사이즈로 그레이딩하며, 샘플은 {days}일, 본생산은 컬러당 {moq}장부터 가능합니다.",
        "Graded in sizes {sizes}; samples take {days} days and bulk runs start at {moq} pieces per colour.",
        "サイズは{sizes}展開でグレーディングし、サンプルは{days}日、量産はカラーごとに{moq}枚から承ります。",
        "尺码{sizes}，打样{days}天，大货每色{moq}件起订。",
        "Nhảy size {sizes}; làm mẫu trong {days} ngày, sản xuất hàng loạt từ {moq} chiếc mỗi màu.",
    ),
    lambda rng, ctx: {
        "sizes": rng.choice(("S–XL", "XS–L", "S–XXL", "M–XXL")),
        "days": rng.choice((5, 7, 10)),
        "moq": ctx["moq"],
    },
)

_KNIT_GAUGE: _Detail = (
    _n(
        "{gauge}게이지 횡편기로 편직하며, 사이즈는 {sizes}, M 사이즈 기준 무게는 {weight}g입니다.",
        "Knitted on {gauge}-gauge flat machines; sizes {sizes}, {weight} g in size M.",
        "{gauge}ゲージの横編機で編み立て、サイズは{sizes}、Mサイズで{weight}gです。",
        "采用{gauge}针横机编织，尺码{sizes}，M码重约{weight}克。",
        "Dệt trên máy dệt phẳng kim {gauge}; size {sizes}, nặng {weight} g với size M.",
    ),
    lambda rng, ctx: {
        "gauge": rng.choice((3, 5) if ctx["style"] == "chunky" else (7, 12, 14)),
        "sizes": rng.choice(("S–XL", "XS–L", "S–L", "M–XXL")),
        "weight": ctx["weight"],
    },
)

_TEXTILE_SIZE: _Detail = (
    _n(
        "완성 크기는 {w} × {h}mm이며, {n}개부터 전용 직조 라벨을 달 수 있습니다.",
        "Finished size {w} × {h} mm; your own woven labels from {n} pieces.",
        "仕上がりサイズは{w}×{h}mm、{n}点からオリジナルの織りネームを付けられます。",
        "成品尺寸{w}×{h}毫米，{n}件起可缝制定制织唛。",
        "Kích thước thành phẩm {w} × {h} mm; gắn nhãn dệt riêng từ {n} chiếc.",
    ),
    lambda rng, ctx: {
        "w": ctx["dims"][0],
        "h": ctx["dims"][1],
        "n": max(ctx["moq"], rng.choice((50, 100, 200))),
    },
)

_FABRIC_WIDTH: _Detail = (
    _n(
        "원단 폭은 {w}cm, 중량은 {gsm}g/m²이며 {moq}m부터 원하는 길이로 재단해 드립니다.",
        "{w} cm wide, {gsm} g/m²; cut to length from {moq} m.",
        "生地幅{w}cm、目付{gsm}g/m²。{moq}mからご希望の長さでカットします。",
        "幅宽{w}厘米，克重{gsm}克/平方米；{moq}米起按需裁剪。",
        "Khổ vải {w} cm, định lượng {gsm} g/m²; cắt theo chiều dài từ {moq} m.",
    ),
    lambda rng, ctx: {
        "w": rng.choice((110, 140, 150)),
        "gsm": rng.choice((120, 160, 220, 280, 340)),
        "moq": ctx["moq"],
    },
)

_BOARD_SPEC: _Detail = (
    _n(
        "{w} × {h}mm 보드, 입력 전압 {v}V이며 모든 제품은 출하 전 기능 검사와 펌웨어 기록을 거칩니다.",
        "{w} × {h} mm board, {v} V input; every unit is functionally tested and flashed before shipping.",
        "基板サイズ{w}×{h}mm、入力電圧{v}V。全数を出荷前に機能検査し、ファームウェアを書き込みます。",
        "板尺寸{w}×{h}毫米，输入电压{v}V；每件出厂前均经功能测试并烧录固件。",
        "Bo mạch {w} × {h} mm, điện áp vào {v} V; mọi sản phẩm đều được kiểm tra chức năng và nạp firmware "
        "trước khi xuất xưởng.",
    ),
    lambda rng, ctx: {
        "w": ctx["dims"][0],
        "h": ctx["dims"][1],
        "v": rng.choice(
            ({"en": "3.3", "ko": "3.3", "ja": "3.3", "zh_Hans": "3.3", "vi": "3,3"}, "5", "12", "5–24")
        ),
    },
)

_CABLE_SPEC: _Detail = (
    _n(
        "도면에 맞춰 {lo}–{hi}mm 길이로 제작하며, 모든 케이블을 도통·내전압 검사합니다.",
        "Made to your drawing in lengths of {lo}–{hi} mm; every cable is continuity- and hipot-tested.",
        "図面どおり{lo}〜{hi}mmの長さで製作し、全数の導通・耐電圧検査を行います。",
        "按图纸制作，长度{lo}–{hi}毫米，每根线均经导通及耐压测试。",
        "Sản xuất theo bản vẽ với chiều dài {lo}–{hi} mm; mọi sợi cáp đều được kiểm tra thông mạch "
        "và cách điện.",
    ),
    lambda rng, ctx: {k: _num(v) for k, v in _span(rng, (100, 150, 200, 300, 500), (400, 900, 1900)).items()},
)

_CATALOG: dict[str, dict] = {
    "shoes": {
        "price": (90_000, 350_000),
        "hs": "640399",
        "unit": "pair",
        "moq": (6, 10, 12, 20, 30),
        "lead": (14, 21, 28, 35),
        "keywords": ("shoe", "last", "welt", "blake", "cement", "sole", "upper", "patina"),
        "detail": _SHOE_SIZES,
        "extras": ("leather soles", "rubber soles", "cork filler", "leather lining"),
        "types": {
            "chelsea": {
                "name": _n("첼시 부츠", "Chelsea boots", "チェルシーブーツ", "切尔西靴", "bốt Chelsea"),
                "price": (160_000, 280_000),
                "weight": (1500, 2100),
                "dims": ((310, 200, 120), (340, 220, 150)),
                "hs": "640391",
                "materials": ("calfskin", "suede", "cordovan", "veg_tan"),
            },
            "oxford": {
                "name": _n(
                    "옥스퍼드 구두", "oxford shoes", "オックスフォードシューズ", "牛津鞋", "giày oxford"
                ),
                "price": (140_000, 260_000),
                "weight": (1000, 1400),
                "dims": ((300, 190, 105), (330, 210, 120)),
                "materials": ("calfskin", "cordovan", "veg_tan", "patent"),
            },
            "derby": {
                "name": _n("더비 슈즈", "derby shoes", "ダービーシューズ", "德比鞋", "giày derby"),
                "price": (130_000, 240_000),
                "weight": (1000, 1450),
                "dims": ((300, 190, 105), (330, 210, 120)),
                "materials": ("calfskin", "suede", "cordovan", "veg_tan"),
            },
            "loafer": {
                "name": _n("페니 로퍼", "penny loafers", "ペニーローファー", "便士乐福鞋", "giày lười penny"),
                "price": (120_000, 230_000),
                "weight": (850, 1250),
                "dims": ((300, 190, 100), (330, 210, 115)),
                "materials": ("calfskin", "suede", "cordovan", "veg_tan"),
            },
            "pumps": {
                "name": _n(
                    "포인티드 토 펌프스",
                    "pointed-toe pumps",
                    "ポインテッドトゥパンプス",
                    "尖头高跟鞋",
                    "giày cao gót mũi nhọn",
                ),
                "price": (90_000, 190_000),
                "weight": (500, 800),
                "dims": ((280, 180, 100), (310, 200, 110)),
                "materials": ("calfskin", "suede", "lambskin", "patent"),
                "styles": ("hand_lasted", "blake", "light"),
            },
            "sneakers": {
                "name": _n(
                    "로우탑 스니커즈",
                    "low-top sneakers",
                    "ローカットスニーカー",
                    "低帮板鞋",
                    "giày sneaker cổ thấp",
                ),
                "price": (90_000, 170_000),
                "weight": (700, 1100),
                "dims": ((310, 200, 110), (340, 220, 125)),
                "materials": ("calfskin", "suede", "lambskin"),
                "styles": ("hand_lasted", "light"),
            },
        },
        "materials": {
            k: _LEATHER[k] for k in ("calfskin", "suede", "cordovan", "veg_tan", "lambskin", "patent")
        },
        "styles": {
            "hand_lasted": {
                "name": _n("수제", "hand-lasted", "ハンドラスティング", "手工绷楦", "may thủ công"),
                "mult": 1.1,
            },
            "goodyear": {
                "name": _n(
                    "굿이어 웰트",
                    "Goodyear-welted",
                    "グッドイヤーウェルト製法",
                    "固特异工艺",
                    "đế khâu Goodyear",
                ),
                "mult": 1.3,
            },
            "blake": {
                "name": _n("블레이크 제법", "Blake-stitched", "マッケイ製法", "布雷克缝制", "đế khâu Blake"),
                "mult": 1.15,
            },
            "patina": {
                "name": _n("파티나 염색", "patina-dyed", "パティーヌ仕上げ", "手工擦色", "nhuộm patina"),
                "mult": 1.2,
                "excludes": ("suede", "patent"),
            },
            "light": {"name": _n("초경량", "lightweight", "軽量", "轻量", "siêu nhẹ"), "mult": 0.9},
        },
        "finishes": [
            _n(
                "토와 엣지 핸드 버니싱",
                "hand-burnished toes and edges",
                "つま先とコバの手磨き",
                "鞋头与鞋边手工抛光",
                "đánh bóng mũi và viền giày bằng tay",
            ),
            _n(
                "천연 왁스 광택",
                "a natural wax polish",
                "天然ワックスでの磨き",
                "天然蜡抛光",
                "lớp sáp đánh bóng tự nhiên",
            ),
            _n(
                "앤티크 브러시 오프",
                "antique brush-off colouring",
                "アンティーク調のブラシオフ加工",
                "复古擦色",
                "nhuộm màu cổ điển chải tay",
            ),
            _n(
                "무광 발수 코팅",
                "a matte water-repellent coating",
                "マットな撥水コーティング",
                "哑光防泼水涂层",
                "lớp phủ chống thấm nước mờ",
            ),
        ],
    },
    "bags": {
        "price": (60_000, 400_000),
        "hs": "420221",
        "moq": (5, 10, 20, 30),
        "lead": (14, 21, 28, 35),
        "keywords": ("bag", "edge", "laser leather"),
        "detail": _BAG_SIZE,
        "extras": ("solid brass hardware", "cotton twill lining", "YKK zips"),
        "types": {
            "tote": {
                "name": _n("토트백", "tote bag", "トートバッグ", "托特包", "túi tote"),
                "price": (90_000, 240_000),
                "weight": (600, 1100),
                "dims": ((340, 280, 110), (420, 330, 160)),
            },
            "crossbody": {
                "name": _n("크로스백", "crossbody bag", "ショルダーバッグ", "斜挎包", "túi đeo chéo"),
                "price": (60_000, 190_000),
                "weight": (300, 650),
                "dims": ((200, 140, 50), (280, 200, 90)),
            },
            "briefcase": {
                "name": _n("서류 가방", "briefcase", "ブリーフケース", "公文包", "cặp công sở"),
                "price": (160_000, 330_000),
                "weight": (1100, 1700),
                "dims": ((380, 280, 70), (420, 310, 110)),
                "materials": ("calfskin", "veg_tan", "pebbled"),
            },
            "backpack": {
                "name": _n("백팩", "backpack", "バックパック", "双肩包", "ba lô"),
                "price": (130_000, 300_000),
                "weight": (900, 1500),
                "dims": ((280, 400, 120), (320, 450, 160)),
            },
            "bucket": {
                "name": _n("버킷백", "bucket bag", "バケットバッグ", "水桶包", "túi bucket"),
                "price": (70_000, 210_000),
                "weight": (450, 800),
                "dims": ((200, 240, 170), (250, 290, 200)),
                "styles": ("hand_stitched", "unlined", "minimal", "hand_dyed"),
            },
        },
        "materials": {
            k: _LEATHER[k] for k in ("calfskin", "veg_tan", "pebbled", "suede", "lambskin", "waxed_canvas")
        },
        "styles": {
            "hand_stitched": _LEATHER_STYLES["hand_stitched"],
            "saddle": _LEATHER_STYLES["saddle"],
            "unlined": {
                "name": _n("안감 없는", "unlined", "裏地なし", "无内衬", "không lót"),
                "mult": 0.9,
                "excludes": ("suede", "lambskin"),
            },
            "minimal": _LEATHER_STYLES["minimal"],
            "zip_top": {"name": _n("지퍼형", "zip-top", "ファスナー付き", "拉链款", "có khóa kéo")},
            "hand_dyed": _LEATHER_STYLES["hand_dyed"],
        },
        "finishes": _LEATHER_FINISHES,
    },
    "leather_goods": {
        "price": (15_000, 150_000),
        "hs": "420231",
        "moq": (10, 20, 30, 50, 100),
        "lead": (10, 14, 21, 28),
        "keywords": ("leather goods", "edge", "laser leather", "pattern"),
        "detail": _LEATHER_THICKNESS,
        "extras": ("waxed linen thread", "solid brass hardware"),
        "types": {
            "card_wallet": {
                "name": _n("카드 지갑", "card wallet", "カードケース", "卡包", "ví đựng thẻ"),
                "price": (25_000, 65_000),
                "weight": (30, 60),
                "dims": ((100, 70, 5), (110, 80, 10)),
            },
            "bifold": {
                "name": _n("반지갑", "bifold wallet", "二つ折り財布", "对折钱包", "ví gập đôi"),
                "price": (45_000, 120_000),
                "weight": (70, 120),
                "dims": ((110, 90, 15), (120, 100, 20)),
            },
            "key_case": {
                "name": _n("키 케이스", "key case", "キーケース", "钥匙包", "bao da đựng chìa khóa"),
                "price": (25_000, 60_000),
                "weight": (40, 80),
                "dims": ((100, 60, 15), (110, 70, 20)),
            },
            "belt": {
                "name": _n("벨트", "belt", "ベルト", "皮带", "thắt lưng"),
                "price": (40_000, 110_000),
                "weight": (120, 220),
                "dims": ((1050, 30, 4), (1250, 35, 5)),
                "hs": "420330",
                "materials": ("calfskin", "veg_tan", "cordovan"),
                "styles": ("hand_stitched", "hand_dyed", "minimal"),
            },
            "passport": {
                "name": _n("여권 케이스", "passport cover", "パスポートケース", "护照夹", "bao hộ chiếu"),
                "price": (30_000, 80_000),
                "weight": (60, 110),
                "dims": ((135, 100, 8), (145, 105, 12)),
            },
            "watch_strap": {
                "name": _n("시계 스트랩", "watch strap", "時計ベルト", "表带", "dây đồng hồ"),
                "price": (25_000, 70_000),
                "weight": (10, 25),
                "dims": ((115, 20, 4), (130, 22, 5)),
                "hs": "911390",
                "materials": ("calfskin", "veg_tan", "cordovan", "suede"),
            },
        },
        "materials": {k: _LEATHER[k] for k in ("calfskin", "veg_tan", "cordovan", "pebbled", "suede")},
        "styles": _LEATHER_STYLES,
        "finishes": _LEATHER_FINISHES,
    },
    "rings": {
        "price": (40_000, 900_000),
        "hs": "711319",
        "moq": (1, 2, 5, 10),
        "lead": (7, 10, 14, 21),
        "material_first": True,
        "keywords": ("ring", "setting", "casting", "engraving", "wax", "gold"),
        "detail": _RING_SIZES,
        "types": {
            "band": {
                "name": _n("밴드 반지", "band ring", "バンドリング", "指环", "nhẫn trơn"),
                "price": (60_000, 110_000),
                "weight": (3, 7),
                "dims": None,
                "styles": ("hammered", "brushed", "twisted", "engraved", "milgrain"),
            },
            "signet": {
                "name": _n("시그닛 반지", "signet ring", "シグネットリング", "印章戒指", "nhẫn signet"),
                "price": (90_000, 170_000),
                "weight": (6, 14),
                "dims": None,
                "styles": ("engraved", "brushed", "enamel", "hammered"),
            },
            "stacking": {
                "name": _n("레이어드 반지", "stacking ring", "重ね付けリング", "叠戴戒指", "nhẫn đeo chồng"),
                "price": (40_000, 80_000),
                "weight": (1, 3),
                "dims": None,
                "styles": ("hammered", "twisted", "milgrain", "cz", "lab_diamond"),
            },
            "wedding": {
                "name": _n("결혼반지", "wedding band", "マリッジリング", "婚戒", "nhẫn cưới"),
                "price": (80_000, 150_000),
                "weight": (3, 8),
                "dims": None,
                "styles": ("hammered", "brushed", "milgrain", "engraved", "lab_diamond"),
            },
            "solitaire": {
                "name": _n("솔리테어 반지", "solitaire ring", "ソリティアリング", "单石戒指", "nhẫn đá đơn"),
                "price": (90_000, 160_000),
                "weight": (2, 5),
                "dims": None,
                "styles": ("lab_diamond", "cz"),
            },
        },
        "materials": _METALS,
        "styles": _JEWELRY_STYLES,
        "finishes": _JEWELRY_FINISHES,
    },
    "necklaces": {
        "price": (40_000, 1_200_000),
        "hs": "711319",
        "moq": (1, 3, 5, 10),
        "lead": (7, 10, 14, 21),
        "material_first": True,
        "keywords": ("chain", "casting", "setting", "enamel"),
        "detail": _CHAIN_LENGTH,
        "types": {
            "pendant": {
                "name": _n(
                    "펜던트 목걸이",
                    "pendant necklace",
                    "ペンダントネックレス",
                    "吊坠项链",
                    "dây chuyền mặt dây",
                ),
                "price": (60_000, 120_000),
                "weight": (3, 9),
                "dims": None,
                "styles": ("engraved", "enamel", "lab_diamond", "cz", "pearl", "hammered"),
            },
            "chain": {
                "name": _n(
                    "체인 목걸이", "chain necklace", "チェーンネックレス", "链条项链", "dây chuyền xích"
                ),
                "price": (50_000, 110_000),
                "weight": (4, 12),
                "dims": None,
                "styles": ("fine", "twisted", "brushed"),
            },
            "initial": {
                "name": _n(
                    "이니셜 목걸이",
                    "initial necklace",
                    "イニシャルネックレス",
                    "字母项链",
                    "dây chuyền chữ cái",
                ),
                "price": (45_000, 90_000),
                "weight": (2, 6),
                "dims": None,
                "styles": ("engraved", "fine", "cz"),
            },
            "coin": {
                "name": _n("코인 목걸이", "coin pendant", "コインペンダント", "硬币吊坠", "mặt dây đồng xu"),
                "price": (55_000, 100_000),
                "weight": (4, 10),
                "dims": None,
                "styles": ("engraved", "hammered", "brushed", "enamel"),
            },
        },
        "materials": _METALS,
        "styles": _JEWELRY_STYLES,
        "finishes": _JEWELRY_FINISHES,
    },
    "earrings": {
        "price": (30_000, 700_000),
        "hs": "711319",
        "moq": (2, 5, 10, 20),
        "lead": (7, 10, 14, 21),
        "unit": "pair",
        "material_first": True,
        "keywords": ("setting", "casting", "pearl", "polish"),
        "detail": _EARRING_SIZE,
        "types": {
            "hoop": {
                "name": _n("후프 귀걸이", "hoop earrings", "フープピアス", "圈形耳环", "bông tai vòng"),
                "price": (45_000, 90_000),
                "weight": (2, 6),
                "dims": ((15, 15, 2), (30, 30, 4)),
                "styles": ("hammered", "twisted", "brushed", "fine"),
            },
            "stud": {
                "name": _n("스터드 귀걸이", "stud earrings", "スタッドピアス", "耳钉", "bông tai nụ"),
                "price": (30_000, 70_000),
                "weight": (1, 3),
                "dims": ((4, 4, 3), (9, 9, 6)),
                "styles": ("lab_diamond", "cz", "enamel", "pearl", "brushed"),
            },
            "drop": {
                "name": _n("드롭 귀걸이", "drop earrings", "ドロップピアス", "垂坠耳环", "bông tai dáng rủ"),
                "price": (50_000, 100_000),
                "weight": (2, 6),
                "dims": ((25, 8, 4), (45, 14, 7)),
                "styles": ("pearl", "enamel", "hammered", "cz"),
            },
            "huggie": {
                "name": _n("허기 귀걸이", "huggie earrings", "ハギーピアス", "小圈耳环", "bông tai huggie"),
                "price": (40_000, 80_000),
                "weight": (1, 4),
                "dims": ((9, 9, 2), (13, 13, 4)),
                "styles": ("cz", "twisted", "fine", "milgrain"),
            },
            "ear_cuff": {
                "name": _n("이어 커프", "ear cuff", "イヤーカフ", "耳骨夹", "kẹp vành tai"),
                "price": (30_000, 60_000),
                "weight": (1, 3),
                "dims": ((10, 10, 3), (14, 14, 5)),
                "unit": "piece",
                "styles": ("twisted", "hammered", "fine"),
            },
        },
        "materials": _METALS,
        "styles": _JEWELRY_STYLES,
        "finishes": _JEWELRY_FINISHES,
    },
    "bracelets": {
        "price": (40_000, 1_500_000),
        "hs": "711319",
        "moq": (1, 3, 5, 10),
        "lead": (7, 10, 14, 21),
        "material_first": True,
        "keywords": ("chain", "setting", "engraving", "welding"),
        "detail": _BRACELET_SIZE,
        "types": {
            "bangle": {
                "name": _n("뱅글", "bangle", "バングル", "手镯", "vòng tay bản cứng"),
                "price": (70_000, 140_000),
                "weight": (8, 25),
                "dims": ((60, 52, 3), (68, 58, 8)),
                "styles": ("hammered", "brushed", "twisted", "engraved"),
            },
            "chain": {
                "name": _n(
                    "체인 팔찌", "chain bracelet", "チェーンブレスレット", "链条手链", "lắc tay dây xích"
                ),
                "price": (45_000, 90_000),
                "weight": (3, 9),
                "dims": None,
                "styles": ("fine", "twisted", "pearl"),
            },
            "cuff": {
                "name": _n("커프 팔찌", "cuff bracelet", "カフブレスレット", "开口手镯", "vòng tay hở"),
                "price": (80_000, 160_000),
                "weight": (10, 30),
                "dims": ((62, 52, 6), (68, 58, 20)),
                "styles": ("hammered", "engraved", "brushed"),
            },
            "tennis": {
                "name": _n(
                    "테니스 팔찌", "tennis bracelet", "テニスブレスレット", "网球手链", "lắc tay tennis"
                ),
                "price": (150_000, 260_000),
                "weight": (8, 15),
                "dims": None,
                "styles": ("lab_diamond", "cz"),
            },
        },
        "materials": _METALS,
        "styles": _JEWELRY_STYLES,
        "finishes": _JEWELRY_FINISHES,
    },
    "machined_parts": {
        "price": (3_000, 250_000),
        "hs": "848790",
        "moq": (1, 5, 10, 20, 50, 100),
        "lead": (5, 7, 10, 14),
        "keywords": (
            "cnc",
            "machining",
            "turning",
            "edm",
            "grinding",
            "anodizing",
            "prototype",
            "sheet metal",
        ),
        "detail": _TOLERANCE,
        "types": {
            "enclosure": {
                "name": _n("인클로저", "enclosure", "筐体", "外壳", "vỏ hộp"),
                "price": (40_000, 160_000),
                "weight": (150, 900),
                "dims": ((80, 60, 25), (220, 160, 70)),
                "styles": ("cnc", "five_axis"),
                "materials": ("al6061", "sus304", "brass", "titanium"),
            },
            "heat_sink": {
                "name": _n("방열판", "heat sink", "ヒートシンク", "散热器", "tản nhiệt"),
                "price": (15_000, 70_000),
                "weight": (60, 600),
                "dims": ((40, 40, 15), (150, 120, 45)),
                "styles": ("cnc", "five_axis"),
                "materials": ("al6061", "copper"),
            },
            "bracket": {
                "name": _n("브래킷", "mounting bracket", "取付ブラケット", "安装支架", "giá đỡ lắp đặt"),
                "price": (8_000, 45_000),
                "weight": (40, 400),
                "dims": ((40, 30, 20), (160, 100, 60)),
                "styles": ("cnc", "five_axis", "edm", "laser_bent"),
                "materials": ("al6061", "sus304", "s45c", "titanium"),
            },
            "shaft": {
                "name": _n("샤프트", "drive shaft", "ドライブシャフト", "传动轴", "trục truyền động"),
                "price": (20_000, 110_000),
                "weight": (80, 1500),
                "dims": ((80, 10, 10), (400, 40, 40)),
                "styles": ("turned", "ground"),
                "materials": ("sus304", "s45c", "scm440", "titanium"),
            },
            "flange": {
                "name": _n("플랜지", "flange", "フランジ", "法兰", "mặt bích"),
                "price": (15_000, 80_000),
                "weight": (100, 1200),
                "dims": ((50, 50, 10), (160, 160, 30)),
                "styles": ("turned", "cnc", "edm"),
                "materials": ("al6061", "sus304", "s45c", "brass"),
            },
            "bushing": {
                "name": _n("부싱", "bushing", "ブッシュ", "衬套", "bạc lót"),
                "price": (4_000, 20_000),
                "weight": (10, 150),
                "dims": ((10, 10, 10), (40, 40, 50)),
                "styles": ("turned", "ground"),
                "materials": ("brass", "sus304", "s45c", "scm440"),
            },
            "spacer": {
                "name": _n("스페이서", "spacer", "スペーサー", "隔套", "miếng đệm"),
                "price": (3_000, 12_000),
                "weight": (3, 60),
                "dims": ((6, 6, 5), (30, 30, 40)),
                "styles": ("turned", "edm"),
                "materials": ("al6061", "sus304", "brass"),
            },
        },
        "materials": {
            "al6061": {
                "name": _n("6061 알루미늄", "6061 aluminium", "A6061アルミ", "6061铝合金", "nhôm 6061"),
                "en": "aluminium 6061",
                "src": ("aluminium 6061",),
                "finishes": [
                    _n(
                        "투명 아노다이징",
                        "clear anodizing",
                        "白アルマイト",
                        "本色阳极氧化",
                        "anod hóa trong suốt",
                    ),
                    _n(
                        "흑색 아노다이징",
                        "black anodizing",
                        "黒アルマイト",
                        "黑色阳极氧化",
                        "anod hóa màu đen",
                    ),
                    _n("비드 블라스트", "bead blasting", "ビーズブラスト", "喷砂", "phun bi"),
                ],
            },
            "sus304": {
                "name": _n(
                    "스테인리스 304",
                    "304 stainless steel",
                    "SUS304ステンレス",
                    "304不锈钢",
                    "thép không gỉ 304",
                ),
                "en": "stainless steel 304",
                "mult": 1.5,
                "src": ("stainless steel 304",),
                "finishes": [
                    _n("전해 연마", "electropolishing", "電解研磨", "电解抛光", "đánh bóng điện hóa"),
                    _n("비드 블라스트", "bead blasting", "ビーズブラスト", "喷砂", "phun bi"),
                    _n(
                        "헤어라인",
                        "hairline brushing",
                        "ヘアライン加工",
                        "拉丝处理",
                        "xước hairline",
                    ),
                ],
            },
            "s45c": {
                "name": _n("S45C 탄소강", "S45C carbon steel", "S45C炭素鋼", "S45C碳钢", "thép carbon S45C"),
                "mult": 1.1,
                "src": ("S45C carbon steel",),
                "finishes": [
                    _n("흑착색", "black oxide", "黒染め", "发黑处理", "nhuộm đen"),
                    _n("아연 도금", "zinc plating", "亜鉛メッキ", "镀锌", "mạ kẽm"),
                ],
            },
            "scm440": {
                "name": _n(
                    "SCM440 합금강",
                    "SCM440 alloy steel",
                    "SCM440クロモリ鋼",
                    "SCM440合金钢",
                    "thép hợp kim SCM440",
                ),
                "mult": 1.25,
                "finishes": [
                    _n("고주파 열처리", "induction hardening", "高周波焼入れ", "高频淬火", "tôi cao tần"),
                    _n("흑착색", "black oxide", "黒染め", "发黑处理", "nhuộm đen"),
                ],
            },
            "brass": {
                "name": _n("C3604 황동", "C3604 brass", "C3604真鍮", "C3604黄铜", "đồng thau C3604"),
                "mult": 1.3,
                "src": ("brass",),
                "finishes": [
                    _n("니켈 도금", "nickel plating", "ニッケルメッキ", "镀镍", "mạ niken"),
                    _n(
                        "무도금 연마",
                        "a bare polish",
                        "無メッキの研磨",
                        "抛光（不电镀）",
                        "đánh bóng không mạ",
                    ),
                ],
            },
            "copper": {
                "name": _n("무산소 구리", "C1020 copper", "C1020無酸素銅", "C1020无氧铜", "đồng C1020"),
                "en": "copper C1020",
                "mult": 1.6,
                "src": ("copper",),
                "finishes": [_n("니켈 도금", "nickel plating", "ニッケルメッキ", "镀镍", "mạ niken")],
            },
            "titanium": {
                "name": _n("티타늄 Gr.5", "grade 5 titanium", "64チタン", "TC4钛合金", "titan Gr5"),
                "en": "titanium Ti-6Al-4V",
                "mult": 2.5,
                "src": ("titanium",),
                "finishes": [
                    _n("비드 블라스트", "bead blasting", "ビーズブラスト", "喷砂", "phun bi"),
                    _n(
                        "양극 산화 발색",
                        "anodic colouring",
                        "陽極酸化による発色",
                        "阳极氧化着色",
                        "tạo màu anod",
                    ),
                ],
            },
        },
        "styles": {
            "cnc": {"name": _n("CNC 가공", "CNC-machined", "CNC切削", "CNC加工", "gia công CNC")},
            "turned": {"name": _n("CNC 선반 가공", "CNC-turned", "CNC旋盤加工", "数控车削", "tiện CNC")},
            "five_axis": {
                "name": _n("5축 가공", "5-axis-machined", "5軸加工", "五轴加工", "gia công 5 trục"),
                "mult": 1.4,
            },
            "edm": {
                "name": _n("와이어 방전 가공", "wire-EDM-cut", "ワイヤー放電加工", "线切割", "cắt dây EDM"),
                "mult": 1.3,
            },
            "ground": {
                "name": _n("정밀 연삭", "precision-ground", "精密研削", "精密磨削", "mài chính xác"),
                "mult": 1.3,
            },
            "laser_bent": {
                "name": _n(
                    "레이저 절단·절곡",
                    "laser-cut and bent",
                    "レーザー切断・曲げ",
                    "激光切割折弯",
                    "cắt laser và chấn",
                ),
                "mult": 0.7,
            },
        },
        "finishes": [],
    },
    "tools": {
        "price": (8_000, 180_000),
        "hs": "820559",
        "moq": (1, 5, 10, 20),
        "lead": (7, 10, 14, 21),
        "keywords": ("jig", "grinding", "welding", "prototype", "metal art"),
        "detail": _HARDNESS,
        "types": {
            "punch_set": {
                "name": _n(
                    "가죽 펀치 세트",
                    "leather punch set",
                    "レザーパンチセット",
                    "皮革冲子套装",
                    "bộ đục lỗ da",
                ),
                "price": (25_000, 70_000),
                "weight": (300, 700),
                "dims": ((160, 100, 30), (220, 140, 40)),
                "unit": "set",
                "hs": "820530",
            },
            "chisels": {
                "name": _n(
                    "조각칼 세트", "carving chisel set", "彫刻刀セット", "雕刻刀套装", "bộ đục chạm khắc"
                ),
                "price": (35_000, 110_000),
                "weight": (400, 900),
                "dims": ((220, 120, 30), (280, 160, 40)),
                "unit": "set",
                "hs": "820530",
            },
            "hammer": {
                "name": _n("망치", "hammer", "ハンマー", "锤子", "búa"),
                "price": (18_000, 60_000),
                "weight": (250, 900),
                "dims": ((260, 90, 30), (330, 120, 40)),
                "hs": "820520",
                "styles": ("forged", "heat_treated"),
            },
            "square": {
                "name": _n("직각자", "engineer's square", "スコヤ", "直角尺", "thước ke vuông"),
                "price": (15_000, 55_000),
                "weight": (150, 600),
                "dims": ((100, 70, 10), (250, 160, 20)),
                "hs": "901780",
                "styles": ("ground", "cnc"),
                "materials": ("skd11", "sus304"),
            },
            "spanner": {
                "name": _n("스패너", "spanner", "スパナ", "扳手", "cờ lê"),
                "price": (9_000, 30_000),
                "weight": (80, 350),
                "dims": ((140, 35, 8), (260, 60, 12)),
                "hs": "820411",
                "styles": ("forged", "heat_treated"),
                "materials": ("crv", "s45c"),
            },
            "vise": {
                "name": _n("머신 바이스", "machine vise", "マシンバイス", "平口钳", "ê tô máy"),
                "price": (60_000, 160_000),
                "weight": (2500, 9000),
                "dims": ((200, 80, 70), (320, 130, 110)),
                "hs": "820570",
                "styles": ("ground", "cnc"),
                "materials": ("s45c", "skd11"),
            },
        },
        "materials": {
            "skd11": {
                "name": _n(
                    "SKD11 공구강", "SKD11 tool steel", "SKD11工具鋼", "SKD11工具钢", "thép công cụ SKD11"
                ),
                "en": "tool steel (SKD11)",
                "mult": 1.2,
                "src": ("tool steel (SKD11)",),
            },
            "s45c": {
                "name": _n("S45C 탄소강", "S45C carbon steel", "S45C炭素鋼", "S45C碳钢", "thép carbon S45C"),
                "src": ("S45C carbon steel",),
            },
            "crv": {
                "name": _n(
                    "크롬바나듐강",
                    "chrome vanadium steel",
                    "クロムバナジウム鋼",
                    "铬钒钢",
                    "thép crom vanadi",
                ),
                "mult": 1.1,
            },
            "sus304": {
                "name": _n(
                    "스테인리스 304",
                    "304 stainless steel",
                    "SUS304ステンレス",
                    "304不锈钢",
                    "thép không gỉ 304",
                ),
                "en": "stainless steel 304",
                "mult": 1.2,
                "src": ("stainless steel 304",),
            },
        },
        "styles": {
            "forged": {
                "name": _n("수공 단조", "hand-forged", "手打ち鍛造", "手工锻造", "rèn tay"),
                "mult": 1.3,
            },
            "heat_treated": {"name": _n("열처리", "heat-treated", "焼入れ", "热处理", "tôi nhiệt")},
            "ground": {
                "name": _n("정밀 연삭", "precision-ground", "精密研削", "精密磨削", "mài chính xác"),
                "mult": 1.2,
            },
            "cnc": {"name": _n("CNC 가공", "CNC-machined", "CNC切削", "CNC加工", "gia công CNC")},
        },
        "finishes": [
            _n("흑착색", "black oxide", "黒染め", "发黑处理", "nhuộm đen"),
            _n("경질 크롬 도금", "hard chrome plating", "硬質クロムメッキ", "镀硬铬", "mạ crom cứng"),
            _n("새틴 연마", "a satin polish", "サテン研磨", "缎面抛光", "đánh bóng satin"),
        ],
    },
    "moulds": {
        "price": (800_000, 15_000_000),
        "hs": "848071",
        "moq": (1,),
        "lead": (30, 35, 45, 60),
        "unit": "set",
        "tiers": False,
        "keywords": ("mould", "edm", "grinding", "jig"),
        "detail": _MOULD_LIFE,
        "types": {
            "injection": {
                "name": _n("사출 금형", "injection mould", "射出成形金型", "注塑模具", "khuôn ép phun"),
                "price": (2_500_000, 9_000_000),
                "weight": (60_000, 450_000),
                "dims": ((250, 200, 200), (500, 450, 400)),
                "materials": ("p20", "nak80", "al7075"),
                "styles": ("two_cavity", "four_cavity", "hot_runner", "prototype"),
            },
            "press_die": {
                "name": _n("프레스 금형", "press die", "プレス金型", "冲压模具", "khuôn dập"),
                "price": (1_800_000, 8_000_000),
                "weight": (80_000, 600_000),
                "dims": ((300, 250, 200), (700, 500, 350)),
                "hs": "820730",
                "materials": ("skd11", "dc53"),
                "styles": ("progressive", "single_stage", "prototype"),
            },
            "die_casting": {
                "name": _n(
                    "다이캐스팅 금형", "die-casting mould", "ダイカスト金型", "压铸模具", "khuôn đúc áp lực"
                ),
                "price": (4_000_000, 11_000_000),
                "weight": (150_000, 700_000),
                "dims": ((350, 300, 300), (650, 550, 450)),
                "hs": "848041",
                "materials": ("skd61",),
                "styles": ("two_cavity", "four_cavity", "prototype"),
            },
        },
        "materials": {
            "p20": {
                "name": _n("P20강", "P20 steel", "P20プリハードン鋼", "P20钢", "thép P20"),
                "en": "P20 mould steel",
            },
            "nak80": {
                "name": _n("NAK80강", "NAK80 steel", "NAK80プリハードン鋼", "NAK80钢", "thép NAK80"),
                "en": "NAK80 mould steel",
                "mult": 1.2,
            },
            "al7075": {
                "name": _n("7075 알루미늄", "7075 aluminium", "A7075アルミ", "7075铝合金", "nhôm 7075"),
                "en": "aluminium 7075",
                "mult": 0.6,
            },
            "skd11": {
                "name": _n(
                    "SKD11 공구강", "SKD11 tool steel", "SKD11工具鋼", "SKD11工具钢", "thép công cụ SKD11"
                ),
                "en": "tool steel (SKD11)",
                "src": ("tool steel (SKD11)",),
            },
            "dc53": {
                "name": _n(
                    "DC53 공구강",
                    "DC53 tool steel",
                    "DC53冷間ダイス鋼",
                    "DC53冷作钢",
                    "thép công cụ DC53",
                ),
                "mult": 1.15,
            },
            "skd61": {
                "name": _n(
                    "SKD61 열간 공구강",
                    "SKD61 hot-work steel",
                    "SKD61熱間ダイス鋼",
                    "SKD61热作钢",
                    "thép SKD61",
                ),
            },
        },
        "styles": {
            "two_cavity": {"name": _n("2캐비티", "2-cavity", "2個取り", "一出二", "2 lòng khuôn")},
            "four_cavity": {
                "name": _n("4캐비티", "4-cavity", "4個取り", "一出四", "4 lòng khuôn"),
                "mult": 1.4,
            },
            "hot_runner": {
                "name": _n("핫러너", "hot-runner", "ホットランナー", "热流道", "kênh nóng"),
                "mult": 1.5,
            },
            "prototype": {
                "name": _n("시제품용", "prototype", "試作用", "试产用", "dùng cho mẫu thử"),
                "mult": 0.5,
            },
            "progressive": {
                "name": _n("순차 이송", "progressive", "順送", "连续级进", "liên hoàn"),
                "mult": 1.4,
            },
            "single_stage": {
                "name": _n("단발", "single-stage", "単発", "单工序", "đơn công đoạn"),
                "mult": 0.8,
            },
        },
        "finishes": [
            _n(
                "캐비티 경면 연마",
                "mirror-polished cavities",
                "キャビティの鏡面研磨",
                "型腔镜面抛光",
                "đánh bóng gương lòng khuôn",
            ),
            _n(
                "방전 텍스처(VDI 27)",
                "an EDM texture (VDI 27)",
                "放電シボ（VDI 27）",
                "电火花纹理（VDI 27）",
                "vân EDM (VDI 27)",
            ),
            _n(
                "작업면 질화 처리",
                "nitrided working surfaces",
                "作業面の窒化処理",
                "工作面氮化处理",
                "thấm nitơ bề mặt làm việc",
            ),
            _n("TiCN 코팅", "a TiCN coating", "TiCNコーティング", "TiCN涂层", "phủ TiCN"),
        ],
    },
    "printed_matter": {
        "price": (300, 20_000),
        "hs": "491199",
        "moq": (50, 100, 200, 300, 500),
        "lead": (3, 5, 7, 10),
        "keywords": ("offset", "letterpress", "risograph", "screen", "foil", "embossing", "digital"),
        "detail": _PAPER_SPEC,
        "types": {
            "invitation": {
                "name": _n(
                    "청첩장 세트",
                    "wedding invitation set",
                    "結婚式招待状セット",
                    "婚礼请柬套装",
                    "bộ thiệp cưới",
                ),
                "price": (1_500, 6_000),
                "weight": (30, 70),
                "sizes": ((148, 210, 3), (127, 178, 3)),
                "unit": "set",
                "hs": "490900",
                "gsm": (300, 350, 400, 600),
                "moq": (50, 100, 150),
            },
            "art_print": {
                "name": _n("아트 프린트", "art print", "アートプリント", "艺术版画", "tranh in nghệ thuật"),
                "price": (6_000, 18_000),
                "weight": (20, 60),
                "sizes": ((297, 420, 1), (210, 297, 1), (400, 500, 1)),
                "hs": "491191",
                "materials": ("cotton", "hanji", "uncoated"),
                "styles": ("letterpress", "risograph", "silkscreen"),
                "gsm": (250, 300, 310),
                "moq": (20, 30, 50),
            },
            "poster": {
                "name": _n("포스터", "poster", "ポスター", "海报", "áp phích"),
                "price": (1_500, 9_000),
                "weight": (25, 60),
                "sizes": ((420, 594, 1), (297, 420, 1), (500, 700, 1)),
                "materials": ("uncoated", "art", "recycled"),
                "styles": ("risograph", "offset", "silkscreen"),
                "gsm": (150, 180, 200),
            },
            "postcards": {
                "name": _n("엽서 세트", "postcard set", "ポストカードセット", "明信片套装", "bộ bưu thiếp"),
                "price": (2_500, 9_000),
                "weight": (40, 90),
                "sizes": ((100, 148, 6), (105, 148, 8)),
                "unit": "set",
                "hs": "490900",
                "gsm": (250, 300, 350),
            },
            "business_cards": {
                "name": _n("명함", "business cards", "名刺", "名片", "danh thiếp"),
                "price": (8_000, 20_000),
                "weight": (120, 220),
                "dims": ((90, 50, 30), (90, 50, 40)),
                "unit": "box",
                "gsm": (300, 350, 400, 600),
                "moq": (5, 10, 20),
            },
            "booklet": {
                "name": _n("소책자", "booklet", "小冊子", "小册子", "sách mỏng"),
                "price": (1_200, 6_000),
                "weight": (60, 180),
                "sizes": ((148, 210, 5), (128, 182, 4), (210, 297, 6)),
                "hs": "490199",
                "styles": ("risograph", "offset", "letterpress"),
                "gsm": (100, 120, 150),
            },
            "greeting_card": {
                "name": _n("축하 카드", "greeting card", "グリーティングカード", "贺卡", "thiệp chúc mừng"),
                "price": (300, 3_000),
                "weight": (10, 30),
                "sizes": ((105, 148, 2), (100, 100, 2)),
                "hs": "490900",
                "gsm": (250, 300, 350),
            },
        },
        "materials": {k: _PAPERS[k] for k in ("cotton", "hanji", "uncoated", "art", "kraft", "recycled")},
        "styles": {
            k: _PRINT_STYLES[k]
            for k in ("letterpress", "risograph", "offset", "foil", "silkscreen", "embossed")
        },
        "finishes": [
            *_PRINT_FINISHES,
            _n("데클 엣지", "deckled edges", "耳付きの縁", "毛边", "mép giấy xơ tự nhiên"),
        ],
    },
    "stationery": {
        "price": (800, 25_000),
        "hs": "482010",
        "moq": (30, 50, 100, 200, 300),
        "lead": (5, 7, 10, 14),
        "keywords": ("binding", "bookbinding", "risograph", "foil", "letterpress"),
        "detail": _NOTEBOOK_SPEC,
        "types": {
            "notebook": {
                "name": _n("노트", "notebook", "ノート", "笔记本", "sổ tay"),
                "price": (3_000, 15_000),
                "weight": (150, 350),
                "sizes": ((128, 182, 12), (148, 210, 14), (105, 148, 10)),
            },
            "planner": {
                "name": _n(
                    "위클리 다이어리", "weekly planner", "ウィークリー手帳", "周计划本", "sổ kế hoạch tuần"
                ),
                "price": (8_000, 22_000),
                "weight": (250, 450),
                "sizes": ((128, 182, 18), (148, 210, 20)),
            },
            "sketchbook": {
                "name": _n("스케치북", "sketchbook", "スケッチブック", "素描本", "sổ phác thảo"),
                "price": (5_000, 18_000),
                "weight": (250, 600),
                "sizes": ((148, 210, 14), (210, 297, 16), (257, 364, 18)),
            },
            "memo_pad": {
                "name": _n("메모패드", "memo pad", "メモパッド", "便签本", "tập ghi chú"),
                "price": (1_500, 5_000),
                "weight": (60, 160),
                "sizes": ((90, 90, 10), (105, 148, 10), (75, 125, 8)),
                "styles": ("risograph", "foil", "letterpress"),
                "detail": _PAPER_GOODS_SPEC,
            },
            "envelopes": {
                "name": _n("봉투 세트", "envelope set", "封筒セット", "信封套装", "bộ phong bì"),
                "price": (2_000, 7_000),
                "weight": (40, 120),
                "sizes": ((114, 162, 4), (110, 220, 4), (120, 176, 5)),
                "unit": "set",
                "hs": "481710",
                "styles": ("risograph", "foil", "letterpress", "silkscreen"),
                "detail": _PAPER_GOODS_SPEC,
            },
            "stickers": {
                "name": _n("스티커 시트", "sticker sheet", "ステッカーシート", "贴纸", "tờ sticker"),
                "price": (800, 3_500),
                "weight": (5, 20),
                "sizes": ((100, 150, 1), (148, 210, 1)),
                "hs": "482110",
                "materials": ("art", "kraft", "recycled"),
                "styles": ("risograph", "foil", "silkscreen"),
                "detail": _PAPER_GOODS_SPEC,
            },
        },
        "materials": {k: _PAPERS[k] for k in ("cotton", "hanji", "uncoated", "kraft", "recycled", "art")},
        "styles": {
            k: _PRINT_STYLES[k]
            for k in (
                "thread_sewn",
                "lay_flat",
                "hand_bound",
                "foil",
                "risograph",
                "letterpress",
                "silkscreen",
            )
        },
        "finishes": [
            *_PRINT_FINISHES[:3],
            _n("천 책등 싸기", "a cloth-bound spine", "布クロスの背", "布面书脊", "gáy bọc vải"),
        ],
    },
    "packaging": {
        "price": (300, 8_000),
        "hs": "481920",
        "moq": (100, 200, 300, 500, 1000),
        "lead": (7, 10, 14),
        "unit": "piece",
        "keywords": ("packaging", "die cutting", "foil", "embossing"),
        "detail": _BOX_SPEC,
        "types": {
            "gift_box": {
                "name": _n("선물 상자", "gift box", "ギフトボックス", "礼品盒", "hộp quà"),
                "price": (900, 6_000),
                "weight": (60, 250),
                "dims": ((100, 100, 40), (300, 220, 100)),
                "materials": ("greyboard", "ivory", "kraft_board", "fsc"),
            },
            "folding_carton": {
                "name": _n("단상자", "folding carton", "組み箱", "折叠纸盒", "hộp giấy gấp"),
                "price": (300, 1_500),
                "weight": (15, 60),
                "dims": ((50, 50, 80), (150, 100, 200)),
                "materials": ("ivory", "kraft_board", "fsc"),
            },
            "mailer": {
                "name": _n("택배 박스", "mailer box", "メーラーボックス", "快递飞机盒", "hộp ship hàng"),
                "price": (600, 2_500),
                "weight": (80, 300),
                "dims": ((200, 150, 50), (400, 300, 120)),
                "hs": "481910",
                "materials": ("e_flute", "fsc"),
            },
            "drawer_box": {
                "name": _n("서랍형 상자", "drawer box", "引き出し式ボックス", "抽屉盒", "hộp ngăn kéo"),
                "price": (1_800, 8_000),
                "weight": (120, 400),
                "dims": ((100, 100, 40), (250, 200, 80)),
                "materials": ("greyboard",),
            },
            "shopping_bag": {
                "name": _n("쇼핑백", "shopping bag", "ショッパー", "手提纸袋", "túi giấy mua sắm"),
                "price": (500, 3_000),
                "weight": (50, 180),
                "dims": ((200, 80, 250), (420, 150, 400)),
                "hs": "481940",
                "materials": ("kraft_board", "ivory", "fsc"),
            },
        },
        "materials": {
            "kraft_board": {
                "name": _n("크라프트 보드", "kraft board", "クラフトボード", "牛皮纸板", "bìa kraft"),
                "src": ("kraft board",),
            },
            "greyboard": {
                "name": _n("합지 그레이보드", "greyboard", "チップボール", "灰板", "bìa xám"),
                "mult": 1.3,
                "src": ("greyboard",),
            },
            "ivory": {
                "name": _n("아이보리지", "ivory board", "アイボリー紙", "白卡纸", "bìa ivory"),
                "mult": 1.1,
            },
            "e_flute": {
                "name": _n(
                    "E골 골판지",
                    "E-flute corrugated board",
                    "Eフルート段ボール",
                    "E楞瓦楞纸板",
                    "bìa carton sóng E",
                ),
            },
            "fsc": {
                "name": _n(
                    "FSC 인증 재생 보드",
                    "FSC-certified recycled board",
                    "FSC認証の再生板紙",
                    "FSC认证再生纸板",
                    "bìa tái chế chứng nhận FSC",
                ),
                "mult": 1.1,
            },
        },
        "styles": {k: _PRINT_STYLES[k] for k in ("foil", "embossed", "offset", "custom", "silkscreen")},
        "finishes": [
            _PRINT_FINISHES[2],
            _PRINT_FINISHES[3],
            _n("벨벳 코팅", "soft-touch lamination", "ベルベットPP加工", "触感膜", "cán màng nhung"),
            _n("수성 바니시", "a water-based varnish", "水性ニス", "水性光油", "phủ vecni gốc nước"),
        ],
    },
    "apparel": {
        "price": (9_000, 180_000),
        "hs": "621143",
        "moq": (20, 30, 50, 100),
        "lead": (14, 21, 30),
        "keywords": ("garment", "pattern", "sample", "overlock", "cutting", "seam", "women's"),
        "detail": _GARMENT_SIZES,
        "types": {
            "shirt": {
                "name": _n("셔츠", "shirt", "シャツ", "衬衫", "áo sơ mi"),
                "price": (25_000, 65_000),
                "weight": (180, 300),
                "dims": ((300, 250, 20), (350, 280, 30)),
                "hs": "620630",
                "materials": ("poplin", "linen", "denim"),
                "styles": ("relaxed", "tailored", "oversized", "garment_dyed", "embroidered"),
            },
            "dress": {
                "name": _n("원피스", "dress", "ワンピース", "连衣裙", "váy liền"),
                "price": (35_000, 100_000),
                "weight": (220, 450),
                "dims": ((330, 260, 25), (380, 300, 40)),
                "hs": "620442",
                "materials": ("poplin", "linen", "taffeta"),
                "styles": ("relaxed", "pleated", "garment_dyed", "embroidered"),
            },
            "jacket": {
                "name": _n("재킷", "jacket", "ジャケット", "夹克", "áo khoác"),
                "price": (60_000, 150_000),
                "weight": (450, 900),
                "dims": ((380, 300, 50), (420, 340, 80)),
                "hs": "620432",
                "materials": ("denim", "gabardine", "taffeta", "linen"),
                "styles": ("relaxed", "tailored", "oversized", "garment_dyed"),
            },
            "chore_jacket": {
                "name": _n("초어 재킷", "chore jacket", "カバーオール", "工装外套", "áo khoác lao động"),
                "price": (55_000, 130_000),
                "weight": (550, 950),
                "dims": ((380, 300, 50), (420, 340, 80)),
                "hs": "620332",
                "materials": ("denim", "canvas", "linen"),
                "styles": ("relaxed", "garment_dyed", "oversized"),
            },
            "trousers": {
                "name": _n("바지", "trousers", "パンツ", "长裤", "quần dài"),
                "price": (30_000, 90_000),
                "weight": (300, 650),
                "dims": ((350, 280, 30), (400, 320, 50)),
                "hs": "620462",
                "materials": ("denim", "gabardine", "linen", "poplin"),
                "styles": ("relaxed", "tailored", "pleated", "garment_dyed"),
            },
            "tshirt": {
                "name": _n("티셔츠", "T-shirt", "Tシャツ", "T恤", "áo phông"),
                "price": (9_000, 30_000),
                "weight": (140, 260),
                "dims": ((280, 220, 15), (320, 260, 25)),
                "hs": "610910",
                "materials": ("jersey",),
                "styles": ("relaxed", "oversized", "garment_dyed", "embroidered"),
            },
        },
        "materials": {
            k: _FABRICS[k] for k in ("poplin", "linen", "denim", "jersey", "gabardine", "taffeta", "canvas")
        },
        "styles": {
            "relaxed": {"name": _n("릴랙스핏", "relaxed-fit", "リラックスフィット", "宽松", "dáng rộng")},
            "tailored": {
                "name": _n("테일러드", "tailored", "テーラード", "修身剪裁", "cắt may chuẩn dáng"),
                "mult": 1.2,
            },
            "oversized": {
                "name": _n("오버사이즈", "oversized", "オーバーサイズ", "oversize廓形", "dáng oversize")
            },
            "garment_dyed": {
                "name": _n("가먼트 다잉", "garment-dyed", "製品染め", "成衣染色", "nhuộm thành phẩm"),
                "mult": 1.15,
            },
            "pleated": {"name": _n("플리츠", "pleated", "プリーツ", "百褶", "xếp ly"), "mult": 1.1},
            "embroidered": {"name": _n("자수", "embroidered", "刺繍入り", "刺绣", "thêu"), "mult": 1.25},
        },
        "finishes": [
            _n("쌈솔 봉제", "flat-felled seams", "巻き縫い", "包边缝", "đường may cuốn"),
            _n(
                "안솔 오버로크",
                "overlocked inner seams",
                "ロックミシンでの縫い代始末",
                "内缝锁边",
                "vắt sổ đường may bên trong",
            ),
            _n("효소 워싱", "enzyme washing", "バイオウォッシュ", "酵素洗", "giặt enzyme"),
            _n("방축 가공", "an anti-shrink treatment", "防縮加工", "防缩处理", "xử lý chống co rút"),
        ],
    },
    "knitwear": {
        "price": (35_000, 180_000),
        "hs": "611030",
        "moq": (20, 30, 50),
        "lead": (14, 21, 30),
        "material_first": True,
        "keywords": ("knit", "linking", "sweater"),
        "detail": _KNIT_GAUGE,
        "types": {
            "cardigan": {
                "name": _n("카디건", "cardigan", "カーディガン", "开衫", "áo cardigan"),
                "price": (45_000, 90_000),
                "weight": (300, 650),
                "dims": ((330, 270, 40), (380, 300, 70)),
            },
            "crew": {
                "name": _n(
                    "라운드넥 스웨터",
                    "crew-neck sweater",
                    "クルーネックセーター",
                    "圆领毛衣",
                    "áo len cổ tròn",
                ),
                "price": (40_000, 85_000),
                "weight": (280, 600),
                "dims": ((330, 270, 40), (380, 300, 70)),
            },
            "turtleneck": {
                "name": _n(
                    "터틀넥 스웨터",
                    "turtleneck sweater",
                    "タートルネックセーター",
                    "高领毛衣",
                    "áo len cổ lọ",
                ),
                "price": (45_000, 90_000),
                "weight": (300, 650),
                "dims": ((330, 270, 40), (380, 300, 70)),
            },
            "vest": {
                "name": _n("스웨터 베스트", "sweater vest", "ニットベスト", "毛衣背心", "áo gile"),
                "price": (35_000, 65_000),
                "weight": (180, 350),
                "dims": ((300, 250, 30), (340, 280, 50)),
            },
            "polo": {
                "name": _n("폴로 셔츠", "polo shirt", "ニットポロ", "Polo衫", "áo polo"),
                "price": (38_000, 75_000),
                "weight": (200, 380),
                "dims": ((300, 250, 30), (340, 280, 50)),
                "styles": ("rib", "waffle", "fully_fashioned"),
            },
        },
        "materials": {
            "merino": {
                "name": _n("메리노 울", "merino wool", "メリノウール", "美利奴羊毛", "sợi merino"),
                "mult": 1.2,
                "hs": "611011",
                "src": ("wool yarn",),
            },
            "cashmere": {
                "name": _n("캐시미어", "cashmere", "カシミヤ", "羊绒", "sợi cashmere"),
                "mult": 2.0,
                "hs": "611012",
                "src": ("cashmere blend",),
            },
            "lambswool": {
                "name": _n("램스울", "lambswool", "ラムウール", "小羊毛", "sợi lông cừu non"),
                "hs": "611011",
                "src": ("wool yarn",),
            },
            "cotton": {
                "name": _n("코튼", "cotton", "コットン", "纯棉", "sợi cotton"),
                "mult": 0.8,
                "hs": "611020",
                "src": ("cotton",),
            },
            "mohair": {
                "name": _n("모헤어 혼방", "mohair-blend", "モヘア混", "马海毛混纺", "sợi pha mohair"),
                "en": "mohair blend yarn",
                "mult": 1.3,
                "hs": "611019",
            },
        },
        "styles": {
            "cable": {
                "name": _n("케이블 니트", "cable-knit", "ケーブル編み", "麻花针织", "đan vặn thừng"),
                "mult": 1.15,
            },
            "rib": {"name": _n("골지 니트", "rib-knit", "リブ編み", "罗纹针织", "đan gân")},
            "fair_isle": {
                "name": _n("페어아일", "Fair Isle", "フェアアイル柄", "费尔岛提花", "họa tiết Fair Isle"),
                "mult": 1.3,
            },
            "waffle": {"name": _n("와플 니트", "waffle-knit", "ワッフル編み", "华夫格针织", "đan tổ ong")},
            "fully_fashioned": {
                "name": _n("풀패션", "fully fashioned", "成型編み", "全成型", "dệt định hình"),
                "mult": 1.1,
            },
            "chunky": {
                "name": _n("로우게이지", "chunky-knit", "ローゲージ", "粗针", "đan kim to"),
                "mult": 1.1,
            },
        },
        "finishes": [
            _n(
                "수작업 링킹",
                "hand-linked seams",
                "手作業のリンキング",
                "手工套口",
                "đường nối linking thủ công",
            ),
            _n("소프트 워싱", "a softening wash", "風合いを柔らかくする洗い加工", "柔软水洗", "giặt làm mềm"),
            _n(
                "보풀 방지 가공",
                "anti-pilling treatment",
                "抗ピリング加工",
                "抗起球处理",
                "xử lý chống xù lông",
            ),
            _n("스팀 블로킹", "steam blocking", "スチームでの形入れ", "蒸汽定型", "định hình bằng hơi nước"),
        ],
    },
    "textile_goods": {
        "price": (5_000, 60_000),
        "hs": "630790",
        "moq": (30, 50, 100, 200),
        "lead": (10, 14, 21),
        "keywords": ("embroidery", "pouch", "bag", "textile", "fabric"),
        "detail": _TEXTILE_SIZE,
        "types": {
            "tote": {
                "name": _n("토트백", "tote bag", "トートバッグ", "托特包", "túi tote"),
                "price": (8_000, 30_000),
                "weight": (150, 400),
                "dims": ((350, 380, 5), (420, 450, 120)),
                "hs": "420222",
                "materials": ("canvas", "linen", "denim", "taffeta"),
            },
            "apron": {
                "name": _n("앞치마", "apron", "エプロン", "围裙", "tạp dề"),
                "price": (12_000, 38_000),
                "weight": (180, 400),
                "dims": ((700, 850, 3), (800, 950, 5)),
                "hs": "621142",
                "materials": ("canvas", "linen", "denim"),
                "styles": ("embroidered", "dyed", "screen"),
            },
            "cushion": {
                "name": _n("쿠션 커버", "cushion cover", "クッションカバー", "靠垫套", "vỏ gối tựa"),
                "price": (9_000, 30_000),
                "weight": (100, 250),
                "dims": ((450, 450, 3), (500, 500, 5)),
                "hs": "630492",
                "materials": ("linen", "canvas", "ramie", "silk"),
            },
            "pouch": {
                "name": _n("파우치", "pouch", "ポーチ", "收纳包", "túi pouch"),
                "price": (5_000, 22_000),
                "weight": (40, 120),
                "dims": ((180, 120, 20), (250, 170, 60)),
                "hs": "420292",
                "materials": ("canvas", "linen", "taffeta", "silk"),
            },
            "scarf": {
                "name": _n("스카프", "scarf", "スカーフ", "围巾", "khăn quàng"),
                "price": (14_000, 45_000),
                "weight": (40, 150),
                "dims": ((500, 500, 1), (900, 900, 2)),
                "hs": "621490",
                "materials": ("silk", "linen", "ramie"),
                "styles": ("dyed", "screen", "patchwork", "embroidered"),
            },
            "yardage": {
                "name": _n(
                    "원단",
                    "fabric by the metre",
                    "生地（メーター売り）",
                    "面料（按米出售）",
                    "cuộn",
                ),
                "price": (8_000, 30_000),
                "weight": (150, 400),
                "dims": None,
                "unit": "meter",
                "hs": "520852",
                "materials": ("linen", "canvas", "ramie", "denim"),
                "styles": ("dyed", "screen", "quilted"),
                "detail": _FABRIC_WIDTH,
                "moq": (10, 20, 30, 50),
            },
        },
        "materials": {k: _FABRICS[k] for k in ("canvas", "linen", "denim", "taffeta", "ramie", "silk")},
        "styles": {
            "screen": {
                "name": _n("실크스크린", "screen-printed", "シルクスクリーンプリント", "丝网印花", "in lưới"),
                "mult": 1.1,
            },
            "embroidered": {"name": _n("자수", "embroidered", "刺繍入り", "刺绣", "thêu"), "mult": 1.25},
            "quilted": {"name": _n("퀼팅", "quilted", "キルティング", "绗缝", "chần bông"), "mult": 1.2},
            "patchwork": {
                "name": _n(
                    "조각보", "jogakbo patchwork", "ポジャギ風パッチワーク", "韩式拼布", "chắp vá jogakbo"
                ),
                "mult": 1.4,
                "excludes": ("taffeta", "denim"),
            },
            "dyed": {
                "name": _n("천연 염색", "naturally dyed", "草木染め", "植物染", "nhuộm tự nhiên"),
                "mult": 1.3,
            },
            "reversible": {"name": _n("양면", "reversible", "リバーシブル", "双面", "hai mặt"), "mult": 1.1},
        },
        "finishes": [
            _n("통솔 봉제", "French seams", "袋縫い", "来去缝", "đường may kiểu Pháp"),
            _n("바이어스 처리", "bias-bound edges", "バイアス始末", "滚边", "viền bọc bias"),
            _n(
                "선세탁 방축",
                "a pre-wash against shrinkage",
                "防縮のための洗い加工",
                "预缩水洗",
                "giặt trước chống co rút",
            ),
        ],
    },
    "electronic_modules": {
        "price": (2_000, 60_000),
        "hs": "854370",
        "moq": (10, 50, 100, 250, 500),
        "lead": (14, 21, 30, 45),
        "title_material": False,
        "keywords": ("pcb", "smt", "firmware", "sensor", "wireless", "circuit", "soldering", "testing"),
        "detail": _BOARD_SPEC,
        "extras": ("SMD components", "lead-free solder"),
        "types": {
            "sensor": {
                "name": _n(
                    "센서 모듈", "sensor module", "センサーモジュール", "传感器模块", "mô-đun cảm biến"
                ),
                "price": (4_000, 25_000),
                "weight": (3, 20),
                "dims": ((20, 15, 3), (50, 40, 10)),
            },
            "led_driver": {
                "name": _n(
                    "LED 드라이버 보드",
                    "LED driver board",
                    "LEDドライバー基板",
                    "LED驱动板",
                    "bo mạch driver LED",
                ),
                "price": (3_000, 20_000),
                "weight": (10, 60),
                "dims": ((30, 20, 8), (90, 50, 20)),
                "hs": "850440",
            },
            "ble": {
                "name": _n(
                    "블루투스 LE 모듈",
                    "Bluetooth LE module",
                    "Bluetooth LEモジュール",
                    "BLE蓝牙模块",
                    "mô-đun Bluetooth LE",
                ),
                "price": (6_000, 28_000),
                "weight": (2, 10),
                "dims": ((15, 12, 2), (30, 20, 4)),
                "hs": "851762",
                "materials": ("fr4", "flex"),
            },
            "motor_driver": {
                "name": _n(
                    "모터 드라이버 보드",
                    "motor driver board",
                    "モータードライバー基板",
                    "电机驱动板",
                    "bo mạch điều khiển động cơ",
                ),
                "price": (8_000, 45_000),
                "weight": (20, 90),
                "dims": ((40, 30, 10), (100, 70, 25)),
                "hs": "853710",
                "materials": ("fr4", "al_core"),
            },
            "dcdc": {
                "name": _n(
                    "DC-DC 전원 모듈",
                    "DC-DC power module",
                    "DC-DC電源モジュール",
                    "DC-DC电源模块",
                    "mô-đun nguồn DC-DC",
                ),
                "price": (2_000, 18_000),
                "weight": (5, 40),
                "dims": ((20, 15, 6), (60, 40, 15)),
                "hs": "850440",
                "styles": ("usb_c", "coated", "kc", "rohs"),
            },
            "iot": {
                "name": _n(
                    "IoT 컨트롤러 보드",
                    "IoT controller board",
                    "IoTコントローラー基板",
                    "物联网控制板",
                    "bo mạch điều khiển IoT",
                ),
                "price": (15_000, 55_000),
                "weight": (15, 70),
                "dims": ((50, 40, 10), (100, 80, 25)),
                "hs": "853710",
                "materials": ("fr4",),
            },
        },
        "materials": {
            "fr4": {
                "name": _n("FR-4 기판", "FR-4 PCB", "FR-4基板", "FR-4基板", "mạch in FR-4"),
                "src": ("FR-4 PCB", "SMD components"),
            },
            "al_core": {
                "name": _n(
                    "알루미늄 기판", "aluminium-core PCB", "アルミ基板", "铝基板", "mạch in nhân nhôm"
                ),
                "mult": 1.2,
            },
            "flex": {
                "name": _n("연성 기판", "flex PCB", "フレキシブル基板", "柔性电路板", "mạch in dẻo"),
                "mult": 1.3,
                "src": ("flex PCB",),
            },
        },
        "styles": {
            "low_power": {"name": _n("저전력", "low-power", "低消費電力", "低功耗", "tiết kiệm điện")},
            "usb_c": {"name": _n("USB-C 입력", "USB-C", "USB-C給電", "USB-C供电", "cổng USB-C")},
            "coated": {
                "name": _n(
                    "컨포멀 코팅", "conformal-coated", "防湿コート済み", "三防漆涂覆", "phủ conformal"
                ),
                "mult": 1.15,
            },
            "kc": {
                "name": _n("KC 인증", "KC-certified", "KC認証済み", "KC认证", "đạt chứng nhận KC"),
                "mult": 1.1,
            },
            "four_layer": {"name": _n("4층", "4-layer", "4層", "四层", "4 lớp"), "mult": 1.2},
            "rohs": {
                "name": _n("RoHS 무연", "RoHS lead-free", "RoHS対応鉛フリー", "RoHS无铅", "không chì RoHS")
            },
        },
        "finishes": [
            _n(
                "ENIG 금도금 패드",
                "ENIG gold-plated pads",
                "ENIG金メッキのパッド",
                "沉金焊盘",
                "pad mạ vàng ENIG",
            ),
            _n("무연 HASL", "lead-free HASL", "鉛フリーHASL", "无铅喷锡", "phủ thiếc HASL không chì"),
            _n(
                "무광 블랙 PSR",
                "a matte black solder mask",
                "マットブラックのソルダーレジスト",
                "哑光黑阻焊",
                "lớp phủ hàn màu đen mờ",
            ),
        ],
    },
    "cables": {
        "price": (2_000, 60_000),
        "hs": "854442",
        "moq": (50, 100, 200, 500),
        "lead": (10, 14, 21, 30),
        "title_material": False,
        "keywords": ("cable", "harness", "soldering"),
        "detail": _CABLE_SPEC,
        "types": {
            "usb_c": {
                "name": _n("USB-C 케이블", "USB-C cable", "USB-Cケーブル", "USB-C数据线", "cáp USB-C"),
                "price": (2_500, 12_000),
                "weight": (20, 60),
                "dims": ((1000, 10, 5), (2000, 12, 6)),
                "materials": ("silicone", "pvc", "tpe"),
            },
            "harness": {
                "name": _n("와이어 하네스", "wiring harness", "ワイヤーハーネス", "线束", "bó dây điện"),
                "price": (6_000, 50_000),
                "weight": (50, 600),
                "dims": ((300, 50, 20), (1500, 200, 60)),
                "hs": "854430",
                "materials": ("pvc", "silicone", "tinned"),
                "styles": ("custom_length", "shielded", "sleeved"),
            },
            "jst": {
                "name": _n(
                    "JST 커넥터 케이블",
                    "JST connector cable",
                    "JSTコネクタケーブル",
                    "JST端子线",
                    "cáp đầu nối JST",
                ),
                "price": (2_000, 8_000),
                "weight": (5, 20),
                "dims": ((100, 10, 5), (500, 15, 8)),
                "materials": ("silicone", "pvc", "tinned"),
                "styles": ("custom_length", "right_angle", "sleeved"),
            },
            "power_cord": {
                "name": _n("전원 코드", "AC power cord", "AC電源コード", "交流电源线", "dây nguồn AC"),
                "price": (3_500, 15_000),
                "weight": (120, 300),
                "dims": ((1500, 20, 8), (2500, 25, 10)),
                "materials": ("pvc", "tpe"),
                "styles": ("custom_length", "right_angle", "braided", "overmoulded"),
            },
            "audio": {
                "name": _n("오디오 케이블", "audio cable", "オーディオケーブル", "音频线", "cáp âm thanh"),
                "price": (6_000, 40_000),
                "weight": (40, 200),
                "dims": ((500, 10, 6), (3000, 15, 8)),
                "materials": ("ofc",),
                "styles": ("shielded", "braided", "right_angle", "overmoulded"),
            },
            "ribbon": {
                "name": _n("플랫 리본 케이블", "ribbon cable", "フラットケーブル", "排线", "cáp dẹt"),
                "price": (2_000, 10_000),
                "weight": (10, 60),
                "dims": ((100, 30, 2), (600, 60, 3)),
                "materials": ("pvc", "tinned"),
                "styles": ("custom_length", "shielded"),
            },
        },
        "materials": {
            "silicone": {
                "name": _n(
                    "실리콘 피복 구리선",
                    "silicone-insulated copper wire",
                    "シリコン被覆の銅線",
                    "硅胶绝缘铜线",
                    "dây đồng vỏ silicon",
                ),
                "src": ("silicone wire",),
            },
            "pvc": {
                "name": _n(
                    "PVC 피복 구리선",
                    "PVC-insulated copper wire",
                    "PVC被覆の銅線",
                    "PVC绝缘铜线",
                    "dây đồng vỏ PVC",
                ),
                "mult": 0.85,
                "src": ("copper cable",),
            },
            "tpe": {
                "name": _n(
                    "TPE 피복 케이블", "TPE-jacketed cable", "TPE被覆ケーブル", "TPE护套线", "cáp vỏ TPE"
                ),
            },
            "tinned": {
                "name": _n(
                    "주석 도금 구리선", "tinned copper wire", "錫メッキ銅線", "镀锡铜线", "dây đồng mạ thiếc"
                ),
                "mult": 1.1,
                "src": ("copper cable",),
            },
            "ofc": {
                "name": _n(
                    "무산소 동선", "oxygen-free copper wire", "無酸素銅線", "无氧铜线", "dây đồng không oxy"
                ),
                "mult": 1.3,
                "src": ("copper cable",),
            },
        },
        "styles": {
            "braided": {"name": _n("브레이드", "braided", "編組", "编织", "bọc dù"), "mult": 1.2},
            "shielded": {"name": _n("차폐", "shielded", "シールド付き", "屏蔽", "chống nhiễu"), "mult": 1.15},
            "custom_length": {
                "name": _n("맞춤 길이", "custom-length", "長さ指定", "定长", "cắt theo chiều dài")
            },
            "right_angle": {"name": _n("ㄱ자형", "right-angle", "L型", "直角弯头", "đầu bẻ góc vuông")},
            "overmoulded": {
                "name": _n("오버몰딩", "overmoulded", "モールド成形", "注塑成型", "bọc nhựa đúc"),
                "mult": 1.1,
            },
            "sleeved": {
                "name": _n("슬리브 마감", "sleeved", "スリーブ付き", "套管", "bọc ống lưới"),
                "mult": 1.1,
            },
        },
        "finishes": [
            _n(
                "열수축 튜브 보강",
                "heat-shrink strain relief",
                "熱収縮チューブでの補強",
                "热缩管加固",
                "ống co nhiệt chống gãy",
            ),
            _n(
                "양끝 라벨",
                "printed labels on both ends",
                "両端のラベル表示",
                "两端印字标签",
                "nhãn in ở hai đầu",
            ),
            _n("금도금 단자", "gold-plated contacts", "金メッキ端子", "镀金端子", "đầu tiếp xúc mạ vàng"),
        ],
    },
}

# Industries of the clusters, for makers handed over without an ``industry`` key.
_CLUSTER_INDUSTRIES = {
    "seongsu": "shoes_leather",
    "jongno": "jewelry",
    "bongik": "jewelry",
    "mullae": "machine_metal",
    "euljiro": "printing",
    "dongdaemun": "sewing",
    "changsin": "sewing",
    "jangwi": "sewing",
    "doksan": "sewing",
    "guro-geumcheon": "electronics",
}

# Clusters that lean towards one category (Jangwi-dong and Doksan-dong are knitting neighbourhoods).
_CLUSTER_LEANINGS = {"jangwi": "knitwear", "doksan": "knitwear"}

# --- Description sentences ----------------------------------------------------------------------------------

_ORIGIN = (
    _n(
        "서울 {place}의 {team}에서 {material} 소재로 만듭니다.",
        "Made in {place} by {team}, using {material}.",
        "ソウル・{place}の{team}が、{material}を使って製作しています。",
        "由首尔{place}{team}采用{material}制作。",
        "Sản xuất tại {team} ở {place}, Seoul, từ {material}.",
    ),
    _n(
        "{material} 소재로, 서울 {place}의 {team}에서 하나하나 손봐 완성합니다.",
        "Made from {material} in {place} by {team} that checks every piece by hand.",
        "{material}を素材に、ソウル・{place}の{team}が一点ずつ手を掛けて仕上げています。",
        "以{material}为原料，由首尔{place}{team}逐件手工把关完成。",
        "Làm từ {material} bởi {team} ở {place}, Seoul, kiểm tra thủ công từng sản phẩm.",
    ),
)

_FINISH = _n(
    "{finish} 마감으로 완성했습니다.",
    "Finished with {finish}.",
    "仕上げは{finish}です。",
    "收尾工艺为{finish}。",
    "Hoàn thiện bằng {finish}.",
)


def _team(industry: str, staff: int) -> dict[str, str]:
    noun, people = _WORKSHOPS[industry]
    if staff <= 1:
        en = f"a one-person {noun['en']}"
        return _n(
            f"1인 {noun['ko']}",
            en,
            f"ひとりで営む{noun['ja']}",
            f"一家个人{noun['zh_Hans']}",
            f"một {noun['vi']} một người",
        )
    article = "an" if noun["en"][0] in "aeiou" else "a"
    return _n(
        f"{staff}명이 일하는 {noun['ko']}",
        f"{article} {noun['en']} of {staff} {people}",
        f"{staff}人が働く{noun['ja']}",
        f"一家{staff}人{noun['zh_Hans']}",
        f"một {noun['vi']} {staff} người",
    )


def _place(maker: dict) -> dict[str, str]:
    district = maker.get("district") or ""
    cluster = _CLUSTER_NAMES.get(maker.get("cluster_code", ""))
    if cluster is None:
        return dict.fromkeys(LOCALES, district)
    place = dict(cluster)
    if district and district != cluster["en"]:
        # "Mullae-dong 3-ga" names its cluster already; "Gasan-dong" needs "Guro-Geumcheon G-Valley" beside it.
        stem = cluster["en"].split("-")[0].split()[0]
        place["en"] = district if district.startswith(stem) else f"{cluster['en']} ({district})"
        place["vi"] = place["en"]
        district_ko = DISTRICTS_KO.get(district)
        if district_ko:
            stem_ko = re.split(r"[\d·\s]", cluster["ko"])[0].removesuffix("동")
            place["ko"] = district_ko if district_ko.startswith(stem_ko) else f"{cluster['ko']} {district_ko}"
    return place


# --- Generation ---------------------------------------------------------------------------------------------


def _fill(template: str, locale: str, values: dict) -> str:
    return template.format(**{k: v[locale] if isinstance(v, dict) else v for k, v in values.items()})


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def _title(spec: dict, style: dict, material: dict, kind: dict, locale: str) -> str:
    s, m, t = style["name"][locale], material["name"][locale], kind["name"][locale]
    if locale == "vi":
        parts = [t, m, s] if spec.get("title_material", True) else [t, s]
        return _capitalise(" ".join(parts))
    if not spec.get("title_material", True):
        parts = [s, t]
    elif spec.get("material_first"):
        parts = [m, s, t]
    else:
        parts = [s, m, t]
    if locale == "zh_Hans":
        return "".join(parts)
    text = " ".join(parts)
    return _capitalise(text) if locale == "en" else text


def _allowed(pool: dict, keys) -> list[str]:
    return [k for k in pool if keys is None or k in keys]


def _pick_material(rng: random.Random, maker: dict, spec: dict, kind: dict) -> str:
    keys = _allowed(spec["materials"], kind.get("materials"))
    own = set(maker.get("materials") or ())
    weights = [4 if own.intersection(spec["materials"][k].get("src", ())) else 1 for k in keys]
    return rng.choices(keys, weights)[0]


def _pick_style(rng: random.Random, spec: dict, kind: dict, material_key: str) -> str:
    keys = _allowed(spec["styles"], kind.get("styles"))
    fitting = [k for k in keys if material_key not in spec["styles"][k].get("excludes", ())]
    return rng.choice(fitting or keys)


def _category_weights(maker: dict, categories: tuple[str, ...]) -> list[float]:
    skills = " ".join(maker.get("capabilities") or ()).lower()
    weights = []
    for code in categories:
        weight = 1.0
        if any(word in skills for word in _CATALOG[code]["keywords"]):
            weight *= 2.5
        if _CLUSTER_LEANINGS.get(maker.get("cluster_code", "")) == code:
            weight *= 4
        weights.append(weight)
    return weights


def _round_price(value: float, step: int = 100) -> int:
    return max(step, int(round(value / step)) * step)


def _tiers(rng: random.Random, price: int, moq: int) -> list[dict]:
    count = rng.choices((0, 1, 2, 3), (2, 3, 4, 3))[0]
    if not count:
        return []
    multiples = sorted(rng.sample((2, 3, 5, 10) if price >= 100_000 else (2, 3, 5, 10, 20, 50), count))
    step = 100 if price >= 2_000 else 10
    tiers: list[dict] = []
    previous, discount = price, 0.0
    for multiple in multiples:
        discount += rng.uniform(0.03, 0.10)
        tier_price = _round_price(price * (1 - discount), step)
        if tier_price >= previous:
            tier_price = previous - step
        if tier_price <= 0 or tier_price < price * 0.6:
            break
        tiers.append({"min_qty": moq * multiple, "price_krw": tier_price})
        previous = tier_price
    return tiers


def _dimensions(rng: random.Random, kind: dict) -> list[int] | None:
    if "sizes" in kind:
        return list(rng.choice(kind["sizes"]))
    if kind.get("dims") is None:
        return None
    low, high = kind["dims"]
    dims = []
    for a, b in zip(low, high, strict=True):
        value = rng.randint(a, b)
        dims.append(int(round(value / 5)) * 5 if value >= 50 and a != b else value)
    return dims


def _weight(rng: random.Random, kind: dict) -> int:
    low, high = kind["weight"]
    value = rng.randint(low, high)
    if value >= 1000:
        return int(round(value / 50)) * 50
    return int(round(value / 5)) * 5 if value >= 50 else value


def _incoterms(rng: random.Random) -> list[str]:
    count = rng.choices((1, 2, 3, 4), (3, 4, 3, 1))[0]
    chosen = set(rng.sample(range(len(INCOTERMS)), count))
    return [term for i, term in enumerate(INCOTERMS) if i in chosen]


def _choose(
    rng: random.Random, maker: dict, categories: tuple[str, ...], weights: list[float], used: set[str]
):
    for _ in range(60):
        code = rng.choices(categories, weights)[0]
        spec = _CATALOG[code]
        type_key = rng.choice(list(spec["types"]))
        kind = spec["types"][type_key]
        material_key = _pick_material(rng, maker, spec, kind)
        style_key = _pick_style(rng, spec, kind, material_key)
        titles = {
            locale: _title(spec, spec["styles"][style_key], spec["materials"][material_key], kind, locale)
            for locale in LOCALES
        }
        if titles["en"].lower() not in used:
            return code, type_key, material_key, style_key, titles
    number = 2
    base = titles
    while titles["en"].lower() in used:
        titles = {
            "ko": f"{base['ko']} {number}호",
            "en": f"{base['en']} No. {number}",
            "ja": f"{base['ja']} {number}号",
            "zh_Hans": f"{base['zh_Hans']}{number}号",
            "vi": f"{base['vi']} số {number}",
        }
        number += 1
    return code, type_key, material_key, style_key, titles


def _product(rng: random.Random, maker: dict, industry: str, weights: list[float], used: set[str]) -> dict:
    categories = INDUSTRY_CATEGORIES[industry]
    code, type_key, material_key, style_key, titles = _choose(rng, maker, categories, weights, used)
    used.add(titles["en"].lower())
    spec = _CATALOG[code]
    kind = spec["types"][type_key]
    material = spec["materials"][material_key]
    style = spec["styles"][style_key]
    present = {locale for locale, share in TRANSLATION_SHARE.items() if rng.random() < share} | {"ko", "en"}
    locales = [locale for locale in LOCALES if locale in present]

    low, high = kind["price"]
    raw = rng.uniform(low, high) * material.get("mult", 1.0) * style.get("mult", 1.0)
    floor, ceiling = spec["price"]
    price = _round_price(min(max(raw, floor), ceiling))
    moq = rng.choice(kind.get("moq", spec["moq"]))
    dims = _dimensions(rng, kind)
    weight = _weight(rng, kind)
    lead = rng.choice(spec["lead"])

    finishes = kind.get("finishes") or material.get("finishes") or spec["finishes"]
    finish = rng.choice(finishes)
    detail_templates, detail_params = kind.get("detail") or spec["detail"]
    ctx = {
        "dims": dims,
        "moq": moq,
        "weight": weight,
        "style": style_key,
        "material": material_key,
        "type": kind,
    }
    detail_values = detail_params(rng, ctx)
    origin = rng.choice(_ORIGIN)
    team = _team(industry, int(maker.get("staff_count") or 1))
    place = _place(maker)

    descriptions = {}
    for locale in locales:
        sentences = [
            _fill(origin[locale], locale, {"place": place, "team": team, "material": material["name"]}),
            _fill(_FINISH[locale], locale, {"finish": finish}),
            _fill(detail_templates[locale], locale, detail_values),
        ]
        joiner = "" if locale in ("ja", "zh_Hans") else " "
        descriptions[locale] = (
            _capitalise(joiner.join(sentences)) if locale == "en" else joiner.join(sentences)
        )

    materials = [material.get("en", material["name"]["en"])]
    if style.get("extra"):
        materials.append(style["extra"])
    extras = [e for e in spec.get("extras", ()) if e not in materials]
    if extras:
        materials.extend(rng.sample(extras, rng.randint(0, min(2, len(extras)))))

    return {
        "category": code,
        "title": {locale: titles[locale] for locale in locales},
        "description": descriptions,
        "price_krw": price,
        "quantity_tiers": _tiers(rng, price, moq) if spec.get("tiers", True) else [],
        "moq": moq,
        "unit": kind.get("unit", spec.get("unit", "piece")),
        "lead_time_days": lead,
        "hs_code": kind.get("hs") or material.get("hs") or spec["hs"],
        "materials": materials,
        "weight_g": weight,
        "dimensions_mm": dims,
        "incoterms": _incoterms(rng),
    }


def generate_products(rng: random.Random, maker: dict, count: int) -> list[dict]:
    """``count`` products of ``maker`` in its industry's categories, their English titles unique per maker."""
    industry = maker.get("industry") or _CLUSTER_INDUSTRIES[maker["cluster_code"]]
    weights = _category_weights(maker, INDUSTRY_CATEGORIES[industry])
    used: set[str] = set()
    return [_product(rng, maker, industry, weights, used) for _ in range(count)]


def generate_catalog(
    rng: random.Random,
    makers: list[dict],
    industries: dict[str, str],
    per_maker: tuple[int, int] = (3, 7),
) -> list[tuple[int, dict]]:
    """Products for every maker, as ``(maker_index, product)`` pairs; each maker lists ``per_maker`` of them.

    ``industries`` maps cluster codes to industries. Larger counts are likelier than smaller ones (most
    workshops list several products), so 160 makers list well over 800 products with the default range.
    """
    return list(iter_catalog(rng, makers, industries, per_maker))


def iter_catalog(rng: random.Random, makers: list[dict], industries: dict[str, str],
                 per_maker: tuple[int, int] = (3, 7)) -> Iterator[tuple[int, dict]]:
    """:func:`generate_catalog` one product at a time (the same products for the same ``rng``), so a bench of a
    million products never holds them all."""
    low, high = per_maker
    counts = list(range(low, high + 1))
    weights = [1 + i for i in range(len(counts))]
    for index, maker in enumerate(makers):
        count = rng.choices(counts, weights)[0]
        with_industry = dict(maker, industry=industries[maker["cluster_code"]])
        for product in generate_products(rng, with_industry, count):
            yield index, product
