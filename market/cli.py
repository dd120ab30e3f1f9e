"""The ``seoulmade`` command (the same commands run under ``flask --app wsgi``).

Sub-commands that need heavy libraries import them inside the command, so ``seoulmade --help`` and
``seoulmade db upgrade`` stay fast.
"""

from __future__ import annotations

import sys

import click
from flask import current_app
from flask.cli import FlaskGroup, with_appcontext


def _create_app():
    from market.app import create_app

    return create_app({"DATABASE_POOL": "null"})


@click.group(cls=FlaskGroup, create_app=_create_app, add_default_commands=False, add_version_option=False,
             load_dotenv=False)
def cli():
    """Made in Seoul: marketplace for Seoul's urban workshops."""


# --- database --------------------------------------------------------------------------------------------------


@cli.group()
def db():
    """Database migrations."""


@db.command("upgrade")
@click.option("--revision", default="heads", show_default=True)
@with_appcontext
def db_upgrade(revision: str):
    """Apply migrations to the configured database."""
    from market.migrate import upgrade

    upgrade(current_app.config["DATABASE_URL"], revision=revision)
    click.echo(f"Database at {revision}.")


@db.command("current")
@with_appcontext
def db_current():
    """Print the revision the database is at and the newest one."""
    from market.db import get_database
    from market.migrate import current_revisions, head_revisions

    with get_database().engine.connect() as conn:
        current = ", ".join(current_revisions(conn)) or "none"
    click.echo(f"current: {current}  heads: {', '.join(head_revisions())}")


# --- users -----------------------------------------------------------------------------------------------------


@cli.group()
def users():
    """User accounts."""


@users.command("create")
@click.option("--email", required=True)
@click.option("--password", required=True, help="Checked for strength like the sign-up form.")
@click.option("--role", type=click.Choice(["member", "curator", "admin"]), default="member", show_default=True)
@click.option("--name", "display_name", default=None, help="Display name (defaults to the email's name).")
@click.option("--org", "org_name", default=None, help="Join or create this organisation.")
@click.option("--kind", default=None, help="Kind of a new organisation: maker, buyer, ip_holder, lab, startup.")
@click.option("--country", default="KR", show_default=True, help="Country of a new organisation.")
@click.option("--cluster", default=None, help="Cluster code of a new maker organisation, e.g. mullae.")
@click.option("--token", "with_token", is_flag=True, help="Also create a personal API token; printed last.")
@with_appcontext
def users_create(email, password, role, display_name, org_name, kind, country, cluster, with_token):
    """Create a user (for operators and integrations); with --token the last line is an API token."""
    from sqlmodel import select

    from market.accounts import services
    from market.accounts.models import MembershipRole, Organization, UserRole
    from market.db import session_scope, utcnow

    try:
        with session_scope() as session:
            user = services.register_user(session, email, password, display_name or email.split("@")[0],
                                          role=UserRole(role))
            user.email_verified_at = utcnow()
            if org_name:
                org = session.exec(select(Organization).where(Organization.name == org_name)).first()
                if org is None:
                    if not kind:
                        raise services.AccountError(f"--kind is needed to create the organisation {org_name!r}.")
                    org = services.create_organization(session, user, name=org_name, kind=kind,
                                                       country=country, cluster_code=cluster)
                else:
                    services.add_member(session, org, user, MembershipRole.member)
            secret = services.create_api_token(session, user, "cli")[1] if with_token else None
            summary = f"Created {role} {user.email} (id {user.id})" + (f" in {org_name}" if org_name else "")
    except services.AccountError as exc:
        click.echo(f"Error: {exc.message}", err=True)
        sys.exit(1)
    click.echo(summary)
    if secret:
        click.echo(secret)


# --- exchange rates -------------------------------------------------------------------------------------------


@cli.group()
def rates():
    """Exchange rates used to show KRW prices in buyers' currencies."""


@rates.command("set")
@click.argument("currency")
@click.argument("krw_per_unit")
@click.option("--date", "rate_date", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Date of the rate (default: today).")
@with_appcontext
def rates_set(currency: str, krw_per_unit: str, rate_date):
    """Record that one CURRENCY is worth KRW_PER_UNIT won, e.g. `rates set USD 1390.50`."""
    import datetime as dt

    from i18n import money
    from market.db import session_scope

    day = rate_date.date() if rate_date else dt.date.today()
    try:
        with session_scope() as session:
            row = money.set_rate(session, currency, krw_per_unit, day)
            line = f"{row.currency} = {row.krw_per_unit} KRW on {row.rate_date.isoformat()}"
    except money.MoneyError as exc:
        click.echo(f"Error: {exc.message}", err=True)
        sys.exit(1)
    click.echo(line)


@rates.command("list")
@with_appcontext
def rates_list():
    """Print the rates in effect."""
    from i18n import money
    from market.db import session_scope

    with session_scope() as session:
        latest = money.latest_rates(session)
    for code in money.CURRENCIES:
        rate = latest.get(code)
        date = rate.rate_date.isoformat() if rate and rate.rate_date else ("base" if code == "KRW" else "no rate")
        click.echo(f"{code}  {rate.krw_per_unit if rate else '-':>14}  {date}")


# --- benchmarks -----------------------------------------------------------------------------------------------


@cli.group()
def bench():
    """Benchmarks that print figures (not tests)."""


@bench.command("catalog")
@click.option("--products", "count", default=100_000, show_default=True, type=click.IntRange(10, 2_000_000))
@click.option("--rounds", default=8, show_default=True, type=click.IntRange(1, 1000))
@click.option("--database-url", default=None, help="An empty database to fill (default: a new SQLite file).")
@click.option("--json", "as_json", is_flag=True, help="End with one JSON object of the figures.")
def bench_catalog(count: int, rounds: int, database_url: str | None, as_json: bool):
    """Fill a catalog of --products listings, analyse it once, build a generation, then time a new web process:
    its first answer, page and API p50/p95, its memory, and how soon it finds an edit."""
    from catalog.search.bench import run_catalog_bench

    run_catalog_bench(count, rounds, as_json, database_url)


# --- demo, serving, workers ------------------------------------------------------------------------------------


@cli.command("demo")
@click.option("--force", is_flag=True, help="Delete all data and build the demo again.")
@click.option("--if-empty", is_flag=True, help="Do nothing (and succeed) when the database already has data.")
@click.option("--seed", default=2026, show_default=True)
@with_appcontext
def demo(force: bool, if_empty: bool, seed: int):
    """Create the database with realistic, deterministic demo data and print the staff sign-ins."""
    from market.demo.build import DemoDataExists, build_demo

    try:
        summary = build_demo(current_app, seed=seed, force=force)
    except DemoDataExists as exc:
        if if_empty:
            click.echo(f"{exc} Keeping it.")
            return
        click.echo(f"Error: {exc} Use --force to replace it.", err=True)
        sys.exit(1)
    for line in summary:
        click.echo(line)


@cli.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--threads", default=8, show_default=True, type=int)
def serve(host: str, port: int, threads: int):
    """Serve the app with waitress (a production WSGI server)."""
    import waitress

    from market.app import create_app, warm_up
    from market.schedule import start_runner

    app = create_app()
    ready = warm_up(app, click.echo)
    # Timed steps (no-shows, reminders, programme windows) run here too, so the embedded default needs no cron.
    if ready:
        start_runner(app, base_url=f"http://{'localhost' if host in ('0.0.0.0', '127.0.0.1') else host}:{port}")
    click.echo(f"Made in Seoul on http://{host}:{port}/ (Ctrl+C to stop)")
    waitress.serve(app, host=host, port=port, threads=threads, ident="seoulmade")


@cli.command("tick")
@click.option("--step", "only", default=None, metavar="NAME", help="Run only this step (see --list).")
@click.option("--all", "force", is_flag=True, help="Run every step now, due or not.")
@click.option("--list", "show", is_flag=True, help="List the timed steps and how often they run.")
@click.option("--base-url", envvar="SEOULMADE_BASE_URL", default=None, metavar="URL",
              help="The site's address mailed links start with (default $SEOULMADE_BASE_URL, else http://localhost).")
@with_appcontext
def tick(only: str | None, force: bool, show: bool, base_url: str | None):
    """Run the timed steps (no-shows, waitlist, reminders, programme windows): from cron every minute at scale;
    `seoulmade serve` and `seoulmade worker` also run them every TIMED_STEPS_INTERVAL seconds. A run in a new
    process finds every step due."""
    from market.schedule import run_due, steps

    app = current_app._get_current_object()
    if show:
        for step in steps(app).values():
            click.echo(f"{step.name:<22} every {int(step.every)} s   {step.func_path}")
        return
    if only and only not in steps(app):
        raise click.BadParameter(f"no step {only!r}; see --list", param_hint="--step")
    if base_url and not base_url.startswith(("http://", "https://")):
        raise click.BadParameter("give an http:// or https:// address", param_hint="--base-url")
    failed = False
    for name, count in run_due(app, force=force, only=only, base_url=base_url).items():
        click.echo(f"{name}: {'failed (see the log)' if count is None else count}")
        failed = failed or count is None
    if failed:
        sys.exit(1)


@cli.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
def worker(burst: bool):
    """Run an RQ worker for background jobs (needs REDIS_URL)."""
    from market.app import create_app
    from market.jobs import run_worker
    from market.schedule import start_runner

    app = create_app()
    try:
        if not burst:
            start_runner(app)  # the timed steps, when due (idempotent: several workers never repeat one)
        run_worker(app, burst=burst)
    except RuntimeError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(1)


def _add_feature_commands() -> None:
    from catalog.search.cli import catalog
    from matching.cli import matching

    cli.add_command(matching)
    cli.add_command(catalog)


_add_feature_commands()


def _add_payments_commands() -> None:
    from market.payments.cli import payments

    cli.add_command(payments)


_add_payments_commands()


def _add_centres_commands() -> None:
    from market.centres.cli import centres

    cli.add_command(centres)


_add_centres_commands()


def _add_tours_commands() -> None:
    from market.tours.cli import tours

    cli.add_command(tours)


_add_tours_commands()


def _add_trainings_commands() -> None:
    from market.programmes.cli import programmes
    from market.trainings.cli import trainings

    cli.add_command(trainings)
    cli.add_command(programmes)


_add_trainings_commands()


@bench.command("matching")
@click.option("--profiles", "count", default=100_000, show_default=True, type=click.IntRange(10, 1_000_000))
@click.option("--queries", "n_queries", default=200, show_default=True, type=click.IntRange(10, 10_000))
@click.option("--sentences", default=6_000, show_default=True, type=click.IntRange(100, 1_000_000),
              help="Distinct sentences the synthetic profiles are composed from (each is embedded once).")
@click.option("--json", "as_json", is_flag=True,
              help="Also print the figures as one JSON object on the last line.")
def bench_matching(count: int, n_queries: int, sentences: int, as_json: bool):
    """Build the matching engine over --profiles synthetic profiles; report build time, p50/p95 query latency,
    HNSW recall@10 against exact search, and memory."""
    from market.app import create_app
    from matching.bench import run_matching_bench

    run_matching_bench(create_app(), count, n_queries, sentences, as_json=as_json)


@bench.command("linesheet")
@click.option("--products", default=20, show_default=True, type=click.IntRange(1, 500))
@click.option("--rounds", default=5, show_default=True, type=click.IntRange(1, 100))
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@with_appcontext
def bench_linesheet(products: int, rounds: int, as_json: bool):
    """Time a line sheet PDF of --products products in each language (first of the process, then warm)."""
    from catalog.lists.bench import run_linesheet_bench

    run_linesheet_bench(current_app._get_current_object(), products, rounds, as_json)


@bench.command("jewelry")
@click.option("--quotes", default=200, show_default=True, type=click.IntRange(1, 10_000))
@click.option("--repeat", default=2, show_default=True, type=click.IntRange(1, 20))
def bench_jewelry(quotes: int, repeat: int):
    """Time the analysis of 10k, 100k and 1M-triangle meshes and the latency of a quote."""
    from market.jewelry.bench import run_jewelry_bench

    run_jewelry_bench(quotes=quotes, repeat=repeat)
