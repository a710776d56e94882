from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_GET


@login_required
@require_GET
def hulp(request: HttpRequest) -> HttpResponse:
    """Help and contact for signed-in users; it reads no pupil data (the benchmark's floor page)."""
    return render(request, "hulp.html")


# The error pages say what happened in general words only: never the path, the object or the exception's text,
# so "does not exist" and "not yours" read the same. The language middleware has already chosen the language.


@requires_csrf_token
def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "400.html", status=400)


@requires_csrf_token
def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "403.html", status=403)


@requires_csrf_token
def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "404.html", status=404)


@requires_csrf_token
def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "403_csrf.html", status=403)
