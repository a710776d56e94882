"""Building TLV requests in tests: a case ready for a request, a complete dossier, a sent request."""

import datetime

from django.utils import timezone

from ondersteuning import services
from ondersteuning.models import ToestemmingSoort, Verwijzing

WACHTWOORD = "geheim-wachtwoord"  # UserFactory's password

AANVRAAG = {
    "soort": "B",
    "bestemming": "SBO De Spinaker, Hoorn",
    "deskundige_1": "Drs. M. de Boer, orthopedagoog",
    "advies_1": "SBO is passend.",
    "deskundige_2": "S. de Wit, trajectbegeleider",
    "advies_2": "Eens met plaatsing.",
    "zienswijze_ouders": "Ouders steunen de overstap.",
}


def bij_trajectbegeleider(vraag, *, ib, ouder, trajectbegeleider):
    """Take a submitted case through the OT to the trajectbegeleider, with every consent a TLV needs."""
    services.oppakken(vraag=vraag, door=ib)
    for soort in (ToestemmingSoort.AANMELDEN_OT, ToestemmingSoort.DELEN_OT, ToestemmingSoort.DELEN_SWV):
        services.toestemming_geven(vraag=vraag, soort=soort, ouder=ouder)
    services.naar_ondersteuningsteam(vraag=vraag, door=ib, toelichting="Meer nodig.")
    services.openen_voor_trajectbegeleider(vraag=vraag, door=ib, trajectbegeleider=trajectbegeleider, toelichting="")
    vraag.refresh_from_db()
    return vraag


def gedeeld_opp(vraag, *, ib, ouder, akkoord=True):
    """A shared plan version with the parent's answer on it."""
    versie = services.plan_starten(
        vraag=vraag,
        door=ib,
        inhoud={"handelingsdeel_aanbod": "Kleine groep.", "handelingsdeel_uitvoering": "De IB, wekelijks."},
        doelen=[{"omschrijving": "Vlot lezen.", "evaluatiedatum": timezone.localdate() + datetime.timedelta(weeks=8)}],
    )
    services.versie_delen(versie=versie, door=ib)
    services.instemmen(versie=versie, ouder=ouder, akkoord=akkoord, toelichting="" if akkoord else "Oneens.")
    return versie


def compleet_dossier(vraag, *, ib, ouder, directeur, gegevens=None, ouder_tekent=True) -> Verwijzing:
    """A TLV request with everything the samenwerkingsverband asks for, signed by the directeur (and the parent)."""
    gedeeld_opp(vraag, ib=ib, ouder=ouder)
    services.tlv_aanvraag_opslaan(vraag=vraag, door=ib, gegevens={**AANVRAAG, **(gegevens or {})})
    verwijzing = Verwijzing.objects.get(vraag=vraag)
    for ondertekenaar in (directeur, ouder) if ouder_tekent else (directeur,):
        services.tlv_ondertekenen(
            vraag=vraag, door=ondertekenaar, wachtwoord=WACHTWOORD, inhoud_hash=verwijzing.inhoud_hash()
        )
    return Verwijzing.objects.get(vraag=vraag)


def verstuurd(vraag, *, ib, ouder, directeur, gegevens=None):
    """A complete, signed TLV request sent to the samenwerkingsverband."""
    compleet_dossier(vraag, ib=ib, ouder=ouder, directeur=directeur, gegevens=gegevens)
    services.tlv_versturen(vraag=vraag, door=ib)
    vraag.refresh_from_db()
    return Verwijzing.objects.get(vraag=vraag)
