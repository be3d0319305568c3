"""Progress reports are kept per period and data version (progress/cache.py): a kept report is served again
while nothing changed, and never once a record it counts has changed; the meeting page's progress section is
worked out only when read, and can be loaded alone."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import event

from coordinator.extensions import db
from coordinator.progress import cache
from coordinator.progress.model import Period
from coordinator.progress.services import progress
from coordinator.viewer import side_today
from coordinator.web import Later
from tests import factories


def _queries(app):
    seen = []

    def count(*_args):
        seen.append(1)

    event.listen(db.engine, "before_cursor_execute", count)
    return seen, lambda: event.remove(db.engine, "before_cursor_execute", count)


def _proposed(app, period) -> tuple[int, int]:
    """(courses proposed in the period, SQL queries it took), asked in a request of its own."""
    with app.test_request_context("/"):
        seen, stop = _queries(app)
        try:
            return progress(period).value("courses.proposed"), len(seen)
        finally:
            stop()


def test_a_kept_report_is_served_until_a_counted_record_changes(app, sides, users):
    cache.clear()
    with app.app_context():
        today = side_today(sides["KHZ"])
        period = Period(today - timedelta(days=30), today)
        centre, standard = factories.make_centre(sides["KHZ"].id), factories.make_standard()
        factories.make_course(centre, standard, status="proposed")
    first, first_queries = _proposed(app, period)
    again, again_queries = _proposed(app, period)
    assert again == first == 1
    assert again_queries == 1 < first_queries  # only the data version was read
    with app.app_context():
        factories.make_course(centre, standard, status="proposed", name_fa="دوره مشترک برق")
    assert _proposed(app, period)[0] == 2


def test_another_period_is_not_served_a_kept_report(app, sides, users):
    cache.clear()
    with app.app_context():
        today = side_today(sides["KHZ"])
        factories.make_course(factories.make_centre(sides["KHZ"].id), factories.make_standard(), status="proposed")
    assert _proposed(app, Period(today - timedelta(days=30), today))[0] == 1
    assert _proposed(app, Period(today - timedelta(days=60), today - timedelta(days=31)))[0] == 0


def test_a_kept_report_expires(app, sides, users, monkeypatch):
    cache.clear()
    with app.app_context():
        today = side_today(sides["KHZ"])
    period = Period(today - timedelta(days=30), today)
    _proposed(app, period)
    monkeypatch.setattr(cache._reports, "ttl", 0)
    assert _proposed(app, period)[1] > 1  # worked out again


def test_the_section_is_worked_out_only_when_read():
    calls = []
    later = Later(lambda: calls.append(1) or (("period", "report")))
    assert calls == []
    period, report = later
    assert (period, report) == ("period", "report") and bool(later) and later[0] == "period"
    assert calls == [1]


def test_the_progress_section_loads_alone_for_those_who_see_the_meeting(app, sides, users, login):
    with app.app_context():
        meeting_id = factories.make_meeting(sides["KHZ"].id, status="closed")
    manager, trainer = app.test_client(), app.test_client()
    for client, name in ((manager, "manager.msn"), (trainer, "trainer.khz")):
        client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
        login(name, test_client=client)
    response = manager.get(f"/meetings/{meeting_id}/progress", headers={"X-Fragment": "1"})
    assert response.status_code == 200 and "X-Fragment" in response.headers["Vary"]
    html = response.get_data(as_text=True)
    assert "<html" not in html and not html.lstrip().startswith("<section")  # the inside of the panel, for its tab
    assert "Progress since the last meeting" in html and "Courses proposed" in html
    # The meeting page holds only a link to it (the tab fetches the inside when first opened) ...
    page = manager.get(f"/meetings/{meeting_id}").get_data(as_text=True)
    assert "Courses proposed" not in page
    url = f"/meetings/{meeting_id}/progress"
    assert f'data-fragment="{url}"' in page and f'href="{url}"' in page
    # ... which, without script, opens the section as a page of its own.
    alone = manager.get(f"/meetings/{meeting_id}/progress").get_data(as_text=True)
    assert "<html" in alone and "Courses proposed" in alone and f'href="/meetings/{meeting_id}"' in alone
    assert trainer.get(f"/meetings/{meeting_id}/progress").status_code == 403  # not among its attendees
