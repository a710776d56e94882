"""Sessions end after 30 minutes without a request; every request starts the 30 minutes again."""

import datetime
from unittest import mock

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

PORTAAL = reverse("portaal")


def _session(client) -> Session:
    return Session.objects.get(session_key=client.session.session_key)


def test_the_idle_limit_is_thirty_minutes_renewed_at_most_once_a_minute():
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSIE_VERLENGEN_NA == 60
    assert "klimop.accounts.middleware.SessieVerlengenMiddleware" in settings.MIDDLEWARE


@pytest.mark.django_db
def test_the_cookie_lives_thirty_minutes_from_the_last_request(client_for, leerkracht):
    client = client_for(leerkracht)
    later = timezone.now() + datetime.timedelta(minutes=2)
    with mock.patch("django.utils.timezone.now", return_value=later):
        response = client.get(PORTAAL)
    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 30 * 60


@pytest.mark.django_db
def test_requests_within_a_minute_do_not_write_the_session(client_for, leerkracht, django_assert_num_queries):
    client = client_for(leerkracht)
    client.get(PORTAAL)
    with CaptureQueriesContext(connection) as queries:
        client.get(PORTAAL)
    assert not [q for q in queries.captured_queries if q["sql"].startswith('UPDATE "django_session"')]


@pytest.mark.django_db
def test_each_request_pushes_the_end_of_the_session_forward(client_for, leerkracht):
    client = client_for(leerkracht)
    client.get(PORTAAL)
    first_end = _session(client).expire_date
    later = timezone.now() + datetime.timedelta(minutes=20)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert client.get(PORTAAL).status_code == 200
    assert _session(client).expire_date - first_end >= datetime.timedelta(minutes=19)


@pytest.mark.django_db
@pytest.mark.parametrize("rol", ["leerkracht", "ouder"])
def test_after_thirty_idle_minutes_the_user_must_sign_in_again(client_for, cast, rol):
    client = client_for(cast[rol])
    assert client.get(PORTAAL).status_code == 200
    later = timezone.now() + datetime.timedelta(minutes=31)
    with mock.patch("django.utils.timezone.now", return_value=later):
        response = client.get(PORTAAL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
