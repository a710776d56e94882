"""The access log for the plan, documents and the handover print: staff views are logged, nothing else."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from leerlingen.models import Inzage
from ondersteuning import services
from ondersteuning.tests.test_afdruk import heeft_pdf

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def twee_versies(gedeeld, ib):
    """Version 1 shared, version 2 a concept copied from it."""
    return gedeeld, services.concept_versie(vraag=gedeeld.plan.vraag, door=ib)


@pytest.fixture
def document(arrangement, ib):
    return services.bijlage_toevoegen(
        vraag=arrangement, door=ib, bestand=SimpleUploadedFile("verslag.pdf", PDF), omschrijving="Verslag"
    )


def logged(leerling) -> list[tuple[str, int, int]]:
    return list(Inzage.objects.filter(leerling=leerling).values_list("onderwerp", "object_id", "gebruiker_id"))


def plan_pages(vraag, eerste, tweede) -> list[tuple[str, int]]:
    """(url, pk of the version the page shows) for each plan page."""
    return [
        (reverse("ondersteuning:plan", args=[vraag.pk]), tweede.pk),
        (reverse("ondersteuning:plan_versie", args=[vraag.pk, 1]), eerste.pk),
        (reverse("ondersteuning:mijn_plan", args=[vraag.pk, 1]), eerste.pk),
        (reverse("ondersteuning:plan_vergelijken", args=[vraag.pk]), tweede.pk),
        (reverse("ondersteuning:plan_bewerken", args=[vraag.pk]), tweede.pk),
    ]


@pytest.mark.parametrize("rol", ["ib", "leerkracht"])
def test_every_plan_page_logs_the_staff_members_view_of_the_version_it_shows(client_for, cast, twee_versies, rol):
    eerste, tweede = twee_versies
    vraag = eerste.plan.vraag
    user = cast[rol]
    for url, versie_pk in plan_pages(vraag, eerste, tweede):
        voor = Inzage.objects.count()
        assert client_for(user).get(url).status_code == 200, url
        nieuw = Inzage.objects.order_by("-pk")[: Inzage.objects.count() - voor]
        assert [(i.onderwerp, i.object_id, i.gebruiker_id, i.leerling_id) for i in nieuw] == [
            (Inzage.Onderwerp.PLAN, versie_pk, user.pk, vraag.leerling_id)
        ], url


def test_parents_reading_the_plan_are_not_logged(client_for, ouder, twee_versies):
    eerste, _tweede = twee_versies
    vraag = eerste.plan.vraag
    for url in (
        reverse("ondersteuning:plan", args=[vraag.pk]),
        reverse("ondersteuning:plan_versie", args=[vraag.pk, 1]),
        reverse("ondersteuning:mijn_plan", args=[vraag.pk, 1]),
    ):
        assert client_for(ouder).get(url).status_code == 200, url
    assert logged(vraag.leerling) == []


def test_refused_and_hidden_plan_pages_are_not_logged(client_for, leerkracht2, ouder, twee_versies):
    eerste, tweede = twee_versies
    vraag = eerste.plan.vraag
    for url, _versie in plan_pages(vraag, eerste, tweede):
        assert client_for(leerkracht2).get(url).status_code == 404
    # The parent may see the case but not the concept, nor edit: neither 404 nor 403 is a view.
    assert client_for(ouder).get(reverse("ondersteuning:plan_versie", args=[vraag.pk, 2])).status_code == 404
    assert client_for(ouder).get(reverse("ondersteuning:plan_bewerken", args=[vraag.pk])).status_code == 403
    assert logged(vraag.leerling) == []


def test_downloading_a_document_is_logged_for_staff_only(client_for, ib, ouder, leerkracht2, document):
    vraag = document.vraag
    url = reverse("ondersteuning:bijlage", args=[vraag.pk, document.pk])
    assert client_for(leerkracht2).get(url).status_code == 404
    assert client_for(ouder).get(url).status_code == 200
    assert logged(vraag.leerling) == []
    response = client_for(ib).get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert logged(vraag.leerling) == [(Inzage.Onderwerp.DOCUMENT, document.pk, ib.pk)]


def test_a_missing_file_is_not_logged_as_a_view(client_for, ib, document):
    document.bestand.storage.delete(document.bestand.name)
    url = reverse("ondersteuning:bijlage", args=[document.vraag_id, document.pk])
    assert client_for(ib).get(url).status_code == 404
    assert logged(document.vraag.leerling) == []


def test_the_handover_print_is_logged_and_a_refused_one_is_not(client_for, leerkracht, ot_lid, ouder, vraag):
    url = reverse("ondersteuning:afdrukken", args=[vraag.pk])
    assert client_for(ouder).get(url).status_code == 404
    assert logged(vraag.leerling) == []
    assert client_for(leerkracht).get(url).status_code == 200
    assert logged(vraag.leerling) == [(Inzage.Onderwerp.AFDRUK, vraag.pk, leerkracht.pk)]
    assert Inzage.objects.get().get_onderwerp_display() == "Afdruk of PDF van de ondersteuningsvraag"


@heeft_pdf
def test_the_pdf_download_is_logged(client_for, ib, vraag):
    response = client_for(ib).get(reverse("ondersteuning:pdf", args=[vraag.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert logged(vraag.leerling) == [(Inzage.Onderwerp.AFDRUK, vraag.pk, ib.pk)]


def test_no_pdf_means_nothing_was_handed_over_and_nothing_is_logged(client_for, ib, vraag, monkeypatch):
    from ondersteuning import afdruk

    def niet_beschikbaar(html):
        raise afdruk.PdfNietBeschikbaar("no Pango")

    monkeypatch.setattr(afdruk, "html_naar_pdf", niet_beschikbaar)
    assert client_for(ib).get(reverse("ondersteuning:pdf", args=[vraag.pk])).status_code == 503
    assert logged(vraag.leerling) == []
