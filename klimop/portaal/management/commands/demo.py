from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from klimop.accounts.demo import DEMO_WACHTWOORD
from klimop.profiel.demo import build_profiel
from leerlingen.demo import build_school
from leerlingen.models import Leerling
from ondersteuning.demo import build_cases
from ondersteuning.models import Ondersteuningsvraag


class Command(BaseCommand):
    help = "Build (or refresh) the demo school of DESIGN.md §7. Idempotent."

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
                f"profile of {profiel.vastgesteld_op:%d-%m-%Y} published. "
                f"Demo accounts ({', '.join(sorted(school['accounts']))}) use password '{DEMO_WACHTWOORD}'."
            )
        )
