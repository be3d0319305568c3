"""The benchmark's markdown table, with each figure held against the targets of issues 8 and 19; `missed()` lists
the targets a run did not meet (`make bench` then exits non-zero)."""

from __future__ import annotations

import os
import statistics
from datetime import UTC, datetime

RATIO_TARGET = 3.0
DASHBOARD_MS = 150
PDF_SECONDS = 2.0
WORKER_MB = 250


def _median(values) -> float:
    return statistics.median(values) if values else float("nan")


def _p95(values) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _mark(ok: bool) -> str:
    return "✓" if ok else "✗"


def _quartile(values) -> float:
    return sorted(values)[len(values) // 4] if values else float("nan")


def _ratio(app_times, bare_times) -> float:
    """Lower quartile over lower quartile (see run.quartile): the figure the targets are held against."""
    return _quartile(app_times) / max(_quartile(bare_times), 1e-6)


def page_ok(p) -> bool:
    if p.target is None:  # the dashboard: an aggregate page, not rows; its own target
        return _median(p.app_times) < DASHBOARD_MS
    ok = _ratio(p.app_times, p.bare_times) <= p.target
    if p.http_app:
        ok = ok and _ratio(p.http_app, p.http_bare) <= p.target
    return ok


def missed(pages, pdf, memory) -> list[str]:
    failures = [f"{p.name}: {_ratio(p.app_times, p.bare_times):.1f}× in-process"
                + (f", {_ratio(p.http_app, p.http_bare):.1f}× through gunicorn" if p.http_app else "")
                + (f" (target {p.target:g}×)" if p.target else f" ({_median(p.app_times):.0f} ms, target "
                   f"{DASHBOARD_MS} ms)") for p in pages if not page_ok(p)]
    for name, (seconds, _peak, _size) in pdf.items():
        if name.startswith("Meeting") and seconds >= PDF_SECONDS:
            failures.append(f"{name}: {seconds:.2f} s (target {PDF_SECONDS} s)")
    if memory and not (memory["end"] < WORKER_MB and memory["end"] - memory["half"] < 5):
        failures.append(f"worker memory {memory['end']:.0f} MB (target under {WORKER_MB} MB, flat)")
    return failures


def write(pages, counts, pdf, memory, url, runs, platform) -> str:
    lines = [
        "# Benchmark results",
        "",
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC · {platform.python_implementation()} {platform.python_version()} · "
        f"{os.cpu_count()} CPU · database `{url.split('://', 1)[0]}` · {runs} runs per page",
        "",
        "Data: " + ", ".join(f"{table} {n:,}" for table, n in counts.items()),
        "",
        "Times in milliseconds (median / p95). *Bare*: for the floor pages a bare Flask \"hello\" response, for the",
        "others a Flask + SQLAlchemy + Babel page rendering the same number of rows with one join and its dates",
        "localised (bench/bare.py, the yardstick issue 19 names), timed alternately with the app page in the same",
        "process (and through a second gunicorn server). *Ratio*: the lower quartile of the page's runs",
        "over the lower quartile of the bare page's (a busy machine only ever slows a run down); the median ratio",
        "follows in brackets. Targets (issue 19): anonymous floor 2×, signed-in floor 3×, every main page 3×.",
        "",
        "| Page | Rows | SQL queries | In-process | Bare | Ratio | gunicorn | Bare (gunicorn) | Ratio | Target | Met |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|:---:|",
    ]
    for p in pages:
        ratio = _ratio(p.app_times, p.bare_times)
        median_ratio = _median(p.app_times) / max(_median(p.bare_times), 1e-6)
        http = (f"{_median(p.http_app):.1f} / {_p95(p.http_app):.1f} | {_median(p.http_bare):.1f} | "
                f"{_ratio(p.http_app, p.http_bare):.1f}×") if p.http_app else "– | – | –"
        target = f"{p.target:g}×" if p.target else f"< {DASHBOARD_MS} ms"
        lines.append(
            f"| {p.name} | {p.rows} | {p.queries} (bare {p.bare_queries}) | {_median(p.app_times):.1f} / "
            f"{_p95(p.app_times):.1f} | {_median(p.bare_times):.2f} | {ratio:.1f}× ({median_ratio:.1f}×) | {http} | "
            f"{target} | {_mark(page_ok(p))} |")
    lines += ["", "The dashboard's target is its own: median under 150 ms at this size (✓ above means met).", "",
              "| PDF | Time (median of 3) | Peak traced memory | Size | < 2 s |", "|---|---:|---:|---:|:---:|"]
    for name, (seconds, peak_mb, size_kb) in pdf.items():
        ok = seconds < PDF_SECONDS if name.startswith("Meeting") else True
        lines.append(f"| {name} | {seconds:.2f} s | {peak_mb:.1f} MB | {size_kb:.0f} KB | {_mark(ok)} |")
    if memory:
        growth = memory["end"] - memory["half"]
        ok = memory["end"] < WORKER_MB and growth < 5
        lines += ["", "| gunicorn worker RSS | After warm-up | After 500 requests | After 1,000 requests | Growth, "
                  "last 500 | < 250 MB, flat |", "|---|---:|---:|---:|---:|:---:|",
                  f"| one sync worker, every page in turn | {memory['start']:.0f} MB | {memory['half']:.0f} MB | "
                  f"{memory['end']:.0f} MB | {growth:+.1f} MB | {_mark(ok)} |"]
    return "\n".join(lines) + "\n"
