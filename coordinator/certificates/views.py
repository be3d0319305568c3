"""Certificates of a course: the list, issuing them, the PDF, revoking one."""

from __future__ import annotations

from urllib.parse import quote

from flask import abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from ..auth.permissions import can, login_required
from ..catalog.models import Side
from ..courses.models import Course
from ..extensions import db
from ..l10n.digits import Shown
from ..reports.certificate_pdf import render_certificate, render_certificates
from ..web import act, attempt, commit, load, permit
from . import (
    roster_export,  # noqa: F401  (its route joins the courses blueprint too)
    services,
    signatories,
)
from .blueprint import courses_bp as bp


def _certificate(number: str, action: str):
    """The certificate of that number, if the user may do `action` on its course."""
    certificate = services.find(number) or abort(404)
    permit(action, certificate.enrolment.course)
    return certificate


def _english() -> bool:
    """?english=1 adds the English page after each certificate."""
    return request.args.get("english") in ("1", "true", "yes")


def _signatures() -> dict:
    return signatories.blocks(db.session.scalars(db.select(Side.id)))


@bp.route("/<int:course_id>/certificates", endpoint="certificates")
@login_required
def certificate_list(course_id):
    course = load(Course, course_id, "course.view")
    return render_template(
        "certificates/list.html", course=course, certificates=services.certificates_of(course),
        pending=services.pending_enrolments(course), may_manage=can(current_user, "course.manage", course),
    )


@bp.route("/<int:course_id>/certificates/issue", methods=["POST"])
@login_required
def issue_certificates(course_id):
    course = load(Course, course_id, "course.manage")
    back = redirect(url_for("courses.certificates", course_id=course.id))
    done = attempt(None, lambda: services.issue_certificates(course, current_user))
    if not done:
        return back
    try:
        commit()
    except IntegrityError:
        # Someone issued the same certificates at the same moment: theirs stand, nothing is lost.
        db.session.rollback()
        flash(_("Certificates were being issued for this course at the same time. Reload and check."), "error")
        return back
    if done.result:
        flash(ngettext("%(count)s certificate issued.", "%(count)s certificates issued.", len(done.result),
                       count=Shown(len(done.result))), "success")
    else:
        flash(_("No new certificates: everyone who completed the course already has one."), "info")
    return back


@bp.route("/certificates/<number>.pdf")
@login_required
def certificate_pdf(number):
    certificate = _certificate(number, "course.view")
    pdf = render_certificate(certificate, delivered=services.delivered(certificate.enrolment.course),
                             signatures=_signatures(), english=_english())
    trainee = certificate.enrolment.trainee
    ascii_name = f"certificate-{certificate.number}.pdf"  # the number is ASCII letters, digits and dashes
    # RFC 6266 / 5987: browsers that read filename* save it with the trainee's name as written.
    full_name = f"{trainee.name_fa or trainee.name_ar} {certificate.number}.pdf"
    response = make_response(pdf)
    response.headers["Content-Type"] = "application/pdf"
    response.headers["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(full_name, safe='')}"
    )
    return response


@bp.route("/<int:course_id>/certificates.pdf", endpoint="certificates_pdf")
@login_required
def certificates_pdf(course_id):
    """Every valid certificate of the course in one PDF, a page each, to print them at once."""
    course = load(Course, course_id, "course.view")
    certificates = [c for c in services.certificates_of(course) if c.valid]
    if not certificates:
        abort(404)
    delivered = services.delivered(course)
    pdf = render_certificates(certificates, {c.id: delivered for c in certificates}, signatures=_signatures(),
                              english=_english())
    response = make_response(pdf)
    response.headers["Content-Type"] = "application/pdf"
    response.headers["Content-Disposition"] = f'attachment; filename="certificates-{course.code}.pdf"'
    return response


@bp.route("/certificates/<number>/revoke", methods=["POST"])
@login_required
def revoke_certificate(number):
    certificate = _certificate(number, "course.manage")
    return act(lambda: services.revoke(certificate, current_user, request.form.get("reason", "")),
               _("Certificate %(number)s was revoked.", number=certificate.number),
               url_for("courses.certificates", course_id=certificate.enrolment.course_id))
