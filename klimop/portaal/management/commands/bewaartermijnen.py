import datetime

from django.core.management.base import BaseCommand, CommandError

from klimop.portaal.bewaartermijnen import kandidaten, verwijder_dossier


def _datum(tekst: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(tekst)
    except ValueError:
        raise CommandError(f"--peildatum must be a date like 2027-08-01, not {tekst!r}.") from None


class Command(BaseCommand):
    help = (
        "Remove pupil files past their retention term (2 years after leaving, 3 after a TLV referral; never with "
        "an open case). Without --apply it only lists what would be removed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--apply", action="store_true", help="Remove the files (default: dry run).")
        parser.add_argument("--peildatum", type=_datum, help="Compute the terms as on this date (default: today).")

    def handle(self, *args, apply: bool, peildatum, **options):
        verwijderen, behouden = kandidaten(peildatum)
        for kandidaat in behouden:
            self.stdout.write(
                f"Behouden (open ondersteuningsvraag): leerling {kandidaat.leerling.leerlingnummer}, "
                f"termijn verstreken op {kandidaat.verwijderen_vanaf:%d-%m-%Y}"
            )
        if not verwijderen:
            self.stdout.write("Geen dossiers om te verwijderen.")
            return
        for kandidaat in verwijderen:
            leerling = kandidaat.leerling
            rijen = ", ".join(f"{label} {aantal}" for label, aantal in kandidaat.aantallen.items())
            if not apply:
                self.stdout.write(
                    f"Zou verwijderen: leerling {leerling.leerlingnummer} ({leerling.volledige_naam}), uitgeschreven "
                    f"{leerling.uitgeschreven_op:%d-%m-%Y}, termijn {kandidaat.termijn_jaren} jaar: {rijen}"
                )
                continue
            verwijdering = verwijder_dossier(kandidaat)
            if verwijdering is None:
                self.stdout.write(
                    f"Behouden (intussen een open ondersteuningsvraag): leerling {leerling.leerlingnummer}"
                )
                continue
            self.stdout.write(f"Verwijderd: dossier {verwijdering.leerling_kenmerk[:12]}…: {rijen}")
        if apply:
            self.stdout.write(self.style.SUCCESS("Klaar."))
        else:
            self.stdout.write(f"{len(verwijderen)} dossier(s) te verwijderen. Voer uit met --apply.")
