"""Demo cases in every state with believable timelines (docs/ontwerp.md §7), written through the real services."""

import datetime
import random

from django.utils import timezone

from ..models import Status
from .plannen import _plannen
from .vragen import (
    VERDELING,
    VRAGEN,
    _doorloop,
    _gezinnen,
    _Klok,
    _leerkracht,
    _leerlingen_per_groep,
    _nieuwe_vraag,
    _toestemmingen_ingetrokken,
)

__all__ = ["build_cases"]


def build_cases(*, accounts: dict, seed: int = 2026) -> int:
    """Create the demo cases once; pupils who already have a case are left alone. Returns how many were made."""
    rng = random.Random(seed)
    per_groep = _leerlingen_per_groep()
    gemaakt = 0
    nu = timezone.now()
    groepnamen = sorted(per_groep)
    index = 0
    for doel, aantal in VERDELING:
        for _ in range(aantal):
            groep = groepnamen[index % len(groepnamen)]
            leerling = per_groep[groep][(index // len(groepnamen)) * 3 % len(per_groep[groep])]
            index += 1
            if leerling.ondersteuningsvragen.exists():
                continue
            door = accounts["leerkracht@klimop.test"] if groep == "Groep 5" else _leerkracht(leerling)
            if doel == Status.CONCEPT:
                door = accounts["leerkracht@klimop.test"]
                leerling = per_groep["Groep 5"][-1 - index % 5]
                if leerling.ondersteuningsvragen.exists():
                    continue
            start = nu - datetime.timedelta(
                days=rng.randint(60, 110) if doel != Status.INGEDIEND else rng.randint(1, 14)
            )
            klok = _Klok(start, rng)
            vraag = _nieuwe_vraag(leerling, door, rng, start, VRAGEN[index % len(VRAGEN)])
            if doel != Status.CONCEPT:
                _doorloop(vraag, doel, accounts=accounts, klok=klok, rng=rng)
            gemaakt += 1
    gemaakt += _gezinnen(accounts, rng)
    _toestemmingen_ingetrokken(accounts)
    _plannen(accounts)
    return gemaakt
