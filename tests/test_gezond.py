"""`/gezond/` (issue 17): database and mail worker, no data, no login, 503 when something is wrong."""

import datetime
import json
from unittest import mock

import pytest
from django.db import OperationalError
from django.db.backends.utils import CursorWrapper
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from klimop.accounts.tasks import verstuur_melding

pytestmark = pytest.mark.django_db


def test_a_healthy_portal_answers_ok_without_login(django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        response = Client().get("/gezond/")
    assert response.status_code == 200
    assert json.loads(response.content) == {"database": "ok", "werker": "ok"}
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert not response.cookies


def test_the_health_check_is_not_redirected_to_https(settings):
    settings.SECURE_SSL_REDIRECT = True
    assert Client().get("/gezond/").status_code == 200
    assert Client().get("/portaal/").status_code == 301


def test_a_task_waiting_too_long_means_the_worker_is_stuck():
    verstuur_melding.enqueue(1)
    assert Client().get("/gezond/").status_code == 200
    DBTaskResult.objects.update(enqueued_at=timezone.now() - datetime.timedelta(minutes=30))
    response = Client().get("/gezond/")
    assert response.status_code == 503
    assert json.loads(response.content) == {"database": "ok", "werker": "fout"}


def test_without_the_database_it_answers_503():
    with mock.patch.object(CursorWrapper, "execute", side_effect=OperationalError("weg")):
        response = Client(raise_request_exception=False).get("/gezond/")
    assert response.status_code == 503
    assert json.loads(response.content) == {"database": "fout", "werker": "fout"}
