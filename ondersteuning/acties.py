"""The actions on a case (docs/ontwerp.md §4): per action its label, its form and the service that carries it out."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy

from . import services
from .forms import (
    ArrangementForm,
    BasisondersteuningForm,
    EvaluatieForm,
    ObservatieForm,
    OverlegPlannenForm,
    OverlegVastleggenForm,
    TekstForm,
    TlvBesluitForm,
    ToestemmingIntrekkenForm,
    ToestemmingPapierForm,
    TrajectbegeleiderForm,
    VerwijzingForm,
)


@dataclass(frozen=True)
class Actie:
    label: str
    knop: str
    maak_form: Callable
    uitvoeren: Callable
    uitleg: str = ""


def _tekst(label, help_text=""):
    return lambda vraag, data=None: TekstForm(data, label=label, help_text=help_text)


ACTIES: dict[str, Actie] = {
    "indienen": Actie(
        gettext_lazy("Indienen"),
        gettext_lazy("Indienen bij de intern begeleider"),
        lambda vraag, data=None: None,
        lambda vraag, user, d: services.indienen(vraag=vraag, door=user),
    ),
    "oppakken": Actie(
        gettext_lazy("Oppakken"),
        gettext_lazy("Ik pak deze vraag op"),
        lambda vraag, data=None: None,
        lambda vraag, user, d: services.oppakken(vraag=vraag, door=user),
        gettext_lazy("U wordt de behandelaar van deze vraag."),
    ),
    "basisondersteuning": Actie(
        gettext_lazy("Verder binnen de basisondersteuning"),
        gettext_lazy("Vastleggen"),
        lambda vraag, data=None: BasisondersteuningForm(data),
        lambda vraag, user, d: services.binnen_basisondersteuning(
            vraag=vraag,
            door=user,
            afspraken=d["afspraken"],
            evaluatiedatum=d["evaluatiedatum"],
            ouders_aanwezig=d["ouders_aanwezig"],
            reden_afwezig=d["reden_afwezig"],
        ),
    ),
    "ondersteuningsteam": Actie(
        gettext_lazy("Aanmelden bij het ondersteuningsteam"),
        gettext_lazy("Aanmelden"),
        _tekst(gettext_lazy("Waarom is meer nodig dan de basisondersteuning?")),
        lambda vraag, user, d: services.naar_ondersteuningsteam(vraag=vraag, door=user, toelichting=d["tekst"]),
        gettext_lazy("Hiervoor is toestemming van de ouders nodig voor aanmelding bij het ondersteuningsteam."),
    ),
    "overleg_plannen": Actie(
        gettext_lazy("Overleg ondersteuningsteam plannen"),
        gettext_lazy("Overleg plannen"),
        lambda vraag, data=None: OverlegPlannenForm(data),
        lambda vraag, user, d: services.overleg_plannen(
            vraag=vraag,
            door=user,
            datum=d["datum"],
            eindtijd=d["eindtijd"],
            plaats=d["plaats"],
            videolink=d["videolink"],
            agenda=d["agenda"],
            deelnemers=list(d["deelnemers"]),
        ),
        gettext_lazy("De ouders worden altijd uitgenodigd voor het overleg."),
    ),
    "overleg_vastleggen": Actie(
        gettext_lazy("Overleg vastleggen"),
        gettext_lazy("Overleg vastleggen"),
        lambda vraag, data=None: OverlegVastleggenForm(data, vraag=vraag),
        lambda vraag, user, d: services.overleg_vastleggen(
            overleg=d["overleg"],
            door=user,
            ouders_aanwezig=d["ouders_aanwezig"],
            reden_afwezig=d["reden_afwezig"],
            verslag=d["verslag"],
            verslag_delen=d["verslag_delen"],
        ),
    ),
    "trajectbegeleiding": Actie(
        gettext_lazy("Trajectbegeleider betrekken"),
        gettext_lazy("Openen voor de trajectbegeleider"),
        lambda vraag, data=None: TrajectbegeleiderForm(data),
        lambda vraag, user, d: services.openen_voor_trajectbegeleider(
            vraag=vraag, door=user, trajectbegeleider=d["trajectbegeleider"], toelichting=d["toelichting"]
        ),
        gettext_lazy("Hiervoor is toestemming van de ouders nodig om gegevens te delen met het samenwerkingsverband."),
    ),
    "arrangement": Actie(
        gettext_lazy("Arrangement starten"),
        gettext_lazy("Arrangement starten"),
        lambda vraag, data=None: ArrangementForm(data),
        lambda vraag, user, d: services.arrangement_starten(
            vraag=vraag,
            door=user,
            omschrijving=d["omschrijving"],
            evaluatiedatum=d["evaluatiedatum"],
            ouders_aanwezig=d["ouders_aanwezig"],
            reden_afwezig=d["reden_afwezig"],
        ),
    ),
    "evaluatie": Actie(
        gettext_lazy("Arrangement evalueren"),
        gettext_lazy("Evaluatie vastleggen"),
        lambda vraag, data=None: EvaluatieForm(data),
        lambda vraag, user, d: services.evalueren(
            vraag=vraag,
            door=user,
            bevindingen=d["bevindingen"],
            ouders_aanwezig=d["ouders_aanwezig"],
            reden_afwezig=d["reden_afwezig"],
        ),
    ),
    "verwijzing": Actie(
        gettext_lazy("TLV-aanvraag opstellen"),
        gettext_lazy("Aanvraag opslaan"),
        lambda vraag, data=None: VerwijzingForm(data, instance=getattr(vraag, "verwijzing", None)),
        lambda vraag, user, d: services.tlv_aanvraag_opslaan(vraag=vraag, door=user, gegevens=d),
        gettext_lazy(
            "De aanvraag is een dossier: vul aan wat ontbreekt. Verandert u de aanvraag na een handtekening, dan "
            "ontstaat een nieuwe versie die opnieuw ondertekend moet worden."
        ),
    ),
    "tlv_besluit": Actie(
        gettext_lazy("Besluit over de TLV vastleggen"),
        gettext_lazy("Besluit vastleggen"),
        lambda vraag, data=None: TlvBesluitForm(data),
        lambda vraag, user, d: services.tlv_besluit_vastleggen(
            vraag=vraag,
            door=user,
            besluit=d["besluit"],
            besluit_op=d["besluit_op"],
            toelichting=d["toelichting"],
            geldig_tot=d["geldig_tot"],
        ),
        gettext_lazy("Na het besluit hebben de ouders zes weken om bezwaar te maken."),
    ),
    "advies": Actie(
        gettext_lazy("Advies geven"),
        gettext_lazy("Advies toevoegen"),
        _tekst(gettext_lazy("Uw advies"), gettext_lazy("De ouders kunnen uw advies lezen.")),
        lambda vraag, user, d: services.advies_geven(vraag=vraag, door=user, advies=d["tekst"]),
    ),
    "observatie": Actie(
        gettext_lazy("Observatie toevoegen"),
        gettext_lazy("Observatie toevoegen"),
        lambda vraag, data=None: ObservatieForm(data),
        lambda vraag, user, d: services.observatie_toevoegen(
            vraag=vraag, door=user, observatie=d["observatie"], delen_met_ouders=d["delen_met_ouders"]
        ),
    ),
    "toestemming": Actie(
        gettext_lazy("Toestemming op papier vastleggen"),
        gettext_lazy("Toestemming vastleggen"),
        lambda vraag, data=None: ToestemmingPapierForm(data, vraag=vraag),
        lambda vraag, user, d: services.toestemming_geven(
            vraag=vraag,
            soort=d["soort"],
            ouder=d["ouder"],
            vastgelegd_door=user,
            gegeven_op=timezone.make_aware(datetime.datetime.combine(d["gegeven_op"], datetime.time(12))),
        ),
        gettext_lazy("Bewaar het ondertekende formulier in het dossier."),
    ),
    "toestemming_intrekken": Actie(
        gettext_lazy("Intrekking van toestemming vastleggen"),
        gettext_lazy("Toestemming intrekken"),
        lambda vraag, data=None: ToestemmingIntrekkenForm(data, vraag=vraag),
        lambda vraag, user, d: services.toestemming_intrekken(toestemming=d["toestemming"], door=user),
        gettext_lazy("De toegang die deze toestemming gaf, vervalt direct."),
    ),
    "afsluiten": Actie(
        gettext_lazy("Afsluiten"),
        gettext_lazy("Vraag afsluiten"),
        _tekst(gettext_lazy("Conclusie"), gettext_lazy("De ouders lezen de conclusie.")),
        lambda vraag, user, d: services.afsluiten(vraag=vraag, door=user, conclusie=d["tekst"]),
    ),
}
