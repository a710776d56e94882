"""The first account on a new server: a directeur, who then invites everyone else from the portal."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from klimop.accounts.models import Rol, Uitnodiging, User, portaal_url


class Command(BaseCommand):
    help = (
        "Create a directeur account without a password and print its invitation link (no e-mail is sent). "
        "The link sets the password; the first sign-in then sets up two-factor login."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--voornaam", default="")
        parser.add_argument("--achternaam", default="")

    @transaction.atomic
    def handle(self, *args, email: str, voornaam: str, achternaam: str, **options):
        email = email.strip().lower()
        try:
            validate_email(email)
        except Exception:
            raise CommandError(f"'{email}' is geen geldig e-mailadres.") from None
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            user = User.objects.create_user(
                email=email,
                first_name=voornaam,
                last_name=achternaam,
                rol=Rol.DIRECTEUR,
                is_staff=True,
                is_superuser=True,
            )
        elif user.rol != Rol.DIRECTEUR or user.has_usable_password() or not user.is_active:
            raise CommandError(
                f"Er bestaat al een account met {email} dat geen nieuwe link krijgt "
                "(een andere rol, al een wachtwoord of gedeactiveerd)."
            )
        nu = timezone.now()
        user.uitnodigingen.open(nu).update(ingetrokken_op=nu)
        uitnodiging = Uitnodiging.objects.create(
            user=user, aangemaakt_op=nu, verloopt_op=nu + settings.UITNODIGING_GELDIG
        )
        link = portaal_url(reverse("accounts:uitnodiging", args=[uitnodiging.pk, uitnodiging.token()]))
        tot = timezone.localtime(uitnodiging.verloopt_op)
        self.stdout.write(f"Directeur {email}: open deze link (eenmalig, tot {tot:%d-%m-%Y %H:%M}):")
        self.stdout.write(link)
