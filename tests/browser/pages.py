"""What every journey checks on every page it reaches, and a logged-in browser session to reach them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Browser, BrowserContext, Page, expect

PASSWORD = "coordinator-demo"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
# The web fonts (from npm, static/vendor/): Vazirmatn for Persian, Noto Sans Arabic for Arabic.
FONTS = {"fa": "Vazirmatn", "ar": "Noto Sans Arabic"}

# Latin runs a correct Persian or Arabic page may still show, each for a reason:
LATIN_ALLOWED = [
    re.compile(r"\bEnglish\b"),  # the language switcher offers English in its own name
    re.compile(r"\b[a-z]+\.(?:khz|msn)\b"),  # demo user names, typed in Latin letters
    re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b"),  # e-mail addresses
    re.compile(r"\b[A-Z]{2,3}-\d{4}-[0-9A-Z]{4}-[0-9A-Z]{4}\b"),  # certificate numbers (KM-2026-7Q4K-9TXD)
    re.compile(r"\bPDF\b"),  # the file format's name, the same in Persian and Arabic administration
    re.compile(r"\bhttps?://\S*"),  # web addresses, and the "https://" a link field asks for
]
CODE = re.compile(r"\b[A-Z]{2,3}-\d{4}-[0-9A-Z-]+")
LATIN_WORD = re.compile(r"[A-Za-z]{3,}")
PERSIAN_DIGITS = re.compile("[۰-۹]")
ARABIC_DIGITS = re.compile("[٠-٩]")
IRAQI_MONTHS = ("كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول",
                "تشرين الأول", "تشرين الثاني", "كانون الأول")


def english_words(text: str) -> list[str]:
    """Latin words of three letters or more left once the allowed runs are taken out."""
    for pattern in LATIN_ALLOWED:
        text = pattern.sub(" ", text)
    return LATIN_WORD.findall(text)


def drawn_fonts(page: Page, selector: str) -> list[dict]:
    """The fonts Chromium actually drew the element's text with (a page with missing glyphs shows boxes
    while every DOM assertion passes)."""
    cdp = page.context.new_cdp_session(page)
    try:
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
        node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
        return cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    finally:
        cdp.detach()


def check_page(page: Page, lang: str, *, dates: str | None = "long") -> str:
    """The checks every journey makes on a page: direction, language, no English, dates, our font.
    `dates`: "long" (month names shown), "short" (year/month/day in digits) or None (no date on the page).
    Returns the page's visible text."""
    # The stylesheet and web font arrive after the HTML (font-display: swap): judge the page once they are in.
    page.wait_for_load_state("load")
    page.evaluate("async () => { await document.fonts.ready; }")
    html = page.locator("html")
    expect(html).to_have_attribute("dir", "rtl")
    expect(html).to_have_attribute("lang", lang)
    text = page.locator("body").inner_text()
    leftovers = english_words(text)
    assert not leftovers, f"English or raw msgids on {page.url}: {sorted(set(leftovers))}"
    if dates:
        check_dates(text, lang, page.url, long=dates == "long")
    fonts = drawn_fonts(page, "h1")
    main = max(fonts, key=lambda f: f["glyphCount"])
    assert main["familyName"].startswith(FONTS[lang]) and main["isCustomFont"], f"h1 on {page.url} drawn with {fonts}"
    return text


def check_dates(text: str, lang: str, url: str = "", long: bool = True) -> None:
    """Dates in the viewer's calendar: a Jalali year (14xx) in Persian digits; or Arabic-Indic digits with an
    Iraqi month name (long dates) or a Gregorian year (short ones)."""
    if lang == "fa":
        assert re.search("۱۴[۰-۹]{2}", text), f"no Jalali year in Persian digits on {url}"
        found = ARABIC_DIGITS.search(text)
        assert not found, f"Arabic-Indic digits on a Persian page {url}: {_around(text, found)}"
    else:
        if long:
            assert any(month in text for month in IRAQI_MONTHS), f"no Iraqi month name on {url}"
        assert re.search("٢٠[٠-٩]{2}", text), f"no Gregorian year in Arabic-Indic digits on {url}"
        found = PERSIAN_DIGITS.search(text)
        assert not found, f"Persian digits on an Arabic page {url}: {_around(text, found)}"
    # Codes (JC-2026-0004, KM-2026-7Q4K-9TXD) are Latin by design; any other Latin year is a date left behind.
    assert not re.search(r"\b20\d\d\b", CODE.sub(" ", text)), f"a Latin-digit year on {url}"


def _around(text: str, match) -> str:
    return repr(text[max(0, match.start() - 60):match.end() + 60])


# The innermost elements sticking out of the screen's sides, to name them in the failure message.
WIDEST = """() => {
  const width = document.documentElement.clientWidth;
  return [...document.querySelectorAll("body *")].filter(e => {
    const r = e.getBoundingClientRect();
    return (r.right > width + 1 || r.left < -1) && ![...e.children].some(c => {
      const q = c.getBoundingClientRect(); return q.right > width + 1 || q.left < -1; });
  }).slice(0, 5).map(e => e.tagName.toLowerCase() + (e.className ? "." + e.className : "")
                     + " " + e.textContent.trim().slice(0, 30));
}"""


@dataclass
class Session:
    """One person in one browser context."""

    context: BrowserContext
    page: Page
    base: str
    artifacts: Path
    username: str
    lang: str
    shots: list[Path] = field(default_factory=list)

    @classmethod
    def visitor(cls, browser: Browser, base: str, artifacts: Path, lang: str) -> Session:
        """Nobody logged in; the browser asks for `lang` (Accept-Language) as a visitor's would."""
        context = browser.new_context(viewport=DESKTOP, base_url=base, locale={"fa": "fa-IR", "ar": "ar-IQ"}[lang])
        context.set_default_timeout(10_000)
        # Buttons that ask "are you sure?" (data-confirm) get a yes, as the person would click it.
        context.on("page", lambda page: page.on("dialog", lambda dialog: dialog.accept()))
        return cls(context, context.new_page(), base, artifacts, "", lang)

    @classmethod
    def login(cls, browser: Browser, base: str, artifacts: Path, username: str, lang: str) -> Session:
        session = cls.visitor(browser, base, artifacts, lang)
        context, page = session.context, session.page
        page.goto("/login")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", PASSWORD)
        page.click("form button[type=submit].primary")
        expect(page.locator(".user-menu")).to_be_visible()
        session = cls(context, page, base, artifacts, username, lang)
        session.switch_language(lang)
        return session

    def switch_language(self, lang: str) -> None:
        """The switcher saves the choice on the account, so every later page is in this language."""
        self.page.click(f".language-switcher button[value={lang}]")
        expect(self.page.locator("html")).to_have_attribute("lang", lang)

    def go(self, path: str) -> Page:
        response = self.page.goto(path)
        assert response is not None and response.status == 200, f"{path}: {response and response.status}"
        return self.page

    def check(self, *, dates: str | None = "long") -> str:
        return check_page(self.page, self.lang, dates=dates)

    def flash(self) -> str:
        return self.page.locator(".flash").first.inner_text()

    def screenshot(self, name: str) -> None:
        """Desktop and phone width, full page, kept as test artefacts."""
        for label, size in (("desktop", DESKTOP), ("phone", PHONE)):
            self.page.set_viewport_size(size)
            path = self.artifacts / f"{name}-{self.lang}-{label}.png"
            self.page.screenshot(path=str(path), full_page=True)
            self.shots.append(path)
        self.page.set_viewport_size(DESKTOP)
        # On a phone nothing may stick out sideways (a button behind the edge cannot be pressed).
        self.page.set_viewport_size(PHONE)
        overflow = self.page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        culprits = self.page.evaluate(WIDEST) if overflow > 1 else []
        self.page.set_viewport_size(DESKTOP)
        assert overflow <= 1, f"{self.page.url} is {overflow}px wider than a phone screen: {culprits}"

    def close(self) -> None:
        self.context.close()
