"""API of the association: the published KPI tables (public; a suppressed cell has null figures, and asking for
one by its key is refused with 403 ``suppressed``) and a member's own return of a year (another firm's return is
refused with 403; reviewers name the member)."""

from __future__ import annotations

from flask_babel import force_locale
from flask_babel import gettext as _

from i18n.locales import current_locale
from market.api import Routes, api_user
from market.association.api_models import (
    KpiCellOut,
    KpiQuery,
    KpiTable,
    ReturnIn,
    ReturnOut,
    ReturnQuery,
    ReturnVersionOut,
)
from market.association.labels import cell_label
from market.association.models import Member
from market.association.reference import RETURNS_SOURCE
from market.association.services import access, aggregates, campaigns, returns
from market.db import get_session
from market.refusals import Refusal, not_found

routes = Routes()


@routes.endpoint("/association/kpis", summary="Published aggregates of a year", tag="Association", query=KpiQuery,
                 response=KpiTable, auth=False, errors=(403, 404))
def kpis(query: KpiQuery):
    """The year's table by cluster, trade, district or size band over the verified returns. A cell with fewer
    than 5 firms or one firm above half of its total, and the cells hidden with it so that it cannot be worked
    out, has ``suppressed: true`` and null figures; asking for such a cell by ``key`` is refused (403)."""
    session = get_session()
    year = query.year or campaigns.latest_year(session)
    if year is None:
        raise not_found()
    cells = aggregates.kpi_cells(session, year, query.by)
    if query.key is not None:
        cells = [aggregates.require_published(cells, query.key)]
    with force_locale(query.lang or current_locale()):
        out = [KpiCellOut(key=c.key, label=cell_label(query.by, c.key, query.lang), firms=c.firms, jobs=c.jobs,
                          value_added_krw=c.value_added_krw, exports_krw=c.exports_krw, suppressed=c.suppressed)
               for c in cells]
        return KpiTable(year=year, by=query.by, source=str(RETURNS_SOURCE), cells=out)


@routes.endpoint("/association/returns/<int:year>", summary="A member's return of a year", tag="Association",
                 query=ReturnQuery, response=ReturnOut, errors=(403, 404))
def get_return(year: int, query: ReturnQuery):
    """A member's own return of ``year``; reviewers (association staff, the chair of the firm's trade) name the
    member with ``member_id``. A member asking for another firm's return is refused (403)."""
    session = get_session()
    user = api_user()
    if query.member_id is not None and access.is_reviewer(user):
        member = session.get(Member, query.member_id)
        if member is None or not access.can_review_member(session, user, member):
            raise not_found()
    elif query.member_id is not None:
        member = access.member_for_user(session, user, query.member_id)
    else:
        if access.is_reviewer(user) or user.role == "city_viewer":
            raise Refusal(_("Name the firm with member_id."), field="member_id")
        member = access.member_for_user(session, user)
    ret = returns.get_return(session, member, year)
    if ret is None:
        raise not_found()
    return _return_out(session, member, ret)


@routes.endpoint("/association/returns/<int:year>", "PUT", summary="Save or submit the member's own return",
                 tag="Association", body=ReturnIn, response=ReturnOut, errors=(403, 404, 409))
def put_return(year: int, body: ReturnIn):
    """Save the signed-in member's figures for ``year`` (only the fields sent change), or with ``submit: true``
    submit them through the checks (value added and exports at most revenue, staff counts consistent, a note for
    changes above 300%): each inconsistent figure is refused (422) on its field and nothing is kept. A year
    without an open campaign is 404; a return already submitted or verified is 409."""
    session = get_session()
    member = access.member_for_user(session, api_user())
    ret = returns.open_return(session, member, year)
    figures = body.model_dump(exclude_unset=True, exclude={"submit"})
    action = returns.submit_return if body.submit else returns.save_return
    action(session, ret, member, api_user(), figures)
    return _return_out(session, member, ret)


def _return_out(session, member, ret) -> ReturnOut:
    return ReturnOut(
        member_id=member.id, member_name=member.name, year=ret.year, status=str(ret.status), version=ret.version,
        staff_full_time=ret.staff_full_time, staff_part_time=ret.staff_part_time, staff_under_35=ret.staff_under_35,
        hires_this_year=ret.hires_this_year, labour_cost_krw=ret.labour_cost_krw, revenue_krw=ret.revenue_krw,
        exports_krw=ret.exports_krw, exports_by_country=ret.exports_by_country or {},
        value_added_krw=ret.value_added_krw, capital_investment_krw=ret.capital_investment_krw,
        smart_factory_stage=ret.smart_factory_stage, cooperation_projects=ret.cooperation_projects,
        trainings_completed=ret.trainings_completed, prefill=ret.prefill or {}, returned_reason=ret.returned_reason,
        versions=[ReturnVersionOut(version=v.version, status=v.status, reason=v.reason, created_at=v.created_at)
                  for v in returns.versions_of(session, ret)])
