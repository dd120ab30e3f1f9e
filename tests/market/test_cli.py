"""The seoulmade command: migrations, users with tokens, demo data."""


import sqlalchemy as sa
from click.testing import CliRunner

from market.cli import cli


def _run(url, *args):
    return CliRunner().invoke(cli, list(args), env={"DATABASE_URL": url}, catch_exceptions=False)


def _scalar(url, sql):
    from market.db import make_engine

    engine = make_engine(url)
    with engine.connect() as conn:
        value = conn.execute(sa.text(sql)).scalar()
    engine.dispose()
    return value


def _names(url):
    from market.db import make_engine

    engine = make_engine(url)
    with engine.connect() as conn:
        names = list(conn.execute(sa.text("SELECT name FROM organizations ORDER BY id LIMIT 20")).scalars())
    engine.dispose()
    return names


def test_help_does_not_import_heavy_libraries():
    """`seoulmade --help` lists the commands without loading torch, FAISS or trimesh."""
    import subprocess
    import sys

    code = ("import sys; from click.testing import CliRunner; from market.cli import cli; "
            "r = CliRunner().invoke(cli, ['--help']); print(r.output); "
            "print([m for m in ('torch', 'faiss', 'trimesh', 'sentence_transformers') if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "demo" in out and "serve" in out and "users" in out and "db" in out
    assert out.strip().endswith("[]")


def test_db_upgrade_then_users_create_with_token(fresh_database_url):
    """`db upgrade` builds the schema; `users create --token` prints a working API token on the last line."""
    url = fresh_database_url
    assert _run(url, "db", "upgrade").exit_code == 0
    _run(url, "db", "upgrade")
    # A maker needs a cluster, which the demo creates; a lab does not.
    result = _run(url, "users", "create", "--email", "ops@example.com", "--password", "granite otter lantern 42",
                  "--role", "admin", "--org", "KIMM Smart Casting Lab", "--kind", "lab", "--token")
    assert result.exit_code == 0, result.output
    token = result.output.strip().splitlines()[-1]
    assert token.startswith("ms_")
    from market.app import create_app

    app = create_app({"DATABASE_URL": url, "TESTING": True})
    me = app.test_client().get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).json
    assert me["email"] == "ops@example.com" and me["role"] == "admin"
    assert me["memberships"][0]["organization"]["kind"] == "lab"
    from market.db import get_database

    get_database(app).engine.dispose()


def test_users_create_refuses_bad_input_and_changes_nothing(fresh_database_url):
    """Unknown kinds, weak passwords and taken emails exit non-zero with a message; nothing is created."""
    url = fresh_database_url
    _run(url, "db", "upgrade")
    result = _run(url, "users", "create", "--email", "x@example.com", "--password", "granite otter lantern 42",
                  "--org", "Acme", "--kind", "factory")
    assert result.exit_code == 1 and "Unknown organisation kind" in result.output
    result = _run(url, "users", "create", "--email", "x@example.com", "--password", "password1")
    assert result.exit_code == 1 and "characters" in result.output
    assert _scalar(url, "SELECT count(*) FROM users") == 0
    assert _scalar(url, "SELECT count(*) FROM organizations") == 0
    assert _run(url, "users", "create", "--email", "x@example.com", "--password",
                "granite otter lantern 42").exit_code == 0
    again = _run(url, "users", "create", "--email", "X@example.com", "--password", "granite otter lantern 42")
    assert again.exit_code == 1 and "already exists" in again.output
    assert _scalar(url, "SELECT count(*) FROM users") == 1


def test_demo_builds_realistic_data_once(fresh_database_url):
    """`demo` fills an empty database, refuses to run over data, keeps it with --if-empty, rebuilds with --force;
    the curator and admin it prints sign in with the printed passwords, after the rebuild too (one test: each
    build of the demo takes most of a minute)."""
    url = fresh_database_url
    result = _run(url, "demo")
    assert result.exit_code == 0, result.output
    assert "curate-seoul-2026" in result.output and "admin-seoul-2026" in result.output
    assert _scalar(url, "SELECT count(*) FROM organizations WHERE kind = 'maker'") >= 150
    assert _scalar(url, "SELECT count(DISTINCT country) FROM organizations WHERE kind = 'buyer'") >= 8
    assert _scalar(url, "SELECT count(*) FROM organizations WHERE kind IN ('ip_holder', 'lab')") >= 30
    assert _scalar(url, "SELECT count(*) FROM organizations WHERE kind = 'startup'") >= 20
    assert _scalar(url, "SELECT count(*) FROM clusters") >= 8
    assert _scalar(url, "SELECT count(*) FROM users WHERE role IN ('curator', 'admin')") == 2
    makers_without_owner = _scalar(url, "SELECT count(*) FROM organizations o WHERE NOT EXISTS "
                                        "(SELECT 1 FROM memberships m WHERE m.organization_id = o.id)")
    assert makers_without_owner == 0
    first_names = _names(url)

    refused = _run(url, "demo")
    assert refused.exit_code == 1 and "already has data" in refused.output
    kept = _run(url, "demo", "--if-empty")
    assert kept.exit_code == 0 and "Keeping it" in kept.output
    rebuilt = _run(url, "demo", "--force")
    assert rebuilt.exit_code == 0
    assert _scalar(url, "SELECT count(*) FROM users WHERE role = 'admin'") == 1
    assert _names(url) == first_names
    from market.accounts.services import authenticate
    from market.app import create_app
    from market.db import get_database, session_scope

    app = create_app({"DATABASE_URL": url, "TESTING": True})
    with app.app_context(), session_scope(app) as session:
        assert authenticate(session, "curator@madeinseoul.demo", "curate-seoul-2026").role == "curator"
        assert authenticate(session, "admin@madeinseoul.demo", "admin-seoul-2026").role == "admin"
    get_database(app).engine.dispose()
