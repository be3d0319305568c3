"""The attendance sheet's cells, written out here: a sheet is a few hundred cells (trainees × sessions), each a
choice among the marks, and writing them in the template cost more than everything else on the page (a dozen
expressions, each looked up and escaped, per cell). What a cell shows is the template's, as it was."""

from __future__ import annotations

from markupsafe import Markup, escape

from ..l10n.text import TITLE_SEPARATOR

MUTED_BLANK = '<span class="muted">—</span>'


def _options(choices: dict[str, str], mark: str | None) -> str:
    """The blank choice, then each mark, the cell's own selected."""
    return '<option value="">—</option>' + "".join(
        f'<option value="{escape(value)}"{" selected" if value == mark else ""}>{escape(label)}</option>'
        for value, label in choices.items())


def row_cells(rows, columns, marks: dict, labels: dict, editable: bool) -> dict[int, Markup]:
    """Enrolment id → its row's cells. `columns`: (session id, day shown, may it be marked) per session shown;
    `marks`: (enrolment id, session id) → mark; `labels`: gender → mark → its word (Arabic agrees in gender)."""
    options = {(gender, mark): _options(choices, mark)
               for gender, choices in labels.items() for mark in (None, *choices)}
    days = [(sid, escape(day), markable) for sid, day, markable in columns]
    cells = {}
    for enrolment in rows:
        gender = "f" if enrolment.trainee.gender == "f" else "m"
        parts = []
        if editable:
            label = escape(enrolment.trainee.name + TITLE_SEPARATOR)
            for sid, day, markable in days:
                choices = options.get((gender, marks.get((enrolment.id, sid))), options[gender, None])
                parts.append(f'<td><select name="a-{enrolment.id}-{sid}" aria-label="{label}{day}"'
                             f'{"" if markable else " disabled"}>{choices}</select></td>')
        else:
            for sid, _day, markable in days:
                mark = marks.get((enrolment.id, sid))
                shown = escape(labels[gender][mark]) if mark else MUTED_BLANK if markable else ""
                parts.append(f"<td>{shown}</td>")
        cells[enrolment.id] = Markup("".join(parts))  # noqa: S704 — every value put in is escaped above
    return cells
