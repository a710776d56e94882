from django.urls import reverse


def test_home_is_public_dutch_and_sets_no_cookie(client):
    response = client.get(reverse("profiel:home"))
    assert response.status_code == 200
    assert "Welkom bij Kindcentrum KlimOp" in response.content.decode()
    assert not response.cookies


def test_home_refuses_post(client):
    assert client.post(reverse("profiel:home")).status_code == 405
