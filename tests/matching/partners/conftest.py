"""A small matching world per test: a Mullae-dong maker writing in Korean, an English-only lab with an open
listing, a patent holder with a listing behind an NDA, a startup and a buyer — and a fresh engine over them."""

from __future__ import annotations

import pytest

from matching.services import listings, profiles


@pytest.fixture
def fresh_engine(app, tmp_path, monkeypatch):
    """Each test gets its own engine (index files in a temporary directory) built from its own database."""
    from matching.engine import EXTENSION

    monkeypatch.setitem(app.config, "MATCHING_DIR", str(tmp_path / "matching"))
    app.extensions.pop(EXTENSION, None)


def _profile(session, user, org, lang, offer, seek, title=None):
    profile = profiles.ensure_org_profile(session, user, org.id)
    profiles.update_profile(session, user, profile.id, lang=lang,
                            texts={lang: {"title": title or org.name, "offer": offer, "seek": seek}})
    profiles.set_profile_status(session, user, profile.id, True)
    session.commit()
    return profile


@pytest.fixture
def world(db_session, make_user, make_org, fresh_engine):
    """Organisations with published profiles and listings; returns a dict of users, orgs and records."""
    s = db_session
    w = {}
    w["maker_user"] = make_user()
    w["maker"] = make_org(w["maker_user"], kind="maker", name="Mullae Precision", cluster_code="mullae")
    w["maker_profile"] = _profile(
        s, w["maker_user"], w["maker"], "ko",
        "문래동에서 CNC 밀링과 선반 가공으로 알루미늄과 스테인리스 정밀 부품을 만듭니다.",
        "가공 공정의 공구 마모를 감지하는 센서 기술과 스마트 공장 개조 기술을 찾습니다.")
    w["lab_user"] = make_user()
    w["lab"] = make_org(w["lab_user"], kind="lab", name="KAIST Smart Machining Lab", country="KR")
    _profile(s, w["lab_user"], w["lab"], "en", "Research on machine monitoring and tool wear sensing.",
             "Machine shops to pilot our sensors on CNC machines.")
    w["lab_listing"] = listings.create_listing(
        s, w["lab_user"], w["lab"].id, lang="en", publish=True, trl=6, license_terms=["license"],
        texts={"en": {"title": "Vibration sensor for tool wear detection on CNC machines",
                      "abstract": "A retrofit accelerometer and edge model that detect tool wear and breakage on "
                                  "CNC milling machines and lathes in real time, for smart factory upgrades."}})
    w["holder_user"] = make_user()
    w["holder"] = make_org(w["holder_user"], kind="ip_holder", name="Secret Alloys Co.", country="KR")
    w["gated_listing"] = listings.create_listing(
        s, w["holder_user"], w["holder"].id, lang="en", publish=True, trl=4, license_terms=["sale"],
        nda_required=True, questions=["What volume do you cast per month?"],
        texts={"en": {"title": "Confidential: low-shrink gold casting alloy X-17",
                      "abstract": "Composition 75% Au with secret grain refiners.",
                      "teaser_title": "Low-shrink casting alloy for jewelry",
                      "teaser": "A gold alloy that shrinks less in lost-wax jewelry casting."}})
    w["startup_user"] = make_user()
    w["startup"] = make_org(w["startup_user"], kind="startup", name="Hexa Robotics", country="KR")
    _profile(s, w["startup_user"], w["startup"], "en", "We design small delivery robots.",
             "A machine shop to CNC machine aluminium robot housings and precision parts.")
    s.commit()
    return w
