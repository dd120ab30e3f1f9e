"""How complete a request for quote is: 0–100 points from the useful facts it gives a workshop.

A small workshop answers a precise request in minutes and a vague one never, so the form scores a draft and
says what is missing before it is sent; makers may set the least score they accept. The points:

========================================  ======
quantity                                    10
target price (with its currency)            15
incoterm                                    10
destination country                         10
needed-by date                              10
message of at least 80 characters           15 (5 from 30 characters)
mentions material, size, colour, finish     5 each
at least one attachment                     10
========================================  ======
"""

from __future__ import annotations

import dataclasses
import re

from flask_babel import lazy_gettext as _l

MESSAGE_GOOD_LENGTH = 80
MESSAGE_SHORT_LENGTH = 30

# Words that show the buyer said what they want, in the languages buyers write in (en, ja, ko, zh, vi).
# Matched case-insensitively anywhere in the message; the size pattern also takes measurements like "30 mm".
SPECIFICS: dict[str, re.Pattern] = {
    "material": re.compile(
        r"material|leather|steel|stainless|alumin|brass|copper|silver|gold|titanium|cotton|wool|linen|silk|"
        r"denim|nylon|polyester|wood|plastic|acrylic|resin|rubber|paper|glass|ceramic|"
        r"素材|材質|材料|革|レザー|金属|木材|綿|소재|재질|재료|가죽|원단|금속|스테인리스|황동|"
        r"chất liệu|vật liệu|da thật",
        re.IGNORECASE),
    "size": re.compile(
        r"\bsizes?\b|dimension|width|length|height|depth|diameter|thickness|weight|"
        r"\d\s?(?:mm|cm|m|in|inch|inches|kg|g|oz|ml|l)\b|\d\s?[x×]\s?\d|"
        r"サイズ|寸法|幅|長さ|高さ|厚さ|重さ|사이즈|크기|치수|규격|두께|무게|尺寸|大小|kích thước|cỡ",
        re.IGNORECASE),
    "colour": re.compile(
        r"colou?rs?\b|pantone|\bral\b|black|white|\bred\b|blue|green|yellow|brown|grey|gray|navy|beige|ivory|"
        r"pink|purple|orange|\btan\b|"
        r"色|カラー|黒|白|색상|컬러|색깔|검정|흰색|颜色|màu",
        re.IGNORECASE),
    "finish": re.compile(
        r"finish|polish|matte?\b|gloss|satin|brushed|anodi[sz]|plat(?:ed|ing)|coat(?:ed|ing)|lacquer|"
        r"powder|sandblast|engrav|emboss|embroider|stitch|print(?:ed|ing)|"
        r"仕上げ|研磨|塗装|メッキ|刻印|마감|광택|도금|코팅|도장|각인|표면처리|表面处理|抛光|hoàn thiện|đánh bóng",
        re.IGNORECASE),
}

LABELS = {
    "quantity": _l("the quantity you need"),
    "target_price": _l("a target unit price and its currency"),
    "incoterm": _l("the incoterm (who ships and insures, e.g. FOB or DDP)"),
    "destination_country": _l("the destination country"),
    "needed_by": _l("the date you need the goods by"),
    "message": _l("a message of at least 80 characters describing the product"),
    "material": _l("the material"),
    "size": _l("the size or dimensions"),
    "colour": _l("the colour"),
    "finish": _l("the finish (e.g. polished, matte, plated)"),
    "attachments": _l("a drawing, photo or specification (PDF, PNG or JPEG)"),
}

WEIGHTS = {
    "quantity": 10,
    "target_price": 15,
    "incoterm": 10,
    "destination_country": 10,
    "needed_by": 10,
    "message": 15,
    "material": 5,
    "size": 5,
    "colour": 5,
    "finish": 5,
    "attachments": 10,
}
assert sum(WEIGHTS.values()) == 100


@dataclasses.dataclass(frozen=True)
class Completeness:
    """A score out of 100 and the facts still missing, most valuable first (keys of :data:`LABELS`)."""

    score: int
    missing: tuple[str, ...]

    def missing_labels(self) -> list:
        """What is missing, in words for the buyer."""
        return [LABELS[key] for key in self.missing]


def score_rfq(*, quantity=None, target_price=None, currency=None, incoterm=None, destination_country=None,
              needed_by=None, message: str = "", attachment_count: int = 0, materials=()) -> Completeness:
    """Score the facts a request gives (values already validated; None or empty means not given)."""
    message = (message or "").strip()
    present = {
        "quantity": bool(quantity),
        "target_price": target_price is not None and bool(currency),
        "incoterm": bool(incoterm),
        "destination_country": bool(destination_country),
        "needed_by": needed_by is not None,
        "message": len(message) >= MESSAGE_GOOD_LENGTH,
        "attachments": attachment_count > 0,
    }
    for key, pattern in SPECIFICS.items():
        present[key] = bool(pattern.search(message))
    # Materials chosen from the list say what the message would otherwise have to.
    present["material"] = present.get("material", False) or bool(materials)
    score = sum(WEIGHTS[key] for key, ok in present.items() if ok)
    if not present["message"] and len(message) >= MESSAGE_SHORT_LENGTH:
        score += 5
    missing = tuple(sorted((key for key, ok in present.items() if not ok), key=lambda k: -WEIGHTS[k]))
    return Completeness(score=score, missing=missing)
