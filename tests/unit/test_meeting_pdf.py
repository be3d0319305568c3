"""The meeting report PDF: what a manager reads in it (text via pdftotext), its pages, its direction, its charts."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import unicodedata
from datetime import UTC, date, datetime

import pytest
from flask_babel import force_locale

from coordinator.extensions import db
from coordinator.l10n.calendars import format_date
from coordinator.meetings.models import AgendaItem, Decision, Meeting, MeetingAttendee
from coordinator.meetings.report.pdf import build_meeting_report
from coordinator.progress.meetings import progress_for_meeting
from coordinator.progress.model import Breakdown, BreakdownRow, Figure, Names, Period, ProgressReport, Section
from coordinator.reports import charts
from tests import factories

STARTS = datetime(2026, 11, 26, 6, 30, tzinfo=UTC)  # 10:00 in Tehran, 09:30 in Baghdad
DECISION_FA = "دوره دوم جوشکاری در دی‌ماه در مرکز العماره برگزار شود."
DECISION_AR = "تُعقد الدورة الثانية للحام في مركز العمارة في كانون الثاني."
GUEST = "حسن الساعدي"
GUEST_ORG = "جامعة ميسان"
ACTION_FA = "تهیه متن عربی استاندارد جوشکاری"
MINUTES_FA = "دوره مشترک جوشکاری با دوازده کارآموز در مرکز اهواز برگزار شد و گزارش آن ارائه گردید."
MINUTES_AR = "عُقدت الدورة المشتركة للحام في مركز الأهواز بمشاركة اثني عشر متدرّبًا وقُدّم تقريرها."


def poppler(tool: str, *args: str) -> subprocess.CompletedProcess:
    """Run a poppler-utils tool; skipped where it is missing, except in CI, which installs it."""
    path = shutil.which(tool)
    if path is None:
        message = f"{tool} (poppler-utils) is not installed"
        if os.environ.get("CI") == "true":
            pytest.fail(message + "; .ci/run installs it")
        pytest.skip(message)
    return subprocess.run([path, *args], capture_output=True, timeout=60)  # noqa: S603 (our own temp files)


_INVISIBLE = re.compile(r"[\s\u200b-\u200f\u202a-\u202e\u2066-\u2069\u061c]+")


def comparable(text: str) -> str:
    """NFKC (presentation forms back to letters) without spaces and bidi marks."""
    return _INVISIBLE.sub("", unicodedata.normalize("NFKC", text))


def pdf_text(pdf: bytes, tmp_path, *args: str) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    result = poppler("pdftotext", *(args or ("-layout",)), str(path), "-")
    assert result.returncode == 0, result.stderr
    return result.stdout.decode("utf-8")


def page_count(pdf: bytes) -> int:
    return len(re.findall(rb"/Type /Page\b(?!s)", pdf))


PAGE_OF = {"fa": ("صفحه", "از", "۰۱۲۳۴۵۶۷۸۹"), "ar": ("الصفحة", "من", "٠١٢٣٤٥٦٧٨٩")}


def assert_page_numbers(pdf: bytes, text: str, lang: str) -> None:
    """"page X of Y" on every page, in the language's words and digits. (pdftotext sometimes hands a lone
    right-to-left line back in visual order, so either order of the three runs is accepted.)"""
    word, of, digits = PAGE_OF[lang]
    pages = page_count(pdf)
    shown = str(pages).translate(str.maketrans("0123456789", digits))
    for page in range(1, pages + 1):
        number = str(page).translate(str.maketrans("0123456789", digits))
        assert f"{word}{number}{of}{shown}" in text or f"{shown}{of}{number}{word}" in text, (page, pages)


def make_report_meeting(sides, users, *, repeat: int = 1, status: str = "closed") -> int:
    """A closed meeting hosted by Khuzestan: two managers, an absent liaison, a guest, one agenda item with a
    decision, and two action items (one overdue)."""
    meeting_id = factories.make_meeting(sides["KHZ"].id, status=status, starts_at=STARTS)
    meeting = db.session.get(Meeting, meeting_id)
    meeting.attendees += [
        MeetingAttendee(user_id=users["manager_khz"].id, side_id=sides["KHZ"].id),
        MeetingAttendee(user_id=users["manager_msn"].id, side_id=sides["MSN"].id),
        MeetingAttendee(user_id=users["liaison_msn"].id, side_id=sides["MSN"].id, present=False),
        MeetingAttendee(guest_name=GUEST, organisation=GUEST_ORG, job_title="مستشار", side_id=sides["MSN"].id),
    ]
    item = AgendaItem(position=1, name_fa="گزارش دوره‌های مشترک", name_ar="تقرير الدورات المشتركة",
                      minutes_fa="\n".join([MINUTES_FA] * repeat), minutes_ar="\n".join([MINUTES_AR] * repeat))
    item.decisions.append(Decision(text_fa=DECISION_FA, text_ar=DECISION_AR))
    meeting.agenda.append(item)
    db.session.commit()
    factories.make_action_item(meeting_id, users["liaison_khz"].id, sides["KHZ"].id, due_on=date(2026, 11, 10))
    factories.make_action_item(meeting_id, users["liaison_msn"].id, sides["MSN"].id, due_on=date(2027, 1, 10),
                               name_fa=ACTION_FA, name_ar="إعداد النص العربي لمعيار اللحام")
    return meeting_id


def render(meeting_id: int, lang: str, **kwargs) -> bytes:
    kwargs.setdefault("today", date(2026, 11, 26))
    return build_meeting_report(db.session.get(Meeting, meeting_id), lang, **kwargs)


@pytest.fixture
def meeting_id(app_ctx, sides, users):
    return make_report_meeting(sides, users)


def test_persian_report_holds_the_records_both_calendars_and_persian_page_numbers(meeting_id, tmp_path):
    pdf = render(meeting_id, "fa")
    text = comparable(pdf_text(pdf, tmp_path))
    for expected in (DECISION_FA, GUEST, GUEST_ORG, ACTION_FA, MINUTES_FA, "جلسه مدیران خوزستان و میسان",
                     "اداره کل آموزش فنی و حرفه‌ای استان خوزستان",
                     "پنجشنبه", "آذر ۱۴۰۵",  # the Jalali date in Persian digits (Thursday 5 Azar 1405)
                     "تشرين الثاني ٢٠٢٦",  # the Iraqi month name in Arabic-Indic digits
                     "۱۰:۰۰", "۰۹:۳۰", "حاضر", "غایب"):
        assert comparable(expected) in text, expected
    assert DECISION_AR not in text and "Page" not in text
    assert_page_numbers(pdf, text, "fa")


def test_arabic_report_uses_arabic_indic_digits_and_the_arabic_texts(meeting_id, tmp_path):
    pdf = render(meeting_id, "ar")
    text = comparable(pdf_text(pdf, tmp_path))
    for expected in (DECISION_AR, MINUTES_AR, "إعداد النص العربي لمعيار اللحام", "اجتماع مديري خوزستان وميسان",
                     "تشرين الثاني ٢٠٢٦", "١٠:٠٠", "٠٩:٣٠"):
        assert comparable(expected) in text, expected
    assert "صفحه" not in text
    assert_page_numbers(pdf, text, "ar")


def test_bilingual_report_puts_persian_right_and_arabic_left(meeting_id, tmp_path):
    pdf = render(meeting_id, "bilingual")
    text = comparable(pdf_text(pdf, tmp_path))
    for expected in (DECISION_FA, DECISION_AR, GUEST):
        assert comparable(expected) in text, expected
    assert_page_numbers(pdf, text, "fa")
    assert_page_numbers(pdf, text, "ar")
    words = _words(pdf, tmp_path)
    page_width = 595
    first_fa = next(x for word, x in words if word == comparable(DECISION_FA.split()[1]))
    first_ar = next(x for word, x in words if word == comparable(DECISION_AR.split()[1]))
    assert first_fa > page_width / 2 > first_ar


def _words(pdf: bytes, tmp_path) -> list[tuple[str, float]]:
    """(word, xMin) of every word poppler finds; -bbox gives Arabic-script words in drawing order, so they
    are turned back to reading order."""
    html = pdf_text(pdf, tmp_path, "-bbox")
    words = []
    for x, word in re.findall(r'<word xMin="([0-9.]+)"[^>]*>([^<]*)</word>', html):
        word = comparable(word)
        if any(unicodedata.bidirectional(ch) == "AL" for ch in word):
            word = word[::-1]
        words.append((word, float(x)))
    return words


def test_english_report_reads_left_to_right_with_english_labels(meeting_id, tmp_path):
    pdf = render(meeting_id, "en")
    text = pdf_text(pdf, tmp_path)
    for label in ("Attendees", "Agenda and minutes", "Action items", "Progress since the last meeting",
                  "Signatures", f"Page 1 of {page_count(pdf)}", "Thursday, 26 November 2026", "Overdue"):
        assert label in text, label
    words = _words(pdf, tmp_path)
    attendees_x = next(x for word, x in words if word == "Attendees")
    assert attendees_x < 80  # at the left margin (16 mm), not the right
    # Persian minutes in the English report still read right to left: they start at the right margin.
    assert all(comparable(word.strip(".")) in comparable(text) for word in MINUTES_FA.split())
    starts = [x for word, x in words if word == comparable(MINUTES_FA.split()[0])]
    assert starts and min(starts) > 300


def test_long_minutes_flow_onto_more_pages(app_ctx, sides, users, tmp_path):
    short = page_count(render(make_report_meeting(sides, users), "bilingual"))
    long_id = make_report_meeting(sides, users, repeat=80)
    pdf = render(long_id, "bilingual")
    assert page_count(pdf) > short + 1
    text = comparable(pdf_text(pdf, tmp_path))
    assert_page_numbers(pdf, text, "fa")
    assert comparable(DECISION_FA) in text  # what came after the minutes is still there
    single = render(long_id, "ar")
    assert page_count(single) > 1 and comparable(DECISION_AR) in comparable(pdf_text(single, tmp_path))


def test_an_empty_meeting_gives_a_valid_mostly_empty_report(app_ctx, sides, tmp_path):
    meeting_id = factories.make_meeting(sides["MSN"].id, status="draft", starts_at=STARTS)
    for lang in ("fa", "ar", "en", "bilingual"):
        pdf = render(meeting_id, lang)
        assert pdf.startswith(b"%PDF") and page_count(pdf) >= 1
    text = pdf_text(render(meeting_id, "en"), tmp_path)
    assert "No agenda items were recorded." in text and "This meeting gave no action items." in text
    assert "Draft" in text  # a report of an open meeting says it is not final


def test_pages_render_to_png_with_embedded_fonts(meeting_id, tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(render(meeting_id, "bilingual", progress=_progress_with_figures()))
    result = poppler("pdftoppm", "-png", "-r", "50", str(path), str(tmp_path / "page"))
    assert result.returncode == 0 and result.stderr == b"", result.stderr
    pages = sorted(tmp_path.glob("page*.png"))
    assert pages and all(p.read_bytes().startswith(b"\x89PNG") for p in pages)
    fonts = poppler("pdffonts", str(path)).stdout.decode()
    assert "NotoSansArabic" in fonts and "Helvetica" not in fonts
    for line in fonts.splitlines()[2:]:
        assert re.search(r"\byes\s+yes\s+yes\b", line), line


def test_overdue_action_items_are_marked(meeting_id, tmp_path):
    lines = pdf_text(render(meeting_id, "en"), tmp_path).splitlines()

    def row(due: str) -> str:  # the row's first two lines: the status, then the overdue mark under it
        index = next(i for i, line in enumerate(lines) if due in line)
        return " ".join(lines[index:index + 2])

    # The item due on 10 November is overdue on 26 November; the one due in January is not.
    assert "Overdue" in row("10 November 2026")
    assert "Overdue" not in row("10 January 2027")


def _progress_with_figures() -> ProgressReport:
    khz, msn = Names("خوزستان", "خوزستان", "Khuzestan"), Names("میسان", "ميسان", "Maysan")
    trainees = Section("trainees", "Trainees", (Figure("trainees.enrolled", "Places taken", 42),), (
        Breakdown("trainees.enrolled.by_side", "By side", (BreakdownRow("trainees.enrolled.side-1", khz, 12),
                                                          BreakdownRow("trainees.enrolled.side-2", msn, 30))),
        Breakdown("trainees.certified.by_side", "By side", (BreakdownRow("trainees.certified.side-1", khz, 4),
                                                           BreakdownRow("trainees.certified.side-2", msn, 17))),
    ))
    period = Period(date(2026, 9, 1), date(2026, 11, 26))
    return ProgressReport(period, (trainees,))


def test_report_figures_match_the_progress_service(meeting_id, tmp_path):
    meeting = db.session.get(Meeting, meeting_id)
    period, report = progress_for_meeting(meeting)
    lines = [comparable(line) for line in pdf_text(render(meeting_id, "fa"), tmp_path).splitlines()]
    with force_locale("fa"):
        expected = {str(f.label): f.value for f in report.all_figures()}
    assert expected
    for label, value in expected.items():
        row = next((line for line in lines if comparable(label) in line), None)
        assert row is not None, label
        assert comparable(str(value).translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))) in row, (label, row)
    assert comparable(format_date(period.end, "fa")) in "".join(lines)


def test_charts_appear_when_there_are_figures(meeting_id, tmp_path):
    plain = render(meeting_id, "fa", progress=ProgressReport(Period(date(2026, 9, 1), date(2026, 11, 26))))
    with_charts = render(meeting_id, "fa", progress=_progress_with_figures())
    assert b"/Subtype /Image" not in plain
    assert b"/Subtype /Image" in with_charts


def test_chart_is_a_png_with_arabic_labels_as_typed(app_ctx):
    png = charts.bar_chart(["خوزستان ← ميسان", "ميسان ← خوزستان"],
                           [charts.Series("أيام-مدرّب", (12, 3))], "ar", title="أيام المدرّبين")
    assert png.startswith(b"\x89PNG") and len(png) > 2000
