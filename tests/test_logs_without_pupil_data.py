"""Logs go to stdout and hold no pupil data (issue 17): a journey's log lines never name the pupil."""

import logging
import logging.config
import sys

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from klimop.accounts.tests.helpers import run_worker
from ondersteuning.models import Ondersteuningsvraag, Status
from ondersteuning.tests.factories import VraagFactory
from tests.formulieren import form_data

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def test_the_log_handler_writes_to_stdout():
    handler = settings.LOGGING["handlers"]["console"]
    assert handler["class"] == "logging.StreamHandler"
    assert handler["stream"] == "ext://sys.stdout"
    root = logging.getLogger()
    eerder = root.handlers[:]
    try:
        logging.config.dictConfig(settings.LOGGING)
        assert [h.stream for h in root.handlers if type(h) is logging.StreamHandler] == [sys.stdout]
    finally:
        root.handlers[:] = eerder


@pytest.mark.django_db
def test_a_journey_from_request_to_case_logs_no_pupil_name(
    client_for, leerkracht, leerkracht2, ib, ouder, leerling, caplog, capsys, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    caplog.set_level(logging.DEBUG)
    juf, ib_client, ouder_client = client_for(leerkracht), client_for(ib), client_for(ouder)
    juf.raise_request_exception = ib_client.raise_request_exception = False
    # The teacher finds the pupil and files a request through the form.
    juf.get(reverse("leerlingen:lijst"), {"q": leerling.achternaam})
    juf.get(reverse("leerlingen:detail", args=[leerling.pk]))
    VraagFactory(leerling=leerling, ingediend_door=leerkracht, hulpvraag=f"{leerling.voornaam} leest traag.")
    vraag = Ondersteuningsvraag.objects.get()
    pagina = juf.get(reverse("ondersteuning:actie", args=[vraag.pk, "indienen"]))
    juf.post(reverse("ondersteuning:actie", args=[vraag.pk, "indienen"]), form_data(pagina.content, None))
    # Someone else looks for the pupil and is refused (a 403/404 is logged by Django).
    client_for(leerkracht2).get(reverse("leerlingen:detail", args=[leerling.pk]), {"q": leerling.voornaam})
    client_for(leerkracht2).get(reverse("ondersteuning:detail", args=[vraag.pk]), {"naam": leerling.achternaam})
    # The IB takes it up; the parent comments and uploads; the mail worker sends the notifications.
    ib_client.get(reverse("ondersteuning:wachtrij"), {"q": leerling.voornaam})
    ib_client.post(reverse("ondersteuning:actie", args=[vraag.pk, "oppakken"]))
    ouder_client.post(reverse("ondersteuning:reageren", args=[vraag.pk]), {"tekst": f"Over {leerling.voornaam}"})
    ouder_client.post(
        reverse("ondersteuning:bijlage_toevoegen", args=[vraag.pk]),
        {"bestand": SimpleUploadedFile(f"{leerling.achternaam}.pdf", PDF), "omschrijving": leerling.voornaam},
    )
    run_worker()
    vraag.refresh_from_db()
    assert vraag.status == Status.IN_BEHANDELING
    assert caplog.records, "the journey logged nothing at all: the test would not see a leak"
    geschreven = "\n".join(r.getMessage() for r in caplog.records) + capsys.readouterr().out
    for naam in (leerling.voornaam, leerling.achternaam):
        assert naam not in geschreven
