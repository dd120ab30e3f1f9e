"""Reviews: experts score something against a weighted rubric — built once, used by support programmes, the
skills competition and the master-craftsman selection.

The reviewed object (an application, a competition entry, a nomination) is named by ``(kind, id)`` and never
imported: each feature gives the app factory one :class:`~market.reviews.registry.SubjectAdapter` for its
kind (``reviews.registry.init_app(app, [adapter, ...])``, like payables), which says what the reviewer may see
(:class:`~market.reviews.registry.SubjectFile`) and to which *scope* (``("programme", 7)``, ``("competition",
2)``) the object belongs. Rubrics and reviewer grants are per scope.

The service API (:mod:`market.reviews.services`; functions take a session first, flush, never commit, and
refuse with :class:`market.refusals.Refusal`):

- ``set_rubric(session, scope_kind, scope_id, criteria, blind=False)`` — criteria are
  :class:`~market.reviews.services.CriterionSpec` (code, labels per locale, weight); weights are positive
  integers, scores are 1–5; blind mode hides the organisation from reviewers.
- ``grant_reviewer(session, user, scope_kind, scope_id, by=staff)`` — an external account (role ``reviewer``)
  is limited to one scope: a second scope is refused. Staff (internal) reviewers need no grant.
- ``assign_reviewer(session, subject_kind, subject_id, reviewer, by=staff)`` — refuses a reviewer without a
  grant for the subject's scope, and the same reviewer twice.
- ``declare_interest(session, assignment_id, user, conflict=bool, note="")`` — must come before the file is
  shown; a declared conflict ends that reviewer's part (the file stays closed to them).
- ``open_file(session, assignment_id, user)`` → :class:`~market.reviews.services.ReviewFile` — refuses
  (409) before the declaration and (403) after a declared conflict; in blind mode the organisation is hidden.
- ``submit_scores(session, assignment_id, user, {code: (score, comment)})`` — every criterion 1–5, one
  submission per reviewer (a second is refused, 409).
- ``score_summary(session, subject_kind, subject_id)`` → per criterion the scores, mean, min, max and spread
  (max − min, what staff look at to spot disagreement), and each reviewer's weighted total out of 100.
- ``assignments_of(session, user_id)`` and ``assignments_for(session, subject_kind, subject_id)`` — lists.

Pages: ``market_reviews.index`` (a reviewer's assignments), ``market_reviews.review`` (declare, then read and
score). Staff pages of a feature embed the summary with the ``reviews/_summary.html`` template and the
assignment form of their own.
"""
