from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from klimop.accounts.demo import DEMO_ACCOUNTS, DEMO_WACHTWOORD
from klimop.profiel.demo import build_profiel
from leerlingen.demo import build_school
from leerlingen.models import Leerling
from ondersteuning.demo import build_cases
from ondersteuning.models import Ondersteuningsvraag


class Command(BaseCommand):
    help = "Build (or refresh) the demo school of docs/ontwerp.md §7. Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Run even when DEBUG is off.")

    def handle(self, *args, force: bool = False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "Refusing to load demo data with DEBUG off: this may be a production database. Use --force to insist."
            )
        with transaction.atomic():
            school = build_school()
            profiel = build_profiel()
            build_cases(accounts=school["accounts"])
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo school ready: {len(school['groepen'])} groups, {Leerling.objects.count()} pupils, "
                f"{Ondersteuningsvraag.objects.count()} support cases, "
                f"profile of {profiel.vastgesteld_op:%d-%m-%Y} published."
            )
        )
        # The last lines `make run` prints before the server's own: where to go and who to be.
        self.stdout.write(f"\nPortaal: {settings.PORTAAL_URL}/  (e-mails: {_mail_waar()})")
        self.stdout.write(f"Demo accounts, password '{DEMO_WACHTWOORD}':")
        for email, voornaam, achternaam, _rol, _organisatie, functie in DEMO_ACCOUNTS:
            rol = functie or "ouder/verzorger"
            self.stdout.write(f"  {email:<32} {rol} ({voornaam} {achternaam})")


def _mail_waar() -> str:
    if settings.EMAIL_BACKEND.endswith("filebased.EmailBackend"):
        return f"files in {Path(settings.EMAIL_FILE_PATH).relative_to(settings.BASE_DIR)}/"
    return settings.EMAIL_BACKEND.rsplit(".", 2)[-2]
