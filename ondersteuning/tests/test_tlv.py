"""The TLV request as a dossier: completeness, signatures on one frozen version, sending, decision and validity."""

import datetime
import hashlib
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from leerlingen.append_only import AppendOnlyError
from leerlingen.tests.factories import OuderFactory
from ondersteuning import services
from ondersteuning.models import (
    Bijlage,
    OndertekeningWijze,
    Stap,
    StapSoort,
    Status,
    TlvBesluit,
    TlvOndertekening,
    Verwijzing,
)
from ondersteuning.tests import tlv

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def bij_tb(vraag, ib, ouder, trajectbegeleider):
    return tlv.bij_trajectbegeleider(vraag, ib=ib, ouder=ouder, trajectbegeleider=trajectbegeleider)


def _ontbreekt(verwijzing) -> set[str]:
    return {o.sleutel for o in services.volledigheid(verwijzing) if not o.aanwezig}


def _tekenen(vraag, wie):
    verwijzing = Verwijzing.objects.get(vraag=vraag)
    return services.tlv_ondertekenen(
        vraag=vraag, door=wie, wachtwoord=tlv.WACHTWOORD, inhoud_hash=verwijzing.inhoud_hash()
    )


# --- the dossier and its completeness list ------------------------------------------------------------------------


def test_a_new_request_lists_everything_that_is_still_missing(bij_tb, ib):
    services.tlv_aanvraag_opslaan(vraag=bij_tb, door=ib, gegevens={"soort": "B", "bestemming": "SBO"})
    verwijzing = Verwijzing.objects.get(vraag=bij_tb)
    assert _ontbreekt(verwijzing) == {
        "opp",
        "advies_1",
        "advies_2",
        "zienswijze",
        "handtekening_ouder",
        "handtekening_directeur",
    }
    bij_tb.refresh_from_db()
    assert bij_tb.status == Status.TRAJECTBEGELEIDING  # a dossier in preparation does not move the case


def test_an_incomplete_request_cannot_be_sent(bij_tb, ib, ouder):
    tlv.gedeeld_opp(bij_tb, ib=ib, ouder=ouder)
    services.tlv_aanvraag_opslaan(vraag=bij_tb, door=ib, gegevens={**tlv.AANVRAAG, "advies_2": ""})
    with pytest.raises(services.Geweigerd, match="Tweede deskundigenadvies"):
        services.tlv_versturen(vraag=bij_tb, door=ib, reden_zonder_ouder="Ouders tekenen niet.")
    bij_tb.refresh_from_db()
    assert bij_tb.status == Status.TRAJECTBEGELEIDING
    assert not Verwijzing.objects.get(vraag=bij_tb).is_verstuurd


def test_the_shared_opp_counts_only_with_the_parents_answer(bij_tb, ib, ouder, directeur):
    versie = services.plan_starten(
        vraag=bij_tb,
        door=ib,
        inhoud={"handelingsdeel_aanbod": "Kleine groep.", "handelingsdeel_uitvoering": "De IB."},
        doelen=[{"omschrijving": "Lezen.", "evaluatiedatum": timezone.localdate() + datetime.timedelta(weeks=4)}],
    )
    services.versie_delen(versie=versie, door=ib)
    services.tlv_aanvraag_opslaan(vraag=bij_tb, door=ib, gegevens=tlv.AANVRAAG)
    assert "opp" in _ontbreekt(Verwijzing.objects.get(vraag=bij_tb))
    services.instemmen(versie=versie, ouder=ouder, akkoord=False, toelichting="Wij zijn het niet eens.")
    assert "opp" not in _ontbreekt(Verwijzing.objects.get(vraag=bij_tb))


def test_a_complete_signed_request_is_sent_and_moves_the_case_to_verwijzing(bij_tb, ib, ouder, directeur):
    verwijzing = tlv.compleet_dossier(bij_tb, ib=ib, ouder=ouder, directeur=directeur)
    assert _ontbreekt(verwijzing) == set()
    stap = services.tlv_versturen(vraag=bij_tb, door=ib)
    bij_tb.refresh_from_db()
    verwijzing.refresh_from_db()
    assert bij_tb.status == Status.VERWIJZING
    assert verwijzing.is_verstuurd and verwijzing.reden_zonder_ouder == ""
    assert stap.soort == StapSoort.VERWIJZING and verwijzing.inhoud_hash() in stap.toelichting
    with pytest.raises(services.Geweigerd):
        services.tlv_aanvraag_opslaan(vraag=bij_tb, door=ib, gegevens={"bestemming": "SO"})


def test_without_a_parents_signature_the_request_goes_only_with_the_reason_recorded(bij_tb, ib, ouder, directeur):
    tlv.compleet_dossier(bij_tb, ib=ib, ouder=ouder, directeur=directeur, ouder_tekent=False)
    with pytest.raises(services.Geweigerd, match="ouder met gezag"):
        services.tlv_versturen(vraag=bij_tb, door=ib, reden_zonder_ouder="   ")
    stap = services.tlv_versturen(vraag=bij_tb, door=ib, reden_zonder_ouder="Ouders zijn het niet eens.")
    verwijzing = Verwijzing.objects.get(vraag=bij_tb)
    assert verwijzing.reden_zonder_ouder == "Ouders zijn het niet eens."
    assert stap.reden_niet_betrokken == "Ouders zijn het niet eens."


def test_the_directeurs_signature_cannot_be_replaced_by_a_reason(bij_tb, ib, ouder, directeur):
    tlv.gedeeld_opp(bij_tb, ib=ib, ouder=ouder)
    services.tlv_aanvraag_opslaan(vraag=bij_tb, door=ib, gegevens=tlv.AANVRAAG)
    _tekenen(bij_tb, ouder)
    with pytest.raises(services.Geweigerd, match="directeur"):
        services.tlv_versturen(vraag=bij_tb, door=ib, reden_zonder_ouder="n.v.t.")


def test_a_request_needs_the_parents_consent_for_the_samenwerkingsverband(bij_tb, ib, ouder):
    toestemming = bij_tb.toestemmingen.get(soort="delen_swv", ingetrokken_op__isnull=True)
    services.toestemming_intrekken(toestemming=toestemming, door=ouder)
    with pytest.raises(services.Geweigerd, match="toestemming"):
        services.tlv_aanvraag_opslaan(vraag=bij_tb, door=ib, gegevens=tlv.AANVRAAG)


# --- signatures -------------------------------------------------------------------------------------------------


def test_a_signature_freezes_the_content_its_sha256_who_when_and_how(bij_tb, ib, ouder, directeur):
    verwijzing = tlv.compleet_dossier(bij_tb, ib=ib, ouder=ouder, directeur=directeur)
    handtekening = verwijzing.ondertekeningen.get(ondertekenaar=ouder)
    canoniek = json.dumps(verwijzing.inhoud(), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    assert handtekening.inhoud_hash == hashlib.sha256(canoniek.encode()).hexdigest()
    assert handtekening.inhoud == verwijzing.inhoud()
    assert handtekening.inhoud["opp_versie"] == 1 and handtekening.inhoud["soort"] == "B"
    assert handtekening.rol == "ouder" and handtekening.wijze == OndertekeningWijze.WACHTWOORD
    assert handtekening.moment is not None and handtekening.vastgelegd_door == ouder


def test_changing_the_request_after_a_signature_needs_a_new_signature(bij_tb, ib, ouder, directeur):
    verwijzing = tlv.compleet_dossier(bij_tb, ib=ib, ouder=ouder, directeur=directeur)
    oude_hash = verwijzing.inhoud_hash()
    services.tlv_aanvraag_opslaan(vraag=bij_tb, door=ib, gegevens={"bestemming": "SO De Ring, Hoorn"})
    verwijzing = Verwijzing.objects.get(vraag=bij_tb)
    assert verwijzing.versie == 2 and verwijzing.inhoud_hash() != oude_hash
    assert verwijzing.geldige_ondertekeningen() == []
    assert {"handtekening_ouder", "handtekening_directeur"} <= _ontbreekt(verwijzing)
    with pytest.raises(services.Geweigerd):
        services.tlv_versturen(vraag=bij_tb, door=ib)
    assert verwijzing.ondertekeningen.count() == 2  # the old signatures stay, on version 1
    _tekenen(bij_tb, directeur)
    _tekenen(bij_tb, ouder)
    services.tlv_versturen(vraag=bij_tb, door=ib)


def test_saving_the_same_content_again_keeps_the_version_and_its_signatures(bij_tb, ib, ouder, directeur):
    tlv.compleet_dossier(bij_tb, ib=ib, ouder=ouder, directeur=directeur)
    services.tlv_aanvraag_opslaan(vraag=bij_tb, door=ib, gegevens=tlv.AANVRAAG)
    verwijzing = Verwijzing.objects.get(vraag=bij_tb)
    assert verwijzing.versie == 1 and len(verwijzing.geldige_ondertekeningen()) == 2


def test_a_parent_without_gezag_cannot_sign(bij_tb, ib, ouder, leerling):
    zonder_gezag = OuderFactory(leerling=leerling, gezag=False).user
    services.tlv_aanvraag_opslaan(vraag=bij_tb, door=ib, gegevens=tlv.AANVRAAG)
    with pytest.raises(services.Geweigerd, match="gezag"):
        _tekenen(bij_tb, zonder_gezag)
    assert not TlvOndertekening.objects.exists()


def test_the_ib_and_the_teacher_cannot_sign_only_the_directeur_and_parents(bij_tb, ib, leerkracht):
    services.tlv_aanvraag_opslaan(vraag=bij_tb, door=ib, gegevens=tlv.AANVRAAG)
    for wie in (ib, leerkracht):
        with pytest.raises(services.Geweigerd):
            _tekenen(bij_tb, wie)


def test_signing_needs_the_right_password_and_the_version_the_signer_read(bij_tb, ib, directeur):
    services.tlv_aanvraag_opslaan(vraag=bij_tb, door=ib, gegevens=tlv.AANVRAAG)
    verwijzing = Verwijzing.objects.get(vraag=bij_tb)
    with pytest.raises(services.Geweigerd, match="wachtwoord"):
        services.tlv_ondertekenen(
            vraag=bij_tb, door=directeur, wachtwoord="fout", inhoud_hash=verwijzing.inhoud_hash()
        )
    gelezen = verwijzing.inhoud_hash()
    services.tlv_aanvraag_opslaan(vraag=bij_tb, door=ib, gegevens={"advies_1": "Nieuw advies."})
    with pytest.raises(services.Geweigerd, match="veranderd"):
        services.tlv_ondertekenen(vraag=bij_tb, door=directeur, wachtwoord=tlv.WACHTWOORD, inhoud_hash=gelezen)


def test_a_paper_signature_is_recorded_by_the_ib_with_the_scanned_form(bij_tb, ib, ouder):
    services.tlv_aanvraag_opslaan(vraag=bij_tb, door=ib, gegevens=tlv.AANVRAAG)
    handtekening = services.tlv_papier_ondertekening(
        vraag=bij_tb, door=ib, ondertekenaar=ouder, bestand=SimpleUploadedFile("getekend.pdf", PDF)
    )
    assert handtekening.wijze == OndertekeningWijze.PAPIER and handtekening.vastgelegd_door == ib
    assert handtekening.ondertekenaar == ouder
    assert Bijlage.objects.get(pk=handtekening.bijlage_id).vraag == bij_tb


def test_a_signature_is_never_changed_or_deleted(bij_tb, ib, ouder, directeur):
    verwijzing = tlv.compleet_dossier(bij_tb, ib=ib, ouder=ouder, directeur=directeur)
    handtekening = verwijzing.ondertekeningen.first()
    handtekening.inhoud_hash = "0" * 64
    with pytest.raises(AppendOnlyError):
        handtekening.save()
    with pytest.raises(AppendOnlyError):
        handtekening.delete()


# --- kinds, decision and validity -------------------------------------------------------------------------------


def test_a_tlv_a_needs_a_chosen_end_of_at_most_two_years(bij_tb, ib):
    with pytest.raises(ValidationError, match="einde|Kies"):
        services.tlv_aanvraag_opslaan(vraag=bij_tb, door=ib, gegevens={**tlv.AANVRAAG, "soort": "A"})
    te_laat = timezone.localdate() + datetime.timedelta(days=2 * 365 + 30)
    with pytest.raises(ValidationError, match="twee jaar"):
        services.tlv_aanvraag_opslaan(
            vraag=bij_tb, door=ib, gegevens={**tlv.AANVRAAG, "soort": "A", "gekozen_einde": te_laat}
        )
    einde = timezone.localdate() + datetime.timedelta(days=400)
    services.tlv_aanvraag_opslaan(
        vraag=bij_tb, door=ib, gegevens={**tlv.AANVRAAG, "soort": "A", "gekozen_einde": einde}
    )
    assert Verwijzing.objects.get(vraag=bij_tb).gekozen_einde == einde


def _besluit(vraag, tb, **extra):
    services.tlv_besluit_vastleggen(
        vraag=vraag,
        door=tb,
        besluit=TlvBesluit.TOEGEKEND,
        besluit_op=datetime.date(2026, 11, 2),
        toelichting="Toegekend.",
        **extra,
    )
    return Verwijzing.objects.get(vraag=vraag)


def test_a_tlv_c_has_no_end_date(bij_tb, ib, ouder, directeur, trajectbegeleider):
    tlv.verstuurd(bij_tb, ib=ib, ouder=ouder, directeur=directeur, gegevens={"soort": "C"})
    verwijzing = _besluit(bij_tb, trajectbegeleider, geldig_tot=datetime.date(2030, 7, 31))
    assert verwijzing.geldig_tot is None


def test_a_tlv_b_is_valid_three_years_and_a_tlv_a_until_the_chosen_end(
    bij_tb, vraag, ib, ouder, directeur, trajectbegeleider
):
    tlv.verstuurd(bij_tb, ib=ib, ouder=ouder, directeur=directeur)
    assert _besluit(bij_tb, trajectbegeleider).geldig_tot == datetime.date(2029, 11, 2)


def test_a_tlv_a_is_valid_until_the_chosen_end(bij_tb, ib, ouder, directeur, trajectbegeleider):
    einde = timezone.localdate() + datetime.timedelta(days=300)
    tlv.verstuurd(bij_tb, ib=ib, ouder=ouder, directeur=directeur, gegevens={"soort": "A", "gekozen_einde": einde})
    assert _besluit(bij_tb, trajectbegeleider).geldig_tot == einde


# --- the pages --------------------------------------------------------------------------------------------------


def _url(vraag, naam="tlv"):
    return reverse(f"ondersteuning:{naam}", args=[vraag.pk])


def test_the_dossier_page_shows_what_is_present_and_missing(client_for, bij_tb, ib):
    services.tlv_aanvraag_opslaan(vraag=bij_tb, door=ib, gegevens={"soort": "C", "bestemming": "SO De Ring"})
    response = client_for(ib).get(_url(bij_tb))
    assert response.status_code == 200
    tekst = response.content.decode()
    assert "ontbreekt" in tekst and "Eerste deskundigenadvies" in tekst
    assert "ernstige meervoudige beperkingen" in tekst  # the explanation of the chosen kind
    assert Verwijzing.objects.get(vraag=bij_tb).inhoud_hash() in tekst


def test_the_dossier_page_access(client_for, client, bij_tb, ib, ouder, ouder2, leerkracht, trajectbegeleider):
    services.tlv_aanvraag_opslaan(vraag=bij_tb, door=ib, gegevens=tlv.AANVRAAG)
    assert client_for(ouder).get(_url(bij_tb)).status_code == 200
    assert client_for(trajectbegeleider).get(_url(bij_tb)).status_code == 200
    assert client_for(ouder2).get(_url(bij_tb)).status_code == 404
    assert client_for(leerkracht).get(_url(bij_tb)).status_code == 403
    assert client.get(_url(bij_tb)).status_code == 302
    assert client_for(ib).post(_url(bij_tb)).status_code == 405
    # Read-only: the trajectbegeleider reads the dossier but does not send it or record signatures.
    assert client_for(trajectbegeleider).post(_url(bij_tb, "tlv_versturen")).status_code == 403
    assert client_for(ouder).post(_url(bij_tb, "tlv_papier")).status_code == 403
    assert client_for(ouder2).post(_url(bij_tb, "tlv_ondertekenen")).status_code == 404


def test_a_parent_signs_in_the_portal_with_the_password(client_for, bij_tb, ib, ouder):
    services.tlv_aanvraag_opslaan(vraag=bij_tb, door=ib, gegevens=tlv.AANVRAAG)
    hash_ = Verwijzing.objects.get(vraag=bij_tb).inhoud_hash()
    client = client_for(ouder)
    fout = client.post(
        _url(bij_tb, "tlv_ondertekenen"), {"inhoud_hash": hash_, "akkoord": "on", "wachtwoord": "verkeerd"}
    )
    assert fout.status_code == 200 and "wachtwoord klopt niet" in fout.content.decode()
    assert not TlvOndertekening.objects.exists()
    goed = client.post(
        _url(bij_tb, "tlv_ondertekenen"), {"inhoud_hash": hash_, "akkoord": "on", "wachtwoord": tlv.WACHTWOORD}
    )
    assert goed.status_code == 302
    handtekening = TlvOndertekening.objects.get()
    assert handtekening.ondertekenaar == ouder and handtekening.inhoud_hash == hash_


def test_the_ib_records_a_paper_signature_and_sends_the_request_on_the_page(client_for, bij_tb, ib, ouder, directeur):
    tlv.compleet_dossier(bij_tb, ib=ib, ouder=ouder, directeur=directeur, ouder_tekent=False)
    client = client_for(ib)
    response = client.post(
        _url(bij_tb, "tlv_papier"), {"ondertekenaar": ouder.pk, "bestand": SimpleUploadedFile("scan.pdf", PDF)}
    )
    assert response.status_code == 302
    assert TlvOndertekening.objects.get(ondertekenaar=ouder).wijze == OndertekeningWijze.PAPIER
    assert client.post(_url(bij_tb, "tlv_versturen"), {}).status_code == 302
    bij_tb.refresh_from_db()
    assert bij_tb.status == Status.VERWIJZING
    assert Stap.objects.filter(vraag=bij_tb, soort=StapSoort.VERWIJZING).count() == 1


def test_sending_an_incomplete_request_on_the_page_shows_what_is_missing(client_for, bij_tb, ib):
    services.tlv_aanvraag_opslaan(vraag=bij_tb, door=ib, gegevens=tlv.AANVRAAG)
    response = client_for(ib).post(_url(bij_tb, "tlv_versturen"), {"reden_zonder_ouder": "Ouders weigeren."})
    assert response.status_code == 200
    tekst = response.content.decode()
    assert "nog niet compleet" in tekst and "Ouders weigeren." in tekst  # nothing typed is lost


def test_the_request_form_is_the_verwijzing_action_and_never_asks_for_a_bsn(client_for, bij_tb, ib):
    response = client_for(ib).get(reverse("ondersteuning:actie", args=[bij_tb.pk, "verwijzing"]))
    assert response.status_code == 200
    tekst = response.content.decode().lower()
    assert "burgerservicenummer" not in tekst and "bsn" not in tekst and "identiteitsbewijs" not in tekst
    einde = (timezone.localdate() + datetime.timedelta(days=200)).isoformat()
    response = client_for(ib).post(
        reverse("ondersteuning:actie", args=[bij_tb.pk, "verwijzing"]),
        {**tlv.AANVRAAG, "soort": "A", "gekozen_einde": einde},
    )
    assert response.status_code == 302
    assert Verwijzing.objects.get(vraag=bij_tb).soort == "A"


# --- the handover print and PDF ---------------------------------------------------------------------------------


def test_the_print_shows_the_signatures_and_the_hash_of_the_signed_version(client_for, bij_tb, ib, ouder, directeur):
    verwijzing = tlv.compleet_dossier(bij_tb, ib=ib, ouder=ouder, directeur=directeur, ouder_tekent=False)
    services.tlv_versturen(vraag=bij_tb, door=ib, reden_zonder_ouder="Ouders tekenen niet.")
    tekst = client_for(ib).get(reverse("ondersteuning:afdrukken", args=[bij_tb.pk])).content.decode()
    assert verwijzing.inhoud_hash() in tekst
    assert f"{directeur.get_full_name()} (Directeur)" in tekst
    assert "Ouders tekenen niet." in tekst


def test_the_pdf_shows_who_signed_and_the_hash(client_for, bij_tb, ib, ouder, directeur):
    pytest.importorskip("weasyprint")
    import io

    from pypdf import PdfReader

    from ondersteuning import afdruk

    try:
        afdruk._weasyprint()
    except afdruk.PdfNietBeschikbaar:
        pytest.skip("WeasyPrint's system libraries are missing")
    verwijzing = tlv.verstuurd(bij_tb, ib=ib, ouder=ouder, directeur=directeur)
    response = client_for(ib).get(reverse("ondersteuning:pdf", args=[bij_tb.pk]))
    tekst = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages).replace("\n", "")
    assert verwijzing.inhoud_hash()[:32] in tekst.replace(" ", "")
    assert ouder.get_full_name() in tekst


# --- the experts' advices and the parents' own view -------------------------------------------------------------


def test_the_trajectbegeleider_writes_and_signs_an_advice_and_the_dossier_says_so(
    client_for, bij_tb, ib, trajectbegeleider
):
    services.tlv_aanvraag_opslaan(vraag=bij_tb, door=ib, gegevens={"soort": "B", "bestemming": "SBO"})
    client = client_for(trajectbegeleider)
    response = client.post(
        _url(bij_tb, "tlv_advies"),
        {"nummer": "2", "functie": "trajectbegeleider", "tekst": "SBO is passend.", "wachtwoord": tlv.WACHTWOORD},
    )
    assert response.status_code == 302
    verwijzing = Verwijzing.objects.get(vraag=bij_tb)
    assert verwijzing.advies_2 == "SBO is passend." and verwijzing.advies_2_door == trajectbegeleider
    assert verwijzing.advies_2_op is not None and "trajectbegeleider" in verwijzing.deskundige_2
    assert "Geschreven en ondertekend door de deskundige" in client.get(_url(bij_tb)).content.decode()


def test_an_advice_typed_in_by_the_ib_is_marked_as_from_paper(client_for, bij_tb, ib, trajectbegeleider):
    services.tlv_aanvraag_opslaan(vraag=bij_tb, door=ib, gegevens={"soort": "B", "bestemming": "SBO"})
    services.tlv_advies_schrijven(
        vraag=bij_tb, door=trajectbegeleider, nummer=1, functie="", tekst="Eigen advies.", wachtwoord=tlv.WACHTWOORD
    )
    services.tlv_aanvraag_opslaan(vraag=bij_tb, door=ib, gegevens={"advies_1": "Door de IB overgetypt."})
    verwijzing = Verwijzing.objects.get(vraag=bij_tb)
    assert verwijzing.advies_1_door is None
    assert "Overgenomen van papier door de school." in client_for(ib).get(_url(bij_tb)).content.decode()


def test_an_ot_member_writes_an_advice_only_while_the_consent_stands(bij_tb, ib, ouder, ot_lid):
    overleg = services.overleg_plannen(
        vraag=bij_tb, door=ib, datum=timezone.now() + datetime.timedelta(days=2), agenda="TLV", deelnemers=[ot_lid]
    )
    assert overleg
    services.tlv_aanvraag_opslaan(vraag=bij_tb, door=ib, gegevens={"soort": "B", "bestemming": "SBO"})
    services.tlv_advies_schrijven(
        vraag=bij_tb, door=ot_lid, nummer=1, functie="", tekst="Advies OT.", wachtwoord=tlv.WACHTWOORD
    )
    toestemming = bij_tb.toestemmingen.get(soort="delen_ot", ingetrokken_op__isnull=True)
    services.toestemming_intrekken(toestemming=toestemming, door=ouder)
    with pytest.raises(services.Geweigerd, match="niet \\(meer\\) bij"):
        services.tlv_advies_schrijven(
            vraag=bij_tb, door=ot_lid, nummer=1, functie="", tekst="Nog een advies.", wachtwoord=tlv.WACHTWOORD
        )


def test_the_parents_write_their_view_as_a_draft_then_submit_it(client_for, bij_tb, ib, ouder, directeur):
    services.tlv_aanvraag_opslaan(vraag=bij_tb, door=ib, gegevens={"soort": "B", "bestemming": "SBO"})
    client = client_for(ouder)
    client.post(_url(bij_tb, "tlv_zienswijze"), {"tekst": "Wij twijfelen nog.", "concept": ""})
    verwijzing = Verwijzing.objects.get(vraag=bij_tb)
    assert verwijzing.zienswijze_concept == "Wij twijfelen nog." and verwijzing.zienswijze_ouders == ""
    assert "Wij twijfelen nog." not in client_for(ib).get(_url(bij_tb)).content.decode()
    assert "Wij twijfelen nog." in client.get(_url(bij_tb)).content.decode()
    client.post(_url(bij_tb, "tlv_zienswijze"), {"tekst": "Wij steunen de overstap.", "indienen": ""})
    verwijzing = Verwijzing.objects.get(vraag=bij_tb)
    assert verwijzing.zienswijze_ouders == "Wij steunen de overstap." and verwijzing.zienswijze_door == ouder
    assert "Geschreven door" in client_for(ib).get(_url(bij_tb)).content.decode()


def test_the_view_recorded_by_the_ib_is_marked_as_recorded_by_the_school(client_for, bij_tb, ib, ouder):
    services.tlv_aanvraag_opslaan(vraag=bij_tb, door=ib, gegevens=tlv.AANVRAAG)
    assert "Vastgelegd door de school" in client_for(ouder).get(_url(bij_tb)).content.decode()


def test_the_parents_submitting_their_view_after_signatures_makes_a_new_version(bij_tb, ib, ouder, directeur):
    tlv.compleet_dossier(bij_tb, ib=ib, ouder=ouder, directeur=directeur)
    services.tlv_zienswijze_opslaan(vraag=bij_tb, door=ouder, tekst="Toch liever niet.", indienen=True)
    verwijzing = Verwijzing.objects.get(vraag=bij_tb)
    assert verwijzing.versie == 2 and verwijzing.geldige_ondertekeningen() == []


def test_the_dossier_shows_parents_the_objection_window_after_the_decision(
    client_for, bij_tb, ib, ouder, directeur, trajectbegeleider
):
    tlv.verstuurd(bij_tb, ib=ib, ouder=ouder, directeur=directeur, gegevens={"soort": "C"})
    _besluit(bij_tb, trajectbegeleider)
    tekst = client_for(ouder).get(_url(bij_tb)).content.decode()
    assert "Bezwaar mogelijk tot en met" in tekst and "14 december 2026" in tekst
    assert "zonder einddatum" in tekst


def test_the_parents_case_page_shows_the_decision_and_the_objection_window(
    client_for, bij_tb, ib, ouder, directeur, trajectbegeleider
):
    tlv.verstuurd(bij_tb, ib=ib, ouder=ouder, directeur=directeur)
    _besluit(bij_tb, trajectbegeleider)
    tekst = client_for(ouder).get(reverse("ouders:vraag", args=[bij_tb.pk])).content.decode()
    assert "bezwaar maken bij het samenwerkingsverband" in tekst and "14 december 2026" in tekst
    assert "geldig tot 2 november 2029" in tekst


def test_a_parent_reading_in_english_sees_the_dossier_in_english(client_for, bij_tb, ib, ouder):
    ouder.taal = "en"
    ouder.save(update_fields=["taal"])
    services.tlv_aanvraag_opslaan(vraag=bij_tb, door=ib, gegevens={**tlv.AANVRAAG, "soort": "C"})
    tekst = client_for(ouder).get(_url(bij_tb)).content.decode()
    assert "What the request holds" in tekst and "Sign this version" in tekst
    assert "severe multiple disabilities" in tekst
    assert "Your view" in tekst


def test_signatures_cannot_be_changed_in_bulk_either(bij_tb, ib, ouder, directeur):
    tlv.compleet_dossier(bij_tb, ib=ib, ouder=ouder, directeur=directeur)
    with pytest.raises(AppendOnlyError):
        TlvOndertekening.objects.update(inhoud_hash="0" * 64)
    with pytest.raises(AppendOnlyError):
        TlvOndertekening.objects.all().delete()
    assert TlvOndertekening.objects.count() == 2


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only")
def test_raw_sql_cannot_rewrite_a_signature_on_postgres(bij_tb, ib, ouder, directeur):
    tlv.compleet_dossier(bij_tb, ib=ib, ouder=ouder, directeur=directeur)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE ondersteuning_tlvondertekening SET inhoud_hash = 'x'")


def test_the_case_page_says_a_request_in_preparation_is_not_sent_yet_and_links_the_dossier(client_for, bij_tb, ib):
    services.tlv_aanvraag_opslaan(vraag=bij_tb, door=ib, gegevens=tlv.AANVRAAG)
    tekst = client_for(ib).get(bij_tb.get_absolute_url()).content.decode()
    assert "Nog niet verstuurd naar het samenwerkingsverband." in tekst
    assert _url(bij_tb) in tekst
