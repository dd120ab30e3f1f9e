"""Programme codes in words: support types, statuses, selection methods, application states, trades."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from i18n.locales import current_locale
from market.programmes.models import ApplicationStatus, ProgrammeStatus, SelectionMethod, SupportType

SUPPORT_TYPE_LABELS = {
    SupportType.loan: _l("Loan"),
    SupportType.guarantee: _l("Loan guarantee"),
    SupportType.grant: _l("Grant"),
    SupportType.training: _l("Training"),
    SupportType.consulting: _l("Consulting"),
    SupportType.facility: _l("Facilities and equipment"),
    SupportType.export: _l("Markets and export"),
    SupportType.safety_net: _l("Safety net"),
    SupportType.certification: _l("Certification and awards"),
}
PROGRAMME_STATUS_LABELS = {
    ProgrammeStatus.upcoming: _l("Upcoming"),
    ProgrammeStatus.open: _l("Taking applications"),
    ProgrammeStatus.closed: _l("Closed"),
    ProgrammeStatus.results: _l("Results published"),
}
SELECTION_LABELS = {
    SelectionMethod.review: _l("Review by a panel"),
    SelectionMethod.first_come: _l("First come, first served"),
    SelectionMethod.screening: _l("Document screening"),
}
APPLICATION_STATUS_LABELS = {
    ApplicationStatus.draft: _l("Draft"),
    ApplicationStatus.submitted: _l("Submitted"),
    ApplicationStatus.screening: _l("Screening"),
    ApplicationStatus.info_requested: _l("More information requested"),
    ApplicationStatus.resubmitted: _l("Resubmitted"),
    ApplicationStatus.in_review: _l("In review"),
    ApplicationStatus.selected: _l("Selected"),
    ApplicationStatus.waitlisted: _l("Waitlisted"),
    ApplicationStatus.rejected: _l("Not selected"),
    ApplicationStatus.withdrawn: _l("Withdrawn"),
    ApplicationStatus.agreement: _l("Agreement"),
    ApplicationStatus.in_progress: _l("In progress"),
    ApplicationStatus.reported: _l("Reported"),
    ApplicationStatus.closed: _l("Closed"),
}


def _label(names: dict, enum_class, value) -> str:
    try:
        return str(names[enum_class(str(value))])
    except (KeyError, ValueError):
        return str(value)


def support_type_label(value) -> str:
    """A support type in words."""
    return _label(SUPPORT_TYPE_LABELS, SupportType, value)


def programme_status_label(value) -> str:
    """A programme's status in words."""
    return _label(PROGRAMME_STATUS_LABELS, ProgrammeStatus, value)


def selection_label(value) -> str:
    """A selection method in words."""
    return _label(SELECTION_LABELS, SelectionMethod, value)


def application_status_label(value) -> str:
    """An application's status in words."""
    return _label(APPLICATION_STATUS_LABELS, ApplicationStatus, value)


def text(value: dict | None, locale: str | None = None) -> str:
    """A text the city wrote per locale: the requested one, else English, else Korean."""
    value = value or {}
    locale = locale or current_locale()
    for key in (locale, "en", "ko"):
        if value.get(key):
            return value[key]
    return next(iter(value.values()), "") if value else ""


def text_lang(value: dict | None, locale: str | None = None):
    """`` lang="…"`` for the element showing :func:`text` of ``value`` when that text is in another language than
    the page (a fallback to English or Korean), else nothing — so readers and checks know whose words they are."""
    from markupsafe import Markup

    from i18n.locales import hreflang

    value = value or {}
    locale = locale or current_locale()
    chosen = next((key for key in (locale, "en", "ko") if value.get(key)), next(iter(value), None))
    return "" if chosen in (None, locale) else Markup(' lang="{}"').format(hreflang(chosen))


def text_html(value: dict | None, locale: str | None = None):
    """:func:`text` for a page: inside ``<span lang="…">`` when it falls back to another language than the page's,
    so it can sit in a sentence of the page's language."""
    from markupsafe import Markup, escape

    attr = text_lang(value, locale)
    shown = text(value, locale)
    return Markup("<span{}>{}</span>").format(attr, shown) if attr else escape(shown)


def reader_locale() -> str:
    """The language being written in: the request's, or the one a notice or mail forces
    (``flask_babel.force_locale``), so labels follow the messages around them."""
    from flask_babel import get_locale

    from i18n.locales import LOCALES

    babel = get_locale()
    if babel is not None:
        code = str(babel)
        for candidate in (code, f"{babel.language}_{babel.script}" if babel.script else None, babel.language):
            if candidate in LOCALES:
                return candidate
    return current_locale()


def text_locale(value: dict | None, locale: str | None = None) -> str | None:
    """The language :func:`text` of ``value`` is really in (None when there is no text)."""
    value = value or {}
    locale = locale or reader_locale()
    return next((key for key in (locale, "en", "ko") if value.get(key)), next((k for k, v in value.items() if v), None))


def fallback_mark(value: dict | None, locale: str | None = None):
    """A visible mark beside a text shown in another language than the page's (“Shown in English”), else
    nothing: labels of questions and documents written in fewer than five languages say so to the reader."""
    from flask_babel import gettext as _
    from markupsafe import Markup

    from i18n.locales import language_name

    locale = locale or reader_locale()
    shown = text_locale(value, locale)
    if shown in (None, locale):
        return ""
    return Markup(' <span class="fallback-mark" data-fallback="{}">{}</span>').format(
        shown, _("Shown in %(language)s", language=language_name(shown)))


EVENT_LABELS = {
    "signoff_asked": _l("Sign-off asked"),
    "signed_off": _l("Signed off"),
    "signoff_again": _l("Sign-off asked again after a change"),
    "signoff_removed": _l("Co-applicant removed"),
}


def event_label(value) -> str:
    """A timeline entry in words: an application status, or a co-applicant's sign-off step."""
    if str(value) in EVENT_LABELS:
        return str(EVENT_LABELS[str(value)])
    return application_status_label(value)


def fallback_note(value: dict | None, locale: str | None = None) -> str:
    """:func:`fallback_mark` as plain words (“Shown in English”) for places without markup: options of a list,
    a reviewer's file, the API; empty when the text is in the reader's language."""
    from flask_babel import gettext as _

    from i18n.locales import language_name

    locale = locale or reader_locale()
    shown = text_locale(value, locale)
    if shown in (None, locale):
        return ""
    return _("Shown in %(language)s", language=language_name(shown))
