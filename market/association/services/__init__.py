"""The association's operations, one module per aggregate:

- :mod:`.access` — who may see and do what (members their own returns, trade chairs their trade, staff all,
  the city the aggregates);
- :mod:`.prefill` — what the platform knows of a member's year (exports from paid orders abroad, certificates,
  introductions, commissions, hires, shared-equipment bookings, programmes it was selected for, trainings);
- :mod:`.checks` — the checks on submit, each on its field;
- :mod:`.returns` — a return's life: saved, submitted, returned with reasons, resubmitted, verified, corrected,
  each step a version;
- :mod:`.campaigns` — the yearly campaign, its reminders and response rates;
- :mod:`.aggregates` — published tables with confidentiality suppression, headline KPIs, targets, benchmarks;
- :mod:`.estimates` — respondents weighted to official counts with an interval, and the programme evaluation;
- :mod:`.register` — the member register (staff edit membership and dues), official counts and policy proposals;
- :mod:`.targets` — the forum paper's targets, as staff edit their baselines, targets, years and sources.

Functions take a session first, flush and never commit; refusals are :class:`~market.refusals.Refusal`.
"""
