"""Surveys: short questionnaires sent after something happened (a booking completed, a training attended, a
tour taken), answered once through a signed link, and summed up for reports.

A feature reuses it in four steps:

1. **Declare** its survey as data, a :class:`~market.surveys.definitions.SurveyDefinition`: a ``kind``
   (``"centre_booking"``), its questions (:class:`~market.surveys.definitions.Question` of type ``scale``
   1–5, ``nps`` 0–10, ``yes_no`` or ``text``, labels through ``_l()``), the score at or under which an answer
   is "low" (``low_score_at``, default 2), and optionally ``on_low_score(session, invitation, response)``
   (open a follow-up task, notify a manager) and ``on_answer(session, invitation, response)`` (move the
   subject's status), both called inside the answering transaction.
2. **Register** it in the app factory: ``surveys.init_app(app, [DEFINITION, ...])`` (nothing registers itself
   on import).
3. **Invite**: :func:`~market.surveys.services.invite` ``(session, kind, subject_id, user, group_key=...,
   title=..., return_url=...)`` stores an invitation (one per kind, subject and user; inviting again returns the
   same one) and :func:`~market.surveys.services.survey_url` gives its one-time link, signed with the app's
   secret and valid for :data:`~market.surveys.services.VALID_DAYS` (14) days; send it in the user's language
   (``with force_locale(...)``; the link carries it). The link opens ``/<lang>/surveys/<token>``, a page served
   by this package, which checks the signature, the expiry and that it was not answered yet.
4. **Read results**: :func:`~market.surveys.services.summarize` ``(session, kind, group_keys=..., subject_ids=...,
   since=..., until=...)`` returns :class:`~market.surveys.services.SurveyResults`: invited, answered, response
   rate, mean per scale question, overall mean, NPS (promoters − detractors, in points) and the share of "yes"
   per yes/no question; :func:`~market.surveys.services.texts` the free-text answers of some groups.

Answers are refused, with a :class:`~market.refusals.Refusal` and nothing stored, for a forged or altered link
(404 ``survey_link_invalid``), an expired one (410 ``survey_expired``), a second answer (409
``survey_answered``, also when two answers race: one conditional UPDATE decides) and a missing or out-of-range
score (422 on its field).
"""
