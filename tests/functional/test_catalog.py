"""Reference data pages: every kind is listed, searched, created, edited and deleted the same way."""

from __future__ import annotations

import re
from datetime import date
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from coordinator.audit import AuditEntry
from coordinator.catalog.models import BorderCrossing, Centre, Holiday, Side, SkillStandard, TargetGroup
from coordinator.demo import reference as demo_reference
from coordinator.errors import ValidationFailed
from coordinator.extensions import db
from coordinator.l10n.folding import fold
from tests import factories

MODELS = {"sides": Side, "holidays": Holiday, "centres": Centre, "standards": SkillStandard,
          "target-groups": TargetGroup, "crossings": BorderCrossing}


def count(app, model, *where) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).where(*where))


def fetch(app, model, *where):
    with app.app_context():
        obj = db.session.scalar(select(model).where(*where))
        return obj and SimpleNamespace(**{a.key: getattr(obj, a.key) for a in obj.__mapper__.column_attrs})


def audits(app, **filters):
    with app.app_context():
        rows = db.session.scalars(select(AuditEntry).filter_by(**filters).order_by(AuditEntry.id)).all()
        return [SimpleNamespace(action=r.action, user_id=r.user_id, changes=r.changes) for r in rows]


def field_has_error(html: str, name: str) -> bool:
    for chunk in html.split('<div class="field')[1:]:
        if f'name="{name}"' in chunk.split("</div>", 1)[0]:
            return chunk.startswith(" has-error")
    raise AssertionError(f"no field {name!r} on the page")


def valid_form(kind: str, sides=None, version=None, /, **changes) -> dict:
    khz = str(sides["KHZ"].id) if sides else ""
    data = {
        "sides": {"name_fa": "بصره", "name_ar": "البصرة", "code": "BSR", "country_code": "IQ",
                  "organisation_fa": "مرکز آموزش بصره", "organisation_ar": "مركز تدريب البصرة",
                  "timezone": "Asia/Baghdad", "calendar": "gregorian", "weekend": ["4", "5"]},
        "holidays": {"name_fa": "روز ملی", "name_ar": "اليوم الوطني", "side_id": khz, "day": "۱۴۰۵/۰۹/۰۵"},
        "centres": {"name_fa": "مرکز آموزش شوشتر", "name_ar": "مركز التدريب في تستر", "name_en": "Shushtar",
                    "side_id": khz, "kind": "government", "city_fa": "شوشتر", "city_ar": "تستر",
                    "address": "", "contact_name": "", "phone": "", "email": ""},
        "standards": {"name_fa": "جوشکاری", "name_ar": "اللحام", "code": "7212-09", "theory_hours": "۶۰",
                      "practice_hours": "١٤٠"},
        "target-groups": {"name_fa": "سربازان", "name_ar": "الجنود", "code": "soldiers", "sort_order": "۹"},
        "crossings": {"name_fa": "گذرگاه شلمچه", "name_ar": "منفذ الشلامجة", "notes": "", "sort_order": "2"},
    }[kind]
    return {"active": "y", **data, **({} if version is None else {"version": str(version)}), **changes}


@pytest.fixture
def admin(users, login):
    login("admin")
    return users["admin"]


@pytest.mark.parametrize("who", ["admin", "liaison_khz", "trainer_msn", "manager_msn"])
def test_every_kind_is_listed_for_every_role(app, client, login, users, who):
    with app.app_context():
        demo_reference.load()
        db.session.commit()
    login(users[who].username)
    shown_by_kind = {"sides": "به وقت بغداد", "holidays": "ملی شدن صنعت نفت", "centres": "خرمشهر",
                     "standards": "جوشکاری برق", "target-groups": "کودکان کار", "crossings": "گذرگاه مرزی چذابه"}
    for kind, shown in shown_by_kind.items():
        response = client.get(f"/catalog/{kind}/")
        assert response.status_code == 200 and shown in response.get_data(as_text=True), kind
    assert "۱۲" in client.get("/catalog/centres/").get_data(as_text=True)  # 12 demo centres, Persian digits
    assert (client.get("/catalog/teachers/").status_code, client.get("/catalog/").status_code) == (404, 302)


@pytest.mark.parametrize("kind", list(MODELS))
def test_admin_creates_every_kind_with_an_audit_entry(app, client, admin, sides, kind):
    before = count(app, MODELS[kind])
    response = client.post(f"/catalog/{kind}/new", data=valid_form(kind, sides))
    assert response.status_code == 302 and count(app, MODELS[kind]) == before + 1
    [entry] = audits(app, entity=MODELS[kind].__tablename__, action="create", user_id=admin.id)
    assert entry.changes["name_fa"] == [None, valid_form(kind, sides)["name_fa"]]


def test_created_centre_has_folded_search_key_and_audit(app, client, admin, sides):
    data = valid_form("centres", sides, phone="۰۶۱-۳۶۲۲۱", email="info@fanni-khz.ir")
    response = client.post("/catalog/centres/new", data=data)
    assert response.status_code == 302 and response.headers["Location"].endswith("/catalog/centres/")
    centre = fetch(app, Centre, Centre.name_fa == "مرکز آموزش شوشتر")
    assert (centre.side_id, centre.version, centre.email) == (sides["KHZ"].id, 1, "info@fanni-khz.ir")
    assert fold("مركز التدريب في تستر") in centre.search_key and "061-36221" in centre.search_key
    [entry] = audits(app, entity="centres", entity_id=str(centre.id))
    assert (entry.action, entry.user_id, entry.changes["name_fa"]) == ("create", admin.id, [None, "مرکز آموزش شوشتر"])
    assert not {"version", "search_key", "updated_by_id"} & set(entry.changes)


@pytest.mark.parametrize("changes, field", [
    ({"name_ar": ""}, "name_ar"), ({"name_ar": "   "}, "name_ar"), ({"name_fa": "ا" * 201}, "name_fa"),
    ({"side_id": "999"}, "side_id"), ({"kind": "mosque"}, "kind"), ({"email": "not-an-email"}, "email"),
])
def test_invalid_centre_is_refused_and_nothing_written(app, client, admin, sides, changes, field):
    before, audit_before = count(app, Centre), count(app, AuditEntry)
    response = client.post("/catalog/centres/new", data=valid_form("centres", sides, **changes))
    assert response.status_code == 400 and field_has_error(response.get_data(as_text=True), field)
    assert (count(app, Centre), count(app, AuditEntry)) == (before, audit_before)


def test_edit_with_current_version_saves_and_audits_the_change(app, client, admin, sides):
    with app.app_context():
        cid = factories.make_centre(sides["KHZ"].id, name_fa="مرکز آموزش شوشتر", name_ar="مركز التدريب في تستر",
                                    name_en="Shushtar")
    url = f"/catalog/centres/{cid}/edit"
    assert 'name="version" type="hidden" value="1"' in client.get(url).get_data(as_text=True)
    data = valid_form("centres", sides, 1, city_fa="اهواز", city_ar="الأهواز", phone="061-1234")
    assert client.post(url, data=data).status_code == 302
    centre = fetch(app, Centre, Centre.id == cid)
    assert (centre.phone, centre.city_fa, centre.version, centre.updated_by_id) == ("061-1234", "اهواز", 2, admin.id)
    [entry] = audits(app, entity="centres", action="update")
    assert entry.user_id == admin.id and entry.changes == {"phone": ["", "061-1234"]}


# A form posted without its version is as stale as one with an old version.
@pytest.mark.parametrize("version", ["1", None])
def test_stale_edit_is_refused_and_names_who_changed_it(app, client, admin, sides, login, version):
    with app.app_context():
        factories.make_user("admin", username="parisa", full_name="پریسا نوری")
        cid = factories.make_centre(sides["KHZ"].id, name_en="Ahvaz")
    url = f"/catalog/centres/{cid}/edit"
    assert client.get(url).status_code == 200  # the form is opened at version 1
    login("parisa", test_client=(other := app.test_client()))
    assert other.post(url, data=valid_form("centres", sides, 1, city_fa="شوش")).status_code == 302
    response = client.post(url, data=valid_form("centres", sides, version, city_fa="دزفول"))
    assert response.status_code == 400 and "پریسا نوری" in response.text and 'value="دزفول"' in response.text
    assert (fetch(app, Centre, Centre.id == cid).city_fa, fetch(app, Centre, Centre.id == cid).version) == ("شوش", 2)
    assert len(audits(app, entity="centres", action="update")) == 1


@pytest.mark.parametrize("theory, practice, stored", [
    ("۶۰", "١٤٠", (60, 140)), ("60", "۱۴0", (60, 140)), ("6O", "140", None), ("-5", "140", None),
    ("60", "−1", None), ("60", "", None), ("60", "5001", None),
])
def test_standard_hours_in_any_digits(app, client, admin, theory, practice, stored):
    data = valid_form("standards", None, theory_hours=theory, practice_hours=practice)
    response = client.post("/catalog/standards/new", data=data)
    standard = fetch(app, SkillStandard, SkillStandard.code == "7212-09")
    assert response.status_code == (400 if stored is None else 302)
    assert (standard and (standard.theory_hours, standard.practice_hours)) == stored
    if stored:  # the list shows the hours and the practical share in the reader's digits
        html = client.get("/catalog/standards/").get_data(as_text=True)
        assert "۶۰" in html and "۱۴۰" in html and "۷۰٪" in html and "below-norm" not in html
        assert "70%" in client.get("/catalog/standards/", headers={"Accept-Language": "en"}).get_data(as_text=True)


def test_duplicate_standard_code_is_refused_on_the_code_field(app, client, admin):
    with app.app_context():
        factories.make_standard("7212-09", theory=40, practice=80)
    audit_before = count(app, AuditEntry)
    response = client.post("/catalog/standards/new", data=valid_form("standards"), headers={"Accept-Language": "en"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and field_has_error(html, "code")
    assert "Another record already uses this code." in html
    assert (count(app, SkillStandard), count(app, AuditEntry)) == (1, audit_before)
    assert re.search(r'class="num below-norm">\s*۶۷٪', client.get("/catalog/standards/").get_data(as_text=True))


@pytest.mark.parametrize("lang, typed, ok", [
    ("fa", "۱۴۰۵/۰۹/۰۵", True), ("fa", "1405-9-5", True), ("ar", "٢٠٢٦/١١/٢٦", True), ("ar", "26/11/2026", True),
    ("ar", "1405/09/05", False),  # a Jalali year typed by an Arabic reader: refused, never converted
    ("fa", "2026/11/26", False),  # a Gregorian year typed by a Persian reader
    ("fa", "1404/12/30", False), ("fa", "۱۴۰۵/۱۳/۰۱", False),  # 1404 is no leap year; there is no 13th month
])
def test_holiday_date_in_the_viewers_calendar(app, client, admin, sides, lang, typed, ok):
    response = client.post("/catalog/holidays/new", data=valid_form("holidays", sides, day=typed),
                           headers={"Accept-Language": lang})
    if not ok:
        assert response.status_code == 400 and field_has_error(response.get_data(as_text=True), "day")
        assert count(app, Holiday) == 0 and count(app, AuditEntry, AuditEntry.entity == "holidays") == 0
        return
    assert response.status_code == 302 and fetch(app, Holiday).day == date(2026, 11, 26)
    assert "۵ آذر ۱۴۰۵" in client.get("/catalog/holidays/").get_data(as_text=True)
    again = client.post("/catalog/holidays/new", data=valid_form("holidays", sides, name_fa="دیگر"))
    assert again.status_code == 400 and field_has_error(again.get_data(as_text=True), "day")  # same side, day
    other_side = valid_form("holidays", sides, side_id=str(sides["MSN"].id))
    assert client.post("/catalog/holidays/new", data=other_side).status_code == 302
    assert count(app, Holiday) == 2


@pytest.mark.parametrize("query", [
    "علی", "کز", "عـلـی", "عَلِيّ", "ALI", "مرکز   علی",  # Persian ی/ک, tatweel, harakat, case, spaces
    "۱۲", "١٢", "۰۶۱۳",  # Persian and Arabic-Indic digits find ASCII ones (name and phone)
])
def test_search_folds_spellings_and_digits(app, client, admin, sides, query):
    with app.app_context():
        factories.make_centre(sides["MSN"].id, name_fa="مركز علي 12", name_ar="مركز علي الغربي", name_en="Ali",
                              phone="0613-555")
        factories.make_centre(sides["KHZ"].id, name_fa="آموزشگاه نخل", name_ar="معهد النخيل")
    html = client.get("/catalog/centres/", query_string={"q": query}).get_data(as_text=True)
    assert "مركز علي 12" in html and "آموزشگاه نخل" not in html
    assert "مركز علي 12" not in client.get("/catalog/centres/?q=تهران").get_data(as_text=True)


def test_side_filter_on_centres(app, client, admin, sides):
    with app.app_context():
        factories.make_centre(sides["KHZ"].id, name_fa="مرکز اهواز")
        factories.make_centre(sides["MSN"].id, name_fa="مرکز العماره")
    html = client.get(f"/catalog/centres/?side={sides['MSN'].id}").get_data(as_text=True)
    assert "مرکز العماره" in html and "مرکز اهواز" not in html
    for bad in ("abc", "-1", "0"):  # ignored: both sides are shown
        html = client.get(f"/catalog/centres/?side={bad}").get_data(as_text=True)
        assert "مرکز العماره" in html and "مرکز اهواز" in html


def test_pagination_never_fails(app, client, admin, sides):
    with app.app_context():
        for city in ["اهواز", "آبادان", "خرمشهر", "دزفول", "شوشتر", "بهبهان", "ایذه"]:
            factories.make_centre(sides["KHZ"].id, name_fa=f"مرکز آموزش {city}")
    first, second = (client.get(f"/catalog/centres/?page={n}").get_data(as_text=True) for n in (1, 2))
    assert "مرکز آموزش اهواز" in first and "مرکز آموزش بهبهان" not in first
    assert "مرکز آموزش بهبهان" in second and "مرکز آموزش ایذه" in second and "مرکز آموزش اهواز" not in second
    for page in ("-1", "x", "0", "99", "۲", "1.5"):
        assert client.get(f"/catalog/centres/?page={page}").status_code == 200, page


@pytest.mark.parametrize("arg", ["page", "side"])
def test_huge_page_or_side_number_is_not_a_server_error(client, admin, arg):
    assert client.get(f"/catalog/centres/?{arg}=99999999999999999999").status_code == 200


def test_delete_unused_centre_with_audit(app, client, admin, sides):
    with app.app_context():
        cid = factories.make_centre(sides["KHZ"].id, name_fa="مرکز حذفی")
    for stale in ({"version": "0"}, {}):  # a stale form, or none at all: refused
        assert client.post(f"/catalog/centres/{cid}/delete", data=stale).status_code == 302
        assert count(app, Centre) == 1
    response = client.post(f"/catalog/centres/{cid}/delete", data={"version": "1"})
    assert response.headers["Location"].endswith("/catalog/centres/") and count(app, Centre) == 0
    [entry] = audits(app, entity="centres", action="delete")
    assert entry.user_id == admin.id and entry.changes["name_fa"] == ["مرکز حذفی", None]


def test_side_in_use_cannot_be_deleted(app, client, admin, sides):
    msn = sides["MSN"].id  # has users
    response = client.post(f"/catalog/sides/{msn}/delete", data={"version": "1"}, follow_redirects=True)
    assert "flash-error" in response.get_data(as_text=True) and count(app, Side, Side.id == msn) == 1
    assert client.post("/catalog/sides/new", data=valid_form("sides", sides)).status_code == 302
    bsr = fetch(app, Side, Side.code == "BSR").id
    with app.app_context():
        cid = factories.make_centre(bsr)
    assert client.post(f"/catalog/sides/{bsr}/delete", data={"version": "1"}).status_code == 302
    assert count(app, Side, Side.id == bsr) == 1  # in use by a centre
    assert client.post(f"/catalog/centres/{cid}/delete", data={"version": "1"}).status_code == 302
    assert client.post(f"/catalog/sides/{bsr}/delete", data={"version": "1"}).status_code == 302
    assert count(app, Side, Side.id == bsr) == 0 and len(audits(app, entity="sides", action="delete")) == 1


@pytest.mark.parametrize("timezone, weekend, status, stored", [
    ("Asia/Tehran", ["5", "4"], 302, "4,5"), ("Asia/Tehran", [], 302, ""),
    ("Mars/Olympus", ["4", "5"], 400, "4"), ("Europe/Paris", ["4", "5"], 400, "4"),
])
def test_side_weekend_and_timezone(app, client, admin, sides, timezone, weekend, status, stored):
    data = valid_form("sides", sides, 1, code="KHZ", timezone=timezone, weekend=weekend)
    assert client.post(f"/catalog/sides/{sides['KHZ'].id}/edit", data=data).status_code == status
    assert fetch(app, Side, Side.id == sides["KHZ"].id).weekend_days == stored


@pytest.mark.parametrize("who", ["liaison_khz", "trainer_msn", "manager_khz", None])
def test_only_admins_manage_reference_data(app, client, login, users, sides, who):
    with app.app_context():
        db.session.add(Holiday(side_id=sides["KHZ"].id, day=date(2026, 3, 21), name_fa="نوروز", name_ar="نوروز"))
        db.session.commit()
        ids = {kind: db.session.scalar(select(model.id).limit(1)) for kind, model in MODELS.items()
               if kind not in ("centres", "standards")}
        ids.update(centres=factories.make_centre(sides["KHZ"].id), standards=factories.make_standard())
    if who:
        login(users[who].username)
    counts = {kind: count(app, model) for kind, model in MODELS.items()}, count(app, AuditEntry)
    for kind, rid in ids.items():
        for method, url in [("get", "new"), ("post", "new"), ("get", f"{rid}/edit"), ("post", f"{rid}/edit"),
                            ("post", f"{rid}/delete")]:
            response = getattr(client, method)(f"/catalog/{kind}/{url}", data=valid_form(kind, sides, 1))
            if who:
                assert response.status_code == 403, (kind, method, url)
            else:
                assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    assert ({kind: count(app, model) for kind, model in MODELS.items()}, count(app, AuditEntry)) == counts
    assert who or client.get("/catalog/centres/").headers["Location"].startswith("/login")


def test_admin_sets_a_target_groups_waiting_priority_in_any_digits(app, client, admin, sides):
    with app.app_context():
        group = TargetGroup(code="soldiers", name_fa="سربازان", name_ar="الجنود", name_en="Soldiers")
        other = TargetGroup(code="nomads", name_fa="عشایر", name_ar="البدو", name_en="Nomads")
        db.session.add_all([group, other])
        db.session.commit()
        group_id = group.id
    form = valid_form("target-groups", sides, 1, waiting_priority="۲")
    response = client.post(f"/catalog/target-groups/{group_id}/edit", data=form)
    assert response.status_code == 302
    assert fetch(app, TargetGroup, TargetGroup.code == "soldiers").waiting_priority == 2
    assert fetch(app, TargetGroup, TargetGroup.code == "nomads").waiting_priority is None
    listing = client.get("/catalog/target-groups/?q=soldiers").get_data(as_text=True)
    row = listing.split("<td>سربازان</td>", 1)[1].split("</tr>", 1)[0]
    assert "<td>۲</td>" in row
    bad = client.post(f"/catalog/target-groups/{group_id}/edit",
                      data=valid_form("target-groups", sides, 2, waiting_priority="0"))
    assert bad.status_code == 400 and field_has_error(bad.get_data(as_text=True), "waiting_priority")
    assert fetch(app, TargetGroup, TargetGroup.code == "soldiers").waiting_priority == 2


def test_an_expired_licence_keeps_a_private_institute_from_hosting_a_course(app, client, users, login, sides):
    from coordinator.courses import services as course_services

    with app.app_context():
        institute = factories.make_centre(sides["KHZ"].id, name_fa="آموزشگاه آزاد نخل", name_ar="معهد النخيل",
                                          kind="private", licence_number="KH-1", licence_valid_until=date(2027, 1, 10))
        public = factories.make_centre(sides["KHZ"].id)
        standard = factories.make_standard()
        from coordinator.auth.models import User

        user = db.session.get(User, users["admin"].id)
        values = {"name_fa": "دوره", "name_ar": "دورة", "skill_standard_id": standard, "host_centre_id": institute,
                  "start_date": date(2027, 1, 2), "end_date": date(2027, 1, 20), "capacity": 10,
                  "theory_hours": 10, "practice_hours": 20, "language": "fa_ar", "delivery": "centre"}
        with pytest.raises(ValidationFailed) as caught:
            course_services.create_course(values, user)
        assert caught.value.problems[0][0] == "host_centre_id"
        from flask_babel import force_locale
        with force_locale("en"):
            message = str(caught.value.problems[0][1])
        assert "is valid until" in message and "before the course ends" in message
        db.session.rollback()
        assert course_services.create_course({**values, "end_date": date(2027, 1, 10)}, user).id
        assert course_services.create_course({**values, "host_centre_id": public}, user).id  # no licence needed
        db.session.rollback()
    login("admin")
    form = valid_form("centres", sides, None, kind="private", licence_number="KH-2", licence_valid_until="۱۴۰۶/۰۱/۰۱",
                      accreditation="suspended")
    assert client.post("/catalog/centres/new", data=form).status_code == 302
    saved_centre = fetch(app, Centre, Centre.licence_number == "KH-2")
    assert (saved_centre.accreditation, saved_centre.licence_valid_until) == ("suspended", date(2027, 3, 21))
