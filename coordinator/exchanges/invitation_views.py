"""Invitation letters: issued by the host side from a trip's page, downloaded as a PDF by whoever may see
the trainer, checked by a consulate on a public page (no log-in, rate-limited like certificates)."""

from __future__ import annotations

from datetime import timedelta

from flask import abort, current_app, make_response, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import ratelimit
from ..auth.permissions import login_required
from ..extensions import db
from ..reports.invitation_pdf import render_invitation
from ..web import attempt, client_address, load, permit, saved
from . import invitations
from .blueprint import bp
from .models import Assignment

MAX_LOOKUPS = 30
WINDOW = timedelta(minutes=10)


@bp.route("/assignments/<int:assignment_id>/invitation", methods=["POST"])
@login_required
def invitation_issue(assignment_id):
    assignment = load(Assignment, assignment_id, "assignment.confirm")
    done = attempt(None, lambda: invitations.issue(assignment, current_user))
    if not done:  # the refusal is flashed on the trip's page
        return redirect(url_for("exchanges.assignment_detail", assignment_id=assignment.id))
    letter = done.result
    return saved(_("Invitation letter %(number)s issued.", number=letter.number),
                 url_for("exchanges.invitation_pdf", letter_number=letter.number))


@bp.route("/invitations/<letter_number>.pdf")
@login_required
def invitation_pdf(letter_number):
    letter = invitations.find(letter_number)
    if letter is None:
        abort(404)
    if letter.assignment is None:  # a study visit's delegate: whoever may see the visit
        permit("visit.view", letter.visit_delegate.visit, conceal=current_user.role == "trainer")
    else:
        permit("trainer.view", letter.assignment.trainer, conceal=current_user.role == "trainer")
    verify_url = url_for("exchanges.invitation_verify", letter_number=letter.number, _external=True)
    response = make_response(render_invitation(invitations.letter_data(letter, verify_url)))
    response.headers["Content-Type"] = "application/pdf"
    response.headers["Content-Disposition"] = f'inline; filename="invitation-{letter.number}.pdf"'
    return response


@bp.route("/invitations/verify/<letter_number>")
def invitation_verify(letter_number):
    allowed = ratelimit.hit("verify-invitation", client_address(),
                            int(current_app.config.get("VERIFY_MAX_LOOKUPS", MAX_LOOKUPS)), WINDOW)
    db.session.commit()
    if not allowed:
        return render_template("certificates/verify_limited.html"), 429
    found = invitations.lookup_public(letter_number)
    response = make_response(render_template("exchanges/invitation_verify.html", letter=found),
                             200 if found else 404)
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    response.headers["Cache-Control"] = "no-store"
    return response
