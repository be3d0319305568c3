"""Column types and model mixins shared by every area: UTC instants, versions, names, search keys."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime
from time import monotonic

from flask_babel import lazy_gettext as _l
from sqlalchemy import DateTime, ForeignKey, Integer, String, event, inspect, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import Mapped, Mapper, Session, declared_attr, make_transient_to_detached, mapped_column
from sqlalchemy.pool import Pool
from sqlalchemy.types import TypeDecorator

from .errors import StaleEditError
from .l10n.bounds import in_range
from .l10n.calendars import OUT_OF_RANGE
from .l10n.folding import fold
from .l10n.locales import pick
from .l10n.text import drop_bidi_controls
from .viewer import format_instant


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """An instant: stored in UTC, always read back timezone-aware (SQLite forgets the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def column_values(model, row) -> dict:
    """A row of `model`'s table (all its columns, in order) as the mapped attributes' values."""
    mapper = inspect(model)
    return {mapper.get_property_by_column(column).key: value
            for column, value in zip(mapper.local_table.columns, row, strict=True)}


def attach_loaded(session: Session, model, values: dict):
    """An instance of `model` holding these attribute values, in `session` as if a query had loaded it, or the
    instance the session holds already: for rows kept between requests (relationships load as usual). The values
    are not copied: kept rows hold immutable column values (text, numbers, dates), never a list or a dict."""
    mapper = inspect(model)
    key = mapper.identity_key_from_primary_key([values[mapper.get_property_by_column(c).key]
                                                for c in mapper.primary_key])
    held = session.identity_map.get(key)
    if held is not None:
        return held
    obj = mapper.class_manager.new_instance()
    obj.__dict__.update(values)
    make_transient_to_detached(obj)  # every value set counts as loaded
    session.add(obj)
    return obj


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class VersionedMixin(TimestampMixin):
    """An editable record: a version that rises on every update and who made the last change.

    SQLAlchemy's version counter refuses a concurrent UPDATE; `check_version` refuses an edit made
    from a stale form before any change is applied.
    """

    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    @declared_attr
    def updated_by_id(cls) -> Mapped[int | None]:
        return mapped_column(ForeignKey("users.id", ondelete="SET NULL", use_alter=True), nullable=True)

    @declared_attr.directive
    def __mapper_args__(cls):
        return {"version_id_col": cls.version}


class NamedMixin:
    """A record people name: Persian and Arabic names required, English optional."""

    name_fa: Mapped[str] = mapped_column(String(200))
    name_ar: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str | None] = mapped_column(String(200), nullable=True)

    def name_in(self, lang: str | None = None) -> str:
        return pick(self, "name", lang)

    @property
    def name(self) -> str:
        return self.name_in()

    def __str__(self) -> str:
        return self.name


class SearchableMixin:
    """Keeps a folded search key so ي/ی, ك/ک, digits, tatweel and ZWNJ variants find the record."""

    __search_fields__: tuple[str, ...] = ("name_fa", "name_ar", "name_en")
    search_key: Mapped[str] = mapped_column(String(1000), default="", index=True)

    def refresh_search_key(self) -> None:
        parts = (getattr(self, f, None) for f in self.__search_fields__)
        self.search_key = fold(" | ".join(str(p) for p in parts if p))[:1000]


@event.listens_for(Session, "before_flush")
def _refresh_search_keys(session, flush_context, instances):
    for obj in list(session.new) + list(session.dirty):
        if isinstance(obj, SearchableMixin):
            obj.refresh_search_key()


@event.listens_for(Mapper, "mapper_configured")
def _drop_bidi_controls_from_string_columns(mapper, cls):
    # The net under the forms' and the API's filters: text set by a command, an import or any other code
    # reaches no column with an override or isolate in it (see l10n/text.py).
    for prop in mapper.column_attrs:
        if any(isinstance(column.type, String) for column in prop.columns):
            event.listen(prop.class_attribute, "set", _drop_bidi_controls_on_set, retval=True)


def _drop_bidi_controls_on_set(target, value, oldvalue, initiator):
    return drop_bidi_controls(value)


_DATE_KEYS: dict[type, tuple[str, ...]] = {}


def _date_keys(mapper) -> tuple[str, ...]:
    """The attributes of a model that hold dates or instants (worked out once per model)."""
    keys = _DATE_KEYS.get(mapper.class_)
    if keys is None:
        found = []
        for attr in mapper.column_attrs:
            try:
                kind = attr.columns[0].type.python_type
            except (NotImplementedError, AttributeError):
                continue
            if isinstance(kind, type) and issubclass(kind, date):
                found.append(attr.key)
        keys = _DATE_KEYS[mapper.class_] = tuple(found)
    return keys


@event.listens_for(Session, "before_flush")
def _refuse_dates_out_of_range(session, flush_context, instances):
    """Every write, whatever its way in (page, API, CLI, import), keeps dates within the stored range: a year
    like 9999 or 0001 is refused on the field that holds it. Unchanged values of an existing row are left
    alone, so older data can still be cancelled or corrected."""
    from .errors import ValidationFailed

    new = session.new
    for obj in [*new, *session.dirty]:
        state, is_new = inspect(obj), obj in new
        for key in _date_keys(state.mapper):
            values = [getattr(obj, key)] if is_new else state.attrs[key].history.added or ()
            if not all(in_range(value) for value in values):
                raise ValidationFailed(OUT_OF_RANGE, field=key)


def check_version(obj: VersionedMixin, submitted_version) -> None:
    """Refuse an edit made from a form loaded before someone else saved the record."""
    try:
        submitted = int(submitted_version)
    except (TypeError, ValueError):
        submitted = -1
    if submitted == obj.version:
        return
    editor = editor_name(obj)
    when = format_instant(obj.updated_at)
    if editor is None:
        raise StaleEditError(_l(
            "This record was changed at %(when)s, after you opened it. "
            "Your changes were not saved; review the current values and try again.", when=when))
    raise StaleEditError(_l(
        "%(who)s changed this record at %(when)s, after you opened it. "
        "Your changes were not saved; review the current values and try again.",
        who=editor, when=when))


def editor_name(obj: VersionedMixin) -> str | None:
    """Who saved the record last, as people are shown (full name, else user name); None when unknown.

    Read from the table the version's foreign key names, so this base module needs no account code.
    """
    if not obj.updated_by_id:
        return None
    users = next(iter(type(obj).__table__.c.updated_by_id.foreign_keys)).column.table
    session = db_session()
    with session.no_autoflush:
        row = session.execute(select(users.c.full_name, users.c.username)
                              .where(users.c.id == obj.updated_by_id)).first()
    return (row.full_name or row.username) if row is not None else None


def db_session():
    from .extensions import db

    return db.session


_SQLITE_BUSY_MS = [5000]


# A database connection unused for longer than this is tried (SELECT 1) before a request gets it; one used a
# moment ago is not. The pool's pre-ping tried every one, a round trip on every request (a sixth of a signed-in
# page with no rows on PostgreSQL). The price: a database restarted while a process is busy fails the requests
# already holding connections; the pool then drops every connection it holds and the next requests reconnect.
PING_AFTER_SECONDS = 10.0


def ping_idle_connections() -> None:
    if not event.contains(Pool, "checkout", _ping_if_idle):
        event.listen(Pool, "checkout", _ping_if_idle)
        event.listen(Pool, "checkin", _idle_from_now)


def _idle_from_now(dbapi_connection, connection_record) -> None:
    if connection_record is not None:
        connection_record.info["idle_since"] = monotonic()


def _ping_if_idle(dbapi_connection, connection_record, connection_proxy) -> None:
    idle_since = connection_record.info.get("idle_since")
    if (idle_since is None or monotonic() - idle_since < PING_AFTER_SECONDS
            or isinstance(dbapi_connection, sqlite3.Connection)):  # a file: nothing to drop it
        return
    try:
        cursor = dbapi_connection.cursor()
        cursor.execute("SELECT 1")
        cursor.close()
        dbapi_connection.rollback()  # handed over as the pool keeps connections: outside any transaction
    except Exception as error:  # whatever the driver raises for a dead connection
        # The pool discards this connection and checks out (or opens) another.
        raise DisconnectionError("the connection was closed while idle") from error


def configure_sqlite(busy_timeout_ms: int) -> None:
    """SQLite connections: foreign keys enforced, WAL so readers don't block the writer, a busy wait."""
    _SQLITE_BUSY_MS[0] = int(busy_timeout_ms)
    if not event.contains(Engine, "connect", _sqlite_pragmas):
        event.listen(Engine, "connect", _sqlite_pragmas)


def _sqlite_pragmas(dbapi_connection, connection_record):
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={_SQLITE_BUSY_MS[0]:d}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


# psycopg forgets every prepared statement on a ROLLBACK (and tells the server to drop them), and a page that only
# reads ends its transaction with one: so no statement ever reached the five uses after which psycopg prepares it,
# and PostgreSQL planned every statement of every page again (planning took longer than running most of them). A
# request that sent nothing but SELECTs, has nothing pending and failed on nothing ends with COMMIT instead: the
# same for the database, and the statements stay prepared. Any other statement in the transaction (a flush, an
# UPDATE, a lock), anything pending or an error, and it ends in ROLLBACK as before.
def end_reads_with_commit(app) -> None:
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        return
    if not event.contains(Engine, "before_cursor_execute", _note_write):
        event.listen(Engine, "before_cursor_execute", _note_write)
        event.listen(Engine, "commit", _transaction_ended)
        event.listen(Engine, "rollback", _transaction_ended)
        event.listen(Session, "after_begin", _connected)
    app.teardown_appcontext(_commit_if_read_only)  # registered after Flask-SQLAlchemy's: runs before its remove()


def _note_write(conn, cursor, statement, parameters, context, executemany) -> None:
    if not statement.startswith("SELECT "):
        conn.info["sent_other_than_select"] = True


def _transaction_ended(conn) -> None:
    conn.info.pop("sent_other_than_select", None)


def _connected(session, transaction, connection) -> None:
    session.info["connected"] = True


def _commit_if_read_only(error) -> None:
    from .extensions import db

    if error is not None or not db.session.registry.has():
        return
    session = db.session()
    # A session that never sent a statement (the signed-in person attached from what was kept) has no connection
    # to end: asking for one would check one out (a pre-ping round trip) only to commit nothing.
    if not session.info.get("connected") or not session.in_transaction():
        return
    if session.new or session.dirty or session.deleted:
        return
    if session.connection().info.get("sent_other_than_select"):
        return
    # Records read stay as they were read, as after the rollback: nothing was written, and code that kept one past
    # the request (a test, a background task) still reads it.
    expire, session.expire_on_commit = session.expire_on_commit, False
    try:
        session.commit()
    except Exception:  # noqa: BLE001 — Flask-SQLAlchemy's remove() next rolls back whatever is left
        session.rollback()
    finally:
        session.expire_on_commit = expire
