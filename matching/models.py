"""Tables of technology matching: matching profiles, technology listings, introductions (with the staged NDA flow
and its versioned NDA texts), suggestion feedback and saved searches.

Texts that people write (a profile's title/offer/seek, a listing's title/abstract/teaser) are translatable
content in :mod:`i18n.content` under the entities :data:`PROFILE_ENTITY` and :data:`LISTING_ENTITY`. An
introduction's status moves only through :data:`INTRO_TRANSITIONS`, each step one conditional UPDATE
(:func:`market.transitions.apply_transition`, from :mod:`matching.introductions`).
"""

from __future__ import annotations

import datetime as dt
import enum

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from market.db import UTCDateTime, utcnow

PROFILE_ENTITY = "match_profile"
LISTING_ENTITY = "tech_listing"
PROFILE_FIELDS = ("title", "offer", "seek")
LISTING_FIELDS = ("title", "abstract", "teaser_title", "teaser")


class PublishStatus(enum.StrEnum):
    """Whether a profile or listing can be found."""

    draft = "draft"
    published = "published"


class IntroStatus(enum.StrEnum):
    """Where an introduction stands. Plain ones go requested → accepted/declined; confidential listings go
    awaiting_answers → awaiting_approval → awaiting_nda → accepted (or declined at any step)."""

    requested = "requested"
    awaiting_answers = "awaiting_answers"
    awaiting_approval = "awaiting_approval"
    awaiting_nda = "awaiting_nda"
    accepted = "accepted"
    declined = "declined"
    withdrawn = "withdrawn"


OPEN_STATUSES = (IntroStatus.requested, IntroStatus.awaiting_answers, IntroStatus.awaiting_approval,
                 IntroStatus.awaiting_nda)


class IntroRole(enum.StrEnum):
    """The two parties of an introduction."""

    requester = "requester"
    recipient = "recipient"


# (from, to) → the party allowed to make the step.
INTRO_TRANSITIONS: dict[tuple[IntroStatus, IntroStatus], IntroRole] = {
    (IntroStatus.requested, IntroStatus.accepted): IntroRole.recipient,
    (IntroStatus.requested, IntroStatus.declined): IntroRole.recipient,
    (IntroStatus.awaiting_answers, IntroStatus.awaiting_approval): IntroRole.requester,
    (IntroStatus.awaiting_answers, IntroStatus.declined): IntroRole.recipient,
    (IntroStatus.awaiting_approval, IntroStatus.awaiting_nda): IntroRole.recipient,
    (IntroStatus.awaiting_approval, IntroStatus.declined): IntroRole.recipient,
    (IntroStatus.awaiting_nda, IntroStatus.accepted): IntroRole.requester,
    (IntroStatus.awaiting_nda, IntroStatus.declined): IntroRole.recipient,
    **{(status, IntroStatus.withdrawn): IntroRole.requester for status in OPEN_STATUSES},
}


class DeclineReason(enum.StrEnum):
    """Why an introduction was declined: a fixed list, so the requester gets useful feedback."""

    not_a_fit = "not_a_fit"
    no_capacity = "no_capacity"
    outside_region = "outside_region"
    already_licensed = "already_licensed"
    insufficient_information = "insufficient_information"
    not_qualified = "not_qualified"


def _timestamp():
    return Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


def _in(values) -> str:
    return ", ".join(f"'{v.value}'" for v in values)


class MatchProfile(SQLModel, table=True):
    """What an organisation offers and seeks; its kind is its organisation's kind.

    An organisation has one profile of its own (the first, see ``matching.services.profiles.get_org_profile``); a bulk
    import may add more under an organisation made for it (e.g. one per startup request of a technology bank).
    """

    __tablename__ = "match_profiles"
    __table_args__ = (
        sa.UniqueConstraint("source", "external_ref"),
        sa.CheckConstraint(f"status IN ({_in(PublishStatus)})", name="status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="organizations.id", index=True, ondelete="CASCADE")
    lang: str = Field(max_length=16)  # the language the author wrote in
    region: str | None = Field(default=None, max_length=16)
    tags: list[str] = Field(default_factory=list, sa_type=sa.JSON, nullable=False)
    # Controlled-vocabulary ids (i18n.vocabularies), then free texts: each reader sees them in their language.
    capabilities: list[str] = Field(default_factory=list, sa_type=sa.JSON, nullable=False)
    equipment: list[str] = Field(default_factory=list, sa_type=sa.JSON, nullable=False)
    contact_email: str | None = Field(default=None, max_length=254)
    contact_phone: str | None = Field(default=None, max_length=40)
    status: PublishStatus = Field(default=PublishStatus.draft, sa_type=sa.String(16), nullable=False, index=True)
    source: str | None = Field(default=None, max_length=60)
    external_ref: str | None = Field(default=None, max_length=120)
    created_at: dt.datetime = _timestamp()
    updated_at: dt.datetime = _timestamp()


class TechListing(SQLModel, table=True):
    """A technology an IP holder or lab offers: a patent or know-how with its readiness and terms.

    When ``nda_required`` the public sees an anonymous teaser only; the abstract, the patent number and the
    holder are disclosed to an organisation whose introduction reached ``accepted``.
    """

    __tablename__ = "tech_listings"
    __table_args__ = (
        sa.UniqueConstraint("source", "external_ref"),
        sa.CheckConstraint(f"status IN ({_in(PublishStatus)})", name="status"),
        sa.CheckConstraint("trl IS NULL OR (trl >= 1 AND trl <= 9)", name="trl_range"),
    )

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="organizations.id", index=True, ondelete="CASCADE")
    lang: str = Field(max_length=16)
    patent_number: str | None = Field(default=None, max_length=60)
    ipc: list[str] = Field(default_factory=list, sa_type=sa.JSON, nullable=False)
    trl: int | None = None
    license_terms: list[str] = Field(default_factory=list, sa_type=sa.JSON, nullable=False)
    nda_required: bool = Field(default=False)
    questions: list[str] = Field(default_factory=list, sa_type=sa.JSON, nullable=False)
    tags: list[str] = Field(default_factory=list, sa_type=sa.JSON, nullable=False)
    region: str | None = Field(default=None, max_length=16)
    status: PublishStatus = Field(default=PublishStatus.draft, sa_type=sa.String(16), nullable=False, index=True)
    source: str | None = Field(default=None, max_length=60)
    external_ref: str | None = Field(default=None, max_length=120)
    created_by_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    created_at: dt.datetime = _timestamp()
    updated_at: dt.datetime = _timestamp()
    # The holder's own NDA (a PDF), accepted together with the platform's NDA before the details are disclosed.
    nda_file_key: str | None = Field(default=None, max_length=255)
    nda_file_name: str | None = Field(default=None, max_length=160)
    nda_file_sha256: str | None = Field(default=None, max_length=64)


class DealStage(enum.StrEnum):
    """How far two organisations got after an accepted introduction; ``agreed`` and ``no_deal`` end it."""

    talking = "talking"
    evaluating = "evaluating"
    negotiating = "negotiating"
    agreed = "agreed"
    no_deal = "no_deal"


class DealKind(enum.StrEnum):
    """What an agreed deal is."""

    licence = "licence"
    joint_development = "joint_development"
    supply = "supply"


class NdaVersion(SQLModel, table=True):
    """One version of the platform's mutual non-disclosure agreement; accepted versions are never changed."""

    __tablename__ = "nda_versions"

    id: int | None = Field(default=None, primary_key=True)
    version: int = Field(sa_column_kwargs={"unique": True}, nullable=False)
    text: str = Field(sa_type=sa.Text)
    created_at: dt.datetime = _timestamp()


class Introduction(SQLModel, table=True):
    """A request from one organisation to meet another about its profile or one of its listings."""

    __tablename__ = "introductions"
    __table_args__ = (
        sa.CheckConstraint(f"status IN ({_in(IntroStatus)})", name="status"),
        sa.CheckConstraint(f"decline_reason IS NULL OR decline_reason IN ({_in(DeclineReason)})",
                           name="decline_reason"),
        sa.CheckConstraint("(profile_id IS NULL) <> (listing_id IS NULL)", name="one_target"),
        sa.CheckConstraint("from_org_id <> to_org_id", name="not_self"),
        sa.Index("ix_introductions_to_org_id_status", "to_org_id", "status"),
        sa.Index("ix_introductions_from_org_id_status", "from_org_id", "status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    from_org_id: int = Field(foreign_key="organizations.id", ondelete="CASCADE")
    from_user_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    to_org_id: int = Field(foreign_key="organizations.id", ondelete="CASCADE")
    profile_id: int | None = Field(default=None, foreign_key="match_profiles.id", ondelete="CASCADE", index=True)
    listing_id: int | None = Field(default=None, foreign_key="tech_listings.id", ondelete="CASCADE", index=True)
    message: str = Field(sa_type=sa.Text)
    staged: bool = Field(default=False)
    status: IntroStatus = Field(sa_type=sa.String(24), nullable=False)
    # Set while the introduction is open and cleared when it closes: the unique constraint lets only one open
    # request exist per requester and target ("p:<from>:<to org>" or "t:<from>:<listing>"), even under races.
    open_key: str | None = Field(default=None, max_length=80, sa_column_kwargs={"unique": True})
    # Staged flow: the holder's questions as they were when asked, with the requester's answers.
    answers: list[dict] = Field(default_factory=list, sa_type=sa.JSON, nullable=False)
    nda_version_id: int | None = Field(default=None, foreign_key="nda_versions.id", ondelete="RESTRICT")
    nda_accepted_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    nda_accepted_by_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    # The SHA-256 of the holder's own NDA file accepted with the platform's (None when the listing had none).
    nda_file_sha256: str | None = Field(default=None, max_length=64)
    decline_reason: DeclineReason | None = Field(default=None, sa_type=sa.String(32))
    decline_note: str | None = Field(default=None, sa_type=sa.Text)
    responded_by_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    created_at: dt.datetime = _timestamp()
    updated_at: dt.datetime = _timestamp()
    answered_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    approved_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    closed_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    # After acceptance: where the deal stands (None reads "talking") and, once agreed, what was agreed.
    deal_stage: DealStage | None = Field(default=None, sa_type=sa.String(16))
    deal_kind: DealKind | None = Field(default=None, sa_type=sa.String(24))
    deal_updated_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)


class IntroMessage(SQLModel, table=True):
    """A message between the two sides of an accepted introduction, or a deal-stage change on the same thread
    (``stage`` set, ``body`` the optional note)."""

    __tablename__ = "intro_messages"

    id: int | None = Field(default=None, primary_key=True)
    intro_id: int = Field(foreign_key="introductions.id", index=True, ondelete="CASCADE")
    org_id: int = Field(foreign_key="organizations.id", ondelete="CASCADE")
    author_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    body: str = Field(default="", sa_type=sa.Text)
    stage: DealStage | None = Field(default=None, sa_type=sa.String(16))
    created_at: dt.datetime = _timestamp()


class IntroMessageFile(SQLModel, table=True):
    """A file attached to an introduction message, checked and stored privately; sent only to the two sides."""

    __tablename__ = "intro_message_files"

    id: int | None = Field(default=None, primary_key=True)
    message_id: int = Field(foreign_key="intro_messages.id", index=True, ondelete="CASCADE")
    storage_key: str = Field(max_length=255)
    filename: str = Field(max_length=160)
    content_type: str = Field(max_length=60)
    size_bytes: int
    created_at: dt.datetime = _timestamp()


class SuggestionFeedback(SQLModel, table=True):
    """A user's verdict on one suggested profile or listing, kept to evaluate the ranking."""

    __tablename__ = "suggestion_feedback"
    __table_args__ = (sa.Index("ix_suggestion_feedback_doc_id", "doc_id"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    org_id: int | None = Field(default=None, foreign_key="organizations.id", ondelete="CASCADE")
    doc_id: str = Field(max_length=40)
    useful: bool
    context: dict = Field(default_factory=dict, sa_type=sa.JSON, nullable=False)
    created_at: dt.datetime = _timestamp()


class SavedSearch(SQLModel, table=True):
    """A search a user keeps to be alerted of new matches."""

    __tablename__ = "saved_searches"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    org_id: int | None = Field(default=None, foreign_key="organizations.id", ondelete="CASCADE")
    query: str = Field(sa_type=sa.Text)
    lang: str = Field(max_length=16)
    kinds: list[str] = Field(default_factory=list, sa_type=sa.JSON, nullable=False)
    filters: dict = Field(default_factory=dict, sa_type=sa.JSON, nullable=False)
    created_at: dt.datetime = _timestamp()
    last_checked_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    known_doc_ids: list[str] = Field(default_factory=list, sa_type=sa.JSON, nullable=False)


class Embedding(SQLModel, table=True):
    """A cached sentence embedding, shared by every process of every node: the vector of one text under one model
    (``key`` is ``sha256(model id + text)``), stored as float16 bytes (``dim`` values). Written and read in bulk by
    :class:`matching.engine.embeddings.DatabaseEmbeddingCache`; a row that does not decode is encoded again."""

    __tablename__ = "embeddings"

    model: str = Field(max_length=120, primary_key=True)
    key: bytes = Field(sa_type=sa.LargeBinary(length=32), primary_key=True)
    dim: int
    vector: bytes = Field(sa_type=sa.LargeBinary)
    created_at: dt.datetime = _timestamp()
