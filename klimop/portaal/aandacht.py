"""'Wat vraagt mijn aandacht' on /portaal/: short lists of work per role, each item a link to where it is done.

Every list is one query for its first rows (plus one count only when it is longer than shown), so the page
runs a fixed number of queries whatever the size of the school.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Case, Exists, F, IntegerField, OuterRef, Q, Subquery, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from klimop.accounts.models import Rol, User
from ondersteuning.models import (
    Doel,
    Overleg,
    PlanVersie,
    Reactie,
    Stap,
    StapSoort,
    Status,
    Toestemming,
    ToestemmingSoort,
    Urgentie,
)

MAX_PUNTEN = 10


@dataclass
class Punt:
    """One piece of work: what, for whom, by when, and the page where it is done."""

    tekst: str
    url: str
    leerling: str = ""
    datum: datetime.date | datetime.datetime | None = None
    te_laat: bool = False


@dataclass
class Lijst:
    sleutel: str
    kop: str
    punten: list[Punt] = field(default_factory=list)
    totaal: int = 0
    alle_url: str = ""
    meer: bool = False  # more than shown: the count is capped, so the page costs the same whatever the school's size


def _lijst(sleutel, kop, queryset, punt, alle_url="") -> Lijst:
    rijen = list(queryset[: MAX_PUNTEN + 1])
    meer = len(rijen) > MAX_PUNTEN
    punten = [punt(r) for r in rijen[:MAX_PUNTEN]]
    return Lijst(sleutel, kop, punten, len(punten), alle_url if meer else "", meer)


def _week(vandaag: datetime.date) -> tuple[datetime.datetime, datetime.datetime, datetime.date]:
    """From the start of today to the end of this week (Sunday)."""
    einde = vandaag + datetime.timedelta(days=6 - vandaag.weekday())
    tz = timezone.get_current_timezone()
    begin = datetime.datetime.combine(vandaag, datetime.time.min, tzinfo=tz)
    return begin, datetime.datetime.combine(einde, datetime.time.max, tzinfo=tz), einde


def _wachtrij(**filters) -> str:
    from urllib.parse import urlencode

    return reverse("ondersteuning:wachtrij") + ("?" + urlencode(filters) if filters else "")


def _laatste_versie():
    return Subquery(
        PlanVersie.objects.filter(plan_id=OuterRef("versie__plan_id")).order_by("-nummer").values("pk")[:1]
    )


def _naam(vraag) -> str:
    return vraag.leerling.volledige_naam


def schoolbreed(user: User, vragen, vandaag: datetime.date) -> list[Lijst]:
    """IB and directeur: new requests, unanswered parents, agreement pending, dates due, this week's meetings."""
    begin, einde_week, laatste_dag = _week(vandaag)
    open_ = vragen.open().select_related("leerling")
    gewicht = Case(
        When(urgentie=Urgentie.ZEER_HOOG, then=Value(3)),
        When(urgentie=Urgentie.HOOG, then=Value(2)),
        default=Value(1),
        output_field=IntegerField(),
    )
    nieuw = (
        open_.filter(status=Status.INGEDIEND, behandelaar__isnull=True)
        .annotate(gewicht=gewicht)
        .order_by("-gewicht", "-ingediend_op", "-pk")
    )
    laatste_ouderreactie = Subquery(
        Reactie.objects.filter(vraag_id=OuterRef("pk"), auteur__rol=Rol.OUDER).order_by("-moment").values("moment")[:1]
    )
    laatste_schoolstap = Subquery(
        Stap.objects.filter(vraag_id=OuterRef("pk"))
        .exclude(actor__rol=Rol.OUDER)
        .order_by("-moment")
        .values("moment")[:1]
    )
    # A parent's comment newer than anything the school did on the case since.
    reacties = (
        open_.annotate(ouderreactie=laatste_ouderreactie, schoolstap=laatste_schoolstap)
        .filter(ouderreactie__isnull=False)
        .filter(Q(schoolstap__isnull=True) | Q(ouderreactie__gt=F("schoolstap")))
        .order_by("-ouderreactie", "-pk")
    )
    instemming = (
        open_.met_ouderstatus()
        .filter(wacht_op_instemming=True)
        .select_related("plan__gedeelde_versie")
        .order_by("plan__gedeelde_versie__gedeeld_met_ouders_op", "pk")
    )
    datums = open_.filter(volgende_datum__lte=laatste_dag).order_by("volgende_datum", "pk")
    plannen = open_.filter(plan__termijn__lte=laatste_dag).select_related("plan").order_by("plan__termijn", "pk")
    overleggen = (
        Overleg.objects.filter(vraag__in=vragen, gehouden=False, datum__range=(begin, einde_week))
        .select_related("vraag__leerling")
        .order_by("datum", "pk")
    )
    return [
        _lijst(
            "nieuw",
            _("Nieuwe aanvragen, nog niet opgepakt"),
            nieuw,
            lambda v: Punt(
                _("Oppakken (urgentie: %(urgentie)s)") % {"urgentie": v.get_urgentie_display().lower()},
                v.get_absolute_url(),
                _naam(v),
                v.ingediend_op,
            ),
            _wachtrij(status=Status.INGEDIEND),
        ),
        _lijst(
            "reacties",
            _("Reacties van ouders, nog niet beantwoord"),
            reacties,
            lambda v: Punt(_("Reactie van de ouders"), v.get_absolute_url() + "#reacties", _naam(v), v.ouderreactie),
        ),
        _lijst(
            "instemming",
            _("Plannen die wachten op instemming"),
            instemming,
            lambda v: Punt(
                _("Wacht op het antwoord van de ouders"),
                reverse("ondersteuning:plan", args=[v.pk]),
                _naam(v),
                v.plan.gedeelde_versie.gedeeld_met_ouders_op,
            ),
        ),
        _lijst(
            "datums",
            _("Datums verlopen of deze week"),
            datums,
            lambda v: Punt(
                v.volgende_actie_label or _("Eerstvolgende datum"),
                v.get_absolute_url(),
                _naam(v),
                v.volgende_datum,
                v.volgende_datum < vandaag,
            ),
            _wachtrij(te_laat="on", sorteer="datum"),
        ),
        _lijst(
            "plantermijnen",
            _("Termijnen van plannen, verlopen of deze week"),
            plannen,
            lambda v: Punt(
                v.plan.get_termijn_soort_display(),
                reverse("ondersteuning:plan", args=[v.pk]),
                _naam(v),
                v.plan.termijn,
                v.plan.termijn_verlopen,
            ),
            _wachtrij(te_laat="on", sorteer="datum"),
        ),
        _lijst(
            "overleggen",
            _("Overleggen deze week"),
            overleggen,
            lambda o: Punt(
                _("Overleg ondersteuningsteam"), o.vraag.get_absolute_url() + "#overleggen", _naam(o.vraag), o.datum
            ),
        ),
    ]


def leerkracht(user: User, vragen, vandaag: datetime.date) -> list[Lijst]:
    """A teacher: open cases of own pupils with their next step, goals to evaluate soon, plans without the child."""
    open_ = vragen.open().select_related("leerling")
    lopend = open_.order_by(
        Case(When(volgende_datum__isnull=True, then=Value(1)), default=Value(0)), "volgende_datum", "-pk"
    )
    doelen = (
        Doel.objects.filter(
            versie__plan__vraag__in=open_,
            resultaat="",
            evaluatiedatum__lte=vandaag + datetime.timedelta(weeks=2),
        )
        .filter(versie_id=_laatste_versie())
        .select_related("versie__plan__vraag__leerling")
        .order_by("evaluatiedatum", "pk")
    )
    laatste = PlanVersie.objects.filter(plan_id=OuterRef("plan_id")).order_by("-nummer").values("pk")[:1]
    zonder_kind = (
        PlanVersie.objects.filter(plan__vraag__in=open_, pk=Subquery(laatste), kind_aan_het_woord="")
        .select_related("plan__vraag__leerling")
        .order_by("plan__termijn", "pk")
    )
    return [
        _lijst(
            "lopend",
            _("Lopende vragen van mijn leerlingen"),
            lopend,
            lambda v: Punt(
                v.volgende_actie_label or v.get_status_display(),
                v.get_absolute_url(),
                _naam(v),
                v.volgende_datum,
                v.te_laat,
            ),
            _wachtrij(),
        ),
        _lijst(
            "doelen",
            _("Doelen om binnenkort te evalueren"),
            doelen,
            lambda d: Punt(
                str(d),
                reverse("ondersteuning:plan", args=[d.versie.plan.vraag_id]),
                _naam(d.versie.plan.vraag),
                d.evaluatiedatum,
                d.evaluatiedatum < vandaag,
            ),
        ),
        _lijst(
            "kind",
            _("Plannen waarin 'Kind aan het woord' nog leeg is"),
            zonder_kind,
            lambda pv: Punt(
                _("Vraag het kind naar zijn of haar eigen woorden en doelen"),
                reverse("ondersteuning:plan", args=[pv.plan.vraag_id]),
                _naam(pv.plan.vraag),
            ),
        ),
    ]


def extern(user: User, vragen, vandaag: datetime.date) -> list[Lijst]:
    """OT member or trajectbegeleider: meetings they are invited to, cases waiting for their advice."""
    begin, _einde, _dag = _week(vandaag)
    overleggen = (
        Overleg.objects.filter(vraag__in=vragen, deelnemers=user, gehouden=False, datum__gte=begin)
        .select_related("vraag__leerling")
        .order_by("datum", "pk")
    )
    # Waiting for advice: no advice from this person since the case reached its present state.
    eigen_advies = Stap.objects.filter(
        vraag_id=OuterRef("pk"), actor=user, soort=StapSoort.ADVIES, moment__gte=OuterRef("status_sinds")
    )
    advies = (
        vragen.open()
        .exclude(status=Status.VERWIJZING)
        .filter(~Exists(eigen_advies))
        .select_related("leerling")
        .order_by("status_sinds", "pk")
    )
    return [
        _lijst(
            "overleggen",
            _("Overleggen waarvoor u bent uitgenodigd"),
            overleggen,
            lambda o: Punt(
                _("Overleg ondersteuningsteam"), o.vraag.get_absolute_url() + "#overleggen", _naam(o.vraag), o.datum
            ),
        ),
        _lijst(
            "advies",
            _("Vragen die wachten op uw advies"),
            advies,
            lambda v: Punt(
                _("Advies geven"), reverse("ondersteuning:actie", args=[v.pk, "advies"]), _naam(v), v.status_sinds
            ),
            _wachtrij(),
        ),
    ]


def ouder(user: User, vragen, vandaag: datetime.date) -> list[Lijst]:
    """A parent: what the school asks of them, the next meeting, new messages from school."""
    begin, _einde, _dag = _week(vandaag)
    open_ = vragen.open().select_related("leerling")
    zonder = {
        soort: ~Exists(Toestemming.objects.filter(vraag_id=OuterRef("pk"), soort=soort, ingetrokken_op__isnull=True))
        for soort in (ToestemmingSoort.DELEN_OT, ToestemmingSoort.DELEN_SWV)
    }
    gevraagd = (
        open_.met_status_voor_ouder(user)
        .filter(
            Q(wacht_op_mij=True)
            | (Q(status=Status.ONDERSTEUNINGSTEAM) & zonder[ToestemmingSoort.DELEN_OT])
            | (Q(status=Status.TRAJECTBEGELEIDING) & zonder[ToestemmingSoort.DELEN_SWV])
        )
        .order_by("-status_sinds", "pk")
    )
    overleggen = (
        Overleg.objects.filter(vraag__in=vragen, gehouden=False, datum__gte=begin)
        .select_related("vraag__leerling")
        .order_by("datum", "pk")
    )
    # New: a comment from school after this parent's own latest comment on that case.
    eigen = Reactie.objects.filter(vraag_id=OuterRef("vraag_id"), auteur=user).order_by("-moment").values("moment")[:1]
    berichten = (
        Reactie.objects.zichtbaar_voor(user)
        .exclude(auteur__rol=Rol.OUDER)
        .annotate(eigen=Subquery(eigen))
        .filter(Q(eigen__isnull=True) | Q(moment__gt=F("eigen")))
        .filter(moment__gte=timezone.now() - datetime.timedelta(days=30))
        .select_related("vraag__leerling", "auteur")
        .order_by("-moment", "-pk")
    )

    def _gevraagd(v):
        if v.wacht_op_mij:
            tekst, url = _("Geef uw mening over het plan (akkoord of niet akkoord)"), "ouders:instemming"
        else:
            tekst, url = _("De school vraagt uw toestemming om gegevens te delen"), "ouders:toestemming"
        return Punt(tekst, reverse(url, args=[v.pk]), _naam(v), v.status_sinds)

    return [
        _lijst("gevraagd", _("Wat de school u vraagt"), gevraagd, _gevraagd),
        _lijst(
            "overleggen",
            _("Gesprekken met de school"),
            overleggen,
            lambda o: Punt(
                _("Overleg over de ondersteuning"),
                reverse("ouders:vraag", args=[o.vraag_id]) + "#overleggen",
                _naam(o.vraag),
                o.datum,
            ),
        ),
        _lijst(
            "berichten",
            _("Nieuwe berichten van school"),
            berichten,
            lambda r: Punt(
                r.tekst[:120], reverse("ouders:vraag", args=[r.vraag_id]) + "#reacties", _naam(r.vraag), r.moment
            ),
        ),
    ]


def lijsten(user: User, vragen, vandaag: datetime.date) -> list[Lijst]:
    """The attention lists for `user`'s role, from the cases `vragen` they may see."""
    if user.rol in (Rol.IB, Rol.DIRECTEUR):
        return schoolbreed(user, vragen, vandaag)
    if user.rol == Rol.LEERKRACHT:
        return leerkracht(user, vragen, vandaag)
    if user.rol in (Rol.OT_LID, Rol.TRAJECTBEGELEIDER):
        return extern(user, vragen, vandaag)
    if user.rol == Rol.OUDER:
        return ouder(user, vragen, vandaag)
    return []
