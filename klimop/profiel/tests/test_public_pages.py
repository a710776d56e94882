import re

import pytest
from django.urls import reverse

from tests.antwoorden import inhoud

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [
    ("profiel:home", "Welkom bij Kindcentrum KlimOp"),
    ("profiel:passend_onderwijs", "Samenwerkingsverbanden van scholen in de regio"),
    ("profiel:ondersteuningsprofiel", "Schoolondersteuningsprofiel Kindcentrum KlimOp"),
    ("profiel:samenwerkingsverband", "De trajectbegeleider"),
    ("profiel:archief", "Eerdere versies van het schoolondersteuningsprofiel"),
]


@pytest.mark.parametrize(("name", "kop"), PUBLIC_PAGES)
def test_public_page_is_open_to_anonymous_visitors_and_sets_no_cookie(client, gepubliceerd, name, kop):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert kop in response.content.decode()
    assert not response.cookies


@pytest.mark.parametrize(("name", "kop"), PUBLIC_PAGES)
def test_public_page_has_its_own_title_and_meta_description(client, gepubliceerd, name, kop):
    content = client.get(reverse(name)).content.decode()
    title = re.search(r"<title>(.*?)</title>", content, re.S).group(1)
    description = re.search(r'<meta name="description" content="([^"]+)">', content).group(1)
    assert title.strip().endswith("· KlimOp portaal") and len(title) > len("· KlimOp portaal") + 3
    assert 50 <= len(description) <= 200
    others = [client.get(reverse(other)).content.decode() for other, _ in PUBLIC_PAGES if other != name]
    assert all(f"<title>{title}</title>" not in other for other in others)
    assert all(f'content="{description}"' not in other for other in others)


@pytest.mark.parametrize(("name", "kop"), PUBLIC_PAGES)
def test_public_page_loads_nothing_from_other_sites(client, gepubliceerd, name, kop):
    content = inhoud(client.get(reverse(name)))
    # Links to other sites are fine; anything the browser fetches by itself must come from us.
    assert not re.search(r'<(script|img|iframe|link)[^>]+(src|href)="(https?:)?//', content)
    assert "@import" not in content


@pytest.mark.parametrize(("name", "kop"), PUBLIC_PAGES)
def test_public_page_refuses_post(client, name, kop):
    assert client.post(reverse(name)).status_code == 405


@pytest.mark.parametrize(("name", "kop"), PUBLIC_PAGES)
def test_public_page_has_landmarks_one_h1_and_a_skip_link(client, gepubliceerd, name, kop):
    content = client.get(reverse(name)).content.decode()
    assert content.count("<h1") == 1
    assert '<main id="inhoud"' in content and "<header" in content and "<footer" in content
    assert 'href="#inhoud"' in content
    assert '<html lang="nl">' in content


def test_anonymous_navigation_links_the_four_public_pages(client):
    content = client.get(reverse("profiel:passend_onderwijs")).content.decode()
    nav = content.split('aria-label="Hoofdmenu"')[1].split("</nav>")[0]
    for name in ("home", "passend_onderwijs", "ondersteuningsprofiel", "samenwerkingsverband"):
        assert f'href="{reverse("profiel:" + name)}"' in nav
    assert 'aria-current="page">Passend onderwijs' in nav


def test_passend_onderwijs_page_has_the_seed_text_in_sections(client):
    content = client.get(reverse("profiel:passend_onderwijs")).content.decode()
    for kop in ("Samenwerkingsverbanden van scholen in de regio", "In het kort", "Ondersteuning van leerlingen"):
        assert f">{kop}</h" in content
    assert ">Kind aan het woord</h2>" in content
    assert "Samen met mijn juf bedenk ik waar ik aan wil werken." in content
    kort = content.split(">In het kort</h3>")[1].split("</ul>")[0]
    assert kort.count("<li>") == 4
    assert "Er zijn geen bezuinigingen op extra ondersteuning aan leerlingen" in kort
    assert "&#x27;De Westfriese Knoop&#x27;" in content or "‘De Westfriese Knoop’" in content


def test_passend_onderwijs_links_the_summary_sentence_to_the_profile(client):
    content = client.get(reverse("profiel:passend_onderwijs")).content.decode()
    link = f'<a href="{reverse("profiel:ondersteuningsprofiel")}">'
    assert f"{link}Een samenvatting van ons schoolondersteuningsprofiel kunt u hier lezen.</a>" in content


def test_samenwerkingsverband_page_tells_parents_where_to_turn(client):
    content = client.get(reverse("profiel:samenwerkingsverband")).content.decode()
    assert "Samenwerkingsverband De Westfriese Knoop</h1>" in content
    for woord in ("trajectbegeleider", "Ouder- en jeugdsteunpunt", "Onderwijsconsulenten", "knooppunt"):
        assert woord in content


def test_home_links_to_the_public_pages_and_the_portal_login(client):
    content = client.get(reverse("profiel:home")).content.decode()
    for name in ("profiel:passend_onderwijs", "profiel:ondersteuningsprofiel", "profiel:samenwerkingsverband"):
        assert f'href="{reverse(name)}"' in content
    assert f'href="{reverse("accounts:login")}"' in content


def test_signed_in_staff_reach_the_editor_from_the_menu(client_for, leerkracht):
    content = client_for(leerkracht).get(reverse("portaal")).content.decode()
    assert f'href="{reverse("profielbeheer:overzicht")}"' in content


def test_print_stylesheet_is_linked_for_print_only(client):
    content = client.get(reverse("profiel:ondersteuningsprofiel")).content.decode()
    assert 'css/print.css" media="print">' in content
