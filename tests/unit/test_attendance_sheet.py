"""The attendance sheet's cells as the page writes them: a choice per session to whoever marks, the mark in words
(agreeing with the trainee's gender) to whoever reads, and nothing typed by a person left unescaped."""

from __future__ import annotations

from types import SimpleNamespace

from coordinator.courses.attendance_sheet import row_cells

LABELS = {"f": {"present": "حاضرة", "absent": "غائبة"}, "m": {"present": "حاضر", "absent": "غائب"}}
COLUMNS = [(11, "۱۴۰۵/۰۹/۱۶", True), (12, "۱۴۰۵/۰۹/۱۸", True), (13, "۱۴۰۵/۰۹/۲۳", False)]


def _rows():
    return [SimpleNamespace(id=1, trainee=SimpleNamespace(name="مریم <ساکی>", gender="f")),
            SimpleNamespace(id=2, trainee=SimpleNamespace(name="علی", gender="m"))]


def test_whoever_marks_gets_a_choice_per_session_with_the_stored_mark_selected():
    cells = row_cells(_rows(), COLUMNS, {(1, 11): "absent", (2, 12): "present"}, LABELS, editable=True)
    first = str(cells[1])
    assert first.count("<select") == 3 and 'name="a-1-11"' in first and 'name="a-1-13"' in first
    assert '<option value="absent" selected>غائبة</option>' in first  # her mark, in the feminine
    assert first.split('name="a-1-13"')[1].split(">")[0].endswith(" disabled")  # a session still to come
    assert "disabled" not in first.split('name="a-1-12"')[1].split(">")[0]
    assert 'aria-label="مریم &lt;ساکی&gt; – ۱۴۰۵/۰۹/۱۶"' in first and "<ساکی>" not in first
    second = str(cells[2])
    assert '<option value="present" selected>حاضر</option>' in second and "selected" not in second.split("a-2-12")[0]


def test_whoever_reads_sees_the_mark_in_words_a_dash_where_none_yet_and_nothing_for_later_sessions():
    cells = row_cells(_rows(), COLUMNS, {(1, 11): "present", (2, 11): "present"}, LABELS, editable=False)
    assert str(cells[1]) == '<td>حاضرة</td><td><span class="muted">—</span></td><td></td>'
    assert str(cells[2]).startswith("<td>حاضر</td>") and "<select" not in str(cells[2])
