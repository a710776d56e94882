"""The AVG export for an inzageverzoek: a zip with a readable summary and the data of every row in the file."""

import datetime
import io
import json
import posixpath
import zipfile

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from .dossier import bestanden, dossier
from .models import Leerling


def _weergave(obj: models.Model, veld) -> str:
    if veld.many_to_many:
        return ", ".join(str(gekoppeld) for gekoppeld in getattr(obj, veld.name).all()) or "—"
    if veld.is_relation:
        gekoppeld = getattr(obj, veld.name)
        return str(gekoppeld) if gekoppeld is not None else "—"
    if veld.choices:
        return getattr(obj, f"get_{veld.name}_display")() or "—"
    waarde = getattr(obj, veld.attname)
    if waarde is None or waarde == "":
        return "—"
    if isinstance(waarde, bool):
        return _("ja") if waarde else _("nee")
    if isinstance(waarde, datetime.datetime):
        return date_format(timezone.localtime(waarde), "j F Y H:i")
    if isinstance(waarde, datetime.date):
        return date_format(waarde, "j F Y")
    if isinstance(veld, models.FileField):
        return posixpath.basename(waarde.name)
    if isinstance(waarde, dict | list):
        return json.dumps(waarde, ensure_ascii=False)
    return str(waarde)


def _velden(model):
    return [veld for veld in model._meta.concrete_fields if not veld.primary_key] + list(model._meta.many_to_many)


def _personen(rijen_per_model, leerling: Leerling) -> list[dict]:
    """The people the rows point at: name, role and organisation; e-mail only for the pupil's own guardians."""
    user_model = get_user_model()
    ids = set()
    for model, objecten in rijen_per_model:
        for veld in _velden(model):
            if veld.is_relation and veld.related_model is user_model:
                for obj in objecten:
                    if veld.many_to_many:
                        ids |= {u.pk for u in getattr(obj, veld.name).all()}
                    elif (pk := getattr(obj, veld.attname)) is not None:
                        ids.add(pk)
    ouders = set(leerling.ouders.values_list("user_id", flat=True))
    return [
        {
            "id": user.pk,
            "naam": user.get_full_name(),
            "rol": user.get_rol_display(),
            "organisatie": user.organisatie,
            "functie": user.functie,
            **({"email": user.email} if user.pk in ouders else {}),
        }
        for user in user_model.objects.filter(pk__in=ids).order_by("pk")
    ]


def _met_verwijzingen(model, rijen):
    """The rows with every foreign key and many-to-many loaded in one query per field, not one per row (issue 18:
    2,499 queries for one pupil's export)."""
    return rijen.prefetch_related(*(veld.name for veld in _velden(model) if veld.is_relation))


def maak_export(leerling: Leerling, *, door) -> tuple[str, bytes]:
    """The file name and content of the zip with everything about `leerling`."""
    gemaakt_op = timezone.now()
    rijen_per_model = [
        (model, list(_met_verwijzingen(model, model._base_manager.filter(pk__in=pks).order_by("pk"))))
        for model, pks in dossier(leerling).items()
    ]
    gegevens = {
        "leerling": leerling.pk,
        "gemaakt_op": gemaakt_op,
        "gemaakt_door": str(door),
        "uitleg": _(
            "Alle gegevens die het KlimOp portaal over deze leerling bewaart. Elke rij heeft het model, het nummer "
            "en de velden; verwijzingen naar personen staan als nummer, die personen staan onder 'personen'."
        ),
        "rijen": [rij for _model, objecten in rijen_per_model for rij in serializers.serialize("python", objecten)],
        "personen": _personen(rijen_per_model, leerling),
    }
    secties = [
        {
            "titel": capfirst(model._meta.verbose_name_plural),
            "label": model._meta.label,
            "rijen": [
                [(_("nummer"), str(obj.pk))] + [(capfirst(v.verbose_name), _weergave(obj, v)) for v in _velden(model)]
                for obj in objecten
            ],
        }
        for model, objecten in rijen_per_model
    ]
    html = render_to_string(
        "leerlingen/avg_export.html",
        {"leerling": leerling, "secties": secties, "gemaakt_op": gemaakt_op, "door": door, "SCHOOL": settings.SCHOOL},
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archief:
        archief.writestr("samenvatting.html", html)
        archief.writestr("gegevens.json", json.dumps(gegevens, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2))
        for model, objecten in rijen_per_model:
            for bestand in bestanden(objecten):
                naam = f"bestanden/{model._meta.label_lower}/{bestand.instance.pk}/{posixpath.basename(bestand.name)}"
                with bestand.open("rb") as inhoud:
                    archief.writestr(naam, inhoud.read())
    bestandsnaam = f"dossier-{leerling.leerlingnummer}-{timezone.localdate(gemaakt_op):%Y%m%d}.zip"
    return bestandsnaam, buffer.getvalue()
