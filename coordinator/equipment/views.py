"""Equipment pages: the register (list, search, detail, new, edit), bookings, loans, maintenance, utilisation."""

from __future__ import annotations

from types import SimpleNamespace

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload, lazyload

from ..audit import history_for
from ..auth.permissions import can, login_required, require
from ..auth.scope import scope_condition
from ..catalog import clocks
from ..catalog.models import Centre, Side
from ..exchanges.figures import year_of
from ..extensions import db
from ..l10n.text import text_range
from ..viewer import format_day, viewer_lang, viewer_today
from ..web import NOT_TRIED, act, attempt, int_arg, load, saved
from . import bookings as booking_rules
from . import services
from . import transfers as transfer_rules
from .blueprint import bp
from .forms import ActionForm, BookingForm, ItemForm, MaintenanceForm, PeriodForm, StepForm, TransferForm
from .models import CATEGORIES, CONDITIONS, MAINTENANCE_KINDS, TRANSFER_STATUSES, Booking, EquipmentItem, Transfer

STALE_FIELDS = services.FIELDS



def _all_sides():
    """The active sides (the item page's booking and transfer forms both offer them): read once per request, and
    kept between requests while no side changes (catalog.clocks)."""
    return clocks.active_sides()


def _manage_sides(item=None):
    keep = item.side_id if item else None
    sides = db.session.scalars(select(Side).where(Side.active.is_(True) | (Side.id == keep)).order_by(Side.id))
    return [s for s in sides if can(current_user, "equipment.manage", SimpleNamespace(side_id=s.id))]


def _centres(sides, item=None):
    keep = item.centre_id if item else None
    return db.session.scalars(select(Centre).where(Centre.side_id.in_([s.id for s in sides]),
                                                   Centre.active.is_(True) | (Centre.id == keep))
                              .order_by(Centre.side_id, Centre.search_key, Centre.id)).all()


# The register -------------------------------------------------------------------------------------------


@bp.route("/")
@require("equipment.view")
def items():
    query = request.args.get("q", "").strip()[:200]
    side_id, centre_id = int_arg("side"), int_arg("centre")
    category = request.args.get("category") if request.args.get("category") in CATEGORIES else None
    abroad = request.args.get("abroad") == "1"
    stmt = services.search(query, side_id=side_id, centre_id=centre_id, category=category, abroad=abroad,
                           visible_to=scope_condition(current_user, EquipmentItem.side_id, EquipmentItem.centre_id))
    pagination = db.paginate(stmt, page=int_arg("page") or 1, per_page=current_app.config["PAGE_SIZE"],
                             error_out=False)
    return render_template(
        "equipment/items.html", pagination=pagination, query=query, side_id=side_id, centre_id=centre_id,
        category=category, abroad=abroad, sides=db.session.scalars(select(Side).order_by(Side.id)).all(),
        centres=db.session.scalars(select(Centre).order_by(Centre.side_id, Centre.search_key)).all(),
        categories=CATEGORIES, conditions=CONDITIONS, abroad_ids=services.abroad_ids(),
        overdue_ids=transfer_rules.overdue_item_ids(viewer_today()),
        filtered=bool(query or side_id or centre_id or category or abroad))


def _booking_form(item, formdata=None):
    sides = [s for s in _all_sides() if current_user.role == "admin" or s.id == current_user.side_id]
    form = BookingForm(formdata=formdata, sides=sides)
    if formdata is None and current_user.side_id:
        form.user_side_id.data = current_user.side_id
    return form


def _transfer_form(item, formdata=None, item_bookings=None):
    """`item_bookings`: the item's bookings when the page has them already (its table): not read again."""
    if item_bookings is None:
        live = db.session.scalars(select(Booking).where(Booking.item_id == item.id, Booking.cancelled.is_(False),
                                                        Booking.user_side_id != item.side_id)
                                  .order_by(Booking.starts_on)).all()
    else:
        live = sorted((b for b in item_bookings if not b.cancelled and b.user_side_id != item.side_id),
                      key=lambda b: b.starts_on)
    lang = viewer_lang()
    labels = [(b, text_range(format_day(b.starts_on, "short"), format_day(b.ends_on, "short"), lang)) for b in live]
    sides = [s for s in _all_sides() if s.id != item.side_id]
    return TransferForm(formdata=formdata, sides=sides, bookings=labels)


def _detail(item, status=200, **forms):
    today = viewer_today()
    start, end = year_of(today, viewer_lang())
    # Each booking's item is this page's item (found in the session) and its course shows its code and name only.
    item_bookings = db.session.scalars(select(Booking).where(Booking.item_id == item.id)
                                       .options(lazyload(Booking.item), joinedload(Booking.course).lazyload("*"))
                                       .order_by(Booking.starts_on.desc(), Booking.id.desc())).all()
    booked, available = services.utilisation_of(item_bookings, start, end)
    loans = transfer_rules.transfers_of(item)
    return render_template(
        "equipment/item_detail.html", item=item, bookings=item_bookings, transfers=loans,
        current_loan=next((t for t in loans if t.status in services.ABROAD), None),
        maintenance=services.maintenance_of(item), history=history_for("equipment_items", item.id),
        period=(start, end), booked=booked, available=available, pct=services.percent(booked, available),
        today=today, categories=CATEGORIES, conditions=CONDITIONS, statuses=TRANSFER_STATUSES,
        kinds=MAINTENANCE_KINDS, next_step=transfer_rules.next_step, is_overdue=transfer_rules.is_overdue,
        cross_border=booking_rules.is_cross_border, transport_days=booking_rules.transport_days(),
        booking_form=forms.get("booking_form") or _booking_form(item),
        transfer_form=forms.get("transfer_form") or _transfer_form(item, item_bookings=item_bookings),
        step_form=StepForm(formdata=None), maintenance_form=forms.get("maintenance_form") or
        MaintenanceForm(formdata=None), suggestion=forms.get("suggestion"),
    ), status


@bp.route("/<int:item_id>")
@login_required
def item(item_id):
    return _detail(load(EquipmentItem, item_id, "equipment.view"))


def _edit(item):
    sides = _manage_sides(item)
    data = ({name: getattr(item, name) for name in STALE_FIELDS} | {"version": item.version}) if item else None
    form = ItemForm(data=data, sides=sides, centres=_centres(sides, item))
    if item is None and request.method == "GET":
        form.shareable.data = True
        form.condition.data = "good"
        if len(sides) == 1:
            form.side_id.data = sides[0].id
    done = NOT_TRIED
    if form.validate_on_submit():
        if item is None:
            done = attempt(form, lambda: services.create_item(form.values(), current_user))
        else:
            done = attempt(form, lambda: services.update_item(item, form.values(), request.form.get("version"),
                                                              current_user), stale=(item, STALE_FIELDS))
        if done:
            return saved(_("Saved: %(name)s", name=done.result.name),
                         url_for("equipment.item", item_id=done.result.id))
    status = 400 if request.method == "POST" else 200
    return render_template("equipment/item_edit.html", form=form, item=item, current=done.current), status


@bp.route("/new", methods=["GET", "POST"])
@require("equipment.manage")
def item_create():
    return _edit(None)


@bp.route("/<int:item_id>/edit", methods=["GET", "POST"])
@login_required
def item_edit(item_id):
    return _edit(load(EquipmentItem, item_id, "equipment.manage"))


# Bookings -----------------------------------------------------------------------------------------------


@bp.route("/<int:item_id>/bookings", methods=["POST"])
@login_required
def booking_add(item_id):
    item = load(EquipmentItem, item_id, "booking.create")
    form = _booking_form(item, formdata=request.form)
    if not form.validate_on_submit():
        return _detail(item, status=400, booking_form=form)
    done = attempt(form, lambda: booking_rules.create_booking(item, form.values(), current_user))
    if not done:
        return _detail(item, status=done.error.status, booking_form=form,
                       suggestion=getattr(done.error, "suggestion", None))
    return saved(_("Booking saved."), url_for("equipment.item", item_id=item_id, _anchor="bookings"))


@bp.route("/bookings/<int:booking_id>/cancel", methods=["POST"])
@login_required
def booking_cancel(booking_id):
    booking = load(Booking, booking_id, "booking.cancel")
    form = ActionForm()
    if not form.validate_on_submit():
        abort(400)
    return act(lambda: booking_rules.cancel_booking(booking, form.version.data), _("Booking cancelled."),
               url_for("equipment.item", item_id=booking.item_id, _anchor="bookings"))


# Loans --------------------------------------------------------------------------------------------------


@bp.route("/<int:item_id>/transfers", methods=["POST"])
@login_required
def transfer_add(item_id):
    item = load(EquipmentItem, item_id, "equipment.manage")
    form = _transfer_form(item, formdata=request.form)
    if not form.validate_on_submit():
        return _detail(item, status=400, transfer_form=form)
    done = attempt(form, lambda: transfer_rules.dispatch(item, form.values(), current_user))
    if not done:
        return _detail(item, status=done.error.status, transfer_form=form)
    return saved(_("Dispatch recorded: the item is now shown as abroad."),
                 url_for("equipment.item", item_id=item_id, _anchor="transfers"))


@bp.route("/transfers/<int:transfer_id>/<any(customs_cleared, received, returned):step>", methods=["POST"])
@login_required
def transfer_step(transfer_id, step):
    transfer = load(Transfer, transfer_id, "transfer.manage")
    back = url_for("equipment.item", item_id=transfer.item_id, _anchor="transfers")
    form = StepForm()
    if not form.validate_on_submit():
        messages = [str(m) for errors in form.errors.values() for m in errors]
        flash(" ".join(messages) or _("Please correct the marked fields."), "error")
        return redirect(back)
    return act(lambda: transfer_rules.advance(transfer, step, form.values(), current_user),
               _("Step recorded: %(step)s", step=TRANSFER_STATUSES[step]), back)


# Maintenance and utilisation ----------------------------------------------------------------------------


@bp.route("/<int:item_id>/maintenance", methods=["POST"])
@login_required
def maintenance_add(item_id):
    item = load(EquipmentItem, item_id, "equipment.manage")
    form = MaintenanceForm()
    if not form.validate_on_submit():
        return _detail(item, status=400, maintenance_form=form)
    done = attempt(form, lambda: services.add_maintenance(item, form.values(), current_user))
    if not done:
        return _detail(item, status=done.error.status, maintenance_form=form)
    return saved(_("Maintenance record saved."), url_for("equipment.item", item_id=item_id, _anchor="maintenance"))


@bp.route("/utilisation")
@require("equipment.view")
def utilisation():
    default_start, default_end = year_of(viewer_today(), viewer_lang())
    form = PeriodForm(formdata=request.args if request.args.get("start") or request.args.get("end") else None)
    side_id = int_arg("side")
    if form.start.raw_data is None:
        form.start.data, form.end.data = default_start, default_end
    else:
        form.validate()
        if form.start.data is None and not form.start.errors:
            form.start.data = default_start
        if form.end.data is None and not form.end.errors:
            form.end.data = default_end
    start, end, report = form.start.data, form.end.data, None
    if not form.errors and start and end:
        if end < start:
            form.end.errors = [*form.end.errors, _("The last day cannot be before the first day.")]
        elif (end - start).days > services.MAX_PERIOD_DAYS:
            form.end.errors = [*form.end.errors, _("Choose a period of at most five years.")]
        else:
            report = services.centre_utilisation(start, end, side_id)
    return render_template("equipment/utilisation.html", form=form, report=report, side_id=side_id,
                           sides=_all_sides()), (200 if report is not None else 400)
