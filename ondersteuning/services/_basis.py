"""What every transition shares: the allowed moves, the role checks, the row lock and the one step each writes."""

from functools import partial

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from klimop.accounts.meldingen import stap_gezet
from klimop.accounts.models import Rol, User

from ..models import Ondersteuningsvraag, Ouderbetrokkenheid, Stap, Status


class Geweigerd(Exception):
    """A transition that the rules do not allow; the message is Dutch and meant for the user."""


OVERGANGEN: dict[str, set[str]] = {
    Status.CONCEPT: {Status.INGEDIEND},
    Status.INGEDIEND: {Status.IN_BEHANDELING},
    Status.IN_BEHANDELING: {Status.BASISONDERSTEUNING, Status.ONDERSTEUNINGSTEAM},
    Status.BASISONDERSTEUNING: {Status.ONDERSTEUNINGSTEAM},
    Status.ONDERSTEUNINGSTEAM: {Status.ARRANGEMENT, Status.TRAJECTBEGELEIDING, Status.BASISONDERSTEUNING},
    Status.TRAJECTBEGELEIDING: {Status.ARRANGEMENT, Status.VERWIJZING},
    Status.ARRANGEMENT: {Status.EVALUATIE},
    Status.EVALUATIE: {Status.ARRANGEMENT},
    Status.VERWIJZING: set(),
    Status.AFGESLOTEN: set(),
}
# Any open case can be closed with a conclusion.
for _status in Status.values:
    if _status not in (Status.CONCEPT, Status.AFGESLOTEN):
        OVERGANGEN[_status].add(Status.AFGESLOTEN)

SCHOOLLEIDING = (Rol.IB, Rol.DIRECTEUR)
SCHOOLTEAM = (Rol.LEERKRACHT, Rol.IB, Rol.DIRECTEUR)

# What goes into the record (a step's explanation, the next action) is written in Dutch, the school's language,
# whichever language the person acting reads: gettext_noop for fixed text (pages translate it when they show it),
# _schooltaal() where labels are filled in. Refusals (Geweigerd) stay in the reader's language.
_schooltaal = partial(translation.override, settings.LANGUAGE_CODE)


def _vergrendeld(vraag: Ondersteuningsvraag) -> Ondersteuningsvraag:
    """Re-read the case under a row lock so two people cannot move it at once."""
    return Ondersteuningsvraag.objects.select_for_update().get(pk=vraag.pk)


def _moet_rol(user: User, rollen, melding: str) -> None:
    if user.rol not in rollen:
        raise Geweigerd(melding)


def _stap(vraag, *, door, soort, ouderbetrokkenheid, toelichting="", reden="", van="", naar="", zichtbaar=True, nu):
    stap = Stap.objects.create(
        vraag=vraag,
        actor=door,
        moment=nu,
        soort=soort,
        van_status=van,
        naar_status=naar,
        toelichting=toelichting,
        ouderbetrokkenheid=ouderbetrokkenheid,
        reden_niet_betrokken=reden,
        zichtbaar_voor_ouders=zichtbaar,
    )
    # Notifications and their mail tasks in the step's own transaction: both are stored, or neither.
    stap_gezet(stap.pk)
    return stap


def _overgang(vraag, naar: str, *, door, soort, ouderbetrokkenheid, toelichting="", reden="", nu, velden=()):
    if naar not in OVERGANGEN[vraag.status]:
        raise Geweigerd(
            _("Een vraag met status “%(van)s” kan niet naar “%(naar)s”.")
            % {"van": vraag.get_status_display(), "naar": Status(naar).label}
        )
    van = vraag.status
    vraag.status = naar
    vraag.status_sinds = nu
    vraag.save(update_fields=["status", "status_sinds", *velden])
    return _stap(
        vraag,
        door=door,
        soort=soort,
        ouderbetrokkenheid=ouderbetrokkenheid,
        toelichting=toelichting,
        reden=reden,
        van=van,
        naar=naar,
        nu=nu,
    )


def _betrokkenheid(ouders_aanwezig: bool | None, reden: str) -> tuple[str, str]:
    if ouders_aanwezig:
        return Ouderbetrokkenheid.AANWEZIG, ""
    if not reden.strip():
        raise Geweigerd(_("Geef aan waarom de ouders er niet bij waren."))
    return Ouderbetrokkenheid.NIET_BETROKKEN, reden


def _open_vraag(vraag: Ondersteuningsvraag) -> Ondersteuningsvraag:
    vraag = _vergrendeld(vraag)
    if not vraag.is_open:
        raise Geweigerd(_("Deze vraag is niet (meer) open."))
    return vraag
