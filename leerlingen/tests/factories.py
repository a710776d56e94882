import datetime

import factory
from faker import Faker

from klimop.accounts.models import Rol
from klimop.accounts.tests.factories import UserFactory
from leerlingen.models import Groep, Leerling, Ouder, Relatie, huidig_schooljaar

_faker = Faker("nl_NL")


def _zonder_apostrof(soort: str) -> str:
    while "'" in (naam := getattr(_faker, soort)()):
        pass
    return naam


class GroepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Groep
        skip_postgeneration_save = True

    naam = factory.Sequence(lambda n: f"Groep {n % 8 + 1}{chr(97 + n // 8 % 26)}")
    leerjaar = factory.Sequence(lambda n: n % 8 + 1)
    schooljaar = factory.LazyFunction(huidig_schooljaar)

    @factory.post_generation
    def leerkrachten(self, create, extracted, **kwargs):
        if create and extracted:
            self.leerkrachten.set(extracted)


class LeerlingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Leerling

    leerlingnummer = factory.Sequence(lambda n: f"T{n:05d}")
    voornaam = factory.Faker("first_name", locale="nl_NL")
    # Generated names without an apostrophe ("van 't Wel"): tests look for names in HTML, where it is escaped.
    achternaam = factory.LazyFunction(lambda: _zonder_apostrof("last_name"))
    geboortedatum = factory.Faker("date_between", start_date="-12y", end_date="-4y")
    groep = factory.SubFactory(GroepFactory)
    ingeschreven_op = factory.LazyAttribute(lambda o: o.geboortedatum + datetime.timedelta(days=4 * 365 + 2))


class OuderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ouder

    user = factory.SubFactory(UserFactory, rol=Rol.OUDER)
    leerling = factory.SubFactory(LeerlingFactory)
    relatie = Relatie.MOEDER
    gezag = True
