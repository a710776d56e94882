"""Every page of the benchmark runs the same number of queries whatever the size of the school (issue 18).

The school is the benchmark's own generator (bench/generate.py) at two small sizes; each page is asked twice for
the role that uses it and the second, steady-state request is counted, as `make bench` does.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.generate import build, sessions
from bench.run import BARE_FLOOR, pages

pytestmark = pytest.mark.django_db

# The AVG export runs one query per kind of row in the pupil's file (not per row: 556-578 before issue 18).
AVG_EXPORT_MAX = 70

# Steady-state queries per page at both sizes below. A page whose count grows with the data fails here.
PINNED: dict[str, int] = {
    "bare floor": 4,
    "layout floor": 4,
    "public profile": 1,
    "start page IB": 15,  # the attention lists of issue 11, one query each
    "start page directeur": 15,  # the attention lists of issue 11, one query each
    "start page teacher": 10,  # the attention lists of issue 11, one query each
    "start page trajectbegeleider": 7,  # the attention lists of issue 11, one query each
    "start page parent": 6,
    "overview": 13,
    "ROD list": 6,
    "queue IB": 8,
    "queue IB, filtered": 9,
    "queue teacher": 8,
    "case page (200 steps)": 19,
    "parent case page (200 steps)": 21,  # the TLV block (issue 14) and ended access (issue 11)
    "parent child page": 9,
    "print view": 15,
    "pupil list": 7,
    "pupil search": 7,
    "access log": 6,
    "invite parents": 6,
    "accounts": 9,
}


def _counts(client, ids) -> dict[str, int]:
    cookies = sessions(ids)
    counts = {}
    for name, (method, path, role) in pages(ids).items():
        if name == "PDF":  # WeasyPrint is slow in the test run; its queries are those of the print view
            continue
        client.cookies.clear()
        client.cookies["csrftoken"] = "b" * 32
        if role in cookies:
            client.cookies["sessionid"] = cookies[role]
        send = client.post if method == "POST" else client.get
        extra = {"HTTP_X_CSRFTOKEN": "b" * 32} if method == "POST" else {}
        assert send(path, **extra).status_code == 200, name
        with CaptureQueriesContext(connection) as queries:
            assert send(path, **extra).status_code == 200, name
        counts[name] = len(queries)
    return counts


@pytest.mark.parametrize(("leerlingen", "per_jaar"), [(120, 40), (480, 160)])
def test_every_page_runs_the_pinned_number_of_queries_at_every_size(client, leerlingen, per_jaar):
    counts = _counts(client, build(leerlingen=leerlingen, per_jaar=per_jaar))
    assert counts[BARE_FLOOR] <= 4
    assert counts.pop("AVG export") <= AVG_EXPORT_MAX
    assert counts == PINNED
