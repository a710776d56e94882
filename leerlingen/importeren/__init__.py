"""Reading an export of the leerlingadministratie (EDEXML or CSV) into an import plan; see README.md.

Nothing here writes to the database: `services.importeer_leerlingen` applies a plan.
"""

from .csv_import import (
    DATUMFORMATEN,
    KOLOMMEN,
    MAX_OUDERS,
    OUDERVELDEN,
    VERPLICHTE_KOLOMMEN,
    LeerlingRijForm,
    OudersRijForm,
    is_xml,
    lees_csv,
    lees_tekst,
)
from .edexml import lees_edexml, ontsmet
from .plan import (
    MAX_BESTANDSGROOTTE,
    BestandFout,
    Fout,
    GroepLeerkracht,
    ImportPlan,
    Koppeling,
    Leerkracht,
    LeerlingRij,
    LeerlingWijziging,
    OuderRij,
    Overgeslagen,
    Wijziging,
    leerlingnummer_fout,
)
from .vergelijken import maak_plan

__all__ = [
    "DATUMFORMATEN",
    "KOLOMMEN",
    "MAX_BESTANDSGROOTTE",
    "MAX_OUDERS",
    "OUDERVELDEN",
    "VERPLICHTE_KOLOMMEN",
    "BestandFout",
    "Fout",
    "GroepLeerkracht",
    "ImportPlan",
    "Koppeling",
    "Leerkracht",
    "LeerlingRij",
    "LeerlingRijForm",
    "LeerlingWijziging",
    "OuderRij",
    "OudersRijForm",
    "Overgeslagen",
    "Wijziging",
    "is_xml",
    "lees_csv",
    "lees_edexml",
    "lees_tekst",
    "leerlingnummer_fout",
    "maak_plan",
    "ontsmet",
]
