import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ondersteuning import afdruk, services
from ondersteuning.models import ToestemmingSoort
from ondersteuning.tests import tlv
from ondersteuning.tests.factories import VraagFactory
from tests.antwoorden import inhoud

pytestmark = pytest.mark.django_db


def afdrukken(vraag):
    return reverse("ondersteuning:afdrukken", args=[vraag.pk])


def pdf(vraag):
    return reverse("ondersteuning:pdf", args=[vraag.pk])


def pdf_mogelijk() -> bool:
    try:
        afdruk._weasyprint()
    except afdruk.PdfNietBeschikbaar:
        return False
    return True


heeft_pdf = pytest.mark.skipif(
    not pdf_mogelijk(), reason="WeasyPrint needs Pango: apt-get install libpango-1.0-0 libpangoft2-1.0-0"
)


@pytest.fixture
def dossier(vraag, ib, directeur, leerkracht, ouder, ot_lid, trajectbegeleider):
    """A case with the OT, a meeting with shared minutes, a private note, the trajectbegeleider and a TLV request."""
    services.oppakken(vraag=vraag, door=ib)
    services.toestemming_geven(vraag=vraag, soort=ToestemmingSoort.AANMELDEN_OT, ouder=ouder)
    services.naar_ondersteuningsteam(vraag=vraag, door=ib, toelichting="We willen breder kijken.")
    services.toestemming_geven(vraag=vraag, soort=ToestemmingSoort.DELEN_OT, ouder=ouder)
    overleg = services.overleg_plannen(
        vraag=vraag,
        door=ib,
        datum=timezone.now() - datetime.timedelta(hours=1),
        agenda="1. Beeld van de ouders",
        deelnemers=[leerkracht, ot_lid],
    )
    services.overleg_vastleggen(
        overleg=overleg, door=ib, ouders_aanwezig=True, verslag="Ouders herkennen het beeld van Daan."
    )
    services.observatie_toevoegen(
        vraag=vraag, door=leerkracht, observatie="Werkaantekening alleen voor de school.", delen_met_ouders=False
    )
    onderzoek = services.toestemming_geven(vraag=vraag, soort=ToestemmingSoort.ONDERZOEK, ouder=ouder)
    services.toestemming_intrekken(toestemming=onderzoek, door=ouder)
    services.toestemming_geven(vraag=vraag, soort=ToestemmingSoort.DELEN_SWV, ouder=ouder)
    services.openen_voor_trajectbegeleider(
        vraag=vraag, door=ib, trajectbegeleider=trajectbegeleider, toelichting="Graag advies."
    )
    tlv.verstuurd(vraag, ib=ib, ouder=ouder, directeur=directeur)
    vraag.refresh_from_db()
    return vraag


# --- the print view -------------------------------------------------------------------------


def test_print_view_holds_the_whole_handover(client_for, ib, dossier):
    response = client_for(ib).get(afdrukken(dossier))
    assert response.status_code == 200
    content = response.content.decode()
    leerling = dossier.leerling
    for tekst in (
        "Kindcentrum KlimOp",
        "De Westfriese Knoop",
        "Daan Groot",
        f"{leerling.geboortedatum.day} ",
        str(leerling.geboortedatum.year),
        "Groep 5",
        "Daan leest veel langzamer",  # hulpvraag
        "Daan is een sterke verteller",  # sterke kanten
        "Tijdlijn en betrokkenheid van de ouders",
        "Ondersteuningsvraag ingediend",
        "Aangemeld bij het ondersteuningsteam",
        "Toelaatbaarheidsverklaring aangevraagd",
        "Aanmelden bij het ondersteuningsteam",  # consent
        "ingetrokken op",
        "Ouders herkennen het beeld van Daan.",  # minutes
        "1. Beeld van de ouders",  # agenda
        "SBO De Spinaker, Hoorn",
        "Drs. M. de Boer, orthopedagoog",
        "Ouders steunen de overstap.",
        "De vraag loopt nog; er is nog geen conclusie.",
    ):
        assert tekst in content, tekst
    assert "<strong>Ouders:</strong> aanwezig" in content
    assert "<strong>Ouders:</strong> toestemming" in content


def test_print_view_leaves_out_notes_the_parents_cannot_see(client_for, ib, dossier):
    content = inhoud(client_for(ib).get(afdrukken(dossier)))
    assert "Werkaantekening alleen voor de school." not in content
    assert "Observatie van de leerkracht" not in content


def test_print_view_shows_the_conclusion_of_a_closed_case(client_for, ib, vraag):
    services.oppakken(vraag=vraag, door=ib)
    services.afsluiten(vraag=vraag, door=ib, conclusie="De doelen zijn bereikt.")
    content = client_for(ib).get(afdrukken(vraag)).content.decode()
    assert "De doelen zijn bereikt." in content
    assert "Afgesloten op" in content


def test_print_view_has_no_inline_styles_and_a_print_stylesheet(client_for, ib, dossier):
    content = inhoud(client_for(ib).get(afdrukken(dossier)))
    assert "style=" not in content
    assert "<style" not in content
    assert "css/afdruk.css" in content
    assert reverse("ondersteuning:pdf", args=[dossier.pk]) in content


@pytest.mark.parametrize("rol", ["ib", "directeur", "leerkracht", "trajectbegeleider"])
def test_staff_who_see_the_case_may_print_it(client_for, cast, rol, dossier):
    assert client_for(cast[rol]).get(afdrukken(dossier)).status_code == 200


@pytest.mark.parametrize("rol", ["ouder", "ouder2", "leerkracht2"])
def test_parents_and_outsiders_get_not_found(client_for, cast, rol, dossier):
    assert client_for(cast[rol]).get(afdrukken(dossier)).status_code == 404
    assert client_for(cast[rol]).get(pdf(dossier)).status_code == 404


def test_an_ot_member_who_reads_along_may_not_print(client_for, ot_lid, dossier):
    assert client_for(ot_lid).get(reverse("ondersteuning:detail", args=[dossier.pk])).status_code == 200
    assert client_for(ot_lid).get(afdrukken(dossier)).status_code == 403
    assert client_for(ot_lid).get(pdf(dossier)).status_code == 403


def test_trajectbegeleider_loses_the_print_view_when_consent_is_withdrawn(
    client_for, trajectbegeleider, ouder, dossier
):
    toestemming = dossier.toestemmingen.get(soort=ToestemmingSoort.DELEN_SWV, ingetrokken_op__isnull=True)
    services.toestemming_intrekken(toestemming=toestemming, door=ouder)
    assert client_for(trajectbegeleider).get(afdrukken(dossier)).status_code == 404


def test_a_concept_has_no_handover(client_for, leerkracht, leerling):
    concept = VraagFactory(leerling=leerling, ingediend_door=leerkracht)
    assert client_for(leerkracht).get(afdrukken(concept)).status_code == 404


def test_print_and_pdf_send_anonymous_to_login(client, vraag):
    assert client.get(afdrukken(vraag)).url.startswith(reverse("accounts:login"))
    assert client.get(pdf(vraag)).url.startswith(reverse("accounts:login"))


def test_print_and_pdf_refuse_post(client_for, ib, vraag):
    assert client_for(ib).post(afdrukken(vraag)).status_code == 405
    assert client_for(ib).post(pdf(vraag)).status_code == 405


def test_print_view_query_count_does_not_grow_with_the_timeline(client_for, ib, leerkracht, dossier):
    def tel() -> int:
        client = client_for(ib)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(afdrukken(dossier)).status_code == 200
        return len(queries)

    voor = tel()
    for nummer in range(10):
        services.observatie_toevoegen(
            vraag=dossier, door=leerkracht, observatie=f"Notitie {nummer}", delen_met_ouders=True
        )
    assert tel() == voor


def test_case_page_links_print_and_pdf_for_staff_only(client_for, ib, ouder, ot_lid, dossier):
    detail = reverse("ondersteuning:detail", args=[dossier.pk])
    assert afdrukken(dossier) in inhoud(client_for(ib).get(detail))
    for user in (ouder, ot_lid):
        content = inhoud(client_for(user).get(detail))
        assert afdrukken(dossier) not in content
        assert pdf(dossier) not in content


# --- the PDF --------------------------------------------------------------------------------


@heeft_pdf
def test_pdf_is_a_document_with_the_pupil_and_page_numbers(client_for, ib, dossier):
    from pypdf import PdfReader

    response = client_for(ib).get(pdf(dossier))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="ondersteuningsvraag-{dossier.pk}.pdf"'
    assert response.content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) >= 2
    tekst = "\n".join(page.extract_text() for page in reader.pages)
    assert "Daan Groot" in tekst
    assert "Toelaatbaarheidsverklaring aangevraagd" in tekst
    assert f"Pagina 1 van {len(reader.pages)}" in tekst
    assert "Werkaantekening alleen voor de school." not in tekst
    assert reader.metadata.title.startswith("Ondersteuningsvraag Daan Groot")


@heeft_pdf
def test_pdf_fetches_nothing_from_the_network_or_the_disk(monkeypatch):
    import urllib.request

    geopend = []
    monkeypatch.setattr(urllib.request.OpenerDirector, "open", lambda self, url, *a, **k: geopend.append(url))
    html = '<p>Daan</p><img src="http://voorbeeld.invalid/volg.png"><img src="file:///etc/passwd">'
    assert afdruk.html_naar_pdf(html).startswith(b"%PDF")
    assert geopend == []


def test_pdf_without_its_system_libraries_explains_in_dutch(client_for, ib, dossier, monkeypatch):
    def ontbreekt():
        raise afdruk.PdfNietBeschikbaar("cannot load library 'libpango-1.0-0'")

    monkeypatch.setattr(afdruk, "_weasyprint", ontbreekt)
    response = client_for(ib).get(pdf(dossier))
    assert response.status_code == 503
    content = response.content.decode()
    assert "De PDF kan op deze server niet worden gemaakt" in content
    assert afdrukken(dossier) in content


def test_the_print_view_of_a_demo_case_holds_the_plan_the_parents_responses_and_the_timeline(client_for):
    """Issue 6: the handover of the demo family's case, with its shared plan and the parents' answers."""
    from django.core.management import call_command
    from django.test import override_settings

    from klimop.accounts.models import User
    from ondersteuning.models import Instemming, Ondersteuningsvraag, PlanVersie, Reactie

    with override_settings(DEBUG=True):
        call_command("demo", stdout=io.StringIO())
    vraag = Ondersteuningsvraag.objects.get(leerling__leerlingnummer="KO9001")
    versie = PlanVersie.objects.filter(plan__vraag=vraag, gedeeld_met_ouders_op__isnull=False).latest("nummer")
    ouder_reactie = Reactie.objects.filter(vraag=vraag, auteur__rol="ouder").first()
    instemming = Instemming.objects.filter(versie__plan__vraag=vraag).first()
    content = client_for(User.objects.get(email="ib@klimop.test")).get(afdrukken(vraag)).content.decode()

    assert "Plan (ontwikkelingsperspectief)" in content
    assert f"Versie {versie.nummer}" in content
    assert versie.doelen.first().omschrijving.split("\n")[0][:30] in content
    assert "Reacties en instemming van de ouders" in content
    assert ouder_reactie.tekst.split("\n")[0][:30] in content
    assert ("niet akkoord" if not instemming.akkoord else "akkoord") in content
    assert "Tijdlijn" in content and "Arrangement gestart" in content
