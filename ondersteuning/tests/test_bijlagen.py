"""Documents: type checked by content, a size limit, stored privately and served only to those allowed."""

import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ondersteuning import services
from ondersteuning.models import Bijlage, Ouderbetrokkenheid, Stap, StapSoort

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64


def docx(*, met_document=True) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archief:
        archief.writestr("[Content_Types].xml", "<Types/>")
        if met_document:
            archief.writestr("word/document.xml", "<w:document/>")
        else:
            archief.writestr("payload.js", "alert(1)")
    return buffer.getvalue()


def bestand(naam: str, inhoud: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(naam, inhoud, content_type="application/pdf")


def toevoegen(vraag):
    return reverse("ondersteuning:bijlage_toevoegen", args=[vraag.pk])


def download(bijlage):
    return reverse("ondersteuning:bijlage", args=[bijlage.vraag_id, bijlage.pk])


@pytest.mark.parametrize(
    ("naam", "inhoud", "soort"),
    [("verslag.pdf", PDF, "pdf"), ("foto.png", PNG, "png"), ("foto.jpeg", JPG, "jpg"), ("brief.docx", docx(), "docx")],
)
def test_allowed_types_are_recognised_by_their_content(vraag, ouder, naam, inhoud, soort):
    bijlage = services.bijlage_toevoegen(vraag=vraag, door=ouder, bestand=bestand(naam, inhoud))
    assert bijlage.soort == soort


@pytest.mark.parametrize(
    ("naam", "inhoud"),
    [
        ("rapport.pdf", EXE),
        ("brief.docx", docx(met_document=False)),
        ("pagina.pdf", b"<html><script>alert(1)</script></html>"),
        ("kapot.docx", b"PK\x03\x04 not really a zip"),
    ],
)
def test_disguised_files_are_refused_whatever_their_name(client_for, ouder, vraag, naam, inhoud):
    response = client_for(ouder).post(toevoegen(vraag), {"bestand": bestand(naam, inhoud)})
    assert "Dit soort bestand kan niet." in response.content.decode()
    assert not Bijlage.objects.exists()
    assert not Stap.objects.filter(soort=StapSoort.BIJLAGE).exists()


def test_a_file_over_ten_megabytes_is_refused(client_for, ouder, vraag):
    groot = bestand("scan.pdf", PDF + b"0" * (10 * 1024 * 1024))
    content = client_for(ouder).post(toevoegen(vraag), {"bestand": groot}).content.decode()
    assert "groter dan 10 MB" in content
    assert not Bijlage.objects.exists()


def test_the_name_follows_the_content_and_the_file_is_stored_privately(vraag, ouder, uploads, settings):
    bijlage = services.bijlage_toevoegen(vraag=vraag, door=ouder, bestand=bestand("../../geheim verslag.pdf", PNG))
    assert bijlage.naam == "geheim verslag.png"
    opgeslagen = Path(bijlage.bestand.path)
    assert opgeslagen.is_file() and uploads in opgeslagen.parents
    assert "geheim" not in bijlage.bestand.name and "." not in opgeslagen.name
    assert Path(settings.STATIC_ROOT or settings.BASE_DIR / "static") not in opgeslagen.parents


def test_a_parents_upload_is_a_visible_reaction_step(vraag, ouder):
    services.bijlage_toevoegen(vraag=vraag, door=ouder, bestand=bestand("a.pdf", PDF), zichtbaar_voor_ouders=False)
    stap = Stap.objects.filter(vraag=vraag).last()
    assert (stap.soort, stap.ouderbetrokkenheid, stap.zichtbaar_voor_ouders) == (
        StapSoort.BIJLAGE,
        Ouderbetrokkenheid.REACTIE,
        True,
    )
    assert Bijlage.objects.get().zichtbaar_voor_ouders


def test_staff_can_keep_a_document_from_the_parents(client_for, ib, ouder, vraag):
    client_for(ib).post(toevoegen(vraag), {"bestand": bestand("intern.pdf", PDF), "omschrijving": "Notitie"})
    bijlage = Bijlage.objects.get()
    assert not bijlage.zichtbaar_voor_ouders
    stap = Stap.objects.filter(vraag=vraag).last()
    assert stap.ouderbetrokkenheid == Ouderbetrokkenheid.NIET_BETROKKEN and not stap.zichtbaar_voor_ouders
    assert client_for(ouder).get(download(bijlage)).status_code == 404
    assert client_for(ib).get(download(bijlage)).status_code == 200


@pytest.mark.parametrize("rol", ["ouder", "leerkracht", "ib", "directeur"])
def test_involved_people_download_as_an_attachment_never_inline(client_for, cast, vraag, ouder, rol):
    inhoud = PNG + b"<html><script>alert(1)</script></html>"
    bijlage = services.bijlage_toevoegen(vraag=vraag, door=ouder, bestand=bestand("x.html", inhoud))
    response = client_for(cast[rol]).get(download(bijlage))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="x.png"' in response["Content-Disposition"]
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == inhoud


@pytest.mark.parametrize("rol", ["ouder2", "leerkracht2", "trajectbegeleider", "ot_lid"])
def test_outsiders_get_404_on_upload_and_download(client_for, cast, vraag, ouder, rol):
    bijlage = services.bijlage_toevoegen(vraag=vraag, door=ouder, bestand=bestand("a.pdf", PDF))
    client = client_for(cast[rol])
    assert client.get(download(bijlage)).status_code == 404
    assert client.get(toevoegen(vraag)).status_code == 404
    assert client.post(toevoegen(vraag), {"bestand": bestand("b.pdf", PDF)}).status_code == 404
    assert Bijlage.objects.count() == 1


def test_a_document_of_another_case_is_404_through_this_case(client_for, ouder, ouder2, vraag, andere_leerling):
    from ondersteuning.tests.factories import VraagFactory

    ander = VraagFactory(leerling=andere_leerling)
    services.indienen(vraag=ander, door=ander.ingediend_door)
    bijlage = services.bijlage_toevoegen(vraag=ander, door=ouder2, bestand=bestand("a.pdf", PDF))
    url = reverse("ondersteuning:bijlage", args=[vraag.pk, bijlage.pk])
    assert client_for(ouder).get(url).status_code == 404


def test_upload_and_download_refuse_wrong_methods_and_anonymous(client_for, client, ouder, vraag):
    bijlage = services.bijlage_toevoegen(vraag=vraag, door=ouder, bestand=bestand("a.pdf", PDF))
    assert client_for(ouder).post(download(bijlage)).status_code == 405
    assert client_for(ouder).put(toevoegen(vraag)).status_code == 405
    assert client.get(download(bijlage)).url.startswith(reverse("accounts:login"))


def test_the_parent_page_upload_form_works_without_javascript(client_for, ouder, vraag):
    eigen = reverse("ouders:vraag", args=[vraag.pk])
    response = client_for(ouder).post(toevoegen(vraag), {"bestand": bestand("verslag.pdf", PDF), "next": eigen})
    assert response.url == eigen
    assert "verslag.pdf" in client_for(ouder).get(eigen).content.decode()
