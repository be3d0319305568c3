"""Coordinator: the Khuzestan–Maysan joint technical and vocational training programme.

Layers, top to bottom (import contracts in setup.cfg, checked by `lint-imports` in `make test`): create_app
here and `cli`; the site pages (`main`) and the `api`; the areas, each importing only areas below it
(progress, meetings, equipment, competitions, agro | exchanges, courses, curricula, reports' renderers,
catalog, auth); the web kit (`web`); core (`audit`, `db`, `viewer`, `errors`, `l10n`, `extensions`, `config`),
which imports no area. Where a lower layer needs an answer only a higher area has, create_app hands it over
(`register_cross_area_answers`) instead of the lower one importing upward.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from .config import INSECURE_KEYS, ROOT, Config, config_from_env

PACKAGE = Path(__file__).resolve().parent


def create_app(config: type[Config] | None = None) -> Flask:
    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
        instance_path=str(ROOT / "instance"),
    )
    app.config.from_object(config or config_from_env())
    check_secret_key(app)
    trust_proxies(app)
    register_converters(app)
    register_extensions(app)
    register_cross_area_answers()
    keep_per_process(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_template_helpers(app)
    register_request_hooks(app)
    register_cli(app)
    return app


def check_secret_key(app: Flask) -> None:
    """Outside development and tests a guessable key would let anyone forge a session cookie."""
    if app.config["ENV_NAME"] in ("development", "testing"):
        return
    key = app.config.get("SECRET_KEY") or ""
    if key in INSECURE_KEYS or len(key) < 32:
        raise RuntimeError(
            "SECRET_KEY is not set to a real secret. Set the SECRET_KEY environment variable to a random "
            "value of at least 32 characters, e.g. "
            "SECRET_KEY=$(python -c 'import secrets; print(secrets.token_hex(32))')"
        )


def trust_proxies(app: Flask) -> None:
    """Behind a reverse proxy every connection comes from the proxy: take the visitor's address (and
    https) from the X-Forwarded-* headers the configured number of proxies add, and from nothing else.
    Log-in throttling, the /verify limit and the security log all read this address."""
    count = app.config.get("TRUSTED_PROXIES", 0)
    if not isinstance(count, int) or count < 0:
        raise RuntimeError(f"TRUSTED_PROXIES must be 0 or the number of proxies in front of the app, not {count!r}.")
    if count:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count)


def register_converters(app: Flask) -> None:
    from .converters import BoundedIntConverter

    app.url_map.converters["int"] = BoundedIntConverter


def register_extensions(app: Flask) -> None:
    from . import i18n, models  # noqa: F401  (models: every table is known before the first query)
    from .db import configure_sqlite, end_reads_with_commit, ping_idle_connections
    from .extensions import babel, csrf, db, login_manager, migrate
    from .forms import install_html_params

    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        # SQLite has no connection pool to size and no server that can drop a connection: pool options and
        # the pre-ping (a round trip on every request, a third of an empty page's time) are for PostgreSQL.
        options = dict(app.config["SQLALCHEMY_ENGINE_OPTIONS"])
        options.pop("pool_size", None)
        options.pop("max_overflow", None)
        options.pop("pool_pre_ping", None)
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options
    ping_idle_connections()
    db.init_app(app)
    end_reads_with_commit(app)
    migrate.init_app(app, db, directory=str(PACKAGE / "migrations"), render_as_batch=True)
    babel.init_app(app, locale_selector=i18n.babel_locale)
    babel.domain_instance = i18n.RequestDomain(domain=app.config.get("BABEL_DOMAIN", "messages"))
    csrf.init_app(app)
    install_html_params()
    login_manager.init_app(app)
    from .auth import login_setup

    login_setup.configure(login_manager)
    configure_sqlite(app.config["SQLITE_BUSY_TIMEOUT_MS"])


def keep_per_process(app: Flask) -> None:
    """Who is signed in, and the active sides, kept per process while no process writes the tables they are read
    from (coordinator/watch.py), and SESSION_TRUST_SECONDS at most (0: nothing kept). After PER_REQUEST is filled
    (register_cross_area_answers): its tables are read with the session, so they are watched too."""
    from .auth import session_user
    from .catalog import clocks
    from .extensions import db
    from .watch import KeptWhileUnwritten, Watch

    seconds = app.config.get("SESSION_TRUST_SECONDS", 0)
    if not seconds:
        return
    with app.app_context():
        engine = db.engine
    watch = app.extensions["watch"] = Watch(engine, session_user.read_from() | set(clocks.KEPT_FROM))
    app.extensions["kept_per_process"] = KeptWhileUnwritten(watch, seconds)


def register_cross_area_answers() -> None:
    """Questions a lower layer asks and a higher area answers, handed over here so no import goes upward:
    what a trainer takes part in (for the permission rules), a meeting's progress since the previous one, the
    reminders and e-mail attachments (a meeting's .ics) the notifications worker uses, what a new day off touches
    (sessions, trips, bookings), and a trainee's courses and certificates."""
    from .auth import session_user
    from .auth.participation import PARTICIPATION
    from .catalog.holidays import CLASH_FINDERS, CLASH_TELLERS
    from .certificates.trainee_record import trainee_record
    from .courses.nominations import nominate_imported
    from .equipment.holiday_clashes import booking_clashes
    from .exchanges.holiday_clashes import session_clashes, trip_clashes
    from .exchanges.queries import trainer_course_ids_query, trainer_teaching_ids_query
    from .meetings import services as meetings
    from .meetings.queries import trainer_meeting_ids_query
    from .notifications.dayoff import tell_day_off_clashes
    from .notifications.inbox import unread_subquery
    from .progress.meetings import progress_for_meeting
    from .progress.plan import plan_for
    from .trainees import views as trainee_views

    PARTICIPATION.update(course=trainer_course_ids_query, meeting=trainer_meeting_ids_query,
                         teaching=trainer_teaching_ids_query)
    meetings.PROGRESS.update(since_previous=progress_for_meeting, plan=plan_for)
    CLASH_FINDERS[:] = [session_clashes, trip_clashes, booking_clashes]
    CLASH_TELLERS[:] = [tell_day_off_clashes]
    # The bell's unread count, read in the same statement as the session on every signed-in page.
    session_user.PER_REQUEST.update(unread=unread_subquery)
    # The trainee's page (courses, results, certificates) and an import straight into a course as nominations.
    trainee_views.RECORD.update(courses=trainee_record, nominate=nominate_imported)
    from . import reminders

    reminders.register()


def register_blueprints(app: Flask) -> None:
    """Every area's blueprint, from one list. Each area keeps its blueprint in `<area>/blueprint.py`;
    importing the area's `views` adds every route to it (in courses and exchanges it names the views
    modules; in meetings `routes` does, as the other modules import views.py)."""
    from .admin import views as admin
    from .agro import views as agro
    from .api import register as register_api
    from .auth import views as auth
    from .catalog import views as catalog
    from .certificates import signatory_views, verify
    from .certificates import views as _certificate_views  # noqa: F401  (adds routes to the courses blueprint)
    from .competitions import views as competitions
    from .courses import views as courses
    from .curricula import views as curricula
    from .equipment import views as equipment
    from .exchanges import views as exchanges
    from .main import views as main
    from .meetings import routes as meetings
    from .notifications import views as notifications
    from .plan import budget_views as _budget_views  # noqa: F401  (adds routes to the plan blueprint)
    from .plan import views as plan
    from .progress import views as progress
    from .trainees import views as trainees
    from .visits import file_views as _visit_files  # noqa: F401  (adds routes to the visits blueprint)
    from .visits import part_views as _visit_parts  # noqa: F401  (adds routes to the visits blueprint)
    from .visits import views as visits

    for blueprint in (main.bp, auth.bp, admin.bp, catalog.bp, courses.bp, trainees.bp, verify.bp,
                      exchanges.bp, curricula.bp, equipment.bp, agro.bp, competitions.bp, meetings.bp,
                      progress.bp, meetings.report_bp, notifications.bp, plan.bp, signatory_views.bp, visits.bp):
        app.register_blueprint(blueprint)
    register_api(app)


def register_errorhandlers(app: Flask) -> None:
    from .main import error_pages

    error_pages.register(app)


def register_template_helpers(app: Flask) -> None:
    from .main import template_helpers

    template_helpers.register(app)


def register_request_hooks(app: Flask) -> None:
    from .main import hooks

    hooks.register(app)


def register_cli(app: Flask) -> None:
    from . import cli

    cli.register(app)
