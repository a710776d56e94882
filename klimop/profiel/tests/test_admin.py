import pytest
from django.urls import reverse

from klimop.accounts.tests.factories import UserFactory
from klimop.profiel.models import Ondersteuningsprofiel
from tests.antwoorden import inhoud

from .factories import ProfielFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def beheerder(client_for):
    return client_for(UserFactory(rol="directeur", is_staff=True, is_superuser=True))


def test_admin_cannot_change_or_delete_a_published_version(beheerder, gepubliceerd):
    url = reverse("admin:profiel_ondersteuningsprofiel_change", args=[gepubliceerd.pk])
    content = inhoud(beheerder.get(url))
    assert 'name="visie"' not in content  # read-only view
    beheerder.post(url, {"titel": "Anders"})
    gepubliceerd.refresh_from_db()
    assert gepubliceerd.titel != "Anders"
    delete = reverse("admin:profiel_ondersteuningsprofiel_delete", args=[gepubliceerd.pk])
    assert beheerder.post(delete, {"post": "yes"}).status_code == 403
    assert Ondersteuningsprofiel.objects.filter(pk=gepubliceerd.pk).exists()


def test_admin_edits_a_concept_but_never_its_status(beheerder):
    concept = ProfielFactory()
    content = inhoud(beheerder.get(reverse("admin:profiel_ondersteuningsprofiel_change", args=[concept.pk])))
    assert 'name="visie"' in content
    assert 'name="status"' not in content
