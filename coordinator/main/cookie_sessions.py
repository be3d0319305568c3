"""Flask's signed-cookie sessions, with a cookie already checked kept for the next request of the same browser.

Every request opened its cookie anew: a serializer built, the signature checked, the JSON read (a tenth of an
empty page). A browser sends the same cookie until the session changes, so the content of a cookie whose
signature this process has checked is kept under the whole cookie text, with the time it was signed: the same
text can only come from the same signature, and the age limit is checked on every request as before. A cookie
holding messages to flash (lists changed in place) is not kept. Secret key rotation: the key is part of the key.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from threading import Lock

from flask.sessions import SecureCookieSessionInterface
from itsdangerous import BadSignature

CAPACITY = 4096


class KeptCookieSessions(SecureCookieSessionInterface):
    def __init__(self) -> None:
        self._kept: OrderedDict = OrderedDict()
        self._lock = Lock()

    def open_session(self, app, request):
        value = request.cookies.get(self.get_cookie_name(app))
        if not value or not app.secret_key:
            return super().open_session(app, request)
        max_age = int(app.permanent_session_lifetime.total_seconds())
        key = (app.secret_key, tuple(app.config.get("SECRET_KEY_FALLBACKS") or ()), value)
        with self._lock:
            kept = self._kept.get(key)
        if kept is not None and time.time() - kept[1] <= max_age:
            return self.session_class(dict(kept[0]))
        serializer = self.get_signing_serializer(app)
        try:
            data, signed_at = serializer.loads(value, max_age=max_age, return_timestamp=True)
        except BadSignature:
            return self.session_class()
        if "_flashes" not in data and all(isinstance(v, (str, int, float, bool, type(None))) for v in data.values()):
            with self._lock:
                self._kept[key] = (dict(data), signed_at.timestamp())
                while len(self._kept) > CAPACITY:
                    self._kept.popitem(last=False)
        return self.session_class(data)
