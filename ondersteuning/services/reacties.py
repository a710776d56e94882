"""The parents' responses: comments, documents and their agreement with the handelingsdeel."""

import re
import zipfile
from pathlib import PurePath

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from klimop.accounts.models import Rol, User

from ..models import (
    Bijlage,
    BijlageSoort,
    Instemming,
    Ondersteuningsvraag,
    Ouderbetrokkenheid,
    Plan,
    PlanVersie,
    Reactie,
    StapSoort,
)
from ._basis import SCHOOLTEAM, Geweigerd, _moet_rol, _open_vraag, _schooltaal, _stap


def _moet_ouder_met_gezag(vraag: Ondersteuningsvraag, ouder: User, melding: str) -> None:
    if ouder.rol != Rol.OUDER or not vraag.leerling.ouders.filter(user=ouder, gezag=True).exists():
        raise Geweigerd(melding)


def _moet_betrokken_zijn(vraag: Ondersteuningsvraag, user: User) -> None:
    if user.rol == Rol.OUDER:
        _moet_ouder_met_gezag(vraag, user, _("Alleen een ouder of verzorger met gezag kan hier reageren."))
    else:
        _moet_rol(user, SCHOOLTEAM, _("Alleen de ouders en het schoolteam reageren hier."))
    if not Ondersteuningsvraag.objects.zichtbaar_voor(user).filter(pk=vraag.pk).exists():
        raise Geweigerd(_("U bent niet (meer) bij deze vraag betrokken."))


@transaction.atomic
def reageren(
    *, vraag: Ondersteuningsvraag, door: User, tekst: str, versie: PlanVersie | None = None, nu=None
) -> Reactie:
    """A comment by a guardian or the school team on the case, or on one plan version."""
    nu = nu or timezone.now()
    _moet_betrokken_zijn(vraag, door)
    if not tekst.strip():
        raise Geweigerd(_("Schrijf uw reactie."))
    vraag = _open_vraag(vraag)
    if versie is not None:
        versies = PlanVersie.objects.filter(plan__vraag=vraag)
        if not (versies.gedeeld() if door.is_ouder else versies).filter(pk=versie.pk).exists():
            raise Geweigerd(_("Kies een versie van het plan van deze vraag."))
    reactie = Reactie.objects.create(vraag=vraag, versie=versie, auteur=door, tekst=tekst.strip(), moment=nu)
    with _schooltaal():
        over = _("Over versie %(nummer)s van het plan: ") % {"nummer": versie.nummer} if versie else ""
    _stap(
        vraag,
        door=door,
        soort=StapSoort.REACTIE,
        ouderbetrokkenheid=Ouderbetrokkenheid.REACTIE if door.is_ouder else Ouderbetrokkenheid.GEINFORMEERD,
        toelichting=over + reactie.tekst,
        nu=nu,
    )
    return reactie


MAX_BIJLAGE_GROOTTE = 10 * 1024 * 1024


def bestandssoort(bestand) -> str | None:
    """The file type read from the content (magic bytes), never from the name: pdf, jpg, png or docx."""
    bestand.seek(0)
    kop = bestand.read(8)
    bestand.seek(0)
    if kop.startswith(b"%PDF-"):
        return BijlageSoort.PDF
    if kop.startswith(b"\x89PNG\r\n\x1a\n"):
        return BijlageSoort.PNG
    if kop.startswith(b"\xff\xd8\xff"):
        return BijlageSoort.JPG
    if kop.startswith(b"PK\x03\x04"):
        # A docx is a zip with a Word document inside; any other zip (or a broken one) is refused.
        try:
            with zipfile.ZipFile(bestand) as archief:
                namen = set(archief.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        finally:
            bestand.seek(0)
        if {"[Content_Types].xml", "word/document.xml"} <= namen:
            return BijlageSoort.DOCX
    return None


def controleer_bestand(bestand) -> str:
    """The file's type, or Geweigerd with the reason in Dutch."""
    if bestand.size > MAX_BIJLAGE_GROOTTE:
        raise Geweigerd(_("Dit bestand is groter dan 10 MB. Kies een kleiner bestand."))
    if bestand.size == 0:
        raise Geweigerd(_("Dit bestand is leeg."))
    soort = bestandssoort(bestand)
    if soort is None:
        raise Geweigerd(
            _("Dit soort bestand kan niet. Kies een pdf, een foto (jpg of png) of een Word-document (docx).")
        )
    return soort


def _veilige_naam(naam: str, soort: str) -> str:
    # The extension follows the content, so a png called "verslag.pdf" is offered as "verslag.png".
    stam = re.sub(r"[^\w\-. ()]+", "_", PurePath(naam).stem).strip(" ._")[:150] or "document"
    return f"{stam}.{soort}"


@transaction.atomic
def bijlage_toevoegen(
    *,
    vraag: Ondersteuningsvraag,
    door: User,
    bestand,
    omschrijving: str = "",
    zichtbaar_voor_ouders: bool = True,
    nu=None,
) -> Bijlage:
    """Add a document to the case. A parent's document is always visible to the parents."""
    nu = nu or timezone.now()
    _moet_betrokken_zijn(vraag, door)
    soort = controleer_bestand(bestand)
    vraag = _open_vraag(vraag)
    zichtbaar = True if door.is_ouder else zichtbaar_voor_ouders
    bijlage = Bijlage(
        vraag=vraag,
        naam=_veilige_naam(bestand.name, soort),
        soort=soort,
        grootte=bestand.size,
        omschrijving=omschrijving,
        geupload_door=door,
        moment=nu,
        zichtbaar_voor_ouders=zichtbaar,
    )
    bijlage.bestand.save("bijlage", bestand, save=False)
    if door.is_ouder:
        betrokkenheid, reden = Ouderbetrokkenheid.REACTIE, ""
    elif zichtbaar:
        betrokkenheid, reden = Ouderbetrokkenheid.GEINFORMEERD, ""
    else:
        betrokkenheid, reden = Ouderbetrokkenheid.NIET_BETROKKEN, gettext_noop("Intern document van het schoolteam.")
    with _schooltaal():
        toelichting = _("Document toegevoegd: %(naam)s%(omschrijving)s") % {
            "naam": bijlage.naam,
            "omschrijving": f" — {omschrijving}" if omschrijving else "",
        }
    try:
        bijlage.save()
        _stap(
            vraag,
            door=door,
            soort=StapSoort.BIJLAGE,
            ouderbetrokkenheid=betrokkenheid,
            reden=reden,
            zichtbaar=zichtbaar,
            toelichting=toelichting,
            nu=nu,
        )
    except Exception:
        # No file without its row: the database write failed, so the stored file goes too.
        bijlage.bestand.delete(save=False)
        raise
    return bijlage


@transaction.atomic
def instemmen(*, versie: PlanVersie, ouder: User, akkoord: bool, toelichting: str = "", nu=None) -> Instemming:
    """A guardian's answer on the handelingsdeel of the version the parents now see; the latest answer counts."""
    nu = nu or timezone.now()
    vraag = versie.plan.vraag
    _moet_ouder_met_gezag(
        vraag, ouder, _("Alleen een ouder of verzorger met gezag geeft aan of hij of zij akkoord is.")
    )
    vraag = _open_vraag(vraag)
    plan = Plan.objects.select_for_update().get(pk=versie.plan_id)
    if plan.gedeelde_versie_id != versie.pk:
        raise Geweigerd(_("Er is intussen een nieuwere versie van het plan gedeeld. Bekijk die eerst."))
    if not akkoord and not toelichting.strip():
        raise Geweigerd(_("Schrijf waarom u niet akkoord bent. Dan kan de school met u in gesprek."))
    instemming = Instemming.objects.create(
        versie=versie, ouder=ouder, akkoord=akkoord, toelichting=toelichting.strip(), moment=nu
    )
    woorden = {"ouder": ouder, "nummer": versie.nummer, "reden": instemming.toelichting}
    with _schooltaal():
        if akkoord:
            tekst = _("%(ouder)s is akkoord met het handelingsdeel van versie %(nummer)s van het plan.") % woorden
            if instemming.toelichting:
                tekst += "\n\n" + instemming.toelichting
        else:
            tekst = (
                _("%(ouder)s is niet akkoord met het handelingsdeel van versie %(nummer)s van het plan.\n\n%(reden)s")
                % woorden
            )
    _stap(
        vraag,
        door=ouder,
        soort=StapSoort.INSTEMMING,
        ouderbetrokkenheid=Ouderbetrokkenheid.INSTEMMING,
        toelichting=tekst,
        nu=nu,
    )
    return instemming
