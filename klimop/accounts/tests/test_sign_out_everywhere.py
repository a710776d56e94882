"""Signing out everywhere ends the user's other sessions and keeps this one, without touching the password."""

import pytest
from django.urls import reverse

URL = reverse("accounts:sign_out_everywhere")
PORTAAL = reverse("portaal")


@pytest.mark.django_db
def test_other_sessions_end_and_this_one_stays(client_for, leerkracht):
    laptop, phone = client_for(leerkracht), client_for(leerkracht)
    password = leerkracht.password
    response = laptop.post(URL, follow=True)
    assert response.redirect_chain[-1][0] == reverse("accounts:security")
    assert "U bent uitgelogd op alle andere apparaten" in response.content.decode()

    assert laptop.get(PORTAAL).status_code == 200
    response = phone.get(PORTAAL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    leerkracht.refresh_from_db()
    assert leerkracht.password == password
    assert leerkracht.check_password("geheim-wachtwoord")


@pytest.mark.django_db
def test_the_remaining_session_keeps_its_second_factor(client_for, ib, leerling):
    client = client_for(ib)
    client.post(URL)
    assert client.get(reverse("leerlingen:detail", args=[leerling.pk])).status_code == 200


@pytest.mark.django_db
def test_sessions_of_other_users_are_untouched(client_for, leerkracht, leerkracht2):
    other = client_for(leerkracht2)
    client_for(leerkracht).post(URL)
    assert other.get(PORTAAL).status_code == 200


@pytest.mark.django_db
def test_parents_can_sign_out_everywhere_too(client_for, ouder):
    client, other = client_for(ouder), client_for(ouder)
    client.post(URL)
    assert client.get(PORTAAL).status_code == 200
    assert other.get(PORTAAL).status_code == 302


@pytest.mark.django_db
def test_sign_out_everywhere_needs_post(client_for, leerkracht):
    assert client_for(leerkracht).get(URL).status_code == 405


@pytest.mark.django_db
def test_the_security_page_offers_the_button(client_for, leerkracht):
    content = client_for(leerkracht).get(reverse("accounts:security")).content.decode()
    assert f'action="{URL}"' in content
    assert "Uitloggen op alle andere apparaten" in content
    assert "na 30 minuten zonder activiteit" in content
