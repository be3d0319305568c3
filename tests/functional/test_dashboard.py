"""The dashboard: figures and the records behind them agree, the Excel holds the same numbers, periods typed
in the viewer's calendar and digits, bad input refused with a message, who may see it."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from openpyxl import load_workbook

from coordinator.l10n.calendars import date_input_value
from coordinator.l10n.digits import to_ascii_digits
from coordinator.progress.catalogue import SPEC_BY_KEY
from tests import factories
from tests.unit.test_progress import EXPECTED, EXPECTED_KHZ, build

START, END = date(2026, 10, 1), date(2026, 10, 31)
FIGURE_RE = re.compile(r'data-key="([a-z_.]+)">\s*<span class="figure-value">([^<]+)</span>')


def _fa(day: date) -> str:
    """A date as a Persian viewer types it: Solar Hijri, Persian digits (۱۴۰۵/۰۷/۰۹)."""
    return date_input_value(day, "fa")


def _query(start=START, end=END, side="") -> dict:
    return {"start": _fa(start), "end": _fa(end), "side": side}


@pytest.fixture
def story(app, sides, users):
    with app.app_context():
        return build(sides, users)


def _figures(html: str) -> dict[str, int]:
    return {key: int(re.sub(r"\D", "", to_ascii_digits(value))) for key, value in FIGURE_RE.findall(html)}


def test_the_dashboard_shows_every_figure_and_each_drill_down_lists_as_many_records(client, login, story):
    login("manager.khz")
    response = client.get("/dashboard/", query_string=_query())
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert _figures(html) == EXPECTED
    assert " style=" not in html and "<svg" in html  # bars drawn with SVG attributes: the CSP forbids styles
    # Overdue work comes before the figures.
    assert html.index('id="overdue-title"') < html.index('class="progress-report"')
    for key, value in EXPECTED.items():
        page = client.get(f"/dashboard/figures/{key}", query_string=_query())
        assert page.status_code == 200, key
        text = page.get_data(as_text=True)
        assert f'data-value="{value}"' in text, key
        if SPEC_BY_KEY[key].unit == "records":
            assert text.count('class="drill-row"') == value, key


def test_breakdown_rows_link_to_their_records(client, login, story, sides):
    login("liaison.msn")
    key = f"trainees.enrolled.side-{sides['KHZ'].id}"
    page = client.get(f"/dashboard/figures/{key}", query_string=_query())
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert html.count('class="drill-row"') == 2
    assert "/trainees/" in html
    assert f"/dashboard/figures/{key}" in client.get("/dashboard/", query_string=_query()).get_data(as_text=True)


def test_rows_outside_the_report_still_list_their_records(client, login, story, sides):
    login("manager.khz")
    khz, msn = sides["KHZ"].id, sides["MSN"].id
    for key, count in ((f"competitions.medals.side-{msn}.medal-silver", 0), (f"trainees.enrolled.side-{msn}", 0),
                       (f"exchanges.trainer_days.dir-{khz}-{khz}", 0)):
        page = client.get(f"/dashboard/figures/{key}", query_string=_query(side=khz))
        assert page.status_code == 200, key
        assert page.get_data(as_text=True).count('class="drill-row"') == count, key
    page = client.get(f"/dashboard/figures/competitions.medals.side-{msn}.medal-silver", query_string=_query())
    assert page.get_data(as_text=True).count('class="drill-row"') == 1


def test_the_side_filter(client, login, story, sides):
    login("admin")
    response = client.get("/dashboard/", query_string=_query(side=sides["KHZ"].id))
    assert response.status_code == 200
    assert _figures(response.get_data(as_text=True)) == EXPECTED_KHZ
    assert client.get("/dashboard/", query_string=_query(side="999")).status_code == 400


def test_the_excel_holds_the_same_numbers(client, login, story, sides):
    login("manager.msn")
    response = client.get("/dashboard/export.xlsx", query_string=_query())
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    sheet = load_workbook(io.BytesIO(response.data)).active
    assert sheet.sheet_view.rightToLeft
    # The period above the table; the header frozen with filters; the machine key column hidden from readers.
    assert "۱۴۰۵" in sheet.cell(1, 1).value
    assert sheet.freeze_panes == "A3" and sheet.auto_filter.ref == f"A2:E{sheet.max_row}"
    assert sheet.column_dimensions["E"].hidden and not sheet.column_dimensions["D"].hidden
    values = {row[4]: row[3] for row in sheet.iter_rows(min_row=3, values_only=True) if row[4]}
    assert {k: values[k] for k in EXPECTED} == EXPECTED
    assert values[f"trainees.enrolled.side-{sides['MSN'].id}"] == 2
    assert values["trainees.certified.gender-f"] == 2


def test_an_english_viewer_types_gregorian_dates(app, client, login, story, sides):
    with app.app_context():
        factories.make_user("manager", sides["KHZ"].id, username="reader", locale="en")
    login("reader")
    response = client.get("/dashboard/", query_string={"start": "2026-10-01", "end": "2026-10-31"})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert _figures(html)["trainees.enrolled"] == 4
    sheet = load_workbook(io.BytesIO(client.get("/dashboard/export.xlsx", query_string={
        "start": "2026-10-01", "end": "2026-10-31"}).data)).active
    assert not sheet.sheet_view.rightToLeft
    assert sheet.cell(2, 2).value == "Figure"


@pytest.mark.parametrize("query", [
    {"start": _fa(END), "end": _fa(START)},  # start after end
    {"start": "۱۴۰۵/۱۳/۴۰", "end": _fa(END)},  # no such day
    {"start": "hello", "end": _fa(END)},
    {"start": _fa(date(2019, 1, 1)), "end": _fa(END)},  # longer than five years
])
def test_bad_periods_are_refused_with_a_message(client, login, story, query):
    login("manager.khz")
    for url in ("/dashboard/", "/dashboard/figures/trainees.enrolled", "/dashboard/export.xlsx"):
        response = client.get(url, query_string=query)
        assert response.status_code == 400, url
        assert 'class="error"' in response.get_data(as_text=True)


def test_start_after_end_names_the_problem(app, client, login, sides):
    with app.app_context():
        factories.make_user("manager", sides["KHZ"].id, username="reader2", locale="en")
    login("reader2")
    response = client.get("/dashboard/", query_string={"start": "2026-10-31", "end": "2026-10-01"})
    assert response.status_code == 400
    assert "The last day cannot be before the first day." in response.get_data(as_text=True)


def test_persian_and_arabic_digits_are_accepted(client, login, story):
    login("manager.khz")
    arabic = {k: v.translate(str.maketrans("۰۱۲۳۴۵۶۷۸۹", "٠١٢٣٤٥٦٧٨٩")) for k, v in _query().items()}
    for query in (_query(), arabic):
        response = client.get("/dashboard/", query_string=query)
        assert response.status_code == 200
        assert _figures(response.get_data(as_text=True))["milestones.reached"] == 3


def test_an_empty_period_renders_zeros(client, login, sides, users):
    login("manager.khz")
    response = client.get("/dashboard/", query_string=_query(date(2021, 1, 1), date(2021, 1, 31)))
    assert response.status_code == 200
    assert set(_figures(response.get_data(as_text=True)).values()) == {0}
    assert client.get("/dashboard/").status_code == 200  # the default period, with nothing recorded


def test_unknown_figures_are_not_found(client, login, sides, users):
    login("manager.khz")
    for key in ("nothing", "courses.nothing", "trainees.enrolled.medal-gold", "trainees.enrolled.side-x"):
        assert client.get(f"/dashboard/figures/{key}").status_code == 404


def test_who_may_see_it(app, client, login, sides, users):
    assert client.get("/dashboard/").status_code == 302
    assert "/login" in client.get("/dashboard/export.xlsx").headers["Location"]
    login("trainer.khz")
    assert client.get("/dashboard/").status_code == 403
    assert client.get("/dashboard/figures/trainees.enrolled").status_code == 403
    assert 'href="/dashboard/"' not in client.get("/").get_data(as_text=True)
    other = app.test_client()
    login("liaison.khz", test_client=other)
    assert other.get("/dashboard/").status_code == 200
    assert 'href="/dashboard/"' in other.get("/").get_data(as_text=True)


def _statements(app, client, url, query) -> int:
    from sqlalchemy import event

    from coordinator.extensions import db

    statements = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", record)
        try:
            assert client.get(url, query_string=query).status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", record)
    return len(statements)


URLS = ["/dashboard/", "/dashboard/export.xlsx"] + [f"/dashboard/figures/{key}" for key in EXPECTED]


def test_pages_keep_a_fixed_number_of_queries(app, client, login, sides, users):
    login("manager.khz")
    client.get("/")  # the first page after log-in reads the session; later ones find it kept
    with app.app_context():
        build(sides, users, "01")
    before = [_statements(app, client, url, _query()) for url in URLS]
    with app.app_context():
        build(sides, users, "02")
        build(sides, users, "03")
    assert [_statements(app, client, url, _query()) for url in URLS] == before
