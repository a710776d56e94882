from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from klimop.onderhoud.backup import BackupFout, herstel


class Command(BaseCommand):
    help = "Restore a backup made by `manage.py backup` into the configured, empty database; uploads go back too."

    def add_arguments(self, parser):
        parser.add_argument("bestand", help="The .tar.enc archive")

    def handle(self, *args, bestand, **options):
        try:
            manifest = herstel(Path(bestand))
        except BackupFout as fout:
            raise CommandError(str(fout)) from None
        self.stdout.write(f"Hersteld: backup van {manifest['gemaakt_op']}")
