"""Writes that touch several profile rows: a new concept, publishing, and the basisondersteuning items."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Basisondersteuningsonderdeel, Ondersteuningsprofiel

Status = Ondersteuningsprofiel.Status


def _lock_concept(profiel: Ondersteuningsprofiel) -> Ondersteuningsprofiel:
    locked = Ondersteuningsprofiel.objects.select_for_update().get(pk=profiel.pk)
    if locked.status != Status.CONCEPT:
        raise ValidationError(_("Alleen een concept kan worden gewijzigd; deze versie is al gepubliceerd."))
    return locked


@transaction.atomic
def create_concept(*, door) -> Ondersteuningsprofiel:
    """A new concept as a copy of the published version (sections and items), or empty when there is none."""
    huidig = Ondersteuningsprofiel.objects.select_for_update().gepubliceerd().first()
    if Ondersteuningsprofiel.objects.concept().exists():
        raise ValidationError(_("Er is al een concept in bewerking. Werk dat concept bij of publiceer het eerst."))
    concept = Ondersteuningsprofiel(status=Status.CONCEPT, aangemaakt_door=door)
    if huidig:
        concept.titel = huidig.titel
        concept.samenvatting = huidig.samenvatting
        for sectie in Ondersteuningsprofiel.SECTIES:
            setattr(concept, sectie, getattr(huidig, sectie))
    concept.save()
    if huidig:
        Basisondersteuningsonderdeel.objects.bulk_create(
            Basisondersteuningsonderdeel(
                profiel=concept, titel=onderdeel.titel, omschrijving=onderdeel.omschrijving, volgorde=index
            )
            for index, onderdeel in enumerate(huidig.onderdelen.order_by("volgorde", "pk"), start=1)
        )
    return concept


def publicatie_bezwaren(profiel: Ondersteuningsprofiel) -> list[str]:
    """Why this version cannot be published yet; empty when it can."""
    bezwaren = []
    if profiel.status != Status.CONCEPT:
        bezwaren.append(_("Alleen een concept kan worden gepubliceerd."))
    if not profiel.vastgesteld_op:
        bezwaren.append(_("Vul de datum in waarop het profiel is vastgesteld."))
    elif profiel.vastgesteld_op > timezone.localdate():
        bezwaren.append(_("De vaststellingsdatum ligt in de toekomst. Publiceer het profiel na de vaststelling."))
    if profiel.mr_advies_op and profiel.vastgesteld_op and profiel.mr_advies_op > profiel.vastgesteld_op:
        bezwaren.append(_("De medezeggenschapsraad geeft advies vóór de vaststelling, niet erna."))
    huidig = Ondersteuningsprofiel.objects.gepubliceerd().exclude(pk=profiel.pk).first()
    if huidig and profiel.vastgesteld_op and profiel.vastgesteld_op < huidig.vastgesteld_op:
        bezwaren.append(_("Dit concept is eerder vastgesteld dan de versie die nu gepubliceerd is."))
    if not profiel.onderdelen.exists():
        bezwaren.append(_("Voeg ten minste één onderdeel van de basisondersteuning toe."))
    return bezwaren


@transaction.atomic
def publish(*, profiel: Ondersteuningsprofiel, door) -> Ondersteuningsprofiel:
    """Publish a concept and archive the version it replaces; refuses (ValidationError) when not ready."""
    # Lock the published row first, then the concept, so two publishers queue instead of both archiving.
    vorige = Ondersteuningsprofiel.objects.select_for_update().gepubliceerd().first()
    profiel = Ondersteuningsprofiel.objects.select_for_update().get(pk=profiel.pk)
    bezwaren = publicatie_bezwaren(profiel)
    if bezwaren:
        raise ValidationError(bezwaren)
    if vorige:
        vorige.status = Status.GEARCHIVEERD
        vorige.save(update_fields=["status", "gewijzigd_op"])
    profiel.status = Status.GEPUBLICEERD
    profiel.gepubliceerd_op = timezone.now()
    profiel.save(update_fields=["status", "gepubliceerd_op", "gewijzigd_op"])
    # The public page's cache key contains the published version and its publication moment, so it refreshes now.
    return profiel


@transaction.atomic
def add_item(*, profiel: Ondersteuningsprofiel, titel: str, omschrijving: str = "") -> Basisondersteuningsonderdeel:
    """Append a basisondersteuning item to a concept."""
    profiel = _lock_concept(profiel)
    laatste = profiel.onderdelen.aggregate(laatste=Max("volgorde"))["laatste"] or 0
    return Basisondersteuningsonderdeel.objects.create(
        profiel=profiel, titel=titel, omschrijving=omschrijving, volgorde=laatste + 1
    )


@transaction.atomic
def move_item(*, onderdeel: Basisondersteuningsonderdeel, omhoog: bool) -> None:
    """Swap an item with its neighbour above or below; at either end nothing changes."""
    profiel = _lock_concept(onderdeel.profiel)
    onderdelen = list(profiel.onderdelen.order_by("volgorde", "pk"))
    index = next(i for i, o in enumerate(onderdelen) if o.pk == onderdeel.pk)
    doel = index - 1 if omhoog else index + 1
    if not 0 <= doel < len(onderdelen):
        return
    onderdelen[index], onderdelen[doel] = onderdelen[doel], onderdelen[index]
    # Renumber all, so equal or gapped numbers from the admin cannot make a swap a no-op.
    for volgorde, item in enumerate(onderdelen, start=1):
        item.volgorde = volgorde
    Basisondersteuningsonderdeel.objects.bulk_update(onderdelen, ["volgorde"])


@transaction.atomic
def remove_item(*, onderdeel: Basisondersteuningsonderdeel) -> None:
    """Remove an item from a concept; items of published and archived versions stay, cases refer to them."""
    _lock_concept(onderdeel.profiel)
    onderdeel.delete()
