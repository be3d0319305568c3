"""Flask-Login wiring: the cookie carries a server-side session token, never the user id."""

from flask_babel import lazy_gettext as _l

from . import services


def configure(login_manager) -> None:
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please log in to see this page.")
    login_manager.login_message_category = "info"
    # Strong protection would log users out when a proxy changes their address; sessions are
    # server-side anyway, so a copied cookie dies on logout.
    login_manager.session_protection = "basic"
    login_manager.user_loader(services.load_session)
