"""Flask commands: create-user, demo-data, translate."""

from __future__ import annotations

import click
from flask import g
from flask.cli import AppGroup, with_appcontext
from sqlalchemy import select

from .config import ROOT
from .extensions import db

TRANSLATIONS = ROOT / "translations"
POT = TRANSLATIONS / "messages.pot"
BABEL_CFG = TRANSLATIONS / "babel.cfg"

translate = AppGroup("translate", help="Extract, update and compile the fa, ar and en catalogs.")


def _pybabel(*args: str) -> None:
    from babel.messages.frontend import CommandLineInterface

    status = CommandLineInterface().run(["pybabel", "-q", *args])
    if status:
        raise click.ClickException(f"pybabel {args[0]} failed")


@translate.command("extract")
def translate_extract():
    """Collect every translatable string into translations/messages.pot."""
    _pybabel("extract", "-F", str(BABEL_CFG), "-k", "_l", "-k", "lazy_ngettext:1,2", "-k", "lazy_pgettext:1c,2",
             "--no-location", "--sort-output",
             # Babel skips folders starting with "_" by default: templates/_macros and _partials have strings.
             "--ignore-dirs", ".* __pycache__",
             "--project", "Coordinator", "-o", str(POT), str(ROOT / "coordinator"), str(ROOT / "templates"))


@translate.command("update")
def translate_update():
    """Extract, then merge new strings into each language's catalog."""
    translate_extract.callback()
    _pybabel("update", "-i", str(POT), "-d", str(TRANSLATIONS), "--no-fuzzy-matching", "--ignore-obsolete")


@translate.command("compile")
def translate_compile():
    """Compile the catalogs the app reads."""
    _pybabel("compile", "-d", str(TRANSLATIONS), "--statistics")


@click.command("create-user")
@with_appcontext
@click.option("--username", prompt=True)
@click.option("--full-name", prompt=True)
@click.option("--role", type=click.Choice(["admin", "liaison", "trainer", "manager"]), default="admin",
              show_default=True)
@click.option("--side", "side_code", default=None, help="Side code (e.g. KHZ, MSN); needed for liaisons.")
@click.option("--lang", default=None, type=click.Choice(["fa", "ar", "en"]))
@click.password_option()
def create_user(username, full_name, role, side_code, lang, password):
    """Create an account (the first admin, for instance)."""
    from .auth import services
    from .catalog.models import Side
    from .errors import DomainError

    side_id = None
    if side_code:
        side = db.session.scalar(select(Side).where(Side.code == side_code.upper()))
        if side is None:
            raise click.BadParameter(f"no side with code {side_code!r}", param_hint="--side")
        side_id = side.id
    try:
        user = services.create_user(username=username, full_name=full_name, role=role, password=password,
                                    side_id=side_id, locale=lang)
    except DomainError as exc:
        db.session.rollback()
        raise click.ClickException(str(exc.message)) from None
    db.session.commit()
    click.echo(f"Created {user.role} {user.username!r}.")


@click.command("seed")
@with_appcontext
def seed():
    """Add the reference data every installation needs (sides, named target groups, Chazabeh)."""
    from .catalog.seed import ensure_reference_data

    added = ensure_reference_data()
    db.session.commit()
    click.echo("Reference data: " + ", ".join(f"{k} +{v}" for k, v in added.items()))


@click.command("demo-data")
@with_appcontext
@click.option("--if-empty", is_flag=True, help="Do nothing when the database already has sides.")
@click.option("--size", type=click.Choice(["small", "large"]), default="small", show_default=True,
              help="large: add ~10,000 courses, 100,000 trainees ... for benchmarks (a few minutes).")
def demo_data(if_empty, size):
    """Load a believable bilingual demo data set (sides, centres, standards, users for every role)."""
    from . import demo
    from .catalog.models import Side

    if if_empty and db.session.scalar(select(Side.id).limit(1)) is not None:
        click.echo("The database already has data; demo data not loaded.")
        return
    g.actor_id = None
    logins = demo.load()
    if size == "large":
        from .demo.large import build_large

        counts = build_large(echo=click.echo)
        click.echo("Large data set: " + ", ".join(f"{table} {n:,}" for table, n in counts.items()))
    db.session.commit()
    click.echo("Demo data loaded.")
    print_logins(logins)


def print_logins(logins) -> None:
    click.echo("Demo logins (user name / password):")
    for username, password, role, side in logins:
        click.echo(f"  {username:<16} {password:<20} {role:<8} {side}")


@click.command("demo-logins")
@with_appcontext
def demo_logins():
    """Print the demo logins again."""
    from . import demo

    print_logins(demo.LOGINS)


notify = AppGroup("notify", help="Send notifications from the outbox and raise due reminders.")


@notify.command("run")
@click.option("--every", type=int, default=0, help="Keep running, one pass every this many seconds (systemd); "
              "0: one pass and exit (cron).")
@click.option("--worker", default=None, help="A name for this worker in claims (default: host:pid).")
def notify_run(every, worker):
    """One pass (or a pass every --every seconds): reminders, then every due e-mail and gateway message."""
    import time

    from .notifications.worker import run

    while True:
        done = run(worker=worker)
        click.echo(f"sent {done.sent}, retried {done.retried}, failed {done.failed}, dropped {done.dropped}, "
                   f"reminders {done.reminders}" + (f", errors {len(done.errors)}" if done.errors else ""))
        if not every:
            return
        db.session.remove()
        time.sleep(every)


def register(app) -> None:
    app.cli.add_command(notify)
    app.cli.add_command(translate)
    app.cli.add_command(create_user)
    app.cli.add_command(seed)
    app.cli.add_command(demo_data)
    app.cli.add_command(demo_logins)
    from .meetings.report.sample import meeting_report

    app.cli.add_command(meeting_report)
    from .ops import commands as ops_commands

    app.cli.add_command(ops_commands.backup_command)
    app.cli.add_command(ops_commands.restore_command)
    from .ops.search_keys import search_keys_command

    app.cli.add_command(search_keys_command)
