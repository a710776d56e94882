"""Who is notified of which step, that mails leave only after commit, carry no pupil details and are retried."""

import datetime

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from klimop.accounts.models import Melding, MeldingSoort, Rol
from klimop.accounts.tasks import MAX_WACHTTIJD, verstuur_melding, wachttijd
from klimop.accounts.tests.factories import UserFactory
from leerlingen.tests.factories import OuderFactory
from ondersteuning import services
from ondersteuning.models import ToestemmingSoort
from ondersteuning.tests.factories import VraagFactory

from .helpers import link_in

pytestmark = pytest.mark.django_db


def ontvangers(**filters) -> dict[str, str]:
    return dict(Melding.objects.filter(**filters).values_list("user__email", "soort"))


@pytest.fixture
def tweede_ouder(leerling):
    """The other guardian with gezag, who did not take part in the step."""
    return OuderFactory(leerling=leerling, user__email="vader@ouders.test", relatie="vader").user


@pytest.fixture
def ingediend(cast, leerling, leerkracht, tweede_ouder, django_capture_on_commit_callbacks):
    concept = VraagFactory(leerling=leerling, ingediend_door=leerkracht)
    with django_capture_on_commit_callbacks(execute=True):
        services.indienen(vraag=concept, door=leerkracht)
    concept.refresh_from_db()
    return concept


def test_a_new_request_notifies_the_ib_and_the_guardians_with_gezag(ingediend, ib, ouder, tweede_ouder):
    assert ontvangers() == {
        ib.email: MeldingSoort.NIEUWE_VRAAG,
        ouder.email: MeldingSoort.STAP_VOOR_OUDERS,
        tweede_ouder.email: MeldingSoort.STAP_VOOR_OUDERS,
    }
    assert Melding.objects.get(user=ib).link == reverse("ondersteuning:detail", args=[ingediend.pk])
    assert Melding.objects.get(user=ouder).link == reverse("ouders:kind", args=[ingediend.leerling_id])


def test_every_ib_hears_of_a_request_nobody_has_taken_up_yet(
    leerling, leerkracht, ib, django_capture_on_commit_callbacks
):
    tweede_ib = UserFactory(rol=Rol.IB)
    UserFactory(rol=Rol.IB, is_active=False)
    concept = VraagFactory(leerling=leerling, ingediend_door=leerkracht)
    with django_capture_on_commit_callbacks(execute=True):
        services.indienen(vraag=concept, door=leerkracht)
    assert set(ontvangers(soort=MeldingSoort.NIEUWE_VRAAG)) == {ib.email, tweede_ib.email}


def test_guardians_without_gezag_or_without_a_password_are_not_notified(
    leerling, leerkracht, ib, django_capture_on_commit_callbacks
):
    zonder_gezag = OuderFactory(leerling=leerling, gezag=False).user
    nog_niet_uitgenodigd = OuderFactory(leerling=leerling).user
    nog_niet_uitgenodigd.set_unusable_password()
    nog_niet_uitgenodigd.save(update_fields=["password"])
    concept = VraagFactory(leerling=leerling, ingediend_door=leerkracht)
    with django_capture_on_commit_callbacks(execute=True):
        services.indienen(vraag=concept, door=leerkracht)
    assert zonder_gezag.email not in ontvangers()
    assert nog_niet_uitgenodigd.email not in ontvangers()


def test_outsiders_are_never_notified(ingediend, cast, ib, ouder, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.oppakken(vraag=ingediend, door=ib)
        services.toestemming_geven(vraag=ingediend, soort=ToestemmingSoort.AANMELDEN_OT, ouder=ouder)
        services.naar_ondersteuningsteam(vraag=ingediend, door=ib, toelichting="Aanmelden")
    buitenstaanders = {cast[naam].email for naam in ("leerkracht2", "ouder2", "ot_lid", "trajectbegeleider")}
    assert buitenstaanders.isdisjoint(ontvangers())


def test_a_step_without_the_parents_notifies_nobody(ingediend, ib, django_capture_on_commit_callbacks):
    Melding.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        services.oppakken(vraag=ingediend, door=ib)  # ouderbetrokkenheid "niet betrokken"
    assert ontvangers() == {}


def test_an_observation_kept_from_parents_notifies_nobody(ingediend, leerkracht, django_capture_on_commit_callbacks):
    Melding.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        services.observatie_toevoegen(vraag=ingediend, door=leerkracht, observatie="Intern.", delen_met_ouders=False)
    assert ontvangers() == {}


def test_a_parents_consent_notifies_the_behandelaar_and_the_other_guardian(
    ingediend, ib, ouder, tweede_ouder, django_capture_on_commit_callbacks
):
    andere_ib = UserFactory(rol=Rol.IB)
    services.oppakken(vraag=ingediend, door=ib)
    Melding.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        services.toestemming_geven(vraag=ingediend, soort=ToestemmingSoort.AANMELDEN_OT, ouder=ouder)
    assert ontvangers() == {ib.email: MeldingSoort.OUDERREACTIE, tweede_ouder.email: MeldingSoort.STAP_VOOR_OUDERS}
    assert andere_ib.email not in ontvangers()


def test_consent_recorded_on_paper_by_the_ib_notifies_the_parents_only(
    ingediend, ib, ouder, tweede_ouder, django_capture_on_commit_callbacks
):
    services.oppakken(vraag=ingediend, door=ib)
    Melding.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        services.toestemming_geven(
            vraag=ingediend, soort=ToestemmingSoort.AANMELDEN_OT, ouder=ouder, vastgelegd_door=ib
        )
    assert ontvangers() == {
        ouder.email: MeldingSoort.STAP_VOOR_OUDERS,
        tweede_ouder.email: MeldingSoort.STAP_VOOR_OUDERS,
    }


def test_opening_the_case_notifies_the_trajectbegeleider(
    ingediend, ib, ouder, trajectbegeleider, django_capture_on_commit_callbacks
):
    services.oppakken(vraag=ingediend, door=ib)
    for soort in (ToestemmingSoort.AANMELDEN_OT, ToestemmingSoort.DELEN_SWV):
        services.toestemming_geven(vraag=ingediend, soort=soort, ouder=ouder, vastgelegd_door=ib)
    services.naar_ondersteuningsteam(vraag=ingediend, door=ib, toelichting="")
    Melding.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        services.openen_voor_trajectbegeleider(
            vraag=ingediend, door=ib, trajectbegeleider=trajectbegeleider, toelichting="Graag advies."
        )
    gevonden = ontvangers()
    assert gevonden[trajectbegeleider.email] == MeldingSoort.TRAJECTBEGELEIDING
    assert gevonden[ouder.email] == MeldingSoort.STAP_VOOR_OUDERS
    assert ib.email not in gevonden


def test_a_step_that_is_rolled_back_notifies_nobody(leerling, leerkracht, ib, django_capture_on_commit_callbacks):
    concept = VraagFactory(leerling=leerling, ingediend_door=leerkracht)
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.indienen(vraag=concept, door=leerkracht)
        raise RuntimeError("something later in the same transaction failed")
    assert callbacks == []
    assert Melding.objects.count() == 0


def test_mails_carry_no_pupil_details_only_a_link(ingediend, leerling, worker):
    worker()
    assert len(mail.outbox) == 3
    geheim = [leerling.voornaam, leerling.achternaam, leerling.groep.naam, leerling.leerlingnummer, "leest"]
    for bericht in mail.outbox:
        for woord in geheim:
            assert woord not in bericht.subject
            assert woord not in bericht.body
        assert link_in(bericht) == reverse("meldingen:lijst")
        assert bericht.attachments == []
    assert all(m.mail_verstuurd_op for m in Melding.objects.all())


def test_a_failing_mail_server_leaves_the_mail_to_be_retried(ingediend, worker, settings):
    settings.EMAIL_BACKEND = "klimop.accounts.tests.helpers.BrokenMailServer"
    worker()
    assert DBTaskResult.objects.failed().count() == 3
    opnieuw = DBTaskResult.objects.filter(status="READY")
    assert opnieuw.count() == 3
    assert all(taak.run_after > timezone.now() for taak in opnieuw)
    assert {taak.args_kwargs["kwargs"]["poging"] for taak in opnieuw} == {2}
    assert not Melding.objects.filter(mail_verstuurd_op__isnull=False).exists()

    # The server is back and the retries are due.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    opnieuw.update(run_after=timezone.now() - datetime.timedelta(seconds=1))
    worker()
    assert len(mail.outbox) == 3
    assert not Melding.objects.filter(mail_verstuurd_op__isnull=True).exists()
    worker()
    assert len(mail.outbox) == 3


def test_retries_wait_longer_each_time_up_to_six_hours():
    assert wachttijd(1) == datetime.timedelta(minutes=1)
    assert wachttijd(2) == datetime.timedelta(minutes=2)
    assert wachttijd(5) == datetime.timedelta(minutes=16)
    assert wachttijd(30) == MAX_WACHTTIJD == datetime.timedelta(hours=6)


def test_a_notification_is_mailed_once_even_if_its_task_runs_twice(ingediend, ib):
    melding = Melding.objects.get(user=ib)
    assert verstuur_melding.call(melding.pk) == "verstuurd"
    assert verstuur_melding.call(melding.pk) == "overgeslagen"
    assert len(mail.outbox) == 1


def test_a_deactivated_recipient_gets_no_mail(ingediend, ib):
    melding = Melding.objects.get(user=ib)
    ib.is_active = False
    ib.save(update_fields=["is_active"])
    assert verstuur_melding.call(melding.pk) == "overgeslagen"
    assert mail.outbox == []


def test_a_parents_comment_notifies_the_behandelaar_and_staff_see_it(
    ingediend, ib, ouder, client_for, django_capture_on_commit_callbacks
):
    services.oppakken(vraag=ingediend, door=ib)
    Melding.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        services.reageren(vraag=ingediend, door=ouder, tekst="Thuis leest hij graag strips.")
    assert ontvangers(user=ib) == {ib.email: MeldingSoort.OUDERREACTIE}
    assert (
        "Thuis leest hij graag strips."
        in client_for(ib).get(reverse("ondersteuning:detail", args=[ingediend.pk])).content.decode()
    )
