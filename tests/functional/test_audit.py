"""The audit trail: who changed what and when, shown to admins in their own calendar and digits."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from flask import g
from sqlalchemy import func, select

from coordinator.audit import REDACTED, AuditEntry
from coordinator.catalog import services
from coordinator.catalog.models import Centre
from coordinator.extensions import db
from coordinator.l10n.calendars import format_date
from coordinator.l10n.timezones import to_zone
from tests import factories

CENTRE = {"name_fa": "مرکز آموزش شوشتر", "name_ar": "مركز التدريب في تستر", "name_en": "Shushtar", "active": "y",
          "kind": "government", "city_fa": "شوشتر", "city_ar": "تستر"}
STANDARD = {"name_fa": "جوشکاری برق", "name_ar": "اللحام الكهربائي", "code": "7212-01", "active": "y",
            "theory_hours": "۶۰", "practice_hours": "۱۴۰"}


def count(app, model, *where) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).where(*where))


def entries(app, **filters) -> list[AuditEntry]:
    with app.app_context():
        rows = db.session.scalars(select(AuditEntry).filter_by(**filters).order_by(AuditEntry.id)).all()
        db.session.expunge_all()
        return rows


def rows(html: str) -> int:
    """How many audit entries the page lists."""
    return len(re.findall(r"<tr>\s*<td>", html))


@pytest.fixture
def history(app, client, users, sides, login):
    """Ali (a second admin) creates a centre; the admin creates a skill standard and deletes it."""
    with app.app_context():
        ali = factories.make_user("admin", username="ali.kaabi", full_name="علي الكعبي")
    other = app.test_client()
    login("ali.kaabi", test_client=other)
    assert other.post("/catalog/centres/new", data={**CENTRE, "side_id": sides["KHZ"].id}).status_code == 302
    login("admin")
    assert client.post("/catalog/standards/new", data=STANDARD).status_code == 302
    standard_id = entries(app, entity="skill_standards")[0].entity_id
    assert client.post(f"/catalog/standards/{standard_id}/delete", data={"version": "1"}).status_code == 302
    return ali


def test_admin_sees_who_changed_what(client, history):
    html = client.get("/admin/audit/").get_data(as_text=True)
    assert "علي الكعبي" in html and "کاربر admin" in html  # the Who column
    assert "مرکز آموزش شوشتر" in html and "7212-01 جوشکاری برق" in html  # the records' labels
    text = re.sub(r"<[^>]+>", "", html)
    assert "را ایجاد کرد" in text  # "... created the training centre ...", in Persian word order
    assert "کاربر admin استاندارد مهارت" in text and "را حذف کرد" in text  # "... deleted the skill standard"
    html = client.get("/admin/audit/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Training centre" in html and "Skill standard" in html


@pytest.mark.parametrize("query, expected", [
    ("entity=centres", 1),
    ("entity=skill_standards", 2),
    ("entity=skill_standards&action=delete", 1),
    ("entity=no_such_table", 0),
    ("user=کعبی", 1),         # folded: Persian ی/ک find the Arabic ي/ك of "علي الكعبي"
    ("user=عـلی", 1),
    ("user=admin&entity=skill_standards", 2),
    ("user=nobody", 0),
    ("action=delete", 1),
])
def test_filters(client, history, query, expected):
    response = client.get(f"/admin/audit/?{query}")
    assert response.status_code == 200 and rows(response.get_data(as_text=True)) == expected


def test_user_filter_shows_only_that_users_changes(client, history):
    html = client.get("/admin/audit/", query_string={"user": "كعبي"}).get_data(as_text=True)
    assert "مرکز آموزش شوشتر" in html and "7212-01 جوشکاری برق" not in html


@pytest.mark.parametrize("lang, zone", [("fa", "Asia/Tehran"), ("ar", "Asia/Baghdad"), ("en", "Asia/Tehran")])
def test_date_range_in_the_viewers_calendar(app, client, history, lang, zone):
    """fa types Solar Hijri dates in Persian digits; ar Gregorian dates in Arabic-Indic digits."""
    headers = {"Accept-Language": lang}
    day = to_zone(entries(app, entity="centres")[0].at, zone).date()
    typed = {d: format_date(d, lang, "short") for d in (day - timedelta(days=1), day, day + timedelta(days=1))}
    if lang == "fa":
        assert typed[day][:2] == "۱۴"  # a Solar Hijri year, Persian digits
    before, today, after = typed.values()
    cases = [(today, today, 1), (before, today, 1), (before, before, 0), (after, after, 0), (today, "", 1),
             ("", before, 0)]
    for start, end, expected in cases:
        response = client.get("/admin/audit/", query_string={"entity": "centres", "from": start, "to": end},
                              headers=headers)
        assert response.status_code == 200, (start, end)
        assert rows(response.get_data(as_text=True)) == expected, (start, end)


@pytest.mark.parametrize("lang, typed", [
    ("fa", "۱۴۰۵/۱۳/۰۱"), ("fa", "yesterday"), ("fa", "2026/11/26"), ("ar", "1405/09/05"),
    ("en", "31/02/2026"), ("fa", "9" * 40),
])
def test_malformed_date_is_a_400_with_the_error_shown(client, history, lang, typed):
    response = client.get("/admin/audit/", query_string={"from": typed}, headers={"Accept-Language": lang})
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and '<p class="error" role="alert">' in html
    assert f'value="{typed}"' in html  # what was typed stays in the box, to be corrected


def test_english_date_error_message(client, history):
    html = client.get("/admin/audit/?to=yesterday", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Enter a date as year/month/day." in html


def test_language_chosen_in_the_switcher_sets_the_calendar(app, client, history):
    assert client.post("/language", data={"lang": "ar", "next": "/admin/audit/"}).status_code == 302
    assert client.get("/admin/audit/?from=1405/09/05").status_code == 400  # a Jalali year, refused in ar
    day = to_zone(entries(app, entity="centres")[0].at, "Asia/Baghdad").date()
    html = client.get("/admin/audit/", query_string={"entity": "centres", "from": format_date(day, "ar", "short")})
    assert rows(html.get_data(as_text=True)) == 1


@pytest.mark.parametrize("who", ["liaison_khz", "trainer_msn", "manager_khz", "manager_msn"])
def test_only_admins_see_the_audit_trail(client, users, login, who):
    login(users[who].username)
    assert client.get("/admin/audit/").status_code == 403
    assert client.get("/admin/audit/?entity=users&action=create").status_code == 403


def test_anonymous_is_sent_to_log_in(client):
    response = client.get("/admin/audit/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_audit_entries_roll_back_with_the_change(app_ctx, sides, users):
    g.actor_id = users["admin"].id  # as the CLI does
    values = {k: v for k, v in CENTRE.items() if k != "active"} | {"side_id": sides["KHZ"].id, "active": True}
    centre = services.save(Centre, None, values)  # flushes: the audit row is written in the same transaction
    [entry] = db.session.scalars(select(AuditEntry).where(AuditEntry.entity == "centres")).all()
    assert (entry.action, entry.user_id, entry.entity_id) == ("create", users["admin"].id, str(centre.id))
    db.session.rollback()  # what a view does when a later step fails
    assert db.session.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.entity == "centres")) == 0
    assert db.session.scalar(select(func.count()).select_from(Centre)) == 0


def test_password_hashes_never_reach_the_audit_trail(app, client, users, sides, login, runner):
    login("admin")
    form = {"username": "zahra", "full_name": "زهرا", "role": "manager", "side_id": sides["MSN"].id,
            "active": "y", "password": "first-long-password"}
    assert client.post("/admin/users/new", data=form).status_code == 302
    [created] = entries(app, entity="users", action="create", label="zahra")
    user_id = created.entity_id
    edit = {**form, "password": "second-long-password", "version": "1"}
    assert client.post(f"/admin/users/{user_id}/edit", data=edit).status_code == 302
    result = runner.invoke(args=["create-user", "--username", "boss", "--full-name", "Boss", "--role", "admin",
                                 "--password", "long-enough-pass"])
    assert result.exit_code == 0
    assert created.changes["password_hash"] == [None, REDACTED]
    [updated] = entries(app, entity="users", action="update", entity_id=user_id)
    assert updated.changes["password_hash"] == [REDACTED, REDACTED]
    hashes = [e.changes for e in entries(app, entity="users")]
    dumped = json.dumps(hashes, ensure_ascii=False)
    assert "scrypt:" not in dumped and "pbkdf2:" not in dumped and "long-password" not in dumped
    html = client.get("/admin/audit/?entity=users").get_data(as_text=True)
    assert REDACTED in html and "scrypt:" not in html and "pbkdf2:" not in html


def test_new_account_audit_lists_only_values_it_has(app, client, users, sides, login):
    login("admin")
    form = {"username": "zahra", "full_name": "زهرا", "role": "manager", "side_id": sides["MSN"].id,
            "active": "y", "password": "first-long-password"}
    assert client.post("/admin/users/new", data=form).status_code == 302
    [created] = entries(app, entity="users", action="create", label="zahra")
    assert "timezone" not in created.changes and "last_login_at" not in created.changes
    assert all(after != 4 for _before, after in created.changes.values())


def test_edit_of_record_without_english_name_audits_only_the_changed_field(app, client, users, sides, login):
    login("admin")
    with app.app_context():
        cid = factories.make_centre(sides["KHZ"].id, name_fa="مرکز اهواز", name_ar="مركز الأهواز")
    data = {**CENTRE, "name_fa": "مرکز اهواز", "name_ar": "مركز الأهواز", "name_en": "", "city_fa": "اهواز",
            "city_ar": "الأهواز", "phone": "061-1234", "side_id": sides["KHZ"].id, "version": "1"}
    assert client.post(f"/catalog/centres/{cid}/edit", data=data).status_code == 302
    [entry] = entries(app, entity="centres", action="update")
    assert entry.changes == {"phone": ["", "061-1234"]}


def test_change_list_speaks_the_readers_language(app, client, users, sides, login):
    login("admin")
    with app.app_context():
        factories.make_centre(sides["KHZ"].id)
    html = client.get("/admin/audit/?entity=centres").get_data(as_text=True)
    assert ">name_fa<" not in html and ">kind<" not in html
    assert "بله" in html and "True" not in html  # booleans as words, not True/False
    assert "نام به فارسی" in html


@pytest.mark.parametrize(("lang", "sentence"), [
    ("fa", "کاربر admin نام به فارسی را از مرکز اهواز به مرکز کارون تغییر داد"),
    ("ar", "کاربر admin: تغيير الاسم بالفارسية من مرکز اهواز إلى مرکز کارون"),
    ("en", "کاربر admin changed Name in Persian from مرکز اهواز to مرکز کارون"),
])
def test_a_change_reads_as_a_sentence_in_the_readers_language(app, client, users, sides, login, lang, sentence):
    """Issue 18: "Maryam Kaabi changed the capacity from 20 to 25", not name_fa: [old, new]."""
    login("admin")
    with app.app_context():
        cid = factories.make_centre(sides["KHZ"].id, name_fa="مرکز اهواز", name_ar="مركز الأهواز")
    data = {**CENTRE, "name_fa": "مرکز کارون", "name_ar": "مركز الأهواز", "name_en": "", "city_fa": "اهواز",
            "city_ar": "الأهواز", "side_id": sides["KHZ"].id, "version": "1"}
    assert client.post(f"/catalog/centres/{cid}/edit", data=data).status_code == 302
    client.post("/language", data={"lang": lang})
    html = client.get("/admin/audit/?entity=centres&action=update").get_data(as_text=True)
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))
    assert sentence in text
    assert "name_fa" not in text
