"""Where a message leaves the app: an SMTP server, else the mail folder under instance/; the HTTP gateway."""

from __future__ import annotations

import json
import smtplib
import ssl
import urllib.error
import urllib.request
from email.message import EmailMessage
from pathlib import Path

from flask import current_app

from ..config import INSTANCE
from ..db import utcnow


class SendError(Exception):
    """A message that did not go; `permanent`: trying again will not help (the server refused the address)."""

    def __init__(self, message: str, permanent: bool = False):
        super().__init__(message)
        self.permanent = permanent


def mail_folder() -> Path:
    return Path(current_app.config.get("MAIL_FOLDER") or INSTANCE / "mail")


def send_email(message: EmailMessage) -> str:
    """Send over SMTP when MAIL_SERVER is set; else write the message to the mail folder. Returns where it went."""
    config = current_app.config
    server = config.get("MAIL_SERVER")
    if not server:
        folder = mail_folder()
        folder.mkdir(parents=True, exist_ok=True)
        stamp = utcnow().strftime("%Y%m%dT%H%M%S%f")
        path = folder / f"{stamp}-{abs(hash(message['Message-ID'])) % 10**8:08d}.eml"
        path.write_bytes(bytes(message))
        return str(path.name)
    port = int(config.get("MAIL_PORT") or (465 if config.get("MAIL_USE_SSL") else 25))
    timeout = float(config.get("MAIL_TIMEOUT") or 20)
    try:
        if config.get("MAIL_USE_SSL"):
            smtp = smtplib.SMTP_SSL(server, port, timeout=timeout, context=ssl.create_default_context())
        else:
            smtp = smtplib.SMTP(server, port, timeout=timeout)
        with smtp:
            if config.get("MAIL_USE_TLS"):
                smtp.starttls(context=ssl.create_default_context())
            if config.get("MAIL_USERNAME"):
                smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
            smtp.send_message(message)
    except smtplib.SMTPRecipientsRefused as exc:
        codes = [code for code, _text in exc.recipients.values()]
        raise SendError(f"recipient refused: {exc.recipients}", permanent=all(c >= 500 for c in codes)) from exc
    except (smtplib.SMTPException, OSError) as exc:
        raise SendError(f"{type(exc).__name__}: {exc}") from exc
    return f"{server}:{port}"


def send_gateway(payload: dict) -> str:
    """POST the payload as JSON to NOTIFY_GATEWAY_URL; any answer but 2xx, or none in time, is a failure."""
    config = current_app.config
    url = config["NOTIFY_GATEWAY_URL"]
    if not url.lower().startswith(("http://", "https://")):
        raise SendError("NOTIFY_GATEWAY_URL must be an http:// or https:// address", permanent=True)
    request = urllib.request.Request(  # noqa: S310 — the scheme is checked just above
        url, data=json.dumps(payload, ensure_ascii=False).encode("utf-8"),
        headers={"Content-Type": "application/json; charset=utf-8"}, method="POST")
    token = config.get("NOTIFY_GATEWAY_TOKEN")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=float(config.get("NOTIFY_GATEWAY_TIMEOUT") or 10)) as answer:  # noqa: S310 — the configured URL
            status = answer.status
    except urllib.error.HTTPError as exc:
        raise SendError(f"gateway answered {exc.code}", permanent=400 <= exc.code < 500 and exc.code != 429) from exc
    except (urllib.error.URLError, OSError, TimeoutError) as exc:
        raise SendError(f"gateway unreachable: {exc}") from exc
    if not 200 <= status < 300:
        raise SendError(f"gateway answered {status}")
    return url
