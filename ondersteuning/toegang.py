"""Who may open a case: the access helpers every view module uses (404 for outsiders, 403 for the wrong role)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from . import afdruk
from .models import Ondersteuningsvraag, Status


def _get_vraag_for_user(request: HttpRequest, pk: int) -> Ondersteuningsvraag:
    """The case if `request.user` may see it, else 404."""
    return get_object_or_404(
        Ondersteuningsvraag.objects.zichtbaar_voor(request.user).select_related(
            "leerling__groep", "ingediend_door", "behandelaar", "trajectbegeleider"
        ),
        pk=pk,
    )


def _get_vraag_voor_ouder(request: HttpRequest, pk: int) -> Ondersteuningsvraag:
    """The case for a guardian page: outsiders 404 first, then the school team (who may see it) 403."""
    vraag = _get_vraag_for_user(request, pk)
    if not request.user.is_ouder:
        raise PermissionDenied
    return vraag


def _get_vraag_voor_afdruk(request: HttpRequest, pk: int) -> Ondersteuningsvraag:
    """The submitted case if the user may see it and hand it over: parents and outsiders 404, OT members 403."""
    if request.user.is_ouder:
        raise Http404
    zichtbaar = Ondersteuningsvraag.objects.zichtbaar_voor(request.user).exclude(status=Status.CONCEPT)
    vraag = get_object_or_404(zichtbaar, pk=pk)
    if not afdruk.mag_afdrukken(request.user):
        raise PermissionDenied
    return vraag
