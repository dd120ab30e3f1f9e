"""People of the trades: craftspeople, job posts, applicant profiles and tours, built through the services."""

from __future__ import annotations

import datetime as dt

from market.careers.services.applications import save_profile
from market.careers.services.posts import create_post
from market.db import utcnow
from market.people.services.profiles import add_craftsperson
from market.tours.services import host_tour


def make_person(db_session, user, org, *, name: str = "Kim Geum-seok", trade: str = "jewelry", years: int = 22,
                consent: bool = True, story=None):
    """A craftsperson of ``org`` added by ``user`` (a member or staff), ``years`` in the trade."""
    person = add_craftsperson(db_session, user, org_id=org.id, name=name, trade=trade,
                              started_year=dt.date.today().year - years, consent=consent,
                              story=story or {"ko": "종로에서 금속 공예를 해왔습니다.", "en": "A goldsmith of Jongno."})
    db_session.commit()
    return person


def post_fields(**overrides) -> dict:
    """The fields of a valid apprentice job post."""
    fields = dict(title="Apprentice shoemaker", description="Learn hand-lasting.", locale="en", trade="shoes",
                  level="apprentice", wage_type="monthly", wage_min_krw=2_200_000, wage_max_krw=2_600_000,
                  hours_per_week=40, deadline=dt.date.today() + dt.timedelta(days=30), openings=2,
                  work_days="Mon–Fri", training=True)
    fields.update(overrides)
    return fields


def make_post(db_session, user, org, **overrides):
    """A job post of ``org`` by its member ``user``."""
    post = create_post(db_session, user, org_id=org.id, **post_fields(**overrides))
    db_session.commit()
    return post


def make_profile(db_session, user, **overrides):
    """An applicant profile of ``user``."""
    fields = dict(full_name=user.display_name, email=user.email, phone="010-1234-5678", languages=["ko", "en"],
                  trades=["shoes"])
    fields.update(overrides)
    profile = save_profile(db_session, user, **fields)
    db_session.commit()
    return profile


def make_tour(db_session, user, org, *, capacity: int = 30, days: int = 10, trade: str = "shoes"):
    """A tour of ``org`` hosted by its member ``user``, ``days`` from now."""
    tour = host_tour(db_session, user, org_id=org.id, starts_at=utcnow() + dt.timedelta(days=days),
                     capacity=capacity, trade=trade, safety_notes="Closed shoes.")
    db_session.commit()
    return tour
