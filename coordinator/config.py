"""Configuration classes; every value that differs between installations comes from the environment."""

import os
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INSTANCE = ROOT / "instance"

# Keys that are placeholders, not secrets: production refuses to start with them.
INSECURE_KEYS = {"", "dev", "change-me", "development-only-not-secret"}


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise RuntimeError(f"{name} must be a whole number, not {value!r}.") from None


def _database_url(default: str) -> str:
    url = os.environ.get("DATABASE_URL", default)
    # Hosting panels hand out postgres:// URLs; SQLAlchemy needs the driver named.
    if url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url[len("postgres://") :]
    elif url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


class Config:
    ENV_NAME = "development"
    SECRET_KEY = os.environ.get("SECRET_KEY", "development-only-not-secret")
    SQLALCHEMY_DATABASE_URI = _database_url(f"sqlite:///{INSTANCE / 'coordinator.sqlite'}")
    # No pre-ping: a connection idle for a while is tried before use instead (db.ping_idle_connections).
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}
    SQLITE_BUSY_TIMEOUT_MS = 5000

    LANGUAGES = ("fa", "ar", "en")
    DEFAULT_LANGUAGE = "fa"
    BABEL_TRANSLATION_DIRECTORIES = str(ROOT / "translations")
    BABEL_DEFAULT_TIMEZONE = "UTC"

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = _env_bool("SESSION_COOKIE_SECURE", False)
    SESSION_COOKIE_NAME = "coordinator_session"
    PERMANENT_SESSION_LIFETIME = timedelta(hours=int(os.environ.get("SESSION_HOURS", "10")))
    # The server-side session ends SESSION_HOURS after log-in whatever the cookie says, so re-signing and
    # re-sending the cookie on every response (Flask's default) would buy nothing; it is sent when it changes.
    SESSION_REFRESH_EACH_REQUEST = False
    # Who is signed in on a browser is kept per process while no account, session, side or notice was written
    # (coordinator/watch.py tells every process), and at most this many seconds; 0 asks the database every time.
    SESSION_TRUST_SECONDS = _env_int("SESSION_TRUST_SECONDS", 30)
    REMEMBER_COOKIE_DURATION = timedelta(seconds=0)
    WTF_CSRF_TIME_LIMIT = 3600 * 4
    MAX_CONTENT_LENGTH = int(os.environ.get("MAX_CONTENT_MB", "16")) * 1024 * 1024

    # How many reverse proxies in front of the app set X-Forwarded-For / X-Forwarded-Proto (Werkzeug's
    # ProxyFix). 0: the headers are ignored, the address is the connection's. Behind one TLS proxy: 1.
    # Never more than really sit in front: a client could then choose its own address.
    TRUSTED_PROXIES = _env_int("TRUSTED_PROXIES", 0)

    # Login throttling over a window: failures counted per (user name, address), so an anonymous visitor
    # cannot lock someone else out; per address, whatever the names; and per user name from every
    # address, a high bar against a guess spread over many addresses.
    LOGIN_MAX_FAILURES = int(os.environ.get("LOGIN_MAX_FAILURES", "5"))
    LOGIN_MAX_FAILURES_PER_ADDRESS = int(os.environ.get("LOGIN_MAX_FAILURES_PER_ADDRESS", "20"))
    LOGIN_MAX_FAILURES_PER_ACCOUNT = int(os.environ.get("LOGIN_MAX_FAILURES_PER_ACCOUNT", "100"))
    # Refused API tokens per address in 10 minutes before 429 (raise it for a fuzzer run against a test server).
    API_MAX_BAD_TOKENS = int(os.environ.get("API_MAX_BAD_TOKENS", "30"))
    LOGIN_FAILURE_WINDOW = timedelta(minutes=int(os.environ.get("LOGIN_WINDOW_MINUTES", "15")))

    PAGE_SIZE = 25
    # Curriculum documents: outside static/, served only after a permission check.
    UPLOAD_FOLDER = os.environ.get("UPLOAD_FOLDER", str(INSTANCE / "uploads"))
    UPLOAD_MAX_MB = int(os.environ.get("UPLOAD_MAX_MB", "10"))
    # A trainer's passport must outlive the return from a cross-border assignment by this margin.
    DOCUMENT_EXPIRY_MARGIN_DAYS = int(os.environ.get("DOCUMENT_EXPIRY_MARGIN_DAYS", "180"))
    # (citizens' country, country visited) pairs that need a visa: "IR:IQ,IQ:IR" — both, for this border.
    VISA_REQUIRED = tuple(
        tuple(pair.split(":")) for pair in os.environ.get("VISA_REQUIRED", "IR:IQ,IQ:IR").split(",") if ":" in pair
    )
    # A cross-border equipment booking also holds this many days before and after, for transport.
    EQUIPMENT_TRANSPORT_DAYS = int(os.environ.get("EQUIPMENT_TRANSPORT_DAYS", "2"))
    # Checked import files wait here between preview and confirmation (shared by all app processes).
    IMPORT_FOLDER = os.environ.get("IMPORT_FOLDER", str(INSTANCE / "imports"))
    # Notifications (see README "Notifications"): the address links in messages start with; SMTP, else the
    # mail folder; the optional HTTP gateway; retries and the digest hour on the recipient's clock.
    # Empty: links in calendar files use the address of the request; the worker uses http://localhost:5000.
    PUBLIC_URL = os.environ.get("PUBLIC_URL", "")
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "")
    MAIL_PORT = _env_int("MAIL_PORT", 0)
    MAIL_USE_TLS = _env_bool("MAIL_USE_TLS", False)
    MAIL_USE_SSL = _env_bool("MAIL_USE_SSL", False)
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME", "")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD", "")
    MAIL_FROM = os.environ.get("MAIL_FROM", "coordinator@localhost")
    MAIL_TIMEOUT = _env_int("MAIL_TIMEOUT", 20)
    MAIL_FOLDER = os.environ.get("MAIL_FOLDER", str(INSTANCE / "mail"))
    NOTIFY_GATEWAY_URL = os.environ.get("NOTIFY_GATEWAY_URL", "")
    NOTIFY_GATEWAY_TOKEN = os.environ.get("NOTIFY_GATEWAY_TOKEN", "")
    NOTIFY_GATEWAY_TIMEOUT = _env_int("NOTIFY_GATEWAY_TIMEOUT", 10)
    NOTIFY_MAX_ATTEMPTS = _env_int("NOTIFY_MAX_ATTEMPTS", 10)
    NOTIFY_RETRY_SECONDS = _env_int("NOTIFY_RETRY_SECONDS", 60)
    NOTIFY_CLAIM_MINUTES = _env_int("NOTIFY_CLAIM_MINUTES", 10)
    NOTIFY_DIGEST_HOUR = _env_int("NOTIFY_DIGEST_HOUR", 7)
    # Reminders: an action item, a translation task, a loan this many days before it is due.
    REMINDER_DAYS = _env_int("REMINDER_DAYS", 3)
    # werkzeug's default (scrypt) in production; tests use a cheap hash so the suite stays fast.
    PASSWORD_HASH_METHOD = "scrypt"
    TESTING = False
    DEBUG = False


class DevelopmentConfig(Config):
    DEBUG = _env_bool("FLASK_DEBUG", False)


class TestConfig(Config):
    ENV_NAME = "testing"
    TESTING = True
    SECRET_KEY = "testing-only-not-secret"
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", "sqlite://")
    WTF_CSRF_ENABLED = False
    PAGE_SIZE = 5
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"
    MAIL_SERVER = ""
    NOTIFY_GATEWAY_URL = ""
    # Tests that need the visa rule switch it on themselves; the others test one rule at a time.
    VISA_REQUIRED = ()


class ProductionConfig(Config):
    ENV_NAME = "production"
    SESSION_COOKIE_SECURE = _env_bool("SESSION_COOKIE_SECURE", True)
    # Host names this installation answers to (comma-separated); any other Host header gets 400, so
    # links built from it (password e-mails, redirects) cannot point elsewhere. Set it to the public name.
    TRUSTED_HOSTS = _env_list("TRUSTED_HOSTS", "localhost,127.0.0.1")
    DEBUG = False
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_size": 5, "max_overflow": 10}


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestConfig,
    "production": ProductionConfig,
}


def config_from_env() -> type[Config]:
    """The config class named by COORDINATOR_ENV (default: development)."""
    name = os.environ.get("COORDINATOR_ENV", "development").strip().lower()
    if name not in CONFIGS:
        raise RuntimeError(f"COORDINATOR_ENV must be one of {', '.join(CONFIGS)}, not {name!r}.")
    return CONFIGS[name]
