"""Comparing what a file says (CSV or EDEXML) with the database: the import plan. Nothing here writes."""

import datetime

from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from klimop.accounts.models import User

from ..models import Groep, Leerling, Ouder, huidig_schooljaar
from .csv_import import is_xml, lees_csv, lees_tekst, zonder_genegeerde_kolommen
from .edexml import lees_edexml, ontsmet
from .plan import (
    BestandFout,
    Fout,
    GroepLeerkracht,
    ImportPlan,
    Koppeling,
    LeerlingRij,
    LeerlingWijziging,
    Overgeslagen,
    Wijziging,
)


def _datum(waarde: datetime.date | None) -> str:
    return waarde.strftime("%d-%m-%Y") if waarde else "—"


def _groep_label(leerling: Leerling, schooljaar: str) -> str:
    if leerling.groep is None:
        return ""
    if leerling.groep.schooljaar != schooljaar:
        # Last year's "Groep 5" is not this year's group of the same name.
        return f"{leerling.groep.naam} ({leerling.groep.schooljaar})"
    return leerling.groep.naam


def _vergelijk(leerling: Leerling, rij: LeerlingRij, groep_naam: str) -> list[Wijziging]:
    wijzigingen = []
    for veld in ("voornaam", "tussenvoegsel", "achternaam"):
        if getattr(leerling, veld) != getattr(rij, veld):
            wijzigingen.append(
                Wijziging(
                    str(Leerling._meta.get_field(veld).verbose_name),
                    getattr(leerling, veld) or "—",
                    getattr(rij, veld) or "—",
                )
            )
    for veld in ("geboortedatum", "ingeschreven_op", "uitgeschreven_op"):
        if getattr(leerling, veld) != getattr(rij, veld):
            wijzigingen.append(
                Wijziging(
                    str(Leerling._meta.get_field(veld).verbose_name),
                    _datum(getattr(leerling, veld)),
                    _datum(getattr(rij, veld)),
                )
            )
    if groep_naam.casefold() != rij.groep.casefold():
        wijzigingen.append(Wijziging(_("groep"), groep_naam or "—", rij.groep or "—"))
    return wijzigingen


def maak_plan(inhoud: bytes | str, *, vandaag: datetime.date | None = None) -> ImportPlan:
    """Read a file (CSV or EDEXML) and compare it with the database; raises BestandFout when it is unreadable."""
    vandaag = vandaag or timezone.localdate()
    if isinstance(inhoud, bytes):
        tekst = lees_tekst(inhoud)
    else:
        tekst = ontsmet(inhoud) if is_xml(inhoud) else zonder_genegeerde_kolommen(inhoud.removeprefix("\ufeff"))
    plan = ImportPlan(vandaag=vandaag, schooljaar=huidig_schooljaar(vandaag), tekst=tekst)
    if is_xml(tekst):
        groepen_in_bestand = _lees_edexml(plan)
    else:
        csv_bestand = lees_csv(tekst, vandaag=vandaag)
        plan.rijen, plan.fouten, plan.genegeerde_kolommen = (
            csv_bestand.rijen,
            csv_bestand.fouten,
            csv_bestand.genegeerd,
        )
        if csv_bestand.alleen_ouders:
            plan.formaat = "csv_ouders"
            _vul_leerlingen_aan(plan)
            _vergelijk_ouders(plan)
            plan.fouten.sort(key=lambda fout: fout.regel)
            return plan
        groepen_in_bestand = {}
        for rij in plan.rijen:
            if all(naam.casefold() != rij.groep.casefold() for naam in groepen_in_bestand):
                groepen_in_bestand[rij.groep] = rij.leerjaar

    _vergelijk_groepen(plan, groepen_in_bestand)
    _vergelijk_leerlingen(plan)
    _vergelijk_ouders(plan)
    if plan.leerkrachten:
        _koppel_leerkrachten(plan)
    plan.fouten.sort(key=lambda fout: fout.regel)
    if plan.fouten:
        # A row that failed validation must not make its pupil look as if they left.
        plan.uitgeschreven = []
    return plan


def _lees_edexml(plan: ImportPlan) -> dict[str, int]:
    bestand = lees_edexml(plan.tekst, vandaag=plan.vandaag)
    if bestand.schooljaar and bestand.schooljaar != plan.schooljaar:
        raise BestandFout(
            _(
                "Dit EDEXML-bestand is van schooljaar %(bestand)s; het portaal werkt in schooljaar %(portaal)s. "
                "Exporteer de leerlingen van dit schooljaar."
            )
            % {"bestand": bestand.schooljaar, "portaal": plan.schooljaar}
        )
    plan.formaat, plan.versie = "edexml", bestand.versie
    plan.rijen, plan.fouten = bestand.rijen, bestand.fouten
    plan.genegeerde_gegevens, plan.overgeslagen, plan.leerkrachten = (
        bestand.genegeerd,
        bestand.overgeslagen,
        bestand.leerkrachten,
    )
    return bestand.groepen


def _vergelijk_groepen(plan: ImportPlan, groepen_in_bestand: dict[str, int]) -> None:
    groepen = {g.naam.casefold(): g for g in Groep.objects.van_schooljaar(plan.schooljaar)}
    for naam, leerjaar in groepen_in_bestand.items():
        groep = groepen.get(naam.casefold())
        if groep is None:
            plan.nieuwe_groepen[naam] = leerjaar
        elif groep.leerjaar != leerjaar:
            plan.gewijzigde_groepen.append((groep, leerjaar))


def _vergelijk_leerlingen(plan: ImportPlan) -> None:
    nummers = [rij.leerlingnummer for rij in plan.rijen]
    bestaand = {
        leerling.leerlingnummer: leerling
        for leerling in Leerling.objects.filter(
            Q(leerlingnummer__in=nummers) | Q(uitgeschreven_op__isnull=True)
        ).select_related("groep")
    }
    rijen = []
    for rij in plan.rijen:
        leerling = bestaand.get(rij.leerlingnummer)
        if rij.ingeschreven_op is None:  # EDEXML without instroomdatum: the portal keeps its own date
            if leerling is None:
                plan.fouten.append(
                    Fout(
                        rij.regel,
                        _("de instroomdatum ontbreekt; die is nodig voor een nieuwe leerling."),
                        "instroomdatum",
                        element=_("Leerling"),
                        sleutel=rij.leerlingnummer,
                    )
                )
                continue
            rij.ingeschreven_op = leerling.ingeschreven_op
        if leerling is None and rij.uitgeschreven_op is not None and plan.is_edexml:
            # EDEXML exports often carry pupils who left long ago; the portal does not add them.
            plan.overgeslagen.append(
                Overgeslagen(
                    _("Leerling"),
                    rij.leerlingnummer,
                    rij.volledige_naam,
                    _("vertrokken op %(datum)s en niet in het portaal; wordt niet toegevoegd.")
                    % {"datum": _datum(rij.uitgeschreven_op)},
                )
            )
            continue
        rijen.append(rij)
        if leerling is None:
            plan.nieuwe_leerlingen.append(rij)
            continue
        wijzigingen = _vergelijk(leerling, rij, _groep_label(leerling, plan.schooljaar))
        if wijzigingen:
            plan.gewijzigde_leerlingen.append(LeerlingWijziging(rij, leerling, wijzigingen))
        else:
            plan.ongewijzigde_leerlingen.append(rij)
    plan.rijen = rijen
    # Pupils the file skips on purpose (e.g. a preschool group) are not in it, so they are treated as absent.
    in_bestand = set(nummers)
    plan.uitgeschreven = sorted(
        (
            leerling
            for nummer, leerling in bestaand.items()
            if nummer not in in_bestand
            and leerling.uitgeschreven_op is None
            and leerling.ingeschreven_op <= plan.vandaag
        ),
        key=lambda leerling: (leerling.achternaam, leerling.voornaam, leerling.pk),
    )


def _vul_leerlingen_aan(plan: ImportPlan) -> None:
    """A guardians-only CSV names pupils by number: they must already be in the portal (e.g. from EDEXML)."""
    leerlingen = Leerling.objects.in_bulk([rij.leerlingnummer for rij in plan.rijen], field_name="leerlingnummer")
    rijen = []
    for rij in plan.rijen:
        leerling = leerlingen.get(rij.leerlingnummer)
        if leerling is None:
            plan.fouten.append(
                Fout(
                    rij.regel,
                    _(
                        "leerlingnummer %(nummer)s staat niet in het portaal; importeer eerst de leerlingen "
                        "(EDEXML of CSV met alle kolommen)."
                    )
                    % {"nummer": rij.leerlingnummer},
                    "leerlingnummer",
                )
            )
            continue
        rij.voornaam, rij.tussenvoegsel, rij.achternaam = (
            leerling.voornaam,
            leerling.tussenvoegsel,
            leerling.achternaam,
        )
        rijen.append(rij)
    plan.rijen = rijen


def _vergelijk_ouders(plan: ImportPlan) -> None:
    emails = {ouder.email for rij in plan.rijen for ouder in rij.ouders}
    if not emails:
        return
    nummers = [rij.leerlingnummer for rij in plan.rijen]
    gebruikers = {
        user.email_lower: user
        for user in User.objects.annotate(email_lower=Lower("email")).filter(email_lower__in=emails)
    }
    koppelingen = {
        (ouder.leerling.leerlingnummer, ouder.user.email.lower()): ouder
        for ouder in Ouder.objects.filter(leerling__leerlingnummer__in=nummers).select_related("leerling", "user")
    }
    for rij in plan.rijen:
        for ouder in rij.ouders:
            user = gebruikers.get(ouder.email)
            if user is not None and user.rol != User.Rol.OUDER:
                plan.fouten.append(
                    Fout(
                        rij.regel,
                        _(
                            "%(email)s hoort bij een account van een medewerker of externe deelnemer; "
                            "een ouder kan niet met dat adres worden gekoppeld."
                        )
                        % {"email": ouder.email},
                        f"{ouder.kolom}_email",
                    )
                )
                continue
            if user is None:
                plan.nieuwe_accounts.setdefault(ouder.email, ouder)
            koppeling = koppelingen.get((rij.leerlingnummer, ouder.email))
            if koppeling is None:
                plan.nieuwe_koppelingen.append(Koppeling(ouder.email, rij, ouder.relatie, ouder.gezag))
            elif (koppeling.relatie, koppeling.gezag) != (ouder.relatie, ouder.gezag):
                plan.gewijzigde_koppelingen.append(
                    Koppeling(ouder.email, rij, ouder.relatie, ouder.gezag, koppeling.relatie, koppeling.gezag)
                )


def _koppel_leerkrachten(plan: ImportPlan) -> None:
    """Link EDEXML teachers to existing teacher accounts by e-mail; an account is never created here."""
    emails = {leerkracht.email for leerkracht in plan.leerkrachten if leerkracht.email}
    gebruikers = {
        user.email_lower: user
        for user in User.objects.annotate(email_lower=Lower("email")).filter(email_lower__in=emails)
    }
    for leerkracht in plan.leerkrachten:
        if not leerkracht.email:
            continue  # the reason was given while reading
        user = gebruikers.get(leerkracht.email)
        if user is None:
            leerkracht.reden = _("geen account met dit e-mailadres; de directeur kan er een aanmaken.")
        elif not user.is_active:
            leerkracht.reden = _("het account met dit e-mailadres is gedeactiveerd.")
        elif user.rol in (User.Rol.IB, User.Rol.DIRECTEUR):
            leerkracht.reden = _("%(rol)s: ziet alle leerlingen al en wordt niet aan een groep gekoppeld.") % {
                "rol": user.get_rol_display()
            }
        elif user.rol != User.Rol.LEERKRACHT:
            leerkracht.reden = _("het account met dit e-mailadres is geen account van een leerkracht.")
        else:
            leerkracht.user = user
    gekoppeld = [leerkracht for leerkracht in plan.leerkrachten if leerkracht.user is not None]
    if not gekoppeld:
        return
    bestaand = set(
        Groep.leerkrachten.through.objects.filter(
            groep__schooljaar=plan.schooljaar, user__in=[leerkracht.user for leerkracht in gekoppeld]
        ).values_list("groep__naam", "user_id")
    )
    bestaand = {(naam.casefold(), user_id) for naam, user_id in bestaand}
    for leerkracht in gekoppeld:
        for groep in leerkracht.groepen:
            if (groep.casefold(), leerkracht.user.pk) not in bestaand:
                plan.nieuwe_groepsleerkrachten.append(GroepLeerkracht(groep, leerkracht.user))
