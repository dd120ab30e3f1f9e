"""Stored machine translations of texts the parties write to each other (RFQ messages, quote terms, order notes,
introduction and commission messages): each translated once per provider and kept, keyed by the text's content
hash, its language, the reader's language and the provider, so a page shown again needs no engine.

The text itself is not stored here, only its hash: a translation is found by whoever can show the original.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import unicodedata

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from sqlmodel import Field, Session, SQLModel, select

from i18n.times import UTCDateTime, utcnow

MAX_TRANSLATED = 20_000  # characters of one original; a longer text is refused before any engine runs


class MachineTranslation(SQLModel, table=True):
    """One text translated by one provider from one language into another."""

    __tablename__ = "machine_translations"
    __table_args__ = (sa.UniqueConstraint("content_hash", "source", "target", "provider"),)

    id: int | None = Field(default=None, primary_key=True)
    content_hash: str = Field(max_length=64)
    source: str = Field(max_length=16)
    target: str = Field(max_length=16)
    provider: str = Field(max_length=32)
    text: str = Field(sa_type=sa.Text)
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


def content_hash(text: str) -> str:
    """The SHA-256 of a text in Unicode NFC, hex: the same words typed on two systems hash the same."""
    return hashlib.sha256(unicodedata.normalize("NFC", text).encode()).hexdigest()


def stored_translation(session: Session, text: str, source: str, target: str,
                       provider: str) -> MachineTranslation | None:
    """The kept translation of ``text`` by ``provider``, or None when it was never asked for."""
    return session.exec(select(MachineTranslation).where(
        MachineTranslation.content_hash == content_hash(text), MachineTranslation.source == source,
        MachineTranslation.target == target, MachineTranslation.provider == provider)).first()


def translate_text(session: Session, provider, text: str, source: str, target: str) -> MachineTranslation:
    """The translation of ``text`` from ``source`` into ``target``: the kept one, else asked of ``provider``
    and kept. Raises :class:`i18n.providers.TranslationUnavailable` when the provider cannot (nothing is kept);
    two requests for the same text at once keep one row."""
    from i18n.providers import TranslationUnavailable

    if not text.strip():
        raise TranslationUnavailable(_("There is nothing to translate."))
    if len(text) > MAX_TRANSLATED:
        raise TranslationUnavailable(_("This text is too long for machine translation."))
    kept = stored_translation(session, text, source, target, provider.name)
    if kept is not None:
        return kept
    [translated] = provider.translate([text], source, target)
    row = MachineTranslation(content_hash=content_hash(text), source=source, target=target,
                             provider=provider.name, text=translated)
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        # Another request kept the same translation first: use that one.
        kept = stored_translation(session, text, source, target, provider.name)
        if kept is None:
            raise
        return kept
    return row
