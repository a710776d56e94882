"""The shared cast of users (CONVENTIONS.md): every permission test picks from these."""

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY

from klimop.accounts.models import Rol
from klimop.accounts.second_factor import second_factor_required
from klimop.accounts.tests.factories import UserFactory, totp_device_for
from leerlingen.tests.factories import GroepFactory, LeerlingFactory, OuderFactory


@pytest.fixture
def leerkracht(db):
    return UserFactory(email="juf.groep5@klimop.test", first_name="Marieke", last_name="Schouten", rol=Rol.LEERKRACHT)


@pytest.fixture
def leerkracht2(db):
    return UserFactory(email="meester.groep7@klimop.test", first_name="Jeroen", last_name="Kok", rol=Rol.LEERKRACHT)


@pytest.fixture
def ib(db):
    return UserFactory(email="ib@klimop.test", first_name="Anouk", last_name="Wijnbergen", rol=Rol.IB)


@pytest.fixture
def directeur(db):
    return UserFactory(email="directeur@klimop.test", first_name="Hans", last_name="Oosterveld", rol=Rol.DIRECTEUR)


@pytest.fixture
def trajectbegeleider(db):
    return UserFactory(email="tb@westfriesknoop.test", rol=Rol.TRAJECTBEGELEIDER, organisatie="De Westfriese Knoop")


@pytest.fixture
def ot_lid(db):
    return UserFactory(email="smw@netwerk.test", rol=Rol.OT_LID, functie="schoolmaatschappelijk werk")


@pytest.fixture
def groep(leerkracht):
    return GroepFactory(naam="Groep 5", leerjaar=5, leerkrachten=[leerkracht])


@pytest.fixture
def andere_groep(leerkracht2):
    return GroepFactory(naam="Groep 7", leerjaar=7, leerkrachten=[leerkracht2])


@pytest.fixture
def leerling(groep):
    return LeerlingFactory(voornaam="Daan", achternaam="Groot", groep=groep)


@pytest.fixture
def andere_leerling(andere_groep):
    return LeerlingFactory(voornaam="Yusuf", achternaam="Yilmaz", groep=andere_groep)


@pytest.fixture
def ouder(leerling):
    return OuderFactory(leerling=leerling, user__email="ouder@klimop.test").user


@pytest.fixture
def ouder2(andere_leerling):
    return OuderFactory(leerling=andere_leerling, user__email="ouder2@klimop.test").user


@pytest.fixture
def cast(leerkracht, leerkracht2, ib, directeur, trajectbegeleider, ot_lid, ouder, ouder2):
    return {
        "leerkracht": leerkracht,
        "leerkracht2": leerkracht2,
        "ib": ib,
        "directeur": directeur,
        "trajectbegeleider": trajectbegeleider,
        "ot_lid": ot_lid,
        "ouder": ouder,
        "ouder2": ouder2,
    }


@pytest.fixture
def client_for():
    """A test client signed in as the given user, past the second factor wherever one is required."""

    def make(user) -> Client:
        client = Client()
        client.force_login(user)
        if second_factor_required(user):
            session = client.session
            session[DEVICE_ID_SESSION_KEY] = totp_device_for(user).persistent_id
            session.save()
        return client

    return make


@pytest.fixture
def client_with_password_only():
    """A test client signed in with the password alone, as right after the login form."""

    def make(user) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make


@pytest.fixture
def vraag(leerling, leerkracht, ouder):
    """A submitted support request for `leerling`, filed by its teacher; the parent is `ouder`."""
    from ondersteuning import services
    from ondersteuning.tests.factories import VraagFactory

    concept = VraagFactory(leerling=leerling, ingediend_door=leerkracht)
    services.indienen(vraag=concept, door=leerkracht)
    concept.refresh_from_db()
    return concept
