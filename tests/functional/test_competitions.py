"""Competition pages: list, register, participants, the results grid, medallists, and who may do what."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from coordinator.competitions.models import Competition, Participant
from coordinator.extensions import db
from tests import factories

TODAY = date.today()


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
def comp(app, sides, users):
    """A Khuzestan-organised competition that started yesterday, with a trainee of each side."""
    with app.app_context():
        skill = factories.make_standard("9999-03")
        competition = Competition(name_fa="مسابقه جوشکاری", name_ar="مسابقة اللحام", level="provincial",
                                  skill_standard_id=skill, organiser_side_id=sides["KHZ"].id,
                                  starts_on=TODAY - timedelta(days=1), ends_on=TODAY + timedelta(days=1),
                                  venue="اهواز")
        db.session.add(competition)
        khz = factories.make_trainee(sides["KHZ"].id, name_fa="فاطمه کعبی")
        msn = factories.make_trainee(sides["MSN"].id, name_fa="", name_ar="زينب الساعدي", phone="07701234567")
        spare = factories.make_trainee(sides["MSN"].id, name_fa="", name_ar="علي الحلفي", phone="07701234568")
        parts = [Participant(competition=competition, trainee_id=t) for t in (khz, msn)]
        db.session.add_all(parts)
        db.session.commit()
        return SimpleNamespace(id=competition.id, skill=skill, parts=[p.id for p in parts],
                               trainees=[khz, msn], spare=spare)


def grid(comp, *cells) -> dict:
    data = {}
    for i, (pid, (score, rank, medal)) in enumerate(zip(comp.parts, cells, strict=False)):
        data |= {f"rows-{i}-participant_id": str(pid), f"rows-{i}-score": score, f"rows-{i}-rank": rank,
                 f"rows-{i}-medal": medal}
    return data


def results(app, comp):
    with app.app_context():
        return [(p.score, p.rank, p.medal) for p in db.session.scalars(
            select(Participant).where(Participant.competition_id == comp.id).order_by(Participant.id))]


def new_form(sides, skill, **changes) -> dict:
    return {"name_fa": "المپیاد مهارت", "name_ar": "أولمبياد المهارات", "name_en": "", "level": "national",
            "skill_standard_id": str(skill), "organiser_side_id": str(sides["KHZ"].id),
            "starts_on": "2027/03/01", "ends_on": "2027/03/03", "venue": "Tehran", **changes}


def test_pages_render_for_everyone(client, login, comp):
    for user in ("admin", "liaison.msn", "manager.khz", "trainer.khz"):
        login(user)
        for url in ("/competitions/", f"/competitions/{comp.id}", "/competitions/medallists",
                    "/competitions/?level=provincial&q=%D9%84%D8%AD%D8%A7%D9%85"):
            response = client.get(url)
            assert response.status_code == 200, (user, url)
        client.post("/logout")
    login("liaison.khz")
    page = client.get(f"/competitions/{comp.id}").text
    assert "زينب الساعدي" in page and "Enter results" in page and "علي الحلفي" in page


def test_liaison_creates_and_edits_a_competition(app, client, login, sides, comp):
    login("liaison.khz")
    response = client.post("/competitions/new", data=new_form(sides, comp.skill))
    assert response.status_code == 302, response.text
    with app.app_context():
        c = db.session.scalar(select(Competition).where(Competition.level == "national"))
        cid, version = c.id, c.version
        assert (c.starts_on, c.ends_on) == (date(2027, 3, 1), date(2027, 3, 3))
    response = client.post(f"/competitions/{cid}/edit", data=new_form(sides, comp.skill, venue="Ahvaz",
                                                                       version=str(version)))
    assert response.status_code == 302
    stale = client.post(f"/competitions/{cid}/edit", data=new_form(sides, comp.skill, version=str(version)))
    assert stale.status_code == 400


def test_bad_competition_is_refused_with_messages(app, client, login, sides, comp):
    login("liaison.khz")
    response = client.post("/competitions/new", data=new_form(sides, comp.skill, name_ar="",
                                                              ends_on="2027/02/01"))
    assert response.status_code == 400
    assert "Enter the name in Arabic." in response.text
    assert "The last day cannot be before the first day." in response.text
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Competition)) == 1


def test_add_and_remove_participants(app, client, login, comp):
    login("liaison.khz")
    assert client.post(f"/competitions/{comp.id}/participants",
                       data={"trainee_id": str(comp.spare)}).status_code == 302
    duplicate = client.post(f"/competitions/{comp.id}/participants", data={"trainee_id": str(comp.spare)})
    assert duplicate.status_code == 409 and "already takes part" in duplicate.text
    assert client.post(f"/competitions/{comp.id}/participants/{comp.parts[1]}/remove").status_code == 302
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Participant)) == 2


def test_results_grid_saves_all_rows(app, client, login, comp):
    login("liaison.khz")
    page = client.get(f"/competitions/{comp.id}/results")
    assert page.status_code == 200 and "rows-1-score" in page.text
    response = client.post(f"/competitions/{comp.id}/results",
                           data=grid(comp, ("٩٢٫٥", "1", "gold"), ("88", "2", "silver")))
    assert response.status_code == 302, response.text
    assert results(app, comp) == [(Decimal("92.50"), 1, "gold"), (Decimal("88.00"), 2, "silver")]
    refused = client.post(f"/competitions/{comp.id}/participants/{comp.parts[1]}/remove")
    assert refused.status_code == 409 and "can no longer be removed" in refused.text


@pytest.mark.parametrize("cells, message", [
    ((("101", "1", "gold"), ("88", "2", "")), None),
    ((("90", "1", "gold"), ("88", "1", "")), "is already given to"),
    ((("90", "0", ""), ("88", "2", "")), None),
    ((("90", "1", "platinum"), ("88", "2", "")), "choose a medal"),
])
def test_bad_results_are_refused_and_nothing_saved(app, client, login, comp, cells, message):
    login("liaison.khz")
    response = client.post(f"/competitions/{comp.id}/results", data=grid(comp, *cells))
    assert response.status_code == 400
    assert 'class="error"' in response.text
    if message:
        assert message in response.text
    assert results(app, comp) == [(None, None, None)] * 2


def test_result_for_a_non_participant_is_a_400_and_nothing_saved(app, client, login, comp):
    login("liaison.khz")
    data = grid(comp, ("90", "1", "gold")) | {"rows-1-participant_id": "999999", "rows-1-score": "80",
                                               "rows-1-rank": "2", "rows-1-medal": ""}
    response = client.post(f"/competitions/{comp.id}/results", data=data)
    assert response.status_code == 400
    assert "not a participant of this competition" in response.text
    assert results(app, comp) == [(None, None, None)] * 2
    garbage = client.post(f"/competitions/{comp.id}/results", data={"rows-0-participant_id": "x"})
    assert garbage.status_code == 400


def test_results_wait_for_the_first_day(app, client, login, comp):
    with app.app_context():
        c = db.session.get(Competition, comp.id)
        c.starts_on, c.ends_on = TODAY + timedelta(days=5), TODAY + timedelta(days=6)
        db.session.commit()
    login("liaison.khz")
    response = client.post(f"/competitions/{comp.id}/results", data=grid(comp, ("90", "1", "gold")))
    assert response.status_code == 409 and "from the first day" in response.text
    assert results(app, comp) == [(None, None, None)] * 2


@pytest.mark.parametrize("user", ["liaison.msn", "manager.khz", "manager.msn", "trainer.khz"])
def test_others_cannot_change_a_khuzestan_competition(app, client, login, sides, comp, user):
    login(user)
    assert client.get(f"/competitions/{comp.id}/results").status_code == 403
    assert client.post(f"/competitions/{comp.id}/results", data=grid(comp, ("90", "1", "gold"))).status_code == 403
    assert client.get(f"/competitions/{comp.id}/edit").status_code == 403
    assert client.post(f"/competitions/{comp.id}/participants",
                       data={"trainee_id": str(comp.spare)}).status_code == 403
    assert client.post(f"/competitions/{comp.id}/participants/{comp.parts[0]}/remove").status_code == 403
    new = client.get("/competitions/new").status_code
    assert new == (200 if user == "liaison.msn" else 403)
    assert results(app, comp) == [(None, None, None)] * 2


def test_anonymous_is_sent_to_log_in(client, comp):
    assert client.get("/competitions/").status_code == 302
    assert client.get("/competitions/medallists").status_code == 302


def test_medallists_page_counts(app, client, login, comp):
    login("liaison.khz")
    client.post(f"/competitions/{comp.id}/results", data=grid(comp, ("90", "1", "gold"), ("85", "2", "gold")))
    page = client.get(f"/competitions/medallists?year={TODAY.year}").text
    assert page.count('data-medal="gold">1<') == 2
    assert "فاطمه کعبی" in page and "زينب الساعدي" in page
    assert 'data-medal="gold"' not in client.get("/competitions/medallists?level=national").text
    assert 'data-medal="gold"' not in client.get(f"/competitions/medallists?year={TODAY.year - 3}").text
    assert client.get("/competitions/medallists?level=bogus").status_code == 400
