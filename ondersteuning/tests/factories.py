import datetime

import factory
from django.utils import timezone

from klimop.accounts.models import Rol
from klimop.accounts.tests.factories import UserFactory
from leerlingen.tests.factories import LeerlingFactory
from ondersteuning.models import InformeerWijze, Ondersteuningsvraag, Status, Urgentie


class VraagFactory(factory.django.DjangoModelFactory):
    """A complete concept; `status=...` with `ingediend_op` makes a case further along."""

    class Meta:
        model = Ondersteuningsvraag

    leerling = factory.SubFactory(LeerlingFactory)
    ingediend_door = factory.SubFactory(UserFactory, rol=Rol.LEERKRACHT)
    hulpvraag = "Daan leest veel langzamer dan zijn klasgenoten en raakt gefrustreerd bij lange teksten."
    sterke_kanten = "Daan is een sterke verteller, helpt anderen graag en rekent boven niveau."
    geprobeerd_toelichting = "Extra leesbeurten met een maatje, vier weken lang."
    ouders_geinformeerd_op = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=3))
    ouders_geinformeerd_hoe = InformeerWijze.GESPREK
    urgentie = Urgentie.NORMAAL
    status = Status.CONCEPT
    ingediend_op = factory.LazyAttribute(lambda o: None if o.status == Status.CONCEPT else timezone.now())
    afgesloten_op = factory.LazyAttribute(lambda o: timezone.now() if o.status == Status.AFGESLOTEN else None)
