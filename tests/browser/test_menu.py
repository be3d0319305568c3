"""The main menu: grouped so it stays on one line on a laptop, usable with a mouse, a keyboard and on a phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.pages import DESKTOP, PHONE


@pytest.mark.parametrize("lang", ["fa", "ar"])
def test_menu_groups_open_one_at_a_time_and_lead_to_their_pages(as_user, lang):
    admin = as_user("admin", lang)
    page = admin.go("/")
    menu = page.locator(".main-nav > ul")
    # Everything an administrator reaches fits one row of the header at laptop width.
    tops = menu.locator(":scope > li").evaluate_all(
        "items => items.map(i => Math.round(i.getBoundingClientRect().top))")
    assert len(set(tops)) == 1, tops
    training, cooperation = page.locator(".menu-group summary").nth(0), page.locator(".menu-group summary").nth(1)
    training.click()
    expect(page.locator(".menu-group details").nth(0)).to_have_attribute("open", "")
    cooperation.click()
    expect(page.locator(".menu-group details").nth(0)).not_to_have_attribute("open", "")
    page.keyboard.press("Escape")
    expect(page.locator(".menu-group details[open]")).to_have_count(0)
    admin.screenshot("menu")
    # The page's own item is marked: the home page here, then the group and item of the course list.
    expect(page.locator(".main-nav a[aria-current=page]")).to_have_attribute("href", "/")
    page.set_viewport_size(PHONE)
    # On a phone the menu folds behind one button and opens as a column over the full width.
    expect(training).to_be_hidden()
    page.click(".menu-button")
    expect(page.locator("#menu-toggle")).to_have_attribute("aria-expanded", "true")
    training.click()
    page.locator(".menu-group details[open] a").first.click()
    page.wait_for_url("**/courses/")
    admin.check(dates=None)
    expect(page.locator(".menu-group.current summary")).to_have_text(training.inner_text())
    expect(page.locator(".main-nav a[aria-current=page]")).to_have_attribute("href", "/courses/")
    page.set_viewport_size(DESKTOP)


def test_a_trainer_sees_plain_links_for_what_they_may_open(as_user):
    trainer = as_user("trainer.khz", "fa")
    page = trainer.go("/")
    links = page.locator(".main-nav > ul > li > a")
    assert page.locator(".main-nav a[href='/exchange/me']").count() == 1
    assert links.count() >= 2
