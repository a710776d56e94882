"""A small OpenID Connect provider (django-oauth-toolkit) that the tests start on 127.0.0.1 (see serve.py).

Its users and the claims it puts in tokens come from gebruikers.json in AANBIEDER_MAP, which the tests write.
"""

import os
from pathlib import Path

MAP = Path(os.environ["AANBIEDER_MAP"])

SECRET_KEY = "test-provider-only"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1"]
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "oauth2_provider",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
ROOT_URLCONF = "klimop.accounts.tests.oidc_provider.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [Path(__file__).parent / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": ["django.template.context_processors.request"]},
    }
]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": MAP / "aanbieder.sqlite3"}}
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
USE_TZ = True
# Another host than the portal's live server (localhost), and another cookie name besides.
SESSION_COOKIE_NAME = "aanbieder_sessie"
LOGIN_URL = "/login/"
AUTHENTICATION_BACKENDS = ["klimop.accounts.tests.oidc_provider.validator.GebruikersBestandBackend"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

OAUTH2_PROVIDER = {
    "OIDC_ENABLED": True,
    "OIDC_RSA_PRIVATE_KEY": (MAP / "sleutel.pem").read_text(),
    "OAUTH2_VALIDATOR_CLASS": "klimop.accounts.tests.oidc_provider.validator.ClaimsValidator",
    "SCOPES": {"openid": "OpenID Connect", "email": "E-mail", "profile": "Profile"},
    "PKCE_REQUIRED": True,
    "OIDC_RP_INITIATED_LOGOUT_ENABLED": True,
    "OIDC_RP_INITIATED_LOGOUT_ALWAYS_PROMPT": False,
    # The portal's live server listens on localhost with a port chosen at start.
    "ALLOW_LOCALHOST_LOOPBACK": True,
}
