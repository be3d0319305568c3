"""The dashboard's period without dates: since the last meeting of the chosen series, else the current quarter
of the viewer's calendar; presets for this month, quarter, year and since the last meeting."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest

from coordinator.extensions import db
from coordinator.l10n.calendars import date_input_value
from coordinator.meetings.models import Meeting, MeetingSeries
from coordinator.progress import presets
from coordinator.progress import views as dashboard
from tests import factories

TODAY = date(2026, 12, 6)  # 15 Azar 1405


def test_presets_in_each_calendar():
    assert presets.this_month(TODAY, "fa") == (date(2026, 11, 22), TODAY)  # 1 Azar
    assert presets.this_quarter(TODAY, "fa") == (date(2026, 9, 23), TODAY)  # 1 Mehr: autumn
    assert presets.this_year(TODAY, "fa") == (date(2026, 3, 21), TODAY)  # 1 Farvardin 1405
    assert presets.this_month(TODAY, "ar") == (date(2026, 12, 1), TODAY)
    assert presets.this_quarter(TODAY, "en") == (date(2026, 10, 1), TODAY)
    assert presets.this_year(TODAY, "ar") == (date(2026, 1, 1), TODAY)


@pytest.fixture
def today(monkeypatch):
    monkeypatch.setattr(dashboard, "viewer_today", lambda: TODAY)


def _start(html: str) -> str:
    return re.search(r'name="start"[^>]*value="([^"]*)"|value="([^"]*)"[^>]*name="start"', html).group(1)


def test_default_is_the_quarter_else_since_the_series_last_meeting(app, client, login, sides, users, today):
    with app.app_context():
        quarterly = MeetingSeries(name_fa="جلسات فصلی", name_ar="الاجتماعات الفصلية")
        db.session.add(quarterly)
        db.session.commit()
        series_id = quarterly.id
        in_series = factories.make_meeting(sides["KHZ"].id, status="closed",
                                           starts_at=datetime(2026, 11, 10, 6, 0, tzinfo=UTC))
        db.session.get(Meeting, in_series).series_id = series_id
        factories.make_meeting(sides["KHZ"].id, status="closed", starts_at=datetime(2026, 11, 30, 6, 0, tzinfo=UTC))
        db.session.commit()
    login("manager.khz")
    html = client.get("/dashboard/").get_data(as_text=True)
    assert _start(html) == date_input_value(date(2026, 9, 23), "fa")  # 1405/07/01: the quarter
    html = client.get("/dashboard/", query_string={"series": series_id}).get_data(as_text=True)
    assert _start(html) == date_input_value(date(2026, 11, 11), "fa")  # the day after the series' meeting
    # The presets: month, quarter, year, and since the last meeting of any series (30 November).
    links = dict(re.findall(r'href="([^"]+)" data-preset="(\w+)"', html))
    by_name = {name: href for href, name in links.items()}
    assert set(by_name) == {"month", "quarter", "year", "meeting"}
    assert client.get(by_name["month"].replace("&amp;", "&")).status_code == 200
    assert f"series={series_id}" in by_name["year"]
    assert client.get("/dashboard/", query_string={"series": "999"}).status_code == 400
