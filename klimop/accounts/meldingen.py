"""Notifications for a timeline step (docs/ontwerp.md §4, issue 5): stored in the portal and sent by e-mail."""

from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from .models import Melding, User
from .tasks import verstuur_melding

# Who a step concerns is a rule of the domain above this app: klimop/portaal registers it at start-up (apps.py),
# so this module never imports the app that holds the steps.
_ontvangers_van_stap: Callable[[int], list[tuple[User, str, str]]] | None = None


def registreer_ontvangers(functie: Callable[[int], list[tuple[User, str, str]]]) -> None:
    """Register `functie(stap_id)`: (recipient, kind of notification, link) for each person the step concerns."""
    global _ontvangers_van_stap
    _ontvangers_van_stap = functie


def stap_gezet(stap_id: int) -> list[Melding]:
    """Notify everyone the step concerns; called by ondersteuning.services._basis._stap inside the step's transaction.

    The notifications and their mail tasks (the database task backend writes a task as a row) commit or roll back
    together with the step: the worker only ever sees the tasks of steps that were really stored.
    """
    if _ontvangers_van_stap is None:
        raise ImproperlyConfigured("No app registered who hears about a step; is klimop.portaal installed?")
    ontvangers = _ontvangers_van_stap(stap_id)
    with transaction.atomic():
        meldingen = Melding.objects.bulk_create(
            [Melding(user=user, soort=soort, link=link, stap_id=stap_id) for user, soort, link in ontvangers]
        )
        for melding in meldingen:
            verstuur_melding.enqueue(melding.pk)
    return meldingen
