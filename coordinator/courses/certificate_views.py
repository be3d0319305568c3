"""Certificates of a course: the list, issuing them, the PDF, revoking one."""

from __future__ import annotations

from urllib.parse import quote

from flask import abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from ..auth.permissions import can, require
from ..errors import DomainError
from ..extensions import db
from ..l10n.digits import Shown
from ..reports.certificate_pdf import render_certificate
from . import certificates
from .blueprint import bp
from .models import Course


def _course(course_id: int) -> Course:
    return db.session.get(Course, course_id) or abort(404)


def _certificate(number: str):
    return certificates.find(number) or abort(404)


def _certificate_course(number: str) -> Course:
    return _certificate(number).enrolment.course


@bp.route("/<int:course_id>/certificates", endpoint="certificates")
@require("course.view", lambda course_id: _course(course_id))
def certificate_list(course_id):
    course = _course(course_id)
    return render_template(
        "certificates/list.html", course=course, certificates=certificates.certificates_of(course),
        pending=certificates.pending_enrolments(course), may_manage=can(current_user, "course.manage", course),
    )


@bp.route("/<int:course_id>/certificates/issue", methods=["POST"])
@require("course.manage", lambda course_id: _course(course_id))
def issue_certificates(course_id):
    course = _course(course_id)
    try:
        issued = certificates.issue_certificates(course, current_user)
        db.session.commit()
    except DomainError as exc:
        db.session.rollback()
        flash(str(exc.message), "error")
    except IntegrityError:
        # Someone issued the same certificates at the same moment: theirs stand, nothing is lost.
        db.session.rollback()
        flash(_("Certificates were being issued for this course at the same time. Reload and check."), "error")
    else:
        if issued:
            flash(ngettext("%(count)s certificate issued.", "%(count)s certificates issued.", len(issued),
                           count=Shown(len(issued))), "success")
        else:
            flash(_("No new certificates: everyone who completed the course already has one."), "info")
    return redirect(url_for("courses.certificates", course_id=course.id))


@bp.route("/certificates/<number>.pdf")
@require("course.view", lambda number: _certificate_course(number))
def certificate_pdf(number):
    certificate = _certificate(number)
    pdf = render_certificate(certificate)
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


@bp.route("/certificates/<number>/revoke", methods=["POST"])
@require("course.manage", lambda number: _certificate_course(number))
def revoke_certificate(number):
    certificate = _certificate(number)
    course_id = certificate.enrolment.course_id
    try:
        certificates.revoke(certificate, current_user, request.form.get("reason", ""))
        db.session.commit()
    except DomainError as exc:
        db.session.rollback()
        flash(str(exc.message), "error")
    else:
        flash(_("Certificate %(number)s was revoked.", number=certificate.number), "success")
    return redirect(url_for("courses.certificates", course_id=course_id))
