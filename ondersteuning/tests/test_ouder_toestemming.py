"""Parents give and withdraw each consent digitally on their page; each is a timeline step."""

import pytest
from django.urls import reverse

from ondersteuning.models import Ouderbetrokkenheid, Stap, StapSoort, Toestemming, ToestemmingSoort, ToestemmingWijze

pytestmark = pytest.mark.django_db


def url(vraag):
    return reverse("ouders:toestemming", args=[vraag.pk])


def test_a_parent_withdraws_and_gives_a_consent_again_each_as_a_step(client_for, ouder, vraag):
    client = client_for(ouder)
    eigen = reverse("ouders:vraag", args=[vraag.pk])
    soort = ToestemmingSoort.ONDERZOEK
    assert client.post(url(vraag), {"soort": soort, "actie": "geven"}).url == eigen + "#toestemming"
    client.post(url(vraag), {"soort": soort, "actie": "intrekken"})
    client.post(url(vraag), {"soort": soort, "actie": "geven"})
    toestemmingen = Toestemming.objects.filter(vraag=vraag, soort=soort).order_by("gegeven_op")
    assert [t.actief for t in toestemmingen] == [False, True]
    assert {t.wijze for t in toestemmingen} == {ToestemmingWijze.DIGITAAL}
    stappen = list(
        Stap.objects.filter(vraag=vraag, ouderbetrokkenheid=Ouderbetrokkenheid.TOESTEMMING).values_list(
            "soort", flat=True
        )
    )
    assert stappen == [
        StapSoort.TOESTEMMING_GEGEVEN,
        StapSoort.TOESTEMMING_INGETROKKEN,
        StapSoort.TOESTEMMING_GEGEVEN,
    ]
    content = client.get(eigen).content.decode()
    assert "Toestemming ingetrokken" in content and "Intrekken: onderzoek of diagnostiek" in content


def test_giving_a_consent_twice_is_refused_with_a_message(client_for, ouder, vraag):
    client = client_for(ouder)
    client.post(url(vraag), {"soort": ToestemmingSoort.DELEN_OT, "actie": "geven"})
    response = client.post(url(vraag), {"soort": ToestemmingSoort.DELEN_OT, "actie": "geven"}, follow=True)
    assert "Deze toestemming is al gegeven." in response.content.decode()
    assert Toestemming.objects.count() == 1


def test_an_unknown_consent_is_refused(client_for, ouder, vraag):
    response = client_for(ouder).post(url(vraag), {"soort": "alles", "actie": "geven"})
    assert response.status_code == 200 and "Kies een toestemming uit de lijst." in response.content.decode()
    assert not Toestemming.objects.exists()


def test_a_parent_may_still_withdraw_after_the_case_was_closed(client_for, ouder, ib, vraag):
    from ondersteuning import services

    services.toestemming_geven(vraag=vraag, soort=ToestemmingSoort.GEANONIMISEERD, ouder=ouder)
    services.afsluiten(vraag=vraag, door=ib, conclusie="Klaar.")
    client_for(ouder).post(url(vraag), {"soort": ToestemmingSoort.GEANONIMISEERD, "actie": "intrekken"})
    assert not Toestemming.objects.get().actief
    response = client_for(ouder).post(url(vraag), {"soort": ToestemmingSoort.ONDERZOEK, "actie": "geven"}, follow=True)
    assert "niet (meer) open" in response.content.decode()


@pytest.mark.parametrize("rol", ["leerkracht", "ib"])
def test_staff_get_403_and_use_the_paper_consent_action_instead(client_for, cast, vraag, rol):
    assert client_for(cast[rol]).post(url(vraag), {"soort": "onderzoek", "actie": "geven"}).status_code == 403


@pytest.mark.parametrize("rol", ["ouder2", "leerkracht2", "trajectbegeleider", "ot_lid"])
def test_outsiders_get_404_on_the_consent_page(client_for, cast, vraag, rol):
    assert client_for(cast[rol]).get(url(vraag)).status_code == 404
    assert client_for(cast[rol]).post(url(vraag), {"soort": "onderzoek", "actie": "geven"}).status_code == 404
    assert not Toestemming.objects.exists()


def test_the_consent_page_works_without_javascript_and_refuses_put(client_for, client, ouder, vraag):
    content = client_for(ouder).get(url(vraag)).content.decode()
    assert 'name="actie" value="geven"' in content
    assert client_for(ouder).put(url(vraag)).status_code == 405
    assert client.get(url(vraag)).url.startswith(reverse("accounts:login"))


@pytest.mark.django_db
def test_after_withdrawing_the_ot_consent_the_ot_member_shows_as_access_ended_not_involved(
    client_for, ib, ot_lid, vraag, ouder
):
    import datetime

    from django.urls import reverse
    from django.utils import timezone

    from ondersteuning import services as diensten
    from ondersteuning.models import Toestemming, ToestemmingSoort

    diensten.oppakken(vraag=vraag, door=ib)
    diensten.toestemming_geven(vraag=vraag, soort=ToestemmingSoort.AANMELDEN_OT, ouder=ouder)
    diensten.toestemming_geven(vraag=vraag, soort=ToestemmingSoort.DELEN_OT, ouder=ouder)
    diensten.naar_ondersteuningsteam(vraag=vraag, door=ib, toelichting="Meer nodig.")
    diensten.overleg_plannen(
        vraag=vraag, door=ib, datum=timezone.now() + datetime.timedelta(days=2), agenda="x", deelnemers=[ot_lid]
    )
    url = reverse("ouders:vraag", args=[vraag.pk])
    assert client_for(ouder).get(url).context["toegang_beeindigd"] == []

    delen = Toestemming.objects.get(vraag=vraag, soort=ToestemmingSoort.DELEN_OT)
    diensten.toestemming_intrekken(toestemming=delen, door=ouder)
    response = client_for(ouder).get(url)

    assert ot_lid.pk not in [p.pk for p, _rol in response.context["betrokkenen"]]
    delen.refresh_from_db()
    assert response.context["toegang_beeindigd"] == [(ot_lid, delen.ingetrokken_op)]
    assert "toegang beëindigd op" in response.content.decode()
