"""Who hears about a timeline step (docs/ontwerp.md §4, issue 5): notifications in the portal and by e-mail."""

from django.db import transaction
from django.urls import reverse

from .models import GEEN_WACHTWOORD, Melding, MeldingSoort, Rol, User
from .tasks import verstuur_melding

OUDER_REACTIES = frozenset({"reactie", "instemming", "toestemming"})


def _ib_van(vraag) -> list[User]:
    """The case's behandelaar, or every active intern begeleider while nobody has taken it up."""
    if vraag.behandelaar_id:
        return [vraag.behandelaar] if vraag.behandelaar.is_active else []
    return list(User.objects.filter(rol=Rol.IB, is_active=True))


def ontvangers(stap) -> list[tuple[User, str, str]]:
    """(recipient, kind of notification, link) for each person the step concerns; never the actor."""
    vraag = stap.vraag
    gevonden: dict[int, tuple[User, str, str]] = {}

    def voeg_toe(users, soort: str, link: str) -> None:
        for user in users:
            if user.pk != stap.actor_id and user.pk not in gevonden:
                gevonden[user.pk] = (user, soort, link)

    staf_link = reverse("ondersteuning:detail", args=[vraag.pk])
    if stap.soort == "indienen":
        voeg_toe(_ib_van(vraag), MeldingSoort.NIEUWE_VRAAG, staf_link)
    if stap.actor.rol == Rol.OUDER and stap.ouderbetrokkenheid in OUDER_REACTIES:
        voeg_toe(_ib_van(vraag), MeldingSoort.OUDERREACTIE, staf_link)
    if stap.soort == "trajectbegeleiding" and vraag.trajectbegeleider_id and vraag.trajectbegeleider.is_active:
        voeg_toe([vraag.trajectbegeleider], MeldingSoort.TRAJECTBEGELEIDING, staf_link)
    if stap.zichtbaar_voor_ouders and stap.ouderbetrokkenheid != "niet_betrokken":
        # Only guardians with gezag who can sign in: the others first get an invitation.
        ouders = (
            User.objects.filter(
                rol=Rol.OUDER,
                is_active=True,
                ouderschappen__leerling_id=vraag.leerling_id,
                ouderschappen__gezag=True,
            )
            .exclude(GEEN_WACHTWOORD)
            .distinct()
        )
        voeg_toe(ouders, MeldingSoort.STAP_VOOR_OUDERS, reverse("ouders:kind", args=[vraag.leerling_id]))
    return list(gevonden.values())


def stap_gezet(stap_id: int) -> list[Melding]:
    """Notify everyone the step concerns; called by ondersteuning.services._stap once its transaction commits."""
    from ondersteuning.models import Stap

    stap = Stap.objects.select_related("actor", "vraag__behandelaar", "vraag__trajectbegeleider").get(pk=stap_id)
    with transaction.atomic():
        meldingen = Melding.objects.bulk_create(
            [Melding(user=user, soort=soort, link=link, stap=stap) for user, soort, link in ontvangers(stap)]
        )
        # With the database backend the mail tasks commit together with the notifications they send.
        for melding in meldingen:
            verstuur_melding.enqueue(melding.pk)
    return meldingen
