import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _load_settings(**env) -> subprocess.CompletedProcess:
    ours = ("DEBUG", "SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS", "EMAIL_", "SECURE_")
    clean = {k: v for k, v in os.environ.items() if not k.startswith(ours)}
    return subprocess.run(
        [sys.executable, "-c", "import klimop.settings as s; print(s.DATABASES['default']['ENGINE'])"],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_development_settings_load_with_sqlite_default():
    result = _load_settings(DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.db.backends.sqlite3"


def test_postgres_url_selects_postgres_backend():
    result = _load_settings(DEBUG="1", DATABASE_URL="postgres://klimop@127.0.0.1:5432/klimop")
    assert result.stdout.strip() == "django.db.backends.postgresql"


@pytest.mark.parametrize(
    ("env", "variable"),
    [
        ({"DEBUG": "misschien"}, "DEBUG"),
        ({"DEBUG": "0", "ALLOWED_HOSTS": "klimop.nl", "EMAIL_HOST": "smtp"}, "SECRET_KEY"),
        ({"DEBUG": "0", "SECRET_KEY": "x" * 50, "EMAIL_HOST": "smtp"}, "ALLOWED_HOSTS"),
        ({"DEBUG": "1", "DATABASE_URL": "nonsense://"}, "DATABASE_URL"),
        ({"DEBUG": "1", "EMAIL_PORT": "vijf"}, "EMAIL_PORT"),
        ({"DEBUG": "0", "SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "klimop.nl"}, "EMAIL_HOST"),
    ],
)
def test_bad_environment_stops_start_up_naming_the_variable(env, variable):
    result = _load_settings(**env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert variable in result.stderr.splitlines()[-1]


def _setting(name: str, **env) -> str:
    ours = ("DEBUG", "SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS", "EMAIL_", "SECURE_", "PORT")
    clean = {k: v for k, v in os.environ.items() if not k.startswith(ours)}
    result = subprocess.run(
        [sys.executable, "-c", f"import klimop.settings as s; print(s.{name})"],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


@pytest.mark.parametrize(("env", "url"), [({}, "http://127.0.0.1:8000"), ({"PORT": "8101"}, "http://127.0.0.1:8101")])
def test_links_in_development_mails_follow_the_port_of_make_run(env, url):
    assert _setting("PORTAAL_URL", DEBUG="1", **env) == url


def test_an_explicit_portaal_url_wins_over_the_port():
    assert _setting("PORTAAL_URL", DEBUG="1", PORT="8101", PORTAAL_URL="https://x.nl") == "https://x.nl"


def test_production_links_use_the_first_allowed_host_whatever_the_port():
    env = {"DEBUG": "0", "SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "portaal.klimop.nl,b.nl", "EMAIL_HOST": "smtp"}
    assert _setting("PORTAAL_URL", PORT="8101", **env) == "https://portaal.klimop.nl"


def test_a_bad_port_stops_start_up_naming_the_variable():
    result = _load_settings(DEBUG="1", PORT="acht")
    assert result.returncode != 0
    assert "PORT" in result.stderr.splitlines()[-1]


@pytest.mark.parametrize(
    ("env", "backend"),
    [
        ({"DEBUG": "1"}, "django.core.mail.backends.filebased.EmailBackend"),
        ({"DEBUG": "1", "EMAIL_CONSOLE": "1"}, "django.core.mail.backends.console.EmailBackend"),
        ({"DEBUG": "1", "EMAIL_HOST": "smtp"}, "django.core.mail.backends.smtp.EmailBackend"),
        (
            {"DEBUG": "0", "SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "a.nl", "EMAIL_CONSOLE": "1"},
            "django.core.mail.backends.console.EmailBackend",
        ),
    ],
)
def test_development_mail_goes_to_files_unless_asked_otherwise(env, backend):
    assert _setting("EMAIL_BACKEND", **env) == backend


def test_development_mail_files_live_in_tmp_mail():
    assert _setting("EMAIL_FILE_PATH", DEBUG="1") == str(ROOT / "tmp" / "mail")
