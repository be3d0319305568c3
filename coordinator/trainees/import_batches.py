"""Checked import files kept on the server between preview and confirmation, under a one-time token."""

from __future__ import annotations

import json
import os
import re
import secrets
import time
from pathlib import Path

from flask import current_app
from flask_babel import lazy_gettext as _l

from .importing import ImportRefused

TOKEN_SECONDS = 3600
TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{32,64}")


def _folder() -> Path:
    folder = Path(current_app.config.get("IMPORT_FOLDER") or Path(current_app.instance_path) / "imports")
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def _purge(folder: Path, now: float) -> None:
    for path in folder.glob("*.json"):
        try:
            if now - path.stat().st_mtime > TOKEN_SECONDS:
                path.unlink()
        except FileNotFoundError:
            pass  # another process purged it first


def save_batch(lines: list[tuple[int, dict[str, str]]], user_id: int, filename: str) -> str:
    """Keep the file's rows on the server for an hour; the token is all the browser holds."""
    folder = _folder()
    now = time.time()
    _purge(folder, now)
    token = secrets.token_urlsafe(32)
    payload = {"user_id": user_id, "created": now, "filename": filename[:200],
               "rows": [{"number": number, "cells": cells} for number, cells in lines]}
    temporary = folder / f".{token}.tmp"
    # 0600: the rows hold phone numbers and national IDs.
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        json.dump(payload, handle, ensure_ascii=False)
    os.replace(temporary, folder / f"{token}.json")
    return token


def take_batch(token: str, user_id: int) -> dict:
    """The rows kept under token for this user, taken out of the store: a token serves one confirmation.

    Expired, unknown, spent and other users' tokens are refused alike.
    """
    refused = ImportRefused(_l("This import has expired or is not yours. Upload the file again."))
    if not isinstance(token, str) or not TOKEN_RE.fullmatch(token):
        raise refused
    folder = _folder()
    _purge(folder, time.time())
    path = folder / f"{token}.json"
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise refused from None
    if time.time() - float(payload.get("created", 0)) > TOKEN_SECONDS:
        discard_batch(token)
        raise refused
    if payload.get("user_id") != user_id:
        raise refused
    try:
        # Of two confirmations racing (a double click), only one removes the file and goes on.
        path.unlink()
    except FileNotFoundError:
        raise refused from None
    payload["lines"] = [(int(r["number"]), dict(r["cells"])) for r in payload.get("rows", [])]
    return payload


def discard_batch(token: str) -> None:
    if isinstance(token, str) and TOKEN_RE.fullmatch(token):
        (_folder() / f"{token}.json").unlink(missing_ok=True)
