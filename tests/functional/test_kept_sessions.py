"""Who is signed in on a browser is kept per process (auth/session_user.py) while nothing it was read from has
been written, here or in another process (coordinator/watch.py), and for a bounded time: the database is not
asked on every page, yet a session ended, an account disabled or a new notice shows on the very next page."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from coordinator import watch as watch_module
from coordinator.auth import services as auth
from coordinator.auth import session_user
from coordinator.auth.models import User, UserSession
from coordinator.catalog import clocks
from coordinator.catalog.models import Side
from coordinator.courses import services as courses
from coordinator.courses.models import Course
from coordinator.db import utcnow
from coordinator.extensions import db
from tests import factories
from tests.statements import statements_sent

FA = {"Accept-Language": "fa"}


@pytest.fixture(autouse=True)
def _nothing_kept_yet(app):
    app.extensions["kept_per_process"].clear()


def _session_asked(app, client, url="/verify") -> bool:
    """Whether the next visit of the page reads the session from the database."""
    with statements_sent(app) as seen:
        assert client.get(url).status_code == 200
    return any("user_sessions" in statement for statement in seen)


def _signed_in(test_client) -> bool:
    response = test_client.get("/verify")
    return response.status_code == 200 and "/logout" in response.get_data(as_text=True)


def _kept_in(app) -> int:
    return sum(1 for key in app.extensions["kept_per_process"].held_keys() if key[0] == "session")


def _seen_by(app, deadline_seconds: float = 5.0) -> None:
    """Another app stands for another process: on PostgreSQL it hears of a commit by NOTIFY, a moment later."""
    watch = app.extensions["watch"]
    assert watch.wait_listening(deadline_seconds)


def _wait_for_mark_to_move(app, before, seconds: float = 5.0) -> None:
    _wait_for_mark_to_move_in(app.extensions["watch"], before, seconds)


def _wait_for_mark_to_move_in(watch, before, seconds: float = 5.0) -> None:
    deadline = time.monotonic() + seconds
    while watch.mark() == before and time.monotonic() < deadline:
        time.sleep(0.01)
    assert watch.mark() != before


def test_once_kept_a_page_does_not_ask_who_is_signed_in(app, client, users, login, app_factory):
    _seen_by(app)
    login("liaison.khz")
    assert _session_asked(app, client)  # the first page reads it, and keeps it
    assert not _session_asked(app, client)
    # With keeping off, every page asks.
    asking = app_factory(SESSION_TRUST_SECONDS=0)
    other = asking.test_client()
    login("liaison.khz", test_client=other)
    assert "kept_per_process" not in asking.extensions
    assert _session_asked(asking, other) and _session_asked(asking, other)


def test_a_session_ended_elsewhere_is_refused_on_the_next_page(app, client, users, login):
    _seen_by(app)
    login("liaison.khz")
    other = app.test_client()
    login("liaison.khz", test_client=other)
    assert _signed_in(client) and _signed_in(other) and _kept_in(app) == 2
    with app.app_context():  # "log out everywhere", as a password reset does
        auth.end_all_sessions(db.session.get(User, users["liaison_khz"].id))
        db.session.commit()
    assert not _signed_in(client)
    assert client.get("/").headers["Location"].startswith("/login")
    assert not _signed_in(other)


def test_a_disabled_account_and_a_changed_role_are_seen_on_the_next_page(app, client, users, login):
    _seen_by(app)
    login("manager.khz")
    assert client.get("/dashboard/").status_code == 200
    with app.app_context():
        db.session.execute(update(User).where(User.id == users["manager_khz"].id).values(role="trainer"))
        db.session.commit()
    assert client.get("/dashboard/").status_code == 403  # a trainer has no dashboard
    with app.app_context():
        db.session.execute(update(User).where(User.id == users["manager_khz"].id).values(active=False))
        db.session.commit()
    assert not _signed_in(client)


def test_another_process_ending_the_session_is_seen(app, client, users, login, app_factory):
    _seen_by(app)
    login("liaison.khz")
    assert _signed_in(client) and _kept_in(app) == 1
    elsewhere = app_factory()  # another process: its own engine, its own kept rows, the same database
    before = app.extensions["watch"].mark()
    with elsewhere.app_context():
        auth.end_all_sessions(db.session.get(User, users["liaison_khz"].id))
        db.session.commit()
    _wait_for_mark_to_move(app, before)
    assert not _signed_in(client)


def test_a_notice_written_by_another_process_rings_the_bell(app, client, sides, users, login, app_factory):
    _seen_by(app)
    login("liaison.msn")
    page = client.get("/verify", headers=FA).get_data(as_text=True)
    assert 'class="bell-count"' not in page
    with app.app_context():
        course = factories.make_course(factories.make_centre(sides["KHZ"].id), factories.make_standard(),
                                       status="draft")
    elsewhere = app_factory()
    before = app.extensions["watch"].mark()
    with elsewhere.app_context():
        courses.transition(db.session.get(Course, course), "propose", db.session.get(User, users["liaison_khz"].id))
        db.session.commit()
    _wait_for_mark_to_move(app, before)
    page = client.get("/verify", headers=FA).get_data(as_text=True)
    assert '<strong class="bell-count">۱</strong>' in page


def test_writes_to_other_tables_leave_the_session_kept(app, client, sides, users, login):
    _seen_by(app)
    login("liaison.khz")
    assert _session_asked(app, client)  # the first page reads it, and keeps it
    assert not _session_asked(app, client)
    with app.app_context():
        factories.make_centre(sides["KHZ"].id)
        db.session.execute(select(UserSession.token)).all()  # reading a watched table moves nothing
        db.session.commit()
    assert not _session_asked(app, client)


def test_a_write_rolled_back_leaves_the_session_kept(app, client, users, login):
    _seen_by(app)
    login("liaison.khz")
    assert _session_asked(app, client)  # the first page reads it, and keeps it
    assert not _session_asked(app, client)
    with app.app_context():
        db.session.execute(update(User).where(User.id == users["liaison_khz"].id).values(active=False))
        db.session.rollback()
    assert not _session_asked(app, client)
    assert _signed_in(client)


def test_a_kept_session_still_expires_on_time(app, client, users, login, monkeypatch):
    _seen_by(app)
    login("liaison.khz")
    assert _signed_in(client) and _kept_in(app) == 1
    later = utcnow() + app.config["PERMANENT_SESSION_LIFETIME"] + timedelta(minutes=1)
    monkeypatch.setattr(session_user, "utcnow", lambda: later)
    assert not _signed_in(client)


def test_a_kept_session_is_trusted_for_a_bounded_time(app, client, users, login, monkeypatch):
    _seen_by(app)
    login("liaison.khz")
    assert _session_asked(app, client)  # the first page reads it, and keeps it
    assert not _session_asked(app, client)
    now = time.monotonic()
    monkeypatch.setattr(watch_module.time, "monotonic", lambda: now + app.config["SESSION_TRUST_SECONDS"] + 1)
    assert _session_asked(app, client)


def test_nothing_is_kept_while_other_processes_cannot_be_heard(app, users, login, app_factory, monkeypatch,
                                                              tmp_path):
    deaf = app_factory()
    watch = deaf.extensions["watch"]
    browser = deaf.test_client()
    login("liaison.khz", test_client=browser)
    if watch.postgres:
        watch.stop()  # as when the listening connection is lost
    else:
        monkeypatch.setattr(watch, "stamp_path", str(tmp_path))  # a stamp that cannot be read
    assert watch.mark() is None
    assert _session_asked(deaf, browser) and _session_asked(deaf, browser)
    assert _kept_in(deaf) == 0


def _active_sides_read(app) -> tuple[list[str], bool]:
    """(the active sides' Persian names, whether the database was asked) for one request."""
    with statements_sent(app) as seen, app.test_request_context("/"):
        names = [side.name_fa for side in clocks.active_sides()]
        assert all(side in db.session for side in clocks.active_sides())  # in the session, as if loaded
    return names, any("FROM sides" in statement for statement in seen)


def test_the_active_sides_are_kept_until_a_side_changes(app, sides, app_factory):
    _seen_by(app)
    names, asked = _active_sides_read(app)
    assert asked and len(names) == 2
    assert _active_sides_read(app) == (names, False)  # kept: no query
    with app.app_context():
        db.session.get(Side, sides["KHZ"].id).name_fa = "خوزستان (نام تازه)"
        db.session.commit()
    renamed, asked = _active_sides_read(app)
    assert asked and "خوزستان (نام تازه)" in renamed
    before = app.extensions["watch"].mark()
    with app_factory().app_context():  # another process deactivates a side
        db.session.execute(update(Side).where(Side.id == sides["MSN"].id).values(active=False))
        db.session.commit()
    _wait_for_mark_to_move(app, before)
    assert _active_sides_read(app) == (["خوزستان (نام تازه)"], True)


def test_an_app_that_lets_go_of_its_connections_lets_go_of_its_listening_one(app_factory):
    """Engine.dispose() (a test's app at its end, a worker after a fork) ends the listening thread and its
    connection; the next ask listens anew (PostgreSQL: SQLite has no such thread)."""
    app = app_factory()
    watch = app.extensions["watch"]
    if not watch.postgres:
        pytest.skip("SQLite processes read a stamp file: nothing listens")

    def listening_threads() -> set:
        return {thread for thread in threading.enumerate() if thread.name == "coordinator-watch" and thread.is_alive()}

    before = listening_threads()
    assert watch.wait_listening()
    (first,) = listening_threads() - before
    with app.app_context():
        db.engine.dispose()
    assert watch.wait_listening()  # asking starts another thread
    first.join(watch_module.LISTEN_CHECK_SECONDS + 3)
    assert not first.is_alive()  # the first one has gone, and its connection with it
    assert len(listening_threads() - before) == 1


def test_a_process_is_not_told_twice_of_its_own_change(app, users, app_factory):
    """Its own NOTIFY comes back to a process's listener: left unheard (the mark moved at the commit already), so
    a page does not read the session again a moment later for nothing."""
    watch = app.extensions["watch"]
    if not watch.postgres:
        pytest.skip("SQLite processes read a stamp file: nothing listens")
    witness = app_factory().extensions["watch"]  # another process, to know the notice has been delivered
    assert watch.wait_listening() and witness.wait_listening()
    seen_by_witness = witness.mark()
    with app.app_context():
        db.session.execute(update(User).where(User.id == users["liaison_khz"].id).values(full_name="نام تازه"))
        db.session.commit()
    own = watch.mark()
    _wait_for_mark_to_move_in(witness, seen_by_witness)
    time.sleep(0.2)  # our listener had the notice as soon as the witness did
    assert watch.mark() == own
