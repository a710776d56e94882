import datetime

import factory
from django.utils import timezone

from klimop.profiel.models import Basisondersteuningsonderdeel, Ondersteuningsprofiel


class ProfielFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ondersteuningsprofiel

    status = Ondersteuningsprofiel.Status.CONCEPT
    vastgesteld_op = datetime.date(2024, 6, 18)
    mr_advies_op = datetime.date(2024, 5, 28)
    samenvatting = "Wat KlimOp elk kind biedt, en wat extra kan."
    visie = "Wij kijken naar wat een kind wél kan."
    basisondersteuning = "Elke school in De Westfriese Knoop biedt deze basisondersteuning."
    extra_ondersteuning = "Met het ondersteuningsteam organiseren wij extra ondersteuning."
    deskundigheid = "- een intern begeleider\n- een gedragsspecialist"
    grenzen = "Grenzen ontstaan als de veiligheid in gevaar komt."


class OnderdeelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Basisondersteuningsonderdeel

    profiel = factory.SubFactory(ProfielFactory)
    titel = factory.Sequence(lambda n: f"Onderdeel {n}")
    omschrijving = "Wat de leerkracht in de groep doet."
    volgorde = factory.Sequence(lambda n: n + 1)


def gepubliceerd_profiel(**kwargs) -> Ondersteuningsprofiel:
    """A published version with three basisondersteuning items."""
    kwargs.setdefault("gepubliceerd_op", timezone.now())
    profiel = ProfielFactory(status=Ondersteuningsprofiel.Status.GEPUBLICEERD, **kwargs)
    for titel in ("Handelingsgericht werken in de groep", "Dyslexieprotocol", "Rekenprotocol ERWD"):
        OnderdeelFactory(profiel=profiel, titel=titel)
    return profiel
