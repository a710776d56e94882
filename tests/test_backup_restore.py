"""`manage.py backup` and `manage.py restore` (issue 17): back up a small school, restore into an EMPTY new
database, and every table's rows and every upload must be the same."""

import hashlib
import sqlite3
from pathlib import Path

import psycopg2
import pytest
from cryptography.fernet import Fernet
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connections

from klimop.onderhoud.backup import BackupFout, herstel, maak_backup
from ondersteuning import services

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
IS_POSTGRES = connections["default"].vendor == "postgresql"


@pytest.fixture
def sleutel(monkeypatch):
    waarde = Fernet.generate_key().decode()
    monkeypatch.setenv("BACKUP_SLEUTEL", waarde)
    return waarde


@pytest.fixture
def school(settings, tmp_path, vraag, ib, ouder, leerkracht):
    """A small demo-like school: a case taken up, with consent, a comment and two uploaded documents."""
    settings.MEDIA_ROOT = tmp_path / "uploads"
    services.oppakken(vraag=vraag, door=ib)
    services.toestemming_geven(vraag=vraag, soort="aanmelden_ot", ouder=ouder)
    services.reageren(vraag=vraag, door=ouder, tekst="Wij doen thuis mee.")
    for naam in ("verslag.pdf", "brief.pdf"):
        services.bijlage_toevoegen(
            vraag=vraag, door=ib, bestand=SimpleUploadedFile(naam, PDF + naam.encode()), omschrijving=naam
        )
    return settings.MEDIA_ROOT


def _uploads(map_: Path) -> dict[str, str]:
    return {
        str(p.relative_to(map_)): hashlib.sha256(p.read_bytes()).hexdigest() for p in map_.rglob("*") if p.is_file()
    }


def _pg_tabellen(cursor) -> dict[str, tuple[int, str]]:
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
    uitkomst = {}
    for (tabel,) in cursor.fetchall():
        cursor.execute(
            f"SELECT count(*), md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) FROM \"{tabel}\" t"
        )
        uitkomst[tabel] = cursor.fetchone()
    return uitkomst


def _sqlite_tabellen(pad) -> dict[str, tuple[int, str]]:
    with sqlite3.connect(pad) as db:
        namen = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        uitkomst = {}
        for tabel in namen:
            rijen = sorted(repr(r) for r in db.execute(f'SELECT * FROM "{tabel}"'))
            uitkomst[tabel] = (len(rijen), hashlib.sha256("\n".join(rijen).encode()).hexdigest())
        return uitkomst


@pytest.mark.skipif(not IS_POSTGRES, reason="pg_dump/pg_restore need PostgreSQL (DATABASE_URL=postgres://...)")
@pytest.mark.django_db(transaction=True)
def test_a_postgresql_backup_restores_into_an_empty_database_with_every_row_and_upload(school, sleutel, tmp_path):
    bron = connections["default"].settings_dict
    nieuw = f"{bron['NAME']}_herstel"
    beheer = psycopg2.connect(
        dbname="postgres", user=bron["USER"], password=bron["PASSWORD"], host=bron["HOST"], port=bron["PORT"]
    )
    beheer.autocommit = True
    with beheer.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{nieuw}"')
        cursor.execute(f'CREATE DATABASE "{nieuw}"')
    doel = {**bron, "NAME": nieuw}
    try:
        bestand = maak_backup(tmp_path / "backups")
        assert bestand.name.startswith("klimop-backup-") and bestand.suffixes[-2:] == [".tar", ".enc"]
        assert b"verslag.pdf" not in bestand.read_bytes()  # encrypted
        herstel(bestand, db=doel, media_root=tmp_path / "hersteld")
        kopie = psycopg2.connect(
            dbname=nieuw, user=bron["USER"], password=bron["PASSWORD"], host=bron["HOST"], port=bron["PORT"]
        )
        with connections["default"].cursor() as origineel, kopie.cursor() as cursor:
            voor, na = _pg_tabellen(origineel), _pg_tabellen(cursor)
        kopie.close()
        assert voor["ondersteuning_bijlage"][0] == 2 and voor["leerlingen_leerling"][0] >= 1
        assert na == voor
        assert _uploads(tmp_path / "hersteld") == _uploads(school) != {}
        with pytest.raises(BackupFout, match="niet leeg"):
            herstel(bestand, db=doel, media_root=tmp_path / "nogmaals")
    finally:
        with beheer.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{nieuw}"')
        beheer.close()


@pytest.mark.skipif(IS_POSTGRES, reason="the SQLite variant; PostgreSQL has its own test above")
@pytest.mark.django_db(transaction=True)
def test_a_sqlite_backup_restores_into_an_empty_file_with_every_row_and_upload(school, sleutel, tmp_path):
    bron = connections["default"].settings_dict
    leeg = tmp_path / "hersteld.sqlite3"
    doel = {**bron, "NAME": str(leeg)}
    bestand = maak_backup(tmp_path / "backups")
    herstel(bestand, db=doel, media_root=tmp_path / "hersteld")
    voor, na = _sqlite_tabellen(bron["NAME"]), _sqlite_tabellen(leeg)
    assert voor["ondersteuning_bijlage"][0] == 2
    assert na == voor
    assert _uploads(tmp_path / "hersteld") == _uploads(school) != {}
    with pytest.raises(BackupFout, match="niet leeg"):
        herstel(bestand, db=doel, media_root=tmp_path / "nogmaals")


@pytest.mark.django_db
def test_without_a_key_no_backup_is_written(monkeypatch, tmp_path):
    monkeypatch.delenv("BACKUP_SLEUTEL", raising=False)
    with pytest.raises(CommandError, match="BACKUP_SLEUTEL"):
        call_command("backup", str(tmp_path))
    assert not list(tmp_path.iterdir())


@pytest.mark.django_db(transaction=True)
def test_a_backup_does_not_open_with_another_key(monkeypatch, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "uploads"
    monkeypatch.setenv("BACKUP_SLEUTEL", Fernet.generate_key().decode())
    bestand = maak_backup(tmp_path / "backups")
    monkeypatch.setenv("BACKUP_SLEUTEL", Fernet.generate_key().decode())
    with pytest.raises(CommandError, match="past niet bij de sleutel"):
        call_command("restore", str(bestand))
