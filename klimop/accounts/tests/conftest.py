import pytest

from .helpers import run_worker


@pytest.fixture
def worker(db):
    """Run the real `db_worker` once over the queue, in this test's transaction."""
    return run_worker
