"""The models of the support cases, one module per part of the lifecycle (docs/ontwerp.md §3)."""

from leerlingen.append_only import AppendOnlyError

from .overleg import Overleg
from .plan import PLAN_EVALUEREN_BINNEN, PLAN_VASTSTELLEN_BINNEN, BevrorenError, Doel, Plan, PlanTermijn, PlanVersie
from .reacties import BIJLAGE_MIME, Bijlage, BijlageSoort, Instemming, Reactie, _bijlage_pad
from .stap import Ouderbetrokkenheid, Stap, StapSoort
from .toestemming import Gegevensdeling, Grondslag, Toestemming, ToestemmingSoort, ToestemmingWijze
from .verwijzing import (
    BEZWAARTERMIJN,
    TLV_UITLEG,
    OndertekenaarRol,
    OndertekeningWijze,
    TlvBesluit,
    TlvOndertekening,
    TlvSoort,
    Verwijzing,
    inhoud_hash,
)
from .vraag import OPEN_STATUSSEN, InformeerWijze, Ondersteuningsvraag, Status, Urgentie

__all__ = [
    "AppendOnlyError",
    "BEZWAARTERMIJN",
    "BIJLAGE_MIME",
    "BevrorenError",
    "Bijlage",
    "BijlageSoort",
    "Doel",
    "Gegevensdeling",
    "Grondslag",
    "InformeerWijze",
    "Instemming",
    "OPEN_STATUSSEN",
    "OndertekenaarRol",
    "OndertekeningWijze",
    "Ondersteuningsvraag",
    "Ouderbetrokkenheid",
    "Overleg",
    "PLAN_EVALUEREN_BINNEN",
    "PLAN_VASTSTELLEN_BINNEN",
    "Plan",
    "PlanTermijn",
    "PlanVersie",
    "Reactie",
    "Stap",
    "StapSoort",
    "Status",
    "TLV_UITLEG",
    "TlvBesluit",
    "TlvOndertekening",
    "TlvSoort",
    "Toestemming",
    "ToestemmingSoort",
    "ToestemmingWijze",
    "Urgentie",
    "Verwijzing",
    "_bijlage_pad",
    "inhoud_hash",
]
