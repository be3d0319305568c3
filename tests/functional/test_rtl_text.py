"""Exact right-to-left on the pages people read, in Persian and Arabic (issue 18), from the demo data.

Scans the rendered HTML for what reverses or misreads on a right-to-left page: a middle dot or bar beside a
digit ("۵ · آذر" reads "۵۰ آذر"), and a code, web address or file name outside an isolate (<bdi>, dir="ltr",
or U+2066…U+2069 where markup cannot go), which the bidi algorithm reorders (7212-01 shown as ٠١-٧٢١٢).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from flask import g
from sqlalchemy import select

from coordinator import demo
from coordinator.courses.models import Course
from coordinator.demo.people import PASSWORD
from coordinator.extensions import db
from coordinator.meetings.models import Meeting

DIGIT = "0-9۰-۹٠-٩"
BAD_SEPARATOR = re.compile(f"[{DIGIT}][\\s\u00a0]*[·|]|[·|][\\s\u00a0]*[{DIGIT}]")
# Latin runs that must be isolated: course and certificate codes, skill codes, web addresses, file names.
NEEDS_ISOLATE = re.compile(
    r"\b[A-Z]{2,3}-\d{4}-[0-9A-Z]{4}\b"  # JC-2026-0004
    r"|\b\d{4}-\d{2}\b"  # skill standard 7212-01
    r"|https?://\S+"
    r"|(?<![\w.])\.(?:csv|xlsx|pdf|ics)\b"
)
ISOLATES = ("\u2066", "\u2067", "\u2068")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Scanner(HTMLParser):
    """Text nodes outside script/style, with whether an element around them isolates a left-to-right run."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []
        self.texts: list[tuple[str, bool, str]] = []  # (text, isolated, innermost tag)

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        attrs = dict(attrs)
        isolating = tag == "bdi" or attrs.get("dir") == "ltr" or "ltr" in (attrs.get("class") or "").split()
        self.stack.append((tag, isolating))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                return

    def handle_data(self, data):
        if not data.strip() or any(t in ("script", "style") for t, _i in self.stack):
            return
        inner = self.stack[-1][0] if self.stack else ""
        self.texts.append((data, any(i for _t, i in self.stack), inner))


def problems_on(html: str) -> list[str]:
    found = []
    scanner = Scanner()
    scanner.feed(html)
    text = " ".join(t for t, _i, _tag in scanner.texts)
    for match in BAD_SEPARATOR.finditer(text):
        found.append(f"separator beside a digit: {text[max(0, match.start() - 25):match.end() + 25]!r}")
    for data, isolated, _tag in scanner.texts:
        if isolated:
            continue
        for match in NEEDS_ISOLATE.finditer(data):
            before = data[:match.start()]
            if before.endswith(ISOLATES) or (before.count("\u2066") > before.count("\u2069")):
                continue
            found.append(f"{match.group()!r} not isolated in {data.strip()[:80]!r}")
    return found


@pytest.fixture
def demo_site(app, client):
    with app.app_context():
        g.actor_id = None
        demo.load()
        db.session.commit()
        course = db.session.scalar(select(Course).order_by(Course.id))
        meeting = db.session.scalar(select(Meeting).order_by(Meeting.id))
        ids = course.id, meeting.id
    response = client.post("/login", data={"username": "admin", "password": PASSWORD})
    assert response.status_code == 302
    return ids


def pages(course_id: int, meeting_id: int) -> list[str]:
    return ["/", "/courses/", f"/courses/{course_id}", "/courses/new", "/trainees/", "/curricula/",
            "/exchange/trainers/", "/equipment/", "/meetings/", f"/meetings/{meeting_id}", "/meetings/actions",
            "/dashboard/", "/admin/audit/", "/catalog/standards/", "/competitions/", "/agro/"]


@pytest.mark.parametrize("lang", ["fa", "ar"])
def test_main_pages_have_no_misreadable_separators_or_unisolated_codes(client, demo_site, lang):
    client.post("/language", data={"lang": lang})
    report = []
    for path in pages(*demo_site):
        response = client.get(path)
        assert response.status_code == 200, path
        html = response.get_data(as_text=True)
        assert f'lang="{lang}" dir="rtl"' in html
        report += [f"{path}: {problem}" for problem in problems_on(html)]
    assert not report, "\n".join(report)


def test_the_scanner_catches_what_it_is_for():
    assert problems_on("<p>میسان · ۵ آذر</p>")
    assert problems_on("<p>استاندارد 7212-01 جوشکاری</p>")
    assert problems_on("<option>JC-2026-0004 – دوره</option>")
    assert not problems_on("<p>میسان<span class=sep></span>۵ آذر</p>")
    assert not problems_on('<p>استاندارد <bdi dir="ltr">7212-01</bdi> جوشکاری</p>')
    assert not problems_on("<option>\u2066JC-2026-0004\u2069 – دوره</option>")
