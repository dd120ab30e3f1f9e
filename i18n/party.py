"""How a text one party wrote to the other is read: its phrasebook sentences in the reader's language, the
writer's own words as written with the language they are in, and the kept machine translation when there is one
(or whether one can be asked for). Pages show it through the ``party_text`` macro
(``templates/_macros/translate.html``).
"""

from __future__ import annotations

import dataclasses

from sqlmodel import Session

from i18n.glossary import guess_lang
from i18n.machine import MachineTranslation, stored_translation
from i18n.phrasebook import Segment, load_phrasebook


@dataclasses.dataclass(frozen=True)
class PartyText:
    """A party's text as one reader sees it."""

    original: str
    segments: list[Segment]
    written_in: str
    reader: str
    translation: MachineTranslation | None
    can_translate: bool

    @property
    def own_words(self) -> str:
        """The writer's words outside phrasebook sentences."""
        return "".join(s.text for s in self.segments if s.phrase is None)

    @property
    def foreign(self) -> bool:
        """True when the writer's own words are in another language than the reader's."""
        return bool(self.own_words.strip()) and self.written_in != self.reader

    @property
    def phrases_crossed(self) -> bool:
        """True when a phrasebook sentence written in another language is shown in the reader's."""
        return any(s.phrase is not None and s.written_in != self.reader for s in self.segments)


def read_party_text(session: Session, provider, text: str, reader: str) -> PartyText:
    """``text`` as a reader in ``reader`` sees it, with ``provider``'s kept translation when the writer's
    words are in another language (looked up only then, and only when the provider can translate the pair)."""
    segments = load_phrasebook().segments(text)
    own = "".join(s.text for s in segments if s.phrase is None)
    if own.strip():
        written_in = guess_lang(own)
    else:
        written_in = next((s.written_in for s in segments if s.phrase is not None), reader)
    foreign = bool(own.strip()) and written_in != reader
    can_translate = foreign and provider.available and provider.supports(written_in, reader)
    translation = (stored_translation(session, text, written_in, reader, provider.name)
                   if can_translate else None)
    return PartyText(text, segments, written_in, reader, translation, can_translate)
