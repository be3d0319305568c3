"""Mutation testing of the rule modules (`make mutate`): mutmut 3 over one module at a time, each against the
tests that cover it, then a table of scores in docs/mutation.md.

    .venv/bin/python scripts/mutate.py                 # every module in MODULES
    .venv/bin/python scripts/mutate.py digits bookings # some of them (the other rows of the table stay)
    .venv/bin/python scripts/mutate.py --record        # the table from the results as they stand

Each module runs in a process of its own (mutmut keeps its settings in module globals) in a folder of its
own, instance/mutation/<module>/ (links to the project; mutmut's mutants/ copy lands there), so a narrow test
selection never mixes with another module's results, and an interrupted run goes on where it stopped. When
the module's tests changed since its last run, the mutants that survived it are tried again (mutmut keeps
every other result: a killed mutant stays killed when tests are added, and mutants of edited functions are
tried anew). Surviving mutants named in the "Equivalent mutants" list of docs/mutation.md (with the reason)
count as killed; any other survivor is printed, to be killed by a test or argued equivalent there.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REPORT = ROOT / "docs" / "mutation.md"
DIFFS = ROOT / "instance" / "mutation"
# Each rule module with the narrowest tests that pin it (the unit tests of its rules and the rule tests of
# tests/rules); mutmut still runs, for each mutant, only the selected tests that reach the mutated function.
MODULES = {
    "bookings": ("coordinator/equipment/bookings.py",
                 ["tests/unit/test_bookings.py", "tests/rules/test_booking_rules.py"]),
    "conflicts": ("coordinator/exchanges/conflicts.py",
                  ["tests/unit/test_conflicts.py", "tests/rules/test_conflict_rules.py"]),
    "courses": ("coordinator/courses/services.py",
                ["tests/unit/test_course_workflow.py", "tests/functional/test_course_time.py",
                 "tests/rules/test_course_rules.py", "tests/rules/test_override_rules.py",
                 "tests/rules/test_approval_rules.py", "tests/rules/test_course_hosting_rules.py"]),
    "enrolment": ("coordinator/courses/enrolment.py",
                  ["tests/unit/test_enrolment_rules.py", "tests/rules/test_enrolment_rules_together.py",
                   "tests/rules/test_enrolment_quota_rules.py"]),
    "calendars": ("coordinator/l10n/calendars.py",
                  ["tests/unit/test_l10n_calendars.py", "tests/rules/test_calendar_rules.py"]),
    "digits": ("coordinator/l10n/digits.py",
               ["tests/unit/test_l10n_digits.py", "tests/rules/test_digit_rules.py"]),
    # The rule modules of the second round: who hears of an event, the course's clock, a trip's papers, and
    # the plan's pro-rating.
    "recipients": ("coordinator/notifications/events.py",
                   ["tests/functional/test_notifications.py", "tests/functional/test_notification_delivery.py",
                    "tests/rules/test_recipient_rules.py"]),
    "clock": ("coordinator/courses/clock.py",
              ["tests/functional/test_course_time.py", "tests/rules/test_clock_rules.py"]),
    "visas": ("coordinator/exchanges/visas.py",
              ["tests/unit/test_trip_visas.py", "tests/functional/test_trip_visa_pages.py",
               "tests/functional/test_trip_notifications.py", "tests/rules/test_visa_rules.py"]),
    "years": ("coordinator/plan/years.py",
              ["tests/unit/test_plan.py", "tests/rules/test_plan_rules.py"]),
}
START, END = "<!-- scores:start -->", "<!-- scores:end -->"
HEADER = ("| module | file | mutants | killed | timeout | equivalent (listed) | survived | no tests | score |\n"
          "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")


def equivalent_names() -> set[str]:
    """Mutant names listed (in backticks, first thing on a list line) under "Equivalent mutants"."""
    if not REPORT.exists():
        return set()
    text = REPORT.read_text(encoding="utf-8").split("## Equivalent mutants", 1)
    return set(re.findall(r"^\s*[-*] `([^`]+)`", text[1], re.M)) if len(text) == 2 else set()


# What mutmut needs in its working folder: the package it mutates, the tests, what the app reads at start.
LINKED = ("coordinator", "tests", "templates", "static", "translations", "setup.cfg", "pyproject.toml")


def slug(name: str) -> str:
    return name.replace(" ", "-")


def workdir(name: str) -> Path:
    """instance/mutation/<module>/: links to the project, and mutmut's mutants/ copy of it."""
    folder = DIFFS / slug(name)
    folder.mkdir(parents=True, exist_ok=True)
    for entry in LINKED:
        link = folder / entry
        if not link.is_symlink():
            link.symlink_to(ROOT / entry)
    return folder


def tests_fingerprint(tests: list[str]) -> str:
    digest = hashlib.sha256()
    for test in sorted(tests):
        digest.update(test.encode() + (ROOT / test).read_bytes())
    return digest.hexdigest()


def run_one(name: str, recheck: bool) -> None:
    """In a child process: mutate one module against its tests; each mutant's status goes to a JSON file.

    recheck: try again the mutants that survived the last run (its tests have changed since)."""
    import mutmut.configuration as configuration
    from mutmut import __main__ as mutmut_main
    from mutmut.stats import status_by_exit_code

    path, tests = MODULES[name]
    # A rule test file not written yet is left out rather than failing the whole run.
    tests = [t for t in tests if (ROOT / t).exists()]
    fingerprint = tests_fingerprint(tests)  # of the tests as mutmut copies them now, not as they end up
    folder = workdir(name)
    os.chdir(folder)
    meta_path = folder / "mutants" / (path + ".meta")
    names = ()
    if recheck and meta_path.exists():
        codes = json.loads(meta_path.read_text())["exit_code_by_key"]
        names = tuple(k for k, code in codes.items() if status_by_exit_code[code] in ("survived", "suspicious"))
        if not names:
            recheck = False
    # The rest of the settings (the folders copied beside the package, pytest's options) are setup.cfg's.
    base = configuration._load_config()
    configuration._config = replace(
        base, only_mutate=[path], source_paths=[Path("coordinator")], pytest_add_cli_args_test_selection=tests)
    try:
        # One child process by default: the machine is shared (see the README, "Mutation testing").
        children = int(os.environ.get("MUTATE_CHILDREN", "1"))
        mutmut_main._run((), max_children=children)
        if recheck:
            print(f"Trying again the {len(names)} mutants that survived the tests as they were", flush=True)
            mutmut_main._run(names, max_children=children)
    except SystemExit as stop:
        if stop.code not in (0, None):
            raise
    meta = json.loads(meta_path.read_text())
    statuses = {key: status_by_exit_code[code] for key, code in meta["exit_code_by_key"].items()}
    # The diffs of the mutants no test killed, to read without re-running (instance/ is not in git).
    from mutmut.mutation.diff_apply import get_diff_for_mutant

    with open(DIFFS / f"{slug(name)}.diff", "w", encoding="utf-8") as out:
        for key, status in sorted(statuses.items()):
            if status not in ("killed", "timeout", "caught by type check"):
                out.write(f"# {key}: {status}\n{get_diff_for_mutant(key, path=path)}\n\n")
    (DIFFS / f"{slug(name)}.json").write_text(json.dumps(statuses), encoding="utf-8")
    (folder / "tests.sha256").write_text(fingerprint, encoding="utf-8")


def counts(statuses: dict[str, str], equivalent: set[str]) -> dict:
    survived = [k for k, s in statuses.items() if s in ("survived", "suspicious")]
    listed = [k for k in survived if k in equivalent]
    row = {
        "not checked": sum(s == "not checked" for s in statuses.values()),
        "mutants": len(statuses),
        "killed": sum(s in ("killed", "caught by type check") for s in statuses.values()),
        "timeout": sum(s in ("timeout", "segfault") for s in statuses.values()),
        "equivalent": len(listed),
        "survived": sorted(set(survived) - set(listed)),
        "no tests": sorted(k for k, s in statuses.items() if s == "no tests"),
    }
    detected = row["killed"] + row["timeout"] + row["equivalent"]
    row["score"] = 100.0 * detected / row["mutants"] if row["mutants"] else 100.0
    return row


def table_line(name: str, row: dict) -> str:
    path = MODULES[name][0]
    partial = f" ({row['not checked']} not yet run)" if row["not checked"] else ""
    return (f"| {name} | `{path}` | {row['mutants']}{partial} | {row['killed']} | {row['timeout']} "
            f"| {row['equivalent']} | {len(row['survived'])} | {len(row['no tests'])} | {row['score']:.0f}% |")


def write_table(lines: dict[str, str]) -> None:
    """Replace the rows of the modules just measured; keep the others as they were."""
    text = REPORT.read_text(encoding="utf-8") if REPORT.exists() else f"# Mutation testing\n\n{START}\n{END}\n"
    head, rest = text.split(START, 1)
    old, tail = rest.split(END, 1)
    kept = {}
    for line in old.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) > 1 and cells[0] in MODULES:
            kept[cells[0]] = line
    kept.update(lines)
    body = "\n".join(kept[name] for name in MODULES if name in kept)
    REPORT.write_text(f"{head}{START}\n{HEADER}\n{body}\n{END}{tail}", encoding="utf-8")


def record(names: list[str]) -> int:
    """Rewrite the rows of these modules from mutmut's results as they stand (a run stopped half-way counts
    the mutants it did not reach as not killed), without running anything."""
    from mutmut.stats import status_by_exit_code

    equivalent, lines = equivalent_names(), {}
    for name in names or list(MODULES):
        meta = DIFFS / slug(name) / "mutants" / (MODULES[name][0] + ".meta")
        if meta.exists():
            codes = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
            row = counts({k: status_by_exit_code[c] for k, c in codes.items()}, equivalent)
            lines[name] = table_line(name, row)
            print(lines[name])
    write_table(lines)
    return 0


def main(names: list[str]) -> int:
    unknown = [n for n in names if n not in MODULES and n != "--record"]
    if unknown:
        print(f"Unknown module(s): {', '.join(unknown)}; choose from: {', '.join(MODULES)}", file=sys.stderr)
        return 2
    if "--record" in names:
        return record([n for n in names if n != "--record"])
    equivalent = equivalent_names()
    os.nice(19)  # the lowest priority, passed on to mutmut's processes: the machine is shared
    lines, low = {}, []
    for name in names or list(MODULES):
        print(f"== {name}: {MODULES[name][0]}", flush=True)
        result = DIFFS / f"{slug(name)}.json"
        result.unlink(missing_ok=True)
        tests = [t for t in MODULES[name][1] if (ROOT / t).exists()]
        stamp = DIFFS / slug(name) / "tests.sha256"
        recheck = stamp.exists() and stamp.read_text(encoding="utf-8") != tests_fingerprint(tests)
        # Our own interpreter and script, a module name checked against MODULES above; mutmut's progress shows.
        command = [sys.executable, __file__, "--one", name] + (["--recheck"] if recheck else [])
        done = subprocess.run(command, cwd=ROOT)  # noqa: S603
        if done.returncode != 0 or not result.exists():
            print(f"mutmut failed on {name}", file=sys.stderr)
            return 1
        row = counts(json.loads(result.read_text(encoding="utf-8")), equivalent)
        lines[name] = table_line(name, row)
        print(lines[name])
        for key in row["survived"]:
            print(f"   survived: {key}")
        for key in row["no tests"]:
            print(f"   no tests: {key}")
        if row["score"] < 90:
            low.append(name)
        write_table(lines)
    print(f"Scores written to {REPORT.relative_to(ROOT)}; the diffs of the mutants left are in "
          f"{DIFFS.relative_to(ROOT)}/<module>.diff; `rm -r {DIFFS.relative_to(ROOT)}` starts afresh.")
    if low:
        print(f"Below 90%: {', '.join(low)}")
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--one"]:
        run_one(sys.argv[2], recheck="--recheck" in sys.argv[3:])
    else:
        sys.exit(main(sys.argv[1:]))
