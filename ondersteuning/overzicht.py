"""The IB and directeur's overview of a school year (issue 6.3). Every figure is one aggregate query.

A figure is a list of rows (label, number) with a title and a description; the page draws it as an SVG bar chart
beside a table with the same rows, and the CSV download writes the same rows again.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Min, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from leerlingen.models import Groep

from .models import (
    OPEN_STATUSSEN,
    Ondersteuningsvraag,
    Plan,
    PlanTermijn,
    PlanVersie,
    Stap,
    StapSoort,
    Status,
    Toestemming,
    ToestemmingSoort,
)

# The first routing decision after the IB took the case up (docs/ontwerp.md §4).
BESLUIT_SOORTEN = (StapSoort.BASISONDERSTEUNING, StapSoort.ONDERSTEUNINGSTEAM)

# Lead-time buckets: (upper bound in days, label). The last bucket has no upper bound.
DOORLOOPTIJD_KLASSEN = [
    (7, gettext_lazy("binnen 1 week")),
    (14, gettext_lazy("1 tot 2 weken")),
    (28, gettext_lazy("2 tot 4 weken")),
    (56, gettext_lazy("4 tot 8 weken")),
    (None, gettext_lazy("meer dan 8 weken")),
]


@dataclass(frozen=True, order=True)
class Schooljaar:
    """A Dutch school year, from 1 August to 31 July; `start` is the calendar year of its 1 August."""

    start: int

    @classmethod
    def van_datum(cls, datum: datetime.date) -> "Schooljaar":
        return cls(datum.year if datum.month >= 8 else datum.year - 1)

    @classmethod
    def huidig(cls) -> "Schooljaar":
        return cls.van_datum(timezone.localdate())

    @classmethod
    def uit_tekst(cls, tekst: str) -> "Schooljaar | None":
        """Parse "2026-2027"; anything else gives None."""
        begin, _, eind = (tekst or "").partition("-")
        if not (begin.isdigit() and eind.isdigit() and len(begin) == len(eind) == 4):
            return None
        return cls(int(begin)) if int(eind) == int(begin) + 1 else None

    def __str__(self) -> str:
        return f"{self.start}-{self.start + 1}"

    @property
    def eerste_dag(self) -> datetime.date:
        return datetime.date(self.start, 8, 1)

    @property
    def laatste_dag(self) -> datetime.date:
        return datetime.date(self.start + 1, 7, 31)

    @property
    def begin(self) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime(self.start, 8, 1))

    @property
    def einde(self) -> datetime.datetime:
        """The first moment after the school year (exclusive bound)."""
        return timezone.make_aware(datetime.datetime(self.start + 1, 8, 1))

    @property
    def is_huidig(self) -> bool:
        return self == Schooljaar.huidig()

    def peilmoment(self, nu: datetime.datetime | None = None) -> datetime.datetime:
        """The moment a snapshot of this year is taken: now for the running year, else its last moment."""
        nu = nu or timezone.now()
        return min(nu, self.einde - datetime.timedelta(microseconds=1))


@dataclass(frozen=True)
class Rij:
    label: str
    waarde: int


@dataclass(frozen=True)
class Figuur:
    slug: str
    titel: str
    beschrijving: str
    kolom: str
    eenheid: str
    rijen: list[Rij]
    toelichting: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def totaal(self) -> int:
        return sum(rij.waarde for rij in self.rijen)


def _vragen(user):
    """Submitted cases the user may see; the overview never counts concepts."""
    return (
        Ondersteuningsvraag.objects.zichtbaar_voor(user)
        .exclude(status=Status.CONCEPT)
        .filter(ingediend_op__isnull=False)
    )


def beschikbare_schooljaren(user) -> list[Schooljaar]:
    """From the year of the first submitted case up to the running year, newest first."""
    huidig = Schooljaar.huidig()
    eerste = _vragen(user).aggregate(eerste=Min("ingediend_op"))["eerste"]
    begin = Schooljaar.van_datum(timezone.localdate(eerste)) if eerste else huidig
    return [Schooljaar(jaar) for jaar in range(huidig.start, min(begin, huidig).start - 1, -1)]


def _status_op(moment: datetime.datetime) -> Subquery:
    """A case's status at `moment`: the state its last status-changing step before then moved it to."""
    return Subquery(
        Stap.objects.filter(vraag=OuterRef("pk"), moment__lte=moment)
        .exclude(naar_status="")
        .order_by("-moment", "-pk")
        .values("naar_status")[:1]
    )


def _eerste_stap(*soorten: str) -> Subquery:
    return Subquery(
        Stap.objects.filter(vraag=OuterRef("pk"), soort__in=soorten).order_by("moment", "pk").values("moment")[:1]
    )


def open_vragen(user, jaar: Schooljaar, nu: datetime.datetime | None = None) -> list[dict]:
    """Open cases at the year's snapshot moment, counted per (status, group) in one query."""
    peil = jaar.peilmoment(nu)
    # Now, a case's status is the one every step already keeps on it: no subquery over each case's steps (issue 18:
    # it ran 40,000 times at 20,000 pupils). Past snapshots still reconstruct the status from the steps.
    status_op = F("status") if nu is None and jaar.is_huidig else _status_op(peil)
    return list(
        _vragen(user)
        .filter(ingediend_op__lte=peil)
        .annotate(status_op=status_op)
        .filter(status_op__in=OPEN_STATUSSEN)
        .values("status_op", "leerling__groep__naam", "leerling__groep__leerjaar")
        .annotate(aantal=Count("pk"))
        .order_by()
    )


def _open_op(jaar: Schooljaar, nu=None) -> str:
    if jaar.is_huidig:
        return _("Ondersteuningsvragen die nu openstaan")
    return _("Ondersteuningsvragen die op %(datum)s openstonden") % {
        "datum": timezone.localtime(jaar.peilmoment(nu)).strftime("%d-%m-%Y")
    }


def figuur_open_per_status(user, jaar: Schooljaar, *, open_rijen=None, nu=None) -> Figuur:
    rijen = open_rijen if open_rijen is not None else open_vragen(user, jaar, nu)
    per_status = dict.fromkeys(OPEN_STATUSSEN, 0)
    for rij in rijen:
        per_status[rij["status_op"]] += rij["aantal"]
    return Figuur(
        slug="open-per-status",
        titel=_("Open vragen per status"),
        beschrijving=_("%(vragen)s, naar hun status op dat moment.") % {"vragen": _open_op(jaar, nu)},
        kolom=_("Status"),
        eenheid=_("Aantal vragen"),
        rijen=[Rij(str(Status(status).label), aantal) for status, aantal in per_status.items()],
    )


def figuur_open_per_groep(user, jaar: Schooljaar, *, open_rijen=None, nu=None) -> Figuur:
    rijen = open_rijen if open_rijen is not None else open_vragen(user, jaar, nu)
    # Every group of the year gets a row, so a group without open cases shows a 0 rather than disappearing.
    groepen = {
        naam: (leerjaar, 0)
        for naam, leerjaar in Groep.objects.van_schooljaar(str(jaar)).values_list("naam", "leerjaar")
    }
    zonder = 0
    for rij in rijen:
        naam = rij["leerling__groep__naam"]
        if naam is None:
            zonder += rij["aantal"]
            continue
        leerjaar, aantal = groepen.get(naam, (rij["leerling__groep__leerjaar"], 0))
        groepen[naam] = (leerjaar, aantal + rij["aantal"])
    volgorde = sorted(groepen.items(), key=lambda item: (item[1][0], item[0]))
    uitvoer = [Rij(naam, aantal) for naam, (_leerjaar, aantal) in volgorde]
    if zonder:
        uitvoer.append(Rij(_("Zonder groep"), zonder))
    return Figuur(
        slug="open-per-groep",
        titel=_("Open vragen per groep"),
        beschrijving=_("%(vragen)s, naar de groep waarin de leerling nu zit.") % {"vragen": _open_op(jaar, nu)},
        kolom=_("Groep"),
        eenheid=_("Aantal vragen"),
        rijen=uitvoer,
    )


def _doorlooptijd(vragen, van, tot, jaar: Schooljaar) -> dict:
    """Bucket counts and the average of `tot - van` for cases whose `tot` falls in the school year."""
    vragen = (
        vragen.annotate(van=van, tot=tot)
        .filter(tot__gte=jaar.begin, tot__lt=jaar.einde, van__isnull=False)
        .annotate(duur=ExpressionWrapper(F("tot") - F("van"), output_field=DurationField()))
    )
    tellingen = {"aantal": Count("pk"), "gemiddeld": Avg("duur")}
    ondergrens = None
    for index, (bovengrens, _label) in enumerate(DOORLOOPTIJD_KLASSEN):
        filter_ = Q()
        if ondergrens is not None:
            filter_ &= Q(duur__gt=datetime.timedelta(days=ondergrens))
        if bovengrens is not None:
            filter_ &= Q(duur__lte=datetime.timedelta(days=bovengrens))
        tellingen[f"klasse_{index}"] = Count("pk", filter=filter_)
        ondergrens = bovengrens
    return vragen.aggregate(**tellingen)


def _doorlooptijd_figuur(uitkomst: dict, **velden) -> Figuur:
    rijen = [Rij(str(label), uitkomst[f"klasse_{i}"]) for i, (_grens, label) in enumerate(DOORLOOPTIJD_KLASSEN)]
    gemiddeld = uitkomst["gemiddeld"]
    dagen = round(gemiddeld.total_seconds() / 86400, 1) if gemiddeld is not None else None
    if dagen is None:
        toelichting = _("Geen vragen in dit schooljaar.")
    else:
        toelichting = _("%(aantal)s vragen; gemiddeld %(dagen)s dagen.") % {
            "aantal": uitkomst["aantal"],
            "dagen": f"{dagen:.1f}".replace(".", ","),
        }
    return Figuur(
        kolom=_("Doorlooptijd"),
        eenheid=_("Aantal vragen"),
        rijen=rijen,
        toelichting=toelichting,
        extra={"gemiddeld_dagen": dagen, "aantal": uitkomst["aantal"]},
        **velden,
    )


def figuur_tijd_tot_besluit(user, jaar: Schooljaar, **_kwargs) -> Figuur:
    """Filed → decision, where the decision is the first routing step: basisondersteuning or the OT."""
    uitkomst = _doorlooptijd(_vragen(user), F("ingediend_op"), _eerste_stap(*BESLUIT_SOORTEN), jaar)
    return _doorlooptijd_figuur(
        uitkomst,
        slug="tijd-tot-besluit",
        titel=_("Doorlooptijd van indienen tot besluit"),
        beschrijving=_(
            "Dagen tussen het indienen van een vraag en het eerste besluit over de route (verder binnen de "
            "basisondersteuning of aanmelden bij het ondersteuningsteam), voor besluiten in dit schooljaar."
        ),
    )


def figuur_besluit_tot_plan(user, jaar: Schooljaar, **_kwargs) -> Figuur:
    """Decision → the first plan version shared with the parents (the plan is due within six weeks)."""
    uitkomst = _doorlooptijd(_vragen(user), _eerste_stap(*BESLUIT_SOORTEN), _eerste_stap(StapSoort.PLAN_GEDEELD), jaar)
    return _doorlooptijd_figuur(
        uitkomst,
        slug="besluit-tot-plan",
        titel=_("Doorlooptijd van besluit tot plan"),
        beschrijving=_(
            "Dagen tussen het eerste besluit over de route en het moment dat het eerste plan met de ouders is "
            "gedeeld, voor plannen die in dit schooljaar voor het eerst zijn gedeeld."
        ),
    )


def figuur_plantermijnen(user, jaar: Schooljaar, *, nu=None, **_kwargs) -> Figuur:
    """Open cases' plans by what is due (set the plan, evaluate it) and whether that date has passed."""
    vandaag = timezone.localdate(nu) if nu else timezone.localdate()
    plannen = Plan.objects.filter(vraag__in=_vragen(user).filter(status__in=OPEN_STATUSSEN), termijn__isnull=False)
    if not jaar.is_huidig:
        # A past year shows the deadlines that fell in that year; the running year every open plan.
        plannen = plannen.filter(termijn__gte=jaar.eerste_dag, termijn__lte=jaar.laatste_dag)
    tellingen = plannen.aggregate(
        **{
            f"{soort.value}_{wanneer}": Count("pk", filter=Q(termijn_soort=soort.value) & voorwaarde)
            for soort in PlanTermijn
            for wanneer, voorwaarde in (("verlopen", Q(termijn__lt=vandaag)), ("komend", Q(termijn__gte=vandaag)))
        }
    )
    rijen = []
    for soort in PlanTermijn:
        rijen.append(Rij(_("%(wat)s: verlopen") % {"wat": soort.label}, tellingen[f"{soort.value}_verlopen"]))
        rijen.append(Rij(_("%(wat)s: nog op tijd") % {"wat": soort.label}, tellingen[f"{soort.value}_komend"]))
    return Figuur(
        slug="plantermijnen",
        titel=_("Plannen: vaststellen en evalueren"),
        beschrijving=_(
            "Open vragen met een plan, naar wat er moet gebeuren (het plan binnen zes weken na de start van de "
            "extra ondersteuning vaststellen, of het ten minste jaarlijks evalueren) en of die datum voorbij is "
            "(stand van vandaag)."
        ),
        kolom=_("Termijn"),
        eenheid=_("Aantal plannen"),
        rijen=rijen,
    )


def figuur_besluit_tot_arrangement(user, jaar: Schooljaar, **_kwargs) -> Figuur:
    """Decision → start of the arrangement."""
    uitkomst = _doorlooptijd(_vragen(user), _eerste_stap(*BESLUIT_SOORTEN), _eerste_stap(StapSoort.ARRANGEMENT), jaar)
    return _doorlooptijd_figuur(
        uitkomst,
        slug="besluit-tot-arrangement",
        titel=_("Doorlooptijd van besluit tot start arrangement"),
        beschrijving=_(
            "Dagen tussen het eerste besluit over de route en de start van het (eerste) arrangement, voor "
            "arrangementen die in dit schooljaar startten."
        ),
    )


def figuur_verlopen_datums(user, jaar: Schooljaar, *, nu=None, **_kwargs) -> Figuur:
    """Open cases whose next date (evaluation, meeting, decision) has passed; a snapshot of today."""
    vandaag = timezone.localdate(nu) if nu else timezone.localdate()
    verlopen = _vragen(user).filter(status__in=OPEN_STATUSSEN, volgende_datum__lt=vandaag)
    verlopen = verlopen.filter(volgende_datum__lte=jaar.laatste_dag)
    if not jaar.is_huidig:
        verlopen = verlopen.filter(volgende_datum__gte=jaar.eerste_dag)
    tellingen = verlopen.values("volgende_actie").annotate(aantal=Count("pk")).order_by("-aantal", "volgende_actie")
    return Figuur(
        slug="verlopen-datums",
        titel=_("Verlopen evaluaties en andere datums"),
        beschrijving=_(
            "Open vragen waarvan de eerstvolgende datum voorbij is, naar wat er op die datum moest gebeuren "
            "(stand van vandaag)."
        )
        if jaar.is_huidig
        else _(
            "Vragen die nu nog openstaan en waarvan de eerstvolgende datum in dit schooljaar viel en voorbij is, "
            "naar wat er op die datum moest gebeuren (stand van vandaag)."
        ),
        kolom=_("Eerstvolgende actie"),
        eenheid=_("Aantal vragen"),
        rijen=[
            Rij(_(rij["volgende_actie"]) if rij["volgende_actie"] else _("Overig"), rij["aantal"]) for rij in tellingen
        ],
    )


def figuur_ingetrokken_toestemmingen(user, jaar: Schooljaar, **_kwargs) -> Figuur:
    tellingen = dict(
        Toestemming.objects.filter(
            vraag__in=_vragen(user), ingetrokken_op__gte=jaar.begin, ingetrokken_op__lt=jaar.einde
        )
        .values_list("soort")
        .annotate(aantal=Count("pk"))
        .order_by()
    )
    return Figuur(
        slug="ingetrokken-toestemmingen",
        titel=_("Ingetrokken toestemmingen"),
        beschrijving=_("Toestemmingen van ouders die in dit schooljaar zijn ingetrokken, per soort toestemming."),
        kolom=_("Soort toestemming"),
        eenheid=_("Aantal ingetrokken"),
        rijen=[Rij(str(soort.label), tellingen.get(soort.value, 0)) for soort in ToestemmingSoort],
    )


FIGUREN: dict[str, Callable[..., Figuur]] = {
    "open-per-status": figuur_open_per_status,
    "open-per-groep": figuur_open_per_groep,
    "tijd-tot-besluit": figuur_tijd_tot_besluit,
    "besluit-tot-arrangement": figuur_besluit_tot_arrangement,
    "besluit-tot-plan": figuur_besluit_tot_plan,
    "plantermijnen": figuur_plantermijnen,
    "verlopen-datums": figuur_verlopen_datums,
    "ingetrokken-toestemmingen": figuur_ingetrokken_toestemmingen,
}


def alle_figuren(user, jaar: Schooljaar, nu: datetime.datetime | None = None) -> list[Figuur]:
    """Every figure of the overview; the two open-case figures share one query."""
    open_rijen = open_vragen(user, jaar, nu)
    return [functie(user, jaar, open_rijen=open_rijen, nu=nu) for functie in FIGUREN.values()]


def figuur(slug: str, user, jaar: Schooljaar) -> Figuur | None:
    functie = FIGUREN.get(slug)
    return functie(user, jaar) if functie else None


@dataclass(frozen=True)
class RodRegel:
    leerlingnummer: str
    naam: str
    groep: str
    start: datetime.date
    einde: datetime.date | None
    vraag_id: int


def plannen_voor_rod(user, jaar: Schooljaar) -> list[RodRegel]:
    """Plans (ontwikkelingsperspectieven) that ran in the school year, with start and end, for the ROD registration.

    A plan starts on the day its first version shared with the parents was set (vastgesteld), and ends when its
    case was closed.
    """
    eerste_start = Subquery(
        PlanVersie.objects.filter(plan=OuterRef("pk"), gedeeld_met_ouders_op__isnull=False)
        .order_by("vastgesteld_op", "nummer")
        .values("vastgesteld_op")[:1]
    )
    plannen = (
        Plan.objects.filter(vraag__in=_vragen(user))
        .annotate(start=eerste_start)
        .filter(start__isnull=False, start__lte=jaar.laatste_dag)
        .filter(Q(vraag__afgesloten_op__isnull=True) | Q(vraag__afgesloten_op__gte=jaar.begin))
        .select_related("vraag__leerling__groep")
        .order_by("vraag__leerling__achternaam", "vraag__leerling__voornaam", "start")
    )
    return [
        RodRegel(
            leerlingnummer=plan.vraag.leerling.leerlingnummer,
            naam=plan.vraag.leerling.sorteernaam,
            groep=str(plan.vraag.leerling.groep or ""),
            start=plan.start,
            einde=timezone.localdate(plan.vraag.afgesloten_op) if plan.vraag.afgesloten_op else None,
            vraag_id=plan.vraag_id,
        )
        for plan in plannen
    ]
