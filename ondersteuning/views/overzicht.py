"""The school-year overview for the IB and the directeur: charts with tables, and a CSV per figure."""

import csv

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from klimop.accounts.decorators import rol_vereist
from klimop.accounts.models import Rol

from .. import overzicht
from ..grafiek import staafdiagram

LEIDING = (Rol.IB, Rol.DIRECTEUR)


class SchooljaarForm(forms.Form):
    schooljaar = forms.ChoiceField(
        label=gettext_lazy("Schooljaar"),
        error_messages={"invalid_choice": gettext_lazy("Kies een schooljaar uit de lijst.")},
    )

    def __init__(self, *args, jaren: list[overzicht.Schooljaar], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["schooljaar"].choices = [(str(jaar), str(jaar)) for jaar in jaren]


def _gekozen_jaar(request: HttpRequest) -> tuple[SchooljaarForm, overzicht.Schooljaar]:
    """The school year from ?schooljaar=, or the running year when it is missing or not offered."""
    jaren = overzicht.beschikbare_schooljaren(request.user)
    huidig = overzicht.Schooljaar.huidig()
    if "schooljaar" in request.GET:
        form = SchooljaarForm(request.GET, jaren=jaren)
        if form.is_valid():
            return form, overzicht.Schooljaar.uit_tekst(form.cleaned_data["schooljaar"])
    else:
        form = SchooljaarForm(initial={"schooljaar": str(huidig)}, jaren=jaren)
    return form, huidig


@login_required
@rol_vereist(*LEIDING)
@require_GET
@never_cache
def overzicht_view(request: HttpRequest) -> HttpResponse:
    form, jaar = _gekozen_jaar(request)
    figuren = [(figuur, staafdiagram(figuur.rijen)) for figuur in overzicht.alle_figuren(request.user, jaar)]
    template = "ondersteuning/overzicht/overzicht.html"
    if request.htmx:
        template += "#figuren"
    return render(request, template, {"form": form, "jaar": jaar, "figuren": figuren})


def _csv_veilig(waarde) -> str:
    """Spreadsheets run cells that start with = + - @ as formulas; a leading apostrophe keeps them text."""
    tekst = str(waarde)
    return f"'{tekst}" if tekst[:1] in ("=", "+", "-", "@", "\t", "\r") else tekst


@login_required
@rol_vereist(*LEIDING)
@require_GET
@never_cache
def overzicht_csv(request: HttpRequest, figuur: str) -> HttpResponse:
    """One figure's table as CSV (semicolons and a BOM, so Dutch Excel opens it as columns)."""
    if figuur not in overzicht.FIGUREN:
        raise Http404
    _form, jaar = _gekozen_jaar(request)
    gegevens = overzicht.figuur(figuur, request.user, jaar)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="overzicht-{jaar}-{figuur}.csv"'
    response.write("\ufeff")
    schrijver = csv.writer(response, delimiter=";", lineterminator="\r\n")
    schrijver.writerow([_csv_veilig(gegevens.kolom), _csv_veilig(gegevens.eenheid)])
    for rij in gegevens.rijen:
        schrijver.writerow([_csv_veilig(rij.label), rij.waarde])
    schrijver.writerow([_("Totaal"), gegevens.totaal])
    return response


@login_required
@rol_vereist(*LEIDING)
@require_GET
@never_cache
def plannen_rod(request: HttpRequest) -> HttpResponse:
    """Plans with start and end date in a school year, for the registration in the administration (ROD)."""
    form, jaar = _gekozen_jaar(request)
    regels = overzicht.plannen_voor_rod(request.user, jaar)
    return render(request, "ondersteuning/overzicht/plannen.html", {"form": form, "jaar": jaar, "regels": regels})


@login_required
@rol_vereist(*LEIDING)
@require_GET
@never_cache
def plannen_rod_csv(request: HttpRequest) -> HttpResponse:
    _form, jaar = _gekozen_jaar(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="plannen-{jaar}.csv"'
    response.write("\ufeff")
    schrijver = csv.writer(response, delimiter=";", lineterminator="\r\n")
    schrijver.writerow([_("leerlingnummer"), _("naam"), _("groep"), _("startdatum"), _("einddatum")])
    for regel in overzicht.plannen_voor_rod(request.user, jaar):
        schrijver.writerow(
            [
                _csv_veilig(regel.leerlingnummer),
                _csv_veilig(regel.naam),
                _csv_veilig(regel.groep),
                regel.start.strftime("%d-%m-%Y"),
                regel.einde.strftime("%d-%m-%Y") if regel.einde else "",
            ]
        )
    return response
