"""Demo TLV requests built through the dossier: one complete request A, one signed only by the directeur."""

import datetime
import random

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from klimop.accounts.demo import DEMO_WACHTWOORD

from .. import services
from ..models import Ondersteuningsvraag, OndertekenaarRol, TlvBesluit, Verwijzing

# A one-page PDF stands in for the scanned, signed form.
SCAN = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"

AANVRAAG = {
    "bestemming": "SBO De Spinaker, Hoorn",
    "deskundige_1": "Drs. M. de Boer, orthopedagoog (onafhankelijk consulent De Westfriese Knoop)",
    "advies_1": "De ondersteuningsbehoefte overstijgt wat de school kan bieden; SBO is passend.",
    "deskundige_2": "S. de Wit, trajectbegeleider De Westfriese Knoop",
    "advies_2": "Eens met plaatsing in het SBO, met een evaluatie na één jaar.",
}


def tlv_dossier(vraag: Ondersteuningsvraag, *, accounts, ouder, klok, rng: random.Random) -> None:
    """Prepare, sign and send the TLV request of a case with the trajectbegeleider; some get a decision."""
    ib = accounts["ib@klimop.test"]
    directeur = accounts["directeur@klimop.test"]
    tb = accounts["trajectbegeleider@klimop.test"]
    verstuurd = Verwijzing.objects.filter(verstuurd_op__isnull=False)
    compleet_a = not verstuurd.filter(soort="A", ondertekeningen__rol=OndertekenaarRol.OUDER).exists()
    zonder_ouder = not compleet_a and not verstuurd.exclude(reden_zonder_ouder="").exists()

    versie = services.plan_starten(
        vraag=vraag,
        door=ib,
        inhoud={
            "handelingsdeel_aanbod": "Begeleiding in een kleine groep, vier ochtenden per week.",
            "handelingsdeel_uitvoering": "De onderwijsassistent en de intern begeleider.",
            "kind_aan_het_woord": "“In een kleine klas kan ik beter nadenken.”",
        },
        doelen=[
            {
                "omschrijving": "Zelfstandig twintig minuten aan een taak werken.",
                "evaluatiedatum": timezone.localdate(klok.nu) + datetime.timedelta(weeks=8),
            }
        ],
        nu=klok.verder(),
    )
    services.versie_delen(versie=versie, door=ib, nu=klok.verder(1, 2))
    services.instemmen(
        versie=versie,
        ouder=ouder,
        akkoord=not zonder_ouder,
        toelichting="" if not zonder_ouder else "Wij willen dat ons kind op deze school blijft.",
        nu=klok.verder(1, 3),
    )
    soort = "A" if compleet_a else rng.choice(["A", "B"])
    start = timezone.localdate(klok.nu)
    services.tlv_aanvraag_opslaan(
        vraag=vraag,
        door=ib,
        gegevens={
            **AANVRAAG,
            "soort": soort,
            "gekozen_einde": start.replace(year=start.year + 1, month=7, day=31) if soort == "A" else None,
            "zienswijze_ouders": "Wij zijn het niet eens met een overstap; ons kind hoort hier bij de vriendjes."
            if zonder_ouder
            else "Wij hebben het SBO bezocht en steunen de overstap, met de hoop dat terugkeer later kan.",
        },
    )
    verwijzing = Verwijzing.objects.get(vraag=vraag)
    services.tlv_ondertekenen(
        vraag=vraag,
        door=directeur,
        wachtwoord=DEMO_WACHTWOORD,
        inhoud_hash=verwijzing.inhoud_hash(),
        nu=klok.verder(1, 2),
    )
    reden = ""
    if zonder_ouder:
        reden = "De ouders zijn het niet eens met de aanvraag en willen niet tekenen; hun zienswijze gaat mee."
    else:
        services.tlv_papier_ondertekening(
            vraag=vraag,
            door=ib,
            ondertekenaar=ouder,
            bestand=SimpleUploadedFile("tlv-aanvraag-getekend.pdf", SCAN),
            nu=klok.verder(1, 2),
        )
    services.tlv_versturen(vraag=vraag, door=ib, reden_zonder_ouder=reden, nu=klok.verder(1, 2))
    if not compleet_a and not zonder_ouder and rng.random() < 0.5:
        services.tlv_besluit_vastleggen(
            vraag=vraag,
            door=tb,
            besluit=TlvBesluit.TOEGEKEND,
            besluit_op=timezone.localdate(klok.verder(10, 20)),
            toelichting="Toegekend door de commissie toelaatbaarheid.",
            nu=klok.nu,
        )


__all__ = ["tlv_dossier"]
