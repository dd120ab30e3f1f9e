"""The demo's programmes: at least twelve in the API, their status as their windows give it, and their titles in
all five languages."""

from __future__ import annotations

import random

from sqlmodel import select

from market.programmes.demo import add_demo_programmes
from market.programmes.models import Programme
from market.programmes.phases import phase
from tests.factories.clients import isolated_client


def test_the_demo_programmes(app, db_session):
    add_demo_programmes(db_session, random.Random(7))
    db_session.commit()
    programmes = list(db_session.exec(select(Programme)))
    assert len(programmes) >= 12
    assert all(p.status == phase(p) for p in programmes)
    client = isolated_client(app)
    assert client.get("/api/v1/programmes").get_json()["total"] >= 12
    smart = next(p for p in programmes if p.code == "SMART-FACTORY-1")
    for lang, title in {"ja": "スマート工場 第1段階", "zh-hans": "智能工厂第一阶段", "vi": "Nhà máy thông minh giai đoạn 1",
                        "ko": "스마트공장 1단계", "en": "Smart factory stage 1"}.items():
        assert title in client.get(f"/{lang}/programmes/{smart.id}").get_data(as_text=True), lang


def test_the_demo_courses_in_five_languages(app, db_session):
    from market.trainings.demo import add_demo_trainings
    from market.trainings.models import Course

    add_demo_trainings(db_session, random.Random(7))
    db_session.commit()
    sewing = db_session.exec(select(Course).where(Course.code == "SEW-101")).one()
    client = isolated_client(app)
    for lang, title in {"ja": "工業用ミシン 初級", "vi": "Máy may công nghiệp, cấp 1", "ko": "공업용 미싱 기초"}.items():
        assert title in client.get(f"/{lang}/trainings/courses/{sewing.id}").get_data(as_text=True), lang
