"""The course page's facts and summed-up timetable, and the course form that chooses nothing for the person
(server side; the browser journeys in tests/browser/test_look_pages.py see the same pages drawn)."""

from __future__ import annotations

import re

from tests.functional.test_courses import EN, course_form, detailed, ids, text  # noqa: F401  (fixtures)


def test_the_course_form_starts_its_choices_empty_and_names_what_to_choose(client, ids, login):  # noqa: F811
    login("liaison.khz")
    html = client.get("/courses/new").get_data(as_text=True)
    assert html.count("<legend>") >= 4
    for name in ("skill_standard_id", "host_centre_id", "language", "delivery"):
        select = re.search(f'<select[^>]*id="{name}"[^>]*>(.*?)</select>', html, re.S).group(1)
        # The prompt first, and no record marked chosen (the browser then shows the prompt).
        assert re.match(r'\s*<option (selected )?value="">انتخاب کنید…</option>', select), (name, select[:120])
        assert not re.search(r'<option selected value="[^"]', select), name
    response = client.post("/courses/new", data=course_form(ids, skill_standard_id="", host_centre_id="",
                                                            language="", delivery=""))
    assert response.status_code == 400
    page = text(response.get_data(as_text=True))
    for message in ("استاندارد مهارت را انتخاب کنید.", "مرکز میزبان را انتخاب کنید.", "زبان آموزش را انتخاب کنید."):
        assert message in page
    assert "This field is required" not in page and "Not a valid choice" not in page


def test_the_course_page_starts_with_its_facts_and_sums_up_its_timetable(client, login, detailed):  # noqa: F811
    login("liaison.khz")
    page = text(client.get(f"/courses/{detailed}").get_data(as_text=True))
    assert "دوره در یک نگاه" in page
    assert "۵ دسامبر ۲۰۲۶" in page  # the start in the Gregorian calendar too, for the Iraqi side
    assert "۳ جلسه" in page
    page = text(client.get(f"/courses/{detailed}", headers=EN).get_data(as_text=True))
    assert "3 sessions" in page and "All sessions, one by one" in page


def test_a_date_in_the_wrong_calendar_says_so_on_the_course_form(client, ids, login):  # noqa: F811
    login("liaison.khz")
    response = client.post("/courses/new", data=course_form(ids, start_date="2026/12/01"))
    page = text(response.get_data(as_text=True))
    assert "تاریخ را به هجری خورشیدی وارد کنید" in page, page[:400]
    assert "This field is required" not in page
