"""The forms of ondersteuning, one module per concern; `from ondersteuning.forms import X` reaches them all."""

from .acties import (
    ArrangementForm,
    BasisondersteuningForm,
    EvaluatieForm,
    ObservatieForm,
    OuderAanwezigMixin,
    OverlegPlannenForm,
    OverlegVastleggenForm,
    TekstForm,
    TlvBesluitForm,
    ToestemmingIntrekkenForm,
    ToestemmingPapierForm,
    TrajectbegeleiderForm,
    VerwijzingForm,
)
from .plan import LANG, BaseDoelFormSet, DoelForm, DoelFormSet, PlanVersieForm
from .reacties import BijlageForm, InstemmingForm, ReactieForm, ToestemmingOuderForm
from .verwijzing import AdviesForm, OndertekenForm, PapierOndertekeningForm, VersturenForm, ZienswijzeForm
from .vraag import DATUM, DATUMTIJD, INDIEN_MELDINGEN, MeerkeuzeVeld, VraagForm, WachtrijFilterForm

__all__ = [
    "AdviesForm",
    "ZienswijzeForm",
    "ArrangementForm",
    "BaseDoelFormSet",
    "BasisondersteuningForm",
    "BijlageForm",
    "DATUM",
    "DATUMTIJD",
    "DoelForm",
    "DoelFormSet",
    "EvaluatieForm",
    "INDIEN_MELDINGEN",
    "InstemmingForm",
    "LANG",
    "MeerkeuzeVeld",
    "ObservatieForm",
    "OndertekenForm",
    "OuderAanwezigMixin",
    "OverlegPlannenForm",
    "OverlegVastleggenForm",
    "PapierOndertekeningForm",
    "PlanVersieForm",
    "ReactieForm",
    "TekstForm",
    "TlvBesluitForm",
    "ToestemmingIntrekkenForm",
    "ToestemmingOuderForm",
    "ToestemmingPapierForm",
    "TrajectbegeleiderForm",
    "VersturenForm",
    "VerwijzingForm",
    "VraagForm",
    "WachtrijFilterForm",
]
