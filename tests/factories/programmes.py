"""Support programmes and trainings: an open programme with rules, a form and documents as data; a workshop with
a complete support profile; a training course with a session."""

from __future__ import annotations

import datetime as dt

from market.programmes import brn

VALID_BRN = brn.make("220816251")
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n" \
      b"trailer<</Root 1 0 R>>\n%%EOF\n"

FORM = [
    {"name": "plan", "type": "textarea", "label": {"en": "Plan", "ko": "계획"}, "required": True, "max": 500},
    {"name": "workers", "type": "number", "label": {"en": "Workers"}, "required": True, "min": 0, "max": 999},
    {"name": "process", "type": "choice", "label": {"en": "Process"}, "required": False,
     "choices": [{"value": "cutting", "label": {"en": "Cutting"}}, {"value": "sewing", "label": {"en": "Sewing"}}]},
    {"name": "consent", "type": "checkbox", "label": {"en": "I agree"}, "required": True},
]
DOCUMENTS = [{"code": "registration", "label": {"en": "Business registration certificate"}, "required": True}]
RULES = [{"code": "headcount_under", "max": 10}, {"code": "seoul_workplace"},
         {"code": "ksic", "prefixes": ["14"]}, {"code": "no_recent_support", "support_type": "facility", "years": 3}]


def programme_fields(**overrides) -> dict:
    """An open facility programme closing in ten days."""
    from i18n.times import utcnow
    from market.programmes.models import ProgrammeStatus, SupportType

    now = utcnow()
    fields = dict(code=f"TEST-{now.timestamp()}-{id(overrides)}", title={"en": "Smart factory stage 1",
                                                                         "ko": "스마트공장 1단계"},
                  summary={"en": "Sensors and barcodes."}, target={"en": "Small workshops"},
                  benefit={"en": "70% of the cost"}, support_type=SupportType.facility, trades=["sewing"],
                  opens_at=now - dt.timedelta(days=5), closes_at=now + dt.timedelta(days=10),
                  status=ProgrammeStatus.open, rules=list(RULES), form=list(FORM), documents=list(DOCUMENTS),
                  responsible_agency="Seoul", executing_agency="SBA", overlap_years=3)
    # A programme's status follows its window: a status asked for without dates gets dates that give it.
    status = str(overrides.get("status", ""))
    if status and "opens_at" not in overrides and "closes_at" not in overrides:
        if status == ProgrammeStatus.upcoming:
            fields.update(opens_at=now + dt.timedelta(days=5), closes_at=now + dt.timedelta(days=30))
        elif status in (ProgrammeStatus.closed, ProgrammeStatus.results):
            fields.update(opens_at=now - dt.timedelta(days=30), closes_at=now - dt.timedelta(days=1))
    fields.update(overrides)
    return fields


def add_programme(session, **overrides):
    """Create and commit a programme."""
    from market.programmes.models import Programme

    programme = Programme(**programme_fields(**overrides))
    session.add(programme)
    session.commit()
    return programme


def add_profile(session, org, **overrides):
    """A complete support profile for ``org``."""
    from market.programmes.services.profiles import save_profile

    fields = dict(business_number=VALID_BRN, ksic_codes=["14111"], annual_revenue_krw=400_000_000,
                  workplace_in_seoul=True)
    fields.update(overrides)
    profile = save_profile(session, org, **fields)
    session.commit()
    return profile


def upload(name: str = "registration.pdf", data: bytes = PDF):
    """An upload as the services read it."""
    from market.uploads.images import Upload

    return Upload(name, data)


def complete_application(session, programme, org, user):
    """A draft with every answer, the declaration and the required document: ready to submit."""
    from market.programmes.services import applications as apps

    application = apps.start_application(session, programme.id, org, user)
    apps.save_answers(session, application.id, user, {"plan": "New cutting table", "workers": 6, "consent": True},
                      {"none": True, "items": []})
    apps.attach_document(session, application.id, user, "registration", upload())
    session.commit()
    return application


def add_course(session, *, capacity: int = 10, meetings: int = 5, equipment: str | None = None, trainer=None,
               practical: bool = True):
    """A sewing course with one session starting in a week; returns (course, session)."""
    from i18n.times import utcnow
    from market.trainings.models import Course, TrainingSession

    course = Course(code=f"C-{utcnow().timestamp()}-{capacity}-{meetings}", title={"en": "Industrial sewing",
                                                                                  "ko": "공업용 미싱"},
                    trade="sewing", level=1, hours=20, ncs_units=["1903020101"], equipment=equipment,
                    practical_check=practical)
    session.add(course)
    session.flush()
    start = utcnow() + dt.timedelta(days=7)
    row = TrainingSession(course_id=course.id, starts_at=start, ends_at=start + dt.timedelta(days=5),
                          facility="Changsin centre", capacity=capacity, meetings=meetings,
                          trainer_user_id=trainer.id if trainer else None)
    session.add(row)
    session.commit()
    return course, row
