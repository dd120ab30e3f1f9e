"""Applications as review subjects: what a reviewer reads of one (the answers, the declaration and the list of
documents; the organisation's name only outside blind mode), under the scope of its programme."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlmodel import Session

from market.accounts.models import Organization
from market.programmes.labels import fallback_note, reader_locale, support_type_label, text
from market.programmes.models import Application, Programme
from market.programmes.services.texts import programme_texts
from market.refusals import not_found
from market.reviews.registry import SubjectFile

KIND = "programme_application"
SCOPE = "programme"


class ApplicationSubject:
    """The :class:`market.reviews.registry.SubjectAdapter` of programme applications."""

    kind = KIND

    def _get(self, session: Session, subject_id: int) -> Application:
        application = session.get(Application, subject_id)
        if application is None:
            raise not_found()
        return application

    def scope_of(self, session: Session, subject_id: int) -> tuple[str, int]:
        return SCOPE, self._get(session, subject_id).programme_id

    def describe(self, session: Session, subject_id: int) -> SubjectFile:
        from market.programmes.services.applications import files_of

        application = self._get(session, subject_id)
        programme = session.get(Programme, application.programme_id)
        org = session.get(Organization, application.organization_id)
        sections = []
        for field in programme.form:
            value = application.answers.get(field["name"])
            if value is None:
                continue
            if field.get("type") == "checkbox":
                value = _("Yes") if value else _("No")
            elif field.get("type") == "choice":
                value = next((_marked(c.get("label")) for c in field.get("choices", []) if c["value"] == value), value)
            sections.append((_marked(field.get("label")) or field["name"], str(value)))
        declaration = application.declaration or {}
        if declaration.get("none"):
            sections.append((_("Other public support"), _("None declared")))
        for item in declaration.get("items", []):
            sections.append((_("Other public support"), f"{item['title']} · {support_type_label(item['support_type'])}"
                                                         f" · {item['year']}"))
        names = {d["code"]: _marked(d.get("label")) for d in programme.documents}
        for file in files_of(session, application.id):
            sections.append((_("Document"), f"{names.get(file.document_code, file.document_code)}"))
        title = text(programme_texts(session, programme).title)
        return SubjectFile(kind=KIND, id=application.id, scope_kind=SCOPE, scope_id=programme.id,
                           title=title, organisation=org.name if org else "",
                           sections=tuple(sections), scope_title=title)


def _marked(value: dict | None) -> str:
    """A label of the form in the reviewer's language, with “(Shown in English)” when it falls back."""
    shown, note = text(value, reader_locale()), fallback_note(value)
    return f"{shown} ({note})" if shown and note else shown


ADAPTER = ApplicationSubject()
