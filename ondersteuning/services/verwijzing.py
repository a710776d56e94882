"""The referral: requesting a TLV and recording the samenwerkingsverband's decision."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from klimop.accounts.models import Rol, User

from ..models import (
    Ondersteuningsvraag,
    Ouderbetrokkenheid,
    Stap,
    StapSoort,
    Status,
    TlvBesluit,
    ToestemmingSoort,
    Verwijzing,
)
from ._basis import SCHOOLLEIDING, Geweigerd, _moet_rol, _overgang, _schooltaal, _stap, _vergrendeld
from .toestemming import actieve_toestemming


@transaction.atomic
def verwijzen(*, vraag: Ondersteuningsvraag, door: User, verwijzing: Verwijzing, nu=None) -> Stap:
    """Request a TLV for S(B)O: two expert advices and the parents' view are required."""
    nu = nu or timezone.now()
    _moet_rol(door, SCHOOLLEIDING, _("Alleen de intern begeleider of de directeur vraagt een TLV aan."))
    vraag = _vergrendeld(vraag)
    if not actieve_toestemming(vraag, ToestemmingSoort.DELEN_SWV):
        raise Geweigerd(_("Een TLV-aanvraag gaat naar het samenwerkingsverband en vraagt toestemming van de ouders."))
    verwijzing.full_clean(exclude=["vraag"])
    verwijzing.vraag = vraag
    verwijzing.besluit = TlvBesluit.AANGEVRAAGD
    vraag.volgende_datum = timezone.localdate(nu) + datetime.timedelta(weeks=6)
    vraag.volgende_actie = gettext_noop("Besluit samenwerkingsverband over de TLV")
    with _schooltaal():
        toelichting = _("TLV %(soort)s aangevraagd voor %(bestemming)s.\n\nZienswijze ouders:\n%(zienswijze)s") % {
            "soort": verwijzing.get_soort_display(),
            "bestemming": verwijzing.bestemming,
            "zienswijze": verwijzing.zienswijze_ouders,
        }
    stap = _overgang(
        vraag,
        Status.VERWIJZING,
        door=door,
        soort=StapSoort.VERWIJZING,
        ouderbetrokkenheid=Ouderbetrokkenheid.INSTEMMING,
        toelichting=toelichting,
        nu=nu,
        velden=["volgende_datum", "volgende_actie"],
    )
    verwijzing.save()
    return stap


@transaction.atomic
def tlv_besluit_vastleggen(
    *,
    vraag: Ondersteuningsvraag,
    door: User,
    besluit: str,
    besluit_op: datetime.date,
    toelichting: str,
    geldig_tot: datetime.date | None = None,
    nu=None,
) -> Stap:
    """Record the samenwerkingsverband's decision; the parents' six-week objection window starts."""
    nu = nu or timezone.now()
    _moet_rol(
        door,
        (*SCHOOLLEIDING, Rol.TRAJECTBEGELEIDER),
        _("Alleen de school of de trajectbegeleider legt het besluit vast."),
    )
    vraag = _vergrendeld(vraag)
    verwijzing = Verwijzing.objects.select_for_update().filter(vraag=vraag).first()
    if vraag.status != Status.VERWIJZING or verwijzing is None:
        raise Geweigerd(_("Er loopt geen TLV-aanvraag voor deze vraag."))
    if verwijzing.besluit != TlvBesluit.AANGEVRAAGD:
        raise Geweigerd(_("Het besluit is al vastgelegd. Een correctie kan als nieuwe stap."))
    if besluit not in (TlvBesluit.TOEGEKEND, TlvBesluit.AFGEWEZEN):
        raise Geweigerd(_("Kies of de TLV is toegekend of afgewezen."))
    verwijzing.besluit = besluit
    verwijzing.besluit_op = besluit_op
    verwijzing.besluit_toelichting = toelichting
    verwijzing.geldig_tot = geldig_tot
    verwijzing.save(update_fields=["besluit", "besluit_op", "besluit_toelichting", "geldig_tot"])
    vraag.volgende_datum = verwijzing.bezwaar_mogelijk_tot
    vraag.volgende_actie = gettext_noop("Einde bezwaartermijn")
    vraag.save(update_fields=["volgende_datum", "volgende_actie"])
    with _schooltaal():
        uitleg = _("%(besluit)s op %(datum)s. Bezwaar is mogelijk tot en met %(tot)s.\n\n%(toelichting)s") % {
            "besluit": verwijzing.get_besluit_display(),
            "datum": besluit_op.strftime("%d-%m-%Y"),
            "tot": verwijzing.bezwaar_mogelijk_tot.strftime("%d-%m-%Y"),
            "toelichting": toelichting,
        }
    return _stap(
        vraag,
        door=door,
        soort=StapSoort.TLV_BESLUIT,
        ouderbetrokkenheid=Ouderbetrokkenheid.GEINFORMEERD,
        toelichting=uitleg,
        nu=nu,
    )
