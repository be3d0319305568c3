"""Study visits as people see them: the list, a past visit's page (its delegation with a guest who is not a
trainer) and an upcoming one's in Persian and Arabic, on a laptop and a phone (screenshots
tests/browser/artifacts/visit-*); no English left, dates in the viewer's calendar, nothing wider than a phone,
the menu marking "Study visits"."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from coordinator.extensions import db
from coordinator.visits.models import Visit
from tests.browser.pages import DESKTOP, PHONE, WIDEST, check_page


def _past_visit() -> int:
    return db.session.scalar(select(Visit.id).where(Visit.status == "reported").order_by(Visit.id))


def _upcoming_visit() -> int:
    return db.session.scalar(select(Visit.id).where(Visit.status == "accepted").order_by(Visit.id))


@pytest.mark.parametrize(("username", "lang"), [("liaison.khz", "fa"), ("liaison.msn", "ar")])
def test_visit_pages_read_right_to_left_and_fit_a_phone(as_user, in_app, username, lang):
    visit_id, upcoming_id = in_app(_past_visit), in_app(_upcoming_visit)
    person = as_user(username, lang)
    page = person.page
    problems = []
    for name, path in (("list", "/visits/"), ("detail", f"/visits/{visit_id}"), ("form", "/visits/new"),
                       ("upcoming", f"/visits/{upcoming_id}")):
        person.go(path)
        check_page(page, lang, dates=None if name == "form" else "long")
        expect(page.locator(".main-nav a[aria-current=page]")).to_have_attribute("href", "/visits/")
        for label, size in (("desktop", DESKTOP), ("phone", PHONE)):
            page.set_viewport_size(size)
            page.screenshot(path=str(person.artifacts / f"visit-{name}-{lang}-{label}.png"), full_page=True)
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            if overflow > 1:
                problems.append(f"{path} ({label}): {overflow}px too wide: {page.evaluate(WIDEST)}")
        page.set_viewport_size(DESKTOP)
        if name == "detail":  # the delegation with its guest (not a trainer), masked passport and visa
            expect(page.locator("#delegation .badge").last).to_be_visible()
            page.locator("#delegation").screenshot(path=str(person.artifacts / f"visit-delegation-{lang}.png"))
        if name == "upcoming" and page.locator("#delegation > details > summary").count():  # the visiting side
            page.locator("#delegation > details > summary").click()
            page.locator("#delegation tbody details.inline-edit summary").first.click()
            page.locator("#delegation").screenshot(path=str(person.artifacts / f"visit-delegation-forms-{lang}.png"))
    assert not problems, "\n".join(problems)
