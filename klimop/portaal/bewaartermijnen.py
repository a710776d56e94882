"""Retention (AVG art. 5(1)(e)): a pupil's file is removed 2 years after the pupil left, 3 years after a referral
to S(B)O (a case with a Verwijzing), and never while a case is still open.

`manage.py bewaartermijnen` lists what is due; with `--apply` it removes each file in its own transaction and
keeps only a `Verwijdering` row (a keyed hash of the pupil number and the counts) and a log line without personal
data. This is the only code that may delete append-only rows (`bewaartermijn_verwijdering`).
"""

import datetime
import logging
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.crypto import salted_hmac

from leerlingen.append_only import bewaartermijn_verwijdering
from leerlingen.dossier import bestanden, dossier, losmaken, verwijdervolgorde
from leerlingen.models import Leerling, Verwijdering
from ondersteuning.models import OPEN_STATUSSEN, Ondersteuningsvraag, Verwijzing

logger = logging.getLogger("klimop.bewaartermijnen")

TERMIJN_JAREN = 2
TERMIJN_JAREN_NA_VERWIJZING = 3


def jaren_later(datum: datetime.date, jaren: int) -> datetime.date:
    try:
        return datum.replace(year=datum.year + jaren)
    except ValueError:  # 29 February
        return datum.replace(year=datum.year + jaren, day=28)


def kenmerk(leerlingnummer: str) -> str:
    """A keyed hash of the pupil number: it can confirm a removal for a known number but reveals nothing."""
    return salted_hmac("klimop.bewaartermijnen", leerlingnummer, algorithm="sha256").hexdigest()


@dataclass
class Kandidaat:
    leerling: Leerling
    termijn_jaren: int
    verwijderen_vanaf: datetime.date
    open_vraag: bool
    aantallen: dict[str, int] = field(default_factory=dict)


def kandidaten(vandaag: datetime.date | None = None) -> tuple[list[Kandidaat], list[Kandidaat]]:
    """(files due for removal, files past their term but kept because a case is still open)."""
    vandaag = vandaag or timezone.localdate()
    leerlingen = (
        Leerling.objects.filter(uitgeschreven_op__lte=jaren_later(vandaag, -TERMIJN_JAREN))
        .annotate(
            verwezen=Exists(Verwijzing.objects.filter(vraag__leerling=OuterRef("pk"))),
            open_vraag=Exists(Ondersteuningsvraag.objects.filter(leerling=OuterRef("pk"), status__in=OPEN_STATUSSEN)),
        )
        .order_by("uitgeschreven_op", "pk")
    )
    verwijderen, behouden = [], []
    for leerling in leerlingen:
        jaren = TERMIJN_JAREN_NA_VERWIJZING if leerling.verwezen else TERMIJN_JAREN
        vanaf = jaren_later(leerling.uitgeschreven_op, jaren)
        if vanaf > vandaag:
            continue
        kandidaat = Kandidaat(leerling, jaren, vanaf, leerling.open_vraag)
        (behouden if kandidaat.open_vraag else verwijderen).append(kandidaat)
    for kandidaat in verwijderen:
        kandidaat.aantallen = {model._meta.label: len(pks) for model, pks in dossier(kandidaat.leerling).items()}
    return verwijderen, behouden


def verwijder_dossier(kandidaat: Kandidaat) -> Verwijdering | None:
    """Remove the pupil's whole file in one transaction (None if a case was opened meanwhile); stored files go
    once it has committed."""
    leerling = kandidaat.leerling
    with bewaartermijn_verwijdering():
        leerling = Leerling.objects.select_for_update().get(pk=leerling.pk)
        if Ondersteuningsvraag.objects.filter(leerling=leerling, status__in=OPEN_STATUSSEN).exists():
            return None
        rijen = dossier(leerling)
        weg = []
        los = losmaken(rijen)
        for veld in los:
            veld.model._default_manager.filter(pk__in=rijen[veld.model]).update(**{veld.name: None})
        for model in verwijdervolgorde(rijen, los):
            objecten = model._default_manager.filter(pk__in=rijen[model])
            weg += bestanden(objecten)
            objecten.delete()
        verwijdering = Verwijdering.objects.create(
            leerling_kenmerk=kenmerk(leerling.leerlingnummer),
            termijn_jaren=kandidaat.termijn_jaren,
            aantallen={model._meta.label: len(pks) for model, pks in rijen.items()},
        )
        transaction.on_commit(lambda: [bestand.storage.delete(bestand.name) for bestand in weg])
    logger.info(
        "Bewaartermijn: dossier %s… verwijderd na %d jaar (%s)",
        verwijdering.leerling_kenmerk[:12],
        verwijdering.termijn_jaren,
        ", ".join(f"{label} {aantal}" for label, aantal in sorted(verwijdering.aantallen.items())),
    )
    return verwijdering
