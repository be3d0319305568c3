"""The parts of the meeting report, each drawn in one language for a column of a given width.

Every function returns a list of blocks (a block is a list of flowables). In the bilingual report the
Persian and Arabic versions of a block sit side by side, so both languages of one agenda item start at
the same height. Labels come from gettext: the caller has forced the column's locale.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _
from flask_babel import pgettext
from reportlab.platypus import Spacer

from ...l10n.calendars import format_date
from ...l10n.digits import localize_digits
from ...l10n.locales import pick
from ...l10n.numbers import format_number, format_percent
from ...l10n.timezones import to_zone
from ...plan.models import CURRENCY_SHORT
from ...plan.money import format_money
from ...reports.pdf_layout import (
    ALERT,
    BODY,
    CENTRED,
    HEADING,
    MUTED,
    SMALL,
    SUBHEADING,
    TITLE,
    Keep,
    Rule,
    Text,
    grid,
    width_of,
)
from ...reports.rtl import ltr
from ..models import delegation_head

# Fixed data: the city each side's clock is named after ("10:00, Tehran time"). Another province pair
# in another zone falls back to the side's own name.
ZONE_CITIES = {
    "Asia/Tehran": {"fa": "تهران", "ar": "طهران", "en": "Tehran"},
    "Asia/Baghdad": {"fa": "بغداد", "ar": "بغداد", "en": "Baghdad"},
}


@dataclass
class ReportData:
    """What the report shows, loaded once and drawn in each language."""

    meeting: object
    sides: list  # host side first
    today: date
    actions: list = field(default_factory=list)
    progress: object | None = None  # a progress.model.ProgressReport
    charts: dict = field(default_factory=dict)  # lang → [(png bytes, aspect)], drawn by the caller
    plan: object | None = None  # a plan.compare.PlanComparison for the progress period
    budget: list = field(default_factory=list)  # plan.budget.Total rows of the progress period


def label_in(label, lang: str) -> str:
    """A progress label (lazy string, Names or DirectionLabel) in the column's language."""
    return label.in_lang(lang) if hasattr(label, "in_lang") else str(label)


def num(value, lang: str) -> str:
    return format_number(value, lang)


def _side_of(attendee):
    if attendee.side is not None:
        return attendee.side
    return attendee.user.side if attendee.user is not None else None


def _hard_break(text: str, width: float, size: float) -> str:
    """A link or code longer than the column, cut into lines (it has no spaces to wrap at)."""
    lines, current = [], ""
    for ch in text:
        if current and width_of(current + ch, size) > width:
            lines.append(current)
            current = ""
        current += ch
    return "\n".join([*lines, current])


def header(data: ReportData, lang: str, width: float) -> list[list]:
    m = data.meeting
    block = [Text(pick(s, "organisation", lang), CENTRED, lang) for s in data.sides]
    block += [
        Rule(space=3),
        Text(_("Minutes of the managers' meeting"), CENTRED.but(size=10.5, colour=MUTED), lang),
        Text(m.name_in(lang), TITLE, lang),
    ]
    if not m.is_closed:
        block.append(Text(_("Draft: this meeting is not closed yet; the minutes may still change."),
                          CENTRED.but(colour=ALERT), lang))
    return [block]


def _clock_line(m, side, lang: str) -> str:
    start, end = to_zone(m.starts_at, side.timezone), to_zone(m.ends_at, side.timezone)
    city = ZONE_CITIES.get(side.timezone, {}).get(lang) or side.name_in(lang)
    hhmm = "{:%H:%M}"
    return _("%(start)s to %(end)s, %(city)s time", start=localize_digits(hhmm.format(start), lang),
             end=localize_digits(hhmm.format(end), lang), city=city)


def details(data: ReportData, lang: str, width: float) -> list[list]:
    """Date in both calendars, both clocks, venue, host, status: a two-column table of label and value."""
    m = data.meeting
    days = []
    if lang == "en":
        days.append(format_date(to_zone(m.starts_at, data.sides[0].timezone).date(), "en", "weekday"))
    for side in data.sides:
        # Each side's own calendar and digits, on its own clock's day: Jalali for Iran, Iraqi months for Iraq.
        calendar_lang = "fa" if side.calendar == "jalali" else "ar"
        day = format_date(to_zone(m.starts_at, side.timezone).date(), calendar_lang, "weekday")
        if day not in days:
            days.append(day)
    rows = [
        [_("Date"), "\n".join(days)],
        [_("Time"), "\n".join(_clock_line(m, side, lang) for side in data.sides)],
        [_("Host side"), m.host_side.name_in(lang)],
    ]
    value_width = width * 0.74 - 6
    if m.venue:
        rows.append([_("Venue"), m.venue])
    if m.online_url:
        rows.append([_("Online meeting link"), ltr(_hard_break(m.online_url, value_width, SMALL.size))])
    rows.append([_("Status"), str(m.status_label)])
    cells = [[Text(label, SMALL.but(colour=MUTED), lang), Text(value, SMALL, lang)] for label, value in rows]
    return [[grid(cells, [width * 0.26, width * 0.74], lang, header=False)]]


def attendees(data: ReportData, lang: str, width: float) -> list[list]:
    people = data.meeting.attendees
    block: list = [Text(_("Attendees"), HEADING, lang)]
    if not people:
        return [[*block, Text(_("No attendees were recorded."), BODY.but(colour=MUTED), lang)]]
    present = sum(1 for a in people if a.present)
    block.append(Text(_("Present: %(present)s of %(total)s", present=num(present, lang),
                        total=num(len(people), lang)), SMALL.but(colour=MUTED), lang))
    rows = [[_("Name"), _("Side"), _("Organisation and position"), _("Attendance")]]
    members = [a for a in people if a.user is not None]
    guests = [a for a in people if a.user is None]
    for a in [*members, *guests]:
        side = _side_of(a)
        if a.user is not None:
            role = str(a.user.role_label)
            position = " — ".join(p for p in (a.job_title or role, a.organisation) if p)
        else:
            position = " — ".join(p for p in (a.job_title, a.organisation, _("guest")) if p)
        attendance = _("Present") if a.present else _("Absent")
        rows.append([a.display_name, side.name_in(lang) if side else "", position,
                     Text(attendance, SMALL if a.present else SMALL.but(colour=ALERT), lang)])
    block.append(grid(rows, [width * 0.3, width * 0.15, width * 0.37, width * 0.18], lang))
    return [block]


def agenda(data: ReportData, lang: str, width: float) -> list[list]:
    """A block per agenda item: its minutes, its decisions and the action items carried to it."""
    items = data.meeting.agenda
    blocks: list[list] = [[Text(_("Agenda and minutes"), HEADING, lang)]]
    if not items:
        blocks[0].append(Text(_("No agenda items were recorded."), BODY.but(colour=MUTED), lang))
        return blocks
    for number, item in enumerate(items, start=1):
        block: list = [Text(f"{localize_digits(str(number), lang)}. {item.name_in(lang)}", SUBHEADING, lang)]
        minutes = item.minutes_in(lang)
        block.append(Text(minutes or _("No minutes were recorded for this item."),
                          BODY if minutes else BODY.but(colour=MUTED), lang))
        if item.carried:
            block.append(Text(_("Action items from earlier meetings reviewed:"), SMALL.but(bold=True), lang))
            for action in item.carried:
                line = " — ".join((action.name_in(lang), action.owner.display_name, str(action.status_label)))
                block.append(Text(f"• {line}", SMALL, lang))
        if item.decisions:
            block.append(Text(_("Decisions"), SMALL.but(bold=True, colour=HEADING.colour, space_before=3), lang))
            for index, decision in enumerate(item.decisions, start=1):
                # The meeting's own number; older decisions without one keep "item-decision", which stays
                # left to right whatever the digits (as codes like 7212-01 do).
                marker = (localize_digits(str(decision.number), lang) if decision.number
                          else ltr(localize_digits(f"{number}-{index}", lang)))
                block.append(Text(f"{marker}. {decision.text_in(lang)}", BODY, lang))
        blocks.append(block)
    return blocks


def actions(data: ReportData, lang: str, width: float) -> list[list]:
    block: list = [Text(_("Action items"), HEADING, lang)]
    if not data.actions:
        return [[*block, Text(_("This meeting gave no action items."), BODY.but(colour=MUTED), lang)]]
    rows = [["#", _("Action item"), _("Owner"), _("Due date"), _("Status")]]
    overdue_rows = set()
    for number, action in enumerate(data.actions, start=1):
        status: list = [Text(str(action.status_label), SMALL, lang)]
        if action.is_overdue(data.today):
            overdue_rows.add(number)
            # i18n: marks an action item past its due date, under its status (Arabic: إجراء, masculine, as its statuses)
            status.append(Text(pgettext("action item", "Overdue"), SMALL.but(colour=ALERT, bold=True), lang))
        owner = f"{action.owner.display_name}\n{action.side.name_in(lang)}"
        rows.append([localize_digits(str(number), lang), action.name_in(lang), owner,
                     format_date(action.due_on, lang), status])
    widths = [width * 0.06, width * 0.35, width * 0.22, width * 0.20, width * 0.17]
    block.append(grid(rows, widths, lang, highlight=overdue_rows))
    return [block]


def progress_tables(data: ReportData, lang: str, width: float) -> list[list]:
    """The figures of the period, a small table per area, then the charts."""
    report = data.progress
    block: list = [Text(_("Progress since the last meeting"), HEADING, lang)]
    if report is None:
        return [[*block, Text(_("No figures are available."), BODY.but(colour=MUTED), lang)]]
    period = report.period
    block.append(Text(_("From %(start)s to %(end)s", start=format_date(period.start, lang),
                        end=format_date(period.end, lang)), SMALL.but(colour=MUTED), lang))
    blocks = []
    for section in report.sections:
        if not section.figures:
            continue
        rows = [[label_in(section.title, lang), _("Count")]]
        attention = set()
        for index, figure in enumerate(section.figures, start=1):
            style = SMALL.but(colour=ALERT) if figure.attention and figure.value else SMALL
            if figure.attention and figure.value:
                attention.add(index)
            rows.append([Text(label_in(figure.label, lang), style, lang), Text(num(figure.value, lang), style, lang)])
        blocks.append([grid(rows, [width * 0.78, width * 0.22], lang, highlight=attention)])
    # The heading and the period start the first table's block, so they never end a page alone.
    return [block + (blocks[0] if blocks else [])] + blocks[1:]


def plan_table(data: ReportData, lang: str, width: float) -> list[list]:
    """Plan / actual / % per side and figure for the progress period, behind plan first (in red)."""
    plan = data.plan
    if plan is None or not plan.rows:
        return []
    block: list = [Text(_("Plan against actual"), HEADING, lang),
                   Text(_("Yearly targets spread evenly over the days of each side's plan year; shares are "
                          "minimums. Behind plan first."), SMALL.but(colour=MUTED), lang)]
    rows = [[_("Side"), _("Figure"), _("Plan"), _("Actual"), _("Percent of plan")]]
    behind = set()
    for index, row in enumerate(plan.rows, start=1):
        style = SMALL.but(colour=ALERT) if row.behind else SMALL
        if row.behind:
            behind.add(index)
        if row.kind == "share":
            target = _("at least %(share)s", share=format_percent(row.target, lang))
            actual = format_percent(row.actual, lang)
        else:
            target, actual = num(row.target_shown, lang), num(row.actual, lang)
        percent = format_percent(row.percent, lang) if row.percent is not None else "—"
        rows.append([row.side.name_in(lang), Text(label_in(row.label, lang), style, lang), target, actual,
                     Text(percent, style, lang)])
    widths = [width * 0.16, width * 0.42, width * 0.16, width * 0.13, width * 0.13]
    block.append(grid(rows, widths, lang, highlight=behind))
    return [block]


def budget_table(data: ReportData, lang: str, width: float) -> list[list]:
    """Totals per payer and currency of the period's budget lines (never added across currencies)."""
    if not data.budget:
        return []
    block: list = [Text(_("Budget of the period"), HEADING, lang)]
    rows = [[_("Paid by"), _("Currency"), _("Planned"), _("Committed"), _("Actual")]]
    for total in data.budget:
        amounts = [format_money(getattr(total, k), total.currency, lang) for k in ("planned", "committed", "actual")]
        rows.append([total.payer, str(CURRENCY_SHORT.get(total.currency, total.currency)), *amounts])
    block.append(grid(rows, [width * 0.28, width * 0.12, width * 0.2, width * 0.2, width * 0.2], lang))
    return [block]


def _signed_line(signature, side, lang: str) -> str:
    """"Signed on 15 Azar 1405 at 10:40, Tehran time": the signer's side's calendar day and clock."""
    local = to_zone(signature.signed_at, side.timezone)
    city = ZONE_CITIES.get(side.timezone, {}).get(lang) or side.name_in(lang)
    return _("Signed on %(day)s at %(time)s, %(city)s time", day=format_date(local.date(), lang),
             time=localize_digits(f"{local:%H:%M}", lang), city=city)


def signatures(data: ReportData, lang: str, width: float) -> list[list]:
    """A box per side for the head of its delegation: name, position, and who signed the minutes when."""
    heads = [(side, delegation_head(data.meeting, side.id)) for side in data.sides]
    signed = {s.side_id: s for s in data.meeting.signatures}
    cells = []
    for side, head in heads:
        signature = signed.get(side.id)
        name = signature.signer_name if signature else (head.display_name if head else "")
        position = (head.job_title or (str(head.user.role_label) if head.user else "")) if head else ""
        if signature:
            status = Text(_signed_line(signature, side, lang), SMALL.but(bold=True), lang)
        else:
            status = Text(_("Not signed yet"), SMALL.but(colour=ALERT), lang)
        cell = [
            Text(_("For %(side)s", side=side.name_in(lang)), SMALL.but(bold=True), lang),
            Text(_("Head of delegation"), SMALL.but(colour=MUTED), lang),
            Text(name or " ", BODY, lang),
            Text(position or " ", SMALL, lang),
            Spacer(1, 8),
            Rule(colour=MUTED, thickness=0.5, space=1),
            status,
        ]
        cells.append(cell)
    table = grid([cells], [width / len(cells)] * len(cells), lang, header=False)
    table.keepWithNext = False
    return [Keep([Text(_("Signatures"), HEADING, lang), table])]
