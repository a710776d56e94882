"""The production process configuration in deploy/ (issue 17): gunicorn's config loads, and both systemd units
start again after an exit and read the settings from an environment file."""

import configparser
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

DEPLOY = Path(settings.BASE_DIR) / "deploy"
GUNICORN = Path(sys.executable).with_name("gunicorn")


def test_gunicorn_accepts_the_config_file_and_loads_the_application():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "klimop.settings_test",
        "GUNICORN_WORKERS": "2",
    }
    uitkomst = subprocess.run(
        [str(GUNICORN), "--check-config", "--print-config", "-c", str(DEPLOY / "gunicorn.conf.py"), "klimop.wsgi"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert uitkomst.returncode == 0, uitkomst.stderr
    instellingen = dict(regel.split(" = ", 1) for regel in uitkomst.stdout.splitlines() if " = " in regel)
    instellingen = {sleutel.strip(): waarde.strip() for sleutel, waarde in instellingen.items()}
    assert instellingen["workers"] == "2"
    assert instellingen["accesslog"] == "None"
    assert instellingen["errorlog"] == "-"


def _unit(naam: str) -> configparser.ConfigParser:
    unit = configparser.ConfigParser(strict=False, interpolation=None)
    unit.optionxform = str
    unit.read_string((DEPLOY / naam).read_text())
    return unit


@pytest.mark.parametrize("naam", ["klimop-web.service", "klimop-worker.service"])
def test_each_unit_restarts_its_process_and_reads_an_environment_file(naam):
    dienst = _unit(naam)["Service"]
    assert dienst["Restart"] in ("always", "on-failure")
    assert dienst["EnvironmentFile"].startswith("/etc/klimop/")
    assert dienst["User"] != "root"


def test_the_units_start_gunicorn_with_the_config_and_the_database_worker():
    assert "gunicorn -c deploy/gunicorn.conf.py klimop.wsgi" in _unit("klimop-web.service")["Service"]["ExecStart"]
    assert "manage.py db_worker" in _unit("klimop-worker.service")["Service"]["ExecStart"]
