"""Case transitions (docs/ontwerp.md §4). Each checks its rule and writes exactly one timeline step.

One module per part of the lifecycle; `from ondersteuning import services` reaches them all.
"""

from ._basis import OVERGANGEN, SCHOOLLEIDING, SCHOOLTEAM, Geweigerd
from .beschikbaar import beschikbare_acties
from .overleg import overleg_plannen, overleg_vastleggen
from .plan import (
    PLAN_KIND,
    PLAN_VOLLEDIG,
    concept_versie,
    ontbreekt_voor_delen,
    plan_schrijfrecht,
    plan_starten,
    versie_delen,
    versie_opslaan,
)
from .reacties import MAX_BIJLAGE_GROOTTE, bestandssoort, bijlage_toevoegen, controleer_bestand, instemmen, reageren
from .toestemming import actieve_toestemming, toestemming_geven, toestemming_intrekken
from .uitnodigingen import overleg_afzeggen, overleg_verzetten
from .verwijzing import (
    mag_advies_schrijven,
    ouders_met_gezag,
    tlv_aanvraag_opslaan,
    tlv_advies_schrijven,
    tlv_besluit_vastleggen,
    tlv_ondertekenen,
    tlv_papier_ondertekening,
    tlv_versturen,
    tlv_zienswijze_opslaan,
    volledigheid,
)
from .vraag import (
    advies_geven,
    afsluiten,
    arrangement_starten,
    binnen_basisondersteuning,
    evalueren,
    indienen,
    naar_ondersteuningsteam,
    observatie_toevoegen,
    ontbrekende_indienvelden,
    openen_voor_trajectbegeleider,
    oppakken,
)

__all__ = [
    "overleg_afzeggen",
    "overleg_verzetten",
    "Geweigerd",
    "MAX_BIJLAGE_GROOTTE",
    "OVERGANGEN",
    "PLAN_KIND",
    "PLAN_VOLLEDIG",
    "SCHOOLLEIDING",
    "SCHOOLTEAM",
    "actieve_toestemming",
    "advies_geven",
    "afsluiten",
    "arrangement_starten",
    "beschikbare_acties",
    "bestandssoort",
    "bijlage_toevoegen",
    "binnen_basisondersteuning",
    "concept_versie",
    "controleer_bestand",
    "evalueren",
    "indienen",
    "instemmen",
    "naar_ondersteuningsteam",
    "observatie_toevoegen",
    "ontbreekt_voor_delen",
    "ontbrekende_indienvelden",
    "openen_voor_trajectbegeleider",
    "oppakken",
    "overleg_plannen",
    "overleg_vastleggen",
    "plan_schrijfrecht",
    "plan_starten",
    "reageren",
    "mag_advies_schrijven",
    "ouders_met_gezag",
    "tlv_aanvraag_opslaan",
    "tlv_advies_schrijven",
    "tlv_besluit_vastleggen",
    "tlv_ondertekenen",
    "tlv_papier_ondertekening",
    "tlv_versturen",
    "tlv_zienswijze_opslaan",
    "toestemming_geven",
    "toestemming_intrekken",
    "versie_delen",
    "versie_opslaan",
    "volledigheid",
]
