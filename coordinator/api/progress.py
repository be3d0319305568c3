"""The programme's progress figures for a period: the same report the dashboard and meeting pages show."""

from __future__ import annotations

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from marshmallow import fields

from ..l10n.locales import babel_locale
from ..progress import services
from ..progress.model import UNITS, Period
from ..viewer import viewer_today
from .common import ApiSchema, Blueprint, Day, QueryId, require
from .errors import ApiError, api_language

blp = Blueprint("progress", __name__, description="Progress figures for a period")
PERIOD_ORDER = _l("The period cannot end before it starts.")
PERIOD_LENGTH = _l("A period may last at most five years.")


class FigureSchema(ApiSchema):
    key = fields.String(required=True)
    label = fields.String(required=True)
    value = fields.Integer(required=True)
    unit = fields.String(required=True, metadata={"enum": list(UNITS)})
    help = fields.String()
    attention = fields.Boolean(metadata={"description": "An overdue count: worth attention when above 0"})


class RowSchema(ApiSchema):
    key = fields.String(required=True)
    label = fields.String(required=True)
    value = fields.Integer(required=True)


class BreakdownSchema(ApiSchema):
    key = fields.String(required=True)
    label = fields.String(required=True)
    unit = fields.String(required=True)
    rows = fields.List(fields.Nested(RowSchema), required=True)


class SectionSchema(ApiSchema):
    key = fields.String(required=True)
    title = fields.String(required=True)
    figures = fields.List(fields.Nested(FigureSchema), required=True)
    breakdowns = fields.List(fields.Nested(BreakdownSchema), required=True)


class PeriodSchema(ApiSchema):
    start = fields.Date(required=True)
    end = fields.Date(required=True)
    side_id = fields.Integer(allow_none=True)


class ProgressSchema(ApiSchema):
    period = fields.Nested(PeriodSchema, required=True)
    sections = fields.List(fields.Nested(SectionSchema), required=True)


class ProgressArgs(ApiSchema):
    start = Day(metadata={"description": "First day (default: 90 days ago)"})
    end = Day(metadata={"description": "Last day, included (default: today)"})
    side = QueryId(metadata={"description": "Only this side's records"})


def _report(report) -> dict:
    """Plain data with every label in the client's language (labels are lazy until now)."""
    return {
        "period": {"start": report.period.start, "end": report.period.end, "side_id": report.period.side_id},
        "sections": [{
            "key": s.key, "title": str(s.title),
            "figures": [{"key": f.key, "label": str(f.label), "value": f.value, "unit": f.unit, "help": str(f.help),
                         "attention": f.attention} for f in s.figures],
            "breakdowns": [{"key": b.key, "label": str(b.label), "unit": b.unit,
                            "rows": [{"key": r.key, "label": str(r.label), "value": r.value} for r in b.rows]}
                           for b in s.breakdowns],
        } for s in report.sections],
    }


@blp.route("/progress")
@blp.arguments(ProgressArgs, location="query")
@blp.response(200, ProgressSchema)
def progress(args):
    """Courses, trainees, exchanges, curricula, equipment, milestones, action items, competitions in a period"""
    require("reports.view")
    default_start, default_end = services.default_period(viewer_today())
    start, end = args.get("start") or default_start, args.get("end") or default_end
    if end < start:
        raise ApiError(422, PERIOD_ORDER, {"end": [PERIOD_ORDER]})
    if (end - start).days > services.MAX_PERIOD_DAYS:
        raise ApiError(422, PERIOD_LENGTH, {"start": [PERIOD_LENGTH]})
    report = services.progress(Period(start, end, args.get("side")))
    lang = api_language()
    with force_locale(babel_locale(lang)):
        return _report(report)
