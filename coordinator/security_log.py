"""Security events (log-ins, failures, lock-outs, log-outs, refusals, password changes, token use) as one
structured line each on the "coordinator.security" logger.

Never secrets: no passwords, tokens, session ids or cookies; the user name tried at a failed log-in is
cut short, since people sometimes type a password into that field.
"""

from __future__ import annotations

import json
import logging

from flask import has_request_context, request

logger = logging.getLogger("coordinator.security")

FORBIDDEN_FIELDS = {"password", "token", "session", "session_token", "cookie", "secret", "authorization"}


def log_event(event: str, level: int = logging.INFO, **fields) -> None:
    record = {"event": event}
    if has_request_context():
        record |= {"ip": request.remote_addr or "", "method": request.method, "path": request.path}
    for key, value in fields.items():
        if key.lower() in FORBIDDEN_FIELDS:
            raise ValueError(f"security events never carry {key!r}")
        record[key] = value
    # One JSON object per line: log shippers parse it, and a newline typed into a field cannot forge a line.
    logger.log(level, "security %s", json.dumps(record, ensure_ascii=False, sort_keys=True, default=str))


def tried_username(username: str | None) -> str:
    return (username or "").strip()[:60]
