"""Who hears about a timeline step (docs/ontwerp.md §4); klimop.accounts stores and sends the notifications."""

from django.urls import reverse

from klimop.accounts.models import GEEN_WACHTWOORD, MeldingSoort, Rol, User
from ondersteuning.models import Stap

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


def ontvangers_van_stap(stap_id: int) -> list[tuple[User, str, str]]:
    """The recipients of the step with this pk, for klimop.accounts.meldingen.stap_gezet."""
    stap = Stap.objects.select_related("actor", "vraag__behandelaar", "vraag__trajectbegeleider").get(pk=stap_id)
    return ontvangers(stap)
