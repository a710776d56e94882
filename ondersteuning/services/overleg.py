"""The meetings of the ondersteuningsteam: planning them (the parents always invited) and recording them."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from klimop.accounts.models import Rol, User

from ..models import Ondersteuningsvraag, Ouderbetrokkenheid, Overleg, Stap, StapSoort, Status, ToestemmingSoort
from ._basis import SCHOOLLEIDING, Geweigerd, _betrokkenheid, _moet_rol, _schooltaal, _stap, _vergrendeld
from .toestemming import _deel_met, actieve_toestemming
from .uitnodigingen import uitnodigingen_versturen


@transaction.atomic
def overleg_plannen(
    *,
    vraag: Ondersteuningsvraag,
    door: User,
    datum: datetime.datetime,
    agenda: str,
    deelnemers=(),
    eindtijd: datetime.time | None = None,
    plaats: str = "",
    videolink: str = "",
    nu=None,
) -> Overleg:
    """Plan an OT meeting. The parents are always invited; external members need the OT sharing consent."""
    nu = nu or timezone.now()
    _moet_rol(door, SCHOOLLEIDING, _("Alleen de intern begeleider of de directeur plant een overleg."))
    vraag = _vergrendeld(vraag)
    if vraag.status not in (Status.ONDERSTEUNINGSTEAM, Status.TRAJECTBEGELEIDING, Status.EVALUATIE):
        raise Geweigerd(_("Een overleg van het ondersteuningsteam past pas als de vraag bij het OT is aangemeld."))
    extern = [u for u in deelnemers if u.rol == Rol.OT_LID]
    delen = actieve_toestemming(vraag, ToestemmingSoort.DELEN_OT)
    if extern and not delen:
        raise Geweigerd(
            _(
                "Leden van het ondersteuningsteam van buiten de school kunnen pas meelezen als de ouders "
                "toestemming geven om gegevens binnen het OT te delen."
            )
        )
    overleg = Overleg.objects.create(
        vraag=vraag,
        datum=datum,
        eindtijd=eindtijd,
        plaats=plaats,
        videolink=videolink,
        agenda=agenda,
        ouders_uitgenodigd=True,
    )
    overleg.deelnemers.set(deelnemers)
    for lid in extern:
        _deel_met(
            vraag,
            lid,
            door=door,
            toestemming=delen,
            doel=gettext_noop("Deelname aan het overleg van het ondersteuningsteam"),
            nu=nu,
        )
    vraag.volgende_datum = timezone.localdate(datum)
    vraag.volgende_actie = gettext_noop("Overleg ondersteuningsteam")
    vraag.save(update_fields=["volgende_datum", "volgende_actie"])
    namen = ", ".join(str(u) for u in deelnemers)
    with _schooltaal():
        toelichting = _("Overleg op %(datum)s. De ouders zijn uitgenodigd.%(wie)s\n\nAgenda:\n%(agenda)s") % {
            "datum": timezone.localtime(datum).strftime("%d-%m-%Y %H:%M"),
            "wie": _(" Verder uitgenodigd: %(namen)s.") % {"namen": namen} if namen else "",
            "agenda": agenda,
        }
    _stap(
        vraag,
        door=door,
        soort=StapSoort.OVERLEG_GEPLAND,
        ouderbetrokkenheid=Ouderbetrokkenheid.GEINFORMEERD,
        toelichting=toelichting,
        nu=nu,
    )
    uitnodigingen_versturen(overleg)
    return overleg


@transaction.atomic
def overleg_vastleggen(
    *,
    overleg: Overleg,
    door: User,
    ouders_aanwezig: bool,
    reden_afwezig: str = "",
    verslag: str,
    verslag_delen: bool = True,
    nu=None,
) -> Stap:
    """Record that a meeting took place, whether the parents were there, and its minutes."""
    nu = nu or timezone.now()
    _moet_rol(door, SCHOOLLEIDING, _("Alleen de intern begeleider of de directeur legt een overleg vast."))
    vraag = _vergrendeld(overleg.vraag)
    overleg = Overleg.objects.select_for_update().get(pk=overleg.pk)
    if overleg.gehouden:
        raise Geweigerd(_("Dit overleg is al vastgelegd. Een aanvulling kan als nieuwe stap."))
    if overleg.datum > nu:
        raise Geweigerd(
            _("Dit overleg staat gepland op %(datum)s. U kunt het pas na die tijd als gehouden vastleggen.")
            % {"datum": timezone.localtime(overleg.datum).strftime("%d-%m-%Y %H:%M")}
        )
    betrokkenheid, reden = _betrokkenheid(ouders_aanwezig, reden_afwezig)
    overleg.gehouden = True
    overleg.ouders_aanwezig = ouders_aanwezig
    overleg.verslag = verslag
    overleg.verslag_gedeeld = verslag_delen
    overleg.save(update_fields=["gehouden", "ouders_aanwezig", "verslag", "verslag_gedeeld"])
    vraag.volgende_datum = None
    vraag.volgende_actie = ""
    vraag.save(update_fields=["volgende_datum", "volgende_actie"])
    return _stap(
        vraag,
        door=door,
        soort=StapSoort.OVERLEG_GEHOUDEN,
        ouderbetrokkenheid=betrokkenheid,
        reden=reden,
        toelichting=verslag if verslag_delen else gettext_noop("Het verslag is (nog) niet met de ouders gedeeld."),
        nu=nu,
    )
