from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from leerlingen.importeren import BestandFout, ImportPlan, maak_plan
from leerlingen.services import ImportGeweigerd, importeer_leerlingen


def _naam(leerling) -> str:
    return f"{leerling.leerlingnummer} {leerling.volledige_naam}"


def beschrijf(plan: ImportPlan) -> list[str]:
    """The preview as plain text lines, in the same words as the upload page."""
    soort = {
        "edexml": f"EDEXML {plan.versie or '(versie niet vermeld)'}",
        "csv_ouders": "CSV met alleen ouders/verzorgers",
    }.get(plan.formaat, "CSV")
    regels = [
        f"{soort}. Schooljaar {plan.schooljaar}, peildatum {plan.vandaag:%d-%m-%Y}: "
        f"{len(plan.rijen)} leerlingen in het bestand.",
        f"  nieuwe leerlingen:            {len(plan.nieuwe_leerlingen)}",
        f"  gewijzigde leerlingen:        {len(plan.gewijzigde_leerlingen)}",
        f"  ongewijzigde leerlingen:      {len(plan.ongewijzigde_leerlingen)}",
        f"  uit te schrijven leerlingen:  {len(plan.uitgeschreven)}",
        f"  nieuwe groepen:               {len(plan.nieuwe_groepen)}",
        f"  nieuwe ouderaccounts:         {len(plan.nieuwe_accounts)}",
        f"  nieuwe ouderkoppelingen:      {len(plan.nieuwe_koppelingen)}",
        f"  gewijzigde ouderkoppelingen:  {len(plan.gewijzigde_koppelingen)}",
    ]
    if plan.is_edexml:
        regels.append(f"  nieuwe leerkracht–groep-koppelingen: {len(plan.nieuwe_groepsleerkrachten)}")
    if plan.genegeerde_kolommen:
        regels.append(f"Genegeerde kolommen: {', '.join(plan.genegeerde_kolommen)}")
    if plan.genegeerde_gegevens:
        regels.append(f"Genegeerd en niet bewaard: {', '.join(plan.genegeerde_gegevens)}")
    for item in plan.overgeslagen:
        regels.append(f"Overgeslagen: {item.element} {item.sleutel} {item.naam}: {item.reden}".replace("  ", " "))
    for leerkracht in plan.niet_gekoppelde_leerkrachten:
        regels.append(f"Niet gekoppeld: leerkracht {leerkracht.sleutel} {leerkracht.naam}: {leerkracht.reden}")
    for naam, leerjaar in plan.nieuwe_groepen.items():
        regels.append(f"+ groep {naam} (leerjaar {leerjaar})")
    for groep, leerjaar in plan.gewijzigde_groepen:
        regels.append(f"~ groep {groep.naam}: leerjaar {groep.leerjaar} → {leerjaar}")
    for rij in plan.nieuwe_leerlingen:
        regels.append(f"+ {rij.leerlingnummer} {rij.volledige_naam} ({rij.groep})")
    for wijziging in plan.gewijzigde_leerlingen:
        details = "; ".join(f"{w.veld}: {w.oud} → {w.nieuw}" for w in wijziging.wijzigingen)
        regels.append(f"~ {_naam(wijziging.leerling)}: {details}")
    for leerling in plan.uitgeschreven:
        regels.append(
            f"- {_naam(leerling)} ({leerling.groep or 'geen groep'}): uitgeschreven per {plan.vandaag:%d-%m-%Y}"
        )
    for email, ouder in plan.nieuwe_accounts.items():
        regels.append(f"+ ouderaccount {email} ({ouder.voornaam} {ouder.achternaam})".replace("( ", "("))
    for k in plan.nieuwe_koppelingen:
        gezag = "met gezag" if k.gezag else "zonder gezag"
        regels.append(f"+ {k.email} is {k.relatie_label.lower()} van {k.rij.volledige_naam}, {gezag}")
    for k in plan.gewijzigde_koppelingen:
        oud = f"{k.oud_relatie_label.lower()}, {'met' if k.oud_gezag else 'zonder'} gezag"
        nieuw = f"{k.relatie_label.lower()}, {'met' if k.gezag else 'zonder'} gezag"
        regels.append(f"~ {k.email} bij {k.rij.volledige_naam}: {oud} → {nieuw}")
    for k in plan.nieuwe_groepsleerkrachten:
        regels.append(f"+ leerkracht {k.user.email} bij {k.groep}")
    return regels


class Command(BaseCommand):
    help = (
        "Import pupils, groups and teachers from an EDEXML export, or pupils, groups and guardians from a CSV export "
        "of the leerlingadministratie (columns: README.md); the format is detected. "
        "Shows what would change; --apply makes the changes, all or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("bestand", type=Path, help="EDEXML file (.xml) or CSV file (; or , separated, UTF-8).")
        parser.add_argument("--apply", action="store_true", help="Apply the changes (default: preview only).")

    def handle(self, *args, bestand: Path, apply: bool = False, **options):
        try:
            inhoud = bestand.read_bytes()
        except OSError as exc:
            raise CommandError(f"Kan {bestand} niet lezen: {exc.strerror}.") from None
        try:
            plan = importeer_leerlingen(inhoud=inhoud) if apply else maak_plan(inhoud)
        except BestandFout as exc:
            raise CommandError(str(exc)) from None
        except ImportGeweigerd as exc:
            plan = None
            fouten = exc.fouten
        else:
            fouten = plan.fouten
        if fouten:
            for fout in fouten:
                self.stderr.write(str(fout))
            raise CommandError(f"Het bestand bevat {len(fouten)} fout(en); er is niets gewijzigd.")

        for regel in beschrijf(plan):
            self.stdout.write(regel)
        if not plan.heeft_wijzigingen:
            self.stdout.write(self.style.SUCCESS("Het portaal komt al overeen met het bestand; er verandert niets."))
        elif apply:
            self.stdout.write(self.style.SUCCESS(f"Import uitgevoerd: {plan.aantal_wijzigingen} wijziging(en)."))
        else:
            self.stdout.write(
                self.style.WARNING(
                    "Proefdraai: er is niets gewijzigd. Gebruik --apply om deze wijzigingen door te voeren."
                )
            )
