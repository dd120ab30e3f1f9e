"""The translation editor's services: which listings a user may translate, their texts side by side with
completeness, saving edits, machine filling, and glossary hints for consistent terms."""

from __future__ import annotations

import dataclasses

from flask_babel import gettext as _
from sqlmodel import Session, select

from catalog.products.models import Product
from catalog.products.pages import products_of_makers
from catalog.products.services import ENTITY as PRODUCT
from catalog.products.services import TRANSLATABLE_FIELDS, can_edit_product
from catalog.search.documents import listings_changed
from i18n import content
from i18n.locales import LOCALES
from market.accounts.models import Membership, MembershipRole, Organization, OrganizationKind, User
from market.accounts.services import ORGANIZATION_ENTITY, can_edit_organization

MAX_FIELD_LENGTH = {"title": 200, "description": 8000, "about": 8000}


@dataclasses.dataclass
class EditableEntity:
    """A listing whose texts a user may translate."""

    kind: str
    id: int
    label: str
    fields: tuple[str, ...]
    source_locale: str
    view_endpoint: str
    view_args: dict
    texts: dict[str, dict[str, content.ContentTranslation]] = dataclasses.field(default_factory=dict)

    @property
    def completeness(self) -> content.Completeness:
        """What is written per locale."""
        return content.completeness(self.texts, self.fields)

    def text(self, field: str, locale: str) -> content.ContentTranslation | None:
        """The stored text of one field in one locale."""
        return self.texts.get(field, {}).get(locale)

    @property
    def missing_locales(self) -> tuple[str, ...]:
        """Target locales where some field is still empty."""
        completeness = self.completeness
        return tuple(loc for loc in self.target_locales if completeness.missing(loc))

    @property
    def target_locales(self) -> tuple[str, ...]:
        """Every locale but the source."""
        return tuple(loc for loc in LOCALES if loc != self.source_locale)


def _owned_org_ids(session: Session, user: User) -> list[int]:
    return list(session.exec(select(Membership.organization_id).where(
        Membership.user_id == user.id, Membership.role == MembershipRole.owner)))


def _org_entity(org: Organization) -> EditableEntity:
    return EditableEntity(ORGANIZATION_ENTITY, org.id, org.name, ("about",), org.source_locale,
                          "market_organizations.detail", {"org_id": org.id})


def _product_entities(session: Session, org_ids: list[int]) -> list[EditableEntity]:
    products = products_of_makers(session, org_ids)
    texts = content.load_texts(session, PRODUCT, [p.id for p in products])
    entities = []
    for p in products:
        title = content.resolve(texts[p.id].get("title", {}), p.source_locale)
        entities.append(EditableEntity(PRODUCT, p.id, title.text if title else f"#{p.id}", TRANSLATABLE_FIELDS,
                                       p.source_locale, "catalog_products.detail", {"product_id": p.id},
                                       texts[p.id]))
    return entities


def list_editable(session: Session, user: User) -> list[EditableEntity]:
    """Everything the user may translate: their organisations' profiles and their makers' products."""
    org_ids = _owned_org_ids(session, user)
    orgs = list(session.exec(select(Organization).where(Organization.id.in_(org_ids)).order_by(Organization.name)))
    org_texts = content.load_texts(session, ORGANIZATION_ENTITY, org_ids)
    entities = []
    for org in orgs:
        entity = _org_entity(org)
        entity.texts = org_texts[org.id]
        entities.append(entity)
    maker_ids = [o.id for o in orgs if o.kind == OrganizationKind.maker]
    return entities + _product_entities(session, maker_ids)


def get_editable(session: Session, user: User, kind: str, entity_id: int) -> EditableEntity | None:
    """One listing the user may translate, with its texts; None when it does not exist or is not theirs."""
    if kind == ORGANIZATION_ENTITY:
        org = session.get(Organization, entity_id)
        if org is None or not can_edit_organization(session, user, org.id):
            return None
        entity = _org_entity(org)
    elif kind == PRODUCT:
        product = session.get(Product, entity_id)
        if product is None or not can_edit_product(session, user, product):
            return None
        entity = _product_entities(session, [product.maker_id])
        entity = next(e for e in entity if e.id == entity_id)
    else:
        return None
    entity.texts = content.load_texts(session, entity.kind, [entity.id])[entity.id]
    return entity


def save_texts(session: Session, user: User, entity: EditableEntity,
               values: dict[tuple[str, str], tuple[str, bool]]) -> int:
    """Store edited texts; returns how many changed. A changed text becomes the author's (source locale) or a
    translator's; an unchanged one keeps its origin and takes the reviewed tick."""
    changed = 0
    for (field, locale), (text, reviewed) in values.items():
        if field not in entity.fields or locale not in LOCALES:
            continue
        text = (text or "").strip()
        limit = MAX_FIELD_LENGTH.get(field, content.MAX_TEXT)
        if len(text) > limit:
            raise content.ContentError(_("At most %(n)d characters.", n=limit), f"{field}__{locale}")
        current = entity.text(field, locale)
        if current is not None and current.text == text:
            if current.reviewed != reviewed:
                content.set_text(session, entity.kind, entity.id, field, locale, text, current.source, reviewed,
                                 user.id)
                changed += 1
            continue
        if current is None and not text:
            continue
        if locale == entity.source_locale and not text:
            raise content.ContentError(_("The original text cannot be empty."), f"{field}__{locale}")
        source = content.TextSource.author if locale == entity.source_locale else content.TextSource.translator
        content.set_text(session, entity.kind, entity.id, field, locale, text, source,
                         reviewed or source == content.TextSource.author, user.id)
        changed += 1
    if changed and entity.kind == "product":
        listings_changed(session, [entity.id])
    return changed


def machine_fill(session: Session, user: User, entity: EditableEntity, provider) -> int:
    """Fill empty target fields by machine translation from the source (unreviewed); returns how many. Languages
    the provider has no model for (an in-process engine with some pairs only) are left for people."""
    filled = 0
    for locale in entity.target_locales:
        missing = [f for f in entity.fields if entity.text(f, locale) is None and entity.text(f, entity.source_locale)]
        if not missing or not provider.supports(entity.source_locale, locale):
            continue
        sources = [entity.text(f, entity.source_locale).text for f in missing]
        for field, text in zip(missing, provider.translate(sources, entity.source_locale, locale), strict=True):
            content.set_text(session, entity.kind, entity.id, field, locale, text, content.TextSource.machine,
                             False, user.id)
            filled += 1
    if filled and entity.kind == "product":
        listings_changed(session, [entity.id])
    return filled


@dataclasses.dataclass(frozen=True)
class TermHint:
    """A glossary term found in the source and its agreed name in the target language."""

    source_term: str
    target_term: str
    used: bool


def glossary_hints(entity: EditableEntity, target: str) -> list[TermHint]:
    """Terms of the source texts with their target names, and whether the target text already uses them."""
    from i18n.glossary import load_glossary

    glossary = load_glossary()
    source_text = " ".join(t.text for f in entity.fields if (t := entity.text(f, entity.source_locale)))
    target_text = " ".join(t.text for f in entity.fields if (t := entity.text(f, target)))
    found_in_target = glossary.concepts(target_text, target) if target_text else set()
    return [TermHint(match.text, name, match.term.id in found_in_target)
            for match, name in glossary.suggest(source_text, entity.source_locale, target)]
