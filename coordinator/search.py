"""One search function for the lists: a record's folded search key holds the typed text anywhere in it.

`LIKE '%…%'` reads every row. For the tables in INDEXED a substring index answers instead: on PostgreSQL a
GIN trigram index (pg_trgm) on the search key, which PostgreSQL uses for the same LIKE by itself; on SQLite an
FTS5 table with the trigram tokenizer beside the table (`<table>_fts`, kept by triggers), asked for the typed
text as a quoted phrase (a substring, from the index). Fewer than three letters cannot use a trigram index: both
then read every key, as before, with the same result. At 10,000 courses a rare text (a code, a place) is found
in ~0.5 ms instead of ~28 ms; a very common one costs a few ms more than LIKE, which stops at the page's 25th.
Migration 0021 builds the indexes; `index_table` adds the same DDL to create_all (the tests' schema).

A rebuild of an indexed table on SQLite (a batch migration copies, drops and renames it) drops its triggers:
such a migration calls `sqlite_statements(table)` again afterwards.
"""

from __future__ import annotations

from sqlalchemy import DDL, event, literal_column, select, table, text
from sqlalchemy.sql.elements import ColumnElement

from .extensions import db
from .l10n.folding import fold, like_pattern

# Tables whose search key has a substring index (migration 0021).
INDEXED = ("courses",)


def fts_name(table_name: str) -> str:
    return f"{table_name}_fts"


def trigram_index_name(table_name: str) -> str:
    return f"ix_{table_name}_search_key_trgm"


def sqlite_statements(table_name: str) -> list[str]:
    """The FTS5 table over the key, the triggers that keep it, and its first filling."""
    fts = fts_name(table_name)
    return [
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5(search_key, content='{table_name}', "
        f"content_rowid='id', tokenize='trigram')",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_ai AFTER INSERT ON {table_name} BEGIN "
        f"INSERT INTO {fts}(rowid, search_key) VALUES (new.id, new.search_key); END",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_ad AFTER DELETE ON {table_name} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, search_key) VALUES ('delete', old.id, old.search_key); END",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_au AFTER UPDATE OF search_key ON {table_name} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, search_key) VALUES ('delete', old.id, old.search_key); "
        f"INSERT INTO {fts}(rowid, search_key) VALUES (new.id, new.search_key); END",
        f"INSERT INTO {fts}({fts}) VALUES ('rebuild')",
    ]


def sqlite_drop_statements(table_name: str) -> list[str]:
    fts = fts_name(table_name)
    return [f"DROP TRIGGER IF EXISTS {fts}_ai", f"DROP TRIGGER IF EXISTS {fts}_ad",
            f"DROP TRIGGER IF EXISTS {fts}_au", f"DROP TABLE IF EXISTS {fts}"]


def postgresql_statements(table_name: str) -> list[str]:
    return ["CREATE EXTENSION IF NOT EXISTS pg_trgm",
            f"CREATE INDEX IF NOT EXISTS {trigram_index_name(table_name)} ON {table_name} "
            f"USING gin (search_key gin_trgm_ops)"]


def postgresql_drop_statements(table_name: str) -> list[str]:
    # The extension stays: other databases' objects on the server may use it.
    return [f"DROP INDEX IF EXISTS {trigram_index_name(table_name)}"]


def is_search_index(name: str | None) -> bool:
    """Whether a schema object is one of these indexes (not in the models: schema comparisons leave it out)."""
    return bool(name) and any(name == trigram_index_name(t) or name == fts_name(t) or
                              name.startswith(fts_name(t) + "_") for t in INDEXED)


def index_table(sa_table) -> None:
    """The same indexes for a schema made by create_all (and gone with drop_all)."""
    for statement in sqlite_statements(sa_table.name):
        event.listen(sa_table, "after_create", DDL(statement).execute_if(dialect="sqlite"))
    for statement in postgresql_statements(sa_table.name):
        event.listen(sa_table, "after_create", DDL(statement).execute_if(dialect="postgresql"))
    for statement in sqlite_drop_statements(sa_table.name):
        event.listen(sa_table, "before_drop", DDL(statement).execute_if(dialect="sqlite"))


def uses_index(model, typed: str) -> bool:
    """Whether `matches` answers from a substring index (three letters or more, on a table in INDEXED)."""
    return model.__table__.name in INDEXED and len(fold(typed)) >= 3


def reads_every_match(model, typed: str) -> bool:
    """Whether the database reads every match of the search whichever page is asked: SQLite takes the matches
    from its FTS5 table as a set, then sorts them; PostgreSQL walks the list's sort order and stops at the page."""
    return uses_index(model, typed) and db.session.get_bind().dialect.name == "sqlite"


def matches(model, typed: str) -> ColumnElement:
    """The condition "the record's search key holds the typed text" (folded: ي/ی, ك/ک, digits, ZWNJ alike)."""
    name = model.__table__.name
    key = fold(typed)
    # Under three letters no trigram index can answer (and SQLite's FTS5 answers a two-letter Persian pattern
    # wrongly, counting its bytes): the key itself is read.
    if reads_every_match(model, typed):
        # A quoted phrase of the trigram tokenizer matches the key as a substring, from the index; inside the
        # quotes only a double quote is special (doubled). % _ \\ are letters here, as LIKE's ESCAPE made them.
        phrase = '"' + key.replace('"', '""') + '"'
        fts = fts_name(name)
        rows = (select(literal_column("rowid")).select_from(table(fts))
                .where(text(f"{fts} MATCH :phrase").bindparams(phrase=phrase)))
        return model.id.in_(rows)
    return model.search_key.like(like_pattern(typed), escape="\\")
