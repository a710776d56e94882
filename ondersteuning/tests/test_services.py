import datetime

import pytest
from django.db import IntegrityError
from django.utils import timezone

from ondersteuning import services
from ondersteuning.models import (
    Gegevensdeling,
    Ondersteuningsvraag,
    Ouderbetrokkenheid,
    Stap,
    StapSoort,
    Status,
    TlvBesluit,
    ToestemmingSoort,
    Verwijzing,
)
from ondersteuning.tests import tlv
from ondersteuning.tests.factories import VraagFactory

pytestmark = pytest.mark.django_db

# Two days ahead, not one: the suite may run across midnight, and a date of today is refused.
MORGEN = timezone.localdate() + datetime.timedelta(days=2)
OVER_ZES_WEKEN = timezone.localdate() + datetime.timedelta(weeks=6)


def zichtbaar(vraag, user) -> bool:
    return Ondersteuningsvraag.objects.zichtbaar_voor(user).filter(pk=vraag.pk).exists()


def test_the_whole_way_from_request_to_closure_writes_one_step_per_transition(
    vraag, leerkracht, ib, ouder, ot_lid, trajectbegeleider
):
    services.oppakken(vraag=vraag, door=ib)
    services.toestemming_geven(vraag=vraag, soort=ToestemmingSoort.AANMELDEN_OT, ouder=ouder, vastgelegd_door=ib)
    services.naar_ondersteuningsteam(vraag=vraag, door=ib, toelichting="Lezen blijft achter ondanks aanpak.")
    services.toestemming_geven(vraag=vraag, soort=ToestemmingSoort.DELEN_OT, ouder=ouder)
    overleg = services.overleg_plannen(
        vraag=vraag,
        door=ib,
        datum=timezone.now() - datetime.timedelta(hours=1),
        agenda="Leesontwikkeling",
        deelnemers=[ot_lid],
    )
    services.overleg_vastleggen(
        overleg=overleg, door=ib, ouders_aanwezig=True, verslag="Afgesproken: advies SWV vragen."
    )
    services.toestemming_geven(vraag=vraag, soort=ToestemmingSoort.DELEN_SWV, ouder=ouder)
    services.openen_voor_trajectbegeleider(
        vraag=vraag, door=ib, trajectbegeleider=trajectbegeleider, toelichting="Advies"
    )
    services.advies_geven(vraag=vraag, door=trajectbegeleider, advies="Arrangement lezen, 2x per week.")
    services.arrangement_starten(
        vraag=vraag, door=ib, omschrijving="RT lezen 2x per week", evaluatiedatum=OVER_ZES_WEKEN, ouders_aanwezig=True
    )
    services.evalueren(vraag=vraag, door=ib, bevindingen="Leestempo flink gestegen.", ouders_aanwezig=True)
    services.afsluiten(vraag=vraag, door=ib, conclusie="Doelen bereikt; verder in de basisondersteuning.")

    vraag.refresh_from_db()
    assert vraag.status == Status.AFGESLOTEN
    stappen = list(Stap.objects.filter(vraag=vraag).values_list("soort", "ouderbetrokkenheid"))
    assert stappen == [
        (StapSoort.INDIENEN, Ouderbetrokkenheid.GEINFORMEERD),
        (StapSoort.OPPAKKEN, Ouderbetrokkenheid.NIET_BETROKKEN),
        (StapSoort.TOESTEMMING_GEGEVEN, Ouderbetrokkenheid.TOESTEMMING),
        (StapSoort.ONDERSTEUNINGSTEAM, Ouderbetrokkenheid.TOESTEMMING),
        (StapSoort.TOESTEMMING_GEGEVEN, Ouderbetrokkenheid.TOESTEMMING),
        (StapSoort.OVERLEG_GEPLAND, Ouderbetrokkenheid.GEINFORMEERD),
        (StapSoort.OVERLEG_GEHOUDEN, Ouderbetrokkenheid.AANWEZIG),
        (StapSoort.TOESTEMMING_GEGEVEN, Ouderbetrokkenheid.TOESTEMMING),
        (StapSoort.TRAJECTBEGELEIDING, Ouderbetrokkenheid.TOESTEMMING),
        (StapSoort.ADVIES, Ouderbetrokkenheid.GEINFORMEERD),
        (StapSoort.ARRANGEMENT, Ouderbetrokkenheid.AANWEZIG),
        (StapSoort.EVALUATIE, Ouderbetrokkenheid.AANWEZIG),
        (StapSoort.AFSLUITEN, Ouderbetrokkenheid.GEINFORMEERD),
    ]
    statussen = list(Stap.objects.filter(vraag=vraag).exclude(naar_status="").values_list("naar_status", flat=True))
    assert statussen == [
        Status.INGEDIEND,
        Status.IN_BEHANDELING,
        Status.ONDERSTEUNINGSTEAM,
        Status.TRAJECTBEGELEIDING,
        Status.ARRANGEMENT,
        Status.EVALUATIE,
        Status.AFGESLOTEN,
    ]


def test_submitting_needs_request_strengths_what_was_tried_and_informed_parents(leerling, leerkracht):
    concept = VraagFactory(leerling=leerling, ingediend_door=leerkracht, sterke_kanten="", ouders_geinformeerd_op=None)
    assert services.ontbrekende_indienvelden(concept) == ["sterke_kanten", "ouders_geinformeerd_op"]
    with pytest.raises(services.Geweigerd, match="sterke kanten"):
        services.indienen(vraag=concept, door=leerkracht)
    assert not Stap.objects.exists()


def test_only_the_author_submits_a_concept(leerling, leerkracht, ib):
    concept = VraagFactory(leerling=leerling, ingediend_door=leerkracht)
    with pytest.raises(services.Geweigerd):
        services.indienen(vraag=concept, door=ib)


def test_concepts_are_visible_only_to_their_author(leerling, leerkracht, ib, directeur, ouder):
    concept = VraagFactory(leerling=leerling, ingediend_door=leerkracht)
    assert zichtbaar(concept, leerkracht)
    assert not zichtbaar(concept, ib)
    assert not zichtbaar(concept, directeur)
    assert not zichtbaar(concept, ouder)


def test_routing_to_the_support_team_without_consent_is_refused_with_a_clear_message(vraag, ib):
    services.oppakken(vraag=vraag, door=ib)
    with pytest.raises(services.Geweigerd, match="toestemming"):
        services.naar_ondersteuningsteam(vraag=vraag, door=ib, toelichting="")
    vraag.refresh_from_db()
    assert vraag.status == Status.IN_BEHANDELING
    assert Stap.objects.filter(vraag=vraag).count() == 2


def _bij_ot(vraag, ib, ouder):
    services.oppakken(vraag=vraag, door=ib)
    services.toestemming_geven(vraag=vraag, soort=ToestemmingSoort.AANMELDEN_OT, ouder=ouder, vastgelegd_door=ib)
    services.naar_ondersteuningsteam(vraag=vraag, door=ib, toelichting="")


def test_opening_to_the_trajectbegeleider_needs_consent_to_share_with_the_swv(vraag, ib, ouder, trajectbegeleider):
    _bij_ot(vraag, ib, ouder)
    with pytest.raises(services.Geweigerd, match="samenwerkingsverband"):
        services.openen_voor_trajectbegeleider(
            vraag=vraag, door=ib, trajectbegeleider=trajectbegeleider, toelichting=""
        )
    assert not zichtbaar(vraag, trajectbegeleider)


def test_withdrawing_consent_removes_the_trajectbegeleiders_access_at_once(vraag, ib, ouder, trajectbegeleider):
    _bij_ot(vraag, ib, ouder)
    toestemming = services.toestemming_geven(vraag=vraag, soort=ToestemmingSoort.DELEN_SWV, ouder=ouder)
    services.openen_voor_trajectbegeleider(vraag=vraag, door=ib, trajectbegeleider=trajectbegeleider, toelichting="")
    assert zichtbaar(vraag, trajectbegeleider)
    stap = services.toestemming_intrekken(toestemming=toestemming, door=ouder)
    assert stap.soort == StapSoort.TOESTEMMING_INGETROKKEN
    assert not zichtbaar(vraag, trajectbegeleider)
    with pytest.raises(services.Geweigerd):
        services.advies_geven(vraag=vraag, door=trajectbegeleider, advies="Nog even dit.")


def test_opening_the_case_writes_the_data_exchange_log(vraag, ib, ouder, trajectbegeleider, ot_lid):
    _bij_ot(vraag, ib, ouder)
    delen_ot = services.toestemming_geven(vraag=vraag, soort=ToestemmingSoort.DELEN_OT, ouder=ouder)
    services.overleg_plannen(vraag=vraag, door=ib, datum=timezone.now(), agenda="OT", deelnemers=[ot_lid, ib])
    delen_swv = services.toestemming_geven(vraag=vraag, soort=ToestemmingSoort.DELEN_SWV, ouder=ouder)
    services.openen_voor_trajectbegeleider(vraag=vraag, door=ib, trajectbegeleider=trajectbegeleider, toelichting="")
    delingen = {d.ontvanger: d for d in Gegevensdeling.objects.filter(vraag=vraag)}
    assert set(delingen) == {ot_lid, trajectbegeleider}
    assert delingen[trajectbegeleider].organisatie == "De Westfriese Knoop"
    assert delingen[trajectbegeleider].toestemming == delen_swv
    assert delingen[ot_lid].toestemming == delen_ot
    assert delingen[ot_lid].gedeeld_door == ib


def test_ot_member_sees_a_case_only_when_invited_and_while_consent_stands(vraag, ib, ouder, ot_lid):
    _bij_ot(vraag, ib, ouder)
    with pytest.raises(services.Geweigerd, match="toestemming"):
        services.overleg_plannen(vraag=vraag, door=ib, datum=timezone.now(), agenda="OT", deelnemers=[ot_lid])
    assert not zichtbaar(vraag, ot_lid)
    delen = services.toestemming_geven(vraag=vraag, soort=ToestemmingSoort.DELEN_OT, ouder=ouder)
    services.overleg_plannen(vraag=vraag, door=ib, datum=timezone.now(), agenda="OT", deelnemers=[ot_lid])
    assert zichtbaar(vraag, ot_lid)
    services.toestemming_intrekken(toestemming=delen, door=ib)
    assert not zichtbaar(vraag, ot_lid)


def test_parents_are_always_invited_to_a_meeting(vraag, ib, ouder):
    _bij_ot(vraag, ib, ouder)
    overleg = services.overleg_plannen(vraag=vraag, door=ib, datum=timezone.now(), agenda="OT")
    assert overleg.ouders_uitgenodigd
    with pytest.raises(IntegrityError):
        type(overleg).objects.filter(pk=overleg.pk).update(ouders_uitgenodigd=False)


def test_absent_parents_need_a_reason(vraag, ib, ouder):
    _bij_ot(vraag, ib, ouder)
    overleg = services.overleg_plannen(vraag=vraag, door=ib, datum=timezone.now(), agenda="OT")
    with pytest.raises(services.Geweigerd, match="waarom"):
        services.overleg_vastleggen(overleg=overleg, door=ib, ouders_aanwezig=False, verslag="Verslag")
    stap = services.overleg_vastleggen(
        overleg=overleg, door=ib, ouders_aanwezig=False, reden_afwezig="Ziek; nagebeld op 3 maart", verslag="Verslag"
    )
    assert stap.ouderbetrokkenheid == Ouderbetrokkenheid.NIET_BETROKKEN
    assert stap.reden_niet_betrokken == "Ziek; nagebeld op 3 maart"


def test_a_step_without_parents_needs_a_reason_in_the_database(vraag, ib):
    with pytest.raises(IntegrityError):
        Stap.objects.create(vraag=vraag, actor=ib, soort=StapSoort.CORRECTIE, ouderbetrokkenheid="niet_betrokken")


def test_transitions_outside_the_lifecycle_are_refused(vraag, ib):
    services.oppakken(vraag=vraag, door=ib)
    with pytest.raises(services.Geweigerd, match="kan niet naar"):
        services.arrangement_starten(
            vraag=vraag, door=ib, omschrijving="x", evaluatiedatum=OVER_ZES_WEKEN, ouders_aanwezig=True
        )
    with pytest.raises(services.Geweigerd, match="kan niet naar"):
        services.oppakken(vraag=vraag, door=ib)


def test_teachers_cannot_route_cases(vraag, leerkracht):
    with pytest.raises(services.Geweigerd):
        services.oppakken(vraag=vraag, door=leerkracht)


def test_back_to_basisondersteuning_from_the_support_team(vraag, ib, ouder):
    _bij_ot(vraag, ib, ouder)
    services.binnen_basisondersteuning(
        vraag=vraag, door=ib, afspraken="Leesmaatje en thuis lezen", evaluatiedatum=MORGEN, ouders_aanwezig=True
    )
    vraag.refresh_from_db()
    assert vraag.status == Status.BASISONDERSTEUNING
    assert vraag.volgende_datum == MORGEN


def test_evaluation_date_must_be_in_the_future(vraag, ib):
    services.oppakken(vraag=vraag, door=ib)
    with pytest.raises(services.Geweigerd, match="toekomst"):
        services.binnen_basisondersteuning(
            vraag=vraag, door=ib, afspraken="x", evaluatiedatum=timezone.localdate(), ouders_aanwezig=True
        )


def test_referral_records_the_tlv_and_the_six_week_objection_window(vraag, ib, ouder, trajectbegeleider, directeur):
    _bij_ot(vraag, ib, ouder)
    services.toestemming_geven(vraag=vraag, soort=ToestemmingSoort.DELEN_SWV, ouder=ouder)
    services.openen_voor_trajectbegeleider(vraag=vraag, door=ib, trajectbegeleider=trajectbegeleider, toelichting="")
    verwijzing = tlv.verstuurd(vraag, ib=ib, ouder=ouder, directeur=directeur)
    services.tlv_besluit_vastleggen(
        vraag=vraag,
        door=trajectbegeleider,
        besluit=TlvBesluit.TOEGEKEND,
        besluit_op=datetime.date(2026, 11, 2),
        toelichting="Toegekend voor drie jaar.",
    )
    verwijzing.refresh_from_db()
    vraag.refresh_from_db()
    assert vraag.status == Status.VERWIJZING
    assert verwijzing.geldig_tot == datetime.date(2029, 11, 2)
    assert verwijzing.bezwaar_mogelijk_tot == datetime.date(2026, 12, 14)
    assert vraag.volgende_datum == datetime.date(2026, 12, 14)
    with pytest.raises(services.Geweigerd, match="al vastgelegd"):
        services.tlv_besluit_vastleggen(
            vraag=vraag, door=ib, besluit=TlvBesluit.AFGEWEZEN, besluit_op=datetime.date(2026, 11, 3), toelichting=""
        )


def test_referral_needs_two_different_experts(vraag, ib, ouder, trajectbegeleider):
    from django.core.exceptions import ValidationError

    _bij_ot(vraag, ib, ouder)
    services.toestemming_geven(vraag=vraag, soort=ToestemmingSoort.DELEN_SWV, ouder=ouder)
    services.openen_voor_trajectbegeleider(vraag=vraag, door=ib, trajectbegeleider=trajectbegeleider, toelichting="")
    with pytest.raises(ValidationError):
        services.tlv_aanvraag_opslaan(
            vraag=vraag, door=ib, gegevens={**tlv.AANVRAAG, "deskundige_1": "Dr. X", "deskundige_2": "dr. x"}
        )
    vraag.refresh_from_db()
    assert vraag.status == Status.TRAJECTBEGELEIDING
    assert not Verwijzing.objects.filter(vraag=vraag).exists()


def test_only_guardians_with_gezag_give_consent(vraag, ib, ouder2):
    with pytest.raises(services.Geweigerd, match="gezag"):
        services.toestemming_geven(vraag=vraag, soort=ToestemmingSoort.ONDERZOEK, ouder=ouder2, vastgelegd_door=ib)


def test_one_standing_consent_per_purpose(vraag, ouder):
    services.toestemming_geven(vraag=vraag, soort=ToestemmingSoort.ONDERZOEK, ouder=ouder)
    with pytest.raises(services.Geweigerd, match="al gegeven"):
        services.toestemming_geven(vraag=vraag, soort=ToestemmingSoort.ONDERZOEK, ouder=ouder)


def test_closing_needs_a_conclusion(vraag, ib):
    with pytest.raises(services.Geweigerd, match="conclusie"):
        services.afsluiten(vraag=vraag, door=ib, conclusie="  ")


def test_teacher_observation_can_stay_internal(vraag, leerkracht, ouder):
    services.observatie_toevoegen(
        vraag=vraag, door=leerkracht, observatie="Onrustig na de pauze.", delen_met_ouders=False
    )
    assert not Stap.objects.zichtbaar_voor(ouder).filter(soort=StapSoort.OBSERVATIE).exists()
    assert Stap.objects.zichtbaar_voor(leerkracht).filter(soort=StapSoort.OBSERVATIE).exists()


@pytest.mark.django_db
def test_a_meeting_cannot_be_recorded_as_held_before_its_date(vraag, ib, ouder):
    services.oppakken(vraag=vraag, door=ib)
    services.toestemming_geven(vraag=vraag, soort=ToestemmingSoort.AANMELDEN_OT, ouder=ouder)
    services.naar_ondersteuningsteam(vraag=vraag, door=ib, toelichting="Meer nodig.")
    overleg = services.overleg_plannen(
        vraag=vraag, door=ib, datum=timezone.now() + datetime.timedelta(days=2), agenda="Lezen"
    )

    with pytest.raises(services.Geweigerd, match="pas na die tijd als gehouden vastleggen"):
        services.overleg_vastleggen(overleg=overleg, door=ib, ouders_aanwezig=True, verslag="Te vroeg.")

    overleg.refresh_from_db()
    assert not overleg.gehouden
    later = overleg.datum + datetime.timedelta(hours=1)
    services.overleg_vastleggen(overleg=overleg, door=ib, ouders_aanwezig=True, verslag="Gehouden.", nu=later)
    overleg.refresh_from_db()
    assert overleg.gehouden
