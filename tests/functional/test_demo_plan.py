"""The demo carries a believable plan and budget for the current year, and a signed quarterly meeting."""

from __future__ import annotations

from sqlalchemy import select

from coordinator.catalog.models import Side
from coordinator.demo.people import PASSWORD
from coordinator.extensions import db
from coordinator.meetings.models import Meeting
from coordinator.plan.budget import totals
from coordinator.plan.models import BudgetLine, PlanTarget
from coordinator.plan.years import year_of
from coordinator.viewer import side_today


def test_demo_plan_budget_and_signed_minutes(app, runner, client, login):
    assert runner.invoke(args=["demo-data", "--if-empty"]).exit_code == 0
    with app.app_context():
        for side in db.session.scalars(select(Side)):
            year = year_of(side.calendar, side_today(side))
            figures = set(db.session.scalars(select(PlanTarget.figure).where(PlanTarget.side_id == side.id,
                                                                             PlanTarget.year == year)))
            assert {"trainees.enrolled", "courses.practical_share", "exchanges.trainer_days"} <= figures
        lines = db.session.scalars(select(BudgetLine)).all()
        payers = {(t.payer, t.currency) for t in totals(lines)}
        assert ("برنامج الأمم المتحدة الإنمائي في العراق", "USD") in payers and len({c for _p, c in payers}) == 3
        closed = db.session.scalar(select(Meeting).where(Meeting.status == "closed"))
        assert len(closed.signatures) == 2 and closed.series is not None
    login("manager.khz", PASSWORD)
    html = client.get("/dashboard/").get_data(as_text=True)
    assert 'id="plan-title"' in html and "data-plan=" in html
