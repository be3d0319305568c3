"""Course pages: creating in the viewer's calendar and digits, the filtered list, the detail page with
approvals, timetable and history, workflow steps and approvals through the pages, the calendar, the Excel
export, and a list whose number of SQL queries does not grow with the number of courses."""

from __future__ import annotations

import io
import re
from datetime import UTC, date, datetime, time, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook
from sqlalchemy import event, func, select

from coordinator.audit import AuditEntry
from coordinator.catalog.models import Holiday, SkillStandard, TargetGroup
from coordinator.courses.models import Course, CourseApproval, CourseSession
from coordinator.extensions import db
from coordinator.l10n import timezones
from coordinator.l10n.calendars import format_month_year
from tests import factories

EN = {"Accept-Language": "en"}
AR = {"Accept-Language": "ar"}
CODE_CELL = re.compile(r"<td><bdi>([^<]+)</bdi></td>")


@pytest.fixture
def ids(app, sides, users):
    with app.app_context():
        groups = {g.code: g.id for g in db.session.scalars(select(TargetGroup))}
        return SimpleNamespace(
            khz=sides["KHZ"].id, msn=sides["MSN"].id,
            khz_centre=factories.make_centre(sides["KHZ"].id),
            msn_centre=factories.make_centre(sides["MSN"].id, name_fa="مرکز آموزش العماره",
                                             name_ar="مركز التدريب في العمارة"),
            standard=factories.make_standard("7212-01"),
            standard2=factories.make_standard("7411-01"),
            groups=groups,
        )


def make(app, ids, host="KHZ", status="draft", groups=(), approvals=(), **extra) -> int:
    """A course straight in the database, with target groups and approvals by the given side codes."""
    with app.app_context():
        centre = ids.khz_centre if host == "KHZ" else ids.msn_centre
        course_id = factories.make_course(centre, extra.pop("standard", ids.standard), status=status, **extra)
        course = db.session.get(Course, course_id)
        course.target_groups = [db.session.get(TargetGroup, ids.groups[g]) for g in groups]
        for side in approvals:
            course.approvals.append(CourseApproval(side_id=ids.khz if side == "KHZ" else ids.msn))
        db.session.commit()
        return course_id


def add_session(app, course_id: int, day: date, start=time(8), end=time(10)) -> int:
    with app.app_context():
        course = db.session.get(Course, course_id)
        tz = ZoneInfo(course.host_side.timezone)
        session = CourseSession(day=day, start_time=start, end_time=end,
                                starts_at=datetime.combine(day, start, tz).astimezone(UTC),
                                ends_at=datetime.combine(day, end, tz).astimezone(UTC))
        course.sessions.append(session)
        db.session.commit()
        return session.id


def stored(app, course_id: int) -> SimpleNamespace | None:
    with app.app_context():
        course = db.session.get(Course, course_id)
        if course is None:
            return None
        data = {a.key: getattr(course, a.key) for a in course.__mapper__.column_attrs}
        data["approvals"] = sorted((a.side_id, a.user_id) for a in course.approvals)
        data["sessions"] = [(s.day, s.start_time, s.starts_at) for s in course.sessions]
        data["target_group_ids"] = [g.id for g in course.target_groups]
        return SimpleNamespace(**data)


def course_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Course))


def codes(html: str) -> list[str]:
    return CODE_CELL.findall(html)


def code_of(app, course_id: int) -> str:
    return stored(app, course_id).code


def text(html: str) -> str:
    """The page with tags dropped and white space folded, to find sentences split over lines."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def as_user(app, login, username: str):
    other = app.test_client()
    login(username, test_client=other)
    return other


def course_form(ids, **changes) -> dict:
    return {
        "name_fa": "جوشکاری برق مقدماتی", "name_ar": "اللحام الكهربائي الأساسي", "name_en": "",
        "skill_standard_id": str(ids.standard), "host_centre_id": str(ids.khz_centre),
        "start_date": "۱۴۰۵/۱۰/۰۱", "end_date": "۱۴۰۵/۱۰/۳۰", "theory_hours": "۴۰", "practice_hours": "١٠٠",
        "capacity": "۱۲", "min_attendance": "۸۰", "pass_mark_theory": "", "pass_mark_practice": "",
        "target_group_ids": [str(ids.groups["urban_job_seekers"]), str(ids.groups["university_graduates"])],
        "language": "fa_ar", "delivery": "centre", "funding_note": "", "contact_name": "علی کعبی",
        "contact_phone": "۰۹۱۶۱۲۳۴۵۶۷", **changes,
    }


# Creating and editing ------------------------------------------------------------------------------------


def test_a_liaison_creates_a_course_in_persian_digits_and_solar_hijri_dates(app, client, ids, users, login):
    login("liaison.khz")
    response = client.post("/courses/new", data=course_form(ids))
    assert response.status_code == 302, response.get_data(as_text=True)
    course_id = int(response.headers["Location"].rstrip("/").rsplit("/", 1)[1])
    course = stored(app, course_id)
    assert (course.start_date, course.end_date) == (date(2026, 12, 22), date(2027, 1, 20))
    assert (course.theory_hours, course.practice_hours, course.capacity, course.min_attendance) == (40, 100, 12, 80)
    assert (course.status, course.code, course.created_by_id) == ("draft", "JC-2026-0001", users["liaison_khz"].id)
    assert (course.host_side_id, course.contact_phone) == (ids.khz, "۰۹۱۶۱۲۳۴۵۶۷")
    assert sorted(course.target_group_ids) == sorted([ids.groups["urban_job_seekers"],
                                                      ids.groups["university_graduates"]])
    # The edit form shows the dates back in the viewer's calendar and digits.
    page = client.get(f"/courses/{course_id}/edit").get_data(as_text=True)
    assert 'value="۱۴۰۵/۱۰/۰۱"' in page and 'value="۱۴۰۵/۱۰/۳۰"' in page


def test_an_english_viewer_types_gregorian_dates(app, client, ids, login):
    login("liaison.msn")
    response = client.post("/courses/new", headers=EN, data=course_form(
        ids, host_centre_id=str(ids.msn_centre), start_date="2027-02-01", end_date="2027-03-01",
        capacity="20", theory_hours="40", practice_hours="100", min_attendance="80"))
    assert response.status_code == 302
    with app.app_context():
        course = db.session.scalar(select(Course))
        assert (course.start_date, course.end_date, course.host_side_id) == (date(2027, 2, 1), date(2027, 3, 1),
                                                                          ids.msn)


@pytest.mark.parametrize("changes", [
    {"start_date": "۱۴۰۵/۱۰/۳۰", "end_date": "۱۴۰۵/۱۰/۰۱"},  # ends before it starts
    {"start_date": "2026/12/22"},  # a Gregorian year typed in the Solar Hijri calendar: refused, never guessed
    {"end_date": "۱۴۰۵/۱۲/۳۱"},  # 1405 is not a leap year
    {"capacity": "۰"},
])
def test_an_invalid_course_is_refused_and_nothing_is_written(app, client, ids, login, changes):
    login("liaison.khz")
    response = client.post("/courses/new", data=course_form(ids, **changes))
    assert response.status_code == 400
    assert 'class="field has-error"' in response.get_data(as_text=True)
    assert course_count(app) == 0
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(AuditEntry)
                                 .where(AuditEntry.entity == "courses")) == 0


def test_end_before_start_is_shown_on_the_end_date(app, client, ids, login):
    login("liaison.khz")
    page = client.post("/courses/new", headers=EN, data=course_form(
        ids, start_date="2027-01-20", end_date="2026-12-22")).get_data(as_text=True)
    assert "The course cannot end before it starts." in page


@pytest.mark.parametrize("who", ["manager.khz", "trainer.khz"])
def test_managers_and_trainers_cannot_create(app, client, ids, login, who):
    login(who)
    assert client.get("/courses/new").status_code == 403
    assert client.post("/courses/new", data=course_form(ids)).status_code == 403
    assert course_count(app) == 0


def edit_form(app, ids, course_id, **changes) -> dict:
    course = stored(app, course_id)
    with app.app_context():
        from coordinator.l10n.calendars import format_date

        start, end = format_date(course.start_date, "fa", "short"), format_date(course.end_date, "fa", "short")
    current = {"name_fa": course.name_fa, "name_ar": course.name_ar, "start_date": start, "end_date": end,
               "capacity": str(course.capacity), "theory_hours": str(course.theory_hours),
               "practice_hours": str(course.practice_hours), "version": str(course.version)}
    return course_form(ids, **{**current, **changes})


def test_editing_the_capacity_of_an_approved_course_sends_it_back(app, client, ids, login):
    course_id = make(app, ids, status="approved", approvals=("KHZ", "MSN"))
    login("liaison.khz")
    response = client.post(f"/courses/{course_id}/edit", data=edit_form(app, ids, course_id, capacity="۱۵"))
    assert response.status_code == 302
    course = stored(app, course_id)
    assert (course.capacity, course.status, course.approvals) == (15, "proposed", [])


def test_editing_only_the_title_keeps_the_approval(app, client, ids, login):
    course_id = make(app, ids, status="approved", approvals=("KHZ", "MSN"))
    login("liaison.khz")
    response = client.post(f"/courses/{course_id}/edit",
                           data=edit_form(app, ids, course_id, name_fa="جوشکاری برق پیشرفته"))
    assert response.status_code == 302
    course = stored(app, course_id)
    assert (course.name_fa, course.status, len(course.approvals)) == ("جوشکاری برق پیشرفته", "approved", 2)


def test_an_edit_from_a_stale_form_is_refused(app, client, ids, login):
    course_id = make(app, ids, status="approved", approvals=("KHZ", "MSN"))
    login("liaison.khz")
    form = edit_form(app, ids, course_id, capacity="۱۵")
    form["version"] = str(int(form["version"]) - 1)
    assert client.post(f"/courses/{course_id}/edit", data=form).status_code == 400
    course = stored(app, course_id)
    assert (course.capacity, course.status) == (10, "approved")


# The list ------------------------------------------------------------------------------------------------


@pytest.fixture
def listed(app, ids):
    """Four courses differing in side, status, skill, target group, dates and title."""
    a = make(app, ids, "KHZ", "draft", groups=("urban_job_seekers",), name_fa="کارگاه یادگیری جوشکاری",
             start=date(2026, 12, 5), end=date(2027, 1, 1))
    b = make(app, ids, "MSN", "proposed", groups=("rural_job_seekers",), standard=ids.standard2,
             name_fa="تعمیر کولر گازی", name_ar="صيانة أجهزة التكييف", start=date(2027, 2, 1), end=date(2027, 3, 1),
             approvals=("MSN",))
    c = make(app, ids, "KHZ", "approved", standard=ids.standard2, name_fa="برق‌کاری ساختمان",
             start=date(2027, 4, 1), end=date(2027, 5, 1), approvals=("KHZ", "MSN"))
    d = make(app, ids, "MSN", "cancelled", groups=("urban_job_seekers",), name_fa="خیاطی",
             start=date(2026, 10, 1), end=date(2026, 11, 1))
    return SimpleNamespace(**{k: code_of(app, v) for k, v in dict(a=a, b=b, c=c, d=d).items()},
                           ids=dict(a=a, b=b, c=c, d=d))


def listing(client, headers=None, **args):
    response = client.get("/courses/", query_string=args, headers=headers or {})
    return response.status_code, codes(response.get_data(as_text=True)), response.get_data(as_text=True)


def test_the_list_shows_every_course_newest_first(client, login, listed):
    login("liaison.khz")
    status, shown, html = listing(client)
    assert status == 200
    assert shown == [listed.c, listed.b, listed.a, listed.d]
    assert "۱۴۰۵/۰۹/۱۴" in html  # 5 December 2026, in the Persian viewer's calendar and digits


@pytest.mark.parametrize(("args", "expected"), [
    ({"side": "KHZ"}, "ca"),
    ({"side": "MSN"}, "bd"),
    ({"status": "proposed"}, "b"),
    ({"status": "cancelled"}, "d"),
    ({"status": "no-such-status"}, "cbad"),  # an unknown status is ignored, not an error
    ({"skill": "standard"}, "ad"),
    ({"skill": "standard2"}, "cb"),
    ({"target_group": "urban_job_seekers"}, "ad"),
    ({"target_group": "rural_job_seekers"}, "b"),
    ({"from": "۱۴۰۵/۱۱/۰۱"}, "cb"),  # courses still running on or after 21 January 2027
    ({"to": "۱۴۰۵/۰۹/۰۱"}, "d"),  # courses started by 22 November 2026
    ({"from": "1405/10/01", "to": "۱۴۰۵/۱۰/۳۰"}, "a"),  # overlapping Dey 1405; ASCII digits too
    ({"side": "MSN", "skill": "standard"}, "d"),
    ({"q": "يادگيري"}, "a"),  # Arabic yeh for the Persian one
    ({"q": "كولر"}, "b"),  # Arabic kaf
    ({"q": "برقکاری"}, "c"),  # without the zero-width non-joiner
    ({"q": "التكييف"}, "b"),  # the Arabic title
    ({"q": "هیچ"}, ""),
    ({"side": "abc", "skill": "-1", "target_group": "۰"}, "cbad"),  # malformed numbers are ignored
])
def test_list_filters(client, login, ids, sides, listed, args, expected):
    login("liaison.khz")
    resolved = dict(args)
    if resolved.get("side") in sides:
        resolved["side"] = str(sides[resolved["side"]].id)
    if resolved.get("skill") in ("standard", "standard2"):
        resolved["skill"] = str(getattr(ids, resolved["skill"]))
    if resolved.get("target_group") in ids.groups:
        resolved["target_group"] = str(ids.groups[resolved["target_group"]])
    status, shown, html = listing(client, **resolved)
    assert status == 200
    assert shown == [getattr(listed, k) for k in expected]
    if not expected:
        assert '<table class="records">' not in html


def test_the_filters_offer_a_skill_standard_added_or_renamed_since_the_list_was_last_shown(app, client, login,
                                                                                         ids, listed):
    # The option lists are kept between requests (kept.py): a change to the catalogue must show at once.
    login("liaison.khz")
    assert "لوله‌کشی ساختمان" not in listing(client)[2]
    with app.app_context():
        new = factories.make_standard(code="7126-09")
        standard = db.session.get(SkillStandard, new)
        standard.name_fa = "لوله‌کشی ساختمان"
        db.session.commit()
    html = listing(client)[2]
    assert f'<option value="{new}" >لوله‌کشی ساختمان</option>' in html
    with app.app_context():
        db.session.get(SkillStandard, new).name_fa = "لوله‌کشی گاز ساختمان"
        db.session.commit()
    html = listing(client)[2]
    assert "لوله‌کشی گاز ساختمان" in html and f'<option value="{new}" >لوله‌کشی ساختمان</option>' not in html


@pytest.mark.parametrize(("headers", "args"), [
    (EN, {"from": "2027-01-21"}),
    (AR, {"from": "21/01/2027"}),  # day first with the year last, as written in Iraq
    (AR, {"from": "٢٠٢٧/٠١/٢١"}),
])
def test_date_filters_follow_the_viewers_calendar(client, login, listed, headers, args):
    login("liaison.msn")
    status, shown, _html = listing(client, headers, **args)
    assert (status, shown) == (200, [listed.c, listed.b])


@pytest.mark.parametrize(("headers", "args", "message"), [
    (None, {"from": "۱۴۰۵/۱۳/۴۰"}, None),
    (None, {"to": "2026/12/22"}, None),  # a Gregorian date where a Solar Hijri one is expected
    (EN, {"from": "2027-02-30"}, "This date does not exist in the Gregorian calendar."),
    (EN, {"to": "next week"}, "Enter a date as year/month/day."),
    (EN, {"from": "1405-10-01"}, "Enter a Gregorian date: the year must be between 1900 and 2100."),
])
def test_a_bad_date_filter_is_a_400_with_a_message(client, login, listed, headers, args, message):
    login("liaison.msn")
    status, shown, html = listing(client, headers, **args)
    assert status == 400
    assert re.search(r'<p class="error" role="alert">[^<]+</p>', html)
    if message:
        assert message in html
    # The rest of the page still works: the list without the bad filter.
    assert len(shown) == 4


@pytest.mark.parametrize(("sort", "expected"), [
    ("start", "cbad"), ("start_asc", "dabc"), ("code", "abcd"), ("status", "cdab"), ("nonsense", "cbad"),
])
def test_list_sorting(client, login, listed, sort, expected):
    login("liaison.khz")
    assert listing(client, sort=sort)[1] == [getattr(listed, k) for k in expected]


def test_list_pages(app, client, ids, login):
    made = [make(app, ids, start=date(2026, 12, 1) + timedelta(days=i)) for i in range(7)]
    newest_first = [code_of(app, c) for c in reversed(made)]
    login("liaison.khz")
    status, first, html = listing(client)
    assert (status, first) == (200, newest_first[:5])
    assert 'rel="next"' in html
    page = text(client.get("/courses/", headers=EN).get_data(as_text=True))
    assert "7 courses" in page and "Page 1 of 2" in page
    status, second, html = listing(client, page="2")
    assert (status, second) == (200, newest_first[5:])
    assert 'rel="prev"' in html and 'rel="next"' not in html
    # Filters are kept from page to page.
    assert listing(client, page="2", sort="start_asc")[1] == list(reversed(newest_first))[5:]
    for page in ("0", "abc", "-1", "99999999"):
        assert listing(client, page=page)[:2] == (200, newest_first[:5])
    assert listing(client, page="40")[:2] == (200, [])


def test_a_superscript_page_number_falls_back_to_the_first_page(app, client, ids, login):
    make(app, ids)
    login("liaison.khz")
    assert client.get("/courses/?page=²").status_code == 200


def test_reserved_query_keys_do_not_break_the_list(app, client, ids, login):
    make(app, ids)
    login("liaison.khz")
    assert client.get("/courses/?_method=POST").status_code == 200


# The detail page -----------------------------------------------------------------------------------------


@pytest.fixture
def detailed(app, ids, users):
    """A proposed Khuzestan course approved by Khuzestan at 10:00 UTC on 26 November 2026, with sessions on a
    Monday, a public holiday (Tuesday 8 December) and a Friday."""
    course_id = make(app, ids, "KHZ", "proposed", start=date(2026, 12, 5), end=date(2026, 12, 31))
    with app.app_context():
        db.session.add(CourseApproval(course_id=course_id, side_id=ids.khz, user_id=users["liaison_khz"].id,
                                      at=datetime(2026, 11, 26, 10, 0, tzinfo=UTC)))
        db.session.add(Holiday(side_id=ids.khz, day=date(2026, 12, 8), name_fa="روز ملی", name_ar="اليوم الوطني",
                               name_en="National day"))
        db.session.commit()
    for day in (date(2026, 12, 7), date(2026, 12, 8), date(2026, 12, 11)):
        add_session(app, course_id, day)
    return course_id


def test_detail_shows_approvals_in_the_viewers_calendar_and_clock(app, client, login, detailed):
    login("liaison.khz")  # Tehran's clock
    html = client.get(f"/courses/{detailed}").get_data(as_text=True)
    assert "کاربر liaison.khz" in html
    assert "۵ آذر ۱۴۰۵، ۱۳:۳۰" in html
    other = as_user(app, login, "liaison.msn")  # Baghdad's clock
    html = other.get(f"/courses/{detailed}").get_data(as_text=True)
    assert "۵ آذر ۱۴۰۵، ۱۳:۰۰" in html
    # Maysan has not approved yet: its liaison is offered the approval.
    assert f'action="/courses/{detailed}/approve"' in html


def test_detail_shows_the_approval_state_in_english(client, login, detailed):
    login("liaison.msn")
    page = text(client.get(f"/courses/{detailed}", headers=EN).get_data(as_text=True))
    assert "Khuzestan: approved by کاربر liaison.khz on 26 November 2026, 13:00" in page
    assert "Maysan: not yet approved" in page
    assert "Approve for Maysan" in page


def test_detail_shows_timetable_warnings_and_both_clocks(client, login, detailed):
    login("liaison.khz")
    html = client.get(f"/courses/{detailed}").get_data(as_text=True)
    assert html.count('class="warning-row"') == 2
    assert "جمعه، ۲۰ آذر ۱۴۰۵" in html  # Friday 11 December 2026
    assert html.count("۰۸:۰۰ خوزستان، ۰۷:۳۰ میسان") == 3
    page = text(client.get(f"/courses/{detailed}", headers=EN).get_data(as_text=True))
    assert "⚠ Public holiday: National day" in page
    assert "Friday, 11 December 2026 ⚠ Weekend at the host side" in page
    assert page.count("08:00 Khuzestan, 07:30 Maysan") == 3
    assert "Monday, 7 December 2026 ⚠" not in page


def test_detail_shows_the_history_from_the_audit_trail(app, client, ids, login):
    login("liaison.khz")
    response = client.post("/courses/new", data=course_form(ids))
    course_id = int(response.headers["Location"].rsplit("/", 1)[1])
    assert client.post(f"/courses/{course_id}/transition/propose", data={"version": "1"}).status_code == 302
    other = as_user(app, login, "liaison.msn")
    assert other.post(f"/courses/{course_id}/approve", data={"version": "2"}).status_code == 302
    page = text(client.get(f"/courses/{course_id}", headers=EN).get_data(as_text=True))
    history = page.split("History", 1)[1]
    # In words (issue 18): who did what, field names and values translated.
    assert "کاربر liaison.khz created Joint course" in history
    assert "کاربر liaison.khz changed Status from Draft to Proposed" in history
    assert "کاربر liaison.msn created Course approval" in history
    # Newest first.
    assert history.index("created Course approval") < history.index("from Draft to Proposed") < history.index(
        "created Joint course")
    html = client.get(f"/courses/{course_id}").get_data(as_text=True)
    assert html.count('<ol class="history">') == 1
    assert "وضعیت را از پیش‌نویس به پیشنهادی تغییر داد" in re.sub(r"<[^>]+>", "", html)  # in Persian word order


def test_detail_of_a_missing_course_is_404(client, users, login):
    login("admin")
    assert client.get("/courses/999").status_code == 404


# Workflow steps and approvals through the pages ----------------------------------------------------------


def shown_after(client, response) -> str:
    """The page that reports a refusal: the response itself, or the page it sends the browser back to."""
    if "Location" in response.headers:
        return client.get(response.headers["Location"], headers=EN).get_data(as_text=True)
    return response.get_data(as_text=True)


def post_step(client, course_id, action, version, headers=None, **data):
    return client.post(f"/courses/{course_id}/transition/{action}", data={"version": str(version), **data},
                       headers=headers)


def test_the_whole_workflow_through_the_pages(app, client, ids, login, monkeypatch):
    course_id = make(app, ids, "KHZ", start=date(2026, 12, 5), end=date(2026, 12, 18))
    khz = client
    login("liaison.khz")
    msn = as_user(app, login, "liaison.msn")

    assert post_step(khz, course_id, "propose", 1).status_code == 302
    assert khz.post(f"/courses/{course_id}/approve", data={"version": "2"}).status_code == 302
    course = stored(app, course_id)
    assert (course.status, course.approvals) == ("proposed", [(ids.khz, _user_id(app, "liaison.khz"))])
    assert msn.post(f"/courses/{course_id}/approve", data={"version": str(course.version)}).status_code == 302
    course = stored(app, course_id)
    assert course.status == "approved" and len(course.approvals) == 2

    # Scheduling needs a timetable.
    assert post_step(khz, course_id, "schedule", course.version).status_code == 409
    assert stored(app, course_id).status == "approved"
    response = khz.post(f"/courses/{course_id}/sessions/weekly", data={
        "weekly-weekdays": ["5", "0", "4"], "weekly-start_time": "08:00", "weekly-end_time": "12:00",
        "weekly-topic": "", "weekly-skip_days_off": "skip"})
    assert response.status_code == 302
    course = stored(app, course_id)
    assert [s[0].day for s in course.sessions] == [5, 7, 12, 14]  # Fridays left out
    assert course.sessions[0][2] == datetime(2026, 12, 5, 4, 30, tzinfo=UTC)
    response = khz.post(f"/courses/{course_id}/sessions", data={
        "one-day": "۱۴۰۵/۰۹/۲۰", "one-start_time": "14:00", "one-end_time": "16:00", "one-topic": "ایمنی"})
    assert response.status_code == 302
    assert len(stored(app, course_id).sessions) == 5
    with app.app_context():
        friday = db.session.scalar(select(CourseSession.id).where(CourseSession.day == date(2026, 12, 11)))
    assert khz.post(f"/courses/{course_id}/sessions/{friday}/delete").status_code == 302
    assert len(stored(app, course_id).sessions) == 4

    # The host's calendar: 4 December at the host is before the first session (5 December).
    monkeypatch.setattr(timezones, "utcnow", lambda: datetime(2026, 12, 4, 20, 0, tzinfo=UTC))  # 23:30 Tehran
    assert post_step(khz, course_id, "schedule", stored(app, course_id).version).status_code == 302
    response = post_step(khz, course_id, "start", stored(app, course_id).version, headers=EN)
    assert response.status_code == 409
    assert "The course can start on 5 December 2026, the day of its first session; today at the host centre is " \
        "4 December 2026." in response.get_data(as_text=True).replace("&#39;", "'")
    monkeypatch.setattr(timezones, "utcnow", lambda: datetime(2026, 12, 4, 20, 30, tzinfo=UTC))  # 00:00 Tehran
    assert post_step(khz, course_id, "start", stored(app, course_id).version).status_code == 302
    # The last session ends on 14 December at 12:00 Tehran (08:30 UTC).
    monkeypatch.setattr(timezones, "utcnow", lambda: datetime(2026, 12, 14, 8, 29, tzinfo=UTC))
    response = post_step(khz, course_id, "complete", stored(app, course_id).version, headers=EN)
    assert response.status_code == 409 and stored(app, course_id).status == "running"
    assert "ends on 14 December 2026 at 12:00 (host centre's clock)" in response.get_data(as_text=True) \
        .replace("&#39;", "'")
    monkeypatch.setattr(timezones, "utcnow", lambda: datetime(2026, 12, 14, 8, 30, tzinfo=UTC))
    assert post_step(khz, course_id, "complete", stored(app, course_id).version).status_code == 302
    assert stored(app, course_id).status == "completed"
    with app.app_context():
        assert db.session.get(Course, course_id).completed_on == date(2026, 12, 14)
    assert post_step(khz, course_id, "cancel", stored(app, course_id).version,
                     **{"cancel-reason": "دیر شد"}).status_code == 409
    assert stored(app, course_id).status == "completed"


def _user_id(app, username):
    from coordinator.auth.models import User

    with app.app_context():
        return db.session.scalar(select(User.id).where(User.username == username))


def test_timetable_refusals_through_the_pages(app, client, ids, login):
    course_id = make(app, ids, "KHZ", status="approved", start=date(2026, 12, 5), end=date(2026, 12, 18))
    add_session(app, course_id, date(2026, 12, 7), time(8), time(10))
    login("liaison.khz")
    overlap = {"one-day": "۱۴۰۵/۰۹/۱۶", "one-start_time": "09:00", "one-end_time": "11:00", "one-topic": ""}
    assert client.post(f"/courses/{course_id}/sessions", data=overlap).status_code == 409
    outside = {**overlap, "one-day": "۱۴۰۵/۱۰/۰۱"}
    assert client.post(f"/courses/{course_id}/sessions", data=outside).status_code == 400
    backwards = {**overlap, "one-day": "۱۴۰۵/۰۹/۱۷", "one-start_time": "11:00", "one-end_time": "09:00"}
    assert client.post(f"/courses/{course_id}/sessions", data=backwards).status_code == 400
    assert client.post(f"/courses/{course_id}/sessions/weekly", data={"weekly-start_time": "08:00"}).status_code \
        == 400
    assert len(stored(app, course_id).sessions) == 1
    other = as_user(app, login, "liaison.msn")
    fine = {**overlap, "one-day": "۱۴۰۵/۰۹/۱۷"}
    assert other.post(f"/courses/{course_id}/sessions", data=fine).status_code == 403
    assert len(stored(app, course_id).sessions) == 1


def test_more_timetable_refusals_through_the_pages(app, client, ids, login):
    course_id = make(app, ids, "KHZ", status="approved", start=date(2026, 12, 5), end=date(2026, 12, 18))
    other_course = make(app, ids, "KHZ", status="approved")
    session_id = add_session(app, course_id, date(2026, 12, 7))
    foreign_session = add_session(app, other_course, date(2026, 12, 7))
    login("liaison.khz")
    # No weekday chosen.
    assert client.post(f"/courses/{course_id}/sessions/weekly", data={
        "weekly-start_time": "08:00", "weekly-end_time": "12:00", "weekly-skip_days_off": "skip"}).status_code == 400
    # A date that is not one.
    assert client.post(f"/courses/{course_id}/sessions", data={
        "one-day": "۱۴۰۵/۰۹/۳۲", "one-start_time": "08:00", "one-end_time": "10:00"}).status_code == 400
    # Another course's session, through this course's address.
    assert client.post(f"/courses/{course_id}/sessions/{foreign_session}/delete").status_code == 404
    # A session with attendance stays.
    with app.app_context():
        from coordinator.courses.models import Attendance, Enrolment

        trainee = factories.make_trainee(ids.khz)
        enrolment = Enrolment(course_id=course_id, trainee_id=trainee, status="enrolled")
        db.session.add(enrolment)
        db.session.flush()
        db.session.add(Attendance(enrolment_id=enrolment.id, session_id=session_id, status="present"))
        db.session.commit()
    assert client.post(f"/courses/{course_id}/sessions/{session_id}/delete").status_code == 409
    assert len(stored(app, course_id).sessions) == 1
    assert len(stored(app, other_course).sessions) == 1


def test_an_edit_refused_by_the_rules_is_a_400(app, client, ids, login):
    course_id = make(app, ids, status="running")
    login("liaison.khz")
    form = edit_form(app, ids, course_id, start_date="۱۴۰۵/۰۹/۱۰")  # a running course keeps its start
    assert client.post(f"/courses/{course_id}/edit", data=form).status_code == 400
    assert stored(app, course_id).start_date == date(2026, 12, 5)


def test_cancelling_through_the_page_needs_a_reason(app, client, ids, login):
    course_id = make(app, ids, status="scheduled")
    login("liaison.khz")
    assert post_step(client, course_id, "cancel", 1, **{"cancel-reason": "  "}).status_code == 400
    assert stored(app, course_id).status == "scheduled"
    assert post_step(client, course_id, "cancel", 1, **{"cancel-reason": "کمبود متقاضی"}).status_code == 302
    course = stored(app, course_id)
    assert (course.status, course.cancel_reason) == ("cancelled", "کمبود متقاضی")
    assert "کمبود متقاضی" in client.get(f"/courses/{course_id}").get_data(as_text=True)


def test_a_refused_step_is_reported(app, client, ids, login):
    course_id = make(app, ids, status="draft")
    login("liaison.khz")
    response = client.post(f"/courses/{course_id}/transition/start", data={"version": "1"}, headers=EN)
    assert response.status_code == 409
    assert "A course that is “Draft” cannot be moved to “Running”." in shown_after(client, response)
    assert stored(app, course_id).status == "draft"


def test_an_unknown_step_is_404(app, client, ids, login):
    course_id = make(app, ids)
    login("admin")
    assert post_step(client, course_id, "explode", 1).status_code == 404
    assert client.get(f"/courses/{course_id}/transition/propose").status_code == 405
    assert stored(app, course_id).status == "draft"


@pytest.mark.parametrize(("status", "action"), [
    ("proposed", "withdraw"), ("approved", "schedule"), ("scheduled", "start"), ("running", "complete"),
    ("draft", "cancel"),
])
def test_the_other_sides_liaison_is_refused_manage_steps(app, client, ids, login, status, action):
    course_id = make(app, ids, "KHZ", status=status)
    add_session(app, course_id, date(2026, 12, 7))
    login("liaison.msn")
    html = client.get(f"/courses/{course_id}").get_data(as_text=True)
    assert f"/transition/{action}" not in html  # not offered ...
    assert post_step(client, course_id, action, 1, **{"cancel-reason": "دلیل"}).status_code == 403  # ... nor done
    assert stored(app, course_id).status == status
    other = as_user(app, login, "liaison.khz")
    assert f"/transition/{action}" in other.get(f"/courses/{course_id}").get_data(as_text=True)


def test_the_other_sides_liaison_may_not_propose_a_draft(app, client, ids, login):
    course_id = make(app, ids, "KHZ")
    login("liaison.msn")
    assert "/transition/propose" not in client.get(f"/courses/{course_id}").get_data(as_text=True)
    refused = client.post(f"/courses/{course_id}/transition/propose", data={"version": "1"}, headers=EN)
    assert refused.status_code == 403
    assert "Only the host side proposes its course" in refused.get_data(as_text=True)
    assert stored(app, course_id).status == "draft"


@pytest.mark.parametrize("who", ["manager.khz", "manager.msn"])
def test_managers_read_but_cannot_act(app, client, ids, login, who):
    course_id = make(app, ids, "KHZ", status="proposed")
    login(who)
    html = client.get(f"/courses/{course_id}").get_data(as_text=True)
    assert "/transition/" not in html and "/approve" not in html
    for action in ("withdraw", "cancel"):
        assert post_step(client, course_id, action, 1, **{"cancel-reason": "دلیل"}).status_code == 403
    assert client.post(f"/courses/{course_id}/approve", data={"version": "1"}).status_code == 403
    assert client.get(f"/courses/{course_id}/edit").status_code == 403
    assert client.post(f"/courses/{course_id}/sessions", data={
        "one-day": "۱۴۰۵/۰۹/۱۶", "one-start_time": "08:00", "one-end_time": "09:00"}).status_code == 403
    assert client.post(f"/courses/{course_id}/sessions/weekly", data={
        "weekly-weekdays": ["0"], "weekly-start_time": "08:00", "weekly-end_time": "09:00",
        "weekly-skip_days_off": "skip"}).status_code == 403
    course = stored(app, course_id)
    assert (course.status, course.approvals, course.sessions) == ("proposed", [], [])


@pytest.mark.parametrize("who", ["trainer.khz", "trainer.msn"])
def test_trainers_see_no_course_until_they_are_assigned(app, client, ids, login, who):
    course_id = make(app, ids, "KHZ", status="proposed")
    add_session(app, course_id, date(2026, 12, 22))
    login(who)
    status, shown, _html = listing(client)
    assert (status, shown) == (200, [])
    assert client.get(f"/courses/{course_id}").status_code == 404
    assert client.get(f"/courses/{course_id}/edit").status_code == 404
    assert post_step(client, course_id, "withdraw", 1).status_code == 404
    assert client.post(f"/courses/{course_id}/approve", data={"version": "1"}).status_code == 404
    html = client.get("/courses/calendar?year=1405&month=10").get_data(as_text=True)
    assert f"/courses/{course_id}" not in html
    sheet = load_workbook(io.BytesIO(client.get("/courses/export.xlsx").data)).active
    assert sheet.max_row == 1  # the header row only
    assert stored(app, course_id).status == "proposed"


def test_approvals_through_the_pages(app, client, ids, login):
    course_id = make(app, ids, "MSN", status="proposed")
    login("liaison.khz")
    assert client.post(f"/courses/{course_id}/approve", data={"version": "1"}).status_code == 302
    course = stored(app, course_id)
    assert (course.status, course.approvals) == ("proposed", [(ids.khz, _user_id(app, "liaison.khz"))])
    # Once is enough: a second click goes back to the course with a message, records nothing, and the
    # button is gone.
    second = client.post(f"/courses/{course_id}/approve", data={"version": str(course.version)},
                         headers={"Accept-Language": "en"})
    assert second.status_code == 302 and second.headers["Location"].endswith(f"/courses/{course_id}")
    page = client.get(f"/courses/{course_id}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Your side had already approved this course" in page
    assert f"/courses/{course_id}/approve" not in page
    assert stored(app, course_id).approvals == [(ids.khz, _user_id(app, "liaison.khz"))]
    admin = as_user(app, login, "admin")
    assert admin.post(f"/courses/{course_id}/approve", data={"version": str(course.version)}).status_code == 403
    msn = as_user(app, login, "liaison.msn")
    assert msn.post(f"/courses/{course_id}/approve", data={"version": str(course.version)}).status_code == 302
    course = stored(app, course_id)
    assert course.status == "approved" and len(course.approvals) == 2
    # Approving an approved course again (a double click) changes nothing and answers as the first click did.
    assert msn.post(f"/courses/{course_id}/approve", data={"version": str(course.version)}).status_code == 302
    assert len(stored(app, course_id).approvals) == 2


def test_a_stale_step_is_refused_and_changes_nothing(app, client, ids, login):
    course_id = make(app, ids, "KHZ", status="proposed")
    login("liaison.khz")
    msn = as_user(app, login, "liaison.msn")
    assert 'name="version" value="1"' in client.get(f"/courses/{course_id}").get_data(as_text=True)
    with app.app_context():  # meanwhile someone else changes the course
        db.session.get(Course, course_id).capacity = 14
        db.session.commit()
    # Both pages still carry version 1.
    response = client.post(f"/courses/{course_id}/transition/withdraw", data={"version": "1"}, headers=EN)
    assert response.status_code == 409
    assert msn.post(f"/courses/{course_id}/approve", data={"version": "1"}).status_code == 409
    course = stored(app, course_id)
    assert (course.status, course.version, course.approvals) == ("proposed", 2, [])
    assert "after you opened it" in shown_after(client, response)
    # With the current version the step goes through.
    assert post_step(client, course_id, "withdraw", 2).status_code == 302
    assert stored(app, course_id).status == "draft"


def test_an_approval_does_not_change_the_courses_version(app, client, ids, login):
    """Approving inserts a row of its own: the course's version (what the other side's page carries) stays."""
    course_id = make(app, ids, "KHZ", status="proposed")
    login("liaison.msn")
    assert client.post(f"/courses/{course_id}/approve", data={"version": "1"}).status_code == 302
    assert stored(app, course_id).version == 1


# The calendar --------------------------------------------------------------------------------------------


def test_calendar_of_a_solar_hijri_month(app, client, ids, login):
    shown = make(app, ids, "KHZ", status="scheduled", name_fa="جوشکاری دی‌ماه")
    cancelled = make(app, ids, "KHZ", status="cancelled", name_fa="دوره لغو شده")
    add_session(app, shown, date(2026, 12, 22))  # 1 Dey 1405
    add_session(app, cancelled, date(2026, 12, 23))
    login("liaison.khz")
    response = client.get("/courses/calendar?year=1405&month=10")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "دی ۱۴۰۵" in html
    assert f'href="/courses/{shown}"' in html and "جوشکاری دی‌ماه" in html
    assert f'href="/courses/{cancelled}"' not in html
    assert "year=1405&amp;month=9" in html and "year=1405&amp;month=11" in html
    assert '<span class="day-number">۳۰</span>' in html  # Dey has 30 days
    assert '<span class="day-number">۳۱</span>' not in html


@pytest.mark.parametrize(("month", "prev", "following"), [
    ("12", "year=1405&amp;month=11", "year=1406&amp;month=1"),
    ("1", "year=1404&amp;month=12", "year=1405&amp;month=2"),
])
def test_calendar_navigation_crosses_years(client, users, login, month, prev, following):
    login("liaison.khz")
    html = client.get(f"/courses/calendar?year=1405&month={month}").get_data(as_text=True)
    assert prev in html and following in html


@pytest.mark.parametrize("query", [
    "year=1600&month=10", "year=1405&month=13", "year=1405&month=0", "year=abc&month=xyz", "year=-1405&month=5",
    "year=1405", "month=10", "year=۱۴۰۵&month=۱۳", "year=1405.5&month=1",
])
def test_calendar_falls_back_to_this_month_on_bad_params(client, users, login, query):
    login("liaison.khz")
    response = client.get(f"/courses/calendar?{query}")
    assert response.status_code == 200
    today = datetime.now(ZoneInfo("Asia/Tehran")).date()
    assert format_month_year(today, "fa") in response.get_data(as_text=True)


def test_calendar_with_a_superscript_digit_falls_back(client, users, login):
    login("liaison.khz")
    assert client.get("/courses/calendar?year=²&month=1").status_code == 200


def test_calendar_for_an_arabic_viewer_uses_iraqi_month_names(app, client, ids, login):
    course_id = make(app, ids, "MSN", status="scheduled")
    add_session(app, course_id, date(2026, 12, 22))
    login("liaison.msn")
    html = client.get("/courses/calendar?year=2026&month=12", headers=AR).get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in html
    assert "كانون الأول ٢٠٢٦" in html
    assert f'href="/courses/{course_id}"' in html
    assert "كانون الثاني ٢٠٢٧" in client.get("/courses/calendar?year=2027&month=1", headers=AR).get_data(as_text=True)
    # A Solar Hijri year is out of the Gregorian range: this month instead of an error.
    response = client.get("/courses/calendar?year=1405&month=10", headers=AR)
    assert response.status_code == 200
    today = datetime.now(ZoneInfo("Asia/Tehran")).date()
    assert format_month_year(today, "ar") in response.get_data(as_text=True)


def test_calendar_for_an_english_viewer(client, users, login):
    login("liaison.msn")
    assert "December 2026" in client.get("/courses/calendar?year=2026&month=12", headers=EN).get_data(as_text=True)


# The Excel export ----------------------------------------------------------------------------------------


def export(client, headers=None, **args):
    response = client.get("/courses/export.xlsx", query_string=args, headers=headers or {})
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "joint-courses.xlsx" in response.headers["Content-Disposition"]
    return load_workbook(io.BytesIO(response.data)).active


@pytest.mark.parametrize("args", [{}, {"side": "MSN"}, {"q": "كولر"}, {"sort": "code"}, {"from": "۱۴۰۵/۱۱/۰۱"},
                                  {"status": "draft"}])
def test_export_rows_match_the_filtered_list(client, login, sides, listed, args):
    login("liaison.khz")
    if "side" in args:
        args = {**args, "side": str(sides[args["side"]].id)}
    sheet = export(client, **args)
    assert sheet.sheet_view.rightToLeft is True
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] and len(rows[0]) == 13
    assert [r[0] for r in rows[1:]] == listing(client, **args)[1]


def test_export_cells(client, login, listed):
    login("liaison.khz")
    sheet = export(client)
    rows = {r[0]: r for r in sheet.iter_rows(values_only=True)}
    a = rows[listed.a]
    assert a[1:3] == ("کارگاه یادگیری جوشکاری", "دورة اللحام المشتركة")
    assert a[3] == "7212-01"
    # Real date cells (sortable, filterable), shown in the Persian calendar by Excel's calendar type 16.
    assert a[6:8] == (datetime(2026, 12, 5), datetime(2027, 1, 1))
    assert sheet["G2"].is_date and sheet["G2"].number_format == "[$-fa-IR,16]yyyy/mm/dd;@"
    assert sheet.auto_filter.ref == f"A1:M{sheet.max_row}" and sheet.freeze_panes == "A2"
    assert a[8:11] == (40, 100, 10)  # numbers stay numbers
    assert a[12] == "کارجویان شهری"


def test_export_in_english_is_left_to_right(client, login, listed):
    login("liaison.msn")
    sheet = export(client, EN, sort="code")
    assert sheet.sheet_view.rightToLeft is False
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Code", "Title in Persian", "Title in Arabic")
    assert rows[1][0] == listed.a and rows[1][6:8] == (datetime(2026, 12, 5), datetime(2027, 1, 1))
    assert sheet["G2"].number_format == "yyyy-mm-dd"
    assert [r[11] for r in rows[1:]] == ["Draft", "Proposed", "Approved", "Cancelled"]


def test_formula_like_titles_are_stored_as_text(app, client, ids, login):
    login("liaison.khz")
    form = course_form(ids, name_fa="=1+1", name_ar="@SUM(A1:A9)", contact_name="-2+3")
    assert client.post("/courses/new", data=form).status_code == 302
    with app.app_context():
        course = db.session.scalar(select(Course))
        assert (course.name_fa, course.name_ar) == ("=1+1", "@SUM(A1:A9)")  # kept as typed
    sheet = export(client)
    for cell in (sheet["B2"], sheet["C2"]):
        assert cell.data_type == "s"  # text, never a formula
        assert cell.value.lstrip("'") in ("=1+1", "@SUM(A1:A9)")


# SQL queries ---------------------------------------------------------------------------------------------


def count_queries(app, client, url, headers=None) -> int:
    """The queries of a second request: the first after a change may fill per-process caches (kept.py)."""
    client.get(url, headers=headers or {})
    statements = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    with app.app_context():
        engine = db.engine
        event.listen(engine, "before_cursor_execute", record)
        try:
            response = client.get(url, headers=headers or {})
        finally:
            event.remove(engine, "before_cursor_execute", record)
    assert response.status_code == 200
    return len(statements)


def many(app, ids, count: int, offset: int = 0) -> None:
    groups = list(ids.groups)
    for i in range(offset, offset + count):
        make(app, ids, "KHZ" if i % 2 else "MSN", status=("draft", "proposed", "approved")[i % 3],
             groups=(groups[i % len(groups)], groups[(i + 3) % len(groups)]),
             approvals=(("KHZ", "MSN"), ("KHZ",), ())[i % 3], standard=(ids.standard, ids.standard2)[i % 2],
             start=date(2026, 12, 1) + timedelta(days=i), name_fa=f"دوره {i}")


@pytest.mark.parametrize("url", ["/courses/", "/courses/?sort=code&q=دوره", "/courses/export.xlsx",
                                 "/courses/export.xlsx?sort=status"])
@pytest.mark.parametrize("page_size", [None, 100])
def test_the_number_of_queries_does_not_grow_with_the_courses(app, client, ids, login, monkeypatch, url, page_size):
    if page_size:
        monkeypatch.setitem(app.config, "PAGE_SIZE", page_size)  # every course on one page
    login("liaison.khz")
    many(app, ids, 3)
    client.get(url)  # warm up: the first request after log-in may do more
    with_3 = count_queries(app, client, url)
    many(app, ids, 27, offset=3)
    assert course_count(app) == 30
    with_30 = count_queries(app, client, url)
    assert with_3 == with_30, f"{url}: {with_3} queries with 3 courses, {with_30} with 30"
    # And in the other languages, whose names come from other columns.
    assert count_queries(app, client, url, EN) == count_queries(app, client, url, AR) == with_30
