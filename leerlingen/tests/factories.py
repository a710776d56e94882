import datetime

import factory

from klimop.accounts.models import Rol
from klimop.accounts.tests.factories import UserFactory
from leerlingen.models import Groep, Leerling, Ouder, Relatie, huidig_schooljaar


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
    achternaam = factory.Faker("last_name", locale="nl_NL")
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
