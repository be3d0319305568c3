"""Trainee pages: register, correct, find duplicates, keep national IDs masked, import from CSV and Excel."""

from __future__ import annotations

import io
import json
import re
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from coordinator.audit import AuditEntry
from coordinator.catalog.models import TargetGroup
from coordinator.extensions import db
from coordinator.trainees import importing as trainee_import
from coordinator.trainees.models import Trainee
from tests import factories

NATIONAL_ID = "1234567890"
# The whole ID in every digit set: none of these may ever appear on a page.
FULL_ID_FORMS = (NATIONAL_ID, "۱۲۳۴۵۶۷۸۹۰", "١٢٣٤٥٦٧٨٩٠")


@pytest.fixture(autouse=True)
def import_folder(app, tmp_path, monkeypatch):
    folder = tmp_path / "imports"
    monkeypatch.setitem(app.config, "IMPORT_FOLDER", str(folder))
    return folder


@pytest.fixture
def english(client):
    """Pages in English, so tests can read the messages whatever the catalogs hold."""
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def count(app, *where) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Trainee).where(*where))


def fetch(app, *where):
    with app.app_context():
        obj = db.session.scalar(select(Trainee).where(*where))
        return obj and SimpleNamespace(**{a.key: getattr(obj, a.key) for a in obj.__mapper__.column_attrs},
                                       target_group_ids=obj.target_group_ids)


def audits(app, **filters):
    with app.app_context():
        rows = db.session.scalars(select(AuditEntry).filter_by(**filters).order_by(AuditEntry.id)).all()
        return [SimpleNamespace(action=r.action, user_id=r.user_id, changes=r.changes) for r in rows]


def group_id(app, code: str) -> int:
    with app.app_context():
        return db.session.scalar(select(TargetGroup.id).where(TargetGroup.code == code))


def field_errors(html: str, name: str) -> list[str]:
    for chunk in html.split('<div class="field')[1:]:
        block = chunk.split("</div>", 1)[0]
        if f'name="{name}"' in block:
            return re.findall(r'<p class="error" role="alert">(.*?)</p>', block)
    raise AssertionError(f"no field {name!r} on the page")


def form(sides, version=None, /, **changes) -> dict:
    data = {"name_fa": "زهرا موسوی", "name_ar": "زهراء الموسوي", "gender": "f", "side_id": str(sides["KHZ"].id),
            "target_group_ids": [], "birth_date": "۱۳۸۰/۰۵/۱۲", "education": "secondary",
            "phone": "۰۹۱۶ ۱۲۳-۴۵۶۷", "national_id": ""}
    if version is not None:
        data["version"] = str(version)
    return {**data, **changes}


def make(app, side_id, **extra) -> int:
    with app.app_context():
        extra.setdefault("birth_date", date(2001, 8, 3))
        return factories.make_trainee(side_id, **extra)


# Registering and correcting ------------------------------------------------------------------------------


def test_liaison_registers_a_trainee_typed_in_persian_digits(app, client, login, users, sides):
    login("liaison.khz")
    data = form(sides, national_id="۰۰۱۲-۳۴۵۶۷۸", target_group_ids=str(group_id(app, "rural_job_seekers")))
    response = client.post("/trainees/new", data=data)
    assert response.status_code == 302
    trainee = fetch(app, Trainee.name_fa == "زهرا موسوی")
    assert response.headers["Location"].endswith(f"/trainees/{trainee.id}")
    assert (trainee.phone, trainee.national_id, trainee.birth_date) == ("09161234567", "0012345678", date(2001, 8, 3))
    assert (trainee.side_id, trainee.gender, trainee.version) == (sides["KHZ"].id, "f", 1)
    assert trainee.name_phone_key == "زهرا موسوی|09161234567" and trainee.id_key == "0012345678"
    [entry] = audits(app, entity="trainees", action="create")
    assert entry.user_id == users["liaison_khz"].id and entry.changes["national_id"] == [None, "••••"]


def test_the_audit_trail_never_holds_the_whole_national_id(app, client, login, users, sides):
    login("liaison.khz")
    assert client.post("/trainees/new", data=form(sides, national_id=NATIONAL_ID)).status_code == 302
    assert NATIONAL_ID not in json.dumps([entry.changes for entry in audits(app, entity="trainees")])


@pytest.mark.parametrize("changes, field", [
    ({"name_fa": "", "name_ar": "  "}, "name_fa"),
    ({"name_fa": "ا" * 201}, "name_fa"),
    ({"gender": ""}, "gender"),
    ({"education": ""}, "education"),
    ({"phone": ""}, "phone"),
    ({"phone": "۰۹۱۶"}, "phone"),
    ({"phone": "0916 abc 4567"}, "phone"),
    ({"national_id": "۱۲۳"}, "national_id"),
    ({"national_id": "ب۱۲۳۴۵۶"}, "national_id"),
    ({"birth_date": ""}, "birth_date"),
    ({"birth_date": "۱۴۰۰/۰۱/۰۱"}, "birth_date"),  # five years old
    ({"birth_date": "۱۳۰۵/۰۱/۰۱"}, "birth_date"),  # a hundred
    ({"birth_date": "2001/08/03"}, "birth_date"),  # a Gregorian year on a Persian page
    ({"target_group_ids": "999"}, "target_group_ids"),
    ({"side_id": "999"}, "side_id"),
])
def test_invalid_trainee_is_refused_on_its_field_and_nothing_written(app, client, login, users, sides, changes,
                                                                      field):
    login("liaison.khz")
    response = client.post("/trainees/new", data=form(sides, **changes))
    assert response.status_code == 400 and field_errors(response.text, field)
    assert count(app) == 0 and not audits(app, entity="trainees")


def test_every_problem_of_the_form_is_shown_at_once(app, english, login, users, sides):
    login("liaison.khz")
    response = english.post("/trainees/new", data=form(sides, name_fa="", name_ar="", gender="", phone="12",
                                                       national_id="x", birth_date="2001-08-03"))
    assert response.status_code == 400
    for field in ("name_fa", "gender", "phone", "national_id"):
        assert field_errors(response.text, field), field
    assert "Enter the name as written in Persian or in Arabic" in response.text


def test_liaison_registers_for_own_side_only_admin_for_any(app, client, login, users, sides):
    login("liaison.khz")
    page = client.get("/trainees/new").text
    assert f'value="{sides["MSN"].id}"' not in page.split('name="side_id"')[1].split("</select>")[0]
    response = client.post("/trainees/new", data=form(sides, side_id=str(sides["MSN"].id)))
    assert response.status_code == 400 and field_errors(response.text, "side_id") and count(app) == 0
    login("admin", test_client=(admin := app.test_client()))
    assert admin.post("/trainees/new", data=form(sides, side_id=str(sides["MSN"].id))).status_code == 302
    assert fetch(app, Trainee.name_fa == "زهرا موسوی").side_id == sides["MSN"].id


def test_duplicate_by_name_and_phone_is_refused_naming_the_trainee(app, english, login, users, sides):
    existing = make(app, sides["KHZ"].id, name_fa="فاطمه کعبی", phone="09161234567", national_id=NATIONAL_ID)
    login("liaison.khz")
    # Arabic letters and Arabic-Indic digits: the same person under the folded key.
    data = form(sides, name_fa="فاطمة كعبي", name_ar="", phone="٠٩١٦١٢٣٤٥٦٧", birth_date="٢٠٠١/٠٨/٠٣")
    response = english.post("/trainees/new", data=data)
    assert response.status_code == 400 and count(app) == 1
    errors = field_errors(response.text, "different_person")
    assert errors and "فاطمه کعبی" in errors[0] and "•••••••890" in errors[0]
    assert not any(full in response.text for full in FULL_ID_FORMS)
    # Ticking "a different person" registers them, and the audit trail says who decided so.
    response = english.post("/trainees/new", data={**data, "different_person": "y"})
    assert response.status_code == 302 and count(app) == 2
    [entry] = audits(app, entity="trainees", action="create", user_id=users["liaison_khz"].id)
    assert entry.changes["confirmed_not_duplicate_of"] == [None, str(existing)]


def test_duplicate_by_national_id_and_by_arabic_name(app, english, login, users, sides):
    make(app, sides["MSN"].id, name_fa="", name_ar="علي حسين", phone="07701234567", national_id="A12345")
    login("admin")
    by_id = form(sides, name_fa="شخص دیگر", phone="09990000000", national_id="a-12345", birth_date="2001-08-03")
    assert english.post("/trainees/new", data=by_id).status_code == 400
    by_arabic_name = {**by_id, "name_fa": "علی حسین", "name_ar": "علي حسين", "phone": "0770 123 4567",
                      "national_id": ""}
    response = english.post("/trainees/new", data=by_arabic_name)
    assert response.status_code == 400 and field_errors(response.text, "different_person")
    assert count(app) == 1


def test_detail_list_and_edit_never_show_the_whole_national_id(app, client, login, users, sides):
    tid = make(app, sides["KHZ"].id, national_id=NATIONAL_ID)
    login("liaison.khz")
    # Searching by the whole ID (typed with dashes) finds the trainee; only the search box shows what was typed.
    assert "•••••••۸۹۰" in client.get("/trainees/?q=123-456-7890").text
    for url in ("/trainees/", f"/trainees/{tid}", f"/trainees/{tid}/edit", "/trainees/?q=123-456-7890"):
        page = client.get(url).text
        assert "•••••••۸۹۰" in page, url
        assert not any(full in page for full in FULL_ID_FORMS), url
    # A stale save must not show it either, in the "saved meanwhile" values.
    response = client.post(f"/trainees/{tid}/edit", data=form(sides, 0, name_fa="فاطمه کعبی"))
    assert response.status_code == 400 and not any(full in response.text for full in FULL_ID_FORMS)


def test_edit_keeps_replaces_or_removes_the_national_id(app, client, login, users, sides):
    tid = make(app, sides["KHZ"].id, name_fa="فاطمه کعبی", national_id=NATIONAL_ID)
    login("liaison.khz")
    url = f"/trainees/{tid}/edit"
    data = form(sides, 1, name_fa="فاطمه کعبی", phone="09161234567")
    assert client.post(url, data=data).status_code == 302
    assert fetch(app, Trainee.id == tid).national_id == NATIONAL_ID
    assert client.post(url, data={**data, "version": "2", "national_id": "۹۸۷۶۵"}).status_code == 302
    assert fetch(app, Trainee.id == tid).national_id == "98765"
    assert client.post(url, data={**data, "version": "3", "clear_national_id": "y"}).status_code == 302
    trainee = fetch(app, Trainee.id == tid)
    assert (trainee.national_id, trainee.id_key, trainee.version) == (None, None, 4)


def test_edit_saves_and_audits_the_change(app, client, login, users, sides):
    tid = make(app, sides["KHZ"].id, name_fa="فاطمه کعبی", phone="09161234567")
    login("liaison.khz")
    url = f"/trainees/{tid}/edit"
    page = client.get(url).text
    assert 'name="version" type="hidden" value="1"' in page and 'value="فاطمه کعبی"' in page
    assert client.post(url, data=form(sides, 1, name_fa="فاطمه کعبی", phone="09160000000")).status_code == 302
    trainee = fetch(app, Trainee.id == tid)
    assert (trainee.phone, trainee.version, trainee.updated_by_id) == ("09160000000", 2, users["liaison_khz"].id)
    [entry] = audits(app, entity="trainees", action="update")
    assert entry.changes["phone"] == ["09161234567", "09160000000"]


def test_editing_into_a_duplicate_is_refused(app, client, login, users, sides):
    make(app, sides["KHZ"].id, name_fa="فاطمه کعبی", phone="09161234567")
    other = make(app, sides["KHZ"].id, name_fa="مریم کعبی", phone="09161234567")
    login("liaison.khz")
    data = form(sides, 1, name_fa="فاطمه کعبی", name_ar="", phone="09161234567")
    response = client.post(f"/trainees/{other}/edit", data=data)
    assert response.status_code == 400 and fetch(app, Trainee.id == other).name_fa == "مریم کعبی"
    # Saving the trainee's own record unchanged is not a duplicate of itself.
    data = form(sides, 1, name_fa="مریم کعبی", name_ar="", phone="09161234567")
    assert client.post(f"/trainees/{other}/edit", data=data).status_code == 302


def test_a_retired_target_group_is_kept_on_edit_but_not_offered_to_new_trainees(app, client, login, users, sides):
    gid = group_id(app, "child_labourers")
    tid = make(app, sides["KHZ"].id, name_fa="فاطمه کعبی", target_group_id=gid)
    with app.app_context():
        db.session.get(TargetGroup, gid).active = False
        db.session.commit()
    login("liaison.khz")
    assert f'value="{gid}"' not in client.get("/trainees/new").text
    assert re.search(rf'<input checked [^>]*value="{gid}"', client.get(f"/trainees/{tid}/edit").text)
    data = form(sides, 1, name_fa="فاطمه کعبی", phone="09161234567", target_group_ids=str(gid), education="none")
    assert client.post(f"/trainees/{tid}/edit", data=data).status_code == 302
    assert fetch(app, Trainee.id == tid).target_group_ids == [gid]
    response = client.post("/trainees/new", data=form(sides, target_group_ids=str(gid)))
    assert response.status_code == 400 and count(app) == 1


def test_services_refuse_users_who_may_not_manage_trainees(app_ctx, sides, users):
    from coordinator.auth.models import User
    from coordinator.trainees import services as trainee_services

    manager = db.session.get(User, users["manager_khz"].id)
    values = {"name_fa": "زهرا", "gender": "f", "side_id": sides["KHZ"].id, "birth_date": date(2001, 1, 1),
              "education": "none", "phone": "09160000000"}
    # A manager keeps no side's trainees: the side is refused on the field, whichever way the rows come in.
    for call in (lambda: trainee_services.create_trainee(values, manager),
                 lambda: trainee_services.import_trainees([values], manager)):
        with pytest.raises(trainee_services.TraineeInvalid) as caught:
            call()
        assert [field for field, _message in caught.value.problems] == ["side_id"]
    liaison = db.session.get(User, users["liaison_msn"].id)
    with pytest.raises(trainee_services.TraineeInvalid) as caught:
        trainee_services.create_trainee(values, liaison)
    assert [field for field, _message in caught.value.problems] == ["side_id"]
    assert db.session.scalar(select(func.count()).select_from(Trainee)) == 0


@pytest.mark.parametrize("version", ["1", None])
def test_stale_edit_is_refused_and_names_who_changed_it(app, client, login, users, sides, version):
    with app.app_context():
        factories.make_user("liaison", sides["KHZ"].id, username="parisa", full_name="پریسا نوری")
    tid = make(app, sides["KHZ"].id, name_fa="فاطمه کعبی")
    url = f"/trainees/{tid}/edit"
    login("liaison.khz")
    assert client.get(url).status_code == 200
    login("parisa", test_client=(other := app.test_client()))
    assert other.post(url, data=form(sides, 1, name_fa="فاطمه کعبی", education="bachelor")).status_code == 302
    response = client.post(url, data=form(sides, version, name_fa="فاطمه کعبی", education="primary"))
    assert response.status_code == 400 and "پریسا نوری" in response.text
    assert 'class="stale"' in response.text and 'name="version" type="hidden" value="2"' in response.text
    trainee = fetch(app, Trainee.id == tid)
    assert (trainee.education, trainee.version) == ("bachelor", 2)


# Who sees what -------------------------------------------------------------------------------------------


def test_liaison_sees_and_changes_only_own_sides_trainees(app, client, login, users, sides):
    khz = make(app, sides["KHZ"].id, name_fa="فاطمه کعبی", phone="09161111111")
    msn = make(app, sides["MSN"].id, name_fa="", name_ar="علي الساعدي", phone="07701111111")
    login("liaison.khz")
    page = client.get("/trainees/").text
    assert "فاطمه کعبی" in page and "علي الساعدي" not in page
    assert "علي الساعدي" not in client.get(f"/trainees/?side={sides['MSN'].id}&q=علی").text
    assert client.get(f"/trainees/{msn}").status_code == 403
    assert client.get(f"/trainees/{msn}/edit").status_code == 403
    response = client.post(f"/trainees/{msn}/edit", data=form(sides, 1, side_id=str(sides["MSN"].id)))
    assert response.status_code == 403 and fetch(app, Trainee.id == msn).version == 1
    assert client.get(f"/trainees/{khz}").status_code == 200


def test_manager_reads_both_sides_but_changes_nothing(app, client, login, users, sides):
    khz = make(app, sides["KHZ"].id, name_fa="فاطمه کعبی")
    make(app, sides["MSN"].id, name_fa="", name_ar="علي الساعدي", phone="07701111111")
    login("manager.msn")
    page = client.get("/trainees/").text
    assert "فاطمه کعبی" in page and "علي الساعدي" in page
    assert f"/trainees/{khz}/edit" not in page and "/trainees/new" not in page
    assert client.get(f"/trainees/{khz}").status_code == 200
    for url in ("/trainees/new", f"/trainees/{khz}/edit", "/trainees/import", "/trainees/import/template.csv"):
        assert client.get(url).status_code == 403, url
    assert client.post("/trainees/new", data=form(sides)).status_code == 403 and count(app) == 2


# With the table's trainee in Maysan.
ACCESS = {
    "/trainees/": ("admin", "liaison_khz", "liaison_msn", "manager_khz", "manager_msn"),
    "/trainees/{id}": ("admin", "liaison_msn", "manager_khz", "manager_msn"),
    "/trainees/{id}/edit": ("admin", "liaison_msn"),
    "/trainees/new": ("admin", "liaison_khz", "liaison_msn"),
    "/trainees/import": ("admin", "liaison_khz", "liaison_msn"),
    "POST /trainees/import/confirm": ("admin", "liaison_khz", "liaison_msn"),
    "/trainees/import/template.csv": ("admin", "liaison_khz", "liaison_msn"),
}


@pytest.mark.parametrize("role", ["anonymous", *factories.ROLE_USERS])
def test_access_by_role(app, sides, users, role):
    tid = make(app, sides["MSN"].id, name_fa="", name_ar="علي الساعدي")
    client = app.test_client()
    if role != "anonymous":
        client.post("/login", data={"username": role.replace("_", "."), "password": factories.PASSWORD})
    for route, allowed in ACCESS.items():
        method, _, path = route.rpartition(" ")
        response = client.open(path.format(id=tid), method=method or "GET", data={})
        if role == "anonymous":
            assert response.status_code == 302 and "/login?next=" in response.headers["Location"], route
        elif role in allowed:
            assert response.status_code not in (401, 403, 404, 500), (route, response.status_code)
        else:
            assert response.status_code == 403, (route, response.status_code)


# Search and filters --------------------------------------------------------------------------------------


def test_search_folds_spellings_digits_and_filters(app, client, login, users, sides):
    make(app, sides["KHZ"].id, name_fa="فاطمه کعبی", phone="09161234567", national_id="5550001112",
         target_group_id=group_id(app, "rural_job_seekers"))
    make(app, sides["KHZ"].id, name_fa="علی موسوی", gender="m", phone="09169999999")
    make(app, sides["MSN"].id, name_fa="", name_ar="فاطمة الساعدي", phone="07701111111")
    login("admin")

    def names(query: str) -> set[str]:
        page = client.get(f"/trainees/?{query}").text
        return {n for n in ("فاطمه کعبی", "علی موسوی", "فاطمة الساعدي") if n in page}

    assert names("q=فاطمة") == {"فاطمه کعبی", "فاطمة الساعدي"}
    assert names("q=۰۹۱۶ ۱۲۳ ۴۵۶۷") == {"فاطمه کعبی"}  # a phone or an ID is found whole, never by a part
    assert names("q=5550001112") == {"فاطمه کعبی"}
    assert names("q=۰۹۱۶۱۲۳") == set() and names("q=0001112") == set()
    assert names("gender=m") == {"علی موسوی"}
    assert names(f"side={sides['MSN'].id}") == {"فاطمة الساعدي"}
    assert names(f"target_group={group_id(app, 'rural_job_seekers')}") == {"فاطمه کعبی"}
    assert names("q=%25") == set() and names("side=abc&page=x") == {"فاطمه کعبی", "علی موسوی", "فاطمة الساعدي"}


def test_list_pages_through_many_trainees(app, client, login, users, sides):
    for i in range(7):
        make(app, sides["KHZ"].id, name_fa=f"کارآموز {i}", phone=f"0916000000{i}")
    login("liaison.khz")
    first, second = client.get("/trainees/").text, client.get("/trainees/?page=2").text
    assert "۷" in first and 'rel="next"' in first and 'rel="prev"' in second  # PAGE_SIZE is 5 in tests


# Import --------------------------------------------------------------------------------------------------

HEADER = "name_fa,name_ar,gender,side,target_group,birth_date,education,phone,national_id"
GOOD_ROWS = [
    "فاطمه کعبی,فاطمة الكعبي,زن,KHZ,female_heads_of_household,۱۳۸۰/۰۵/۱۲,secondary,۰۹۱۶۱۲۳۴۵۶۷,۱۲۳۴۵۶۷۸۹۰",
    "علی موسوی,,m,khz,,1375/1/3,bachelor,0916 765 4321,",
    ",حسين الساعدي,ذكر,KHZ,rural_job_seekers,٢٠٠٠/٠٢/٢٩,primary,٠٩١٦١١١٢٢٢٣,",
]


def upload(client, data: bytes, name: str, url: str = "/trainees/import"):
    """Post a file; the body is built in memory (the test client's own encoder leaves temporary files open)."""
    boundary, body = encode_multipart({"file": FileStorage(io.BytesIO(data), filename=name)})
    return client.post(url, data=body, content_type=f"multipart/form-data; boundary={boundary}")


def csv_bytes(lines, delimiter=",") -> bytes:
    text = "\r\n".join(line.replace(",", delimiter) for line in lines) + "\r\n"
    return "\ufeff".encode() + text.encode("utf-8")


def xlsx_bytes(rows) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def token_of(html: str) -> str:
    match = re.search(r'name="token" type="hidden" value="([^"]+)"', html)
    assert match, "no confirmation form on the page"
    return match.group(1)


def test_good_csv_previews_then_confirms_and_writes_every_row(app, client, login, users, sides, import_folder):
    login("liaison.khz")
    response = upload(client, csv_bytes([HEADER, *GOOD_ROWS], delimiter=";"), "trainees.csv")
    assert response.status_code == 200, response.text
    page = response.text
    assert "فاطمة الكعبي" in page and "۱۲ مرداد ۱۳۸۰" in page and "•••••••۸۹۰" in page
    assert not any(full in page for full in FULL_ID_FORMS)
    assert '<td class="num">۳</td>' in page  # row numbers in the reader's digits (header is row 1)
    assert count(app) == 0, "nothing is written on preview"
    token = token_of(page)
    assert [p.name for p in import_folder.iterdir()] == [f"{token}.json"]

    response = client.post("/trainees/import/confirm", data={"token": token})
    assert response.status_code == 302 and response.headers["Location"].endswith("/trainees/")
    assert count(app) == 3 and not list(import_folder.iterdir())
    fatemeh = fetch(app, Trainee.name_fa == "فاطمه کعبی")
    assert (fatemeh.gender, fatemeh.birth_date, fatemeh.phone, fatemeh.national_id) == (
        "f", date(2001, 8, 3), "09161234567", NATIONAL_ID)
    assert fatemeh.target_group_ids == [group_id(app, "female_heads_of_household")]
    hussein = fetch(app, Trainee.name_ar == "حسين الساعدي")
    assert (hussein.gender, hussein.birth_date, hussein.education) == ("m", date(2000, 2, 29), "primary")
    assert len(audits(app, entity="trainees", action="create", user_id=users["liaison_khz"].id)) == 3
    # The token is spent: confirming again writes nothing more.
    assert client.post("/trainees/import/confirm", data={"token": token}).status_code == 400
    assert count(app) == 3


def test_csv_with_errors_lists_every_rows_problem_and_cannot_be_confirmed(app, english, login, users, sides):
    login("liaison.khz")
    rows = [
        HEADER,
        GOOD_ROWS[0],
        "علی,,x,KHZ,,1375/01/03,secondary,09160000001,",  # gender
        "مریم,,f,MSN,,1375/01/03,secondary,09160000002,",  # the other side
        "رضا,,m,KHZ,soldiers,1375/13/03,phd,09160000003,12",  # group, date, education, ID
        ",,m,KHZ,,1375/01/03,secondary,,",  # no name, no phone
        "سارا,,f,KHZ,,1850/01/01,secondary,09160000005,",  # year of neither calendar
    ]
    response = upload(english, csv_bytes(rows), "trainees.csv")
    assert response.status_code == 400 and count(app) == 0
    page = response.text
    assert "5 of 6 rows have problems" in page and 'name="token"' not in page
    for expected in ("Write f or m", "You may register the trainees of your own side only",
                     "Unknown target group code", "does not exist in the Solar Hijri calendar",
                     "Write one of the education codes", "A national ID has 5 to 20",
                     "Enter the name as written in Persian or in Arabic", "Enter the phone number",
                     "with a Solar Hijri year (1300–1500)"):
        assert expected in page, expected
    assert not any(full in page for full in FULL_ID_FORMS)
    # Forging a confirmation writes nothing either.
    assert english.post("/trainees/import/confirm", data={"token": "x" * 43}).status_code == 400
    assert count(app) == 0


def test_errors_are_shown_in_the_readers_language_and_digits(app, client, login, users, sides):
    login("liaison.khz")
    response = upload(client, csv_bytes([HEADER, GOOD_ROWS[0], GOOD_ROWS[0]]), "trainees.csv")
    page = response.text
    assert response.status_code == 400
    assert '<td class="num">۳</td>' in page and '<td class="num">۲</td>' not in page  # only the row in error
    assert re.search(r'<li class="error">[^<]*۲', page), "the earlier row, in Persian digits"


def test_duplicates_within_the_file_and_against_registered_trainees(app, english, login, users, sides):
    make(app, sides["KHZ"].id, name_fa="علی موسوی", phone="09167654321")
    login("liaison.khz")
    rows = [HEADER, GOOD_ROWS[0], GOOD_ROWS[1],
            "فاطمة كعبي,,f,KHZ,,1380/05/12,secondary,09161234567,",  # row 2 again, Arabic letters
            "کسی دیگر,,f,KHZ,,1380/05/12,secondary,09990000000,1234-567890"]  # row 2's ID
    response = upload(english, csv_bytes(rows), "trainees.csv")
    assert response.status_code == 400 and count(app) == 1
    page = response.text
    assert page.count("The same person as row 2 of this file") == 2
    assert "Already registered: علی موسوی (no national ID)" in page


def test_wrong_columns_are_named_in_one_message(app, english, login, users, sides):
    login("liaison.khz")
    header = "name_fa,name_ar,sex,side,birth_date,education,phone,national_id,email"
    response = upload(english, csv_bytes([header, "a,b,f,KHZ,1380/01/01,x,1,,"]), "trainees.csv")
    assert response.status_code == 400 and count(app) == 0
    assert re.search(r"Missing columns: gender, target_group\. Unknown columns: sex, email\.", response.text)


@pytest.mark.parametrize("name, data, message", [
    ("photo.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8,
     "neither a CSV file nor an Excel workbook"),
    ("trainees.csv", HEADER.encode() + "\r\nعلي\r\n".encode("cp1256"), "not in UTF-8"),
    ("trainees.xlsx", (HEADER + "\r\n").encode(), "does not match its content"),
    ("trainees.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512), "Upload a CSV file (.csv) or an Excel"),
    ("old.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512), "Old Excel files (.xls)"),
    ("trainees.csv", b"", "The file is empty"),
    ("trainees.csv", b"\xef\xbb\xbf\r\n\r\n", "The file is empty"),
    ("trainees.csv", (HEADER + "\r\n,,,,,,,,\r\n").encode(), "no trainees below the header row"),
    ("trainees.xlsx", b"PK\x03\x04" + bytes(300), "neither a CSV file nor an Excel workbook"),
])
def test_files_that_are_not_trainee_tables_are_refused_clearly(app, english, login, users, sides, name, data,
                                                               message):
    login("liaison.khz")
    response = upload(english, data, name)
    assert response.status_code == 400 and message in response.text and count(app) == 0


def test_excel_file_built_with_openpyxl_is_imported(app, english, login, users, sides):
    login("admin")
    data = xlsx_bytes([
        HEADER.split(","),
        ["فاطمه کعبی", "", "f", "KHZ", None, "۱۳۸۰/۰۵/۱۲", "secondary", "09161234567", 1234567890],
        [None, "علي حسين", "أنثى", "MSN", "urban_job_seekers", date(1999, 12, 31), "bachelor", 7701234567, None],
        [None] * 9,  # blank rows are skipped
        ["مریم", "", "f", "KHZ", "", "2003-04-05", "none", "09160000000", "AB12345"],
    ])
    response = upload(english, data, "Trainees.XLSX")
    assert response.status_code == 200, response.text
    assert count(app) == 0 and '<td class="num">5</td>' in response.text
    assert english.post("/trainees/import/confirm", data={"token": token_of(response.text)}).status_code == 302
    assert count(app) == 3
    ali = fetch(app, Trainee.name_ar == "علي حسين")
    assert (ali.side_id, ali.birth_date, ali.phone, ali.gender) == (sides["MSN"].id, date(1999, 12, 31),
                                                                   "7701234567", "f")
    assert fetch(app, Trainee.name_fa == "فاطمه کعبی").national_id == NATIONAL_ID
    assert fetch(app, Trainee.name_fa == "مریم").national_id == "AB12345"


def test_excel_with_wrong_columns_and_csv_renamed_xlsx(app, english, login, users, sides):
    login("admin")
    data = xlsx_bytes([["name", "phone"], ["a", "1"]])
    response = upload(english, data, "t.xlsx")
    assert response.status_code == 400 and "Missing columns: name_fa, name_ar" in response.text
    response = upload(english, data, "t.csv")
    assert response.status_code == 400 and "does not match its content" in response.text


def test_oversize_file_gets_a_clear_message(app, english, login, users, sides):
    login("liaison.khz")
    big = (HEADER + "\r\n").encode() + b"a" * trainee_import.MAX_BYTES
    response = upload(english, big, "big.csv")
    assert response.status_code == 413 and "larger than 2 MB" in response.text and count(app) == 0


def test_body_beyond_the_apps_limit_is_refused_on_the_import_page(app, english, login, users, sides, monkeypatch):
    login("liaison.khz")
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 3 * 1024 * 1024)
    huge = b"a" * (4 * 1024 * 1024)
    response = upload(english, huge, "huge.csv")
    assert response.status_code == 413 and "larger than 2 MB" in response.text
    assert 'enctype="multipart/form-data"' in response.text  # the page, not a bare error


def test_too_many_rows_are_refused(app, english, login, users, sides):
    login("liaison.khz")
    rows = [HEADER] + [f"نفر {i},,f,KHZ,,1380/01/01,secondary,0916{i:07d}," for i in range(2001)]
    response = upload(english, csv_bytes(rows), "trainees.csv")
    assert response.status_code == 400 and "at most 2000 trainees" in response.text and count(app) == 0


def test_expired_and_foreign_tokens_are_refused(app, english, login, users, sides, import_folder):
    login("liaison.khz")
    token = token_of(upload(english, csv_bytes([HEADER, GOOD_ROWS[0]]), "trainees.csv").text)
    # Another user cannot confirm it ...
    login("admin", test_client=(other := app.test_client()))
    response = other.post("/trainees/import/confirm", data={"token": token})
    assert response.status_code == 400 and count(app) == 0
    # ... nor anyone after an hour.
    path = import_folder / f"{token}.json"
    payload = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps({**payload, "created": payload["created"] - 3601}), encoding="utf-8")
    response = english.post("/trainees/import/confirm", data={"token": token})
    assert response.status_code == 400 and "expired" in response.text and count(app) == 0
    assert not path.exists()
    for bad in ("../../etc/passwd", "", "a" * 200):
        assert english.post("/trainees/import/confirm", data={"token": bad}).status_code == 400


def test_confirm_checks_again_and_writes_nothing_when_a_row_became_a_duplicate(app, english, login, users, sides):
    login("liaison.khz")
    token = token_of(upload(english, csv_bytes([HEADER, *GOOD_ROWS]), "trainees.csv").text)
    make(app, sides["KHZ"].id, name_fa="علی موسوی", phone="09167654321")  # registered meanwhile
    response = english.post("/trainees/import/confirm", data={"token": token})
    assert response.status_code == 409 and "nothing was imported" in response.text
    assert "Already registered" in response.text and count(app) == 1


def test_template_downloads_and_imports_as_is(app, client, login, users, sides):
    login("liaison.msn")
    response = client.get("/trainees/import/template.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    text = response.get_data().decode("utf-8")
    assert text.startswith("\ufeff" + HEADER + "\r\n") and ",MSN," in text
    response = upload(client, response.get_data(), "template.csv")
    assert response.status_code == 200 and 'name="token"' in response.text


def test_import_page_lists_the_codes_of_the_users_sides(app, client, login, users, sides):
    login("liaison.khz")
    page = client.get("/trainees/import").text
    assert '<bdi dir="ltr">KHZ</bdi>' in page and '<bdi dir="ltr">MSN</bdi>' not in page
    assert "female_heads_of_household" in page and "post_secondary" in page


def test_import_folder_holds_nothing_after_a_preview_with_errors(app, client, login, users, sides,
                                                                   import_folder):
    login("liaison.khz")
    upload(client, csv_bytes([HEADER, "a,,x,KHZ,,1380/01/01,none,09160000000,"]), "trainees.csv")
    assert not Path(import_folder).exists() or not list(Path(import_folder).iterdir())


def _csrf_token(html: str) -> str:
    return html.split('name="csrf_token"')[1].split('value="')[1].split('"')[0]


def test_import_with_csrf_on_as_in_production(app, csrf_app, sides, users, monkeypatch, import_folder):
    monkeypatch.setitem(csrf_app.config, "IMPORT_FOLDER", str(import_folder))
    client = csrf_app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    token = _csrf_token(client.get("/login").text)
    client.post("/login", data={"username": "liaison.khz", "password": factories.PASSWORD, "csrf_token": token})
    csrf = _csrf_token(client.get("/trainees/import").text)

    def post(fields: dict, url="/trainees/import"):
        boundary, body = encode_multipart(fields)
        return client.post(url, data=body, content_type=f"multipart/form-data; boundary={boundary}")

    file = FileStorage(io.BytesIO(csv_bytes([HEADER, GOOD_ROWS[0]])), filename="t.csv")
    assert post({"file": file}).status_code == 400 and count(app) == 0  # no token: refused
    response = post({"file": FileStorage(io.BytesIO(csv_bytes([HEADER, GOOD_ROWS[0]])), filename="t.csv"),
                     "csrf_token": csrf})
    assert response.status_code == 200
    response = client.post("/trainees/import/confirm", data={"token": token_of(response.text),
                                                             "csrf_token": _csrf_token(response.text)})
    assert response.status_code == 302 and count(app) == 1
    # A body past the app's limit is refused before the CSRF check reads it: still the import page, no 500.
    monkeypatch.setitem(csrf_app.config, "MAX_CONTENT_LENGTH", 3 * 1024 * 1024)
    response = post({"file": FileStorage(io.BytesIO(b"a" * (4 * 1024 * 1024)), filename="huge.csv"),
                     "csrf_token": csrf})
    assert response.status_code == 413 and "larger than 2 MB" in response.text


def test_a_trainee_in_several_target_groups_and_the_change_in_the_audit_trail(app, client, login, users, sides):
    rural, heads = group_id(app, "rural_job_seekers"), group_id(app, "female_heads_of_household")
    tid = make(app, sides["KHZ"].id, name_fa="فاطمه کعبی", target_group_id=rural)
    login("liaison.khz")
    data = form(sides, 1, name_fa="فاطمه کعبی", name_ar="", phone="09161234567", target_group_ids=[str(rural),
                                                                                                  str(heads)])
    assert client.post(f"/trainees/{tid}/edit", data=data).status_code == 302
    assert sorted(fetch(app, Trainee.id == tid).target_group_ids) == sorted([rural, heads])
    [entry] = audits(app, entity="trainees", action="update")
    assert entry.changes["target_groups"] == ["rural_job_seekers",
                                              "female_heads_of_household, rural_job_seekers"]
    # Found under either group.
    assert "فاطمه کعبی" in client.get(f"/trainees/?target_group={heads}").get_data(as_text=True)
    assert "فاطمه کعبی" in client.get(f"/trainees/?target_group={rural}").get_data(as_text=True)
