"""Print the list pages' search and filter URLs of a running Coordinator, one per line, for sqlmap.

Usage: python scripts/scan_targets.py BASE_URL SESSION_COOKIE
Every GET route without path arguments is fetched with the session; each GET form on it (search, filters)
and each link back to the same page with a query string gives its parameter names, all filled in.
"""

from __future__ import annotations

import sys
import urllib.parse
import urllib.request
from html.parser import HTMLParser

SKIPPED_PREFIXES = ("/static", "/api", "/verify", "/logout", "/language", "/login")
SKIPPED_SUFFIXES = (".xlsx", ".ics", ".pdf", ".csv", ".png", ".svg", ".json", ".woff2", ".ttf")


class Params(HTMLParser):
    """The names (and a first value) of GET-form fields and of query links pointing back at `path`."""

    def __init__(self, path: str) -> None:
        super().__init__()
        self.path, self.params, self._get_form, self._select = path, {}, False, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            action = urllib.parse.urlsplit(attrs.get("action") or self.path).path
            self._get_form = (attrs.get("method") or "get").lower() == "get" and action == self.path
        elif tag == "a" and "?" in (attrs.get("href") or ""):
            link = urllib.parse.urlsplit(attrs["href"])
            if link.path in ("", self.path):
                for name, value in urllib.parse.parse_qsl(link.query):
                    self.params.setdefault(name, value)
        elif self._get_form and tag in ("input", "select") and attrs.get("name"):
            if attrs.get("type") in ("submit", "button"):
                return
            self.params.setdefault(attrs["name"], attrs.get("value") or "1")
            self._select = attrs["name"] if tag == "select" else None
        elif tag == "option" and self._select and attrs.get("value") and self.params.get(self._select) in ("", "1"):
            self.params[self._select] = attrs["value"]

    def handle_endtag(self, tag):
        if tag == "form":
            self._get_form = False
        elif tag == "select":
            self._select = None


def list_paths() -> list[str]:
    from coordinator import create_app

    app = create_app()
    paths = set()
    for rule in app.url_map.iter_rules():
        if "GET" in rule.methods and not rule.arguments and not rule.rule.startswith(SKIPPED_PREFIXES) \
                and not rule.rule.endswith(SKIPPED_SUFFIXES):
            paths.add(rule.rule)
    return sorted(paths)


def main(base: str, cookie: str) -> None:
    opener = urllib.request.build_opener()
    opener.addheaders = [("Cookie", f"coordinator_session={cookie}")]
    for path in list_paths():
        try:
            with opener.open(base + path, timeout=30) as response:  # noqa: S310 (the scanned app on 127.0.0.1)
                if "text/html" not in response.headers.get("Content-Type", ""):
                    continue
                page = response.read().decode("utf-8", "replace")
        except OSError:
            continue
        reader = Params(path)
        reader.feed(page)
        params = {k: v for k, v in reader.params.items() if k != "csrf_token"}
        if params:
            print(f"{base}{path}?{urllib.parse.urlencode(params)}")


if __name__ == "__main__":
    main(sys.argv[1].rstrip("/"), sys.argv[2])
