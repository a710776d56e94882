"""The authorization matrix: every URL pattern, every role in the cast, GET and POST (and htmx), own and other objects.

A response that differs from `tests/autorisatiematrix.py` fails, and so does any response that shows the name or
case text of a pupil the role may not see. A URL pattern without an entry in the matrix fails too.
"""

import datetime
import re
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils import timezone

from klimop.accounts import services as account_services
from klimop.accounts.models import Melding, Rol
from klimop.accounts.tests.factories import UserFactory
from klimop.profiel.models import Ondersteuningsprofiel
from klimop.profiel.tests.factories import OnderdeelFactory, ProfielFactory, gepubliceerd_profiel
from ondersteuning import services
from ondersteuning import views as ondersteuning_views
from ondersteuning.models import Toestemming
from ondersteuning.tests.factories import VraagFactory
from tests.autorisatiematrix import ACTIES, KENMERKEN, ROLLEN, ROUTES, ZIET, markdown

DOC = Path(settings.BASE_DIR) / "docs" / "autorisatiematrix.md"
PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PLAN = {
    "handelingsdeel_aanbod": "Extra instructie in een kleine groep.",
    "handelingsdeel_uitvoering": "De intern begeleider, twee keer per week.",
    "kind_aan_het_woord": "Ik wil het zelf kunnen.",
}


def _patterns(resolver: URLResolver, namespace: str = ""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _patterns(entry, ns)
        elif isinstance(entry, URLPattern):
            yield namespace + (entry.name or f"<naamloos {entry.pattern}>"), entry


def _url_names() -> set[str]:
    return {name for name, _ in _patterns(get_resolver())}


def _matrix_url_name(entry: str) -> str:
    return entry.split("[")[0]


# --- the matrix covers everything -----------------------------------------------------------


def test_every_url_pattern_has_a_row_in_the_matrix():
    ontbreekt = sorted(
        name
        for name in _url_names()
        if not name.startswith("admin:") and name not in {_matrix_url_name(e) for e in ROUTES}
    )
    assert not ontbreekt, f"Add these URLs to tests/autorisatiematrix.py: {ontbreekt}"


def test_the_matrix_has_no_rows_for_urls_that_no_longer_exist():
    weg = sorted({_matrix_url_name(e) for e in ROUTES} - _url_names())
    assert not weg, weg


def test_every_case_action_has_a_row_in_the_matrix():
    assert set(ACTIES) == set(ondersteuning_views.ACTIES)


def test_every_row_names_every_role():
    for naam, route in ROUTES.items():
        assert set(route.get) == set(ROLLEN) and set(route.post) == set(ROLLEN), naam


def test_the_matrix_document_is_generated_from_the_table():
    assert DOC.read_text() == markdown(), (
        "Run: .venv/bin/python -m tests.autorisatiematrix > docs/autorisatiematrix.md"
    )


# --- the scenario -----------------------------------------------------------------------------


def _plan_en_bijlage(vraag, ib, ouder):
    """Version 1 shared and agreed to, with a comment; version 2 shared; version 3 a concept; and a document."""
    eerste = services.plan_starten(
        vraag=vraag,
        door=ib,
        inhoud=dict(PLAN),
        doelen=[{"omschrijving": "Zelf een boek lezen.", "evaluatiedatum": datetime.date(2030, 1, 31)}],
    )
    services.versie_delen(versie=eerste, door=ib)
    services.instemmen(versie=eerste, ouder=ouder, akkoord=True)
    services.reageren(vraag=vraag, door=ouder, tekst="Wij doen thuis mee.", versie=eerste)
    services.versie_delen(versie=services.concept_versie(vraag=vraag, door=ib), door=ib)
    services.concept_versie(vraag=vraag, door=ib)
    return services.bijlage_toevoegen(
        vraag=vraag, door=ib, bestand=SimpleUploadedFile("verslag.pdf", PDF), omschrijving="Verslag"
    )


@pytest.fixture
def scenario(
    settings,
    tmp_path,
    leerkracht,
    leerkracht2,
    ib,
    directeur,
    trajectbegeleider,
    ot_lid,
    ouder,
    ouder2,
    leerling,
    andere_leerling,
):
    cache.clear()
    settings.MEDIA_ROOT = tmp_path / "uploads"
    tb_zonder = UserFactory(rol=Rol.TRAJECTBEGELEIDER, organisatie="De Westfriese Knoop")
    ot_niet = UserFactory(rol=Rol.OT_LID, functie="jeugdverpleegkundige")
    users = {
        "leerkracht": leerkracht,
        "leerkracht2": leerkracht2,
        "ib": ib,
        "directeur": directeur,
        "tb_met": trajectbegeleider,
        "tb_zonder": tb_zonder,
        "ot_uit": ot_lid,
        "ot_niet": ot_niet,
        "ouder": ouder,
        "ouder2": ouder2,
    }
    eigen = VraagFactory(leerling=leerling, ingediend_door=leerkracht, hulpvraag="Eigen-hulpvraag: Daan leest traag.")
    services.indienen(vraag=eigen, door=leerkracht)
    services.oppakken(vraag=eigen, door=ib)
    for soort in ("aanmelden_ot", "delen_ot", "delen_swv"):
        services.toestemming_geven(vraag=eigen, soort=soort, ouder=ouder)
    services.naar_ondersteuningsteam(vraag=eigen, door=ib, toelichting="Meer nodig.")
    services.overleg_plannen(
        vraag=eigen, door=ib, datum=timezone.now() + datetime.timedelta(days=7), agenda="Lezen", deelnemers=[ot_lid]
    )
    services.openen_voor_trajectbegeleider(vraag=eigen, door=ib, trajectbegeleider=trajectbegeleider, toelichting="?")

    ander = VraagFactory(
        leerling=andere_leerling, ingediend_door=leerkracht2, hulpvraag="Andere-hulpvraag: Yusuf rekent moeizaam."
    )
    services.indienen(vraag=ander, door=leerkracht2)
    services.oppakken(vraag=ander, door=ib)
    for soort in ("aanmelden_ot", "delen_swv"):
        services.toestemming_geven(vraag=ander, soort=soort, ouder=ouder2)
    services.naar_ondersteuningsteam(vraag=ander, door=ib, toelichting="Meer nodig.")
    services.openen_voor_trajectbegeleider(vraag=ander, door=ib, trajectbegeleider=tb_zonder, toelichting="?")
    services.toestemming_intrekken(toestemming=Toestemming.objects.get(vraag=ander, soort="delen_swv"), door=ouder2)

    bijlagen = {"eigen": _plan_en_bijlage(eigen, ib, ouder), "ander": _plan_en_bijlage(ander, ib, ouder2)}
    meldingen = {
        variant: Melding.objects.create(user=user, soort=Melding.Soort.STAP_VOOR_OUDERS, link=reverse("portaal"))
        for variant, user in (("eigen", ouder), ("ander", ouder2))
    }
    # A new teacher without a password yet, with an open invitation.
    uitgenodigd = UserFactory(rol=Rol.LEERKRACHT, password=None)
    uitgenodigd.set_unusable_password()
    uitgenodigd.save()
    uitnodiging = account_services.uitnodigen(user=uitgenodigd, door=directeur)

    gepubliceerd = gepubliceerd_profiel()
    concept = ProfielFactory()
    OnderdeelFactory(profiel=concept)
    gearchiveerd = ProfielFactory(
        status=Ondersteuningsprofiel.Status.GEARCHIVEERD, vastgesteld_op=datetime.date(2020, 6, 1)
    )
    objecten = {
        "leerling": {"eigen": leerling, "ander": andere_leerling},
        "vraag": {"eigen": eigen, "ander": ander},
        "profiel": {"eigen": concept, "ander": gepubliceerd},
    }
    kwargs = {
        "": lambda variant: {},
        "leerling": lambda variant: {"pk": objecten["leerling"][variant].pk},
        "vraag": lambda variant: {"pk": objecten["vraag"][variant].pk},
        "profiel": lambda variant: {"pk": objecten["profiel"][variant].pk},
        "onderdeel": lambda variant: {
            "pk": concept.pk,
            "onderdeel_pk": objecten["profiel"][variant].onderdelen.order_by("pk").first().pk,
        },
        "plan_versie": lambda variant: {"pk": objecten["vraag"][variant].pk, "nummer": 1},
        "bijlage": lambda variant: {"pk": objecten["vraag"][variant].pk, "bijlage_pk": bijlagen[variant].pk},
        "melding": lambda variant: {"pk": meldingen[variant].pk},
        "account": lambda variant: {"pk": {"eigen": ouder, "ander": leerkracht2}[variant].pk},
        "leerling_pk": lambda variant: {"leerling_pk": objecten["leerling"][variant].pk},
        "uitnodiging": lambda variant: {
            "pk": uitnodiging.pk,
            "token": uitnodiging.token() if variant == "eigen" else "ongeldig-123",
        },
        "figuur": lambda variant: {"figuur": "open-per-status"},
        "gearchiveerd_profiel": lambda variant: {"pk": gearchiveerd.pk},
        "ongeldige_resetlink": lambda variant: {"uidb64": "MQ", "token": "ongeldig-123"},
    }
    return users, kwargs


def _url(naam: str, route, kwargs_voor, variant: str) -> str:
    args = kwargs_voor[route.kwargs]("eigen" if variant == "-" else variant)
    if match := re.fullmatch(r"(.+)\[(.+)\]", naam):
        naam, args["naam"] = match.groups()
    return reverse(naam, kwargs=args)


def _uitkomst(response) -> str:
    # htmx asked without a session: the whole page is sent to the login (klimop/storingen.py).
    if "HX-Redirect" in response.headers and urlsplit(response["HX-Redirect"]).path == reverse("accounts:login"):
        return "login"
    if response.status_code in (301, 302):
        pad = urlsplit(response.url).path
        if pad == reverse("accounts:login"):
            return "login"
        return f"→ {resolve(pad).view_name}"
    return "ok" if response.status_code == 200 else str(response.status_code)


def _klopt(uitkomst: str, verwacht: str, methode: str) -> bool:
    if uitkomst == verwacht:
        return True
    # A POST that is allowed may answer with the form again (200) or go on to the next page.
    return methode == "POST" and verwacht == "ok" and uitkomst.startswith("→ ")


def _verboden_kenmerken(rol: str) -> list[str]:
    return [kenmerk for variant in ("eigen", "ander") if rol not in ZIET[variant] for kenmerk in KENMERKEN[variant]]


def _client(rol, users, client_for) -> Client:
    return Client() if rol == "anoniem" else client_for(users[rol])


@pytest.mark.django_db
@pytest.mark.parametrize("rol", list(ROLLEN))
def test_each_role_gets_exactly_what_the_matrix_allows_and_sees_no_other_pupil(rol, scenario, client_for):
    users, kwargs_voor = scenario
    client = _client(rol, users, client_for)
    cookies = SimpleCookie(client.cookies.output(header="", sep=";"))
    verboden = _verboden_kenmerken(rol)
    fouten = []
    for naam, route in ROUTES.items():
        for variant in route.varianten:
            url = _url(naam, route, kwargs_voor, variant)
            pogingen = [("GET", route.get[rol], {}), ("POST", route.post[rol], {})]
            if route.htmx:
                methode = "POST" if route.get[rol] == "405" else "GET"
                pogingen.append((methode, pogingen[methode == "POST"][1], {"HX-Request": "true"}))
            for methode, verwacht, headers in pogingen:
                if isinstance(verwacht, tuple):
                    verwacht = verwacht[route.varianten.index(variant)]
                # Every request runs in a transaction that is rolled back, so no POST changes the scenario.
                with transaction.atomic():
                    try:
                        if methode == "GET":
                            response = client.get(url, headers=headers)
                        else:
                            response = client.post(url, route.post_data, headers=headers)
                        uitkomst = _uitkomst(response)
                    except Exception as fout:  # a server error is a failure too, with its cause
                        response, uitkomst = None, f"500 ({type(fout).__name__}: {fout})"
                    transaction.set_rollback(True)
                client.cookies = SimpleCookie(cookies.output(header="", sep=";"))
                soort = f"{methode}{' htmx' if headers else ''} {url} ({naam}, {variant})"
                if not _klopt(uitkomst, verwacht, methode):
                    fouten.append(f"{soort}: {uitkomst}, expected {verwacht}")
                if response is not None and response.get("Content-Type", "").startswith("text/"):
                    inhoud = response.content.decode()
                    fouten += [f"{soort}: shows {kenmerk!r}" for kenmerk in verboden if kenmerk in inhoud]
    assert not fouten, "\n".join(fouten)


# --- the admin site ---------------------------------------------------------------------------


def _admin_urls(leerling) -> list[str]:
    invullen = {
        "app_label": "leerlingen",
        "object_id": str(leerling.pk),
        "pk": str(leerling.pk),
        "id": str(leerling.pk),
        "content_type_id": str(ContentType.objects.get_for_model(leerling).pk),
    }
    urls = ["/admin/leerlingen/bestaat-niet/"]  # the admin's unnamed catch-all
    for naam, pattern in _patterns(get_resolver()):
        if not naam.startswith("admin:") or naam in ("admin:login", "admin:logout") or "<naamloos" in naam:
            continue
        nodig = set(pattern.pattern.regex.groupindex)
        urls.append(reverse(naam, kwargs={k: invullen[k] for k in nodig}))
    return urls


@pytest.mark.django_db
def test_the_admin_site_sends_every_role_in_the_cast_to_the_admin_login(scenario, client_for, leerling):
    users, _ = scenario
    urls = _admin_urls(leerling)
    assert len(urls) > 30
    login = reverse("admin:login")
    fouten = []
    for rol in ROLLEN:
        client = _client(rol, users, client_for)
        for url in urls:
            for methode in ("get", "post"):
                response = getattr(client, methode)(url)
                if response.status_code != 302 or not response.url.startswith(login):
                    fouten.append(f"{rol} {methode.upper()} {url}: {response.status_code}")
    assert not fouten, "\n".join(fouten)
