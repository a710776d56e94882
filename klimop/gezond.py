"""`/gezond/` for a load balancer or monitor (issue 17): is the database reachable, and is the mail worker keeping up?

No login and no data: only "ok" or the name of what fails. There is no worker heartbeat table yet; the worker
counts as stuck when a task has been due for longer than GEZOND_WACHTRIJ_MINUTEN without being picked up.
"""

import datetime

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.models import Q
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django_tasks_db.models import DBTaskResult, get_date_max


def _database() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        return False


def _werker() -> bool:
    grens = timezone.now() - datetime.timedelta(minutes=getattr(settings, "GEZOND_WACHTRIJ_MINUTEN", 10))
    try:
        # Due since before `grens`: queued then without a start time, or with a start time before it.
        te_lang = Q(run_after__lt=grens) | Q(run_after=get_date_max(), enqueued_at__lt=grens)
        return not DBTaskResult.objects.ready().filter(te_lang).exists()
    except DatabaseError:
        return False


@never_cache
@require_GET
def gezond(request: HttpRequest) -> JsonResponse:
    database = _database()
    werker = database and _werker()
    status = {"database": "ok" if database else "fout", "werker": "ok" if werker else "fout"}
    return JsonResponse(status, status=200 if database and werker else 503)
