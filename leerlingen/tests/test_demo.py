import pytest
from django.core.management import CommandError, call_command
from django.test import Client, override_settings
from django.urls import reverse

from klimop.accounts.demo import DEMO_WACHTWOORD
from klimop.accounts.models import User
from klimop.profiel.models import Ondersteuningsprofiel
from leerlingen.models import Groep, Leerling

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    with override_settings(DEBUG=True):
        call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_demo_refuses_without_debug_unless_forced():
    with pytest.raises(CommandError, match="--force"):
        call_command("demo")
    assert not Leerling.objects.exists()


def test_demo_builds_a_believable_school(demo):
    assert list(Groep.objects.values_list("naam", flat=True).order_by("leerjaar", "naam")) == [
        "Groep 1/2a", "Groep 1/2b", "Groep 3", "Groep 4", "Groep 5", "Groep 6", "Groep 7", "Groep 8",
    ]  # fmt: skip
    assert 190 <= Leerling.objects.count() <= 215
    assert all(leerling.ouders.exists() for leerling in Leerling.objects.prefetch_related("ouders"))


def test_demo_publishes_a_profile_and_keeps_an_archived_version(demo, client):
    assert Ondersteuningsprofiel.objects.gepubliceerd().count() == 1
    assert Ondersteuningsprofiel.objects.filter(status=Ondersteuningsprofiel.Status.GEARCHIVEERD).exists()
    assert "Dyslexieprotocol" in client.get(reverse("profiel:ondersteuningsprofiel")).content.decode()


def test_demo_is_idempotent(demo):
    counts = (User.objects.count(), Leerling.objects.count(), Groep.objects.count())
    names = list(Leerling.objects.order_by("leerlingnummer").values_list("achternaam", flat=True))
    with override_settings(DEBUG=True):
        call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert (User.objects.count(), Leerling.objects.count(), Groep.objects.count()) == counts
    assert list(Leerling.objects.order_by("leerlingnummer").values_list("achternaam", flat=True)) == names


def test_demo_teachers_do_not_share_pupils(demo):
    juf = User.objects.get(email="leerkracht@klimop.test")
    meester = User.objects.get(email="leerkracht2@klimop.test")
    assert [g.naam for g in juf.groepen.all()] == ["Groep 5"]
    assert [g.naam for g in meester.groepen.all()] == ["Groep 7"]
    assert not (set(Leerling.objects.zichtbaar_voor(juf)) & set(Leerling.objects.zichtbaar_voor(meester)))


def test_demo_parents_have_the_described_children(demo):
    ouder = User.objects.get(email="ouder@klimop.test")
    ouder2 = User.objects.get(email="ouder2@klimop.test")
    assert sorted(k.groep.naam for k in Leerling.objects.zichtbaar_voor(ouder)) == ["Groep 3", "Groep 5"]
    assert [k.groep.naam for k in Leerling.objects.zichtbaar_voor(ouder2)] == ["Groep 7"]


@pytest.mark.parametrize(
    ("email", "expected"),
    [
        ("leerkracht@klimop.test", "Mijn groepen"),
        ("leerkracht2@klimop.test", "Mijn groepen"),
        ("ib@klimop.test", "ingeschreven"),
        ("directeur@klimop.test", "ingeschreven"),
        ("trajectbegeleider@klimop.test", "Dossiers waarbij u betrokken bent"),
        ("ot@klimop.test", "Dossiers waarbij u betrokken bent"),
        ("ouder@klimop.test", "Mijn kinderen"),
        ("ouder2@klimop.test", "Mijn kinderen"),
    ],
)
def test_each_demo_account_signs_in_and_lands_on_portaal(demo, settings, email, expected):
    settings.DEBUG = True  # as under `make run`: demo staff skip the second factor only then (docs/ontwerp.md §7)
    client = Client()
    response = client.post(reverse("accounts:login"), {"username": email, "password": DEMO_WACHTWOORD}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("portaal")
    assert expected in response.content.decode()


def test_demo_access_rules_hold_between_demo_accounts(demo, settings):
    settings.DEBUG = True
    ouder = User.objects.get(email="ouder@klimop.test")
    kinderen = list(Leerling.objects.zichtbaar_voor(ouder))
    tweede = Client()
    tweede.force_login(User.objects.get(email="ouder2@klimop.test"))
    meester = Client()
    meester.force_login(User.objects.get(email="leerkracht2@klimop.test"))
    for kind in kinderen:
        assert tweede.get(reverse("ouders:kind", args=[kind.pk])).status_code == 404
    for leerling in Leerling.objects.filter(groep__naam="Groep 5"):
        assert meester.get(reverse("leerlingen:detail", args=[leerling.pk])).status_code == 404


def test_demo_has_cases_in_every_state_with_timelines(demo):
    from ondersteuning.models import Ondersteuningsvraag, Stap, Status

    statussen = set(Ondersteuningsvraag.objects.values_list("status", flat=True))
    assert statussen == set(Status.values)
    for vraag in Ondersteuningsvraag.objects.exclude(status=Status.CONCEPT):
        stappen = list(Stap.objects.filter(vraag=vraag).values_list("naar_status", flat=True))
        assert stappen[0] == Status.INGEDIEND
        assert vraag.status in stappen


def test_demo_parent_cases_are_private_to_their_family(demo):
    from ondersteuning.models import Ondersteuningsvraag

    ouder = User.objects.get(email="ouder@klimop.test")
    vraag = Ondersteuningsvraag.objects.get(leerling__leerlingnummer="KO9001")
    eigen = Client()
    eigen.force_login(ouder)
    assert eigen.get(reverse("ondersteuning:detail", args=[vraag.pk])).status_code == 200
    ander = Client()
    ander.force_login(User.objects.get(email="ouder2@klimop.test"))
    assert ander.get(reverse("ondersteuning:detail", args=[vraag.pk])).status_code == 404


def test_demo_external_partners_see_only_their_consented_cases(demo):
    from ondersteuning.models import Ondersteuningsvraag

    tb = User.objects.get(email="trajectbegeleider@klimop.test")
    ot = User.objects.get(email="ot@klimop.test")
    assert Ondersteuningsvraag.objects.zichtbaar_voor(tb).exists()
    assert Ondersteuningsvraag.objects.zichtbaar_voor(ot).exists()
    assert Ondersteuningsvraag.objects.zichtbaar_voor(tb).count() < Ondersteuningsvraag.objects.count()
