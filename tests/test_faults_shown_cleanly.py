"""Faults shown cleanly (issue 17, cause 7): no bare 500 while the database is away, and htmx after the session
ended moves the whole page to the login."""

from unittest import mock

import pytest
from django.db import OperationalError
from django.db.backends.utils import CursorWrapper
from django.test import Client
from django.urls import reverse

echte_execute = CursorWrapper.execute


def _database_weg(self, sql, params=None):
    if sql.lstrip().upper().startswith(("SAVEPOINT", "RELEASE", "ROLLBACK")):
        return echte_execute(self, sql, params)
    raise OperationalError("connection to server at 127.0.0.1, port 5432 failed: Connection refused")


@pytest.mark.django_db
@pytest.mark.parametrize("pad", ["/portaal/", "/leerlingen/", "/ondersteuning/", "/accounts/login/"])
def test_while_the_database_is_away_pages_answer_503_with_the_portals_own_page(client_for, ib, pad, settings):
    settings.DEBUG = False
    client = client_for(ib)
    client.raise_request_exception = False
    with mock.patch.object(CursorWrapper, "execute", _database_weg):
        response = client.get(pad)
    assert response.status_code == 503
    html = response.content.decode()
    assert "Het portaal is even niet bereikbaar" in html
    assert response["Retry-After"] == "30"


@pytest.mark.django_db
def test_a_visitor_also_gets_the_503_page_when_the_database_is_away(settings):
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    with mock.patch.object(CursorWrapper, "execute", _database_weg):
        response = client.post(reverse("accounts:login"), {"username": "x@klimop.test", "password": "y"})
    assert response.status_code == 503


@pytest.mark.django_db
def test_another_server_error_is_still_a_500_with_the_portals_page(client_for, ib, settings):
    settings.DEBUG = False
    client = client_for(ib)
    client.raise_request_exception = False
    with mock.patch("klimop.portaal.views.render", side_effect=RuntimeError("kapot")):
        response = client.get(reverse("portaal"))
    assert response.status_code == 500
    assert "Er ging iets mis" in response.content.decode()


@pytest.mark.django_db
def test_an_htmx_request_after_the_session_ended_redirects_the_whole_page_to_the_login():
    client = Client()
    client.cookies["sessionid"] = "verlopen-sessie"
    response = client.get(
        reverse("leerlingen:lijst"),
        {"q": "Daan"},
        headers={"HX-Request": "true", "HX-Current-URL": "http://testserver/leerlingen/?groep=3"},
    )
    assert response.status_code == 200
    assert response["HX-Redirect"] == reverse("accounts:login") + "?next=%2Fleerlingen%2F%3Fgroep%3D3"
    assert not response.content


@pytest.mark.django_db
def test_an_htmx_request_from_another_site_goes_to_the_plain_login():
    response = Client().get(
        reverse("leerlingen:lijst"), headers={"HX-Request": "true", "HX-Current-URL": "https://evil.test/x"}
    )
    assert response["HX-Redirect"] == reverse("accounts:login")


@pytest.mark.django_db
def test_a_plain_request_after_the_session_ended_still_gets_the_ordinary_redirect():
    response = Client().get(reverse("leerlingen:lijst"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
