"""The phrasebook: common sentences in five languages that a writer inserts and a reader sees in their own
language, wherever in a text they stand, with the writer's other words kept as written."""

import pytest

from i18n.phrasebook import GROUPS, LANGS, load_phrasebook


def test_every_phrase_is_written_in_the_five_languages():
    """Each phrase has a distinct, non-empty sentence per language and a known group."""
    book = load_phrasebook()
    assert len(book.phrases) >= 20
    seen = set()
    for phrase in book.phrases:
        assert phrase.group in GROUPS
        for lang in LANGS:
            text = phrase.text(lang)
            assert text.strip() and text not in seen, (phrase.id, lang)
            seen.add(text)
    assert {p.group for p in book.phrases} == set(GROUPS)


@pytest.mark.parametrize("writer", LANGS)
def test_a_phrase_in_any_language_is_read_in_the_readers(writer):
    """A Japanese buyer's inserted sentence reads in Korean for the maker, and so for every pair."""
    book = load_phrasebook()
    phrase = book.by_id["rfq.sample_first"]
    segments = book.segments(f"{phrase.text(writer)}")
    assert [s.phrase for s in segments] == [phrase]
    assert segments[0].written_in == writer
    for reader in LANGS:
        assert segments[0].shown(reader) == phrase.text(reader)


def test_own_words_around_phrases_stay_as_written():
    """Text before, between and after phrasebook sentences is kept, in order."""
    book = load_phrasebook()
    moq, thanks = book.by_id["rfq.moq_question"], book.by_id["message.thanks"]
    text = f"こんにちは。{moq.text('ja')}\n黒の革でお願いします。{thanks.text('ja')}"
    segments = book.segments(text)
    assert "".join(s.text for s in segments) == text
    assert [(s.phrase.id if s.phrase else s.text) for s in segments] == [
        "こんにちは。", "rfq.moq_question", "\n黒の革でお願いします。", "message.thanks"]
    shown = "".join(s.shown("ko") for s in segments)
    assert shown == f"こんにちは。{moq.text('ko')}\n黒の革でお願いします。{thanks.text('ko')}"


def test_an_edited_phrase_is_the_writers_own_words():
    """A sentence changed by the writer is not the phrasebook's any more, and is shown as written."""
    book = load_phrasebook()
    edited = book.by_id["order.fragile"].text("en").replace("carefully", "very carefully")
    assert [s.phrase for s in book.segments(edited)] == [None]


def test_groups_choose_what_a_writer_is_offered():
    """A quote's terms offer quote sentences, an RFQ's message RFQ and message sentences."""
    book = load_phrasebook()
    assert {p.group for p in book.group("quote")} == {"quote"}
    assert {p.group for p in book.group("rfq", "message")} == {"rfq", "message"}
