import time
from collections.abc import Callable

from django.db import connection
from django.http import HttpRequest, HttpResponse


class ServerTimingMiddleware:
    """Adds `Server-Timing: app;dur=…, db;desc="N"` (milliseconds in Django, N queries) for the benchmark.

    Only installed when SERVER_TIMING=1: timing data is for measuring, not for every visitor.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        queries = 0

        def count(execute, sql, params, many, context):
            nonlocal queries
            queries += 1
            return execute(sql, params, many, context)

        start = time.perf_counter()
        with connection.execute_wrapper(count):
            response = self.get_response(request)
        response["Server-Timing"] = f'app;dur={(time.perf_counter() - start) * 1000:.2f}, db;desc="{queries}"'
        return response
