"""The inbox with its bell, the preferences page, and the admins' outbox with the mail folder."""

from __future__ import annotations

from flask import abort, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectField

from ..auth.permissions import login_required, require
from ..extensions import db
from ..forms import BaseForm, choices
from ..viewer import viewer_lang
from ..web import act, attempt, int_arg, saved
from . import inbox
from .blueprint import bp
from .kinds import KINDS
from .models import MODES, STATUSES, Delivery, OutboxEvent
from .render import link_of, sentence


@bp.route("/inbox")
@login_required
def listing():
    unread_only = request.args.get("show") == "unread"
    pagination = db.paginate(inbox.inbox_query(current_user, unread_only), page=int_arg("page", 1),
                             per_page=current_app.config["PAGE_SIZE"] * 4, error_out=False)
    lang = viewer_lang()
    notices = [{"id": d.id, "text": sentence(d.event, lang), "at": d.event.created_at, "unread": d.read_at is None,
                "link": link_of(d.event)} for d in pagination.items]
    return render_template("notifications/inbox.html", pagination=pagination, notices=notices,
                           unread_only=unread_only)


@bp.route("/inbox/open")
@login_required
def follow():
    """Open a notice: it is read, and the record it speaks of is shown."""
    notice = inbox.own_notice(current_user, int_arg("id"))
    if notice is None:
        return redirect(url_for("notifications.listing"))
    inbox.mark_read(current_user, [notice.id])
    db.session.commit()
    return redirect(link_of(notice.event) or url_for("notifications.listing"))


@bp.route("/inbox/read", methods=["POST"])
@login_required
def mark_read():
    ident = request.form.get("id", "")
    ids = None if request.form.get("all") else [int(ident)] if ident.isdigit() and len(ident) < 10 else []
    return act(lambda: inbox.mark_read(current_user, ids), None, url_for("notifications.listing"))


def preferences_form(current: dict):
    class PreferencesForm(BaseForm):
        pass

    for code, kind in KINDS.items():
        offered = [("immediate", MODES["immediate"])] if kind.mandatory else list(MODES.items())
        setattr(PreferencesForm, inbox.field_name(code), SelectField(kind.label, choices=choices(offered),
                                                                     default=current[code]))
    return PreferencesForm()


@bp.route("/inbox/preferences", methods=["GET", "POST"])
@login_required
def preferences():
    current = inbox.preferences_of(current_user)
    form = preferences_form(current)
    if form.validate_on_submit():
        modes = {code: form[inbox.field_name(code)].data for code in KINDS}
        if attempt(form, lambda: inbox.set_preferences(current_user, modes)):
            return saved(_("Your notification preferences are saved."), url_for("notifications.preferences"))
    rows = [(KINDS[code], form[inbox.field_name(code)]) for code in KINDS]
    return render_template("notifications/preferences.html", form=form, rows=rows), 400 if form.errors else 200


@bp.route("/admin/notifications")
@require("notifications.admin")
def outbox():
    status = request.args.get("status", "failed")
    stmt = (db.select(Delivery).join(OutboxEvent, Delivery.event_id == OutboxEvent.id)
            .where(Delivery.channel != "inbox").order_by(Delivery.id.desc()))
    if status in STATUSES:
        stmt = stmt.where(Delivery.status == status)
    pagination = db.paginate(stmt, page=int_arg("page", 1), per_page=current_app.config["PAGE_SIZE"] * 4,
                             error_out=False)
    lang = viewer_lang()
    rows = [(d, sentence(d.event, lang)) for d in pagination.items]
    return render_template("notifications/outbox.html", pagination=pagination, rows=rows, status=status,
                           statuses=STATUSES, mails=inbox.mail_files(),
                           mail_server=current_app.config.get("MAIL_SERVER"))


@bp.route("/admin/notifications/mail")
@require("notifications.admin")
def mail_file():
    found = inbox.mail_file(request.args.get("name", ""))
    if found is None:
        return redirect(url_for("notifications.outbox"))
    return render_template("notifications/mail.html", mail=found)


@bp.route("/admin/notifications/retry", methods=["POST"])
@require("notifications.admin")
def retry():
    back = url_for("notifications.outbox")
    ident = request.form.get("id", "")
    delivery = db.session.get(Delivery, int(ident)) if ident.isdigit() and len(ident) < 10 else None
    if delivery is None:
        return redirect(back)
    if delivery.channel == "inbox":
        abort(404)
    return act(lambda: inbox.retry(delivery, current_user), _("The delivery will be tried again."), back)
