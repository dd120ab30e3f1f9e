"""The application factory: a short list of named wiring steps, and every blueprint registered in one place."""

from __future__ import annotations

from flask import Flask
from werkzeug.routing import Rule

from market.config import load_settings


class LazyBuilderRule(Rule):
    """A URL rule whose URL builders are compiled on its first ``url_for`` rather than when it is added: werkzeug
    writes and compiles two small Python functions per rule, about a quarter of ``create_app`` for our ~500
    rules (measured: 0.3–0.5 s of every process start), while a process builds URLs for a few of them."""

    def _compile_builder(self, append_unknown: bool = True):
        compile_builder = super()._compile_builder
        compiled: list = []

        def build(rule, /, **values):
            if not compiled:  # two threads may both compile it: the same function, either one is kept
                compiled.append(compile_builder(append_unknown))
            return compiled[0](rule, **values)

        return build


def create_app(config: dict | None = None) -> Flask:
    """Build the app from environment settings, overridden by ``config``; wires only, starts nothing."""
    app = Flask(
        "market",
        root_path=_project_root(),
        template_folder="templates",
        static_folder="static",
    )
    app.url_rule_class = LazyBuilderRule
    app.config.update(load_settings())
    if config:
        app.config.update(config)

    from i18n import locales, money, providers
    from market import db, errors, jobs, mail, ops, security, storage, verification
    from market.centres import payable as centres_payable
    from market.centres import survey as centres_survey
    from market.jewelry import payable as jewelry_payable
    from market.orders import payable as orders_payable
    from market.payments import payables
    from market.payments import providers as payment_providers
    from market.people.services import competition as people_competition
    from market.people.services import nominations as people_nominations
    from market.programmes import review_subject as programmes_review
    from market.prototypes import payable as prototypes_payable
    from market.reviews import registry as review_subjects
    from market.surveys import definitions as surveys
    from market.tours import survey as tours_survey
    from market.trainings import fees as trainings_fees
    from market.trainings import survey as trainings_survey

    import_all_models()
    ops.init_app(app)
    db.init_app(app)
    security.init_app(app)
    locales.init_app(app)
    money.init_app(app, db.get_session)
    providers.init_app(app)
    jobs.init_app(app)
    storage.init_app(app)
    mail.init_app(app)
    errors.init_app(app)
    payment_providers.init_app(app)
    payables.init_app(app, [*orders_payable.ADAPTERS, jewelry_payable.ADAPTER,
                            prototypes_payable.ADAPTER, centres_payable.ADAPTER, trainings_fees.ADAPTER])
    review_subjects.init_app(app, [programmes_review.ADAPTER, people_nominations.SUBJECTS,
                                   people_competition.SUBJECTS])
    verification.init_app(app)
    register_verifiers(app)
    surveys.init_app(app, [centres_survey.DEFINITION, trainings_survey.DEFINITION, tours_survey.DEFINITION])
    register_timed_steps(app)
    register_organization_listeners(app)
    register_blueprints(app)
    return app


def register_organization_listeners(app: Flask) -> None:
    """Features that copy an organisation's name or cluster and must hear when they change."""
    from market.accounts.services import register_organization_listener

    register_organization_listener(app, "catalog.search.jobs.maker_changed_job")


def register_timed_steps(app: Flask) -> None:
    """Every feature's work that happens because time passed, and how often it runs (see ``market/schedule.py``:
    ``seoulmade tick``, and a thread of ``seoulmade serve`` and ``seoulmade worker``)."""
    from market.schedule import register_step

    register_step(app, "centres.no_shows", "market.centres.services.bookings.mark_no_shows", 300)
    register_step(app, "centres.waitlist", "market.centres.services.waitlist.advance_waitlist", 300)
    register_step(app, "centres.reminders", "market.centres.services.bookings.send_reminders", 600)
    register_step(app, "tours.reminders", "market.tours.services.send_reminders", 3600)
    register_step(app, "trainings.reminders", "market.trainings.reminders.send_reminders", 3600)
    register_step(app, "trainings.holds", "market.trainings.fees.release_expired_holds", 600)
    register_step(app, "programmes.windows", "market.programmes.services.editing.sync_statuses", 3600)
    register_step(app, "programmes.alerts", "market.programmes.services.searches.alert_saved_searches", 300)


def import_all_models() -> None:
    """Import every module that declares tables, so the metadata is complete (the app, Alembic, the demo)."""
    import catalog.certification.models  # noqa: F401
    import catalog.lists.models  # noqa: F401
    import catalog.makers.models  # noqa: F401
    import catalog.products.models  # noqa: F401
    import catalog.search.models  # noqa: F401
    import catalog.showroom.models  # noqa: F401
    import i18n.content  # noqa: F401
    import i18n.machine  # noqa: F401
    import i18n.money  # noqa: F401
    import market.accounts.models  # noqa: F401
    import market.association.models  # noqa: F401
    import market.careers.models  # noqa: F401
    import market.centres.models  # noqa: F401
    import market.clusters  # noqa: F401
    import market.jewelry.models  # noqa: F401
    import market.notifications.models  # noqa: F401
    import market.orders.models  # noqa: F401
    import market.payments.models  # noqa: F401
    import market.people.models  # noqa: F401
    import market.programmes.models  # noqa: F401
    import market.prototypes.models  # noqa: F401
    import market.reviews.models  # noqa: F401
    import market.rfq.models  # noqa: F401
    import market.sequences  # noqa: F401
    import market.surveys.models  # noqa: F401
    import market.tours.models  # noqa: F401
    import market.trainings.models  # noqa: F401
    import matching.models  # noqa: F401
    import matching.partners.models  # noqa: F401


def register_verifiers(app: Flask) -> None:
    """Every feature that issues credentials answers at ``/verify/<code>`` after the co-brand certificates
    (see ``market/verification.py``); one line per feature, in the order they are asked."""
    from market.people.services.awards import verify_master
    from market.trainings import verify as trainings_verify
    from market.verification import register_verifier

    register_verifier(app, verify_master)
    register_verifier(app, trainings_verify.find)


def register_blueprints(app: Flask) -> None:
    """Register every blueprint of every package, explicitly."""
    from catalog.certification import api as certification_api
    from catalog.certification import views as certification_views
    from catalog.clusters import views as clusters_views
    from catalog.lists import views as list_views
    from catalog.makers import api as makers_api
    from catalog.makers import views as maker_views
    from catalog.products import api as products_api
    from catalog.products import views as product_views
    from catalog.search import api as search_api
    from catalog.search import views as search_views
    from catalog.showroom import api as showroom_api
    from catalog.showroom import views as showroom_views
    from catalog.translations import views as translation_views
    from market import api, ops, security, storage, translation
    from market.accounts import api as accounts_api
    from market.accounts import views as accounts_views
    from market.admin import views as admin_views
    from market.association import api as association_api
    from market.association import views as association_views
    from market.careers import api as careers_api
    from market.careers import views as careers_views
    from market.centres import api as centres_api
    from market.centres import views as centres_views
    from market.home import views as home_views
    from market.jewelry import api as jewelry_api
    from market.jewelry import views as jewelry_views
    from market.notifications import views as notifications_views
    from market.orders import views as orders_views
    from market.payments import api as payments_api
    from market.payments import views as payments_views
    from market.people import api as people_api
    from market.people import views as people_views
    from market.programmes import api as programmes_api
    from market.programmes import search_api as programmes_search_api
    from market.programmes import search_views as programmes_search_views
    from market.programmes import signoff_views as programmes_signoff_views
    from market.programmes import views as programmes_views
    from market.prototypes import api as prototypes_api
    from market.prototypes import views as prototypes_views
    from market.reviews import api as reviews_api
    from market.reviews import views as reviews_views
    from market.rfq import api as rfq_api
    from market.rfq import views as rfq_views
    from market.surveys import api as surveys_api
    from market.surveys import views as surveys_views
    from market.tours import views as tours_views
    from market.trainings import api as trainings_api
    from market.trainings import views as trainings_views
    from market.workspace import views as workspace_views
    from matching import api as matching_api
    from matching import deal_views as matching_deal_views
    from matching import views as matching_views
    from matching.partners import api as partners_api
    from matching.partners import views as partners_views

    app.register_blueprint(ops.bp)
    app.register_blueprint(storage.bp)
    app.register_blueprint(home_views.bp)
    app.register_blueprint(accounts_views.bp)
    app.register_blueprint(accounts_views.org_bp)
    app.register_blueprint(product_views.bp)
    app.register_blueprint(product_views.maker_bp)
    app.register_blueprint(maker_views.bp)
    app.register_blueprint(clusters_views.bp)
    app.register_blueprint(search_views.bp)
    app.register_blueprint(showroom_views.bp)
    app.register_blueprint(showroom_views.files_bp)
    app.register_blueprint(certification_views.bp)
    app.register_blueprint(certification_views.verify_bp)
    app.register_blueprint(list_views.bp)
    app.register_blueprint(list_views.maker_sheet_bp)
    app.register_blueprint(translation_views.bp)
    app.register_blueprint(translation.bp)
    app.register_blueprint(admin_views.bp)
    app.register_blueprint(rfq_views.bp)
    app.register_blueprint(notifications_views.bp)
    app.register_blueprint(orders_views.bp)
    app.register_blueprint(workspace_views.bp)
    app.register_blueprint(jewelry_views.bp)
    app.register_blueprint(partners_views.bp)
    app.register_blueprint(payments_views.bp)
    app.register_blueprint(payments_views.public_bp)
    app.register_blueprint(prototypes_views.bp)
    app.register_blueprint(association_views.bp)
    app.register_blueprint(programmes_views.bp)
    app.register_blueprint(programmes_signoff_views.bp)
    app.register_blueprint(programmes_search_views.bp)
    app.register_blueprint(reviews_views.bp)
    app.register_blueprint(trainings_views.bp)
    app.register_blueprint(centres_views.bp)
    app.register_blueprint(surveys_views.bp)
    app.register_blueprint(careers_views.bp)
    app.register_blueprint(people_views.bp)
    app.register_blueprint(tours_views.bp)
    app.register_blueprint(matching_views.profiles_bp)
    app.register_blueprint(matching_views.listings_bp)
    app.register_blueprint(matching_views.intros_bp)
    app.register_blueprint(matching_deal_views.bp)
    api_bp = api.create_blueprint([
        programmes_api.routes, programmes_search_api.routes, trainings_api.routes, reviews_api.routes,
        accounts_api.routes, products_api.routes, makers_api.routes, search_api.routes,
        certification_api.routes, rfq_api.routes, payments_api.routes, jewelry_api.routes,
        prototypes_api.routes, association_api.routes, matching_api.routes, partners_api.routes, centres_api.routes,
        surveys_api.routes, showroom_api.routes, careers_api.routes, people_api.routes, translation.routes,
    ])
    # The API checks CSRF itself, and only for cookie-authenticated writes (tokens need none).
    security.csrf.exempt(api_bp)
    app.register_blueprint(api_bp)


def _project_root() -> str:
    import pathlib

    return str(pathlib.Path(__file__).resolve().parent.parent)


def after_fork(app: Flask) -> None:
    """In a worker forked from a master that built the app (gunicorn's ``preload_app``): connections the master
    may have opened are left to it, never shared; the worker opens its own."""
    from market.db import get_database

    get_database(app).engine.dispose(close=False)


def warm_up(app: Flask, say=print) -> bool:
    """Load the catalog search index before the first request (and the model, Kiwi and the matching index in
    the background), when the database is migrated. On a database that is not, start anyway without them: ``/readyz`` answers 503 with what is
    missing, and ``say`` tells the operator to run ``seoulmade db upgrade``. Returns whether it warmed."""
    import threading

    from flask import request_finished

    from catalog.search.index import warm
    from market.ops import check_readiness
    from matching.engine import warm as warm_matching

    checks = check_readiness(app)
    if checks["database"] != "ok" or checks["migrations"] != "ok":
        say(f"The database is not ready (database: {checks['database']}; migrations: {checks['migrations']}). "
            "Run `seoulmade db upgrade`; serving without search indexes until then.")
        return False
    from market.payments.providers import bank_transfer_problem, get_providers

    problem = bank_transfer_problem(get_providers(app))
    if problem:
        # Said when a server starts, not by every CLI command that builds the app.
        say(f"Payments: {problem}.")
    # The process answers as soon as the catalog index is mapped: a request waits only for what it cannot do
    # without (a Korean text for Kiwi, matching for its index; a catalog search answers from words alone until
    # the model is loaded), and /readyz for matching. Kiwi, the embedding model and the matching index load in a
    # background thread that starts once the first request has been answered (or after WARM_AFTER_S seconds
    # without one): loading them holds the interpreter most of the time (measured: a request ran at 10-30 % of
    # its speed meanwhile), so started at once it made the first answer wait for them after all.
    first_answer = threading.Event()
    request_finished.connect(lambda _sender, **_extra: first_answer.set(), app, weak=False)
    say("Loading the catalog search index…")
    # Once the model is loaded the catalog index takes its vectors in the background thread, not in the time of
    # the first search after it (measured: 0.37 s at 1,000,000 listings).
    warm_matching(app, background=True, wait_for=first_answer, at_most=float(app.config.get("WARM_AFTER_S", 3.0)),
                  after_model=lambda: warm(app))
    warm(app)
    say("The matching model and index load in the background after the first request…")
    return True
