"""Agro-industry pages: tracks, milestones and the timeline; who may change what; refused input."""

from __future__ import annotations

import re
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from coordinator.agro.models import Milestone, Track, TrackLead
from coordinator.extensions import db
from coordinator.l10n.calendars import IRAQI_MONTHS, JALALI_MONTHS
from tests import factories


@pytest.fixture
def client(app):
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def login(client):
    def do_login(username: str):
        response = client.post("/login", data={"username": username, "password": factories.PASSWORD})
        assert response.status_code == 302, response.get_data(as_text=True)

    return do_login


@pytest.fixture
def data(app, sides, users):
    """A track with a Khuzestan milestone done long ago, an overdue one depending on it, and a Maysan one."""
    with app.app_context():
        today = date.today()
        track = Track(name_fa="فرآوری خرما", name_ar="تصنيع التمور", name_en="Date-palm processing")
        track.leads.append(TrackLead(side_id=sides["KHZ"].id, name="لیلا نیسی"))
        first = Milestone(track=track, side_id=sides["KHZ"].id, name_fa="نیازسنجی", name_ar="تقييم الاحتياجات",
                          starts_on=today - timedelta(days=90), due_on=today - timedelta(days=60), status="done",
                          progress=100, done_on=today - timedelta(days=61))
        late = Milestone(track=track, side_id=sides["KHZ"].id, name_fa="برنامه درسی", name_ar="المنهج",
                         name_en="Curriculum", starts_on=today - timedelta(days=50),
                         due_on=today - timedelta(days=10), status="in_progress", progress=40, depends_on=[first])
        maysan = Milestone(track=track, side_id=sides["MSN"].id, name_fa="دوره مشترک", name_ar="الدورة المشتركة",
                           due_on=today + timedelta(days=30), status="planned", progress=0, depends_on=[late])
        db.session.add(track)
        db.session.commit()
        return SimpleNamespace(track=track.id, first=first.id, late=late.id, maysan=maysan.id, sides=sides)


def _milestone_form(d, **extra):
    values = {"name_fa": "گام تازه", "name_ar": "مرحلة جديدة", "side_id": str(d.sides["KHZ"].id),
              "due_on": "2027-03-01", "status": "planned", "progress": "10"}
    return values | extra


ALL = ("admin", "liaison.khz", "liaison.msn", "manager.khz", "manager.msn", "trainer.khz")


@pytest.mark.parametrize("username", ALL)
def test_everyone_reads_the_pages(client, login, data, username):
    login(username)
    for url in ("/agro/", f"/agro/{data.track}", f"/agro/tracks/{data.track}/timeline",
                f"/agro/milestones/{data.late}"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "style=" not in response.get_data(as_text=True)


def test_anonymous_is_sent_to_log_in(client, data):
    assert client.get("/agro/").status_code == 302


def test_track_page_marks_overdue(client, login, data):
    login("manager.khz")
    html = client.get(f"/agro/{data.track}").get_data(as_text=True)
    assert "Overdue" in html and "Curriculum" in html
    assert "New milestone" not in html  # managers read only
    assert f"/agro/milestones/{data.late}/edit" not in html


@pytest.mark.parametrize(("username", "status"), [("manager.khz", 403), ("trainer.khz", 403),
                                                  ("liaison.msn", 200), ("admin", 200)])
def test_who_may_create_tracks(client, login, data, username, status):
    login(username)
    assert client.get("/agro/new").status_code == status
    assert client.get(f"/agro/{data.track}/edit").status_code == status


def test_liaison_creates_a_track_with_leads(client, login, app, data):
    login("liaison.msn")
    response = client.post("/agro/new", data={
        "name_fa": "لبنیات", "name_ar": "الألبان", f"lead_{data.sides['KHZ'].id}": "لیلا نیسی",
        f"lead_{data.sides['MSN'].id}": "نور البهادلي"})
    assert response.status_code == 302
    with app.app_context():
        track = db.session.scalar(select(Track).where(Track.name_fa == "لبنیات"))
        assert {lead.name for lead in track.leads} == {"لیلا نیسی", "نور البهادلي"}


def test_track_needs_both_titles(client, login, app, data):
    login("liaison.khz")
    response = client.post("/agro/new", data={"name_fa": "لبنیات"})
    assert response.status_code == 400
    assert "Enter the title in Arabic." in response.get_data(as_text=True)


@pytest.mark.parametrize(("username", "status"), [("liaison.msn", 403), ("manager.khz", 403),
                                                  ("trainer.khz", 403), ("liaison.khz", 200), ("admin", 200)])
def test_who_may_edit_a_khuzestan_milestone(client, login, data, username, status):
    login(username)
    assert client.get(f"/agro/milestones/{data.late}/edit").status_code == status


def test_maysan_liaison_cannot_post_to_a_khuzestan_milestone(client, login, app, data):
    login("liaison.msn")
    response = client.post(f"/agro/milestones/{data.late}/edit", data=_milestone_form(data, progress="90"))
    assert response.status_code == 403
    with app.app_context():
        assert db.session.get(Milestone, data.late).progress == 40


def test_managers_cannot_add_milestones(client, login, data):
    login("manager.msn")
    assert client.post(f"/agro/{data.track}/milestones", data=_milestone_form(data)).status_code == 403


def test_liaison_adds_a_milestone_of_their_side(client, login, app, data):
    login("liaison.khz")
    response = client.post(f"/agro/{data.track}/milestones",
                           data=_milestone_form(data, depends_on_ids=[str(data.first)]))
    assert response.status_code == 302
    with app.app_context():
        added = db.session.scalar(select(Milestone).where(Milestone.name_fa == "گام تازه"))
        assert added.progress == 10 and [d.id for d in added.depends_on] == [data.first]


def test_liaison_cannot_add_for_the_other_side(client, login, app, data):
    login("liaison.khz")
    response = client.post(f"/agro/{data.track}/milestones",
                           data=_milestone_form(data, side_id=str(data.sides["MSN"].id)))
    assert response.status_code == 400
    with app.app_context():
        assert db.session.scalar(select(func.count(Milestone.id))) == 3


@pytest.mark.parametrize("progress", ["150", "-5", "abc"])
def test_bad_progress_is_a_clear_message(client, login, app, data, progress):
    login("liaison.khz")
    response = client.post(f"/agro/{data.track}/milestones", data=_milestone_form(data, progress=progress))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert re.search(r"Enter (a number no (larger|smaller) than|a whole number)", html)
    with app.app_context():
        assert db.session.scalar(select(func.count(Milestone.id))) == 3


def test_cycle_is_refused_and_nothing_written(client, login, app, data):
    login("liaison.khz")
    with app.app_context():
        version = db.session.get(Milestone, data.first).version
    response = client.post(f"/agro/milestones/{data.first}/edit", data=_milestone_form(
        data, name_fa="نیازسنجی", name_ar="تقييم الاحتياجات", status="planned", progress="20",
        depends_on_ids=[str(data.maysan)], version=str(version)))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "would make a cycle" in html and "Curriculum" in html
    with app.app_context():
        first = db.session.get(Milestone, data.first)
        assert first.depends_on == [] and first.status == "done" and first.progress == 100


def test_done_before_dependency_is_refused(client, login, app, data):
    login("admin")
    with app.app_context():
        version = db.session.get(Milestone, data.maysan).version
    response = client.post(f"/agro/milestones/{data.maysan}/edit", data=_milestone_form(
        data, side_id=str(data.sides["MSN"].id), status="done", depends_on_ids=[str(data.late)],
        version=str(version)))
    assert response.status_code == 400
    assert "cannot be done before what it depends on" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Milestone, data.maysan).status == "planned"


def test_blocked_needs_a_reason(client, login, data):
    login("liaison.khz")
    response = client.post(f"/agro/{data.track}/milestones", data=_milestone_form(data, status="blocked"))
    assert response.status_code == 400
    assert "Say why the milestone is blocked." in response.get_data(as_text=True)


def test_timeline_in_persian_uses_jalali_months(client, login, data):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "fa"
    login("manager.khz")
    html = client.get(f"/agro/tracks/{data.track}/timeline").get_data(as_text=True)
    assert "<svg" in html and 'direction="rtl"' in html
    assert any(name in html for name in JALALI_MONTHS)
    assert not any(name in html for name in ("كانون الثاني", "شباط", "تشرين"))
    assert "overdue" in html and "dir=\"rtl\"" in html


def test_timeline_in_arabic_uses_iraqi_months(client, login, data):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "ar"
    login("liaison.msn")
    html = client.get(f"/agro/tracks/{data.track}/timeline").get_data(as_text=True)
    assert any(name in html for name in IRAQI_MONTHS)
    assert not any(name in html for name in ("فروردین", "اردیبهشت", "مهر", "آبان"))


def test_timeline_in_english_flows_left_to_right(client, login, data):
    login("admin")
    html = client.get(f"/agro/tracks/{data.track}/timeline").get_data(as_text=True)
    assert 'direction="ltr"' in html and "Today" in html


def test_unknown_records_are_404(client, login, data):
    login("admin")
    assert client.get("/agro/999999").status_code == 404
    assert client.get("/agro/milestones/999999").status_code == 404
    assert client.get("/agro/milestones/999999/edit").status_code == 404
