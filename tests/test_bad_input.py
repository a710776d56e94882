"""Bad input on every form and the upload (hypothesis): very long text, control characters and NUL bytes, HTML and
script, wrong types, oversized and disguised files. No request may end in a server error, and whatever is stored
and shown again must be escaped.

Each example runs in a transaction that is rolled back, so examples do not change each other's starting point.
The example counts are kept small for the CI budget; `HYPOTHESIS_PROFILE=grondig` runs many more.
"""

import datetime
import os
from contextlib import contextmanager, suppress

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from klimop.profiel.models import Ondersteuningsprofiel
from klimop.profiel.tests.factories import OnderdeelFactory, ProfielFactory, gepubliceerd_profiel
from ondersteuning import services
from ondersteuning.models import Ondersteuningsvraag, Verwijzing
from ondersteuning.views import ACTIES

settings.register_profile(
    "ci", max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
settings.register_profile(
    "grondig", max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

SCRIPT = "<script>alert('klimop')</script>"
AANVALLEN = [
    SCRIPT,
    '"><img src=x onerror=alert(1)>',
    "<svg/onload=alert(1)>",
    "javascript:alert(1)",
    "{{ request.user.password }}{% debug %}",
    "' OR 1=1 --",
    "\x00",
    "a\x00b",
    "\x1b[31m\x07\x08\r\n\t",
    "\u202e\u200b\ufeff",
    "💥" * 50,
    "-1",
    "0",
    "99999999999999999999999",
    "1e309",
    "NaN",
    "2026-02-30",
    "31-13-2026",
    "9999-12-31",
    "../../etc/passwd",
    "%s%(x)s{0}",
    "",
    " ",
]
# Strings that must never reach a page unescaped.
ONVEILIG = ("<script>alert(", "<img src=x onerror", "<svg/onload")

tekst = st.one_of(
    st.sampled_from(AANVALLEN),
    st.text(max_size=40),
    st.text(alphabet=st.characters(max_codepoint=0x1F), max_size=20),  # control characters, NUL included
    st.integers(min_value=1_000, max_value=120_000).map(lambda n: "x" * n),  # very long
    st.lists(st.sampled_from(AANVALLEN), max_size=3).map(" ".join),
)
# A field may also arrive several times (a list where one value is expected) or not at all.
waarde = st.one_of(tekst, tekst, st.lists(tekst, min_size=2, max_size=3))


def velden(*namen, **vast):
    """A POST/GET body: every field either missing or bad; `vast` gives fields a fixed or own strategy."""
    return st.fixed_dictionaries(
        {**{naam: st.just(v) if not isinstance(v, st.SearchStrategy) else v for naam, v in vast.items()}},
        optional=dict.fromkeys(namen, waarde),
    )


@contextmanager
def teruggedraaid():
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def geen_fout_en_veilig(response, *extra_paginas):
    assert response.status_code < 500, response.status_code
    for pagina in (response, *extra_paginas):
        if pagina.get("Content-Type", "").startswith("text/html"):
            inhoud = pagina.content.decode()
            for onveilig in ONVEILIG:
                assert onveilig not in inhoud, f"unescaped {onveilig!r} in {pagina.wsgi_request.path}"


def _pk_of_bad(pk):
    return st.one_of(st.just(str(pk)), tekst)


def _datum(dagen: int) -> str:
    return (timezone.localdate() + datetime.timedelta(days=dagen)).isoformat()


@pytest.fixture
def zaak(ib, ouder, ot_lid, trajectbegeleider, vraag):
    """`vraag` with the OT and the trajectbegeleider involved, a meeting to record and consent to withdraw."""
    services.oppakken(vraag=vraag, door=ib)
    for soort in ("aanmelden_ot", "delen_ot", "delen_swv"):
        services.toestemming_geven(vraag=vraag, soort=soort, ouder=ouder)
    services.naar_ondersteuningsteam(vraag=vraag, door=ib, toelichting="Meer nodig.")
    services.overleg_plannen(vraag=vraag, door=ib, datum=timezone.now() + datetime.timedelta(days=3), agenda="Lezen")
    services.openen_voor_trajectbegeleider(vraag=vraag, door=ib, trajectbegeleider=trajectbegeleider, toelichting="?")
    return vraag


# --- support requests ---------------------------------------------------------------------------

VRAAGVELDEN = (
    "hulpvraag",
    "sterke_kanten",
    "geprobeerd",
    "geprobeerd_toelichting",
    "ouders_geinformeerd_op",
    "ouders_geinformeerd_hoe",
    "urgentie",
    "indienen",
)


@pytest.mark.django_db
@given(data=st.data())
def test_the_support_request_form_survives_bad_input_and_escapes_what_it_stores(
    client_for, leerkracht, leerling, data
):
    client = client_for(leerkracht)
    body = data.draw(velden(*VRAAGVELDEN, leerling=_pk_of_bad(leerling.pk)))
    with teruggedraaid():
        response = client.post(reverse("ondersteuning:nieuw"), body)
        paginas = [client.get(v.get_absolute_url()) for v in Ondersteuningsvraag.objects.all()]
        geen_fout_en_veilig(response, *paginas)


@pytest.mark.django_db
@given(data=st.data())
def test_the_field_check_of_the_request_form_survives_bad_input(client_for, leerkracht, leerling, data):
    veld = st.one_of(st.sampled_from(VRAAGVELDEN + ("leerling",)), tekst)
    body = data.draw(velden(*VRAAGVELDEN, _veld=veld, leerling=_pk_of_bad(leerling.pk)))
    with teruggedraaid():
        response = client_for(leerkracht).post(reverse("ondersteuning:valideer"), body, headers={"HX-Request": "true"})
        geen_fout_en_veilig(response)


@pytest.mark.django_db
@given(data=st.data())
def test_the_edit_page_of_a_concept_survives_bad_input(client_for, leerkracht, leerling, data):
    from ondersteuning.tests.factories import VraagFactory

    concept = VraagFactory(leerling=leerling, ingediend_door=leerkracht)
    client = client_for(leerkracht)
    body = data.draw(velden(*VRAAGVELDEN, leerling=_pk_of_bad(leerling.pk)))
    with teruggedraaid():
        response = client.post(reverse("ondersteuning:bewerken", args=[concept.pk]), body)
        geen_fout_en_veilig(response, client.get(concept.get_absolute_url()))


ACTIEVELDEN = {
    "tekst",
    "afspraken",
    "evaluatiedatum",
    "ouders_aanwezig",
    "reden_afwezig",
    "datum",
    "agenda",
    "deelnemers",
    "overleg",
    "verslag",
    "verslag_delen",
    "trajectbegeleider",
    "toelichting",
    "omschrijving",
    "bevindingen",
    "soort",
    "bestemming",
    "deskundige_1",
    "advies_1",
    "deskundige_2",
    "advies_2",
    "zienswijze_ouders",
    "besluit",
    "besluit_op",
    "geldig_tot",
    "observatie",
    "delen_met_ouders",
    "ouder",
    "gegeven_op",
    "toestemming",
}


@pytest.mark.django_db
@pytest.mark.parametrize("naam", sorted(ACTIES))
@settings(max_examples=6)
@given(data=st.data())
def test_every_case_action_survives_bad_input_and_escapes_what_it_stores(
    client_for, ib, trajectbegeleider, zaak, naam, data
):
    """Through the page when the action is open in this state, else through its form and service directly."""
    gebruiker = trajectbegeleider if naam == "advies" else ib
    client = client_for(gebruiker)
    geldig = {"evaluatiedatum": _datum(30), "datum": _datum(5) + "T10:00", "besluit_op": _datum(-1)}
    body = data.draw(
        velden(*(ACTIEVELDEN - set(geldig)), **{k: st.one_of(st.just(v), tekst) for k, v in geldig.items()})
    )
    with teruggedraaid():
        if naam in services.beschikbare_acties(zaak, gebruiker):
            response = client.post(reverse("ondersteuning:actie", args=[zaak.pk, naam]), body)
            assert response.status_code < 500
        else:
            from django.http import QueryDict

            post = QueryDict(mutable=True)
            for sleutel, inhoud in body.items():
                post.setlist(sleutel, inhoud if isinstance(inhoud, list) else [inhoud])
            form = ACTIES[naam].maak_form(zaak, post)
            if form is not None and form.is_valid():
                gegevens = dict(form.cleaned_data)
                if isinstance(getattr(form, "instance", None), Verwijzing):
                    gegevens["_instance"] = form.instance
                with suppress(services.Geweigerd):
                    ACTIES[naam].uitvoeren(zaak, gebruiker, gegevens)
        geen_fout_en_veilig(client.get(zaak.get_absolute_url()), client_for(ib).get(zaak.get_absolute_url()))


@pytest.mark.django_db
@given(data=st.data())
def test_the_queue_filters_survive_bad_input(client_for, ib, zaak, data):
    params = data.draw(velden("q", "status", "groep", "urgentie", "behandelaar", "te_laat", "sorteer", "pagina"))
    with teruggedraaid():
        geen_fout_en_veilig(client_for(ib).get(reverse("ondersteuning:wachtrij"), params))


# --- pupils, the access log, the import -------------------------------------------------------


@pytest.mark.django_db
@given(data=st.data())
def test_the_pupil_list_and_the_access_log_filters_survive_bad_input(client_for, ib, directeur, leerling, data):
    lijst = data.draw(velden("q", "groep", "pagina", "leerling"))
    log = data.draw(velden("q", "leerling", "wie", "rol", "onderwerp", "van", "tot", "pagina"))
    with teruggedraaid():
        geen_fout_en_veilig(client_for(ib).get(reverse("leerlingen:lijst"), lijst))
        geen_fout_en_veilig(client_for(directeur).get(reverse("leerlingen:inzage"), log))
        response = client_for(directeur).get(reverse("leerlingen:inzage_export"), log)
        assert response.status_code < 500


@pytest.mark.django_db
@given(data=st.data())
def test_the_new_request_page_survives_a_bad_pupil_in_the_link(client_for, leerkracht, data):
    with teruggedraaid():
        geen_fout_en_veilig(client_for(leerkracht).get(reverse("ondersteuning:nieuw"), {"leerling": data.draw(tekst)}))


KOPREGEL = "leerlingnummer;voornaam;achternaam;geboortedatum;groep;ingeschreven_op;ouder1_achternaam;ouder1_email"
bestandsnaam = st.one_of(
    st.sampled_from(["leerlingen.csv", "LEERLINGEN.CSV", "export.txt", "virus.exe", "foto.csv.exe", "rapport.pdf"]),
    st.text(max_size=30).map(lambda t: t + ".csv"),
)
csv_rij = st.tuples(tekst, tekst, tekst, st.sampled_from(["12-03-2016", "x", "2016-03-12"]), tekst).map(
    lambda r: f"{r[0][:20]};{r[1][:200]};{r[2][:200]};{r[3]};Groep 5;01-08-2020;{r[4][:200]};ouder@example.test"
)
bestand = st.one_of(
    st.lists(csv_rij, max_size=4).map(lambda rijen: "\n".join([KOPREGEL, *rijen]).encode()),
    st.lists(csv_rij, max_size=2).map(lambda rijen: "\n".join([KOPREGEL, *rijen]).encode("utf-16")),
    st.binary(max_size=2_000),  # anything, e.g. an executable named .csv
    st.sampled_from([b"MZ\x90\x00\x03", b"%PDF-1.7\n", b"\xef\xbb\xbf" + KOPREGEL.encode(), b"", b"\x00" * 10]),
    st.just(b"a;b\n" + b"x" * (2 * 1024 * 1024)),  # over the 2 MB limit
)


@pytest.mark.django_db
@given(naam=bestandsnaam, inhoud=bestand, content_type=st.sampled_from(["text/csv", "application/x-msdownload"]))
def test_the_pupil_import_survives_disguised_oversized_and_malformed_files(
    client_for, directeur, naam, inhoud, content_type
):
    client = client_for(directeur)
    upload = SimpleUploadedFile(naam.replace("\x00", "")[:200] or "x.csv", inhoud, content_type=content_type)
    with teruggedraaid():
        response = client.post(reverse("leerlingen:import"), {"bestand": upload})
        paginas = [client.get(reverse("leerlingen:import_controle"))] if response.status_code == 302 else []
        geen_fout_en_veilig(response, *paginas)


@pytest.mark.django_db
def test_an_oversized_file_is_refused_with_a_message(client_for, directeur):
    upload = SimpleUploadedFile("leerlingen.csv", b"a;b\n" + b"x" * (2 * 1024 * 1024), content_type="text/csv")
    response = client_for(directeur).post(reverse("leerlingen:import"), {"bestand": upload})
    assert response.status_code == 200
    assert "de grens is 2 MB" in response.content.decode()


@pytest.mark.django_db
def test_an_executable_named_csv_is_refused_and_nothing_is_imported(client_for, directeur):
    from leerlingen.models import Leerling

    upload = SimpleUploadedFile("leerlingen.csv", b"MZ\x90\x00\x03\x00\x00\x00", content_type="text/csv")
    response = client_for(directeur).post(reverse("leerlingen:import"), {"bestand": upload})
    assert response.status_code == 200
    assert "Dit is geen CSV-bestand" in response.content.decode()
    assert not Leerling.objects.exists()


# --- the profile editor ------------------------------------------------------------------------


@pytest.mark.django_db
@given(data=st.data())
def test_the_profile_editor_survives_bad_input_and_escapes_what_it_stores(client_for, directeur, data):
    client = client_for(directeur)
    profiel = data.draw(
        velden("titel", "vastgesteld_op", "mr_advies_op", "samenvatting", *Ondersteuningsprofiel.SECTIES)
    )
    item = data.draw(velden("titel", "omschrijving"))
    richting = data.draw(tekst)
    with teruggedraaid():
        gepubliceerd_profiel()
        concept = ProfielFactory()
        onderdeel = OnderdeelFactory(profiel=concept)
        antwoorden = [
            client.post(reverse("profielbeheer:bewerken", args=[concept.pk]), profiel),
            client.post(reverse("profielbeheer:onderdelen", args=[concept.pk]), item),
            client.post(reverse("profielbeheer:onderdeel_bewerken", args=[concept.pk, onderdeel.pk]), item),
            client.post(
                reverse("profielbeheer:onderdeel_verplaatsen", args=[concept.pk, onderdeel.pk]), {"richting": richting}
            ),
            client.post(reverse("profielbeheer:publiceren", args=[concept.pk])),
        ]
        for response in antwoorden:
            assert response.status_code < 500
        paginas = [
            client.get(reverse("profielbeheer:versie", args=[p.pk])) for p in Ondersteuningsprofiel.objects.all()
        ]
        paginas.append(client.get(reverse("profiel:ondersteuningsprofiel")))
        geen_fout_en_veilig(*paginas)
    cache.clear()  # the public page is cached beyond the rolled-back transaction


# --- signing in ------------------------------------------------------------------------------------


@pytest.mark.django_db
@given(data=st.data())
def test_the_sign_in_forms_survive_bad_input(client, client_for, client_with_password_only, leerkracht, ouder, data):
    login = data.draw(velden("username", "password", "next"))
    code = data.draw(velden("code", "herstelcode", "next"))
    wachtwoord = data.draw(velden("old_password", "new_password1", "new_password2"))
    with teruggedraaid():
        geen_fout_en_veilig(client.post(reverse("accounts:login"), login))
        geen_fout_en_veilig(client.post(reverse("accounts:password_reset"), {"email": data.draw(waarde)}))
        geen_fout_en_veilig(client_with_password_only(ouder).post(reverse("accounts:two_factor_enrol"), code))
        from klimop.accounts.tests.factories import totp_device_for

        totp_device_for(leerkracht)
        geen_fout_en_veilig(client_with_password_only(leerkracht).post(reverse("accounts:two_factor_verify"), code))
        geen_fout_en_veilig(client_for(ouder).post(reverse("accounts:password_change"), wachtwoord))


@pytest.mark.django_db
def test_a_huge_id_for_what_was_tried_is_a_form_error_not_a_server_error(client_for, leerkracht, leerling):
    """Found by the property test above: SQLite raised OverflowError on the edit page."""
    from klimop.profiel.models import Basisondersteuningsonderdeel, Ondersteuningsprofiel
    from ondersteuning.tests.factories import VraagFactory

    # The checklist only appears when a profile is published.
    profiel = Ondersteuningsprofiel.objects.create(status="gepubliceerd", vastgesteld_op=datetime.date(2025, 3, 1))
    Basisondersteuningsonderdeel.objects.create(profiel=profiel, titel="Dyslexieprotocol")
    concept = VraagFactory(leerling=leerling, ingediend_door=leerkracht)
    response = client_for(leerkracht).post(
        reverse("ondersteuning:bewerken", args=[concept.pk]),
        {"leerling": leerling.pk, "geprobeerd": "99999999999999999999999"},
    )
    assert response.status_code == 200
    assert "99999999999999999999999" in response.context["form"].errors["geprobeerd"][0]


@pytest.mark.django_db
def test_a_profile_set_in_the_year_9999_is_a_form_error_not_a_server_error(client_for, directeur):
    """Found by the property test above: four years after 9999-12-31 is no date."""
    concept = ProfielFactory()
    response = client_for(directeur).post(
        reverse("profielbeheer:bewerken", args=[concept.pk]), {"titel": "Profiel", "vastgesteld_op": "9999-12-31"}
    )
    assert response.status_code == 200
    assert "vóór het jaar 9000" in response.content.decode()
