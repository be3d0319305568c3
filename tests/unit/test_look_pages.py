"""Rules behind the pages people read first: the timetable said in one line, the other side's calendar, which
language a free text is written in, and the language pass's corrections applied to a catalog."""

from __future__ import annotations

import json
from datetime import date, time, timedelta
from pathlib import Path
from types import SimpleNamespace

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from coordinator.courses.timetable_summary import summarise
from coordinator.l10n.calendars import format_other_calendar
from coordinator.l10n.script import written_in
from scripts.apply_catalog_corrections import CORRECTIONS, apply


def _session(day: date, start=time(8, 0), end=time(12, 0)):
    return SimpleNamespace(day=day, start_time=start, end_time=end)


def test_a_weekly_timetable_is_its_days_times_and_count_with_the_odd_session_apart():
    saturday = date(2026, 11, 21)
    sessions = [_session(saturday + timedelta(days=week * 7 + d)) for week in range(4) for d in range(5)]
    sessions.append(_session(date(2026, 12, 20), time(14, 0), time(16, 0)))
    summary = summarise(sessions)
    assert summary.total == 21
    assert summary.pattern.weekdays == [5, 6, 0, 1, 2]  # Saturday first, as the week runs in Iran and Iraq
    assert summary.pattern.day_run == (5, 2)  # "Saturday to Wednesday"
    assert (summary.pattern.start, summary.pattern.end) == (time(8, 0), time(12, 0))
    assert [s.day for s in summary.exceptions] == [date(2026, 12, 20)]


def test_days_that_do_not_follow_each_other_are_listed_not_run_together():
    saturday = date(2026, 11, 21)
    summary = summarise([_session(saturday), _session(saturday + timedelta(days=2)),
                         _session(saturday + timedelta(days=4))])
    assert summary.pattern.weekdays == [5, 0, 2] and summary.pattern.day_run is None
    assert summarise([]).pattern is None


def test_the_other_sides_calendar_in_the_readers_language():
    assert format_other_calendar(date(2026, 11, 26), "fa") == "۲۶ نوامبر ۲۰۲۶"
    assert format_other_calendar(date(2026, 11, 26), "ar") == "٥ آذر ١٤٠٥"
    assert format_other_calendar(date(2026, 11, 26), "en") == ""
    assert format_other_calendar(None, "fa") == ""


def test_free_text_is_known_by_its_letters():
    assert written_in("اهواز، اداره کل آموزش فنی و حرفه‌ای خوزستان") == "fa"
    assert written_in("قاعة الاجتماعات في مديرية التدريب المهني") == "ar"
    assert written_in("هزینه دوره را برنامه می‌پردازد. / تتحمل تكاليف الدورة") is None  # both: no mark
    assert written_in("Room 12") is None and written_in("") is None


def test_corrections_change_the_named_entries_only_and_say_what_they_could_not_find(tmp_path: Path):
    folder = tmp_path / "ar" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    catalog = Catalog(locale="ar")
    catalog.add("assignment", "إيفاد")
    catalog.add("Trainer", "المدرّب")
    catalog.add(("%(num)s day", "%(num)s days"), ("a", "b", "c", "d", "e", "f"))
    with (folder / "messages.po").open("wb") as handle:
        write_po(handle, catalog)
    corrections = {"assignment": "تكليف", "Gone": "x", "%(num)s day": ["%(num)s يوم"] * 6}
    assert apply("ar", corrections, tmp_path) == (2, ["Gone"])
    assert apply("ar", corrections, tmp_path) == (0, ["Gone"])  # twice: nothing more
    with (folder / "messages.po").open("rb") as handle:
        written = read_po(handle, locale="ar")
    assert written.get("assignment").string == "تكليف" and written.get("Trainer").string == "المدرّب"
    assert written.get("%(num)s day").string == ("%(num)s يوم",) * 6


def test_every_correction_names_an_entry_of_the_catalogs():
    corrections = json.loads(CORRECTIONS.read_text(encoding="utf-8"))
    for lang, entries in corrections.items():
        with (CORRECTIONS.parent.parent / "translations" / lang / "LC_MESSAGES" / "messages.po").open("rb") as handle:
            catalog = read_po(handle, locale=lang)
        assert [msgid for msgid in entries if catalog.get(msgid) is None] == []
        assert all("إيفاد" not in str(new) for new in entries.values())


def test_the_trail_words_an_enrolments_status(app):
    from flask_babel import force_locale

    from coordinator.main.audit_words import value_text

    with app.test_request_context(), force_locale("ar"):
        shown = str(value_text("enrolments", "status", "enrolled"))
    assert "enrolled" not in shown and shown.strip()


def test_a_records_label_shows_its_digits_in_the_readers_digits_but_leaves_a_code_as_it_is(app):
    """A label is kept as written (a centre's Persian name, "مرکز ۲ اهواز"): on an Arabic page its digits are
    Arabic-Indic, on a Persian page Persian; a course code's Latin digits stay Latin on both."""
    from flask_babel import force_locale

    from coordinator.main.audit_words import record_label

    with app.test_request_context():
        with force_locale("ar"):
            assert record_label("مرکز ۲ اهواز") == "مرکز ٢ اهواز"
            assert record_label("JC-2027-0004 ۱۲") == "JC-2027-0004 ١٢"
            assert record_label("12") == "١٢"
        with force_locale("fa"):
            assert record_label("مركز ٣ العمارة") == "مركز ۳ العمارة"
            assert record_label("JC-2027-0004") == "JC-2027-0004"
        with force_locale("en"):
            assert record_label("مرکز ۲") == "مرکز 2"
        assert record_label(None) == ""
