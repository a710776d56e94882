"""Backup and restore (issue 17): the database and the uploads in one dated archive, encrypted with Fernet.

The key comes from the environment (`BACKUP_SLEUTEL`, made with `Fernet.generate_key()`); without it nothing is
written. PostgreSQL is dumped with pg_dump in its custom format and restored with pg_restore into an empty
database; SQLite is copied with its own backup API. The archive is held in memory while it is encrypted, which
suits a school's database and uploads of a few gigabytes at most.
"""

import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.db import connections
from django.utils import timezone

SLEUTEL_VARIABELE = "BACKUP_SLEUTEL"


class BackupFout(Exception):
    pass


def _fernet() -> Fernet:
    sleutel = os.environ.get(SLEUTEL_VARIABELE, "")
    if not sleutel:
        raise BackupFout(f"{SLEUTEL_VARIABELE} is niet gezet; maak een sleutel met Fernet.generate_key().")
    try:
        return Fernet(sleutel.encode())
    except ValueError:
        raise BackupFout(f"{SLEUTEL_VARIABELE} is geen geldige Fernet-sleutel.") from None


def _is_postgres(db: dict) -> bool:
    return db["ENGINE"] == "django.db.backends.postgresql"


def _pg_verbinding(db: dict):
    import psycopg2

    return psycopg2.connect(
        dbname=db["NAME"], user=db["USER"], password=db.get("PASSWORD"), host=db.get("HOST"), port=db.get("PORT")
    )


def _pg_programma(naam: str, db: dict) -> str:
    """The pg_dump/pg_restore of the server's major version when installed side by side, else the one on PATH."""
    if eigen := os.environ.get("PG_BIN"):
        return str(Path(eigen) / naam)
    with _pg_verbinding(db) as verbinding:
        versie = verbinding.server_version // 10000
    kandidaat = Path(f"/usr/lib/postgresql/{versie}/bin/{naam}")
    return str(kandidaat) if kandidaat.exists() else (shutil.which(naam) or naam)


def _pg_omgeving(db: dict) -> tuple[list[str], dict]:
    args = ["--host", db.get("HOST") or "localhost", "--port", str(db.get("PORT") or 5432)]
    args += ["--username", db["USER"], "--dbname", db["NAME"]]
    return args, {**os.environ, "PGPASSWORD": db.get("PASSWORD") or ""}


def _voeg_toe(archief: tarfile.TarFile, naam: str, inhoud: bytes) -> None:
    info = tarfile.TarInfo(naam)
    info.size = len(inhoud)
    info.mtime = int(timezone.now().timestamp())
    archief.addfile(info, io.BytesIO(inhoud))


def maak_backup(doelmap: Path, *, media_root: Path | None = None) -> Path:
    """Write `klimop-backup-<date>-<time>.tar.enc` in `doelmap` and return its path."""
    fernet = _fernet()
    db = connections["default"].settings_dict
    media_root = Path(media_root or settings.MEDIA_ROOT)
    buffer = io.BytesIO()
    with tempfile.TemporaryDirectory() as tijdelijk, tarfile.open(fileobj=buffer, mode="w") as archief:
        if _is_postgres(db):
            dump = Path(tijdelijk) / "database.dump"
            args, env = _pg_omgeving(db)
            subprocess.run(
                [_pg_programma("pg_dump", db), "--format=custom", "--no-owner", "--file", str(dump), *args],
                env=env,
                check=True,
                capture_output=True,
            )
            archief.add(dump, "database.dump")
            soort = "postgresql"
        else:
            kopie = Path(tijdelijk) / "database.sqlite3"
            with sqlite3.connect(db["NAME"]) as bron, sqlite3.connect(kopie) as doel:
                bron.backup(doel)
            archief.add(kopie, "database.sqlite3")
            soort = "sqlite"
        if media_root.exists():
            archief.add(media_root, "uploads")
        manifest = {"soort": soort, "gemaakt_op": timezone.now().isoformat(), "versie": 1}
        _voeg_toe(archief, "manifest.json", json.dumps(manifest).encode())
    doelmap.mkdir(parents=True, exist_ok=True)
    bestand = doelmap / f"klimop-backup-{timezone.localtime():%Y%m%d-%H%M%S}.tar.enc"
    bestand.write_bytes(fernet.encrypt(buffer.getvalue()))
    bestand.chmod(0o600)
    return bestand


def _pg_is_leeg(db: dict) -> bool:
    with _pg_verbinding(db) as verbinding, verbinding.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
        return cursor.fetchone()[0] == 0


def herstel(bestand: Path, *, db: dict | None = None, media_root: Path | None = None) -> dict:
    """Decrypt `bestand`, restore the database into the configured (empty) one and put the uploads back."""
    try:
        inhoud = _fernet().decrypt(Path(bestand).read_bytes())
    except InvalidToken:
        raise BackupFout("Deze backup past niet bij de sleutel, of is beschadigd.") from None
    db = db or connections["default"].settings_dict
    media_root = Path(media_root or settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory() as tijdelijk, tarfile.open(fileobj=io.BytesIO(inhoud)) as archief:
        archief.extractall(tijdelijk, filter="data")
        map_ = Path(tijdelijk)
        manifest = json.loads((map_ / "manifest.json").read_text())
        if manifest["soort"] != ("postgresql" if _is_postgres(db) else "sqlite"):
            raise BackupFout(f"Deze backup is van een {manifest['soort']}-database.")
        if _is_postgres(db):
            if not _pg_is_leeg(db):
                raise BackupFout(f"De database {db['NAME']} is niet leeg; herstel alleen in een lege database.")
            programma = _pg_programma("pg_restore", db)
            args, env = _pg_omgeving(db)
            subprocess.run(
                [programma, "--no-owner", "--exit-on-error", *args, str(map_ / "database.dump")],
                env=env,
                check=True,
                capture_output=True,
            )
        else:
            doel = Path(db["NAME"])
            if doel.exists() and doel.stat().st_size:
                with sqlite3.connect(doel) as bestaand:
                    if bestaand.execute("SELECT count(*) FROM sqlite_master WHERE type='table'").fetchone()[0]:
                        raise BackupFout(f"De database {doel} is niet leeg; herstel alleen in een lege database.")
            with sqlite3.connect(map_ / "database.sqlite3") as bron, sqlite3.connect(doel) as nieuw:
                bron.backup(nieuw)
        uploads = map_ / "uploads"
        if uploads.exists():
            shutil.copytree(uploads, media_root, dirs_exist_ok=True)
    return manifest
