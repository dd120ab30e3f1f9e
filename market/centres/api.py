"""API of the support centres: facilities, equipment with availability for the caller (``available`` and the
``reason`` it is not bookable), bookings (create, list, read, cancel) and a facility's monthly report for its
staff. The services' refusals answer in the API's error envelope on their own (:mod:`market.errors`): 409
``slot_taken``, 403 ``not_qualified``, 422 for a period that breaks a rule (on its field)."""

from __future__ import annotations

import datetime as dt

from flask import url_for

from i18n.locales import current_locale
from market.api import Routes, api_user
from market.centres.api_models import (
    BookingCreate,
    BookingList,
    BookingOut,
    EquipmentList,
    EquipmentOut,
    EquipmentQuery,
    FacilityList,
    FacilityOut,
    FacilityQuery,
    FiguresOut,
    MachineFiguresOut,
    ReportOut,
    ReportQuery,
    TransferCreate,
    krw,
)
from market.centres.models import Booking, Facility
from market.centres.services import availability, bookings, facilities, reports
from market.centres.services.payments import PAYABLE_KIND, booking_charge
from market.centres.trainings import required_trainings
from market.db import get_session

routes = Routes()
TAG = "centres"


def _facility_out(facility: Facility, count: int) -> FacilityOut:
    return FacilityOut(id=facility.id, slug=facility.slug, name=facility.name, name_ko=facility.name_ko,
                       operator=facility.operator, trade=facility.trade, district=facility.district,
                       cluster_code=facility.cluster_code, address=facility.address, phone=facility.phone,
                       email=facility.email, services=facility.services, opening_hours=facility.opening_hours,
                       closed_on_holidays=facility.closed_on_holidays, free_cancel_hours=facility.free_cancel_hours,
                       equipment_count=count,
                       url=url_for("market_centres.facility", lang=current_locale(), slug=facility.slug,
                                   _external=True))


def booking_out(booking: Booking) -> BookingOut:
    """A booking in the API's shape."""
    lang = current_locale()
    charge = booking_charge(booking)
    pay_url = (url_for("payments.checkout", lang=lang, kind=PAYABLE_KIND, payable_id=booking.id, _external=True)
               if charge.payable and booking.paid_at is None else None)
    return BookingOut(id=booking.id, status=booking.status, equipment_id=booking.equipment_id,
                      voucher_percent=booking.voucher_percent, fee_krw=charge.fee_krw, voucher_krw=charge.voucher_krw,
                      due_krw=charge.due_krw, paid_at=booking.paid_at, pay_url=pay_url,
                      facility_id=booking.facility_id, start=booking.start_at, end=booking.end_at, tier=booking.tier,
                      price_krw=booking.price_krw, price=krw(booking.price_krw), price_lines=booking.price_lines,
                      charged_krw=booking.charged_krw, late_cancel=booking.late_cancel, reason=booking.reason,
                      checked_in_at=booking.checked_in_at, checked_out_at=booking.checked_out_at,
                      url=url_for("market_centres.booking", lang=lang, booking_id=booking.id, _external=True),
                      ics_url=url_for("market_centres.booking_ics", lang=lang, booking_id=booking.id,
                                      _external=True))


@routes.endpoint("/facilities", summary="List facilities", tag=TAG, query=FacilityQuery, response=FacilityList,
                 auth=False)
def list_facilities(query: FacilityQuery):
    """Every support facility (city, district, private), with its trade, district, hours and machine count."""
    rows = facilities.list_facilities(get_session(), operator=query.operator, trade=query.trade,
                                      district=query.district)
    start = (query.page - 1) * query.per_page
    return FacilityList(items=[_facility_out(f, n) for f, n in rows[start:start + query.per_page]],
                        total=len(rows), page=query.page, per_page=query.per_page)


@routes.endpoint("/facilities/<slug>", summary="Get a facility", tag=TAG, response=FacilityOut, auth=False)
def get_facility(slug: str):
    """One facility."""
    session = get_session()
    facility = facilities.get_facility(session, slug)
    return _facility_out(facility, len(facilities.facility_equipment(session, facility.id)))


@routes.endpoint("/equipment", summary="Search equipment", tag=TAG, query=EquipmentQuery, response=EquipmentList,
                 auth=False, errors=(404,))
def list_equipment(query: EquipmentQuery):
    """Machines across every centre; with ``start`` and ``end``, whether the caller can book each one then
    (``available``), else the first ``reason`` (``not_qualified``, ``down``, ``taken``, ``closed``, …)."""
    session = get_session()
    facility_id = facilities.get_facility(session, query.facility).id if query.facility else None
    filters = availability.Filters(
        start=query.start.astimezone(dt.UTC) if query.start else None,
        end=query.end.astimezone(dt.UTC) if query.end else None, category=query.category, trade=query.trade,
        district=query.district, facility_id=facility_id, qualified_only=query.qualified,
        max_hourly_krw=query.max_hourly_krw)
    results = availability.search(session, api_user(), filters)
    start = (query.page - 1) * query.per_page
    items = [EquipmentOut(
        id=r.equipment.id, name=r.equipment.name, name_ko=r.equipment.name_ko, category=r.equipment.category,
        facility_id=r.facility.id, facility_slug=r.facility.slug, status=r.equipment.status,
        capacity=r.equipment.capacity, slot_minutes=r.equipment.slot_minutes,
        min_block_minutes=r.equipment.min_block_minutes, max_block_minutes=r.equipment.max_block_minutes,
        buffer_minutes=r.equipment.buffer_minutes, min_notice_minutes=r.equipment.min_notice_minutes,
        horizon_days=r.equipment.horizon_days, approval_required=r.equipment.approval_required,
        assisted=r.equipment.assisted, required_trainings=required_trainings(r.equipment), specs=r.equipment.specs,
        materials=r.equipment.materials, consumables=r.equipment.consumables, hourly_krw=r.hourly_krw,
        price_krw=r.price_krw, available=r.available, reason=r.reason, reasons=r.reasons,
        missing_trainings=r.missing) for r in results[start:start + query.per_page]]
    return EquipmentList(items=items, total=len(results), page=query.page, per_page=query.per_page)


@routes.endpoint("/bookings", "POST", summary="Book a machine", tag=TAG, body=BookingCreate, response=BookingOut,
                 status=201, errors=(404, 409))
def create_booking(body: BookingCreate):
    """Book a machine over [start, end) at the caller's tier; the price is frozen now. 409 ``slot_taken`` when
    the slot is full, 403 ``not_qualified`` without the trainings, 422 for a period that breaks a rule."""
    booking = bookings.create_booking(get_session(), api_user(), body.equipment_id, body.start.astimezone(dt.UTC),
                                      body.end.astimezone(dt.UTC), body.purpose)
    return booking_out(booking), 201


@routes.endpoint("/bookings", summary="List my bookings", tag=TAG, response=BookingList)
def list_bookings():
    """The caller's bookings, the coming ones first."""
    rows = bookings.list_user_bookings(get_session(), api_user().id)
    return BookingList(items=[booking_out(b) for b, _e, _f in rows], total=len(rows), page=1,
                       per_page=max(1, len(rows)))


@routes.endpoint("/bookings/<int:booking_id>", summary="Get a booking", tag=TAG, response=BookingOut)
def get_booking(booking_id: int):
    """One of the caller's bookings (or, for staff, of their facility's)."""
    return booking_out(bookings.get_booking(get_session(), api_user(), booking_id)[0])


@routes.endpoint("/bookings/<int:booking_id>/cancel", "POST", summary="Cancel a booking", tag=TAG,
                 response=BookingOut, errors=(409,))
def cancel_booking(booking_id: int):
    """Cancel a booking that has not started: free until the facility's hours before, then billed."""
    return booking_out(bookings.cancel_booking(get_session(), api_user(), booking_id))


@routes.endpoint("/bookings/<int:booking_id>/transfer", "POST", summary="Hand a booking to a colleague", tag=TAG,
                 body=TransferCreate, response=BookingOut, errors=(409,))
def transfer_booking(booking_id: int, body: TransferCreate):
    """Hand one's coming booking to a colleague of the same organisation who holds the machine's trainings."""
    return booking_out(bookings.transfer_booking(get_session(), api_user(), booking_id, body.email))


def _figures(f: reports.Figures, cls=FiguresOut, **extra):
    return cls(available_hours=round(f.available_minutes / 60, 2), booked_hours=round(f.booked_minutes / 60, 2),
               used_hours=round(f.used_minutes / 60, 2), utilisation=f.utilisation, bookings=f.bookings,
               no_show_rate=f.no_show_rate, late_cancel_rate=f.late_cancel_rate,
               unmet_demand_hours=round(f.waitlist_minutes / 60, 2), firms_served=len(f.firms),
               mean_satisfaction=f.survey.overall, nps=f.survey.nps, response_rate=f.survey.response_rate,
               revenue_krw=f.revenue_krw, vouchers_krw=f.vouchers_krw, **extra)


@routes.endpoint("/facilities/<slug>/report", summary="A facility's monthly report", tag=TAG, query=ReportQuery,
                 response=ReportOut)
def facility_report(slug: str, query: ReportQuery):
    """Utilisation, no-shows, late cancellations, unmet demand, firms served, satisfaction and revenue of a
    facility's month, per machine and in total (its staff only)."""
    session = get_session()
    report = reports.staff_report(session, api_user(), facilities.get_facility(session, slug), query.month)
    return ReportOut(facility=report.facility.slug, month=report.month, total=_figures(report.total),
                     firm_share_of_cluster=report.firm_share, cluster_makers=report.cluster_makers,
                     machines=[_figures(f, MachineFiguresOut, equipment_id=e.id, name=e.name, category=e.category)
                               for e, f in report.rows])
