"""Trainee search never reveals a masked national ID or a phone number piece by piece.

The lists show the ID masked (•••••••890). If a search matched any part of it, "1", "12", "123" ... would
tell which prefixes exist and give the whole ID away in some eighty searches. So IDs and phones match
only when typed whole (in any digit set, with or without separators, +98 or 0); names keep matching by any
folded part. Checked on every place trainees are searched: the list, the roster and competition pickers, the
API's trainee list and its roster search.
"""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

import pytest

from coordinator.competitions import services as competition_services
from coordinator.competitions.models import Competition
from coordinator.courses import enrolment as enrolment_rules
from coordinator.courses.models import Course
from coordinator.extensions import db
from tests import factories
from tests.functional.test_api_access import make_tokens

FATEMEH, ALI = "فاطمه کعبی", "علي الساعدي"
PARTS = (
    "1", "12", "123", "12345", "123456789", "234567890", "4567890", "890",  # pieces of Fatemeh's ID
    "۱۲۳۴۵", "١٢٣٤٥٦٧٨٩",  # ... in Persian and Arabic-Indic digits
    "0916", "09161234", "1234567", "9161234567", "+98916123",  # pieces of her phone
    "0770", "7654321",  # pieces of Ali's phone
)
WHOLE = {
    "1234567890": {FATEMEH},
    "۱۲۳۴۵۶۷۸۹۰": {FATEMEH},
    "١٢٣٤٥٦٧٨٩٠": {FATEMEH},
    "123-456-7890": {FATEMEH},
    "09161234567": {FATEMEH},
    "۰۹۱۶ ۱۲۳ ۴۵۶۷": {FATEMEH},
    "+98 916 123 4567": {FATEMEH},
    "00989161234567": {FATEMEH},
    "9876543210": {ALI},
    "07707654321": {ALI},
    "+964 770 765 4321": {ALI},
    "00964-770-765-4321": {ALI},
    # Names still match by any part, in either spelling.
    "کعب": {FATEMEH},
    "علی": {ALI},
    "الساعدی": {ALI},
}


@pytest.fixture
def people(app, sides, users):
    """Two trainees, one per side, so a search that found everyone would not pass for a match."""
    with app.app_context():
        fatemeh = factories.make_trainee(sides["KHZ"].id, name_fa=FATEMEH, phone="09161234567",
                                         national_id="1234567890")
        ali = factories.make_trainee(sides["MSN"].id, name_fa="", name_ar=ALI, phone="+9647707654321",
                                     national_id="9876543210")
        centre = factories.make_centre(sides["KHZ"].id)
        standard = factories.make_standard()
        today = date.today()
        course = factories.make_course(centre, standard, status="running",
                                       start=today - timedelta(days=5), end=today + timedelta(days=30))
        rostered = factories.make_course(centre, factories.make_standard(code="7212-02"), status="running",
                                         start=today - timedelta(days=5), end=today + timedelta(days=30))
        for trainee in (fatemeh, ali):
            factories.make_enrolment(rostered, trainee)
        competition = Competition(name_fa="مسابقه جوشکاری", name_ar="مسابقة اللحام", level="provincial",
                                  skill_standard_id=standard, organiser_side_id=sides["KHZ"].id,
                                  starts_on=today, ends_on=today + timedelta(days=1), venue="اهواز")
        db.session.add(competition)
        db.session.commit()
        return SimpleNamespace(course=course, rostered=rostered, competition=competition.id,
                               tokens=make_tokens(users, "read"))


def shown(html: str) -> set[str]:
    return {name for name in (FATEMEH, ALI) if name in html}


def test_trainee_list_matches_whole_ids_and_phones_only(app, client, login, people):
    login("admin")
    for part in PARTS:
        assert shown(client.get("/trainees/", query_string={"q": part}).text) == set(), part
    for query, expected in WHOLE.items():
        assert shown(client.get("/trainees/", query_string={"q": query}).text) == expected, query


def test_roster_picker_matches_whole_ids_and_phones_only(app, client, login, people):
    # The picker offers both sides' trainees: the other side's IDs must not leak through it either.
    login("liaison.khz")
    url = f"/courses/{people.course}/roster"
    assert shown(client.get(url).text) == {FATEMEH, ALI}
    for part in PARTS:
        assert shown(client.get(url, query_string={"q": part}).text) == set(), part
    for query, expected in WHOLE.items():
        assert shown(client.get(url, query_string={"q": query}).text) == expected, query


def test_competition_picker_matches_whole_ids_and_phones_only(app_ctx, people):
    competition = db.session.get(Competition, people.competition)
    course = db.session.get(Course, people.course)

    def found(query):
        picked = {t.name_fa or t.name_ar for t in competition_services.trainee_choices(competition, query)[0]}
        assert picked == {t.name_fa or t.name_ar for t in enrolment_rules.trainee_choices(course, query)[0]}
        return picked

    for part in PARTS:
        assert found(part) == set(), part
    for query, expected in WHOLE.items():
        assert found(query) == expected, query


def test_api_matches_whole_ids_and_phones_only(app, client, people):
    headers = {"Authorization": f"Bearer {people.tokens['admin']}"}

    def names(url, query):
        response = client.get(url, query_string={"q": query}, headers=headers)
        assert response.status_code == 200, response.text
        items = response.get_json()["items"]
        return {(item.get("trainee") or item)["name_fa"] or (item.get("trainee") or item)["name_ar"]
                for item in items}

    for url in ("/api/v1/trainees", f"/api/v1/courses/{people.rostered}/enrolments"):
        for part in PARTS:
            assert names(url, part) == set(), (url, part)
        for query, expected in WHOLE.items():
            assert names(url, query) == expected, (url, query)


def test_search_keys_command_rewrites_keys_saved_under_the_old_rules(app, runner, client, login, people):
    """Rows saved before this rule kept the ID and the phone in their search key: `flask search-keys` fixes
    them (and any key an older fold computed) without a version bump or an audit entry."""
    from sqlalchemy import func, select, update

    from coordinator.audit import AuditEntry
    from coordinator.trainees.models import Trainee

    with app.app_context():
        db.session.execute(update(Trainee).values(name_phone_key="stale", id_key="stale"))
        db.session.execute(update(Trainee).where(Trainee.name_fa == FATEMEH).values(
            search_key=Trainee.search_key + " | 09161234567 | 1234567890"))
        db.session.execute(update(Course).values(search_key="stale"))
        db.session.commit()
        versions = dict(db.session.execute(select(Trainee.id, Trainee.version)).all())
        audited = db.session.scalar(select(func.count()).select_from(AuditEntry))
    login("admin")
    assert shown(client.get("/trainees/", query_string={"q": "12345"}).text) == {FATEMEH}  # the leak, stored

    result = runner.invoke(args=["search-keys"])
    assert result.exit_code == 0, result.output
    assert "trainees 2" in result.output and "courses 2" in result.output
    assert shown(client.get("/trainees/", query_string={"q": "12345"}).text) == set()
    assert shown(client.get("/trainees/", query_string={"q": "+98 916 123 4567"}).text) == {FATEMEH}
    assert shown(client.get("/trainees/", query_string={"q": "9876543210"}).text) == {ALI}
    with app.app_context():
        assert dict(db.session.execute(select(Trainee.id, Trainee.version)).all()) == versions
        assert db.session.scalar(select(func.count()).select_from(AuditEntry)) == audited
        assert db.session.scalar(select(func.count()).select_from(Course).where(Course.search_key == "stale")) == 0
    again = runner.invoke(args=["search-keys"])
    assert again.exit_code == 0 and "none changed" in again.output
