from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from klimop.onderhoud.backup import BackupFout, maak_backup


class Command(BaseCommand):
    help = "Database and uploads in one dated archive, encrypted with BACKUP_SLEUTEL."

    def add_arguments(self, parser):
        parser.add_argument("doelmap", nargs="?", default="backups", help="Folder for the archive (default: backups)")

    def handle(self, *args, doelmap, **options):
        try:
            bestand = maak_backup(Path(doelmap))
        except BackupFout as fout:
            raise CommandError(str(fout)) from None
        self.stdout.write(str(bestand))
