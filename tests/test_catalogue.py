"""The English catalogue is complete and the committed .mo is the compiled .po (`make run` needs no gettext tools)."""

import gettext
from pathlib import Path

import polib
from django.conf import settings

PO = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


def test_every_entry_of_the_english_catalogue_is_translated_and_none_is_fuzzy_or_obsolete():
    po = polib.pofile(str(PO))
    assert len(po) > 500
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []
    assert [e.msgid for e in po.obsolete_entries()] == []


def test_the_committed_mo_file_holds_exactly_the_translations_of_the_po_file():
    po = polib.pofile(str(PO))
    with MO.open("rb") as bestand:
        mo = gettext.GNUTranslations(bestand)
    verwacht = {}
    for entry in po.translated_entries():
        sleutel = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
        if entry.msgid_plural:
            for n, tekst in entry.msgstr_plural.items():
                verwacht[(sleutel, n)] = tekst
        else:
            verwacht[sleutel] = entry.msgstr
    gecompileerd = {sleutel: tekst for sleutel, tekst in mo._catalog.items() if sleutel != ""}
    assert gecompileerd == verwacht, "locale/en/LC_MESSAGES/django.mo is out of date: run `make messages`"
