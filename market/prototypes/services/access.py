"""Who acts and who sees: the user's startups and makers, the request's visibility (open requests are public,
others only for the parties and staff), the files behind the NDA, and a commission's two sides."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlmodel import Session, select

from market.accounts.models import Membership, Organization, OrganizationKind
from market.prototypes.models import (
    Commission,
    NdaAcceptance,
    PrototypeBid,
    PrototypeInvite,
    PrototypeQuestion,
    PrototypeRequest,
    RequestStatus,
    Side,
)
from market.prototypes.services.base import PrototypeError, forbidden, not_found


def org_ids(session: Session, user, kind: OrganizationKind | None = None) -> set[int]:
    """The ids of the organisations ``user`` belongs to (of one kind when given); none for visitors."""
    if user is None or not getattr(user, "is_authenticated", False):
        return set()
    query = (select(Organization.id).join(Membership, Membership.organization_id == Organization.id)
             .where(Membership.user_id == user.id))
    if kind is not None:
        query = query.where(Organization.kind == kind)
    return set(session.exec(query))


def _orgs_of(session: Session, user, kind: OrganizationKind) -> list[Organization]:
    ids = org_ids(session, user, kind)
    if not ids:
        return []
    return list(session.exec(select(Organization).where(Organization.id.in_(ids)).order_by(Organization.name)))


def startup_organizations(session: Session, user) -> list[Organization]:
    """The startups ``user`` belongs to, by name (those it may post requests for)."""
    return _orgs_of(session, user, OrganizationKind.startup)


def maker_organizations(session: Session, user) -> list[Organization]:
    """The makers ``user`` belongs to, by name (those it may bid for)."""
    return _orgs_of(session, user, OrganizationKind.maker)


def resolve_org(session: Session, user, kind: OrganizationKind, org_id: int | None, field: str) -> Organization:
    """The organisation of ``kind`` the user acts for: the one named, or its only one; refuses users without one
    (403) and an ambiguous or foreign choice (422 on ``field``)."""
    orgs = _orgs_of(session, user, kind)
    if not orgs:
        if kind == OrganizationKind.startup:
            raise forbidden(_("Join or create a startup organisation to post prototype requests."), "not_startup")
        raise forbidden(_("Only members of a maker organisation can do this."), "not_maker")
    if org_id is None:
        if len(orgs) > 1:
            raise PrototypeError(_("Choose which of your organisations this is for."), field)
        return orgs[0]
    for org in orgs:
        if org.id == org_id:
            return org
    raise PrototypeError(_("Choose one of your organisations."), field)


def get_request(session: Session, request_id: int, *, lock: bool = False) -> PrototypeRequest:
    """A request by id (locked for the transaction with ``lock``); not_found when there is none."""
    query = select(PrototypeRequest).where(PrototypeRequest.id == request_id)
    if lock:
        query = query.with_for_update().execution_options(populate_existing=True)
    req = session.exec(query).first()
    if req is None:
        raise not_found()
    return req


def require_startup_member(session: Session, user, req: PrototypeRequest) -> None:
    """Refuse (403) anyone but the members of the startup that posted the request."""
    if req.startup_org_id not in org_ids(session, user):
        raise forbidden(_("Only the startup that posted this request can do this."))


def _is_staff(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_staff", False))


def _participant_makers(session: Session, req: PrototypeRequest) -> set[int]:
    ids: set[int] = set()
    for model in (PrototypeBid, PrototypeInvite, NdaAcceptance, PrototypeQuestion):
        ids.update(session.exec(select(model.maker_org_id).where(model.request_id == req.id)))
    return ids


def visible(session: Session, user, req: PrototypeRequest) -> bool:
    """Open requests are public; others only for the startup, the makers involved and staff."""
    if req.status == RequestStatus.open:
        return True
    if _is_staff(user):
        return True
    own = org_ids(session, user)
    return req.startup_org_id in own or bool(own & _participant_makers(session, req))


def nda_orgs(session: Session, req: PrototypeRequest, maker_ids: set[int]) -> set[int]:
    """Which of ``maker_ids`` accepted the request's current NDA."""
    if not maker_ids or not req.nda_version:
        return set()
    return set(session.exec(select(NdaAcceptance.maker_org_id).where(
        NdaAcceptance.request_id == req.id, NdaAcceptance.nda_version == req.nda_version,
        NdaAcceptance.maker_org_id.in_(maker_ids))))


def can_see_files(session: Session, user, req: PrototypeRequest) -> bool:
    """The startup's members always; makers' members when no NDA is asked, or once their maker accepted it."""
    own = org_ids(session, user)
    if req.startup_org_id in own:
        return True
    makers = org_ids(session, user, OrganizationKind.maker)
    if not makers:
        return False
    if not req.nda_required:
        return True
    return bool(nda_orgs(session, req, makers))


def commission_side(session: Session, user, commission: Commission) -> Side | None:
    """The user's side in a commission, or None for everyone else."""
    own = org_ids(session, user)
    if commission.startup_org_id in own:
        return Side.startup
    if commission.maker_org_id in own:
        return Side.maker
    return None


def get_commission(session: Session, user, commission_id: int) -> tuple[Commission, Side]:
    """A commission and the user's side in it; refuses (not_found) everyone but its two sides."""
    commission = session.get(Commission, commission_id)
    side = commission_side(session, user, commission) if commission is not None else None
    if side is None:
        raise not_found("commission")
    return commission, side
