"""Plan pages and plan against actual where managers read it: the dashboard (behind plan first), its Excel
sheet, the meeting report PDF; targets set through the form in Persian digits, bad ones refused on the field."""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook

from coordinator.extensions import db
from coordinator.meetings.models import Meeting
from coordinator.meetings.report.pdf import build_meeting_report
from coordinator.plan.models import PlanTarget
from coordinator.progress import services as progress
from tests import factories
from tests.functional.test_dashboard import _query
from tests.unit.test_meeting_pdf import make_report_meeting, pdf_text
from tests.unit.test_plan import OCT, planned  # noqa: F401  (the fixture)

ROW_RE = re.compile(r'data-plan="(\d+):([a-z_.\-0-9]+)"')


def test_the_dashboard_puts_what_is_behind_plan_first(client, login, planned, sides):  # noqa: F811
    login("manager.khz")
    html = client.get("/dashboard/", query_string=_query()).get_data(as_text=True)
    khz, msn = str(sides["KHZ"].id), str(sides["MSN"].id)
    assert ROW_RE.findall(html) == [(khz, "trainees.enrolled"), (khz, "trainees.women_share"),
                                    (msn, "trainees.enrolled"), (khz, "milestones.reached"),
                                    (msn, "exchanges.trainer_days")]
    assert html.count("Behind plan") == 0  # Persian page
    assert html.count('<span class="badge overdue">عقب‌تر از برنامه</span>') == 3
    # Plan, actual and % in Persian digits: 6.2 planned, 2 taken, 32%.
    row = html[html.index(f'data-plan="{khz}:trainees.enrolled"'):]
    row = row[:row.index("</tr>")]
    assert "۶٫۲" in row and "۳۲٪" in row
    # The plan table comes before the figures.
    assert html.index('id="plan-title"') < html.index('class="progress-report"')


def test_the_excel_has_a_plan_sheet(client, login, planned, sides):  # noqa: F811
    login("manager.msn")
    book = load_workbook(io.BytesIO(client.get("/dashboard/export.xlsx", query_string=_query()).data))
    sheet = book.worksheets[1]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [(r[6], float(r[2]), r[3], r[4]) for r in rows] == [
        ("trainees.enrolled", 6.2, 2, 32), ("trainees.women_share", 60.0, 50.0, 83),
        ("trainees.enrolled", 2.0, 2, 98), ("milestones.reached", 1.0, 3, 294),
        ("exchanges.trainer_days", 3.4, 4, 118)]


def test_the_meeting_report_shows_plan_against_actual(app, planned, sides, users, tmp_path):  # noqa: F811
    meeting_id = make_report_meeting(sides, users)
    pdf = build_meeting_report(db.session.get(Meeting, meeting_id), "en", progress=progress.progress(OCT))
    text = pdf_text(pdf, tmp_path)
    assert "Plan against actual" in text
    line = next(line for line in text.splitlines() if "Places taken by trainees" in line and "32%" in line)
    assert "6.2" in line and "Khuzestan" in line


def test_a_target_set_in_persian_digits_and_a_bad_one_refused(client, login, app, sides, users):
    login("manager.khz")
    page = client.get("/plan/")
    assert page.status_code == 200
    response = client.post("/plan/targets/new", data={
        "side_id": sides["KHZ"].id, "year": "۱۴۰۵", "figure": "trainees.enrolled", "target": "۱۲۰"})
    assert response.status_code == 302
    bad = client.post("/plan/targets/new", data={
        "side_id": sides["KHZ"].id, "year": "۱۴۰۵", "figure": "trainees.happiness", "target": "-3"})
    assert bad.status_code == 400
    html = bad.get_data(as_text=True)
    assert "شاخصی از فهرست" in html  # "choose a figure from the list"
    with app.app_context():
        rows = db.session.query(PlanTarget).all()
        assert [(r.year, r.figure, r.target) for r in rows] == [(1405, "trainees.enrolled", 120)]
    listing = client.get("/plan/").get_data(as_text=True)
    assert "۱۴۰۵" in listing and "۲۰۲۶–۲۰۲۷" in listing


@pytest.mark.parametrize("who", ["liaison.khz"])
def test_a_liaison_cannot_change_the_other_sides_target(client, login, app, sides, users, who):
    with app.app_context():
        target_id = factories.make_plan_target(sides["MSN"].id)
    login(who)
    assert client.post(f"/plan/targets/{target_id}/edit", data={"target": "5", "version": 1}).status_code == 403
    refused = client.post("/plan/targets/new", data={
        "side_id": sides["MSN"].id, "year": "2027", "figure": "trainees.enrolled", "target": "10"})
    assert refused.status_code == 400
    assert "برای طرف خود" in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.query(PlanTarget).count() == 1
