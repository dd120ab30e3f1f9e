"""Saved lists: saving, removing, renaming and deleting through the pages, with their limits and rights."""

from __future__ import annotations

import pytest
from sqlmodel import select

from catalog.lists import services
from catalog.lists.models import SavedList, SavedListItem
from catalog.products.models import ProductStatus
from tests.factories.makers import make_maker, make_product
from tests.helpers import csrf_token, sign_in


@pytest.fixture
def goods(db_session, make_org):
    """A public maker with a published product (titled in Korean, English and Japanese) and a draft."""
    maker = make_maker(db_session, make_org, name="Saesol Shoes", name_ko="새솔제화")
    boots = make_product(db_session, maker, title={"ko": "수제 첼시 부츠", "en": "Chelsea boots", "ja": "チェルシーブーツ"})
    draft = make_product(db_session, maker, title={"ko": "시제품"}, status=ProductStatus.draft)
    return maker, boots, draft


@pytest.fixture
def buyer(app, make_user):
    """A signed-in buyer: (client, user, csrf token)."""
    user = make_user()
    client = app.test_client()
    sign_in(client, user)
    return client, user, csrf_token(client, "/en/lists/")


def _items(db_session, list_id):
    return list(db_session.exec(select(SavedListItem).where(SavedListItem.list_id == list_id)))


def test_save_creates_my_list_and_shows_it(db_session, goods, buyer):
    """Saving a product first time creates "My list"; the list page shows the localized title and the maker."""
    _maker, boots, _draft = goods
    client, user, token = buyer
    page = client.get(f"/en/lists/save/{boots.id}").get_data(as_text=True)
    assert "My list" in page
    response = client.post(f"/en/lists/save/{boots.id}", data={"csrf_token": token, "list_id": 0,
                                                               "new_name": "My list"})
    assert response.status_code == 302
    saved = db_session.exec(select(SavedList).where(SavedList.owner_id == user.id)).one()
    assert saved.name == "My list" and [i.product_id for i in _items(db_session, saved.id)] == [boots.id]
    ja = client.get(f"/ja/lists/{saved.id}").get_data(as_text=True)
    assert "チェルシーブーツ" in ja and "Saesol Shoes" in ja
    again = client.post(f"/en/lists/save/{boots.id}", data={"csrf_token": token, "list_id": saved.id},
                        follow_redirects=True)
    assert "already on" in again.get_data(as_text=True) and len(_items(db_session, saved.id)) == 1


def test_product_page_links_to_save(client, goods):
    """The product page offers "Save to list"."""
    _maker, boots, _draft = goods
    assert 'id="save-to-list"' in client.get(f"/en/products/{boots.id}").get_data(as_text=True)


def test_remove_rename_delete(db_session, goods, buyer):
    """The owner removes an item, renames the list (1–80 characters) and deletes it."""
    _maker, boots, _draft = goods
    client, user, token = buyer
    saved, _added = services.save_product(db_session, user, boots.id, new_list_name="Spring")
    db_session.commit()
    assert client.post(f"/en/lists/{saved.id}/items/{boots.id}/remove", data={"csrf_token": token}).status_code == 302
    assert _items(db_session, saved.id) == []
    bad = client.post(f"/en/lists/{saved.id}/rename", data={"csrf_token": token, "name": "x" * 81})
    assert bad.status_code == 422 and db_session.get(SavedList, saved.id).name == "Spring"
    assert client.post(f"/en/lists/{saved.id}/rename", data={"csrf_token": token, "name": ""}).status_code == 422
    assert client.post(f"/en/lists/{saved.id}/rename", data={"csrf_token": token, "name": "Autumn"}).status_code == 302
    db_session.expire_all()
    assert db_session.get(SavedList, saved.id).name == "Autumn"
    assert client.post(f"/en/lists/{saved.id}/delete", data={"csrf_token": token}).status_code == 302
    db_session.expire_all()
    assert db_session.get(SavedList, saved.id) is None


def test_create_list_from_index(db_session, buyer):
    """A new list is made from the "My lists" page; an empty name is refused with a message."""
    client, user, token = buyer
    assert client.post("/en/lists/", data={"csrf_token": token, "name": "  "}).status_code == 422
    assert client.post("/en/lists/", data={"csrf_token": token, "name": "Fair 2027"}).status_code == 302
    assert "Fair 2027" in client.get("/en/lists/").get_data(as_text=True)


def test_without_csrf_nothing_changes(db_session, goods, buyer):
    """A delete without the CSRF token changes nothing."""
    _maker, boots, _draft = goods
    client, user, _token = buyer
    saved, _added = services.save_product(db_session, user, boots.id)
    db_session.commit()
    client.post(f"/en/lists/{saved.id}/delete", data={})
    db_session.expire_all()
    assert db_session.get(SavedList, saved.id) is not None


def test_draft_or_unknown_product_is_404(db_session, goods, buyer):
    """Saving a draft or an unknown product answers 404 and saves nothing."""
    _maker, _boots, draft = goods
    client, user, token = buyer
    for product_id in (draft.id, 999_999):
        response = client.post(f"/en/lists/save/{product_id}", data={"csrf_token": token, "list_id": 0,
                                                                      "new_name": "X"})
        assert response.status_code == 404
    assert db_session.exec(select(SavedList).where(SavedList.owner_id == user.id)).all() == []


def test_other_users_list_is_404_and_unchanged(app, db_session, goods, buyer, make_user):
    """Another user's list is not found for every page and action, and stays as it was."""
    _maker, boots, _draft = goods
    client, _user, token = buyer
    owner = make_user()
    theirs, _added = services.save_product(db_session, owner, boots.id, new_list_name="Private")
    db_session.commit()
    assert client.get(f"/en/lists/{theirs.id}").status_code == 404
    assert client.get(f"/en/lists/{theirs.id}/linesheet.pdf").status_code == 404
    for path, data in ((f"/en/lists/{theirs.id}/rename", {"name": "Mine"}), (f"/en/lists/{theirs.id}/delete", {}),
                       (f"/en/lists/{theirs.id}/items/{boots.id}/remove", {}),
                       (f"/en/lists/save/{boots.id}", {"list_id": theirs.id})):
        assert client.post(path, data={"csrf_token": token, **data}).status_code == 404, path
    db_session.expire_all()
    assert db_session.get(SavedList, theirs.id).name == "Private" and len(_items(db_session, theirs.id)) == 1
    assert app.test_client().get(f"/en/lists/{theirs.id}").status_code == 302  # anonymous: sign in first


def test_limits(db_session, goods, make_user, monkeypatch):
    """A user keeps at most 50 lists and a list at most 500 products, each refused with a clear message."""
    _maker, boots, _draft = goods
    user = make_user()
    for n in range(services.MAX_LISTS_PER_USER):
        services.create_list(db_session, user, f"List {n}")
    with pytest.raises(services.ListError, match="50 lists"):
        services.create_list(db_session, user, "One more")
    saved = db_session.exec(select(SavedList).where(SavedList.owner_id == user.id)).first()
    monkeypatch.setattr(services, "MAX_ITEMS_PER_LIST", 0)
    with pytest.raises(services.ListError, match="already holds"):
        services.save_product(db_session, user, boots.id, list_id=saved.id)


def test_demo_lists(db_session, goods, make_user):
    """The demo gives buyers lists of published products only."""
    import random

    _maker, boots, draft = goods
    user = make_user()
    lists = services.add_demo_lists(db_session, random.Random(1), [user], [boots, draft], per_user=2)
    assert len(lists) == 2
    assert {i.product_id for saved in lists for i in _items(db_session, saved.id)} == {boots.id}
