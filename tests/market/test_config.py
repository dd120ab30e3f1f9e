"""Settings: everything from the environment, a secret key generated once and kept in the data dir."""

import os
import stat

from market.config import load_settings


def test_defaults_live_in_the_data_dir(tmp_path):
    """With no settings the database, uploads and index live under SEOULMADE_DATA_DIR."""
    settings = load_settings({"SEOULMADE_DATA_DIR": str(tmp_path)})
    assert settings["DATABASE_URL"] == f"sqlite:///{tmp_path / 'seoulmade.db'}"
    assert settings["UPLOAD_DIR"] == str(tmp_path / "uploads")
    assert (tmp_path / "uploads").is_dir()
    assert settings["REDIS_URL"] is None and settings["RATELIMIT_STORAGE_URI"] == "memory://"


def test_secret_key_is_generated_once_and_private(tmp_path):
    """The secret key is random per installation, kept across restarts and readable only by its owner."""
    first = load_settings({"SEOULMADE_DATA_DIR": str(tmp_path)})["SECRET_KEY"]
    second = load_settings({"SEOULMADE_DATA_DIR": str(tmp_path)})["SECRET_KEY"]
    other = load_settings({"SEOULMADE_DATA_DIR": str(tmp_path / "other")})["SECRET_KEY"]
    assert first == second and first != other and len(first) >= 40
    assert stat.S_IMODE(os.stat(tmp_path / "secret_key").st_mode) == 0o600


def test_environment_overrides(tmp_path):
    """DATABASE_URL, SECRET_KEY, REDIS_URL, STRIPE_* and MATCHING_MODEL come from the environment."""
    settings = load_settings({
        "SEOULMADE_DATA_DIR": str(tmp_path), "DATABASE_URL": "postgresql://db/x", "SECRET_KEY": "k" * 50,
        "REDIS_URL": "redis://127.0.0.1:6379/3", "STRIPE_SECRET_KEY": "sk_test_1", "MATCHING_MODEL": "/m",
    })
    assert settings["DATABASE_URL"] == "postgresql://db/x"
    assert settings["SECRET_KEY"] == "k" * 50
    assert settings["RATELIMIT_STORAGE_URI"] == "redis://127.0.0.1:6379/3"
    assert settings["STRIPE_SECRET_KEY"] == "sk_test_1" and settings["MATCHING_MODEL"] == "/m"
    assert not (tmp_path / "secret_key").exists()


def test_jewelry_limits_and_match_alert_score_come_from_the_environment():
    from market.config import load_settings

    settings = load_settings({"JEWELRY_MAX_TRIANGLES": "5000", "MATCHING_ALERT_MIN_SCORE": "0.6"})
    assert settings["JEWELRY_MAX_TRIANGLES"] == 5000 and settings["MATCHING_ALERT_MIN_SCORE"] == 0.6
    assert "JEWELRY_MAX_UPLOAD_BYTES" not in load_settings({})  # unset: the format checker's default applies
