from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject


def meldingen(request: HttpRequest) -> dict:
    """The unread count for the header badge: one COUNT query, and only on pages that show it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"ongelezen_meldingen": SimpleLazyObject(lambda: user.meldingen.filter(gelezen_op__isnull=True).count())}
