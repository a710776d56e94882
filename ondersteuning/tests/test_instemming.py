"""Agreement with the handelingsdeel: every guardian with gezag separately, a reason for niet akkoord, history kept."""

import pytest
from django.db import IntegrityError
from django.urls import reverse

from ondersteuning import services
from ondersteuning.models import AppendOnlyError, Instemming, Ondersteuningsvraag, Ouderbetrokkenheid, Stap, StapSoort

pytestmark = pytest.mark.django_db


def instemming_url(vraag):
    return reverse("ouders:instemming", args=[vraag.pk])


def test_each_guardian_answers_separately_and_the_latest_answer_counts(gedeeld, ouder, tweede_ouder):
    services.instemmen(versie=gedeeld, ouder=ouder, akkoord=False, toelichting="Liever drie keer per week.")
    services.instemmen(versie=gedeeld, ouder=tweede_ouder, akkoord=True)
    services.instemmen(versie=gedeeld, ouder=ouder, akkoord=True, toelichting="Na het gesprek: akkoord.")
    antwoorden = {o.email: (laatste.akkoord, len(eerder)) for o, laatste, eerder in gedeeld.instemming_per_ouder(
        [ouder, tweede_ouder]
    )}  # fmt: skip
    assert antwoorden == {ouder.email: (True, 1), tweede_ouder.email: (True, 0)}
    assert Instemming.objects.count() == 3
    stappen = Stap.objects.filter(soort=StapSoort.INSTEMMING)
    assert stappen.count() == 3
    assert {s.ouderbetrokkenheid for s in stappen} == {Ouderbetrokkenheid.INSTEMMING}


def test_niet_akkoord_needs_a_reason_in_the_service_and_the_database(gedeeld, ouder):
    with pytest.raises(services.Geweigerd, match="waarom"):
        services.instemmen(versie=gedeeld, ouder=ouder, akkoord=False, toelichting="  ")
    with pytest.raises(IntegrityError):
        Instemming.objects.create(versie=gedeeld, ouder=ouder, akkoord=False, toelichting="")


def test_an_answer_is_never_changed_in_place(gedeeld, ouder):
    instemming = services.instemmen(versie=gedeeld, ouder=ouder, akkoord=True)
    instemming.akkoord = False
    with pytest.raises(AppendOnlyError):
        instemming.save()
    with pytest.raises(AppendOnlyError):
        Instemming.objects.update(akkoord=False)


def test_only_the_current_shared_version_can_be_answered(gedeeld, concept, ouder, ib):
    nieuw = services.concept_versie(vraag=gedeeld.plan.vraag, door=ib)
    with pytest.raises(services.Geweigerd):
        services.instemmen(versie=nieuw, ouder=ouder, akkoord=True)
    services.versie_delen(versie=nieuw, door=ib)
    with pytest.raises(services.Geweigerd, match="nieuwere versie"):
        services.instemmen(versie=gedeeld, ouder=ouder, akkoord=True)


def test_a_guardian_without_gezag_or_staff_cannot_answer(gedeeld, leerling, ib):
    from leerlingen.tests.factories import OuderFactory

    zonder_gezag = OuderFactory(leerling=leerling, gezag=False).user
    for user in (zonder_gezag, ib):
        with pytest.raises(services.Geweigerd):
            services.instemmen(versie=gedeeld, ouder=user, akkoord=True)


def test_the_parent_answers_on_the_page_with_a_fieldset_and_a_reason_rule(client_for, ouder, gedeeld):
    vraag = gedeeld.plan.vraag
    client = client_for(ouder)
    content = client.get(instemming_url(vraag)).content.decode()
    assert "<fieldset" in content and "<legend" in content and "Bent u akkoord met het handelingsdeel?" in content
    response = client.post(instemming_url(vraag), {"akkoord": "nee", "toelichting": "", "versie": gedeeld.pk})
    assert "Schrijf waarom u niet akkoord bent." in response.content.decode()
    assert "Er is iets niet goed ingevuld" in response.content.decode()
    assert not Instemming.objects.exists()
    antwoord = {"akkoord": "nee", "toelichting": "Te weinig.", "versie": gedeeld.pk}
    response = client.post(instemming_url(vraag), antwoord)
    assert response.url == reverse("ouders:vraag", args=[vraag.pk])
    assert Instemming.objects.get().toelichting == "Te weinig."


def test_without_a_shared_plan_the_parent_is_sent_back(client_for, ouder, concept):
    vraag = concept.plan.vraag
    assert client_for(ouder).get(instemming_url(vraag)).url == reverse("ouders:vraag", args=[vraag.pk])


@pytest.mark.parametrize("rol", ["leerkracht", "ib", "directeur"])
def test_staff_who_see_the_case_get_403_on_the_agreement_page(client_for, cast, gedeeld, rol):
    vraag = gedeeld.plan.vraag
    assert client_for(cast[rol]).post(instemming_url(vraag), {"akkoord": "ja"}).status_code == 403


@pytest.mark.parametrize("rol", ["ouder2", "leerkracht2", "trajectbegeleider", "ot_lid"])
def test_outsiders_get_404_on_the_agreement_page(client_for, cast, gedeeld, rol):
    vraag = gedeeld.plan.vraag
    assert client_for(cast[rol]).get(instemming_url(vraag)).status_code == 404
    assert client_for(cast[rol]).post(instemming_url(vraag), {"akkoord": "ja"}).status_code == 404


def test_the_agreement_page_refuses_put_and_anonymous(client_for, client, ouder, gedeeld):
    vraag = gedeeld.plan.vraag
    assert client_for(ouder).put(instemming_url(vraag)).status_code == 405
    assert client.get(instemming_url(vraag)).url.startswith(reverse("accounts:login"))


def test_staff_see_each_guardians_answer_on_the_case_page(client_for, ib, ouder, tweede_ouder, gedeeld):
    services.instemmen(versie=gedeeld, ouder=ouder, akkoord=False, toelichting="Graag eerst een gesprek.")
    content = client_for(ib).get(gedeeld.plan.vraag.get_absolute_url()).content.decode()
    assert "Niet akkoord" in content and "Graag eerst een gesprek." in content
    assert "Nog geen antwoord" in content  # the second guardian


def test_the_queue_marks_pending_agreement_and_disagreement(gedeeld, ouder, tweede_ouder):
    vraag = Ondersteuningsvraag.objects.met_ouderstatus().get(pk=gedeeld.plan.vraag_id)
    assert vraag.wacht_op_instemming and not vraag.niet_akkoord
    services.instemmen(versie=gedeeld, ouder=ouder, akkoord=False, toelichting="Nee.")
    services.instemmen(versie=gedeeld, ouder=tweede_ouder, akkoord=True)
    vraag = Ondersteuningsvraag.objects.met_ouderstatus().get(pk=vraag.pk)
    assert not vraag.wacht_op_instemming and vraag.niet_akkoord
    services.instemmen(versie=gedeeld, ouder=ouder, akkoord=True)
    vraag = Ondersteuningsvraag.objects.met_ouderstatus().get(pk=vraag.pk)
    assert not vraag.wacht_op_instemming and not vraag.niet_akkoord


def test_an_answer_on_one_childs_page_never_lands_on_a_siblings_plan(client_for, gedeeld, ouder, ib):
    """A guardian of two children posts the other child's plan version on this child's page."""
    from leerlingen.tests.factories import LeerlingFactory, OuderFactory
    from ondersteuning.tests.conftest import DOELEN, INHOUD, OVER_ZES_WEKEN
    from ondersteuning.tests.factories import VraagFactory

    zus = LeerlingFactory(voornaam="Lotte", groep=gedeeld.plan.vraag.leerling.groep)
    OuderFactory(user=ouder, leerling=zus)
    ander = VraagFactory(leerling=zus, ingediend_door=gedeeld.plan.vraag.ingediend_door)
    services.indienen(vraag=ander, door=ander.ingediend_door)
    services.oppakken(vraag=ander, door=ib)
    services.toestemming_geven(vraag=ander, soort="aanmelden_ot", ouder=ouder)
    services.naar_ondersteuningsteam(vraag=ander, door=ib, toelichting="Meer nodig.")
    services.arrangement_starten(
        vraag=ander, door=ib, omschrijving="RT", evaluatiedatum=OVER_ZES_WEKEN, ouders_aanwezig=True
    )
    andere_versie = services.plan_starten(vraag=ander, door=ib, inhoud=dict(INHOUD), doelen=list(DOELEN))
    services.versie_delen(versie=andere_versie, door=ib)

    response = client_for(ouder).post(
        instemming_url(gedeeld.plan.vraag), {"akkoord": "ja", "versie": andere_versie.pk}
    )
    assert response.status_code == 302
    assert Instemming.objects.get().versie == gedeeld
    assert not andere_versie.instemmingen.exists()
    assert (
        client_for(ouder).post(instemming_url(gedeeld.plan.vraag), {"akkoord": "ja", "versie": "x9"}).status_code
        == 302
    )
