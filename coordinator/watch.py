"""A mark every process of the app sees move after a commit that wrote to certain tables, so values read from
those tables can be kept per process and trusted while the mark stands (auth/session_user.py keeps who is
signed in on each browser this way, instead of asking the database on every request).

Any statement other than a SELECT whose text names a watched table, through the ORM or not, marks its
connection; when that connection's transaction commits, the mark moves:
- in this process, before the commit and again once the connection goes back to the pool (after the commit), so
  a value read while the commit was under way is not trusted under the mark that follows it;
- in the other processes on PostgreSQL by NOTIFY, sent inside the transaction (PostgreSQL delivers it only if the
  transaction commits), heard by a thread in each process that LISTENs on a connection of its own. Until that
  thread is listening, and whenever its connection is lost, the mark is unknown (None) and nothing may be
  trusted; each (re)connection moves the mark, since notices may have been missed meanwhile. A notice carries
  its process's token, and that process's own listener leaves it (its mark moved at the commit);
- in the other processes on SQLite (one machine by nature) by a stamp file beside the database, rewritten with a
  random text after the commit and read at every ask (a few microseconds).
Writes made outside the app (by hand in psql) are not seen: values are trusted for a bounded time as well
(KeptWhileUnwritten, one store per app in app.extensions["kept_per_process"]).
"""

from __future__ import annotations

import logging
import os
import re
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Hashable

from sqlalchemy import event
from sqlalchemy.engine import Engine

log = logging.getLogger(__name__)

CHANNEL = "coordinator_watch"
# How long the listening thread waits for notices before it checks its connection is alive (and that it is
# still wanted).
LISTEN_CHECK_SECONDS = 2.0
RETRY_SECONDS = 1.0


class Watch:
    def __init__(self, engine: Engine, tables: set[str]) -> None:
        self.engine = engine
        self.tables = frozenset(tables)
        self._names = re.compile(r"\b(?:%s)\b" % "|".join(re.escape(t) for t in sorted(tables)), re.IGNORECASE)
        self._lock = threading.Lock()
        self._local = 0
        url = engine.url
        self.postgres = url.get_backend_name() == "postgresql"
        database = url.database or ""
        in_memory = database in ("", ":memory:") or database.startswith("file:")
        self.stamp_path = f"{database}.watch" if url.get_backend_name() == "sqlite" and not in_memory else None
        self._heard = 0
        self._listening = False
        self._listener_pid: int | None = None
        self._generation = 0
        self._token: tuple[int, str] | None = None
        self._stopped = False
        event.listen(engine, "engine_disposed", self._disposed)
        event.listen(engine, "before_cursor_execute", self._note)
        event.listen(engine, "commit", self._committing)
        event.listen(engine, "rollback", self._rolled_back)
        event.listen(engine, "checkin", self._checked_in)

    # The mark -------------------------------------------------------------------------------------------------

    def mark(self):
        """Equal to an earlier answer only if no watched table was written since; None: unknown, trust nothing."""
        if self.postgres:
            self._ensure_listener()
            with self._lock:
                return (self._local, self._heard) if self._listening else None
        if self.stamp_path is None:
            return (self._local,)
        try:
            with open(self.stamp_path, "rb") as stamp:
                text = stamp.read()
        except FileNotFoundError:
            text = b""
        except OSError:
            return None
        return (self._local, text)

    def _move(self) -> None:
        with self._lock:
            self._local += 1

    # Noticing writes ------------------------------------------------------------------------------------------

    def _note(self, conn, cursor, statement, parameters, context, executemany) -> None:
        if statement.lstrip()[:6].upper() != "SELECT" and self._names.search(statement):
            conn.info["watch_wrote"] = True

    def _committing(self, conn) -> None:
        if not conn.info.pop("watch_wrote", False):
            return
        conn.info["watch_committed"] = True
        self._move()
        if self.postgres:
            # On the transaction's own connection, below SQLAlchemy: delivered to listeners only on commit. Signed
            # with this process's token, so its own listener leaves it (the mark moved here already).
            conn.connection.dbapi_connection.execute(f"NOTIFY {CHANNEL}, '{self._sender()}'")

    def _rolled_back(self, conn) -> None:
        conn.info.pop("watch_wrote", None)
        conn.info.pop("watch_committed", None)

    def _checked_in(self, dbapi_connection, record) -> None:
        if record is None or not record.info.pop("watch_committed", False):
            return
        self._move()
        if self.stamp_path is not None:
            self._write_stamp()

    def _write_stamp(self) -> None:
        partial = f"{self.stamp_path}.{os.getpid()}.{threading.get_ident()}"
        try:
            with open(partial, "w", encoding="ascii") as stamp:
                stamp.write(secrets.token_hex(8))
            os.replace(partial, self.stamp_path)
        except OSError:
            # Other processes would keep trusting what they hold until it ages out: say so loudly.
            log.exception("Could not write %s: other processes will not see this change at once", self.stamp_path)

    # Hearing other processes (PostgreSQL) ---------------------------------------------------------------------

    def _ensure_listener(self) -> None:
        pid = os.getpid()
        if self._listener_pid == pid or self._stopped:
            return
        with self._lock:
            if self._listener_pid == pid:
                return
            # A forked worker inherits the parent's state but not its thread: listen anew.
            self._listener_pid, self._listening = pid, False
            generation = self._generation
        threading.Thread(target=self._listen, args=(pid, generation), name="coordinator-watch", daemon=True).start()

    def _sender(self) -> str:
        """This process's token (hex: safe inside the NOTIFY's quotes), made anew in a forked worker."""
        pid = os.getpid()
        if self._token is None or self._token[0] != pid:
            self._token = (pid, secrets.token_hex(8))
        return self._token[1]

    def _wanted(self, pid: int, generation: int) -> bool:
        return not self._stopped and self._listener_pid == pid and self._generation == generation

    def _disposed(self, engine) -> None:
        """The app let go of its connections (a test's app at its end, a worker after a fork): the listening thread
        lets go of its own within LISTEN_CHECK_SECONDS, and the next ask starts another."""
        with self._lock:
            self._generation += 1
            self._listener_pid, self._listening = None, False

    def _listen(self, pid: int, generation: int) -> None:
        import psycopg

        dsn = self.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
        while self._wanted(pid, generation):
            try:
                with psycopg.connect(dsn, autocommit=True, connect_timeout=5) as connection:
                    connection.execute(f"LISTEN {CHANNEL}")
                    with self._lock:
                        if not self._wanted(pid, generation):
                            return
                        self._heard += 1  # notices sent before now may have been missed
                        self._listening = True
                    own = self._sender()
                    while self._wanted(pid, generation):
                        heard = sum(1 for notice in connection.notifies(timeout=LISTEN_CHECK_SECONDS)
                                    if notice.payload != own)
                        if heard:
                            with self._lock:
                                self._heard += 1
                        connection.execute("SELECT 1")  # a connection that died quietly fails here
            except Exception:  # noqa: BLE001 — any failure: trust nothing until listening again
                if self._wanted(pid, generation):
                    log.warning("Not hearing other processes' changes; retrying", exc_info=True)
            finally:
                with self._lock:
                    if self._generation == generation:
                        self._listening = False
            if self._wanted(pid, generation):
                time.sleep(RETRY_SECONDS)

    def stop(self) -> None:
        self._stopped = True
        with self._lock:
            self._listening = False

    def wait_listening(self, seconds: float = 5.0) -> bool:
        """For tests and start-up checks: True once the mark is known."""
        deadline = time.monotonic() + seconds
        while self.mark() is None:
            if time.monotonic() > deadline:
                return False
            time.sleep(0.01)
        return True


class KeptWhileUnwritten:
    """Values read from watched tables, kept per process under the mark read before reading them: trusted while
    that mark stands and for `seconds` at most; past CAPACITY the least recently stored leave first."""

    CAPACITY = 4096

    def __init__(self, watch: Watch, seconds: float) -> None:
        self.watch, self.seconds = watch, seconds
        self._values: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable):
        """The value kept under `key` if it may still be trusted, else None."""
        with self._lock:
            held = self._values.get(key)
        if held is None:
            return None
        value, mark, at = held
        if time.monotonic() - at >= self.seconds or mark != self.watch.mark():
            with self._lock:
                self._values.pop(key, None)
            return None
        return value

    def put(self, key: Hashable, value, mark) -> None:
        """Keep `value`, read after `mark` was read (a change during the read moves the mark: not trusted)."""
        with self._lock:
            self._values[key] = (value, mark, time.monotonic())
            while len(self._values) > self.CAPACITY:
                self._values.popitem(last=False)

    def held_keys(self) -> list:
        with self._lock:
            return list(self._values)

    def clear(self) -> None:
        with self._lock:
            self._values.clear()
