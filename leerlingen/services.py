"""Writes that touch several pupil tables at once."""

import datetime

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models.functions import Lower

from klimop.accounts.models import User

from .importeren import Fout, ImportPlan, maak_plan
from .models import Groep, Leerling, Ouder

LEERLING_VELDEN = [
    "voornaam",
    "tussenvoegsel",
    "achternaam",
    "geboortedatum",
    "groep",
    "ingeschreven_op",
    "uitgeschreven_op",
]


class ImportGeweigerd(Exception):
    """The file has errors; nothing was changed."""

    def __init__(self, fouten: list[Fout]):
        super().__init__(f"{len(fouten)} fout(en) in het bestand")
        self.fouten = fouten


class ImportVerouderd(Exception):
    """The database changed since the preview, so the preview no longer says what would happen; nothing was changed."""


@transaction.atomic
def importeer_leerlingen(
    *, inhoud: bytes | str, vandaag: datetime.date | None = None, vingerafdruk: str | None = None
) -> ImportPlan:
    """Import a leerlingadministratie export all or nothing; returns the plan that was applied."""
    # The plan is made again inside the transaction: the database may have changed since the preview.
    plan = maak_plan(inhoud, vandaag=vandaag)
    if not plan.is_geldig:
        raise ImportGeweigerd(plan.fouten)
    if vingerafdruk is not None and plan.vingerafdruk() != vingerafdruk:
        raise ImportVerouderd
    if not plan.heeft_wijzigingen:
        return plan

    if plan.nieuwe_groepen:
        Groep.objects.bulk_create(
            Groep(naam=naam, leerjaar=leerjaar, schooljaar=plan.schooljaar)
            for naam, leerjaar in plan.nieuwe_groepen.items()
        )
    for groep, leerjaar in plan.gewijzigde_groepen:
        groep.leerjaar = leerjaar
    if plan.gewijzigde_groepen:
        Groep.objects.bulk_update([groep for groep, _ in plan.gewijzigde_groepen], ["leerjaar"])
    groepen = {groep.naam.casefold(): groep for groep in Groep.objects.van_schooljaar(plan.schooljaar)}

    Leerling.objects.bulk_create(
        Leerling(
            leerlingnummer=rij.leerlingnummer,
            **{veld: getattr(rij, veld) for veld in LEERLING_VELDEN if veld != "groep"},
            groep=groepen[rij.groep.casefold()] if rij.groep else None,
        )
        for rij in plan.nieuwe_leerlingen
    )
    for wijziging in plan.gewijzigde_leerlingen:
        leerling, rij = wijziging.leerling, wijziging.rij
        for veld in LEERLING_VELDEN:
            if veld == "groep":
                setattr(leerling, veld, groepen[rij.groep.casefold()] if rij.groep else None)
            else:
                setattr(leerling, veld, getattr(rij, veld))
    if plan.gewijzigde_leerlingen:
        Leerling.objects.bulk_update([w.leerling for w in plan.gewijzigde_leerlingen], LEERLING_VELDEN)
    if plan.uitgeschreven:
        Leerling.objects.filter(pk__in=[leerling.pk for leerling in plan.uitgeschreven]).update(
            uitgeschreven_op=plan.vandaag
        )

    # Guardians get an account without a password; they set one through the invitation.
    User.objects.bulk_create(
        User(
            email=email,
            first_name=ouder.voornaam,
            last_name=ouder.achternaam,
            rol=User.Rol.OUDER,
            password=make_password(None),
        )
        for email, ouder in plan.nieuwe_accounts.items()
    )
    if plan.nieuwe_koppelingen or plan.gewijzigde_koppelingen:
        _koppel_ouders(plan)
    if plan.nieuwe_groepsleerkrachten:
        # EDEXML teachers linked by e-mail to an existing account; a link is only added, never removed here.
        Groep.leerkrachten.through.objects.bulk_create(
            Groep.leerkrachten.through(groep=groepen[k.groep.casefold()], user=k.user)
            for k in plan.nieuwe_groepsleerkrachten
        )
    return plan


def _koppel_ouders(plan: ImportPlan) -> None:
    koppelingen = plan.nieuwe_koppelingen + plan.gewijzigde_koppelingen
    gebruikers = {
        user.email_lower: user
        for user in User.objects.annotate(email_lower=Lower("email")).filter(
            email_lower__in={k.email for k in koppelingen}
        )
    }
    leerlingen = dict(
        Leerling.objects.filter(leerlingnummer__in={k.rij.leerlingnummer for k in koppelingen}).values_list(
            "leerlingnummer", "pk"
        )
    )
    Ouder.objects.bulk_create(
        Ouder(
            user=gebruikers[k.email],
            leerling_id=leerlingen[k.rij.leerlingnummer],
            relatie=k.relatie,
            gezag=k.gezag,
        )
        for k in plan.nieuwe_koppelingen
    )
    if plan.gewijzigde_koppelingen:
        bestaand = {
            (ouder.user_id, ouder.leerling_id): ouder
            for ouder in Ouder.objects.filter(
                user__in=[gebruikers[k.email] for k in plan.gewijzigde_koppelingen],
                leerling_id__in=[leerlingen[k.rij.leerlingnummer] for k in plan.gewijzigde_koppelingen],
            )
        }
        gewijzigd = []
        for k in plan.gewijzigde_koppelingen:
            ouder = bestaand[(gebruikers[k.email].pk, leerlingen[k.rij.leerlingnummer])]
            ouder.relatie, ouder.gezag = k.relatie, k.gezag
            gewijzigd.append(ouder)
        Ouder.objects.bulk_update(gewijzigd, ["relatie", "gezag"])
