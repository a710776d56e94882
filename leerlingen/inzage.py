"""The access log (Inzage): who on the staff opened which part of a pupil's file, and when.

Contract of `registreer_inzage(request, leerling, onderwerp, object_id=None)`, for every view that shows a pupil's
file (pupil page, case page and its action pages, plan, document, export):
- call it *after* the object was found through `zichtbaar_voor(user)` / a `_get_<obj>_for_user()` helper, so an
  outsider's 404 or a refused 403 is never logged as a view, and before rendering the response;
- `leerling` is the pupil whose file it is (an instance or its pk); `onderwerp` is one of `Inzage.Onderwerp`;
  `object_id` is the pk of the case, plan or document shown (default: the pupil's pk, for the pupil page);
- it writes exactly one INSERT and reads nothing (name, role and organisation come from `request.user`), so it
  adds one query to the page and no N+1;
- parents opening their own child's file and anonymous requests are not logged (it returns None);
- the row can never be changed or deleted, except by the retention job that removes the whole file.
"""

from django.conf import settings
from django.http import HttpRequest

from .models import Inzage, Leerling


def organisatie_van(user) -> str:
    """The organisation shown to parents: the partner's own, or the school for the school team."""
    if user.organisatie:
        return user.organisatie
    if user.is_schoolteam:
        return settings.SCHOOL["naam"]
    return user.functie


def registreer_inzage(
    request: HttpRequest, leerling: Leerling | int, onderwerp: str, object_id: int | None = None
) -> Inzage | None:
    """Log that the signed-in staff member opened this part of the pupil's file (see the module docstring)."""
    user = request.user
    if not user.is_authenticated or user.is_ouder:
        return None
    leerling_id = leerling.pk if isinstance(leerling, Leerling) else int(leerling)
    return Inzage.objects.create(
        leerling_id=leerling_id,
        gebruiker=user,
        # Parents see this name; an account without one shows its role, never the e-mail address.
        naam=(user.get_full_name() or user.get_rol_display())[:150],
        rol=user.rol,
        organisatie=organisatie_van(user)[:120],
        onderwerp=Inzage.Onderwerp(onderwerp),
        object_id=leerling_id if object_id is None else object_id,
    )
