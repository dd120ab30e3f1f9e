"""NDA acceptances: a maker accepts the request's NDA (version and time recorded) before it sees the files,
bids or writes privately."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from market.accounts.models import OrganizationKind
from market.notifications.services import notify_members
from market.prototypes.models import NdaAcceptance, PrototypeRequest
from market.prototypes.services.access import get_request, nda_orgs, resolve_org, visible
from market.prototypes.services.base import conflict, not_found, request_state


def _acceptance(session: Session, req: PrototypeRequest, maker_org_id: int):
    return session.exec(select(NdaAcceptance).where(
        NdaAcceptance.request_id == req.id, NdaAcceptance.maker_org_id == maker_org_id,
        NdaAcceptance.nda_version == req.nda_version))


def accept_nda(session: Session, user, request_id: int, maker_org_id: int | None = None) -> NdaAcceptance:
    """Record that the user's maker accepts the request's NDA (version and time); accepting again changes
    nothing. Refuses non-makers (403), requests without an NDA and requests no longer open (409)."""
    req = get_request(session, request_id)
    if not visible(session, user, req):
        raise not_found()
    org = resolve_org(session, user, OrganizationKind.maker, maker_org_id, "maker_org_id")
    if not req.nda_required or not req.nda_version:
        raise conflict(_("This request asks for no NDA."), "no_nda")
    existing = _acceptance(session, req, org.id).first()
    if existing is not None:
        return existing
    if request_state(req) not in ("open", "closed"):
        raise conflict(_("This request is no longer open."), "wrong_state")
    acceptance = NdaAcceptance(request_id=req.id, maker_org_id=org.id, user_id=user.id,
                               nda_version=req.nda_version)
    try:
        with session.begin_nested():
            session.add(acceptance)
    except IntegrityError:
        # Another member of the same maker accepted at the same moment: theirs stands.
        return _acceptance(session, req, org.id).one()
    notify_members(session, req.startup_org_id, "prototype_nda",
                   lambda: _("%(maker)s accepted the NDA of your prototype request #%(id)d.", maker=org.name,
                             id=req.id), "market_prototypes.detail", exclude_user_id=user.id, request_id=req.id)
    return acceptance


def may_message(session: Session, req: PrototypeRequest, maker_org_id: int) -> bool:
    """Whether the startup and this maker may talk privately: once it accepted the NDA (or none is asked)."""
    return (not req.nda_required) or bool(nda_orgs(session, req, {maker_org_id}))
