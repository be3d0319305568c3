"""Budget pages: a line typed in Persian digits, amounts shown with the locale's digits and grouping, totals
per payer and currency; a future exchange day refused on the field; the Excel of one payer's lines."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

from openpyxl import load_workbook

from coordinator.extensions import db
from coordinator.plan.models import BudgetLine
from tests import factories


def _course(app, sides):
    with app.app_context():
        centre = factories.make_centre(sides["MSN"].id, name_fa="مرکز العماره", name_ar="مركز العمارة")
        return factories.make_course(centre, factories.make_standard(), status="approved")


def test_a_line_in_persian_digits_and_the_totals(app, client, login, sides, users):
    course_id = _course(app, sides)
    login("manager.msn")
    response = client.post(f"/plan/budget/courses/{course_id}", data={
        "item": "accommodation", "payer": str(sides["KHZ"].id), "currency": "IRR", "rate": "۴۲۰۰۰۰",
        "rate_on": "۱۴۰۵/۰۸/۱۰", "planned": "۱۲۵۰۰۰۰٫۵۰", "committed": "", "actual": "۱۰۰۰۰۰۰"})
    assert response.status_code == 302
    with app.app_context():
        factories.make_budget_line(course_id, sides["KHZ"].id, planned="2000000.25")
        line = db.session.query(BudgetLine).order_by(BudgetLine.id).first()
        assert (line.planned, line.actual, line.rate_on) == (Decimal("1250000.50"), Decimal("1000000.00"),
                                                             date(2026, 11, 1))
    html = client.get(f"/plan/budget/courses/{course_id}").get_data(as_text=True)
    total = html[html.index(f'data-total="{sides["KHZ"].id}:IRR"'):]
    assert "۳٬۲۵۰٬۰۰۰٫۷۵" in total[:total.index("</tr>")]
    future = client.post(f"/plan/budget/courses/{course_id}", data={
        "item": "transport", "payer": "other", "payer_name": "", "currency": "USD", "rate": "1",
        "rate_on": "۱۴۰۶/۰۱/۰۱", "planned": "10"})
    assert future.status_code == 400
    text = future.get_data(as_text=True)
    assert "نمی‌تواند در آینده باشد" in text and "نام طرف سومی" in text
    with app.app_context():
        assert db.session.query(BudgetLine).count() == 2


def test_the_excel_of_one_payer(app, client, login, sides, users):
    course_id = _course(app, sides)
    with app.app_context():
        factories.make_budget_line(course_id, sides["KHZ"].id, planned="0.10", currency="USD")
        factories.make_budget_line(course_id, sides["KHZ"].id, planned="0.20", currency="USD")
        factories.make_budget_line(course_id, sides["MSN"].id, planned="999")
    login("manager.khz")
    response = client.get("/plan/budget/export.xlsx", query_string={"payer": sides["KHZ"].id})
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.data)).active.iter_rows(min_row=2, values_only=True))
    assert [(r[3], Decimal(str(r[6]))) for r in rows] == [("USD", Decimal("0.1")), ("USD", Decimal("0.2")),
                                                          ("USD", Decimal("0.3"))]
    assert client.get("/plan/budget/export.xlsx").status_code == 400


def test_the_dashboard_and_the_meeting_report_total_the_periods_budget(app, client, login, sides, users, tmp_path):
    from coordinator.l10n.calendars import date_input_value
    from coordinator.meetings.models import Meeting
    from coordinator.meetings.report.pdf import build_meeting_report
    from coordinator.progress.model import Period
    from coordinator.progress.services import progress
    from tests.unit.test_meeting_pdf import pdf_text

    course_id = _course(app, sides)  # starts on 5 December 2026
    with app.app_context():
        factories.make_budget_line(course_id, sides["KHZ"].id, planned="1250000.50")
        factories.make_budget_line(course_id, sides["KHZ"].id, planned="2000000.25")
        factories.make_budget_line(course_id, sides["MSN"].id, planned="0.30", currency="USD")
    login("manager.khz")
    query = {"start": date_input_value(date(2026, 12, 1), "fa"), "end": date_input_value(date(2026, 12, 31), "fa")}
    html = client.get("/dashboard/", query_string=query).get_data(as_text=True)
    row = html[html.index(f'data-total="{sides["KHZ"].id}:IRR"'):]
    assert "۳٬۲۵۰٬۰۰۰٫۷۵" in row[:row.index("</tr>")]
    november = client.get("/dashboard/", query_string=query | {"start": date_input_value(date(2026, 11, 1), "fa"),
                                                               "end": date_input_value(date(2026, 11, 30), "fa")})
    assert "data-total=" not in november.get_data(as_text=True)
    with app.app_context():
        meeting = db.session.get(Meeting, factories.make_meeting(sides["KHZ"].id, status="in_progress"))
        pdf = build_meeting_report(meeting, "en", progress=progress(Period(date(2026, 12, 1), date(2026, 12, 31))))
    text = pdf_text(pdf, tmp_path)
    assert "Budget of the period" in text
    assert any("3,250,000.75" in line and "IRR" in line for line in text.splitlines())
    assert any("0.30" in line and "USD" in line for line in text.splitlines())


def test_a_line_is_changed_and_a_stale_form_refused(app, client, login, sides, users):
    course_id = _course(app, sides)
    with app.app_context():
        line_id = factories.make_budget_line(course_id, sides["KHZ"].id, planned="1000000.00")
    login("liaison.msn")
    page = client.get(f"/plan/budget/lines/{line_id}/edit")
    assert page.status_code == 200 and 'value="other"' in page.get_data(as_text=True)
    form = {"item": "tuition", "payer": "other", "payer_name": "برنامج الأمم المتحدة الإنمائي", "currency": "IRR",
            "rate": "420000", "rate_on": "۱۴۰۵/۰۸/۱۰", "planned": "۱۲۰۰۰۰۰", "committed": "0", "actual": "0",
            "version": "1"}
    assert client.post(f"/plan/budget/lines/{line_id}/edit", data=form).status_code == 302
    stale = client.post(f"/plan/budget/lines/{line_id}/edit", data=form | {"planned": "5"})
    assert stale.status_code == 409 or stale.status_code == 400
    assert "پس از آنکه شما این رکورد را باز کردید" in stale.get_data(as_text=True)
    with app.app_context():
        line = db.session.get(BudgetLine, line_id)
        assert (line.payer_side_id, line.payer_name, line.planned, line.version) == (
            None, "برنامج الأمم المتحدة الإنمائي", Decimal("1200000.00"), 2)
    other = app.test_client()
    login("liaison.khz", test_client=other)
    assert other.get(f"/plan/budget/lines/{line_id}/edit").status_code == 403
