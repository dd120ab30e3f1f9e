"""Staff keep the member register of the five trade associations: add a firm, change its membership and dues
status; each bad field is refused on its field with nothing kept; trade chairs see their trade's entries but
edit none, and members and the city are refused."""

from __future__ import annotations

import pytest
from sqlmodel import select

from market.association.models import Member
from market.association.services import register
from market.refusals import Refusal
from tests.factories.association import add_member
from tests.helpers import csrf_token


def _entry(**changes) -> dict:
    values = {"name": "Seongsu Last Works", "name_ko": "성수라스트", "trade_association": "shoes",
              "cluster_code": "seongsu", "ksic": "15", "district": "Seongdong-gu", "dues_status": "paid",
              "dues_year": 2026, "joined_year": 2019, "active": True}
    values.update(changes)
    return values


def test_staff_add_a_firm_and_change_its_dues(db_session, clusters, staff):
    """A new entry is kept with its membership; moving it to overdue dues and inactive is kept too."""
    member = register.save_member(db_session, staff.user, None, **_entry())
    assert (member.name, member.trade_association, member.dues_status, member.joined_year) == \
        ("Seongsu Last Works", "shoes", "paid", 2019)
    register.save_member(db_session, staff.user, member, **_entry(dues_status="overdue", dues_year=2025,
                                                                  active=False, trade_association="metal"))
    db_session.refresh(member)
    assert (member.dues_status, member.dues_year, member.active, member.trade_association) == \
        ("overdue", 2025, False, "metal")
    assert register.dues_summary(db_session).get("overdue", 0) >= 1


@pytest.mark.parametrize(("changes", "field"), [
    ({"name": " "}, "name"),
    ({"trade_association": "bakers"}, "trade_association"),
    ({"cluster_code": "atlantis"}, "cluster_code"),
    ({"ksic": "99"}, "ksic"),
    ({"district": ""}, "district"),
    ({"dues_status": "maybe"}, "dues_status"),
    ({"dues_year": None}, "dues_year"),
    ({"dues_year": 1900}, "dues_year"),
    ({"joined_year": 2999}, "joined_year"),
])
def test_bad_entries_are_refused_on_their_field(db_session, clusters, staff, changes, field):
    """Each bad field is named; nothing is added."""
    before = len(db_session.exec(select(Member)).all())
    with pytest.raises(Refusal) as refused:
        register.save_member(db_session, staff.user, None, **_entry(**changes))
    assert field in refused.value.fields
    assert len(db_session.exec(select(Member)).all()) == before


def test_exempt_dues_need_no_year(db_session, clusters, staff):
    """An exempt firm is kept without a dues year."""
    member = register.save_member(db_session, staff.user, None, **_entry(dues_status="exempt", dues_year=None))
    assert member.dues_status == "exempt" and member.dues_year is None


def test_only_staff_edit_the_register(db_session, clusters, shoe_chair, city, workshop):
    """Trade chairs, the city and members are refused (403)."""
    for party in (shoe_chair, city, workshop):
        with pytest.raises(Refusal) as refused:
            register.save_member(db_session, party.user, None, **_entry())
        assert refused.value.status == 403


def test_staff_edit_an_entry_on_its_page(app, db_session, clusters, staff):
    """The edit page shows the entry; a dues year left out for paid dues comes back marked (422) and nothing
    changes; a good change is saved and shown on the register."""
    member = add_member(db_session, name="Mullae Bolt Works", cluster_code="mullae", ksic="25",
                        district="Yeongdeungpo-gu")
    url = f"/en/association/members/{member.id}"
    page = staff.client.get(url)
    assert page.status_code == 200 and 'value="Mullae Bolt Works"' in page.get_data(as_text=True)
    token = csrf_token(staff.client, url)
    data = {"csrf_token": token, "name": "Mullae Bolt Works", "name_ko": "", "trade_association": "metal",
            "cluster_code": "mullae", "ksic": "25", "district": "Yeongdeungpo-gu", "joined_year": "2018",
            "active": "y", "dues_status": "overdue", "dues_year": ""}
    bad = staff.client.post(url, data=data)
    assert bad.status_code == 422
    html = bad.get_data(as_text=True)
    assert 'id="dues_year-error"' in html and "Give the year these dues are for." in html
    db_session.refresh(member)
    assert member.dues_status == "paid"
    good = staff.client.post(url, data={**data, "dues_year": "2025"})
    assert good.status_code == 302 and good.headers["Location"].endswith(f"#member-{member.id}")
    db_session.refresh(member)
    assert (member.dues_status, member.dues_year, member.trade_association, member.joined_year) == \
        ("overdue", 2025, "metal", 2018)
    listing = staff.client.get("/en/association/members").get_data(as_text=True)
    row = listing[listing.index(f'id="member-{member.id}"'):]
    row = row[:row.index("</tr>")]
    assert "Overdue (2025)" in row and "Mullae Machine-Metal Association" in row


def test_staff_add_a_member_on_the_new_page(app, db_session, clusters, staff):
    """A firm added through the page joins the register; a missing name is marked."""
    token = csrf_token(staff.client, "/en/association/members/new")
    data = {"csrf_token": token, "name": "", "trade_association": "printing", "cluster_code": "euljiro",
            "ksic": "18", "district": "Jung-gu", "dues_status": "due", "dues_year": "2026", "active": "y"}
    bad = staff.client.post("/en/association/members/new", data=data)
    assert bad.status_code == 422 and 'id="name-error"' in bad.get_data(as_text=True)
    good = staff.client.post("/en/association/members/new", data={**data, "name": "Euljiro Type Foundry"})
    assert good.status_code == 302
    member = db_session.exec(select(Member).where(Member.name == "Euljiro Type Foundry")).one()
    assert (member.trade_association, member.dues_status, member.active) == ("printing", "due", True)


def test_others_may_not_edit_the_register(app, db_session, clusters, workshop, shoe_chair, city, staff):
    """A trade chair sees the register of its trade without edit links, and its edit pages are refused, as are
    members' and the city's."""
    member = add_member(db_session, name="Seongsu Sole Co", cluster_code="seongsu", ksic="15")
    listing = shoe_chair.client.get("/en/association/members").get_data(as_text=True)
    assert "Seongsu Sole Co" in listing and f"/members/{member.id}" not in listing
    assert 'id="add-member"' not in listing
    for party in (workshop, shoe_chair, city):
        assert party.client.get(f"/en/association/members/{member.id}").status_code == 403
        assert party.client.get("/en/association/members/new").status_code == 403
    assert f"/members/{member.id}" in staff.client.get("/en/association/members").get_data(as_text=True)
    assert staff.client.get("/en/association/members/999999").status_code == 404


def test_the_register_lists_one_trade_association(app, db_session, clusters, staff):
    """Choosing a trade association lists its firms only; an unknown one lists them all."""
    shoes = register.save_member(db_session, staff.user, None, **_entry(name="Seongsu Heel Co"))
    metal = register.save_member(db_session, staff.user, None, **_entry(name="Mullae Gear Co", trade_association="metal",
                                                                       cluster_code="mullae", ksic="25"))
    db_session.commit()
    html = staff.client.get("/en/association/members?association=metal").get_data(as_text=True)
    assert f'id="member-{metal.id}"' in html and f'id="member-{shoes.id}"' not in html
    everything = staff.client.get("/en/association/members?association=nonsense").get_data(as_text=True)
    assert f'id="member-{metal.id}"' in everything and f'id="member-{shoes.id}"' in everything
