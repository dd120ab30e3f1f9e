"""API of support programmes: the directory, eligibility for your organisation, and applications (draft, answers,
documents, submit). Refusals answer in the error envelope (:mod:`market.errors`): a submission with something
missing is a 422 whose ``fields`` name every missing thing."""

from __future__ import annotations

from flask import request, url_for
from flask_babel import gettext as _

from i18n.locales import current_locale
from market.api import FILE, Routes, api_user, multipart
from market.db import get_session
from market.programmes.api_models import (
    ApplicationCreate,
    ApplicationOut,
    ApplicationUpdate,
    ChoiceOut,
    CoApplicantCreate,
    DocumentOut,
    EligibilityOut,
    EligibilityQuery,
    EventOut,
    FileOut,
    ProgrammeList,
    ProgrammeOut,
    ProgrammeQuery,
    QuestionOut,
    RuleOut,
    SignOffCreate,
    SignOffOut,
)
from market.programmes.labels import text, text_locale
from market.programmes.models import Application, Programme
from market.programmes.phases import phase
from market.programmes.services import applications as apps
from market.programmes.services import coapplicants, directory
from market.programmes.services.access import acting_organisation
from market.programmes.services.texts import programme_texts
from market.refusals import Refusal
from market.uploads.files import read_upload

routes = Routes()
TAG = "programmes"


def question_out(field: dict, locale: str) -> QuestionOut:
    """A question of the form in ``locale``, each label saying which language it is really in."""
    return QuestionOut(
        name=field["name"], type=field.get("type", "text"), label=text(field.get("label"), locale) or field["name"],
        label_lang=text_locale(field.get("label"), locale), help=text(field.get("help"), locale),
        required=bool(field.get("required")), min=field.get("min"), max=field.get("max"),
        choices=[ChoiceOut(value=c["value"], label=text(c.get("label"), locale) or c["value"],
                           label_lang=text_locale(c.get("label"), locale)) for c in field.get("choices", [])])


def programme_out(programme: Programme, locale: str | None = None) -> ProgrammeOut:
    """A programme in the API's shape, texts in ``locale`` (default: the request's language), status as its dates
    give it."""
    texts = programme_texts(None, programme)
    locale = locale or current_locale()
    return ProgrammeOut(
        id=programme.id, code=programme.code, title=text(texts.title, locale), summary=text(texts.summary, locale),
        target=text(texts.target, locale), benefit=text(texts.benefit, locale), support_type=programme.support_type,
        trades=programme.trades, clusters=programme.clusters, districts=programme.districts,
        benefit_max_krw=programme.benefit_max_krw, places=programme.places,
        selection_method=programme.selection_method,
        documents=[DocumentOut(code=d["code"], label=text(d.get("label"), locale),
                               label_lang=text_locale(d.get("label"), locale), required=bool(d.get("required")))
                   for d in programme.documents],
        questions=[question_out(f, locale) for f in programme.form],
        responsible_agency=programme.responsible_agency, executing_agency=programme.executing_agency,
        notice_url=programme.notice_url, opens_at=programme.opens_at, closes_at=programme.closes_at,
        status=phase(programme), accepting=directory.is_accepting(programme),
        url=url_for("market_programmes.detail", lang=current_locale(), id=programme.id))


def signoff_out(signoff: coapplicants.SignOff) -> SignOffOut:
    return SignOffOut(user_id=signoff.user_id, name=signoff.name, signed=signoff.signed, signed_at=signoff.signed_at)


def application_out(application: Application) -> ApplicationOut:
    session = get_session()
    people = apps.timeline_people(session, application.id)
    return ApplicationOut(
        id=application.id, programme_id=application.programme_id, organization_id=application.organization_id,
        status=application.status, answers=application.answers, declaration=application.declaration or {},
        files=[FileOut(id=f.id, document_code=f.document_code, filename=f.filename, size=f.size)
               for f in apps.files_of(session, application.id)],
        missing=apps.missing_for_submission(session, application) if application.status in apps.EDITABLE else {},
        info_request=application.info_request, decision_reason=application.decision_reason,
        submitted_at=application.submitted_at,
        co_applicants=[signoff_out(s) for s in coapplicants.sign_offs(session, application.id)],
        timeline=[EventOut(status=e.status, note=e.note, at=e.created_at, by=people.get(e.actor_user_id))
                  for e in apps.timeline(session, application.id)],
        url=url_for("market_programmes.application", lang=current_locale(), id=application.id))


@routes.endpoint("/programmes", summary="List programmes", tag=TAG, query=ProgrammeQuery, response=ProgrammeList,
                 auth=False)
def list_programmes(query: ProgrammeQuery):
    """Support programmes by trade, support type, status and district; open ones first, soonest deadline
    first."""
    filters = directory.Filters(trade=query.trade, support_type=query.type, status=query.status,
                                district=query.district, closing_this_week=query.closing_this_week,
                                page=query.page)
    rows, total = directory.list_programmes(get_session(), filters)
    return ProgrammeList(items=[programme_out(p, query.lang) for p in rows], total=total, page=query.page,
                         per_page=directory.PER_PAGE)


@routes.endpoint("/programmes/<int:id>", summary="Get a programme", tag=TAG, response=ProgrammeOut, auth=False)
def get_programme(id: int):
    """One programme with the directory's fields."""
    return programme_out(directory.get_programme(get_session(), id))


@routes.endpoint("/programmes/<int:id>/eligibility", summary="Check eligibility", tag=TAG, query=EligibilityQuery,
                 response=EligibilityOut)
def programme_eligibility(id: int, query: EligibilityQuery):
    """Each eligibility rule of the programme evaluated against your organisation: met, not_met or unknown, and
    why; ``eligible`` when every rule is met."""
    session = get_session()
    programme = directory.get_programme(session, id)
    org = acting_organisation(session, api_user(), query.organization_id)
    eligible, results = directory.check_eligibility(session, programme, org)
    return EligibilityOut(programme_id=programme.id, organization_id=org.id, eligible=eligible,
                          rules=[RuleOut(code=r.code, result=r.result, why=r.why) for r in results])


@routes.endpoint("/applications", "POST", summary="Start an application", tag=TAG, body=ApplicationCreate,
                 response=ApplicationOut, status=201, errors=(404, 409))
def create_application(body: ApplicationCreate):
    """Open a draft application of your organisation to a programme; refused after the deadline and when your
    organisation already applied (409)."""
    session = get_session()
    org = acting_organisation(session, api_user(), body.organization_id)
    return application_out(apps.start_application(session, body.programme_id, org, api_user()))


@routes.endpoint("/applications/<int:id>", summary="Get an application", tag=TAG, response=ApplicationOut)
def get_application(id: int):
    """An application of your organisation, with what submission still needs and its timeline."""
    return application_out(apps.get_application(get_session(), id, api_user()))


@routes.endpoint("/applications/<int:id>", "PUT", summary="Save answers", tag=TAG, body=ApplicationUpdate,
                 response=ApplicationOut, errors=(409,))
def update_application(id: int, body: ApplicationUpdate):
    """Save answers (only the fields given; an empty value clears one) and the declaration of other public
    support; refused once submitted (409)."""
    declaration = body.declaration.model_dump() if body.declaration is not None else None
    return application_out(apps.save_answers(get_session(), id, api_user(), body.answers, declaration))


@routes.endpoint("/applications/<int:id>/documents", "POST", summary="Attach a document", tag=TAG,
                 response=ApplicationOut, status=201, errors=(409,),
                 content=multipart("document_code", "file", document_code={"type": "string"}, file=FILE))
def attach_document(id: int):
    """Attach a PDF, PNG or JPEG as one of the programme's documents (checked by its content)."""
    code = request.form.get("document_code", "")
    file = request.files.get("file")
    if file is None:
        raise Refusal(_("Choose a file."), field="file")
    session = get_session()
    apps.attach_document(session, id, api_user(), code, read_upload(file))
    return application_out(apps.get_application(session, id, api_user())), 201


@routes.endpoint("/applications/<int:id>/submit", "POST", summary="Submit an application", tag=TAG,
                 response=ApplicationOut, errors=(409,))
def submit_application(id: int):
    """Submit (or resubmit after staff asked for more); a 422 names every missing field in ``fields``, each
    co-applicant's missing sign-off as ``signoff_<user id>``."""
    return application_out(apps.submit_application(get_session(), id, api_user()))


@routes.endpoint("/applications/<int:id>/co-applicants", "POST", summary="Name a co-applicant", tag=TAG,
                 body=CoApplicantCreate, response=ApplicationOut, status=201, errors=(409,))
def name_co_applicant(id: int, body: CoApplicantCreate):
    """Name a member of the applying organisation as co-applicant: they are notified and must sign off before
    the application can be submitted. A non-member, the applicant or someone named already is a 422 on
    ``co_applicant``."""
    session = get_session()
    coapplicants.name_co_applicant(session, id, api_user(), body.user_id)
    return application_out(apps.get_application(session, id, api_user())), 201


@routes.endpoint("/applications/<int:id>/co-applicants/<int:user_id>", "DELETE", summary="Remove a co-applicant",
                 tag=TAG, status=204, errors=(409,))
def remove_co_applicant(id: int, user_id: int):
    """Take a co-applicant off the application while it can change."""
    coapplicants.remove_co_applicant(get_session(), id, api_user(), user_id)
    return None


@routes.endpoint("/applications/<int:id>/sign-off", "POST", summary="Sign off as co-applicant", tag=TAG,
                 body=SignOffCreate, response=ApplicationOut, errors=(403, 409))
def sign_off_application(id: int, body: SignOffCreate):
    """Your own sign-off as co-applicant: ``confirm`` that you read the answers and the declaration. Signing for
    someone else, or without being a co-applicant, is a 403; a second sign-off a 409 (``already_signed``)."""
    session = get_session()
    coapplicants.sign_off(session, id, api_user(), body.confirm, body.user_id)
    return application_out(apps.get_application(session, id, api_user()))
