"""The access log (Inzage): staff views are recorded, parents see them for their own child, the directeur sees all."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from klimop.accounts.models import Rol
from klimop.accounts.tests.factories import UserFactory
from leerlingen.append_only import AppendOnlyError
from leerlingen.inzage import registreer_inzage
from leerlingen.models import Inzage
from leerlingen.tests.factories import LeerlingFactory
from tests.antwoorden import inhoud

pytestmark = pytest.mark.django_db

LOG = reverse("leerlingen:inzage")
CSV = reverse("leerlingen:inzage_export")


def detail(leerling):
    return reverse("leerlingen:detail", args=[leerling.pk])


def ouder_log(leerling):
    return reverse("ouders:inzage", args=[leerling.pk])


def log(leerling, **kwargs):
    return Inzage.objects.filter(leerling=leerling, **kwargs)


# --- recording ----------------------------------------------------------------------------


def test_a_teacher_opening_the_pupil_page_is_recorded_with_name_role_and_subject(client_for, leerkracht, leerling):
    client_for(leerkracht).get(detail(leerling))
    inzage = log(leerling).get()
    assert inzage.gebruiker == leerkracht
    assert inzage.naam == "Marieke Schouten"
    assert inzage.rol == Rol.LEERKRACHT
    assert inzage.organisatie == "Kindcentrum KlimOp"
    assert inzage.onderwerp == Inzage.Onderwerp.LEERLING
    assert inzage.object_id == leerling.pk
    assert timezone.now() - inzage.moment < datetime.timedelta(minutes=1)


def test_every_view_of_a_case_page_its_edit_page_and_its_action_pages_is_recorded(client_for, ib, leerkracht, vraag):
    client = client_for(ib)
    client.get(reverse("ondersteuning:detail", args=[vraag.pk]))
    client.get(reverse("ondersteuning:actie", args=[vraag.pk, "oppakken"]))
    client.post(reverse("ondersteuning:actie", args=[vraag.pk, "oppakken"]))
    assert log(vraag.leerling, gebruiker=ib, onderwerp="ondersteuningsvraag", object_id=vraag.pk).count() == 3


def test_the_trajectbegeleider_brought_into_a_case_is_recorded_with_their_organisation(
    client_for, ib, trajectbegeleider, ouder, vraag
):
    from ondersteuning import services

    services.oppakken(vraag=vraag, door=ib)
    for soort in ("aanmelden_ot", "delen_swv"):
        services.toestemming_geven(vraag=vraag, soort=soort, ouder=ouder)
    services.naar_ondersteuningsteam(vraag=vraag, door=ib, toelichting="Meer nodig")
    services.openen_voor_trajectbegeleider(vraag=vraag, door=ib, trajectbegeleider=trajectbegeleider, toelichting="?")
    assert client_for(trajectbegeleider).get(reverse("ondersteuning:detail", args=[vraag.pk])).status_code == 200
    inzage = log(vraag.leerling).get()
    assert (inzage.rol, inzage.organisatie) == (Rol.TRAJECTBEGELEIDER, "De Westfriese Knoop")


def test_parents_reading_their_own_childs_file_are_not_recorded(client_for, ouder, vraag):
    client = client_for(ouder)
    assert client.get(reverse("ouders:kind", args=[vraag.leerling.pk])).status_code == 200
    assert client.get(reverse("ondersteuning:detail", args=[vraag.pk])).status_code == 200
    assert not Inzage.objects.exists()


def test_a_page_that_is_refused_or_hidden_is_not_recorded(client_for, leerkracht2, trajectbegeleider, leerling, vraag):
    assert client_for(leerkracht2).get(detail(leerling)).status_code == 404
    assert client_for(leerkracht2).get(reverse("ondersteuning:detail", args=[vraag.pk])).status_code == 404
    assert (
        client_for(trajectbegeleider).get(reverse("ondersteuning:actie", args=[vraag.pk, "advies"])).status_code == 404
    )
    assert not Inzage.objects.exists()


def test_recording_is_one_insert_and_nothing_else(leerkracht, leerling):
    request = RequestFactory().get("/")
    request.user = leerkracht
    with CaptureQueriesContext(connection) as queries:
        registreer_inzage(request, leerling, Inzage.Onderwerp.PLAN, object_id=42)
    assert len(queries.captured_queries) == 1
    assert queries.captured_queries[0]["sql"].upper().startswith("INSERT")
    assert log(leerling, onderwerp="plan", object_id=42).exists()


def test_an_account_without_a_name_is_recorded_by_its_role_not_its_email(leerling):
    zonder_naam = UserFactory(first_name="", last_name="", rol=Rol.IB, email="anoniem.ib@klimop.test")
    request = RequestFactory().get("/")
    request.user = zonder_naam
    inzage = registreer_inzage(request, leerling.pk, Inzage.Onderwerp.LEERLING)
    assert inzage.naam == "Intern begeleider"


# --- append-only --------------------------------------------------------------------------


def test_the_access_log_cannot_be_changed_or_deleted(client_for, leerkracht, leerling):
    client_for(leerkracht).get(detail(leerling))
    inzage = log(leerling).get()
    inzage.naam = "Iemand anders"
    with pytest.raises(AppendOnlyError):
        inzage.save()
    with pytest.raises(AppendOnlyError):
        inzage.delete()
    with pytest.raises(AppendOnlyError):
        Inzage.objects.filter(pk=inzage.pk).update(naam="x")
    with pytest.raises(AppendOnlyError):
        Inzage.objects.filter(pk=inzage.pk).delete()
    with pytest.raises(AppendOnlyError):
        Inzage.objects.bulk_update([inzage], ["naam"])
    assert log(leerling).get().naam == "Marieke Schouten"


# --- the parents' view ----------------------------------------------------------------------


def test_a_parent_sees_who_opened_the_file_with_role_organisation_and_date_but_no_email(
    client_for, leerkracht, ouder, leerling
):
    client_for(leerkracht).get(detail(leerling))
    for url in (reverse("ouders:kind", args=[leerling.pk]), ouder_log(leerling)):
        content = inhoud(client_for(ouder).get(url))
        assert "Wie heeft het dossier" in content
        assert "Marieke Schouten" in content
        assert "Leerkracht" in content
        assert "Kindcentrum KlimOp" in content
        assert timezone.localdate().strftime("%Y") in content
        assert leerkracht.email not in content


def test_a_parent_cannot_read_the_log_of_another_child(client_for, leerkracht2, ouder, andere_leerling):
    client_for(leerkracht2).get(detail(andere_leerling))
    assert client_for(ouder).get(ouder_log(andere_leerling)).status_code == 404


@pytest.mark.parametrize("rol", ["leerkracht", "ib", "directeur", "trajectbegeleider"])
def test_the_parents_log_page_is_for_parents_only(client_for, cast, rol, leerling):
    assert client_for(cast[rol]).get(ouder_log(leerling)).status_code == 403


def test_the_parents_pages_do_not_run_more_queries_with_a_long_log(
    client_for, leerkracht, ouder, leerling, django_assert_num_queries
):
    client = client_for(ouder)
    client_for(leerkracht).get(detail(leerling))
    for url in (reverse("ouders:kind", args=[leerling.pk]), ouder_log(leerling)):
        with CaptureQueriesContext(connection) as weinig:
            client.get(url)
        request = RequestFactory().get("/")
        request.user = leerkracht
        for _ in range(60):
            registreer_inzage(request, leerling, Inzage.Onderwerp.LEERLING)
        with django_assert_num_queries(len(weinig.captured_queries)):
            client.get(url)


# --- the directeur's log ------------------------------------------------------------------


@pytest.fixture
def gelogd(client_for, leerkracht, leerkracht2, ib, leerling, andere_leerling, vraag):
    client_for(leerkracht).get(detail(leerling))
    client_for(leerkracht2).get(detail(andere_leerling))
    client_for(ib).get(reverse("ondersteuning:detail", args=[vraag.pk]))


def test_only_the_directeur_reads_and_exports_the_whole_log(client_for, cast):
    for rol, user in cast.items():
        verwacht = 200 if rol == "directeur" else 403
        assert client_for(user).get(LOG).status_code == verwacht, rol
        assert client_for(user).get(CSV).status_code == verwacht, rol


def test_the_directeur_sees_every_view_of_every_pupil(client_for, directeur, gelogd):
    content = client_for(directeur).get(LOG).content.decode()
    assert "Groot, Daan" in content and "Yilmaz, Yusuf" in content
    assert "Marieke Schouten" in content and "Jeroen Kok" in content
    assert "3 keer bekeken" in content


@pytest.mark.parametrize(
    ("filters", "verwacht"),
    [
        ({"q": "Yilmaz"}, 1),
        ({"wie": "marieke"}, 1),
        ({"rol": "ib"}, 1),
        ({"onderwerp": "leerling"}, 2),
        ({"van": "2000-01-01", "tot": "2000-12-31"}, 0),
        ({"van": timezone.localdate().isoformat()}, 3),
    ],
)
def test_the_directeur_filters_the_log(client_for, directeur, gelogd, filters, verwacht):
    response = client_for(directeur).get(LOG, filters)
    assert response.context["pagina"].paginator.count == verwacht


def test_the_log_of_one_pupil_is_linked_from_its_page(client_for, directeur, leerling, gelogd):
    content = client_for(directeur).get(detail(leerling)).content.decode()
    assert f"{LOG}?leerling={leerling.pk}" in content
    response = client_for(directeur).get(LOG, {"leerling": leerling.pk})
    assert {i.leerling_id for i in response.context["pagina"]} == {leerling.pk}


def test_a_wrong_filter_shows_the_error_and_no_rows(client_for, directeur, gelogd):
    response = client_for(directeur).get(LOG, {"van": "2026-05-01", "tot": "2026-04-01", "rol": "ouder"})
    assert response.status_code == 200
    assert response.context["pagina"].paginator.count == 0
    content = response.content.decode()
    assert "Deze datum ligt vóór de begindatum." in content
    assert "Kies een waarde uit de lijst." in content


def test_an_htmx_filter_request_gets_only_the_results(client_for, directeur, gelogd):
    content = client_for(directeur).get(LOG, {"q": "Groot"}, headers={"HX-Request": "true"}).content.decode()
    assert content.lstrip().startswith('<section id="resultaten"')


def test_the_log_page_query_count_does_not_grow_with_the_log(client_for, directeur, gelogd, django_assert_num_queries):
    client = client_for(directeur)
    with CaptureQueriesContext(connection) as weinig:
        client.get(LOG)
    request = RequestFactory().get("/")
    for _ in range(30):
        request.user = UserFactory(rol=Rol.LEERKRACHT)
        registreer_inzage(request, LeerlingFactory(), Inzage.Onderwerp.LEERLING)
    with django_assert_num_queries(len(weinig.captured_queries)):
        client.get(LOG)


def test_the_directeur_exports_the_filtered_log_as_csv(client_for, directeur, leerkracht, leerling, gelogd):
    response = client_for(directeur).get(CSV, {"q": "Groot"})
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rijen = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rijen[0][:4] == ["moment", "leerlingnummer", "leerling", "bekeken door"]
    assert len(rijen) == 3  # the teacher's and the IB's view of Daan
    assert {rij[3] for rij in rijen[1:]} == {"Marieke Schouten", str(Inzage.objects.filter(rol="ib").get().naam)}
    assert leerkracht.email in {rij[4] for rij in rijen[1:]}
    assert all(rij[1] == leerling.leerlingnummer for rij in rijen[1:])


def test_the_csv_export_does_not_let_a_spreadsheet_run_a_name_as_a_formula(client_for, directeur):
    kwaad = UserFactory(first_name='=HYPERLINK("http://x")', last_name="", rol=Rol.LEERKRACHT)
    request = RequestFactory().get("/")
    request.user = kwaad
    registreer_inzage(request, LeerlingFactory(voornaam="@SUM(1)"), Inzage.Onderwerp.LEERLING)
    tekst = client_for(directeur).get(CSV).content.decode("utf-8-sig")
    rij = list(csv.reader(io.StringIO(tekst), delimiter=";"))[1]
    assert rij[2].startswith("'@SUM") and rij[3].startswith("'=HYPERLINK")
