"""Issue 17: every mail leaves through the task table, written in the transaction that causes it, and is sent once."""

import datetime
import re
from unittest import mock

import pytest
from django.core import mail
from django.db import DatabaseError, transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from klimop.accounts import services as account_services
from klimop.accounts.models import Melding, Uitnodiging
from klimop.accounts.tasks import verstuur_melding
from klimop.accounts.tests.factories import UserFactory
from ondersteuning import services
from ondersteuning.models import Stap, Status
from ondersteuning.tests.factories import VraagFactory

from .helpers import link_in

pytestmark = pytest.mark.django_db

BROKEN = "klimop.accounts.tests.helpers.BrokenMailServer"
WORKING = "django.core.mail.backends.locmem.EmailBackend"


def taken(pad: str):
    return DBTaskResult.objects.filter(task_path=f"klimop.accounts.tasks.{pad}")


def maak_alles_nu_klaar() -> None:
    """Pretend the retry delays have passed."""
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now() - datetime.timedelta(seconds=1))


def test_a_step_writes_its_notifications_and_mail_tasks_in_its_own_transaction(
    leerling, leerkracht, ib, ouder, django_capture_on_commit_callbacks
):
    concept = VraagFactory(leerling=leerling, ingediend_door=leerkracht)
    with django_capture_on_commit_callbacks(execute=False) as callbacks, transaction.atomic():
        services.indienen(vraag=concept, door=leerkracht)
        # Still inside the transaction: the outbox rows are there, nothing waits for a commit hook.
        meldingen = set(Melding.objects.values_list("pk", flat=True))
        assert meldingen and len(meldingen) == 2
        assert {t.args_kwargs["args"][0] for t in taken("verstuur_melding")} == meldingen
    assert callbacks == []


def test_when_the_notification_cannot_be_written_the_step_is_not_stored_either(
    leerling, leerkracht, ib, django_capture_on_commit_callbacks
):
    concept = VraagFactory(leerling=leerling, ingediend_door=leerkracht)
    with (
        mock.patch.object(Melding.objects, "bulk_create", side_effect=DatabaseError("disk full")),
        pytest.raises(DatabaseError),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.indienen(vraag=concept, door=leerkracht)
    concept.refresh_from_db()
    assert concept.status == Status.CONCEPT
    assert not Stap.objects.filter(vraag=concept).exists()
    assert not DBTaskResult.objects.exists()


def test_an_invitation_mail_task_is_written_in_the_invitations_transaction(
    directeur, django_capture_on_commit_callbacks
):
    user = UserFactory()
    user.set_unusable_password()
    user.save(update_fields=["password"])
    with django_capture_on_commit_callbacks(execute=False) as callbacks, transaction.atomic():
        uitnodiging = account_services.uitnodigen(user=user, door=directeur)
        assert [t.args_kwargs["args"] for t in taken("verstuur_uitnodiging")] == [[uitnodiging.pk]]
    assert callbacks == []


def test_an_invitation_mail_is_sent_once(directeur, worker):
    user = UserFactory()
    user.set_unusable_password()
    user.save(update_fields=["password"])
    uitnodiging = account_services.uitnodigen(user=user, door=directeur)
    worker()
    assert [m.to for m in mail.outbox] == [[user.email]]
    assert Uitnodiging.objects.get(pk=uitnodiging.pk).mail_verstuurd_op
    DBTaskResult.objects.update(status="READY")
    worker()
    assert len(mail.outbox) == 1


def vraag_nieuw_wachtwoord(client, email: str):
    return client.post(reverse("accounts:password_reset"), {"email": email})


def test_the_password_reset_page_queues_the_mail_instead_of_sending_it(client, ouder, worker, settings):
    settings.EMAIL_BACKEND = BROKEN
    antwoord = vraag_nieuw_wachtwoord(client, ouder.email)
    assert antwoord.status_code == 302
    assert antwoord.url == reverse("accounts:password_reset_done")
    assert mail.outbox == []
    (taak,) = taken("verstuur_wachtwoordherstel")
    # The task carries no token: the link is made when the mail is really sent.
    assert "token" not in str(taak.args_kwargs)


def test_a_password_reset_while_smtp_is_down_is_sent_later_and_works(client, ouder, worker, settings):
    settings.EMAIL_BACKEND = BROKEN
    vraag_nieuw_wachtwoord(client, ouder.email)
    worker()
    assert taken("verstuur_wachtwoordherstel").failed().count() == 1
    assert taken("verstuur_wachtwoordherstel").filter(status="READY").count() == 1

    settings.EMAIL_BACKEND = WORKING
    maak_alles_nu_klaar()
    worker()
    (bericht,) = mail.outbox
    assert bericht.to == [ouder.email]
    pagina = client.get(link_in(bericht), follow=True)
    assert pagina.status_code == 200
    antwoord = client.post(
        pagina.redirect_chain[-1][0], {"new_password1": "Klimrek-Zomer-2026", "new_password2": "Klimrek-Zomer-2026"}
    )
    assert antwoord.status_code == 302
    ouder.refresh_from_db()
    assert ouder.check_password("Klimrek-Zomer-2026")


def test_no_mail_for_an_unknown_address_and_no_task_either(client, worker):
    vraag_nieuw_wachtwoord(client, "niemand@nergens.test")
    assert not DBTaskResult.objects.exists()


def test_a_password_reset_mail_is_sent_once_even_if_its_task_runs_again(client, ouder, worker):
    vraag_nieuw_wachtwoord(client, ouder.email)
    worker()
    assert len(mail.outbox) == 1
    # As if the worker died after sending but before finishing the task, and the task was picked up again.
    taken("verstuur_wachtwoordherstel").update(status="READY")
    worker()
    assert len(mail.outbox) == 1


def test_a_password_reset_mail_is_in_the_accounts_language(client, ouder, worker):
    ouder.taal = "en"
    ouder.save(update_fields=["taal"])
    vraag_nieuw_wachtwoord(client, ouder.email)
    worker()
    (bericht,) = mail.outbox
    assert "password" in bericht.subject.lower()


def test_a_notification_already_marked_as_sent_is_not_sent_again(ingediend_met_meldingen, worker):
    Melding.objects.update(mail_verstuurd_op=timezone.now())
    worker()
    assert mail.outbox == []
    assert set(taken("verstuur_melding").values_list("return_value", flat=True)) == {"overgeslagen"}


def test_every_mail_carries_a_message_id_of_its_own_that_a_resend_would_repeat(ingediend_met_meldingen, worker):
    worker()
    ids = [m.extra_headers["Message-ID"] for m in mail.outbox]
    assert len(ids) == len(set(ids)) == Melding.objects.count()
    assert all(re.fullmatch(r"<klimop\.melding\.\d+@[\w.-]+>", i) for i in ids)


@pytest.fixture
def ingediend_met_meldingen(leerling, leerkracht, ib, ouder):
    concept = VraagFactory(leerling=leerling, ingediend_door=leerkracht)
    services.indienen(vraag=concept, door=leerkracht)
    assert Melding.objects.count() == 2
    return concept


def test_a_failed_send_is_retried_and_then_sent_once(ingediend_met_meldingen, worker, settings):
    settings.EMAIL_BACKEND = BROKEN
    worker()
    assert mail.outbox == []
    settings.EMAIL_BACKEND = WORKING
    maak_alles_nu_klaar()
    worker()
    worker()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(Melding.objects.values_list("user__email", flat=True))
    assert verstuur_melding.call(Melding.objects.first().pk) == "overgeslagen"
