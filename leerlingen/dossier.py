"""A pupil's whole file: every row that belongs to the pupil, found through the model relations.

Starting at the pupil, it follows every relation that points *at* a row already in the file (a case's steps, a
consent's data exchanges, ...), in any app, until nothing new turns up. A model added later with a foreign key to
the pupil or to anything in the file is therefore part of the AVG export and of the retention job without code
changes here. Rows the file only points *to* (staff accounts, groups, profile items) are not part of it.
Many-to-many link tables travel with their owner: the export lists the linked ids, a delete removes the links.
"""

from collections import defaultdict

from django.db import models

from .models import Leerling


def _verwijzingen_naar(model: type[models.Model]):
    """(model, field name) of every foreign key or one-to-one field elsewhere that points at `model`."""
    for veld in model._meta.get_fields(include_hidden=True):
        if not (veld.auto_created and not veld.concrete and (veld.one_to_many or veld.one_to_one)):
            continue
        if veld.related_model._meta.auto_created:  # a many-to-many link table
            continue
        yield veld.related_model, veld.field.name


def dossiermodellen() -> set[type[models.Model]]:
    """Every model whose rows can belong to a pupil's file."""
    gevonden, nieuw = set(), [Leerling]
    while nieuw:
        model = nieuw.pop()
        gevonden.add(model)
        nieuw += [bron for bron, _veld in _verwijzingen_naar(model) if bron not in gevonden]
    return gevonden


def dossier(leerling: Leerling) -> dict[type[models.Model], list[int]]:
    """Every model in the pupil's file with the pks of its rows, the pupil first, in the order found."""
    gevonden: dict[type[models.Model], set[int]] = defaultdict(set)
    nieuw: dict[type[models.Model], set[int]] = {Leerling: {leerling.pk}}
    while nieuw:
        for model, pks in nieuw.items():
            gevonden[model] |= pks
        volgende: dict[type[models.Model], set[int]] = defaultdict(set)
        for model, pks in nieuw.items():
            for bron, veld in _verwijzingen_naar(model):
                ids = set(bron._base_manager.filter(**{f"{veld}__in": pks}).values_list("pk", flat=True))
                if ids := ids - gevonden[bron]:
                    volgende[bron] |= ids
        nieuw = volgende
    return {model: sorted(pks) for model, pks in gevonden.items() if pks}


def losmaken(modellen) -> list[models.ForeignKey]:
    """Nullable foreign keys inside the file that close a loop (a plan points at its shared version, which points
    back at the plan): the retention job empties them first, and `verwijdervolgorde` leaves them out."""
    modellen = set(modellen)
    return [
        veld
        for model in modellen
        for veld in model._meta.concrete_fields
        if veld.is_relation
        and veld.null
        and veld.related_model in modellen
        and veld.related_model is not model
        and any(
            terug.related_model is model for terug in veld.related_model._meta.concrete_fields if terug.is_relation
        )
    ]


def verwijdervolgorde(modellen, los=()) -> list[type[models.Model]]:
    """The models in an order where each is deleted before any model it points at (ignoring the fields `los`)."""
    rest = list(modellen)
    volgorde = []
    while rest:
        for model in rest:
            wijst_hiernaar = any(
                veld.related_model is model
                for ander in rest
                if ander is not model
                for veld in ander._meta.concrete_fields
                if veld.is_relation and veld not in los
            )
            if not wijst_hiernaar:
                volgorde.append(model)
                rest.remove(model)
                break
        else:
            raise ValueError(f"Circular references between {rest}; delete these by hand.")
    return volgorde


def bestanden(objecten) -> list:
    """The stored files (FieldFile) of these rows, for the export zip and for removal."""
    gevonden = []
    for obj in objecten:
        for veld in obj._meta.concrete_fields:
            if isinstance(veld, models.FileField) and (bestand := getattr(obj, veld.attname)):
                gevonden.append(bestand)
    return gevonden
