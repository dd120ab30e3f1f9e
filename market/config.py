"""Settings: read from the environment once, with embedded defaults under the data directory."""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def _secret_key(data_dir: Path) -> str:
    """Return the secret key kept in the data dir, creating it (mode 0600) on first start."""
    key_file = data_dir / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    key = secrets.token_urlsafe(48)
    fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(key)
    return key


SETTINGS_FILE = "settings.env"


def read_settings_file(path: Path) -> dict[str, str]:
    """``KEY=VALUE`` lines of a settings file in the data dir (``#`` comments, blank lines), e.g. the demo's bank
    details written by ``seoulmade demo``; empty when there is no file."""
    if not path.is_file():
        return {}
    settings = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        key, sep, value = line.strip().partition("=")
        if sep and key and not key.startswith("#"):
            settings[key.strip()] = value.strip()
    return settings


def load_settings(environ: dict[str, str] | None = None) -> dict:
    """Build the Flask config mapping from environment variables.

    Every setting has a default that needs no set-up: SQLite, uploads and the vector index live in
    ``SEOULMADE_DATA_DIR`` (``./instance``); jobs run in-process without ``REDIS_URL``; payments use the manual
    provider without ``STRIPE_SECRET_KEY``; mail is written to the log without ``MAIL_SERVER``. Variables not
    in the environment are read from ``settings.env`` in the data dir when it has them.
    """
    env = os.environ if environ is None else environ
    data_dir = Path(env.get("SEOULMADE_DATA_DIR", "instance")).resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    env = {**read_settings_file(data_dir / SETTINGS_FILE), **env}  # the environment wins over the file
    (data_dir / "uploads").mkdir(exist_ok=True)
    redis_url = env.get("REDIS_URL") or None
    return {
        "DATA_DIR": str(data_dir),
        "UPLOAD_DIR": str(data_dir / "uploads"),
        "INDEX_DIR": str(data_dir / "index"),
        "DATABASE_URL": env.get("DATABASE_URL") or f"sqlite:///{data_dir / 'seoulmade.db'}",
        "SECRET_KEY": env.get("SECRET_KEY") or _secret_key(data_dir),
        "REDIS_URL": redis_url,
        "RQ_QUEUE": env.get("RQ_QUEUE", "seoulmade"),
        "RATELIMIT_STORAGE_URI": redis_url or "memory://",
        "RATELIMIT_SIGNIN": env.get("RATELIMIT_SIGNIN", "10 per minute"),
        "RATELIMIT_RESET": env.get("RATELIMIT_RESET", "5 per minute"),
        # Each sign-up sends a mail (a link, or a notice to the address's owner): limited so it cannot flood one.
        "RATELIMIT_SIGNUP": env.get("RATELIMIT_SIGNUP", "10 per minute"),
        # 3D uploads (anyone may upload for a quote; each is analysed in its own process): per address.
        "RATELIMIT_UPLOAD": env.get("RATELIMIT_UPLOAD", "30 per hour"),
        # Machine translation through the API (each text may run an engine or call a paid service): per address.
        "RATELIMIT_TRANSLATE": env.get("RATELIMIT_TRANSLATE", "60 per minute"),
        # How many reverse proxies in front of the app set X-Forwarded-For/-Proto: only their entries are
        # believed (0: the header is ignored and the connecting address counts, so clients cannot forge it).
        "TRUSTED_PROXIES": int(env.get("TRUSTED_PROXIES", "0")),
        "STRIPE_SECRET_KEY": env.get("STRIPE_SECRET_KEY") or None,
        "STRIPE_PUBLISHABLE_KEY": env.get("STRIPE_PUBLISHABLE_KEY") or None,
        "STRIPE_WEBHOOK_SECRET": env.get("STRIPE_WEBHOOK_SECRET") or None,
        "STRIPE_API_BASE": env.get("STRIPE_API_BASE") or None,
        "STRIPE_JS_URL": env.get("STRIPE_JS_URL", "https://js.stripe.com/v3/"),
        # Payments: the platform's commission in basis points (1000 = 10%) and the bank account that manual
        # invoices ask payers to transfer to (without bank, holder and number no invoice is issued).
        "PLATFORM_COMMISSION": int(env.get("PLATFORM_COMMISSION", "1000")),
        "PAYMENT_BANK_NAME": env.get("PAYMENT_BANK_NAME") or None,
        "PAYMENT_BANK_ACCOUNT_NAME": env.get("PAYMENT_BANK_ACCOUNT_NAME") or None,
        "PAYMENT_BANK_ACCOUNT_NUMBER": env.get("PAYMENT_BANK_ACCOUNT_NUMBER") or None,
        "PAYMENT_BANK_SWIFT": env.get("PAYMENT_BANK_SWIFT") or None,
        "PAYMENT_BANK_ADDRESS": env.get("PAYMENT_BANK_ADDRESS") or None,
        "PAYMENT_INVOICE_DUE_DAYS": int(env.get("PAYMENT_INVOICE_DUE_DAYS", "14")),
        # The day of the month makers are paid what they are owed (shown on their earnings page).
        "PAYOUT_DAY": int(env.get("PAYOUT_DAY", "10")),
        # Machine translation (i18n/providers.py): none (default), fxtranslate (model files in
        # TRANSLATION_MODELS_DIR, never downloaded) or libretranslate (TRANSLATION_PROVIDER_URL).
        "TRANSLATION_PROVIDER": env.get("TRANSLATION_PROVIDER") or None,
        "TRANSLATION_MODELS_DIR": env.get("TRANSLATION_MODELS_DIR") or None,
        "TRANSLATION_PROVIDER_URL": env.get("TRANSLATION_PROVIDER_URL") or None,
        "TRANSLATION_PROVIDER_KEY": env.get("TRANSLATION_PROVIDER_KEY") or None,
        "MATCHING_MODEL": env.get("MATCHING_MODEL") or None,
        "MATCHING_ALERT_MIN_SCORE": float(env.get("MATCHING_ALERT_MIN_SCORE", "0.45")),
        # 3D jewelry upload limits (market/jewelry/formats.py holds the defaults: 64 MB, 1,000,000 triangles and
        # 1,000,000 vertices, 3MF archives of at most 64 entries, 512 MB uncompressed and a compression ratio of
        # 150) and what one analysis's child process may use (market/jewelry/isolation.py: 3072 MB of address
        # space, 300 CPU seconds).
        **{name: int(env[name]) for name in ("JEWELRY_MAX_UPLOAD_BYTES", "JEWELRY_MAX_TRIANGLES",
                                              "JEWELRY_MAX_VERTICES", "JEWELRY_MAX_ARCHIVE_ENTRIES",
                                              "JEWELRY_MAX_UNCOMPRESSED_BYTES", "JEWELRY_MAX_COMPRESSION_RATIO",
                                              "JEWELRY_ANALYSIS_MEMORY_MB", "JEWELRY_ANALYSIS_CPU_SECONDS")
           if env.get(name)},
        "MATCHING_ENABLED": env.get("MATCHING_ENABLED", "0") == "1",
        # Timed steps (market/schedule.py): the site's address mailed links start with, and how often serve and
        # worker processes run the due steps (0: only `seoulmade tick`, e.g. from cron).
        "BASE_URL": env.get("SEOULMADE_BASE_URL") or None,
        "TIMED_STEPS_INTERVAL": float(env.get("TIMED_STEPS_INTERVAL", "60")),
        # Catalog search (catalog/search): generations on shared storage, how often a process checks the database
        # for changes, when a new generation is asked for, and the largest catalog indexed in memory without one.
        "CATALOG_INDEX_DIR": env.get("CATALOG_INDEX_DIR") or str(data_dir / "catalog_index"),
        "CATALOG_INDEX_TTL": float(env.get("CATALOG_INDEX_TTL", "2")),
        "CATALOG_DELTA_MAX": int(env.get("CATALOG_DELTA_MAX", "5000")),
        "CATALOG_MEMORY_MAX": int(env.get("CATALOG_MEMORY_MAX", "20000")),
        "CATALOG_IVF_MIN": int(env.get("CATALOG_IVF_MIN", "50000")),  # listings from which vectors get an inverted file
        "CATALOG_SEARCH_MODE": env.get("CATALOG_SEARCH_MODE", "hybrid"),
        "CATALOG_FUSION": env.get("CATALOG_FUSION") or None,  # JSON overriding catalog.search.index.SearchParams
        # Matching engine (matching/engine): index files (the embedding cache is a table), exact→HNSW, graph tuning.
        "MATCHING_DIR": env.get("MATCHING_DIR") or str(data_dir / "matching"),
        "MATCHING_HNSW_THRESHOLD": int(env.get("MATCHING_HNSW_THRESHOLD", "20000")),
        "MATCHING_HNSW_M": int(env.get("MATCHING_HNSW_M", "32")),
        "MATCHING_HNSW_EF_CONSTRUCTION": int(env.get("MATCHING_HNSW_EF_CONSTRUCTION", "160")),
        "MATCHING_HNSW_EF_SEARCH": int(env.get("MATCHING_HNSW_EF_SEARCH", "384")),
        "MATCHING_BATCH_SIZE": int(env.get("MATCHING_BATCH_SIZE", "64")),
        "MATCHING_TORCH_THREADS": int(env.get("MATCHING_TORCH_THREADS", "1")),  # 0: torch's default
        "MATCHING_TOMBSTONE_LIMIT": float(env.get("MATCHING_TOMBSTONE_LIMIT", "0.2")),
        "MATCHING_RELOAD_INTERVAL": float(env.get("MATCHING_RELOAD_INTERVAL", "2")),
        "MATCHING_FUSION": env.get("MATCHING_FUSION") or None,  # JSON overriding matching.engine.ranking.FusionParams
        "MAIL_SERVER": env.get("MAIL_SERVER") or None,
        "MAIL_PORT": int(env.get("MAIL_PORT", "25")),
        "MAIL_USERNAME": env.get("MAIL_USERNAME") or None,
        "MAIL_PASSWORD": env.get("MAIL_PASSWORD") or None,
        "MAIL_USE_TLS": env.get("MAIL_USE_TLS", "0") == "1",
        "MAIL_SENDER": env.get("MAIL_SENDER", "Made in Seoul <no-reply@madeinseoul.local>"),
        "MAX_CONTENT_LENGTH": int(env.get("MAX_CONTENT_LENGTH", str(70 * 1024 * 1024))),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": env.get("SESSION_COOKIE_SECURE", "0") == "1",
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SECURE": env.get("SESSION_COOKIE_SECURE", "0") == "1",
        "PREFERRED_URL_SCHEME": env.get("PREFERRED_URL_SCHEME", "http"),
        "WTF_CSRF_TIME_LIMIT": None,
        "RESET_TOKEN_MAX_AGE": int(env.get("RESET_TOKEN_MAX_AGE", "3600")),
        "VERIFY_TOKEN_MAX_AGE": int(env.get("VERIFY_TOKEN_MAX_AGE", str(7 * 24 * 3600))),
    }
