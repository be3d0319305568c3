"""A course's roster as an Excel workbook: places, waiting list and withdrawals with attendance, results and
certificate numbers. It lives with certificates, which know courses, so courses need not know certificates;
its address stays on the courses blueprint (/courses/<id>/roster.xlsx)."""

from __future__ import annotations

from flask import Response
from flask_babel import gettext as _
from sqlalchemy import select

from ..auth.permissions import login_required
from ..courses import roster as roster_data
from ..courses.course_views import _course
from ..courses.models import Enrolment
from ..extensions import db
from ..reports.excel import XLSX_MIMETYPE, workbook
from ..viewer import viewer_lang
from .blueprint import courses_bp as bp
from .models import Certificate


@bp.route("/<int:course_id>/roster.xlsx")
@login_required
def roster_export(course_id):
    course = _course(course_id)
    roster = roster_data.roster(course)
    # One query for every certificate number, not one per trainee.
    numbers = dict(db.session.execute(
        select(Certificate.enrolment_id, Certificate.number)
        .join(Enrolment, Certificate.enrolment_id == Enrolment.id)
        .where(Enrolment.course_id == course.id)
    ).all())
    headers = [_("Name in Persian"), _("Name in Arabic"), _("Side"), _("Gender"), _("Target group"),
               _("Status"), _("Attendance"), _("Theory score"), _("Practice score"), _("Certificate number")]
    rows = []
    waiting = [enrolment for _position, enrolment in roster.waiting]
    for enrolment in [*roster.holding, *waiting, *roster.withdrawn]:
        trainee = enrolment.trainee
        figure = roster.attendance.of(enrolment.id)
        rows.append((
            trainee.name_fa, trainee.name_ar, trainee.side.name, str(trainee.gender_label),
            "، ".join(g.name for g in trainee.target_groups), str(enrolment.status_label),
            figure.percent if enrolment in roster.holding else None, enrolment.theory_score,
            enrolment.practice_score, numbers.get(enrolment.id, ""),
        ))
    data = workbook(_("Roster"), headers, rows, rtl=viewer_lang() != "en", lang=viewer_lang())
    filename = f"roster-{course.code}.xlsx"
    return Response(data, mimetype=XLSX_MIMETYPE,
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})
