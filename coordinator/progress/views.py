"""The dashboard: overdue work first, then the period's progress figures; each figure's records; Excel."""

from __future__ import annotations

from flask import Response, abort, render_template, request
from flask_babel import gettext as _
from sqlalchemy import select

from ..auth.permissions import require
from ..extensions import db
from ..l10n.calendars import date_input_value
from ..l10n.digits import to_ascii_digits
from ..meetings.models import MeetingSeries
from ..plan.budget import period_totals
from ..reports.excel import XLSX_MIMETYPE
from ..viewer import viewer_lang, viewer_today
from . import chart, export, links, presets, services
from .blueprint import bp
from .forms import PeriodForm
from .model import Names, Period
from .plan import plan_for
from .window import load_sides

# Overdue records listed on the dashboard under each overdue figure; the figure links to all of them.
ATTENTION_ROWS = 10



@bp.app_template_global("progress_link_args")
def progress_link_args(period: Period) -> dict:
    """The query string of a period as the dashboard's form reads it (viewer's calendar, ASCII digits)."""
    lang = viewer_lang()
    return {"start": to_ascii_digits(date_input_value(period.start, lang)),
            "end": to_ascii_digits(date_input_value(period.end, lang)),
            "side": period.side_id or ""}


@bp.app_template_global("progress_bars")
def progress_bars(breakdown):
    return chart.bars(breakdown, viewer_lang() != "en")


def read_period() -> tuple[PeriodForm, Period | None, dict]:
    """The form from the query string and the period it names, or None with errors on the fields.

    Without dates: since the last meeting of the chosen series, else the current quarter of the viewer's
    calendar. `defaults` holds every preset (None where it does not apply)."""
    sides = load_sides()
    series = db.session.execute(select(MeetingSeries.id, MeetingSeries.name_fa, MeetingSeries.name_ar,
                                       MeetingSeries.name_en).order_by(MeetingSeries.id)).all()
    form = PeriodForm(formdata=request.args if request.args else None, sides=sides,
                      series=[(r.id, Names(r.name_fa, r.name_ar, r.name_en or "")) for r in series])
    today, lang = viewer_today(), viewer_lang()
    if request.args:
        form.validate()
    series_id = None
    raw_series = to_ascii_digits((form.series.data or "").strip())
    if raw_series and raw_series != "None":
        if raw_series.isdigit() and int(raw_series) in {r.id for r in series}:
            series_id = int(raw_series)
        else:
            form.series.errors = [*form.series.errors, _("Choose a meeting series from the list.")]
    defaults = {"meeting": presets.since_last_meeting(today, series_id), "month": presets.this_month(today, lang),
                "quarter": presets.this_quarter(today, lang), "year": presets.this_year(today, lang)}
    default_start, default_end = (series_id is not None and defaults["meeting"]) or defaults["quarter"]
    if form.start.data is None and not form.start.errors:
        form.start.data = default_start
    if form.end.data is None and not form.end.errors:
        form.end.data = default_end
    side_id = None
    raw_side = to_ascii_digits((form.side.data or "").strip())
    if raw_side and raw_side != "None":
        if raw_side.isdigit() and int(raw_side) in {s.id for s in sides}:
            side_id = int(raw_side)
        else:
            form.side.errors = [*form.side.errors, _("Choose a side from the list.")]
    start, end = form.start.data, form.end.data
    if not form.start.errors and not form.end.errors and start and end:
        if end < start:
            form.end.errors = [*form.end.errors, _("The last day cannot be before the first day.")]
        elif (end - start).days > services.MAX_PERIOD_DAYS:
            form.end.errors = [*form.end.errors, _("Choose a period of at most five years.")]
    if form.start.errors or form.end.errors or form.side.errors or form.series.errors or not (start and end):
        return form, None, defaults
    return form, Period(start, end, side_id), defaults


def _period_args(period_range) -> dict | None:
    """A preset's query string, keeping the chosen side and series."""
    if period_range is None:
        return None
    return progress_link_args(Period(*period_range)) | {
        "side": request.args.get("side", ""), "series": request.args.get("series", "")}


@bp.route("/")
@require("reports.view")
def index():
    form, period, defaults = read_period()
    shortcuts = {key: _period_args(value) for key, value in defaults.items()}
    if period is None:
        return render_template("dashboard/index.html", form=form, report=None, shortcuts=shortcuts), 400
    report = services.progress(period)
    overdue = []
    for fig in report.attention:
        model = services.family_model(fig.key)
        rows = db.session.scalars(services.records_for(fig.key, period).options(*links.options_for(model))
                                  .limit(ATTENTION_ROWS)).unique().all()
        overdue.append((fig, [links.row_of(r) for r in rows]))
    sides = {s.id: s.names for s in load_sides()}
    return render_template("dashboard/index.html", form=form, report=report, overdue=overdue,
                           side_name=sides.get(period.side_id), shortcuts=shortcuts, plan=plan_for(period),
                           budget=period_totals(period.start, period.end, period.side_id))


@bp.route("/figures/<key>")
@require("reports.view")
def figure(key):
    try:
        spec, _filters = services.parse_key(key)
    except services.UnknownFigure:
        abort(404)
    form, period, _defaults = read_period()
    if period is None:
        return render_template("dashboard/figure.html", form=form, key=key, spec=spec, rows=None), 400
    report = services.progress(period)
    model = services.family_model(key)
    records = db.session.scalars(services.records_for(key, period).options(*links.options_for(model))).unique().all()
    try:
        value = report.value(key)
    except KeyError:  # a combination of dimensions, or a row the report leaves out (another side's)
        value = len(records) if spec.unit == "records" else None
    sides = {s.id: s.names for s in load_sides()}
    return render_template("dashboard/figure.html", form=form, key=key, spec=spec, period=period,
                           value=value, label=services.label_of(report, key),
                           side_name=sides.get(period.side_id), rows=[links.row_of(r) for r in records])


@bp.route("/export.xlsx")
@require("reports.view")
def export_xlsx():
    form, period, defaults = read_period()
    if period is None:
        shortcuts = {key: _period_args(value) for key, value in defaults.items()}
        return render_template("dashboard/index.html", form=form, report=None, shortcuts=shortcuts), 400
    data = export.workbook_of(services.progress(period), plan_for(period))
    filename = f"progress-{period.start.isoformat()}-{period.end.isoformat()}.xlsx"
    return Response(data, mimetype=XLSX_MIMETYPE,
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})
