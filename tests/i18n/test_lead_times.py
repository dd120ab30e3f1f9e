"""Lead times are stored as whole days and read in the reader's language (whole weeks from two weeks up), and a
page can tell which free-text "other" values of its structured fields are in another language than the reader's."""

from __future__ import annotations

import pytest
from flask import g
from flask_babel import force_locale

from i18n.vocabularies import foreign_other_languages, lead_time_text


@pytest.mark.parametrize(("locale", "days", "expected"), [
    ("en", 0, "In stock"), ("en", 1, "1 day"), ("en", 10, "10 days"), ("en", 7, "7 days"), ("en", 21, "3 weeks"),
    ("ko", 21, "3주"), ("ko", 10, "10일"), ("ja", 14, "2週間"), ("zh_Hans", 28, "4周"), ("vi", 35, "5 tuần"),
    ("ja", 0, "在庫あり"),
])
def test_lead_time_reads_in_the_pages_language(app, locale, days, expected):
    """0 days is "in stock", whole weeks from 14 days are weeks, anything else days, in each language."""
    with app.test_request_context("/"), force_locale(locale):
        g.locale = locale
        assert lead_time_text(days) == expected


def test_foreign_other_values_are_named_by_language():
    """Ids and texts in the reader's language need no note; Japanese and Vietnamese own words are named once
    each, in order."""
    fields = [("materials", ["shoes_leather.cowhide", "和紙の芯材", "가죽 끈"]),
              ("payment_terms", ["net30", "Thanh toán khi nhận hàng", "月末締め翌月払い"])]
    assert foreign_other_languages(fields, "ko") == ["ja", "vi"]
    assert foreign_other_languages([("materials", ["shoes_leather.cowhide"])], "en") == []
