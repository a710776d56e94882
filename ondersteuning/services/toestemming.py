"""The parents' consents, and the log of what was shared on the basis of one."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from klimop.accounts.models import Rol, User

from ..models import (
    Gegevensdeling,
    Grondslag,
    Ondersteuningsvraag,
    Ouderbetrokkenheid,
    Stap,
    StapSoort,
    Toestemming,
    ToestemmingWijze,
)
from ._basis import SCHOOLLEIDING, Geweigerd, _moet_rol, _schooltaal, _stap, _vergrendeld


def actieve_toestemming(vraag: Ondersteuningsvraag, soort: str) -> Toestemming | None:
    return vraag.toestemmingen.actief().filter(soort=soort).first()


def _deel_met(vraag, ontvanger: User, *, door: User, toestemming: Toestemming, doel: str, nu) -> Gegevensdeling:
    with _schooltaal():
        rol = ontvanger.get_rol_display()
    return Gegevensdeling.objects.create(
        vraag=vraag,
        ontvanger=ontvanger,
        rol=rol,
        organisatie=ontvanger.organisatie,
        grondslag=Grondslag.TOESTEMMING,
        toestemming=toestemming,
        doel=doel,
        gedeeld_door=door,
        moment=nu,
    )


def _ouder_met_gezag(vraag: Ondersteuningsvraag, ouder: User) -> None:
    if not vraag.leerling.ouders.filter(user=ouder, gezag=True).exists():
        raise Geweigerd(_("Alleen een ouder of verzorger met gezag kan toestemming geven."))


@transaction.atomic
def toestemming_geven(
    *,
    vraag: Ondersteuningsvraag,
    soort: str,
    ouder: User,
    vastgelegd_door: User | None = None,
    gegeven_op: datetime.datetime | None = None,
    nu=None,
) -> Toestemming:
    """Record a guardian's consent: digitally by the parent, or on paper by the IB/directeur."""
    nu = nu or timezone.now()
    vastgelegd_door = vastgelegd_door or ouder
    papier = vastgelegd_door != ouder
    if papier:
        _moet_rol(
            vastgelegd_door,
            SCHOOLLEIDING,
            _("Alleen de intern begeleider of de directeur legt toestemming op papier vast."),
        )
    vraag = _vergrendeld(vraag)
    _ouder_met_gezag(vraag, ouder)
    if not vraag.is_open:
        raise Geweigerd(_("Deze vraag is niet (meer) open."))
    if actieve_toestemming(vraag, soort):
        raise Geweigerd(_("Deze toestemming is al gegeven."))
    toestemming = Toestemming.objects.create(
        leerling=vraag.leerling,
        vraag=vraag,
        soort=soort,
        gegeven_door=ouder,
        wijze=ToestemmingWijze.PAPIER if papier else ToestemmingWijze.DIGITAAL,
        vastgelegd_door=vastgelegd_door,
        gegeven_op=gegeven_op or nu,
    )
    with _schooltaal():
        toelichting = _("%(ouder)s gaf toestemming: %(soort)s (%(wijze)s).") % {
            "ouder": ouder,
            "soort": toestemming.get_soort_display().lower(),
            "wijze": toestemming.get_wijze_display().lower(),
        }
    _stap(
        vraag,
        door=vastgelegd_door,
        soort=StapSoort.TOESTEMMING_GEGEVEN,
        ouderbetrokkenheid=Ouderbetrokkenheid.TOESTEMMING,
        toelichting=toelichting,
        nu=nu,
    )
    return toestemming


@transaction.atomic
def toestemming_intrekken(*, toestemming: Toestemming, door: User, nu=None) -> Stap:
    """Withdraw a consent; the access it gave ends at once because every access check reads it."""
    nu = nu or timezone.now()
    vraag = _vergrendeld(toestemming.vraag)
    if door.rol == Rol.OUDER:
        _ouder_met_gezag(vraag, door)
    else:
        _moet_rol(
            door, SCHOOLLEIDING, _("Alleen een ouder, de intern begeleider of de directeur trekt toestemming in.")
        )
    toestemming = Toestemming.objects.select_for_update().get(pk=toestemming.pk)
    if not toestemming.actief:
        raise Geweigerd(_("Deze toestemming was al ingetrokken."))
    toestemming.ingetrokken_op = nu
    toestemming.ingetrokken_door = door
    toestemming.save(update_fields=["ingetrokken_op", "ingetrokken_door"])
    with _schooltaal():
        toelichting = _("Toestemming ingetrokken: %(soort)s.") % {"soort": toestemming.get_soort_display().lower()}
    return _stap(
        vraag,
        door=door,
        soort=StapSoort.TOESTEMMING_INGETROKKEN,
        ouderbetrokkenheid=Ouderbetrokkenheid.TOESTEMMING,
        toelichting=toelichting,
        nu=nu,
    )
