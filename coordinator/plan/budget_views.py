"""Budget pages: the lines of a course, a trip or an equipment loan with their totals per payer and currency;
a trip's per-diem from its dates; per-diem rates; the Excel of one payer's lines for its finance office."""

from __future__ import annotations

from flask import Response, abort, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ..auth.permissions import can, require
from ..catalog.models import Side
from ..courses.models import Course
from ..equipment.models import Transfer
from ..exchanges.models import Assignment
from ..extensions import db
from ..reports.excel import XLSX_MIMETYPE, workbook
from ..viewer import format_day, viewer_lang
from ..web import NOT_TRIED, act, attempt, load, permit, saved
from . import budget
from .blueprint import bp
from .forms import BudgetLineEditForm, BudgetLineForm, ExchangeForm, PerDiemRateForm
from .models import CURRENCIES, CURRENCY_SHORT, BudgetLine, PerDiemRate
from .money import format_money

PAGES = {"course": "plan.course_budget", "assignment": "plan.trip_budget", "transfer": "plan.loan_budget"}


@bp.app_template_filter("currency")
def currency_filter(code: str) -> str:
    """The currency's short name in the reader's language (ریال, دينار, USD in English)."""
    return str(CURRENCY_SHORT.get(code, code))


@bp.app_template_filter("money")
def money_filter(amount, currency: str) -> str:
    return format_money(amount, currency, viewer_lang())


def _sides():
    return list(db.session.scalars(select(Side).where(Side.active.is_(True)).order_by(Side.id)))


def _page(owner, form=None, exchange=None, status=200):
    kind = budget.owner_kind(owner)
    lines = budget.lines_of(owner)
    per_diem = budget.per_diem_of(owner) if kind == "assignment" else None
    manage = can(current_user, "budget.manage", owner)
    return render_template("plan/budget.html", owner=owner, kind=kind, lines=lines, totals=budget.totals(lines),
                           form=(form or BudgetLineForm(formdata=None, sides=_sides())) if manage else None,
                           exchange=exchange or ExchangeForm(formdata=None), per_diem=per_diem,
                           page=url_for(PAGES[kind], **{f"{kind}_id": owner.id})), status


def _budget(owner):
    if request.method == "POST":
        permit("budget.manage", owner)
        form = BudgetLineForm(sides=_sides())
        done = NOT_TRIED
        if form.validate_on_submit():
            done = attempt(form, lambda: budget.add_line(owner, form.values(), current_user))
            if done:
                kind = budget.owner_kind(owner)
                return saved(_("Budget line added."), url_for(PAGES[kind], **{f"{kind}_id": owner.id}))
        return _page(owner, form=form, status=400)
    return _page(owner)


@bp.route("/budget/courses/<int:course_id>", methods=["GET", "POST"])
@require("budget.view")
def course_budget(course_id):
    return _budget(load(Course, course_id))


@bp.route("/budget/trips/<int:assignment_id>", methods=["GET", "POST"])
@require("budget.view")
def trip_budget(assignment_id):
    return _budget(load(Assignment, assignment_id))


@bp.route("/budget/loans/<int:transfer_id>", methods=["GET", "POST"])
@require("budget.view")
def loan_budget(transfer_id):
    return _budget(load(Transfer, transfer_id))


@bp.route("/budget/trips/<int:assignment_id>/per-diem", methods=["POST"])
@require("budget.view")
def trip_per_diem(assignment_id):
    assignment = load(Assignment, assignment_id, "budget.manage")
    form = ExchangeForm()
    if form.validate_on_submit():
        done = attempt(form, lambda: budget.add_per_diem(assignment, {"rate": form.rate.data,
                                                                      "rate_on": form.rate_on.data}, current_user))
        if done:
            return saved(_("Per-diem added from the trip's dates."),
                         url_for("plan.trip_budget", assignment_id=assignment.id))
    return _page(assignment, exchange=form, status=400)


LINE_FIELDS = ("item", "description", "payer_name", "currency", "rate", "rate_on", "planned", "committed", "actual")


@bp.route("/budget/lines/<int:line_id>/edit", methods=["GET", "POST"])
@require("budget.view")
def line_edit(line_id):
    line = load(BudgetLine, line_id)
    owner = budget.owner_of(line)
    permit("budget.manage", owner)
    data = {name: getattr(line, name) for name in LINE_FIELDS} | {
        "payer": str(line.payer_side_id) if line.payer_side_id else "other", "version": line.version}
    form = BudgetLineEditForm(data=data, sides=_sides())
    done = NOT_TRIED
    if form.validate_on_submit():
        done = attempt(form, lambda: budget.update_line(line, form.values(), form.version.data, current_user),
                       stale=(line, LINE_FIELDS))
        if done:
            kind = budget.owner_kind(owner)
            return saved(_("Budget line saved."), url_for(PAGES[kind], **{f"{kind}_id": owner.id}))
    kind = budget.owner_kind(owner)
    return render_template("plan/line_edit.html", form=form, line=line, current=done.current,
                           back=url_for(PAGES[kind], **{f"{kind}_id": owner.id})), (
        400 if request.method == "POST" else 200)


@bp.route("/budget/lines/<int:line_id>/delete", methods=["POST"])
@require("budget.view")
def line_delete(line_id):
    line = load(BudgetLine, line_id)
    owner = budget.owner_of(line)
    permit("budget.manage", owner)
    kind = budget.owner_kind(owner)
    return act(lambda: budget.delete_line(line, request.form.get("version"), current_user), _("Budget line removed."),
               url_for(PAGES[kind], **{f"{kind}_id": owner.id}))


@bp.route("/per-diem", methods=["GET", "POST"])
@require("budget.view")
def per_diem_rates():
    form = PerDiemRateForm(formdata=request.form if request.method == "POST" else None, sides=_sides())
    status = 200
    if request.method == "POST":
        permit("budget.manage", None)
        if form.validate_on_submit():
            done = attempt(form, lambda: budget.add_rate(form.values(), current_user))
            if done:
                return saved(_("Per-diem rate saved."), url_for("plan.per_diem_rates"))
        status = 400
    rates = db.session.scalars(select(PerDiemRate).order_by(PerDiemRate.side_id, PerDiemRate.destination_side_id,
                                                            PerDiemRate.valid_from.desc())).all()
    return render_template("plan/per_diem.html", rates=rates, form=form, currencies=CURRENCIES), status


@bp.route("/budget/export.xlsx")
@require("budget.view")
def budget_export():
    """Every line one payer pays (a side's id, or a third party's name), for its finance office."""
    payer = (request.args.get("payer") or "").strip()
    stmt = select(BudgetLine).order_by(BudgetLine.currency, BudgetLine.id)
    if payer.isdigit() and len(payer) < 10:
        side = db.session.get(Side, int(payer))
        if side is None:
            abort(404)
        stmt, name = stmt.where(BudgetLine.payer_side_id == side.id), side.name
    elif payer:
        stmt, name = stmt.where(BudgetLine.payer_side_id.is_(None), BudgetLine.payer_name == payer[:200]), payer[:200]
    else:
        abort(400)  # a link that names no payer
    lines = db.session.scalars(stmt).all()
    rows = []
    for line in lines:
        owner = budget.owner_of(line)
        rows.append((_owner_label(owner), str(line.item_label), line.description, line.currency, line.rate,
                     format_day(line.rate_on, "short"), line.planned, line.committed, line.actual))
    for total in budget.totals(lines):
        rows.append((_("Total"), "", "", total.currency, None, "", total.planned, total.committed, total.actual))
    headers = [_("For"), _("Pays for"), _("Description"), _("Currency"), _("Exchange rate"),
               _("Day of the exchange rate"), _("Planned"), _("Committed"), _("Actual")]
    data = workbook(_("Budget of %(payer)s", payer=name), headers, rows, rtl=viewer_lang() != "en")
    return Response(data, mimetype=XLSX_MIMETYPE,
                    headers={"Content-Disposition": 'attachment; filename="budget.xlsx"'})


def _owner_label(owner) -> str:
    kind = budget.owner_kind(owner)
    if kind == "course":
        return f"{owner.code} {owner.name}"
    if kind == "assignment":
        return f"{owner.course.code} – {owner.trainer.name}"
    return f"{owner.item.name}"
