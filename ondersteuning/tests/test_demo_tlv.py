"""The demo (issue 14): one complete TLV request A, and one signed by only the directeur with the reason recorded."""

import pytest
from django.core.management import call_command
from django.test import override_settings

from ondersteuning import services
from ondersteuning.models import OndertekenaarRol, OndertekeningWijze, TlvOndertekening, Verwijzing

pytestmark = pytest.mark.django_db


def demo():
    with override_settings(DEBUG=True):
        call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_the_demo_has_a_complete_tlv_a_and_one_signed_only_by_the_directeur():
    demo()
    verstuurd = Verwijzing.objects.filter(verstuurd_op__isnull=False)
    compleet = [v for v in verstuurd.filter(soort="A") if not [o for o in services.volledigheid(v) if not o.aanwezig]]
    assert compleet, "no complete TLV A in the demo"
    rollen = {o.rol for o in compleet[0].geldige_ondertekeningen()}
    assert rollen == {OndertekenaarRol.OUDER, OndertekenaarRol.DIRECTEUR}
    zonder_ouder = verstuurd.exclude(reden_zonder_ouder="").get()
    assert {o.rol for o in zonder_ouder.geldige_ondertekeningen()} == {OndertekenaarRol.DIRECTEUR}
    assert TlvOndertekening.objects.filter(wijze=OndertekeningWijze.PAPIER, bijlage__isnull=False).exists()
    aantal = TlvOndertekening.objects.count()
    demo()
    assert TlvOndertekening.objects.count() == aantal
