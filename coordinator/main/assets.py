"""Static files with names that change when they change, so browsers may keep them for a year.

Our own files (css/app.css, js/app.js) get `?v=<hash of the content>`; the npm files copied by
scripts/vendor_assets.py already carry their package version in the path (static/vendor/bootstrap-5.3.8/...).
Only pages are `no-store` (main/hooks.py); a signed-in person on a slow link in Maysan downloads the fonts once.
"""

from __future__ import annotations

import hashlib
import json
import logging
from functools import lru_cache
from pathlib import Path

from flask import current_app, request, url_for

YEAR = 365 * 24 * 3600
LONG_CACHE = f"public, max-age={YEAR}, immutable"
log = logging.getLogger(__name__)


@lru_cache(maxsize=64)
def _digest(path: str, mtime_ns: int) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:12]


def asset(filename: str) -> str:
    """The URL of a file under static/ with a version that changes with its content. Outside debug mode the
    files do not change while the app runs: each URL is worked out once per app (and script root)."""
    if current_app.debug:
        return _asset(filename)
    urls = current_app.extensions.setdefault("asset_urls", {})
    key = (request.script_root, filename)
    url = urls.get(key)
    if url is None:
        url = urls[key] = _asset(filename)
    return url


def _asset(filename: str) -> str:
    path = Path(current_app.static_folder) / filename
    try:
        version = _digest(str(path), path.stat().st_mtime_ns)
    except OSError:
        return url_for("static", filename=filename)
    return url_for("static", filename=filename, v=version)


def vendor_manifest(static_folder: str) -> dict[str, str]:
    """{"bootstrap_rtl": "vendor/bootstrap-5.3.8/...", ...}; empty (pages still work, unstyled) before
    `make install` has copied the files."""
    path = Path(static_folder) / "vendor" / "manifest.json"
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        log.warning("static/vendor/manifest.json is missing: run `make install` (npm ci) for the page styles.")
        return {}


def stylesheets(lang: str, direction: str) -> tuple[str, ...]:
    """The stylesheets of every page, in order: the toolkit in the page's direction, the font, ours last."""
    key = (request.script_root, lang, direction)
    cached = current_app.extensions.setdefault("stylesheet_urls", {})
    if key in cached and not current_app.debug:
        return cached[key]
    manifest = current_app.extensions.get("vendor_manifest")
    if manifest is None:
        manifest = current_app.extensions["vendor_manifest"] = vendor_manifest(current_app.static_folder)
    names = ["bootstrap_rtl" if direction == "rtl" else "bootstrap_ltr", "font_ar" if lang == "ar" else "font_fa"]
    urls = [url_for("static", filename=manifest[name]) for name in names if name in manifest]
    cached[key] = urls = (*urls, asset("css/app.css"))
    return urls


def is_long_lived() -> bool:
    """Whether this static response may be cached for a year: a versioned vendor path or a ?v= URL."""
    return request.path.startswith("/static/vendor/") or "v" in request.args
