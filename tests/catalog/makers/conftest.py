"""Fixtures of the maker tests: a public Seongsu shoemaker with a bilingual story and an owner."""

import pytest

from tests.factories.makers import make_maker


@pytest.fixture
def shoemaker(db_session, make_org, make_user):
    """A public Seongsu maker written in Korean and English, owned by a user: returns (org, owner)."""
    owner = make_user()
    org = make_maker(
        db_session, make_org, owner, name="Saesol Shoe Workshop", name_ko="새솔제화",
        about={"ko": "1988년 성수동에서 시작한 수제화 공방입니다.", "en": "A handmade shoe workshop founded in Seongsu in 1988."},
        materials=["calfskin", "leather soles"], equipment=["post-bed sewing machines"],
        certifications=["ISO 9001"], min_order_qty=20, min_order_unit="pair", min_order_note="sizes can be mixed",
        lead_time_days=21)
    return org, owner
