"""The school-account settings come from the environment; an incomplete set stops start-up with a message."""

import os
import subprocess
import sys

from django.conf import settings

ENV = {"OIDC_ISSUER": "https://accounts.google.com", "OIDC_CLIENT_ID": "id", "OIDC_CLIENT_SECRET": "geheim"}


def _load(**env) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("OIDC_", "DJANGO_SETTINGS"))}
    code = "import klimop.settings as s; print(s.OIDC_ISSUER, s.OIDC_EMAIL_DOMEINEN)"
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env={**clean, "DEBUG": "1", **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_without_an_issuer_the_feature_is_off():
    result = _load()
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["[]"]


def test_an_issuer_without_client_or_domains_stops_start_up():
    for ontbreekt in ("OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET", "OIDC_EMAIL_DOMEINEN"):
        env = {**ENV, "OIDC_EMAIL_DOMEINEN": "klimop.nl"}
        del env[ontbreekt]
        result = _load(**env)
        assert result.returncode != 0
        assert "OIDC_ISSUER needs" in result.stderr


def test_a_complete_configuration_loads_with_the_domains_in_lower_case():
    result = _load(**ENV, OIDC_EMAIL_DOMEINEN=" KlimOp.nl, @bestuur.nl ")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "https://accounts.google.com ['klimop.nl', 'bestuur.nl']"
