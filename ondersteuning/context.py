"""What the case page and the parents' page show beside the case, each in a fixed number of queries."""

from django.utils.translation import gettext as _

from klimop.accounts.models import User

from . import services
from .forms import BijlageForm, ReactieForm
from .models import Bijlage, Ondersteuningsvraag, Plan, PlanVersie, Stap, ToestemmingSoort


def _ouders_met_gezag(vraag: Ondersteuningsvraag):
    return User.objects.filter(ouderschappen__leerling=vraag.leerling_id, ouderschappen__gezag=True).order_by(
        "last_name", "first_name"
    )


def toestemmingen_per_soort(vraag: Ondersteuningsvraag) -> list[dict]:
    """Each purpose with its standing consent (if any) and its history, newest first."""
    alle = list(vraag.toestemmingen.select_related("gegeven_door", "vastgelegd_door", "ingetrokken_door"))
    return [
        {
            "soort": soort,
            "label": label,
            "actief": next((t for t in alle if t.soort == soort and t.actief), None),
            "geschiedenis": [t for t in alle if t.soort == soort],
        }
        for soort, label in ToestemmingSoort.choices
    ]


def reacties_context(vraag: Ondersteuningsvraag, user, form: ReactieForm | None = None) -> dict:
    """The comments of a case with the form to add one (the `_reacties.html` fragment)."""
    versies = PlanVersie.objects.zichtbaar_voor(user).filter(plan__vraag=vraag).order_by("-nummer")
    acties = services.beschikbare_acties(vraag, user)
    return {
        "vraag": vraag,
        "reacties": vraag.reacties.select_related("auteur", "versie"),
        "reactie_form": form or ReactieForm(versies=versies),
        "mag_reageren": "reageren" in acties,
    }


def ouder_context(vraag: Ondersteuningsvraag, user) -> dict:
    """Everything a guardian sees of a case, in a fixed number of queries."""
    plan = Plan.objects.filter(vraag=vraag).select_related("gedeelde_versie").first()
    versie = plan.gedeelde_versie if plan else None
    instemmingen = versie.instemming_per_ouder(_ouders_met_gezag(vraag)) if versie else []
    mijn_antwoord = next((laatste for ouder, laatste, _oud in instemmingen if ouder.pk == user.pk), None)
    overleggen = vraag.overleggen.prefetch_related("deelnemers")
    leerkrachten = list(vraag.leerling.groep.leerkrachten.all()) if vraag.leerling.groep else []
    betrokkenen = {}
    for persoon, rol in [
        *((lk, _("leerkracht")) for lk in leerkrachten),
        (vraag.ingediend_door, _("heeft de vraag ingediend")),
        (vraag.behandelaar, _("intern begeleider, behandelt de vraag")),
        (vraag.trajectbegeleider, _("trajectbegeleider van het samenwerkingsverband")),
        *((d, d.functie or d.get_rol_display()) for o in overleggen for d in o.deelnemers.all()),
    ]:
        if persoon is not None and persoon.pk not in betrokkenen:
            betrokkenen[persoon.pk] = (persoon, rol)
    # People whose access rested on a consent that was withdrawn are no longer involved: say that access ended.
    toestemmingen = list(vraag.toestemmingen.filter(soort__in=[ToestemmingSoort.DELEN_OT, ToestemmingSoort.DELEN_SWV]))
    ingetrokken = {}
    for soort, rol_code in ((ToestemmingSoort.DELEN_OT, "ot_lid"), (ToestemmingSoort.DELEN_SWV, "trajectbegeleider")):
        van_soort = [t for t in toestemmingen if t.soort == soort]
        if van_soort and not any(t.actief for t in van_soort):
            ingetrokken[rol_code] = max(t.ingetrokken_op for t in van_soort)
    toegang_beeindigd = []
    for pk, (persoon, _rol) in list(betrokkenen.items()):
        if persoon.rol in ingetrokken:
            del betrokkenen[pk]
            toegang_beeindigd.append((persoon, ingetrokken[persoon.rol]))
    return {
        "vraag": vraag,
        "stappen": Stap.objects.filter(vraag=vraag, zichtbaar_voor_ouders=True).select_related("actor"),
        "plan": plan,
        "versie": versie,
        "doelen": versie.doelen.all() if versie else [],
        "instemmingen": instemmingen,
        "mijn_antwoord": mijn_antwoord,
        "overleggen": overleggen,
        "toestemmingen": toestemmingen_per_soort(vraag),
        "bijlagen": Bijlage.objects.zichtbaar_voor(user).filter(vraag=vraag).select_related("geupload_door"),
        "bijlage_form": BijlageForm(voor_ouder=True),
        "betrokkenen": list(betrokkenen.values()),
        "toegang_beeindigd": toegang_beeindigd,
        "mede_ouders": vraag.leerling.ouders.select_related("user").exclude(user=user),
        **reacties_context(vraag, user),
    }
