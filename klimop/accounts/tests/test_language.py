"""The language switch: no cookie until a visitor uses it, remembered on the account, and e-mails that follow it."""

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation

from klimop.accounts import services
from klimop.accounts.models import Melding, MeldingSoort, Rol
from klimop.accounts.tasks import verstuur_melding
from klimop.accounts.tests.factories import UserFactory
from leerlingen.tests.factories import OuderFactory

from .helpers import run_worker

pytestmark = pytest.mark.django_db

COOKIE = settings.LANGUAGE_COOKIE_NAME
PUBLIEK = [
    "profiel:home",
    "profiel:passend_onderwijs",
    "profiel:ondersteuningsprofiel",
    "profiel:samenwerkingsverband",
]


@pytest.mark.parametrize("naam", PUBLIEK)
def test_public_pages_offer_visitors_no_switch_no_csrf_token_and_set_no_cookie(client, naam):
    response = client.get(reverse(naam))
    html = response.content.decode()
    assert response.status_code == 200
    assert not response.cookies
    assert "csrfmiddlewaretoken" not in html
    assert reverse("accounts:taal") not in html
    assert '<html lang="nl">' in html


def test_the_login_page_offers_visitors_the_switch_to_english(client):
    html = client.get(reverse("accounts:login")).content.decode()
    assert f'action="{reverse("accounts:taal")}"' in html
    assert 'name="taal" value="en" lang="en"' in html
    assert "Show the portal in English" in html


def test_a_visitor_gets_the_language_cookie_only_by_using_the_switch(client):
    assert COOKIE not in client.get(reverse("accounts:login")).cookies
    terug = reverse("accounts:login") + "?next=/ouders/"
    response = client.post(reverse("accounts:taal"), {"taal": "en", "next": terug})
    assert response.status_code == 302
    assert response.url == terug
    assert response.cookies[COOKIE].value == "en"
    pagina = client.get(terug)
    assert '<html lang="en">' in pagina.content.decode()
    assert "Sign in with the email address the school knows you by." in pagina.content.decode()
    assert 'name="taal" value="nl" lang="nl"' in pagina.content.decode()
    # The cookie also turns the public pages English, and they still set no cookie of their own.
    publiek = client.get(reverse("profiel:home"))
    assert "Welcome to Kindcentrum KlimOp" in publiek.content.decode()
    assert not publiek.cookies
    assert "Cookie" in publiek["Vary"]


def test_the_switch_needs_a_csrf_token():
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("accounts:taal"), {"taal": "en"})
    assert response.status_code == 403
    assert COOKIE not in response.cookies


def test_the_switch_refuses_an_unknown_language_and_is_post_only(client):
    assert client.post(reverse("accounts:taal"), {"taal": "de"}).status_code == 400
    assert client.get(reverse("accounts:taal"), {"taal": "en"}).status_code == 405


def test_the_switch_does_not_redirect_to_another_site(client_for, ouder):
    response = client_for(ouder).post(reverse("accounts:taal"), {"taal": "en", "next": "https://example.com/"})
    assert response.url == reverse("portaal")


def test_switching_back_to_dutch_is_remembered_too(client_for, ouder):
    client = client_for(ouder)
    client.post(reverse("accounts:taal"), {"taal": "en"})
    response = client.post(reverse("accounts:taal"), {"taal": "nl"})
    ouder.refresh_from_db()
    assert ouder.taal == "nl"
    assert response.cookies[COOKIE].value == "nl"
    assert "Mijn kinderen" in client.get(reverse("ouders:start")).content.decode()


def test_the_accounts_own_choice_wins_over_the_cookie_of_the_device(client_for, ouder):
    ouder.taal = "nl"
    ouder.save(update_fields=["taal"])
    client = client_for(ouder)
    client.cookies[COOKIE] = "en"
    assert '<html lang="nl">' in client.get(reverse("ouders:start")).content.decode()


def test_a_cookie_with_an_unknown_language_means_dutch(client):
    client.cookies[COOKIE] = "fr"
    assert '<html lang="nl">' in client.get(reverse("accounts:login")).content.decode()


def test_english_chosen_on_the_login_page_becomes_the_accounts_language_when_it_had_none(client, ouder):
    client.post(reverse("accounts:taal"), {"taal": "en"})
    client.post(reverse("accounts:login"), {"username": ouder.email, "password": "geheim-wachtwoord"})
    ouder.refresh_from_db()
    assert ouder.taal == "en"
    assert "My children" in client.get(reverse("ouders:start")).content.decode()


def test_a_choice_on_the_login_page_does_not_overwrite_the_accounts_own_choice(client, ouder):
    ouder.taal = "nl"
    ouder.save(update_fields=["taal"])
    client.post(reverse("accounts:taal"), {"taal": "en"})
    client.post(reverse("accounts:login"), {"username": ouder.email, "password": "geheim-wachtwoord"})
    ouder.refresh_from_db()
    assert ouder.taal == "nl"


def test_staff_who_still_owe_the_second_factor_can_use_the_switch(client_with_password_only, leerkracht):
    response = client_with_password_only(leerkracht).post(reverse("accounts:taal"), {"taal": "en"})
    assert response.status_code == 302
    leerkracht.refresh_from_db()
    assert leerkracht.taal == "en"


# E-mails ---------------------------------------------------------------------------------------------------------


def _melding_mail(user) -> mail.EmailMessage:
    melding = Melding.objects.create(user=user, soort=MeldingSoort.STAP_VOOR_OUDERS, link="/ouders/")
    verstuur_melding.enqueue(melding.pk)
    run_worker()
    (bericht,) = [m for m in mail.outbox if m.to == [user.email]]
    return bericht


def test_a_notification_to_a_guardian_who_chose_english_is_in_english(ouder):
    ouder.taal = "en"
    ouder.save(update_fields=["taal"])
    bericht = _melding_mail(ouder)
    assert bericht.subject == "A new notification is waiting for you in the KlimOp portal"
    assert "A new step has been taken in the support for your child." in bericht.body
    assert "Sign in to the portal to read what is new:" in bericht.body
    assert "Goedendag" not in bericht.body


def test_a_notification_to_a_dutch_guardian_is_in_dutch(ouder):
    bericht = _melding_mail(ouder)
    assert bericht.subject == "Er staat een nieuwe melding voor u klaar in het KlimOp portaal"
    assert "Er is een nieuwe stap gezet in de ondersteuning van uw kind." in bericht.body
    assert "Hello" not in bericht.body


def test_each_guardian_gets_the_mail_in_their_own_language_whoever_caused_it(ouder, leerling):
    engels = UserFactory(email="dad@ouders.test", rol=Rol.OUDER, taal="en")
    OuderFactory(user=engels, leerling=leerling)
    # The worker may run in a thread where someone else's language is active: that must not leak into the mail.
    with translation.override("en"):
        nl = _melding_mail(ouder)
    with translation.override("nl"):
        en = _melding_mail(engels)
    assert nl.body.startswith("Goedendag,")
    assert en.body.startswith("Hello,")


def test_an_invitation_to_a_guardian_who_chose_english_is_in_english(ib, ouder, django_capture_on_commit_callbacks):
    ouder.set_unusable_password()
    ouder.taal = "en"
    ouder.save(update_fields=["password", "taal"])
    with django_capture_on_commit_callbacks(execute=True):
        services.uitnodigen(user=ouder, door=ib)
    run_worker()
    (bericht,) = mail.outbox
    assert bericht.subject == "Invitation to the portal of Kindcentrum KlimOp"
    assert "invites you to the parent portal" in bericht.body
    assert "Choose your password with this link:" in bericht.body


def test_the_password_reset_mail_follows_the_accounts_language(client, ouder, worker):
    ouder.taal = "en"
    ouder.save(update_fields=["taal"])
    client.post(reverse("accounts:password_reset"), {"email": ouder.email})
    worker()
    (bericht,) = mail.outbox
    assert bericht.subject == "New password for the KlimOp portal"
    assert "Someone (hopefully you) has asked for a new password" in bericht.body


def test_the_password_reset_mail_of_an_account_without_a_choice_follows_the_page(client, ouder, worker):
    client.cookies[COOKIE] = "en"
    response = client.post(reverse("accounts:password_reset"), {"email": ouder.email})
    assert response.status_code == 302
    worker()
    (bericht,) = mail.outbox
    assert bericht.subject == "New password for the KlimOp portal"
    mail.outbox.clear()
    Client().post(reverse("accounts:password_reset"), {"email": ouder.email})
    worker()
    (bericht,) = mail.outbox
    assert bericht.subject == "Nieuw wachtwoord voor het KlimOp portaal"
