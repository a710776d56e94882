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
