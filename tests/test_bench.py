"""The benchmark's own parts: the generated school is complete, and the server reports time and query count."""

import pytest
from django.test import override_settings

from bench.generate import build, sessions
from klimop.accounts.models import User
from leerlingen.models import Groep, Inzage, Leerling
from ondersteuning.models import Doel, Ondersteuningsvraag, Plan, Reactie, Stap, StapSoort, Status

pytestmark = pytest.mark.django_db


def test_the_generated_school_has_history_plans_parent_steps_and_an_access_log():
    ids = build(leerlingen=600, per_jaar=200)
    assert ids["schooljaren"] == 3
    assert Leerling.objects.count() == 600
    assert Leerling.objects.filter(uitgeschreven_op__isnull=True).count() == 200
    assert Groep.objects.values("schooljaar").distinct().count() == 3
    assert Ondersteuningsvraag.objects.count() == 1200
    assert Ondersteuningsvraag.objects.filter(status=Status.AFGESLOTEN).count() > 800
    assert set(Ondersteuningsvraag.objects.values_list("status", flat=True)) >= {
        Status.INGEDIEND,
        Status.ARRANGEMENT,
        Status.AFGESLOTEN,
    }
    assert Stap.objects.filter(vraag_id=ids["vraag"]).count() == 200
    assert Stap.objects.exclude(naar_status="").exists()
    assert Stap.objects.filter(soort=StapSoort.REACTIE, actor__rol="ouder").exists()
    assert Plan.objects.filter(gedeelde_versie__isnull=False).exists() and Doel.objects.exists()
    assert Reactie.objects.filter(auteur__rol="ouder").exists()
    assert Inzage.objects.count() == 12_000
    assert User.objects.filter(rol="ib").count() == 3
    assert (
        Ondersteuningsvraag.objects.filter(pk=ids["vraag"], leerling=ids["kind"])
        .exclude(status=Status.AFGESLOTEN)
        .exists()
    )


def test_benchmark_sessions_are_signed_in_past_the_second_factor(client):
    ids = build(leerlingen=50)
    cookies = sessions(ids)
    client.cookies["sessionid"] = cookies["ib"]
    assert client.get("/portaal/hulp/").status_code == 200
    client.cookies["sessionid"] = cookies["ouder"]
    assert client.get("/ouders/").status_code == 200


def test_server_timing_reports_the_time_and_the_number_of_queries(settings, client_for, ib):
    with override_settings(MIDDLEWARE=["klimop.middleware.ServerTimingMiddleware", *settings.MIDDLEWARE]):
        client = client_for(ib)
        client.get("/portaal/hulp/")
        header = client.get("/portaal/hulp/")["Server-Timing"]
    app, db = (part.strip() for part in header.split(","))
    assert app.startswith("app;dur=") and float(app.split("=")[1]) > 0
    assert 1 <= int(db.split('"')[1]) <= 7
