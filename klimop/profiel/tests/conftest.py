import pytest
from django.core.cache import cache

from .factories import gepubliceerd_profiel


@pytest.fixture(autouse=True)
def _empty_cache():
    # The cache outlives each test's database rollback; a stale page must not leak into the next test.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def gepubliceerd(db):
    return gepubliceerd_profiel()
