"""What the platform knows of a member's year, offered as the first figures of its return.

* exports: paid orders (paid, confirmed, in production, shipped or delivered) that the member's organisation
  made for buyers abroad (shipping outside Korea), placed in the year, by country;
* certificates: co-brand certificates issued to it in the year;
* introductions accepted and prototype commissions won in the year, offered as cooperation projects;
* people hired through the platform's job posts in the year, offered as the year's hires;
* shared-equipment bookings it used at the support centres in the year, offered as "we used shared space";
* support programmes it was selected for in the year, offered as "we received a city support programme" (and,
  for an export programme, "we took part in an export programme");
* training courses its people completed in the year, offered as the trainings completed.

Each entry is ``{"value": …, "source": code, "count": n}``; the member confirms or corrects each figure, and the
return keeps what was offered so pages can tell the two apart (:func:`prefill_labels`).
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlmodel import Session, func, select

from catalog.certification.models import Certificate
from market.association.models import Member
from market.careers.services.posts import hires_by_org
from market.centres.services.reports import organisation_use
from market.orders.models import OrderStatus, WholesaleOrder
from market.programmes.labels import text as programme_text
from market.programmes.models import SupportType
from market.programmes.services.outcomes import selections_of
from market.prototypes.models import Commission
from market.trainings.services import completions_by_org
from matching.models import Introduction, IntroStatus

PAID = (OrderStatus.paid, OrderStatus.confirmed, OrderStatus.in_production, OrderStatus.shipped,
        OrderStatus.delivered)


def _year_bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    return (dt.datetime(year, 1, 1, tzinfo=dt.UTC), dt.datetime(year + 1, 1, 1, tzinfo=dt.UTC))


def platform_figures(session: Session, member: Member, year: int) -> dict:
    """The figures the platform knows of ``member``'s organisation in ``year`` (empty for a firm not on it)."""
    if member.organization_id is None:
        return {}
    org_id = member.organization_id
    start, end = _year_bounds(year)
    rows = session.exec(
        select(WholesaleOrder.shipping_country, func.count(), func.sum(WholesaleOrder.subtotal_krw))
        .where(WholesaleOrder.maker_org_id == org_id, WholesaleOrder.status.in_(PAID),
               WholesaleOrder.shipping_country != "KR", WholesaleOrder.created_at >= start,
               WholesaleOrder.created_at < end)
        .group_by(WholesaleOrder.shipping_country)).all()
    figures: dict = {}
    if rows:
        by_country = {country: int(total or 0) for country, _n, total in rows}
        figures["exports_krw"] = {"value": sum(by_country.values()), "source": "orders",
                                  "count": sum(int(n) for _c, n, _t in rows)}
        figures["exports_by_country"] = {"value": by_country, "source": "orders",
                                         "count": figures["exports_krw"]["count"]}
    certificates = session.exec(select(func.count()).select_from(Certificate).where(
        Certificate.organization_id == org_id, Certificate.issued_on >= dt.date(year, 1, 1),
        Certificate.issued_on <= dt.date(year, 12, 31))).one()
    introductions = session.exec(select(func.count()).select_from(Introduction).where(
        sa.or_(Introduction.from_org_id == org_id, Introduction.to_org_id == org_id),
        Introduction.status == IntroStatus.accepted, Introduction.created_at >= start,
        Introduction.created_at < end)).one()
    commissions = session.exec(select(func.count()).select_from(Commission).where(
        Commission.maker_org_id == org_id, Commission.created_at >= start, Commission.created_at < end)).one()
    if certificates:
        figures["certificates"] = {"value": int(certificates), "source": "certificates", "count": int(certificates)}
    if introductions or commissions:
        figures["cooperation_projects"] = {"value": int(introductions) + int(commissions), "source": "cooperation",
                                           "count": int(introductions) + int(commissions),
                                           "introductions": int(introductions), "commissions": int(commissions)}
    hires = hires_by_org(session, year).get(org_id, 0)
    if hires:
        figures["hires_this_year"] = {"value": int(hires), "source": "jobs", "count": int(hires)}
    bookings, facilities = organisation_use(session, org_id, start, end)
    if bookings:
        figures["uses_shared_space"] = {"value": True, "source": "bookings", "count": bookings,
                                        "facilities": facilities}
    selections = selections_of(session, org_id, start, end)
    if selections:
        titles = [_title(programme) for _application, programme in selections]
        figures["programme_participant"] = {"value": True, "source": "programmes", "count": len(selections),
                                            "titles": titles}
        exports = [_title(p) for _a, p in selections if p.support_type == SupportType.export]
        if exports:
            figures["export_programme"] = {"value": True, "source": "export_programmes", "count": len(exports),
                                           "titles": exports}
    trainings = completions_by_org(session, org_id, start, end)
    if trainings:
        figures["trainings_completed"] = {"value": trainings, "source": "trainings", "count": trainings}
    return figures


def _title(programme) -> dict:
    """A programme's title in every language it has (pages pick the reader's)."""
    return dict(programme.title or {}) or {"en": programme.code}


def prefill_labels(prefill: dict) -> dict[str, str]:
    """Where each pre-filled figure came from, in words (field → sentence)."""
    labels = {}
    for field, entry in (prefill or {}).items():
        source, count = entry.get("source"), int(entry.get("count") or 0)
        if source == "orders":
            labels[field] = ngettext("From %(num)d paid order to buyers abroad on Made in Seoul.",
                                     "From %(num)d paid orders to buyers abroad on Made in Seoul.", count)
        elif source == "certificates":
            labels[field] = ngettext("%(num)d co-brand certificate issued this year.",
                                     "%(num)d co-brand certificates issued this year.", count)
        elif source == "jobs":
            labels[field] = ngettext("%(num)d person hired through a Made in Seoul job post this year.",
                                     "%(num)d people hired through Made in Seoul job posts this year.", count)
        elif source == "cooperation":
            labels[field] = _("%(intros)d accepted introductions and %(commissions)d prototype commissions on "
                              "Made in Seoul.", intros=int(entry.get("introductions") or 0),
                              commissions=int(entry.get("commissions") or 0))
        elif source == "bookings":
            labels[field] = ngettext("%(num)d shared-equipment booking used at the support centres this year.",
                                     "%(num)d shared-equipment bookings used at the support centres this year.",
                                     count)
        elif source in ("programmes", "export_programmes"):
            titles = ", ".join(programme_text(t) for t in entry.get("titles") or [])
            labels[field] = ngettext("Selected for %(num)d support programme this year: %(titles)s.",
                                     "Selected for %(num)d support programmes this year: %(titles)s.", count,
                                     titles=titles)
        elif source == "trainings":
            labels[field] = ngettext("%(num)d training course completed by your people this year.",
                                     "%(num)d training courses completed by your people this year.", count)
    return labels


# The figures a return offers from the platform, in the order the form shows them.
PREFILLED = ("hires_this_year", "exports_krw", "exports_by_country", "cooperation_projects", "trainings_completed",
             "uses_shared_space", "export_programme", "programme_participant")


def prefill_notes(ret) -> list[dict]:
    """Each figure the platform offered for ``ret``: the field, where it came from (in words), the platform's
    value and the return's, and whether the member kept it (confirmed) or changed it (corrected)."""
    labels = prefill_labels(ret.prefill)
    notes = []
    for field in PREFILLED:
        entry = (ret.prefill or {}).get(field)
        if not entry or field not in labels:
            continue
        current = getattr(ret, field, None)
        notes.append({"field": field, "source": labels[field], "value": entry.get("value"), "current": current,
                      "corrected": current != entry.get("value")})
    return notes
