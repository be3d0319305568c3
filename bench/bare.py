"""The yardstick: a bare Flask + SQLAlchemy + Babel app that renders N rows of a table of the same database,
with its dates localised, and none of the application's layers (no log-in, permissions, menus, audit, Jalali
calendar, digit conversion). This is the page issue 19 measures against: "a bare Flask + SQLAlchemy + Babel page
that renders 50 of 10,000 rows with one join and localised dates".

`make_app(url)` for the in-process client; `gunicorn 'bench.bare:from_env()'` (BENCH_DATABASE_URL) for the
server run. GET /<table>?n=25 renders the first n rows of a table joined as the real page would join it.
"""

from __future__ import annotations

import os
from datetime import date, datetime

from flask import Flask, abort, render_template_string, request
from flask_babel import Babel, format_date, format_datetime
from sqlalchemy import create_engine, text

# table → the query a page of that kind needs at least: its rows and the names they point at.
QUERIES = {
    "courses": "SELECT c.id, c.code, c.name_fa, c.start_date, c.end_date, c.status, s.name_fa AS side, "
               "ce.name_fa AS centre FROM courses c JOIN sides s ON s.id = c.host_side_id "
               "JOIN centres ce ON ce.id = c.host_centre_id ORDER BY c.start_date DESC, c.id LIMIT :n",
    "enrolments": "SELECT e.id, t.name_fa, t.name_ar, e.status, e.theory_score, e.practice_score "
                  "FROM enrolments e JOIN trainees t ON t.id = e.trainee_id ORDER BY e.id LIMIT :n",
    "assignments": "SELECT a.id, c.code, c.name_fa, a.travel_out_at, a.travel_back_at, a.status FROM assignments a "
                   "JOIN courses c ON c.id = a.course_id ORDER BY a.travel_out_at DESC LIMIT :n",
    "bookings": "SELECT b.id, b.starts_on, b.ends_on, b.purpose, s.name_fa FROM equipment_bookings b "
                "JOIN sides s ON s.id = b.user_side_id ORDER BY b.starts_on LIMIT :n",
    "actions": "SELECT a.id, a.name_fa, a.due_on, a.status, u.full_name FROM action_items a "
               "JOIN users u ON u.id = a.owner_id ORDER BY a.due_on LIMIT :n",
}
# Columns holding a day or an instant, by name (SQLite hands them over as text).
DAYS, INSTANTS = ("_date", "_on"), ("_at",)
PAGE = """<!doctype html><html lang="fa" dir="rtl"><head><meta charset="utf-8"><title>{{ table }}</title></head>
<body><main><h1>{{ table }}</h1><table><thead><tr>{% for k in keys %}<th>{{ k }}</th>{% endfor %}</tr></thead>
<tbody>{% for row in rows %}<tr>{% for v in row %}<td>{{ v }}</td>{% endfor %}</tr>{% endfor %}</tbody></table>
</main></body></html>"""


def _localised(key: str, value):
    if value is None:
        return value
    if key.endswith(DAYS):
        return format_date(value if isinstance(value, date) else date.fromisoformat(str(value)[:10]))
    if key.endswith(INSTANTS):
        return format_datetime(value if isinstance(value, datetime) else datetime.fromisoformat(str(value)))
    return value


def make_app(url: str) -> Flask:
    app = Flask(__name__)
    Babel(app, locale_selector=lambda: "fa")
    engine = create_engine(url)  # SQLAlchemy's defaults, as a bare app has them

    @app.route("/hello")
    def hello():
        # The floor's yardstick: a response with no layers at all.
        return "hello"

    @app.route("/<table>")
    def page(table):
        query = QUERIES.get(table) or abort(404)
        n = min(int(request.args.get("n", 25)), 1000)
        with engine.connect() as connection:
            result = connection.execute(text(query), {"n": n})
            keys, rows = list(result.keys()), result.all()
        rows = [[_localised(key, value) for key, value in zip(keys, row, strict=True)] for row in rows]
        return render_template_string(PAGE, table=table, keys=keys, rows=rows)

    app.extensions["bench_engine"] = engine
    return app


def from_env() -> Flask:
    return make_app(os.environ["BENCH_DATABASE_URL"])
