"""`manage.py bewaartermijnen`: files go 2 years after leaving (3 after a TLV referral), never with an open case."""

import datetime
import io
import logging
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.db.utils import DatabaseError

from klimop.accounts.models import User
from klimop.portaal.bewaartermijnen import jaren_later, kandidaten, kenmerk, verwijder_dossier
from leerlingen.append_only import AppendOnlyError, bewaartermijn_verwijdering, verwijderen_toegestaan
from leerlingen.models import Inzage, Leerling, Ouder, Verwijdering
from leerlingen.tests.factories import LeerlingFactory
from ondersteuning import services
from ondersteuning.models import (
    BevrorenError,
    Bijlage,
    Doel,
    Gegevensdeling,
    Instemming,
    Ondersteuningsvraag,
    Overleg,
    Plan,
    PlanVersie,
    Reactie,
    Stap,
    Toestemming,
    Verwijzing,
)

pytestmark = pytest.mark.django_db

op_postgres = pytest.mark.skipif(connection.vendor != "postgresql", reason="the triggers exist on PostgreSQL only")

VERTREK = datetime.date(2024, 7, 15)


def vertrokken(leerling, op=VERTREK):
    Leerling.objects.filter(pk=leerling.pk).update(ingeschreven_op=datetime.date(2018, 8, 20), uitgeschreven_op=op)
    leerling.refresh_from_db()
    return leerling


def bewaartermijnen(*args) -> str:
    uit = io.StringIO()
    call_command("bewaartermijnen", *args, stdout=uit)
    return uit.getvalue()


def log_inzage(leerling, user):
    from django.test import RequestFactory

    from leerlingen.inzage import registreer_inzage

    request = RequestFactory().get("/")
    request.user = user
    registreer_inzage(request, leerling, Inzage.Onderwerp.LEERLING)


@pytest.fixture
def afgesloten(ib, leerkracht, leerling, vraag):
    """`leerling` left on VERTREK; its one case was taken up and closed, its page was opened."""
    services.oppakken(vraag=vraag, door=ib)
    services.afsluiten(vraag=vraag, door=ib, conclusie="Het gaat goed.")
    log_inzage(leerling, leerkracht)
    return vertrokken(leerling)


# --- which files are due ------------------------------------------------------------------


def test_the_dry_run_lists_what_would_go_and_removes_nothing(afgesloten):
    uit = bewaartermijnen("--peildatum", "2026-07-15")
    assert f"Zou verwijderen: leerling {afgesloten.leerlingnummer} (Daan Groot)" in uit
    assert "termijn 2 jaar" in uit
    assert "ondersteuning.Stap 3" in uit
    assert "--apply" in uit
    assert Leerling.objects.filter(pk=afgesloten.pk).exists()
    assert Stap.objects.count() == 3 and Inzage.objects.count() == 1
    assert not Verwijdering.objects.exists()


def test_a_file_is_kept_until_two_years_after_the_pupil_left(afgesloten):
    assert "Geen dossiers om te verwijderen." in bewaartermijnen("--apply", "--peildatum", "2026-07-14")
    assert Leerling.objects.filter(pk=afgesloten.pk).exists()


def test_apply_removes_the_whole_file_after_two_years(afgesloten, ouder, andere_leerling, leerkracht2):
    log_inzage(andere_leerling, leerkracht2)
    uit = bewaartermijnen("--apply", "--peildatum", "2026-07-15")
    assert "Verwijderd: dossier" in uit
    assert afgesloten.leerlingnummer not in uit and "Groot" not in uit
    assert not Leerling.objects.filter(pk=afgesloten.pk).exists()
    assert not Ondersteuningsvraag.objects.filter(leerling_id=afgesloten.pk).exists()
    assert not Stap.objects.filter(vraag__leerling_id=afgesloten.pk).exists()
    assert not Inzage.objects.filter(leerling_id=afgesloten.pk).exists()
    assert not Ouder.objects.filter(leerling_id=afgesloten.pk).exists()
    # The parent's account and the other pupil stay.
    assert User.objects.filter(pk=ouder.pk).exists()
    assert Leerling.objects.filter(pk=andere_leerling.pk).exists()
    assert Inzage.objects.filter(leerling=andere_leerling).count() == 1


def test_the_removal_is_logged_with_a_hash_and_counts_but_no_personal_data(afgesloten, caplog):
    with caplog.at_level(logging.INFO, logger="klimop.bewaartermijnen"):
        bewaartermijnen("--apply", "--peildatum", "2026-07-15")
    verwijdering = Verwijdering.objects.get()
    assert verwijdering.leerling_kenmerk == kenmerk(afgesloten.leerlingnummer)
    assert afgesloten.leerlingnummer not in verwijdering.leerling_kenmerk
    assert verwijdering.termijn_jaren == 2
    assert verwijdering.aantallen == {
        "leerlingen.Leerling": 1,
        "leerlingen.Ouder": 1,
        "leerlingen.Inzage": 1,
        "ondersteuning.Ondersteuningsvraag": 1,
        "ondersteuning.Stap": 3,
        # The notifications of those steps, written with them (issue 17), go with them.
        "accounts.Melding": 3,
    }
    bericht = caplog.text
    assert verwijdering.leerling_kenmerk[:12] in bericht and "ondersteuning.Stap 3" in bericht
    for persoonlijk in (afgesloten.leerlingnummer, "Daan", "Groot"):
        assert persoonlijk not in bericht


def test_a_referral_to_special_education_keeps_the_file_three_years(ib, leerling, volledig_dossier, trajectbegeleider):
    services.afsluiten(vraag=volledig_dossier, door=ib, conclusie="Naar het SBO.")
    vertrokken(leerling)
    assert "Geen dossiers" in bewaartermijnen("--apply", "--peildatum", "2027-07-14")
    assert Leerling.objects.filter(pk=leerling.pk).exists()
    uit = bewaartermijnen("--apply", "--peildatum", "2027-07-15")
    assert "Verwijderd" in uit
    assert Verwijdering.objects.get().termijn_jaren == 3
    for model in (Leerling, Ondersteuningsvraag, Stap, Toestemming, Overleg, Verwijzing, Gegevensdeling):
        assert not model.objects.exists(), model
    # The users the file pointed at (staff, partners) are not part of it.
    assert User.objects.filter(pk=trajectbegeleider.pk).exists()


def test_a_pupil_with_an_open_case_is_never_removed(leerling, vraag):
    vertrokken(leerling)
    uit = bewaartermijnen("--apply", "--peildatum", "2030-01-01")
    assert f"Behouden (open ondersteuningsvraag): leerling {leerling.leerlingnummer}" in uit
    assert Leerling.objects.filter(pk=leerling.pk).exists()
    assert Stap.objects.filter(vraag=vraag).exists()
    assert not Verwijdering.objects.exists()


def test_a_case_opened_after_the_list_was_made_keeps_the_file(afgesloten, ib):
    from ondersteuning.tests.factories import VraagFactory

    verwijderen, behouden = kandidaten(datetime.date(2026, 7, 15))
    assert [k.leerling.pk for k in verwijderen] == [afgesloten.pk] and behouden == []
    # Between the listing and the removal someone files a new case for the pupil: the removal re-checks.
    nieuw = VraagFactory(leerling=afgesloten, status=Ondersteuningsvraag.Status.INGEDIEND)
    assert verwijder_dossier(verwijderen[0]) is None
    assert Leerling.objects.filter(pk=afgesloten.pk).exists()
    assert Ondersteuningsvraag.objects.filter(pk=nieuw.pk).exists()
    assert Stap.objects.filter(vraag__leerling=afgesloten).count() == 3
    assert not Verwijdering.objects.exists()


def test_pupils_who_have_not_left_are_never_removed(leerling, andere_leerling):
    assert "Geen dossiers" in bewaartermijnen("--apply", "--peildatum", "2099-01-01")
    assert Leerling.objects.count() == 2


def test_a_pupil_without_any_case_is_removed_too():
    leerling = vertrokken(LeerlingFactory(), op=datetime.date(2020, 1, 31))
    bewaartermijnen("--apply", "--peildatum", "2022-01-31")
    assert not Leerling.objects.filter(pk=leerling.pk).exists()


def test_the_term_after_a_leap_day_ends_on_28_february():
    assert jaren_later(datetime.date(2024, 2, 29), 2) == datetime.date(2026, 2, 28)
    assert jaren_later(datetime.date(2024, 3, 1), 3) == datetime.date(2027, 3, 1)


def test_a_wrong_date_is_refused_with_a_message():
    with pytest.raises(CommandError, match="--peildatum"):
        bewaartermijnen("--peildatum", "15-07-2026")


# --- the append-only guards and their one bypass ------------------------------------------------


def test_outside_the_retention_job_steps_and_the_access_log_cannot_be_deleted(afgesloten):
    assert not verwijderen_toegestaan()
    with pytest.raises(AppendOnlyError):
        Stap.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        Inzage.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        Stap.objects.first().delete()
    assert Stap.objects.count() == 3 and Inzage.objects.count() == 1


def test_the_bypass_ends_with_its_transaction_even_when_it_fails(afgesloten):
    with pytest.raises(RuntimeError), bewaartermijn_verwijdering():
        assert verwijderen_toegestaan()
        Inzage.objects.all().delete()
        raise RuntimeError("stop")
    assert not verwijderen_toegestaan()
    assert Inzage.objects.count() == 1  # rolled back
    with pytest.raises(AppendOnlyError):
        Inzage.objects.all().delete()


def test_the_bypass_never_allows_changing_a_row(afgesloten):
    with bewaartermijn_verwijdering():
        with pytest.raises(AppendOnlyError):
            Stap.objects.all().update(toelichting="x")
        stap = Stap.objects.first()
        stap.toelichting = "x"
        with pytest.raises(AppendOnlyError):
            stap.save()


def test_the_removal_log_itself_cannot_be_changed_or_deleted_even_by_the_job(afgesloten):
    bewaartermijnen("--apply", "--peildatum", "2026-07-15")
    verwijdering = Verwijdering.objects.get()
    with bewaartermijn_verwijdering():
        with pytest.raises(AppendOnlyError):
            verwijdering.delete()
        with pytest.raises(AppendOnlyError):
            Verwijdering.objects.all().delete()
    verwijdering.termijn_jaren = 1
    with pytest.raises(AppendOnlyError):
        verwijdering.save()


# --- PostgreSQL: the triggers ---------------------------------------------------------------


@op_postgres
def test_on_postgres_the_job_deletes_steps_and_access_log_through_the_triggers(afgesloten):
    bewaartermijnen("--apply", "--peildatum", "2026-07-15")
    assert not Stap.objects.exists() and not Inzage.objects.exists()


@op_postgres
@pytest.mark.parametrize("tabel", ["ondersteuning_stap", "leerlingen_inzage"])
def test_on_postgres_raw_sql_cannot_delete_log_rows_after_the_job_has_run(afgesloten, andere_leerling, tabel):
    from ondersteuning.tests.factories import VraagFactory

    ander = VraagFactory(leerling=andere_leerling)
    services.indienen(vraag=ander, door=ander.ingediend_door)
    log_inzage(andere_leerling, ander.ingediend_door)
    bewaartermijnen("--apply", "--peildatum", "2026-07-15")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {tabel}")  # noqa: S608 - a fixed table name
    assert Stap.objects.filter(vraag=ander).exists() and Inzage.objects.filter(leerling=andere_leerling).exists()


@op_postgres
def test_on_postgres_the_access_log_refuses_update_and_delete_without_the_setting(afgesloten):
    for sql in ("UPDATE leerlingen_inzage SET naam = 'x'", "DELETE FROM leerlingen_inzage"):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL klimop.bewaartermijn = 'aan'")
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            cursor.execute("UPDATE leerlingen_inzage SET naam = 'x'")
        cursor.execute("DELETE FROM leerlingen_inzage")
    assert not Inzage.objects.exists()


@op_postgres
def test_on_postgres_the_removal_log_refuses_delete_even_with_the_setting(afgesloten):
    bewaartermijnen("--apply", "--peildatum", "2026-07-15")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL klimop.bewaartermijn = 'aan'")
        cursor.execute("DELETE FROM leerlingen_verwijdering")
    assert Verwijdering.objects.count() == 1


# --- the plan and documents ---------------------------------------------------------------------

PLANMODELLEN = (Plan, PlanVersie, Doel, Reactie, Instemming, Bijlage)


@pytest.fixture
def vertrokken_met_plan(ib, leerling, plandossier):
    services.afsluiten(vraag=plandossier, door=ib, conclusie="Het gaat goed.")
    return vertrokken(leerling)


def test_the_dry_run_lists_the_plan_and_documents_and_removes_nothing(vertrokken_met_plan):
    uit = bewaartermijnen("--peildatum", "2026-07-15")
    for regel in (
        "ondersteuning.Plan 1",
        "ondersteuning.PlanVersie 2",
        "ondersteuning.Doel 2",
        "ondersteuning.Reactie 1",
        "ondersteuning.Instemming 1",
        "ondersteuning.Bijlage 1",
    ):
        assert regel in uit
    assert all(model.objects.exists() for model in PLANMODELLEN)
    assert Path(Bijlage.objects.get().bestand.path).exists()


def test_apply_removes_the_plan_its_frozen_version_and_the_stored_files(
    vertrokken_met_plan, django_capture_on_commit_callbacks
):
    bestand = Path(Bijlage.objects.get().bestand.path)
    assert PlanVersie.objects.gedeeld().exists() and bestand.exists()
    with django_capture_on_commit_callbacks(execute=True):
        uit = bewaartermijnen("--apply", "--peildatum", "2026-07-15")
    assert "Verwijderd: dossier" in uit
    for model in (*PLANMODELLEN, Leerling, Ondersteuningsvraag, Stap):
        assert not model.objects.exists(), model
    assert not bestand.exists()
    assert Verwijdering.objects.get().aantallen["ondersteuning.PlanVersie"] == 2


def test_outside_the_retention_job_a_shared_version_and_its_goals_stay_frozen(vertrokken_met_plan):
    gedeeld = PlanVersie.objects.gedeeld().get()
    with pytest.raises(BevrorenError):
        gedeeld.delete()
    with pytest.raises(BevrorenError):
        PlanVersie.objects.filter(pk=gedeeld.pk).delete()
    with pytest.raises(BevrorenError):
        Doel.objects.filter(versie=gedeeld).delete()
    assert PlanVersie.objects.filter(pk=gedeeld.pk).exists()


@op_postgres
def test_on_postgres_raw_sql_cannot_delete_a_shared_version_outside_the_job(vertrokken_met_plan):
    gedeeld = PlanVersie.objects.gedeeld().get()
    for sql in (
        "DELETE FROM ondersteuning_doel WHERE versie_id = %s",
        "DELETE FROM ondersteuning_planversie WHERE id = %s",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [gedeeld.pk])
    assert PlanVersie.objects.filter(pk=gedeeld.pk).exists()
    # Inside the job the triggers let the same rows go.
    with bewaartermijn_verwijdering(), connection.cursor() as cursor:
        cursor.execute("UPDATE ondersteuning_plan SET gedeelde_versie_id = NULL")
        cursor.execute("DELETE FROM ondersteuning_instemming WHERE versie_id = %s", [gedeeld.pk])
        cursor.execute("DELETE FROM ondersteuning_reactie WHERE versie_id = %s", [gedeeld.pk])
        cursor.execute("DELETE FROM ondersteuning_doel WHERE versie_id = %s", [gedeeld.pk])
        cursor.execute("DELETE FROM ondersteuning_planversie WHERE id = %s", [gedeeld.pk])
    assert not PlanVersie.objects.filter(pk=gedeeld.pk).exists()
