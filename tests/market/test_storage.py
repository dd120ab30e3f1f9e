"""Stored files: server-made names, public files served, private ones and escapes refused."""

import pytest

from market.storage import get_storage


def test_public_files_are_served_and_private_ones_are_not(app, client):
    """A public image is served at /media/...; a private document is not; names are never the uploader's."""
    storage = get_storage()
    public = storage.save(b"\x89PNG fake", ".png")
    private = storage.save(b"%PDF evidence", ".pdf", area="private")
    assert public.startswith("public/") and public.endswith(".png") and len(public.split("/")[-1]) == 36
    response = client.get(f"/media/{public}")
    assert response.status_code == 200 and response.data == b"\x89PNG fake"
    assert "immutable" in response.headers["Cache-Control"]
    response.close()
    assert client.get(f"/media/{private}").status_code == 404
    assert client.get("/media/public/../private/x.pdf").status_code == 404
    assert storage.read(private) == b"%PDF evidence"
    storage.delete(public)
    assert not storage.exists(public)


def test_keys_cannot_leave_the_storage_root(app):
    """Keys with .. or odd suffixes are refused."""
    storage = get_storage()
    with pytest.raises(ValueError):
        storage.path("../secret_key")
    with pytest.raises(ValueError):
        storage.save(b"x", "../../x")
    with pytest.raises(ValueError):
        storage.save(b"x", ".png", area="elsewhere")
