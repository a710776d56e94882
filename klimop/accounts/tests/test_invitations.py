"""Invitation links: single use, expiring, replaced by a newer one, and signing the person in afterwards."""

import datetime

import pytest
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from klimop.accounts import services
from klimop.accounts.models import Rol, Uitnodiging, User
from klimop.accounts.tests.factories import UserFactory

from .helpers import link_in

WACHTWOORD = "Lange-zin-voor-KlimOp-42"


@pytest.fixture
def nieuwe_ouder(leerling):
    from leerlingen.models import Ouder

    user = User.objects.create_user(email="nieuw@ouders.test", first_name="Petra", last_name="Groot", rol=Rol.OUDER)
    Ouder.objects.create(user=user, leerling=leerling, relatie="moeder", gezag=True)
    return user


@pytest.fixture
def uitnodiging(nieuwe_ouder, ib):
    return services.uitnodigen(user=nieuwe_ouder, door=ib)


def _url(uitnodiging: Uitnodiging, token: str | None = None) -> str:
    return reverse("accounts:uitnodiging", args=[uitnodiging.pk, token or uitnodiging.token()])


def _kies(client, url: str, wachtwoord: str = WACHTWOORD):
    return client.post(url, {"new_password1": wachtwoord, "new_password2": wachtwoord})


@pytest.mark.django_db
def test_an_invited_guardian_sets_a_password_and_lands_on_the_parent_pages(client, uitnodiging, nieuwe_ouder):
    response = client.get(_url(uitnodiging))
    assert response.status_code == 200
    assert "nieuw@ouders.test" in response.content.decode()

    response = _kies(client, _url(uitnodiging))
    assert response.status_code == 302
    assert response.url == reverse("ouders:start")
    assert int(client.session[SESSION_KEY]) == nieuwe_ouder.pk
    nieuwe_ouder.refresh_from_db()
    assert nieuwe_ouder.check_password(WACHTWOORD)
    uitnodiging.refresh_from_db()
    assert uitnodiging.gebruikt_op is not None
    assert client.get(reverse("ouders:start")).status_code == 200


@pytest.mark.django_db
def test_an_invited_teacher_continues_to_two_factor_enrolment(client, directeur, groep):
    uitnodiging = services.medewerker_uitnodigen(
        door=directeur, email="nieuwe.juf@klimop.test", first_name="Lotte", last_name="Bos", rol=Rol.LEERKRACHT,
        groepen=[groep],
    )  # fmt: skip
    response = _kies(client, _url(uitnodiging))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:two_factor_enrol"))
    # Without the second factor the new teacher reaches no pupil data.
    response = client.get(reverse("leerlingen:lijst"))
    assert response.url.startswith(reverse("accounts:two_factor_enrol"))


@pytest.mark.django_db
def test_a_used_link_is_refused_with_a_clear_page(client, uitnodiging):
    url = _url(uitnodiging)
    _kies(client, url)
    client.logout()
    for response in (client.get(url), _kies(client, url, "Een-ander-wachtwoord-99")):
        assert response.status_code == 410
        assert "Deze link is al gebruikt" in response.content.decode()
    uitnodiging.user.refresh_from_db()
    assert uitnodiging.user.check_password(WACHTWOORD)


@pytest.mark.django_db
def test_an_expired_link_is_refused(client, uitnodiging):
    url = _url(uitnodiging)
    Uitnodiging.objects.filter(pk=uitnodiging.pk).update(
        aangemaakt_op=timezone.now() - datetime.timedelta(days=8),
        verloopt_op=timezone.now() - datetime.timedelta(days=1),
    )
    uitnodiging.refresh_from_db()
    # The token covers the creation time, so the link is rebuilt for the changed row.
    response = client.get(_url(uitnodiging))
    assert response.status_code == 410
    assert "Deze link is verlopen" in response.content.decode()
    assert client.get(url).status_code == 410
    assert _kies(client, _url(uitnodiging)).status_code == 410
    uitnodiging.user.refresh_from_db()
    assert not uitnodiging.user.has_usable_password()


@pytest.mark.django_db
def test_links_expire_after_seven_days(uitnodiging):
    assert uitnodiging.verloopt_op - uitnodiging.aangemaakt_op == datetime.timedelta(days=7)
    assert uitnodiging.status(uitnodiging.aangemaakt_op + datetime.timedelta(days=6, hours=23)) == "open"
    assert uitnodiging.status(uitnodiging.aangemaakt_op + datetime.timedelta(days=7)) == "verlopen"


@pytest.mark.django_db
def test_a_new_invitation_replaces_the_old_link(client, uitnodiging, nieuwe_ouder, directeur):
    nieuwe = services.uitnodigen(user=nieuwe_ouder, door=directeur)
    response = client.get(_url(uitnodiging))
    assert response.status_code == 410
    assert "nieuwere uitnodiging" in response.content.decode()
    assert client.get(_url(nieuwe)).status_code == 200


@pytest.mark.django_db
def test_a_wrong_token_is_refused(client, uitnodiging):
    token = uitnodiging.token()
    wrong = ("0" if token[0] != "0" else "1") + token[1:]
    response = client.get(_url(uitnodiging, wrong))
    assert response.status_code == 410
    assert "Deze link klopt niet" in response.content.decode()
    assert client.get(reverse("accounts:uitnodiging", args=[uitnodiging.pk + 100, token])).status_code == 410


@pytest.mark.django_db
def test_the_token_is_not_stored(uitnodiging):
    token = uitnodiging.token()
    row = Uitnodiging.objects.filter(pk=uitnodiging.pk).values()[0]
    assert token not in {str(value) for value in row.values()}


@pytest.mark.django_db
def test_a_deactivated_account_cannot_use_its_link(client, uitnodiging, nieuwe_ouder):
    url = _url(uitnodiging)
    User.objects.filter(pk=nieuwe_ouder.pk).update(is_active=False)
    response = client.get(url)
    assert response.status_code == 410
    assert "niet (meer) actief" in response.content.decode()


@pytest.mark.django_db
def test_the_password_must_pass_the_validators_in_dutch(client, uitnodiging):
    url = _url(uitnodiging)
    response = _kies(client, url, "12345")
    content = response.content.decode()
    assert response.status_code == 200
    assert "Dit wachtwoord is te kort" in content
    assert "Dit wachtwoord is te algemeen" in content or "volledig uit cijfers" in content
    response = client.post(url, {"new_password1": WACHTWOORD, "new_password2": WACHTWOORD + "x"})
    assert "De twee wachtwoordvelden komen niet overeen" in response.content.decode()
    uitnodiging.refresh_from_db()
    assert uitnodiging.gebruikt_op is None


@pytest.mark.django_db
@pytest.mark.parametrize(("wachtwoord", "geweigerd"), [("Kx7#vqLm2", True), ("Kx7#vqLm2p", False)])
def test_the_minimum_length_is_exactly_ten_characters(client, uitnodiging, wachtwoord, geweigerd):
    response = _kies(client, _url(uitnodiging), wachtwoord)
    uitnodiging.refresh_from_db()
    if geweigerd:
        assert response.status_code == 200
        assert "Dit wachtwoord is te kort. Het moet minstens 10 tekens bevatten." in response.content.decode()
        assert uitnodiging.gebruikt_op is None
    else:
        assert response.status_code == 302
        assert uitnodiging.gebruikt_op is not None


@pytest.mark.django_db
def test_the_invitation_page_refuses_other_methods(client, uitnodiging):
    assert client.put(_url(uitnodiging)).status_code == 405


@pytest.mark.django_db
def test_a_signed_in_staff_member_without_second_factor_can_still_open_a_link(
    client_with_password_only, leerkracht, uitnodiging
):
    response = client_with_password_only(leerkracht).get(_url(uitnodiging))
    assert response.status_code == 200


@pytest.mark.django_db
def test_accounts_with_a_password_are_not_invited(ouder, ib):
    with pytest.raises(services.Geweigerd):
        services.uitnodigen(user=ouder, door=ib)


@pytest.mark.django_db
def test_the_ib_may_not_invite_staff(ib):
    collega = UserFactory(rol=Rol.LEERKRACHT)
    collega.set_unusable_password()
    with pytest.raises(services.Geweigerd):
        services.uitnodigen(user=collega, door=ib)


@pytest.mark.django_db
def test_the_invitation_mail_leaves_through_the_worker_and_its_link_works(client, nieuwe_ouder, ib, worker):
    uitnodiging = services.uitnodigen(user=nieuwe_ouder, door=ib)
    assert mail.outbox == []
    worker()
    (bericht,) = mail.outbox
    assert bericht.to == ["nieuw@ouders.test"]
    assert "Uitnodiging" in bericht.subject
    assert "Daan" not in bericht.body and "Daan" not in bericht.subject
    assert link_in(bericht) == _url(uitnodiging)
    uitnodiging.refresh_from_db()
    assert uitnodiging.mail_verstuurd_op is not None
    assert client.get(link_in(bericht)).status_code == 200


@pytest.mark.django_db
def test_no_invitation_mail_for_a_link_that_was_replaced_before_sending(
    nieuwe_ouder, ib, django_capture_on_commit_callbacks, worker
):
    with django_capture_on_commit_callbacks(execute=True):
        eerste = services.uitnodigen(user=nieuwe_ouder, door=ib)
        tweede = services.uitnodigen(user=nieuwe_ouder, door=ib)
    worker()
    (bericht,) = mail.outbox
    assert link_in(bericht) == _url(tweede)
    eerste.refresh_from_db()
    assert eerste.mail_verstuurd_op is None
