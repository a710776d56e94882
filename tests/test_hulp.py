import pytest
from django.urls import reverse

URL = reverse("hulp")


def test_help_sends_anonymous_to_login(client):
    assert client.get(URL).url.startswith(reverse("accounts:login"))


@pytest.mark.django_db
@pytest.mark.parametrize("rol", ["leerkracht", "ib", "ouder", "trajectbegeleider"])
def test_help_is_for_every_signed_in_role_and_reads_no_pupil_data(
    client_for, cast, rol, django_assert_max_num_queries
):
    client = client_for(cast[rol])
    # Only the signed-in request's own queries: session, user, second factor, the idle-expiry session save.
    with django_assert_max_num_queries(7):
        response = client.get(URL)
    assert response.status_code == 200
    assert "Hulp en contact" in response.content.decode()


@pytest.mark.django_db
def test_help_refuses_post(client_for, ib):
    assert client_for(ib).post(URL).status_code == 405


@pytest.mark.django_db
def test_server_timing_header_is_off_by_default(client_for, ib):
    assert "Server-Timing" not in client_for(ib).get(URL)
