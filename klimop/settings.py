"""Settings for the KlimOp portal, read from the environment (see README.md)."""

import datetime
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name, "").strip().lower()
    if raw == "":
        return default
    if raw in {"1", "true", "yes", "on"}:
        return True
    if raw in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be one of 1/0/true/false/yes/no/on/off, not {raw!r}.")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name, "")
    items = [item.strip() for item in raw.split(",") if item.strip()]
    return items or default


DEBUG = env_bool("DEBUG")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "development-only-not-secret-klimop"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set (comma separated) when DEBUG is off.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "template_partials",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "klimop.accounts",
    "klimop.profiel",
    "klimop.onderhoud",
    "leerlingen",
    "ondersteuning",
    "klimop.portaal",
    # After klimop.accounts, whose `db_worker` (reconnecting, picking up dead workers' tasks) replaces theirs.
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    # The header middleware comes before whitenoise so that static files carry the headers too.
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "klimop.accounts.middleware.SessieVerlengenMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Instead of Django's LocaleMiddleware: the account's or the cookie's choice, never the browser's Accept-Language.
    "klimop.accounts.middleware.TaalMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "klimop.storingen.HtmxInlogMiddleware",
    "klimop.accounts.middleware.SecondFactorMiddleware",
    # Last, as django-axes asks: it turns a lockout into the login page with a message.
    "axes.middleware.AxesMiddleware",
]

if env_bool("SERVER_TIMING"):
    MIDDLEWARE.insert(0, "klimop.middleware.ServerTimingMiddleware")

ROOT_URLCONF = "klimop.urls"
WSGI_APPLICATION = "klimop.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "klimop.context_processors.school",
                "klimop.accounts.context_processors.meldingen",
            ],
            # Partials without {% load %}: the same templates keep working on Django 6's built-in partials.
            "builtins": ["template_partials.templatetags.partials"],
            # klimop/ is the project package, not an app: its tag library is registered by name.
            "libraries": {"huisstijl": "klimop.templatetags.huisstijl"},
        },
    },
]

try:
    DATABASES = {
        "default": dj_database_url.parse(
            os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
            conn_max_age=env_int("CONN_MAX_AGE", 60),
            conn_health_checks=True,
        )
    }
except ValueError as exc:
    raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL: {exc}") from None
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite connections are cheap and per-thread; persistent ones only hold file locks.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # JIT compiling cost the overview 3.7 s per query at 20,000 pupils and saves nothing on the portal's short
    # queries (docs/PERFORMANCE.md).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Staff sign-in with the school's account; does nothing while OIDC_ISSUER is unset.
    "klimop.accounts.oidc.SchoolAccountBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "portaal"
LOGOUT_REDIRECT_URL = "profiel:home"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # Our subclass only gives the Dutch error message that Django 5.2 lacks.
    {"NAME": "klimop.accounts.validators.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "nl"
# Each language is named in itself: that is what the switch shows. Dutch for everyone until someone switches.
LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# The switch remembers the choice on the device for a year (klimop/accounts/middleware.py, TaalMiddleware).
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True
# Our date formats (klimop/formats/<taal>/formats.py) before Django's own for Dutch and English.
FORMAT_MODULE_PATH = ["klimop.formats"]

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Uploaded pupil documents live outside any public folder and are only served by access-checked views.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "uploads"))

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
elif env_bool("EMAIL_CONSOLE") or not DEBUG:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
else:
    # Development (`make run`): the demo's mails go to files instead of flooding the terminal.
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = BASE_DIR / "tmp" / "mail"
if not DEBUG and not EMAIL_HOST and not env_bool("EMAIL_CONSOLE"):
    raise ImproperlyConfigured("EMAIL_HOST must be set when DEBUG is off (or EMAIL_CONSOLE=1 to print mail).")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "KlimOp portaal <portaal@klimop.test>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Links in e-mails (invitations, notifications) are made outside a request, so they need the portal's address.
PORTAAL_URL = os.environ.get("PORTAAL_URL") or (
    f"http://127.0.0.1:{env_int('PORT', 8000)}" if DEBUG else f"https://{ALLOWED_HOSTS[0].lstrip('.')}"
)
UITNODIGING_GELDIG = datetime.timedelta(days=env_int("UITNODIGING_GELDIG_DAGEN", 7))

# Background tasks (django-tasks): mails wait in the database until `manage.py db_worker` sends them.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    },
}
# A mail server that does not answer must not hold a task (and its row lock) for ever.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
# A failed send is tried again after this many seconds, then twice as long each time (at most 6 hours).
MAIL_EERSTE_WACHTTIJD = env_int("MAIL_RETRY_SECONDS", 60)
# A task RUNNING this long lost its worker (no mail takes minutes): the worker puts it back in the queue.
TAKEN_VASTGELOPEN_NA = env_int("TASK_STALE_SECONDS", 10 * 60)

# Security: strict by default in production; see `manage.py check --deploy`.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
# The load balancer asks /gezond/ over plain HTTP on the private network.
SECURE_REDIRECT_EXEMPT = [r"^gezond/$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_PROXY") else None
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
# htmx reads the CSRF token from <body hx-headers>, so no script needs the cookie.
CSRF_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
# The preload token only has effect once the school's domain is submitted to hstspreload.org.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# A refused form (expired session, stale tab) gets a page in the house style and the user's language.
CSRF_FAILURE_VIEW = "klimop.views.csrf_failure"
# Idle expiry: every request pushes the end of the session forward, so it ends after this many idle seconds.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_SECONDS", 30 * 60)
# Idle expiry: SessieVerlengenMiddleware restarts the idle time at most once a minute instead of a write per request.
SESSION_SAVE_EVERY_REQUEST = False
SESSIE_VERLENGEN_NA = 60

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        # Bootstrap draws check marks and select arrows as data: SVG backgrounds.
        "img-src": [SELF, "data:"],
        "connect-src": [SELF],
        "font-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    },
}
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
}

# Two-factor login (django-otp): the rules are in klimop/accounts/second_factor.py.
OTP_TOTP_ISSUER = "KlimOp portaal"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Staff sign-in with the school's Microsoft or Google account (OpenID Connect, README "Inloggen met het
# schoolaccount"); off while OIDC_ISSUER is unset. Endpoints come from the issuer's discovery document.
OIDC_ISSUER = os.environ.get("OIDC_ISSUER", "").strip().rstrip("/")
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_CLIENT_ID", "").strip()
OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_CLIENT_SECRET", "").strip()
OIDC_EMAIL_DOMEINEN = [domein.lower().lstrip("@") for domein in env_list("OIDC_EMAIL_DOMEINEN", [])]
OIDC_ACR_MFA = os.environ.get("OIDC_ACR_MFA", "").strip()
if OIDC_ISSUER and not (OIDC_RP_CLIENT_ID and OIDC_RP_CLIENT_SECRET and OIDC_EMAIL_DOMEINEN):
    raise ImproperlyConfigured("OIDC_ISSUER needs OIDC_CLIENT_ID, OIDC_CLIENT_SECRET and OIDC_EMAIL_DOMEINEN as well.")
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_RP_SCOPES = "openid email profile"
OIDC_USE_PKCE = True
OIDC_CREATE_USER = False
OIDC_TIMEOUT = 10

# Login throttling (django-axes), locked by account rather than by IP: the whole school shares one address.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username"]
# axes.W006 asks for an IP lock as well; with the one failure limit axes has, five typos anywhere in the school
# building would lock out every colleague for a quarter of an hour. The account lock stops guessing a password.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "klimop.accounts.views.locked_out"
# Attempts and sign-ins are kept in the database (admin: Axes); no extra lines on every manage.py command.
AXES_VERBOSE = False
if SECURE_PROXY_SSL_HEADER:
    AXES_IPWARE_PROXY_COUNT = 1
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # To stdout, for journald or the container runtime; no handler writes request data or pupil names.
    "handlers": {"console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

SCHOOL = {
    "naam": "Kindcentrum KlimOp",
    "samenwerkingsverband": "De Westfriese Knoop",
    "regio": "West-Friesland",
}
