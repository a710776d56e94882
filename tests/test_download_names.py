"""Download names and the access log of the AVG export (issue 17, cause 6).

A pupil number may hold a quote, a newline or a character outside Latin-1 (the import accepted them): the
Content-Disposition header is then built with Django's header-safe helper, and the export is logged only when the
file was made.
"""

from email.message import EmailMessage
from unittest import mock

import pytest
from django.urls import reverse

from leerlingen.models import Inzage

pytestmark = pytest.mark.django_db


def _bestandsnaam(header: str) -> str:
    """The file name a mail-style parser (RFC 2183/2231) reads from the header, as a browser would."""
    bericht = EmailMessage()
    bericht["Content-Disposition"] = header
    return bericht.get_filename()


@pytest.mark.parametrize("nummer", ['12"34', "12\n34", "12\r\nX-Evil: 1", "Łódź-7", "学生-1", "a\\b;c"])
def test_the_avg_export_of_a_pupil_with_an_odd_number_downloads_and_is_logged(client_for, directeur, leerling, nummer):
    leerling.leerlingnummer = nummer
    leerling.save(update_fields=["leerlingnummer"])
    client = client_for(directeur)
    client.raise_request_exception = False
    response = client.post(reverse("leerlingen:avg_export", args=[leerling.pk]))
    assert response.status_code == 200
    header = response["Content-Disposition"]
    assert header.startswith("attachment; ")
    assert "\n" not in header and "\r" not in header
    header.encode("latin-1")
    assert _bestandsnaam(header).startswith(f"dossier-{nummer}-")
    assert "X-Evil" not in response.headers
    assert Inzage.objects.filter(leerling=leerling, onderwerp=Inzage.Onderwerp.AVG_EXPORT).count() == 1


def test_a_failed_export_leaves_no_entry_in_the_access_log(client_for, directeur, leerling):
    client = client_for(directeur)
    client.raise_request_exception = False
    with mock.patch("leerlingen.views.maak_export", side_effect=OSError("schijf vol")):
        response = client.post(reverse("leerlingen:avg_export", args=[leerling.pk]))
    assert response.status_code == 500
    assert not Inzage.objects.filter(onderwerp=Inzage.Onderwerp.AVG_EXPORT).exists()


def test_a_header_that_cannot_be_built_leaves_no_entry_in_the_access_log(client_for, directeur, leerling):
    client = client_for(directeur)
    client.raise_request_exception = False
    with mock.patch("leerlingen.views.content_disposition_header", side_effect=ValueError("kapot"), create=True):
        response = client.post(reverse("leerlingen:avg_export", args=[leerling.pk]))
    assert response.status_code == 500
    assert not Inzage.objects.filter(onderwerp=Inzage.Onderwerp.AVG_EXPORT).exists()
