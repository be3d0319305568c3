"""Error pages in the viewer's language, without stack traces."""

from flask import render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException

from ..errors import DomainError
from ..extensions import db

MESSAGES = {
    400: (_l("Bad request"), _l("The request could not be understood. Check what you entered and try again.")),
    403: (_l("Not allowed"), _l("You do not have permission to see this page or do this.")),
    404: (_l("Not found"), _l("There is no such page or record. It may have been removed.")),
    405: (_l("Not allowed"), _l("This page does not accept that kind of request.")),
    409: (_l("Conflict"), _l("Someone else changed this record meanwhile. Reload it and try again.")),
    413: (_l("Too large"), _l("What you sent is larger than allowed.")),
    429: (_l("Too many requests"), _l("Too many attempts in a short time. Wait a few minutes and try again.")),
    500: (_l("Something went wrong"), _l("An unexpected error occurred. It has been logged; please try again.")),
}
CSRF_MESSAGE = _l("This form has expired or was opened in another window. Reload the page and try again.")


def render_error(code: int, message=None):
    db.session.rollback()
    if request.path.startswith("/api/v1"):
        # App-wide refusals (a NUL character, a value no column holds) reach API clients in the API's shape.
        from ..api.errors import error_response

        return error_response(code, message)
    title, default = MESSAGES.get(code, MESSAGES[500])
    wants_json = request.accept_mimetypes.best == "application/json"
    if wants_json:
        return {"code": code, "message": str(message or default)}, code
    return render_template("errors/error.html", code=code, title=title, message=message or default), code


def register(app) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return render_error(400, CSRF_MESSAGE)

    @app.errorhandler(HTTPException)
    def http_error(error):
        code = error.code or 500
        return render_error(code if code in MESSAGES else 400 if code < 500 else 500)

    @app.errorhandler(StaleDataError)
    def stale(error):
        return render_error(409)

    @app.errorhandler(DomainError)
    def domain_error(error):
        return render_error(error.status if error.status in MESSAGES else 400, error.message)

    @app.errorhandler(Exception)
    def unexpected(error):
        app.logger.exception("Unhandled error on %s %s", request.method, request.path)
        return render_error(500)
