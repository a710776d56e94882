from collections.abc import Callable
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse


def rol_vereist(*rollen: str) -> Callable:
    """Refuse (403) signed-in users whose role is not one of `rollen`; use below @login_required."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.user.rol not in rollen:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
