"""The AVG export: one click by the directeur gives a zip with everything about one pupil, and is logged."""

import io
import json
import zipfile

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import InMemoryStorage
from django.db import models
from django.test.utils import isolate_apps
from django.urls import reverse

from leerlingen.dossier import bestanden, dossier, dossiermodellen
from leerlingen.models import Inzage, Leerling
from ondersteuning import services
from ondersteuning.models import Gegevensdeling, Ondersteuningsvraag, Overleg, Stap, Toestemming, Verwijzing
from tests.antwoorden import inhoud

pytestmark = pytest.mark.django_db


def export_url(leerling):
    return reverse("leerlingen:avg_export", args=[leerling.pk])


def _open(response):
    assert response.status_code == 200, response.status_code
    archief = zipfile.ZipFile(io.BytesIO(response.content))
    return archief, json.loads(archief.read("gegevens.json")), archief.read("samenvatting.html").decode()


def test_the_directeur_downloads_the_whole_file_of_one_pupil_as_a_zip(
    client_for, directeur, leerling, volledig_dossier
):
    response = client_for(directeur).post(export_url(leerling))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert f"dossier-{leerling.leerlingnummer}-" in response["Content-Disposition"]
    assert response["Cache-Control"] == "no-store"
    archief, gegevens, html = _open(response)
    assert set(archief.namelist()) == {"samenvatting.html", "gegevens.json"}
    per_model = {}
    for rij in gegevens["rijen"]:
        per_model.setdefault(rij["model"], set()).add(rij["pk"])
    assert per_model["leerlingen.leerling"] == {leerling.pk}
    assert per_model["leerlingen.ouder"] == set(leerling.ouders.values_list("pk", flat=True))
    assert per_model["ondersteuning.ondersteuningsvraag"] == {volledig_dossier.pk}
    assert per_model["ondersteuning.stap"] == set(
        Stap.objects.filter(vraag=volledig_dossier).values_list("pk", flat=True)
    )
    assert len(per_model["ondersteuning.toestemming"]) == Toestemming.objects.count() == 3
    assert per_model["ondersteuning.overleg"] == set(Overleg.objects.values_list("pk", flat=True))
    assert per_model["ondersteuning.verwijzing"] == {volledig_dossier.verwijzing.pk}
    assert len(per_model["ondersteuning.gegevensdeling"]) == Gegevensdeling.objects.count() == 2
    assert per_model["leerlingen.inzage"] == set(Inzage.objects.values_list("pk", flat=True))
    assert "Daan" in html and "Groot" in html
    assert "Toelaatbaarheidsverklaring aangevraagd" in html  # a step, shown with its label
    assert "SBO De Brug" in html


def test_the_export_contains_no_row_of_another_pupil(client_for, directeur, leerling, andere_leerling, ib):
    from ondersteuning.tests.factories import VraagFactory

    ander = VraagFactory(leerling=andere_leerling, hulpvraag="Yusuf zijn eigen hulpvraag")
    services.indienen(vraag=ander, door=ander.ingediend_door)
    _, gegevens, html = _open(client_for(directeur).post(export_url(leerling)))
    assert "Yilmaz" not in json.dumps(gegevens) and "Yilmaz" not in html
    assert ander.pk not in {r["pk"] for r in gegevens["rijen"] if r["model"] == "ondersteuning.ondersteuningsvraag"}


def test_the_export_names_the_people_but_gives_e_mail_only_of_the_pupils_guardians(
    client_for, directeur, leerkracht, ouder, leerling, vraag
):
    _, gegevens, _ = _open(client_for(directeur).post(export_url(leerling)))
    personen = {p["id"]: p for p in gegevens["personen"]}
    assert personen[ouder.pk]["email"] == ouder.email
    assert personen[leerkracht.pk]["naam"] == "Marieke Schouten"
    assert "email" not in personen[leerkracht.pk]


def test_the_export_is_itself_recorded_in_the_access_log(client_for, directeur, leerling):
    client_for(directeur).post(export_url(leerling))
    inzage = Inzage.objects.get(leerling=leerling)
    assert (inzage.gebruiker, inzage.onderwerp) == (directeur, Inzage.Onderwerp.AVG_EXPORT)


def test_the_export_escapes_what_users_typed(client_for, directeur, leerkracht, leerling):
    from ondersteuning.tests.factories import VraagFactory

    VraagFactory(leerling=leerling, ingediend_door=leerkracht, hulpvraag="<script>alert('x')</script>")
    _, gegevens, html = _open(client_for(directeur).post(export_url(leerling)))
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "<script>alert('x')</script>" in json.dumps(gegevens, ensure_ascii=False)


@pytest.mark.parametrize("rol", ["leerkracht", "ib", "trajectbegeleider", "ot_lid", "ouder"])
def test_only_the_directeur_may_export(client_for, cast, rol, leerling):
    assert client_for(cast[rol]).post(export_url(leerling)).status_code == 403
    assert not Inzage.objects.filter(onderwerp=Inzage.Onderwerp.AVG_EXPORT).exists()


def test_the_export_is_a_post_so_a_link_cannot_trigger_it(client_for, directeur, leerling):
    assert client_for(directeur).get(export_url(leerling)).status_code == 405


def test_the_pupil_page_offers_the_export_to_the_directeur_only(client_for, directeur, ib, leerling):
    assert export_url(leerling) in inhoud(client_for(directeur).get(leerling.get_absolute_url()))
    assert export_url(leerling) not in inhoud(client_for(ib).get(leerling.get_absolute_url()))


# --- the file is found through the model relations, so new models are included ---------------


def test_every_model_that_points_at_something_in_the_file_is_part_of_the_file():
    """Any model with a foreign key to a model in the file is in it too: a new related model cannot be forgotten."""
    modellen = dossiermodellen()
    assert {Leerling, Ondersteuningsvraag, Stap, Toestemming, Overleg, Verwijzing, Gegevensdeling, Inzage} <= modellen
    for model in apps.get_models():
        wijst_naar_dossier = any(
            veld.related_model in modellen
            for veld in model._meta.concrete_fields
            if veld.is_relation and (veld.many_to_one or veld.one_to_one)
        )
        if wijst_naar_dossier and not model._meta.auto_created:
            assert model in modellen, f"{model._meta.label} points into the pupil file but is not part of it"


def test_every_row_of_the_pupils_cases_is_collected(leerling, volledig_dossier):
    rijen = dossier(leerling)
    assert set(rijen) == {m for m in dossiermodellen() if m._base_manager.exists()}
    assert rijen[Stap] == sorted(Stap.objects.values_list("pk", flat=True))


@isolate_apps("leerlingen")
def test_stored_files_of_any_row_in_the_file_are_found(leerling):
    opslag = InMemoryStorage()

    class Bijlage(models.Model):
        leerling = models.ForeignKey(Leerling, on_delete=models.CASCADE)
        bestand = models.FileField(storage=opslag)

        class Meta:
            app_label = "leerlingen"

        def __str__(self) -> str:
            return self.bestand.name

    bijlage = Bijlage(leerling=leerling)
    bijlage.bestand.save("verslag.pdf", ContentFile(b"%PDF-1.4"), save=False)
    zonder = Bijlage(leerling=leerling)
    gevonden = bestanden([bijlage, zonder, leerling])
    assert [b.name for b in gevonden] == [bijlage.bestand.name]
    assert gevonden[0].read() == b"%PDF-1.4"


def test_the_export_contains_the_plan_its_versions_answers_comments_and_documents_with_their_files(
    client_for, directeur, leerling, plandossier
):
    from ondersteuning.models import Bijlage, Doel, Instemming, Plan, PlanVersie, Reactie

    archief, gegevens, html = _open(client_for(directeur).post(export_url(leerling)))
    per_model = {}
    for rij in gegevens["rijen"]:
        per_model.setdefault(rij["model"], set()).add(rij["pk"])
    for model in (Plan, PlanVersie, Doel, Reactie, Instemming, Bijlage):
        verwacht = set(model.objects.values_list("pk", flat=True))
        assert verwacht and per_model[model._meta.label_lower] == verwacht, model
    bijlage = Bijlage.objects.get()
    opgeslagen = [naam for naam in archief.namelist() if naam.startswith("bestanden/")]
    with bijlage.bestand.open("rb") as bestand:
        assert len(opgeslagen) == 1 and archief.read(opgeslagen[0]) == bestand.read()
    assert "Wij lezen thuis mee." in html
