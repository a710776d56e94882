"""The error pages with DEBUG off: house style, the user's language, a way back, and nothing about what exists."""

import re

import pytest
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.test import Client, RequestFactory
from django.urls import path, reverse

from klimop import urls as klimop_urls
from klimop.storingen import server_error

GEHEIM = "geheime-reden-4711"


def _weigeren(request):
    raise PermissionDenied(GEHEIM)


def _verdacht(request):
    raise SuspiciousOperation(GEHEIM)


def _kapot(request):
    raise RuntimeError(GEHEIM)


# This module is the URLconf of the tests marked below: the portal's URLs plus three views that fail on purpose.
urlpatterns = [
    *klimop_urls.urlpatterns,
    path("test/weigeren/", _weigeren),
    path("test/verdacht/", _verdacht),
    path("test/kapot/", _kapot),
]
handler400 = klimop_urls.handler400
handler403 = klimop_urls.handler403
handler404 = klimop_urls.handler404
handler500 = klimop_urls.handler500

pytestmark = pytest.mark.urls(__name__)


@pytest.fixture(autouse=True)
def zonder_debug(settings):
    settings.DEBUG = False


def _main(response) -> str:
    """The page's own content, without the header (which carries per-request CSRF tokens)."""
    return re.search(r"<main.*?</main>", response.content.decode(), re.S).group(0)


def _client(user=None, client_for=None) -> Client:
    if user is None:
        return Client(raise_request_exception=False)
    client = client_for(user)
    client.raise_request_exception = False
    return client


@pytest.mark.django_db
def test_a_missing_page_is_a_dutch_404_in_the_house_style_with_the_way_back():
    response = _client().get("/bestaat-niet/")
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="nl">' in html
    assert "Deze pagina is niet gevonden" in html
    assert 'href="/static/img/logo.svg"' in html or "img/logo" in html
    assert f'href="{reverse("profiel:home")}"' in _main(response)
    assert "/bestaat-niet/" not in html
    assert "Not Found" not in html


@pytest.mark.django_db
def test_another_parents_case_and_a_case_that_does_not_exist_give_the_same_404(client_for, vraag, ouder2):
    client = _client(ouder2, client_for)
    niet_van_jou = client.get(reverse("ouders:vraag", args=[vraag.pk]))
    bestaat_niet = client.get(reverse("ouders:vraag", args=[vraag.pk + 1000]))
    assert niet_van_jou.status_code == bestaat_niet.status_code == 404
    assert _main(niet_van_jou) == _main(bestaat_niet)
    assert f'href="{reverse("portaal")}"' in _main(niet_van_jou)
    assert vraag.leerling.voornaam not in niet_van_jou.content.decode()


@pytest.mark.django_db
def test_a_parent_who_reads_english_gets_the_404_in_english(client_for, ouder):
    ouder.taal = "en"
    ouder.save(update_fields=["taal"])
    response = _client(ouder, client_for).get(reverse("ouders:vraag", args=[999_999]))
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "This page was not found" in html
    assert "Deze pagina is niet gevonden" not in html
    assert "Go to the start page" in html


@pytest.mark.django_db
def test_a_refusal_is_a_403_page_that_does_not_repeat_the_reason(client_for, ib):
    response = _client(ib, client_for).get("/test/weigeren/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "Dit mag u hier niet doen" in html
    assert GEHEIM not in html
    assert f'href="{reverse("portaal")}"' in _main(response)


@pytest.mark.django_db
def test_staff_who_may_read_a_case_but_not_use_the_parents_form_get_the_house_style_403(client_for, vraag, ib):
    response = _client(ib, client_for).post(reverse("ouders:toestemming", args=[vraag.pk]), {})
    assert response.status_code == 403
    assert "Dit mag u hier niet doen" in response.content.decode()
    assert vraag.leerling.volledige_naam not in _main(response)


@pytest.mark.django_db
def test_a_suspicious_request_is_a_400_page_in_the_house_style():
    response = _client().get("/test/verdacht/")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Dit verzoek klopt niet" in html
    assert GEHEIM not in html
    assert f'href="{reverse("profiel:home")}"' in _main(response)


@pytest.mark.django_db
def test_a_server_error_is_a_500_page_that_hides_the_exception(client_for, ouder):
    response = _client(ouder, client_for).get("/test/kapot/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Er ging iets mis" in html
    assert GEHEIM not in html
    assert "Traceback" not in html
    assert f'href="{reverse("portaal")}"' in html


@pytest.mark.django_db
def test_the_500_page_is_in_english_for_a_parent_who_reads_english(client_for, ouder):
    ouder.taal = "en"
    ouder.save(update_fields=["taal"])
    response = _client(ouder, client_for).get("/test/kapot/")
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()
    assert '<html lang="en">' in response.content.decode()


def test_the_500_page_renders_without_any_database_access():
    # No django_db mark: any query here fails the test.
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Er ging iets mis" in response.content.decode()


@pytest.mark.django_db
def test_a_form_without_a_valid_csrf_token_gets_the_house_style_csrf_page(ouder):
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    response = client.post(reverse("accounts:login"), {"username": ouder.email, "password": "geheim-wachtwoord"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "Het formulier is verlopen" in html
    assert "CSRF" not in html
    assert f'href="{reverse("profiel:home")}"' in _main(response)


@pytest.mark.django_db
def test_the_csrf_page_is_in_english_for_a_user_who_reads_english(client_for, ouder):
    ouder.taal = "en"
    ouder.save(update_fields=["taal"])
    client = client_for(ouder)
    client.handler.enforce_csrf_checks = True
    client.raise_request_exception = False
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 403
    assert "The form has expired" in response.content.decode()
