"""The access helper every view that opens one pupil by its pk goes through (in this app and in klimop.portaal)."""

from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from .models import Leerling


def _get_leerling_for_user(request: HttpRequest, pk: int) -> Leerling:
    """The pupil if `request.user` may see it, else 404."""
    return get_object_or_404(Leerling.objects.zichtbaar_voor(request.user).select_related("groep"), pk=pk)
