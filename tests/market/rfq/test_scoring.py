"""RFQ completeness: a 0–100 score from the useful facts a request gives, and what is still missing."""

import datetime as dt

from market.rfq.scoring import LABELS, WEIGHTS, score_rfq
from tests.factories.rfq import LONG_MESSAGE


def test_complete_request_scores_100():
    """A request with every fact, a specific message and an attachment scores 100 and misses nothing."""
    result = score_rfq(quantity=200, target_price=32, currency="USD", incoterm="FOB", destination_country="JP",
                       needed_by=dt.date(2027, 1, 1), message=LONG_MESSAGE, attachment_count=1)
    assert result.score == 100 and result.missing == ()


def test_bare_request_lists_what_is_missing_most_valuable_first():
    """A request with only a quantity and a short message scores low and names the missing facts."""
    result = score_rfq(quantity=10, message="Price please?")
    assert result.score == WEIGHTS["quantity"]
    assert result.missing[0] == "target_price"
    assert {"incoterm", "destination_country", "needed_by", "message", "material", "size", "colour", "finish",
            "attachments"} <= set(result.missing)
    assert all(str(label) for label in result.missing_labels())
    assert set(LABELS) == set(WEIGHTS)


def test_specifics_are_found_in_japanese_and_korean():
    """Material, size, colour and finish count in Japanese and Korean messages too."""
    ja = score_rfq(message="素材は本革、サイズは30×20cm、カラーは黒、仕上げはマットでお願いします。")
    ko = score_rfq(message="소재는 천연 가죽, 크기는 30×20cm, 색상은 블랙, 마감은 무광으로 부탁드립니다.")
    for result in (ja, ko):
        assert not {"material", "size", "colour", "finish"} & set(result.missing)


def test_a_medium_message_earns_part_of_its_points():
    """A message of 30–79 characters earns 5 of the message's 15 points."""
    assert score_rfq(message="x" * 40).score == 5
    assert score_rfq(message="x" * 80).score == 15
