from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET


@login_required
@require_GET
def hulp(request: HttpRequest) -> HttpResponse:
    """Help and contact for signed-in users; it reads no pupil data (the benchmark's floor page)."""
    return render(request, "hulp.html")
