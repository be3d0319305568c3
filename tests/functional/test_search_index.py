"""The course list's search goes through one function (coordinator/search.py) that reads a substring index (FTS5
trigram table on SQLite, pg_trgm GIN on PostgreSQL) and finds what LIKE '%…%' found: folded spellings, any part
of a word, short text, text holding LIKE's own wildcards; a renamed or removed course is found accordingly."""

from __future__ import annotations

from sqlalchemy import select

from coordinator.courses.models import Course
from coordinator.extensions import db
from coordinator.search import matches
from tests import factories
from tests.statements import statements_sent


def _found(text: str) -> set[str]:
    return set(db.session.scalars(select(Course.name_fa).where(matches(Course, text))))


def test_search_finds_parts_of_words_folded_spellings_and_wildcards_literally(app, sides):
    with app.app_context():
        centre, standard = factories.make_centre(sides["KHZ"].id), factories.make_standard()
        factories.make_course(centre, standard, name_fa="دوره بسته‌بندی خرما", name_ar="تعبئة التمور")
        factories.make_course(centre, standard, name_fa="جوشکاری ۱۰۰_درصد", name_ar="اللحام")
        assert _found("خرما") == {"دوره بسته‌بندی خرما"}
        assert _found("رم") == {"دوره بسته‌بندی خرما"}  # shorter than a trigram: still found
        assert _found("جوشكاري") == {"جوشکاری ۱۰۰_درصد"}  # Arabic kaf and yeh find the Persian spelling
        assert _found("100_") == {"جوشکاری ۱۰۰_درصد"}  # "_" is a letter here, not LIKE's wildcard
        assert _found("۰_د") == {"جوشکاری ۱۰۰_درصد"}
        assert _found("1%0") == set()
        assert _found('خر"ما') == set() and _found('"OR"') == set()  # quotes and query words are only letters
        assert _found("هیچ") == set()


def test_the_index_follows_renames_and_removals(app, sides):
    with app.app_context():
        centre, standard = factories.make_centre(sides["KHZ"].id), factories.make_standard()
        course_id = factories.make_course(centre, standard, name_fa="دوره نجاری", name_ar="النجارة")
        assert _found("نجاری") == {"دوره نجاری"}
        course = db.session.get(Course, course_id)
        course.name_fa = "دوره برق‌کاری"
        db.session.commit()
        assert _found("نجاری") == set() and _found("برق") == {"دوره برق‌کاری"}
        db.session.delete(db.session.get(Course, course_id))
        db.session.commit()
        assert _found("برق") == set()


def test_the_course_list_search_uses_it(app, sides, users, login, client):
    with app.app_context():
        centre, standard = factories.make_centre(sides["KHZ"].id), factories.make_standard()
        factories.make_course(centre, standard, name_fa="دوره بسته‌بندی خرما", name_ar="تعبئة التمور")
        factories.make_course(centre, standard, name_fa="دوره نجاری", name_ar="النجارة")
    login("admin")
    html = client.get("/courses/?q=خرما").get_data(as_text=True)
    assert "دوره بسته‌بندی خرما" in html and "دوره نجاری" not in html


def test_the_course_list_counts_only_up_to_a_cap(app, sides, users, login, client, monkeypatch):
    from coordinator.courses import course_views

    with app.app_context():
        centre, standard = factories.make_centre(sides["KHZ"].id), factories.make_standard()
        for _ in range(5):
            factories.make_course(centre, standard)
    monkeypatch.setattr(course_views, "COUNT_CAP", 3)
    monkeypatch.setitem(app.config, "PAGE_SIZE", 2)
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    login("admin")
    first = client.get("/courses/").get_data(as_text=True)
    assert "More than 3 courses" in first and "Page 1<" in first and 'rel="next"' in first
    # Past the cap the count goes as far as the page asked, so the last page is known there.
    last = client.get("/courses/?page=3").get_data(as_text=True)
    assert "5 courses" in last and "Page 3 of 3" in last and 'rel="next"' not in last


def test_a_searched_list_counts_its_matches_up_to_its_own_cap(app, sides, users, login, client, monkeypatch):
    """A search counts up to SEARCH_COUNT_CAP (its own, lower than a filtered list's); on SQLite the statement that
    chooses the page counts the matches too (courses.queries.paginate_by_id), shown the same way."""
    from coordinator.courses import course_views

    with app.app_context():
        centre, standard = factories.make_centre(sides["KHZ"].id), factories.make_standard()
        for number in range(7):
            factories.make_course(centre, standard, name_fa=f"دوره بسته‌بندی خرما {number}", name_ar="تعبئة التمور")
        for _ in range(3):
            factories.make_course(centre, standard, name_fa="دوره نجاری", name_ar="النجارة")
        sqlite = db.engine.dialect.name == "sqlite"
    monkeypatch.setattr(course_views, "COUNT_CAP", 3)
    monkeypatch.setattr(course_views, "SEARCH_COUNT_CAP", 10)
    monkeypatch.setitem(app.config, "PAGE_SIZE", 5)
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    login("admin")
    client.get("/")
    with statements_sent(app) as seen:
        first = client.get("/courses/?q=خرما").get_data(as_text=True)
    assert "7 courses" in first and "Page 1 of 2" in first and "More than" not in first
    assert first.count("دوره بسته‌بندی خرما") == 5 and "دوره نجاری" not in first
    counted_apart = any("count(*) AS count_1" in statement for statement in seen)
    assert counted_apart != sqlite  # SQLite: no statement of its own
    second = client.get("/courses/?q=خرما&page=2").get_data(as_text=True)
    assert "7 courses" in second and "Page 2 of 2" in second and second.count("دوره بسته‌بندی خرما") == 2
    assert client.get("/courses/?q=خرما&page=4").status_code == 200  # past the last page: counted on its own
    # Past the search's cap: "more than", on both databases (the cap, or the page asked if further: 5 a page).
    monkeypatch.setattr(course_views, "SEARCH_COUNT_CAP", 3)
    capped = client.get("/courses/?q=خرما").get_data(as_text=True)
    assert "More than 5 courses" in capped and "Page 1<" in capped and 'rel="next"' in capped
    # Two letters cannot use the index: counted apart, up to the search's cap as well.
    short = client.get("/courses/?q=دو").get_data(as_text=True)
    assert "More than 5 courses" in short
