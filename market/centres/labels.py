"""Support centre codes in words: operators, trades, categories, statuses, tiers and the reasons a machine cannot
be booked (the API's ``reason`` codes)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from market.centres.models import (
    AssistedStatus,
    BookingStatus,
    Category,
    EquipmentStatus,
    Operator,
    Tier,
    Trade,
)

OPERATOR_NAMES = {Operator.city: _l("City"), Operator.district: _l("District"), Operator.private: _l("Private")}
TRADE_NAMES = {
    Trade.general: _l("All trades"), Trade.print: _l("Printing"), Trade.sewing: _l("Sewing"),
    Trade.jewelry: _l("Jewelry"), Trade.machine_metal: _l("Machine and metal"), Trade.leather: _l("Shoes and leather"),
    Trade.electronics: _l("Electronics"),
}
CATEGORY_NAMES = {
    Category.laser_cutter: _l("Laser cutter"), Category.cnc: _l("CNC"), Category.uv_printer: _l("UV printer"),
    Category.printer_3d: _l("3D printer"), Category.sewing_automation: _l("Sewing automation"),
    Category.casting: _l("Casting"), Category.digital_press: _l("Digital press"),
}
EQUIPMENT_STATUS_NAMES = {EquipmentStatus.operational: _l("Operational"), EquipmentStatus.down: _l("Down"),
                          EquipmentStatus.retired: _l("Retired")}
BOOKING_STATUS_NAMES = {
    BookingStatus.requested: _l("Awaiting approval"), BookingStatus.confirmed: _l("Confirmed"),
    BookingStatus.checked_in: _l("Checked in"), BookingStatus.completed: _l("Completed"),
    BookingStatus.surveyed: _l("Completed and rated"), BookingStatus.cancelled: _l("Cancelled"),
    BookingStatus.no_show: _l("No-show"), BookingStatus.rejected: _l("Rejected"),
}
JOB_STATUS_NAMES = {
    AssistedStatus.requested: _l("Waiting for a quote"), AssistedStatus.quoted: _l("Quoted"),
    AssistedStatus.accepted: _l("Accepted"), AssistedStatus.declined: _l("Declined"),
    AssistedStatus.withdrawn: _l("Withdrawn"),
}
TIER_NAMES = {Tier.member: _l("Member maker"), Tier.startup: _l("Startup"), Tier.citizen: _l("Citizen")}
REASON_NAMES = {
    "not_qualified": _l("Training missing"),
    "down": _l("Down for maintenance"),
    "retired": _l("Retired"),
    "taken": _l("Already booked"),
    "closed": _l("The centre is closed then"),
    "holiday": _l("Public holiday"),
    "too_soon": _l("Too short notice"),
    "beyond_horizon": _l("Too far ahead"),
    "too_short": _l("Shorter than the minimum"),
    "too_long": _l("Longer than the maximum"),
    "in_past": _l("In the past"),
    "assisted": _l("Run by staff: ask for a quote"),
}


def label(names: dict, value) -> str:
    """A code in words from ``names`` (the code itself when unknown)."""
    for key, text in names.items():
        if str(key) == str(value):
            return str(text)
    return str(value)

# Seoul's districts (gu) that have a facility: code (as on the district map) → English and Korean names.
DISTRICTS = {
    "jongno": ("Jongno-gu", "종로구"), "jung": ("Jung-gu", "중구"), "seongdong": ("Seongdong-gu", "성동구"),
    "seongbuk": ("Seongbuk-gu", "성북구"), "dongdaemun": ("Dongdaemun-gu", "동대문구"),
    "jungnang": ("Jungnang-gu", "중랑구"), "yeongdeungpo": ("Yeongdeungpo-gu", "영등포구"),
    "geumcheon": ("Geumcheon-gu", "금천구"), "guro": ("Guro-gu", "구로구"), "mapo": ("Mapo-gu", "마포구"),
    "gwanak": ("Gwanak-gu", "관악구"), "gangnam": ("Gangnam-gu", "강남구"), "nowon": ("Nowon-gu", "노원구"),
    "seocho": ("Seocho-gu", "서초구"), "yongsan": ("Yongsan-gu", "용산구"), "songpa": ("Songpa-gu", "송파구"),
    "eunpyeong": ("Eunpyeong-gu", "은평구"), "gangseo": ("Gangseo-gu", "강서구"),
}


def district_name(code: str, locale: str) -> str:
    """A district's name: in Hangul on Korean pages, romanised otherwise (the code when unknown)."""
    names = DISTRICTS.get(code)
    if names is None:
        return code
    return names[1] if locale == "ko" else names[0]


def _korean() -> bool:
    from flask_babel import get_locale

    locale = get_locale()
    return locale is not None and locale.language == "ko"


def _locale() -> str:
    # Babel's locale, so mails written under force_locale name things in their reader's language.
    from flask_babel import get_locale

    locale = get_locale()
    return str(locale) if locale is not None else "en"


def _named(entity: str, row) -> tuple[str, str | None]:
    from market.centres.services.texts import translated_name

    locale = _locale()
    found = translated_name(entity, row.id, locale)
    if found:
        return found, locale
    return (row.name_ko, "ko") if _korean() and row.name_ko else (row.name, None)


def named_machine(equipment) -> tuple[str, str | None]:
    """A machine's name in the current language and the locale it is written in (None: the English column,
    which may hold Korean): its Japanese, Chinese or Vietnamese name where staff gave one, its Korean name on
    Korean pages and mails, else its English name."""
    return _named("centre_equipment", equipment)


def named_centre(facility) -> tuple[str, str | None]:
    """A facility's name in the current language and its locale, as :func:`named_machine` finds it."""
    return _named("centre_facility", facility)


def machine_name(equipment) -> str:
    """A machine's name in the current language (see :func:`named_machine`)."""
    return named_machine(equipment)[0]


def centre_name(facility) -> str:
    """A facility's name in the current language (see :func:`named_centre`)."""
    return named_centre(facility)[0]
