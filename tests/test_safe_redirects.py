"""Where a `next` value sends the browser (issue 17, cause 5): only to a path on this site, never a server error.

A bare word such as `foo` passes Django's host check, and `redirect()` then looks it up as a URL name and fails.
Every view that follows `next` goes through `klimop.redirects.veilige_volgende`.
"""

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from klimop.accounts.models import Rol
from klimop.accounts.tests.factories import UserFactory, totp_device_for
from klimop.redirects import veilige_volgende
from ondersteuning.models import Bijlage, Reactie

SLECHT = [
    "foo",
    "portaal:bestaat-niet",
    "javascript:alert(1)",
    "//evil.test/",
    "https://evil.test/",
    "/\\evil.test",
    "\\\\evil.test",
    " /portaal/",
    "\x00",
    "http:///evil.test",
    "data:text/html,<script>alert(1)</script>",
]


@pytest.fixture
def rf():
    return RequestFactory()


@pytest.mark.parametrize("waarde", SLECHT)
def test_a_value_that_is_not_a_path_on_this_site_gives_the_default(rf, waarde):
    assert veilige_volgende(rf.post("/x/", {"next": waarde}), "/portaal/") == "/portaal/"
    assert veilige_volgende(rf.get("/x/", {"next": waarde}), "/portaal/") == "/portaal/"


@pytest.mark.parametrize("waarde", ["/ouders/", "/ondersteuning/3/?tab=plan#reacties", "http://testserver/ouders/"])
def test_a_path_or_url_on_this_site_is_followed(rf, waarde):
    assert veilige_volgende(rf.post("/x/", {"next": waarde}), "/portaal/") == waarde


def test_the_default_may_be_a_url_name_or_an_object(rf, leerling):
    assert veilige_volgende(rf.get("/x/"), "portaal") == reverse("portaal")
    assert veilige_volgende(rf.get("/x/", {"next": "foo"}), "profiel:home") == reverse("profiel:home")


def test_an_https_site_refuses_a_plain_http_url_to_itself(rf):
    request = rf.post("/x/", {"next": "http://testserver/ouders/"}, secure=True)
    assert veilige_volgende(request, "/portaal/") == "/portaal/"


@pytest.mark.django_db
@pytest.mark.parametrize("waarde", SLECHT)
def test_the_language_switch_with_a_bad_next_goes_home(waarde):
    client = Client(raise_request_exception=False)
    response = client.post(reverse("accounts:taal"), {"taal": "en", "next": waarde})
    assert response.status_code == 302
    assert response.url == reverse("profiel:home")


@pytest.mark.django_db
@pytest.mark.parametrize("waarde", ["foo", "//evil.test", "javascript:alert(1)"])
def test_the_second_factor_page_with_a_bad_next_answers_and_goes_on_to_the_portal(client_with_password_only, waarde):
    leerkracht = UserFactory(rol=Rol.LEERKRACHT)
    totp_device_for(leerkracht)
    client = client_with_password_only(leerkracht)
    client.raise_request_exception = False
    response = client.get(reverse("accounts:two_factor_verify"), {"next": waarde})
    assert response.status_code == 200
    assert f'value="{reverse("portaal")}"' in response.content.decode()


@pytest.mark.django_db
def test_a_verified_user_with_a_bad_next_goes_to_the_portal(client_for, leerkracht):
    client = client_for(leerkracht)
    client.raise_request_exception = False
    response = client.get(reverse("accounts:two_factor_verify"), {"next": "foo"})
    assert response.status_code == 302
    assert response.url == reverse("portaal")


@pytest.mark.django_db
def test_sending_an_invitation_with_a_bad_next_goes_to_the_account(client_for, directeur):
    nieuw = UserFactory(rol=Rol.LEERKRACHT, password=None)
    nieuw.set_unusable_password()
    nieuw.save()
    client = client_for(directeur)
    client.raise_request_exception = False
    response = client.post(reverse("accountbeheer:uitnodiging_sturen", args=[nieuw.pk]), {"next": "foo"})
    assert response.status_code == 302
    assert response.url == reverse("accountbeheer:detail", args=[nieuw.pk])


@pytest.mark.django_db
@pytest.mark.parametrize("waarde", ["foo", "//evil.test", "javascript:alert(1)"])
def test_a_parents_comment_with_a_bad_next_is_stored_once_and_redirects(client_for, ouder, vraag, waarde):
    client = client_for(ouder)
    client.raise_request_exception = False
    response = client.post(reverse("ondersteuning:reageren", args=[vraag.pk]), {"tekst": "Dank", "next": waarde})
    assert response.status_code == 302
    assert response.url == reverse("ouders:vraag", args=[vraag.pk])
    assert Reactie.objects.filter(vraag=vraag).count() == 1


@pytest.mark.django_db
def test_a_parents_upload_with_a_bad_next_is_stored_once_and_redirects(client_for, ouder, vraag, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    client = client_for(ouder)
    client.raise_request_exception = False
    pdf = SimpleUploadedFile("brief.pdf", b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")
    response = client.post(
        reverse("ondersteuning:bijlage_toevoegen", args=[vraag.pk]),
        {"bestand": pdf, "omschrijving": "Brief", "next": "foo"},
    )
    assert response.status_code == 302
    assert response.url == reverse("ouders:vraag", args=[vraag.pk])
    assert Bijlage.objects.filter(vraag=vraag).count() == 1


@pytest.mark.django_db
def test_a_parents_comment_with_a_good_next_returns_there(client_for, ouder, vraag):
    terug = reverse("ouders:vraag", args=[vraag.pk]) + "?x=1"
    response = client_for(ouder).post(
        reverse("ondersteuning:reageren", args=[vraag.pk]), {"tekst": "Dank", "next": terug}
    )
    assert response.status_code == 302 and response.url == terug
