"""The notifications page, the unread badge in the header and marking as read."""

import pytest
from django.urls import reverse

from klimop.accounts.models import Melding, MeldingSoort
from tests.antwoorden import inhoud

pytestmark = pytest.mark.django_db

LIJST = reverse("meldingen:lijst")
ALLES = reverse("meldingen:alles_gelezen")


def gelezen(melding) -> str:
    return reverse("meldingen:gelezen", args=[melding.pk])


def melding_voor(user, **kwargs) -> Melding:
    return Melding.objects.create(
        user=user, soort=kwargs.pop("soort", MeldingSoort.NIEUWE_VRAAG), link=kwargs.pop("link", "/ondersteuning/1/")
    )


def test_everyone_signed_in_sees_their_own_notifications(client_for, cast):
    for user in cast.values():
        melding_voor(user)
    andere = melding_voor(cast["ib"], soort=MeldingSoort.OUDERREACTIE)
    content = inhoud(client_for(cast["leerkracht"]).get(LIJST))
    assert "Er is een nieuwe ondersteuningsvraag ingediend." in content
    assert "Een ouder heeft gereageerd" not in content
    assert f'action="{gelezen(andere)}"' not in content


def test_the_header_shows_the_unread_count(client_for, ouder):
    client = client_for(ouder)
    assert "ongelezen" not in inhoud(client.get(reverse("portaal")))
    for _ in range(3):
        melding_voor(ouder, soort=MeldingSoort.STAP_VOOR_OUDERS, link="/ouders/")
    content = inhoud(client.get(reverse("portaal")))
    assert (
        '<span class="badge rounded-pill text-bg-warning">3<span class="visually-hidden"> ongelezen</span>' in content
    )


def test_opening_a_notification_marks_it_read_and_follows_its_link(client_for, ib):
    melding = melding_voor(ib, link="/ondersteuning/")
    response = client_for(ib).post(gelezen(melding), {"openen": "1"})
    assert response.status_code == 302 and response.url == "/ondersteuning/"
    melding.refresh_from_db()
    assert melding.gelezen_op is not None


def test_marking_read_without_javascript_returns_to_the_list(client_for, ib):
    melding = melding_voor(ib)
    response = client_for(ib).post(gelezen(melding))
    assert response.status_code == 302 and response.url == LIJST
    melding.refresh_from_db()
    assert melding.is_gelezen


def test_marking_read_with_htmx_returns_the_item_partial(client_for, ib):
    melding = melding_voor(ib)
    response = client_for(ib).post(gelezen(melding), headers={"HX-Request": "true"})
    content = inhoud(response)
    assert response.status_code == 200
    assert content.lstrip().startswith('<li class="list-group-item')
    assert f'id="melding-{melding.pk}"' in content
    assert "Nieuw" not in content and "<html" not in content


def test_someone_elses_notification_is_not_found(client_for, ib, ouder):
    melding = melding_voor(ouder)
    assert client_for(ib).post(gelezen(melding)).status_code == 404
    melding.refresh_from_db()
    assert melding.gelezen_op is None


def test_all_can_be_marked_read_at_once(client_for, ib, ouder):
    for _ in range(2):
        melding_voor(ib)
    anders = melding_voor(ouder)
    client = client_for(ib)
    client.post(ALLES)
    assert not ib.meldingen.filter(gelezen_op__isnull=True).exists()
    anders.refresh_from_db()
    assert anders.gelezen_op is None


def test_notification_pages_refuse_the_wrong_method(client_for, ib):
    melding = melding_voor(ib)
    client = client_for(ib)
    assert client.post(LIJST).status_code == 405
    assert client.get(gelezen(melding)).status_code == 405
    assert client.get(ALLES).status_code == 405


def test_anonymous_visitors_are_sent_to_login(client, ib):
    melding = melding_voor(ib)
    for response in (client.get(LIJST), client.post(gelezen(melding)), client.post(ALLES)):
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))


def test_the_list_query_count_does_not_grow_with_notifications(client_for, ib, django_assert_num_queries):
    client = client_for(ib)
    melding_voor(ib)
    # Session, user, OTP device, the badge, the count and the page of notifications.
    with django_assert_num_queries(6) as weinig:
        assert client.get(LIJST).status_code == 200
    for _ in range(25):
        melding_voor(ib)
    with django_assert_num_queries(len(weinig.captured_queries)):
        assert client.get(LIJST).status_code == 200


AANTAL = reverse("meldingen:aantal")


def test_the_count_fragment_shows_only_the_users_own_unread_notifications(client_for, ouder, ouder2):
    client = client_for(ouder)
    assert 'data-aantal="0"' in client.get(AANTAL).content.decode()
    for _ in range(2):
        melding_voor(ouder, soort=MeldingSoort.STAP_VOOR_OUDERS, link="/ouders/")
    gelezen_al = melding_voor(ouder, soort=MeldingSoort.STAP_VOOR_OUDERS, link="/ouders/")
    Melding.objects.filter(pk=gelezen_al.pk).update(gelezen_op="2026-01-01T00:00Z")
    melding_voor(ouder2, soort=MeldingSoort.STAP_VOOR_OUDERS, link="/ouders/")
    response = client.get(AANTAL)
    content = response.content.decode()
    assert 'data-aantal="2"' in content
    assert "<html" not in content


def test_the_count_fragment_runs_one_query_beyond_session_user_and_second_factor(
    client_for, ouder, django_assert_num_queries
):
    client = client_for(ouder)
    melding_voor(ouder, soort=MeldingSoort.STAP_VOOR_OUDERS, link="/ouders/")
    client.get(AANTAL)  # the first request may renew the session
    with django_assert_num_queries(4):  # session, user, second-factor device, the count
        assert client.get(AANTAL).status_code == 200
