"""`make bench-scale`: scaling out without a code change. Two app processes (gunicorn, sync workers) share one
PostgreSQL database; locust's signed-in users alternate between them, as a round-robin proxy would send them,
and read the main pages at random. Run at 1, 2 and 4 workers per process; prints requests per second, median
and p99, and the failures (any non-2xx/3xx answer), and writes the table to bench/scale-out.md.

Environment: SCALE_DATABASE_URL (default: the PostgreSQL database coordinator_scale on 127.0.0.1, created and
filled with the large data set on first use, a few minutes), SCALE_WORKERS ("1 2 4"), SCALE_USERS (16),
SCALE_SECONDS (30 per setting), BENCH_SCALE (as for `make bench`; below 1 the table goes to instance/).
Everything listens on 127.0.0.1 only; each locust run is bounded by its run time. Exits 1 on any failure.
"""

from __future__ import annotations

import csv
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/coordinator_scale"
URL = os.environ.get("SCALE_DATABASE_URL") or DEFAULT_URL
os.environ["BENCH_DATABASE_URL"] = URL  # bench.run builds and reads this database
sys.path.insert(0, str(ROOT))

from bench import run, server  # noqa: E402

LOCUST_VENV = ROOT / ".venv-scan"  # the scanners' venv of scripts/security_scan.sh: never the app's
LOCUST = LOCUST_VENV / "bin" / "locust"
WORKERS = [int(w) for w in os.environ.get("SCALE_WORKERS", "1 2 4").split()]
USERS = int(os.environ.get("SCALE_USERS", "16"))
SECONDS = int(os.environ.get("SCALE_SECONDS", "30"))
PROCESSES = 2


def create_database(url: str) -> None:
    """The PostgreSQL database named in the URL, created if missing (trust auth on the loopback)."""
    if not url.startswith("postgresql"):
        return
    import psycopg

    plain = url.replace("postgresql+psycopg://", "postgresql://")
    base, name = plain.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        if connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone() is None:
            connection.execute(f'CREATE DATABASE "{name}"')


def ensure_locust() -> None:
    if not LOCUST.exists():
        subprocess.run([sys.executable, "-m", "venv", str(LOCUST_VENV)], check=True)  # noqa: S603
        subprocess.run([str(LOCUST_VENV / "bin" / "pip"), "install", "--quiet", "locust==2.47.0"],  # noqa: S603
                       check=True)


def start_app(workers: int, env: dict) -> tuple[subprocess.Popen, int]:
    port = server.free_port()
    process = subprocess.Popen(  # noqa: S603 — our own gunicorn, fixed arguments
        [server.GUNICORN, "--workers", str(workers), "--bind", f"127.0.0.1:{port}", "--log-level", "warning",
         "coordinator:create_app()"], cwd=ROOT, env={**os.environ, **env},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(300):
        try:
            server.get(port, "/login")
            return process, port
        except OSError:
            time.sleep(0.1)
    process.terminate()
    raise RuntimeError(f"gunicorn with {workers} workers did not start")


def load(ports: list[int], pages: list[str], token: str, folder: Path) -> dict:
    """One bounded locust run against the processes; the aggregated figures and each page's p99."""
    from coordinator.demo.people import PASSWORD

    env = {**os.environ, "SCALE_HOSTS": " ".join(f"http://127.0.0.1:{p}" for p in ports),
           "SCALE_PAGES": " ".join(pages), "SCALE_USER": "admin", "SCALE_PASSWORD": PASSWORD, "SCALE_TOKEN": token}
    prefix = folder / "load"
    subprocess.run(  # noqa: S603 — locust from the scanners' venv, fixed arguments
        [str(LOCUST), "-f", str(ROOT / "bench" / "scale_locust.py"), "--headless", "--users", str(USERS),
         "--spawn-rate", str(USERS), "--run-time", f"{SECONDS}s", "--csv", str(prefix), "--only-summary",
         "--stop-timeout", "10"], env=env, cwd=ROOT, timeout=SECONDS + 90,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    with open(f"{prefix}_stats.csv", encoding="utf-8") as stats:
        rows = list(csv.DictReader(stats))
    total = next(r for r in rows if r["Name"] == "Aggregated")
    return {
        "requests": int(total["Request Count"]), "failures": int(total["Failure Count"]),
        "rps": float(total["Requests/s"]), "median": float(total["50%"]), "p99": float(total["99%"]),
        "pages": {r["Name"]: float(r["99%"]) for r in rows if r["Name"].startswith("/")},
    }


def table(results: dict, pages: list[str], counts: dict) -> str:
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        "# Scaling out: two app processes, one PostgreSQL", "",
        f"{when} · CPython {platform.python_version()} · {os.cpu_count()} CPU · `make bench-scale` · "
        f"{USERS} signed-in locust users, no think time, {SECONDS} s per setting, all on one machine "
        "(the load generator, both app processes and PostgreSQL share its CPUs)", "",
        "Data: " + ", ".join(f"{k} {v:,}" for k, v in counts.items()), "",
        f"Pages, each user picking one at random each time: {', '.join(f'`{p}`' for p in pages)}", "",
        "| Workers per process | Workers in all | Requests | Requests/s | Median (ms) | p99 (ms) | Failures |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for workers, r in results.items():
        lines.append(f"| {workers} | {workers * PROCESSES} | {r['requests']:,} | {r['rps']:.1f} | {r['median']:.0f} "
                     f"| {r['p99']:.0f} | {r['failures']} |")
    lines += ["", "p99 per page (ms):", "", "| Page | " + " | ".join(f"{w}×{PROCESSES}" for w in results) + " |",
              "|---|" + "---:|" * len(results)]
    for page in pages:
        lines.append(f"| `{page}` | " + " | ".join(f"{r['pages'].get(page, 0):.0f}" for r in results.values()) + " |")
    return "\n".join(lines) + "\n"


def main() -> int:
    create_database(URL)
    ensure_locust()
    app = run.create_app(run.BenchConfig)
    counts = run.ensure_data(app)
    pages = [p.url for p in run.pick_pages(app) if not p.name.startswith("Floor")]
    token = run.api_token(app)
    env = {"DATABASE_URL": URL, "SECRET_KEY": run.SECRET, "COORDINATOR_ENV": "development",
           "PYTHONPATH": str(ROOT)}
    results = {}
    with tempfile.TemporaryDirectory() as scratch:
        for workers in WORKERS:
            started = [start_app(workers, env) for _ in range(PROCESSES)]
            try:
                results[workers] = load([port for _p, port in started], pages, token, Path(scratch))
            finally:
                for process, _port in started:
                    process.terminate()
                    process.wait(20)
            r = results[workers]
            print(f"{workers} worker(s) × {PROCESSES}: {r['rps']:.1f} req/s, median {r['median']:.0f} ms, "
                  f"p99 {r['p99']:.0f} ms, {r['failures']} failures of {r['requests']}", flush=True)
    text = table(results, pages, counts)
    target = ROOT / ("bench/scale-out.md" if run.SCALE == 1 else "instance/scale-out.md")
    target.parent.mkdir(exist_ok=True)
    target.write_text(text, encoding="utf-8")
    print(text)
    return 1 if any(r["failures"] for r in results.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
