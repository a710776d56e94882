"""The plan (docs/ontwerp.md §3): starting it, its versions, its goals and sharing a version with the parents."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from klimop.accounts.models import Rol, User

from ..models import (
    PLAN_EVALUEREN_BINNEN,
    PLAN_VASTSTELLEN_BINNEN,
    Doel,
    Ondersteuningsvraag,
    Ouderbetrokkenheid,
    Plan,
    PlanTermijn,
    PlanVersie,
    Stap,
    StapSoort,
)
from ._basis import SCHOOLLEIDING, Geweigerd, _moet_rol, _open_vraag, _schooltaal, _stap

PLAN_VOLLEDIG = "volledig"
PLAN_KIND = "kind"


def plan_schrijfrecht(vraag: Ondersteuningsvraag, user: User) -> str | None:
    """IB/directeur write the whole plan; the pupil's own teacher writes the child's words and the goals."""
    if user.rol in SCHOOLLEIDING:
        return PLAN_VOLLEDIG
    groep_id = vraag.leerling.groep_id
    if user.rol == Rol.LEERKRACHT and groep_id and user.groepen.filter(pk=groep_id).exists():
        return PLAN_KIND
    return None


def _plantermijn_bij_arrangement(vraag: Ondersteuningsvraag, nu) -> None:
    # The plan is due six weeks after extra support starts; a renewed arrangement keeps the running deadline.
    plan, _nieuw = Plan.objects.get_or_create(vraag=vraag, defaults={"aangemaakt_op": nu})
    if plan.gedeelde_versie_id is None and plan.termijn is None:
        plan.termijn = timezone.localdate(nu) + PLAN_VASTSTELLEN_BINNEN
        plan.termijn_soort = PlanTermijn.VASTSTELLEN
        plan.save(update_fields=["termijn", "termijn_soort"])


@transaction.atomic
def plan_starten(
    *, vraag: Ondersteuningsvraag, door: User, inhoud: dict | None = None, doelen: list[dict] | None = None, nu=None
) -> PlanVersie:
    """Start the plan of a case: its first version, a concept until it is shared."""
    nu = nu or timezone.now()
    _moet_rol(door, SCHOOLLEIDING, _("Alleen de intern begeleider of de directeur start een plan."))
    vraag = _open_vraag(vraag)
    plan, _nieuw = Plan.objects.get_or_create(vraag=vraag, defaults={"aangemaakt_op": nu})
    if plan.versies.exists():
        raise Geweigerd(_("Deze vraag heeft al een plan."))
    versie = PlanVersie.objects.create(plan=plan, nummer=1, aangemaakt_door=door, aangemaakt_op=nu, bijgewerkt_op=nu)
    return versie_opslaan(versie=versie, door=door, inhoud=inhoud or {}, doelen=doelen, nu=nu)


@transaction.atomic
def concept_versie(*, vraag: Ondersteuningsvraag, door: User, nu=None) -> PlanVersie:
    """The version being worked on: the open concept, or a new one copied from the last shared version."""
    nu = nu or timezone.now()
    if plan_schrijfrecht(vraag, door) is None:
        raise Geweigerd(_("U kunt dit plan niet bewerken."))
    vraag = _open_vraag(vraag)
    plan = Plan.objects.select_for_update().filter(vraag=vraag).first()
    laatste = plan.versies.order_by("-nummer").first() if plan else None
    if laatste is None:
        raise Geweigerd(_("Er is nog geen plan. De intern begeleider start het plan."))
    if not laatste.is_gedeeld:
        return laatste
    nieuw = PlanVersie(
        plan=plan,
        nummer=laatste.nummer + 1,
        aangemaakt_door=door,
        aangemaakt_op=nu,
        bijgewerkt_op=nu,
        **{veld: getattr(laatste, veld) for veld in PlanVersie.INHOUD},
    )
    # A new version is set again when it is shared.
    nieuw.vastgesteld_op = None
    nieuw.save()
    Doel.objects.bulk_create(
        Doel(
            versie=nieuw,
            omschrijving=doel.omschrijving,
            evaluatiedatum=doel.evaluatiedatum,
            resultaat=doel.resultaat,
            volgorde=doel.volgorde,
        )
        for doel in laatste.doelen.all()
    )
    return nieuw


@transaction.atomic
def versie_opslaan(
    *,
    versie: PlanVersie,
    door: User,
    inhoud: dict,
    doelen: list[dict] | None = None,
    verwijderd: list[int] = (),
    nu=None,
) -> PlanVersie:
    """Save a concept version. The pupil's teacher may change only the child's own words and the goals.

    `doelen` are goals to update (with their `id`) or add (without); a goal of the version is removed only when
    its id is in `verwijderd`, so a goal the form did not carry is never lost.
    """
    nu = nu or timezone.now()
    recht = plan_schrijfrecht(versie.plan.vraag, door)
    if recht is None:
        raise Geweigerd(_("U kunt dit plan niet bewerken."))
    _open_vraag(versie.plan.vraag)
    versie = PlanVersie.objects.select_for_update().get(pk=versie.pk)
    if versie.is_gedeeld:
        raise Geweigerd(
            _("Deze versie is met de ouders gedeeld en ligt vast. Wijzigingen komen in een nieuwe versie.")
        )
    toegestaan = PlanVersie.INHOUD if recht == PLAN_VOLLEDIG else PlanVersie.KIND
    if set(inhoud) - set(toegestaan):
        raise Geweigerd(
            _("Als leerkracht schrijft u “Kind aan het woord” en de doelen; de rest doet de intern begeleider.")
        )
    for veld, waarde in inhoud.items():
        setattr(versie, veld, waarde)
    versie.bijgewerkt_op = nu
    versie.save()
    _doelen_bijwerken(versie, doelen or [], verwijderd)
    return versie


def _doelen_bijwerken(versie: PlanVersie, doelen: list[dict], verwijderd) -> None:
    bestaand = {doel.pk: doel for doel in versie.doelen.all()}
    if verwijderd:
        versie.doelen.filter(pk__in=verwijderd).delete()
    # Goals the form did not carry (added meanwhile in another tab) keep their place after the listed ones.
    genoemd = {gegevens.get("id") for gegevens in doelen}
    volgorde = 0
    gewijzigd, nieuw = [], []
    for gegevens in doelen:
        velden = {veld: gegevens.get(veld) or "" for veld in ("omschrijving", "resultaat")}
        velden["evaluatiedatum"] = gegevens["evaluatiedatum"]
        doel = bestaand.get(gegevens.get("id"))
        if doel is None or doel.pk in verwijderd:
            nieuw.append(Doel(versie=versie, volgorde=volgorde, **velden))
        else:
            for veld, waarde in velden.items():
                setattr(doel, veld, waarde)
            doel.volgorde = volgorde
            gewijzigd.append(doel)
        volgorde += 1
    for doel in bestaand.values():
        if doel.pk not in genoemd and doel.pk not in verwijderd:
            doel.volgorde = volgorde
            gewijzigd.append(doel)
            volgorde += 1
    if gewijzigd:
        Doel.objects.bulk_update(gewijzigd, ["omschrijving", "evaluatiedatum", "resultaat", "volgorde"])
    if nieuw:
        Doel.objects.bulk_create(nieuw)


def ontbreekt_voor_delen(versie: PlanVersie) -> list[str]:
    """What a version needs before the parents can agree to it, as Dutch sentences."""
    ontbreekt = []
    if not versie.handelingsdeel_aanbod.strip() or not versie.handelingsdeel_uitvoering.strip():
        ontbreekt.append(_("Beschrijf in het handelingsdeel welke ondersteuning er komt, wie die geeft en wanneer."))
    if not versie.doelen.exists():
        ontbreekt.append(_("Neem minstens één doel met een evaluatiedatum op."))
    return ontbreekt


@transaction.atomic
def versie_delen(*, versie: PlanVersie, door: User, nu=None) -> Stap:
    """Share a version with the parents: it is set, frozen and put to the guardians for agreement."""
    nu = nu or timezone.now()
    _moet_rol(door, SCHOOLLEIDING, _("Alleen de intern begeleider of de directeur deelt het plan met de ouders."))
    vraag = _open_vraag(versie.plan.vraag)
    plan = Plan.objects.select_for_update().get(pk=versie.plan_id)
    versie = PlanVersie.objects.select_for_update().get(pk=versie.pk)
    if versie.is_gedeeld:
        raise Geweigerd(_("Deze versie is al met de ouders gedeeld."))
    if plan.versies.filter(nummer__gt=versie.nummer).exists():
        raise Geweigerd(_("Er is een nieuwere versie; deel die."))
    ontbreekt = ontbreekt_voor_delen(versie)
    if ontbreekt:
        raise Geweigerd(" ".join(ontbreekt))
    versie.vastgesteld_op = versie.vastgesteld_op or timezone.localdate(nu)
    versie.gedeeld_met_ouders_op = nu
    versie.gedeeld_door = door
    versie.save(update_fields=["vastgesteld_op", "gedeeld_met_ouders_op", "gedeeld_door"])
    plan.gedeelde_versie = versie
    plan.termijn = versie.vastgesteld_op + PLAN_EVALUEREN_BINNEN
    plan.termijn_soort = PlanTermijn.EVALUEREN
    plan.save(update_fields=["gedeelde_versie", "termijn", "termijn_soort"])
    with _schooltaal():
        toelichting = _(
            "Versie %(nummer)s van het plan, vastgesteld op %(datum)s, is met de ouders gedeeld. "
            "Elke ouder met gezag kan aangeven of hij of zij akkoord is met het handelingsdeel."
        ) % {"nummer": versie.nummer, "datum": versie.vastgesteld_op.strftime("%d-%m-%Y")}
    return _stap(
        vraag,
        door=door,
        soort=StapSoort.PLAN_GEDEELD,
        ouderbetrokkenheid=Ouderbetrokkenheid.GEINFORMEERD,
        toelichting=toelichting,
        nu=nu,
    )
