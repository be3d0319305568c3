"""The benchmark's markdown table, with each figure held against the targets of issue 8."""

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


def write(pages, counts, pdf, memory, url, runs, platform) -> str:
    lines = [
        "# Benchmark results",
        "",
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC · {platform.python_implementation()} {platform.python_version()} · "
        f"{os.cpu_count()} CPU · database `{url.split('://', 1)[0]}` · {runs} runs per page",
        "",
        "Data: " + ", ".join(f"{table} {n:,}" for table, n in counts.items()),
        "",
        "Times in milliseconds (median / p95). *Bare*: a Flask + SQLAlchemy page rendering the same number of rows,",
        "timed alternately with the app page in the same process (and through a second gunicorn server).",
        "",
        "| Page | Rows | SQL queries | In-process | Bare | Ratio | gunicorn | Bare (gunicorn) | Ratio | ≤ 3× |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|:---:|",
    ]
    for p in pages:
        ratio = _median(p.app_times) / max(_median(p.bare_times), 1e-6)
        http_ratio = _median(p.http_app) / max(_median(p.http_bare), 1e-6)
        target = ratio <= RATIO_TARGET and http_ratio <= RATIO_TARGET
        if p.name == "Dashboard":  # its own target: an aggregate page, not rows
            target = _median(p.app_times) < DASHBOARD_MS
        lines.append(
            f"| {p.name} | {p.rows} | {p.queries} (bare {p.bare_queries}) | {_median(p.app_times):.1f} / "
            f"{_p95(p.app_times):.1f} | {_median(p.bare_times):.1f} | {ratio:.1f}× | {_median(p.http_app):.1f} / "
            f"{_p95(p.http_app):.1f} | {_median(p.http_bare):.1f} | {http_ratio:.1f}× | {_mark(target)} |")
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
