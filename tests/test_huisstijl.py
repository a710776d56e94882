"""The house style's building blocks: the icon tag, the one date format, the language switch and the logo."""

import datetime
import re

import pytest
from django import forms
from django.conf import settings
from django.template import Context, Template, TemplateSyntaxError
from django.urls import reverse
from django.utils import timezone, translation

DAG = datetime.date(2026, 12, 1)


def render(tekst: str, **context) -> str:
    return Template("{% load huisstijl %}" + tekst).render(Context(context))


def test_the_icon_tag_draws_a_hidden_svg_from_the_vendored_sprite():
    html = render('{% icoon "house" %}')
    assert html.startswith('<svg class="icoon" aria-hidden="true" focusable="false"')
    assert re.search(r'<use href="/static/vendor/bootstrap-icons/bootstrap-icons\.svg#house"></use></svg>$', html)


def test_the_icon_tag_takes_an_extra_class():
    assert '<svg class="icoon text-danger"' in render('{% icoon "x-circle" "text-danger" %}')


def test_an_unknown_icon_name_fails_loudly_instead_of_drawing_nothing():
    with pytest.raises(TemplateSyntaxError, match="no icon named 'huis'"):
        render('{% icoon "huis" %}')


def test_the_vendored_icons_keep_their_licence():
    licence = settings.BASE_DIR / "static/vendor/bootstrap-icons/LICENSE"
    assert "MIT License" in licence.read_text()


@pytest.mark.parametrize(
    ("taal", "tekst", "kort"),
    [("nl", "1 december 2026", "1-12-2026"), ("en", "1 December 2026", "1-12-2026")],
)
def test_a_date_reads_one_way_in_text_and_one_way_in_tables(taal, tekst, kort):
    with translation.override(taal):
        assert render("{{ d|date }}", d=DAG) == tekst
        assert render('{{ d|date:"SHORT_DATE_FORMAT" }}', d=DAG) == kort


@pytest.mark.parametrize(
    ("taal", "tekst", "kort"),
    [("nl", "1 december 2026, 14:30", "1-12-2026 14:30"), ("en", "1 December 2026, 14:30", "1-12-2026 14:30")],
)
def test_a_moment_is_shown_in_dutch_time_in_both_formats(taal, tekst, kort):
    moment = datetime.datetime(2026, 12, 1, 13, 30, tzinfo=datetime.UTC)  # 14:30 in Amsterdam
    with translation.override(taal), timezone.override("Europe/Amsterdam"):
        assert render('{{ m|date:"DATETIME_FORMAT" }}', m=moment) == tekst
        assert render('{{ m|date:"SHORT_DATETIME_FORMAT" }}', m=moment) == kort


@pytest.mark.parametrize("taal", ["nl", "en"])
def test_a_typed_date_is_read_day_first_in_both_languages(taal):
    class Formulier(forms.Form):
        datum = forms.DateField()

    with translation.override(taal):
        for getypt in ("1-12-2026", "01-12-2026", "2026-12-01"):
            formulier = Formulier({"datum": getypt})
            assert formulier.is_valid(), (getypt, formulier.errors)
            assert formulier.cleaned_data["datum"] == DAG


def _knop(code: str, naam: str) -> str:
    knop = rf'<button type="submit" name="taal" value="{code}" lang="{code}"[^>]*>'
    return knop + rf'\s*<span aria-hidden="true">{naam}</span>'


def _taalkeuze(html: str) -> str:
    return re.search(r'<form method="post" action="/accounts/taal/" class="taalkeuze">.*?</form>', html, re.S).group(0)


@pytest.mark.django_db
def test_the_language_switch_names_each_language_in_itself_in_dutch(client):
    keuze = _taalkeuze(client.get(reverse("accounts:login")).content.decode())
    assert '<span class="taal-huidig" lang="nl" aria-current="true">Nederlands</span>' in keuze
    assert re.search(_knop("en", "English"), keuze)
    assert "Show the portal in English" in keuze
    assert "Engels" not in keuze


@pytest.mark.django_db
def test_the_language_switch_names_each_language_in_itself_in_english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    keuze = _taalkeuze(client.get(reverse("accounts:login")).content.decode())
    assert '<span class="taal-huidig" lang="en" aria-current="true">English</span>' in keuze
    assert re.search(_knop("nl", "Nederlands"), keuze)
    assert "Dutch" not in keuze


@pytest.mark.django_db
def test_a_signed_in_parent_sees_the_switch_in_the_header(client_for, ouder):
    html = client_for(ouder).get(reverse("ouders:start")).content.decode()
    assert 'lang="en"' in _taalkeuze(html)
    assert "data-menuknop hidden" in html  # the phone menu button only appears once JavaScript runs


def test_the_logo_is_an_svg_with_a_text_alternative():
    logo = (settings.BASE_DIR / "static/img/logo.svg").read_text()
    assert 'role="img"' in logo
    assert re.search(r'<title id="klimop-logo-titel">KlimOp</title>', logo)
