"""The commission thread across languages: a message written in English with a phrasebook sentence reaches the
Korean maker with that sentence in Korean and a plain note that the rest is English; the writer's phrasebook
sits under the message box."""

import re

from i18n.phrasebook import load_phrasebook
from market.prototypes.services.thread import post_commission_message

PHOTOS = load_phrasebook().by_id["message.photos_please"]


def test_the_maker_reads_the_startups_message_across_the_language_gap(db_session, startup, maker, commission):
    """The phrasebook sentence is shown in Korean, the English words as written and marked as English."""
    post_commission_message(db_session, startup.user, commission.id, f"The fit is good. {PHOTOS.text('en')}")
    db_session.commit()
    page = maker.client.get(f"/ko/prototypes/commissions/{commission.id}").get_data(as_text=True)
    thread = page[page.index('id="thread"'):]
    assert re.search(r'class="rfq-text party-original" lang="en">The fit is good\. <span class="phrase" lang="ko"',
                     thread)
    assert f">{PHOTOS.text('ko')}</span>" in thread
    assert thread.count(PHOTOS.text("en")) == 1  # kept only in the sentence's title, as written
    assert "영어" in thread
    assert 'data-phrasebook-for="body"' in thread and PHOTOS.text("ko") in thread
