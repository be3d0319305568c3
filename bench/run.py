"""`make bench`: the main pages on the large data set, timed in-process and through gunicorn, each against a
bare Flask + SQLAlchemy page that renders as many rows; PDF build time and memory; a worker's memory after
1,000 requests. Prints a markdown table and writes it to bench/results.md.

The database is $BENCH_DATABASE_URL or instance/bench.sqlite, built (migrations, demo data, then
`--size large`) when it has fewer than 5,000 courses, reused otherwise. BENCH_RUNS sets the runs per page;
BENCH_HTTP=0 skips the gunicorn part, BENCH_ONLY=Floor,Meeting times only the pages so named. Exits 1 when a
page passes its target (issue 19: anonymous floor 2×, signed-in floor 3× a bare "hello", main pages 3×).
"""

from __future__ import annotations

import logging
import os
import platform
import re
import statistics
import sys
import time
import tracemalloc
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flask import g  # noqa: E402
from sqlalchemy import event, func, select  # noqa: E402

from bench import bare, server  # noqa: E402
from coordinator import create_app  # noqa: E402
from coordinator.config import Config  # noqa: E402
from coordinator.extensions import db  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "25"))
# BENCH_SCALE < 1 builds a smaller data set (0.3: ~3,000 courses, 30,000 trainees) for a quick run.
SCALE = float(os.environ.get("BENCH_SCALE", "1"))
SECRET = "bench-only-secret-key-0123456789abcdef"  # noqa: S105 — a local benchmark, not a deployment


def database_url() -> str:
    return os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{ROOT / 'instance' / 'bench.sqlite'}"


class BenchConfig(Config):
    SQLALCHEMY_DATABASE_URI = database_url()
    SECRET_KEY = SECRET
    WTF_CSRF_ENABLED = False  # the in-process client logs in without reading the form's token


@dataclass
class Page:
    name: str
    url: str
    bare_table: str
    rows: int = 0
    api: bool = False
    app_times: list = field(default_factory=list)
    bare_times: list = field(default_factory=list)
    queries: int = 0
    bare_queries: int = 0
    http_app: list = field(default_factory=list)
    http_bare: list = field(default_factory=list)
    # The most this page may cost, as a multiple of its yardstick (issue 19): the floor pages against a bare
    # "hello", the others against the bare page rendering as many rows; None: a target of its own (dashboard).
    target: float | None = 3.0
    anonymous: bool = False
    bare_url: str = ""

    def yardstick(self) -> str:
        return self.bare_url or f"/{self.bare_table}?n={self.rows}"


def ensure_data(app) -> dict:
    """Build the large data set unless the database already holds it; returns row counts."""
    from flask_migrate import upgrade

    from coordinator import demo
    from coordinator.catalog.models import Side
    from coordinator.courses.models import Course
    from coordinator.demo.large import build_large

    with app.app_context():
        upgrade(directory=str(ROOT / "coordinator" / "migrations"))
        if (db.session.scalar(select(func.count()).select_from(Course)) or 0) < 5000 * SCALE:
            print("Building the large data set (a few minutes) …", flush=True)
            g.actor_id = None
            if db.session.scalar(select(Side.id).limit(1)) is None:
                demo.load()
            started = time.perf_counter()
            build_large(scale=SCALE, echo=lambda m: print("  " + m, flush=True))
            db.session.commit()
            print(f"  built in {time.perf_counter() - started:.0f} s", flush=True)
        counts = {}
        for table in ("courses", "trainees", "enrolments", "attendance", "trainers", "assignments",
                      "equipment_items", "equipment_bookings", "agro_tracks", "milestones", "meetings",
                      "action_items"):
            counts[table] = db.session.scalar(select(func.count()).select_from(db.metadata.tables[table]))
        return counts


def pick_pages(app) -> list[Page]:
    """The records with the most rows behind them: the heaviest course, trainer, item, meeting."""
    from coordinator.catalog.models import Side, SkillStandard
    from coordinator.courses.models import Course, Enrolment
    from coordinator.equipment.models import Booking
    from coordinator.exchanges.models import Assignment
    from coordinator.meetings.models import ActionItem, Meeting

    def busiest(column):
        return db.session.execute(select(column, func.count()).group_by(column)
                                  .order_by(func.count().desc()).limit(1)).first()[0]

    with app.app_context():
        side = db.session.scalar(select(Side.id).order_by(Side.id))
        word = db.session.scalar(select(SkillStandard.name_fa).order_by(SkillStandard.id)).split()[0]
        course = busiest(Enrolment.course_id)
        completed = db.session.scalar(select(Course.id).where(Course.status == "running").order_by(Course.id.desc()))
        trainer, item = busiest(Assignment.trainer_id), busiest(Booking.item_id)
        meeting = db.session.scalar(select(ActionItem.meeting_id).join(Meeting).where(Meeting.status == "closed")
                                    .order_by(Meeting.starts_at.desc()).limit(1))
    pages = [
        # The floor: pages with no rows, so the per-request cost of the app's layers shows on its own, each held
        # against a bare "hello" response: anonymous within 2×, signed in (menu, bell, session) within 3×.
        Page("Floor: anonymous page (certificate check form)", "/verify", "hello", rows=1, target=2.0,
             anonymous=True, bare_url="/hello"),
        Page("Floor: signed-in page with no rows", "/verify", "hello", rows=1, target=3.0, bare_url="/hello"),
        Page("Course list, filtered", f"/courses/?status=completed&side={side}", "courses"),
        Page("Course list, searched", f"/courses/?q={quote(word)}", "courses"),
        Page("Course page", f"/courses/{course}", "enrolments"),
        Page("Course roster", f"/courses/{course}/roster", "enrolments"),
        Page("Attendance sheet (running course)", f"/courses/{completed}/attendance", "enrolments"),
        Page("Trainer's assignments", f"/exchange/trainers/{trainer}", "assignments"),
        Page("Equipment item and bookings", f"/equipment/{item}", "bookings"),
        Page("Dashboard", "/dashboard/", "courses", target=None),
        Page("Meeting page", f"/meetings/{meeting}", "actions"),
    ]
    if "api.courses.listing" in app.view_functions:
        pages += [Page("API: courses", "/api/v1/courses?per_page=25", "courses", rows=25, api=True),
                  Page("API: trainers", "/api/v1/trainers?per_page=25", "assignments", rows=25, api=True),
                  Page("API: equipment", "/api/v1/equipment?per_page=25", "bookings", rows=25, api=True)]
    return pages


class QueryCounter:
    def __init__(self, engine) -> None:
        self.count = 0
        event.listen(engine, "before_cursor_execute", self._count)

    def _count(self, *args, **kwargs) -> None:
        self.count += 1


def api_token(app) -> str:
    from coordinator.auth.models import ApiToken, User
    from coordinator.auth.tokens import create_token, revoke_token

    with app.app_context():
        admin = db.session.scalar(select(User).where(User.username == "admin"))
        # Earlier runs' tokens are revoked first: an account may hold only so many live tokens.
        for token_id in db.session.scalars(select(ApiToken.id).where(
                ApiToken.user_id == admin.id, ApiToken.name.like("bench %"), ApiToken.revoked_at.is_(None))).all():
            revoke_token(admin, token_id)
        _token, secret = create_token(admin, f"bench {time.time():.0f}", "read")
        db.session.commit()
        return secret


def rows_on(html: str, api: bool) -> int:
    if api:
        return 25
    return max(len(re.findall(r"<tr[\s>]", html)) + len(re.findall(r"<li[\s>]", html)) // 2, 1)


def timed(client, url, headers=None) -> tuple[float, object]:
    started = time.perf_counter()
    response = client.get(url, headers=headers)
    return (time.perf_counter() - started) * 1000, response


def in_process(app, bare_app, pages: list[Page], token: str) -> None:
    """Each page, then its bare counterpart, alternately, RUNS times (after a warm-up)."""
    client, bare_client, anonymous = app.test_client(), bare_app.test_client(), app.test_client()
    response = client.post("/login", data={"username": "admin", "password": "coordinator-demo"})
    assert response.status_code == 302, "could not log in as the demo admin"
    with app.app_context():
        app_counter = QueryCounter(db.engine)
    bare_counter = QueryCounter(bare_app.extensions["bench_engine"])
    for page in pages:
        headers = {"Authorization": f"Bearer {token}"} if page.api else None
        page_client = anonymous if page.anonymous or page.api else client
        _ms, response = timed(page_client, page.url, headers)
        if response.status_code != 200:
            raise SystemExit(f"{page.url}: HTTP {response.status_code}")
        page.rows = page.rows or rows_on(response.get_data(as_text=True), page.api)
        bare_url = page.yardstick()
        timed(bare_client, bare_url)
        for _ in range(RUNS):
            before = app_counter.count
            ms, _r = timed(page_client, page.url, headers)
            page.queries = app_counter.count - before
            page.app_times.append(ms)
            before = bare_counter.count
            ms, _r = timed(bare_client, bare_url)
            page.bare_queries = bare_counter.count - before
            page.bare_times.append(ms)
        print(f"  {page.name:<46} {median(page.app_times):7.1f} ms  bare {median(page.bare_times):6.1f} ms  "
              f"{page.queries} queries  {ratio(page.app_times, page.bare_times):.1f}×", flush=True)


def median(values) -> float:
    return statistics.median(values) if values else float("nan")


def quartile(values) -> float:
    """The lower quartile: on a machine other work shares, a run is only ever made slower, never faster, so the
    faster runs of each side are the steadier measure of what the code itself costs."""
    return sorted(values)[len(values) // 4] if values else float("nan")


def ratio(app_times, bare_times) -> float:
    """The page's cost as a multiple of its yardstick's, from the lower quartile of each (runs alternate)."""
    return quartile(app_times) / max(quartile(bare_times), 1e-6)


def pdfs(app) -> dict:
    """Time (median of 3) and peak traced memory to build a meeting report PDF and a certificate PDF."""
    from coordinator.certificates.models import Certificate
    from coordinator.meetings.models import ActionItem, Meeting
    from coordinator.reports.certificate_pdf import render_certificate

    try:
        from coordinator.meetings.report.pdf import build_meeting_report
    except ImportError:
        build_meeting_report = None
    results = {}
    with app.test_request_context("/", base_url="http://127.0.0.1"):
        meeting = db.session.scalar(select(Meeting).join(ActionItem).where(Meeting.status == "closed")
                                    .order_by(Meeting.starts_at.desc()).limit(1))
        certificate = db.session.scalar(select(Certificate).order_by(Certificate.id.desc()).limit(1))
        jobs = {"Certificate PDF": lambda: render_certificate(certificate)}
        if build_meeting_report is not None and meeting is not None:
            jobs["Meeting report PDF"] = lambda: build_meeting_report(meeting)
        for name, job in jobs.items():
            job()  # fonts and modules loaded once, as in a running worker
            times = []
            for _ in range(3):
                started = time.perf_counter()
                size = len(job())
                times.append(time.perf_counter() - started)
            tracemalloc.start()
            job()
            _current, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            results[name] = (statistics.median(times), peak / 2**20, size / 1024)
    return results


def main() -> int:
    # One security log line per request (API token use, log-ins) would bury the figures in the output.
    logging.getLogger("coordinator.security").setLevel(logging.WARNING)
    app = create_app(BenchConfig)
    print(f"Database: {database_url()}", flush=True)
    counts = ensure_data(app)
    pages = pick_pages(app)
    if os.environ.get("BENCH_ONLY"):  # e.g. BENCH_ONLY=Floor,Meeting: the pages whose names hold a word
        pages = [p for p in pages if any(word in p.name for word in os.environ["BENCH_ONLY"].split(","))]
    token = api_token(app) if any(p.api for p in pages) else ""
    bare_app = bare.make_app(database_url())
    print(f"In-process, {RUNS} runs per page (app and bare page alternately):", flush=True)
    in_process(app, bare_app, pages, token)
    memory, pdf = {}, {}
    if os.environ.get("BENCH_HTTP", "1") != "0":
        print("Through gunicorn (one sync worker each, 127.0.0.1):", flush=True)
        memory = server.through_gunicorn(pages, database_url(), SECRET, token, RUNS)
        print("PDFs …", flush=True)
        pdf = pdfs(app)
    from bench.report import write

    text = write(pages, counts, pdf, memory, database_url(), RUNS, platform)
    # bench/results.md for SQLite, bench/results-postgresql.md for PostgreSQL: both can be kept side by side.
    dialect = database_url().split(":", 1)[0].split("+", 1)[0]
    results = ROOT / "bench" / ("results.md" if dialect == "sqlite" else f"results-{dialect}.md")
    if os.environ.get("BENCH_HTTP") == "0" or os.environ.get("BENCH_ONLY") or SCALE != 1:
        results = ROOT / "instance" / results.name  # a partial run does not replace the published table
    results.write_text(text, encoding="utf-8")
    print(text)
    from bench.report import missed

    failures = missed(pages, pdf, memory)
    for failure in failures:
        print(f"MISSED: {failure}", file=sys.stderr)
    # Non-zero when a page passes its target, so a regression is visible wherever `make bench` runs.
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
