from django.contrib import admin

from .models import (
    Bijlage,
    Gegevensdeling,
    Instemming,
    Ondersteuningsvraag,
    Overleg,
    PlanVersie,
    Reactie,
    Stap,
    Toestemming,
    Verwijzing,
)


class AlleenLezenMixin:
    """Timeline and logs are append-only, also in the admin."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class StapInline(AlleenLezenMixin, admin.TabularInline):
    model = Stap
    extra = 0
    fields = ["moment", "soort", "actor", "van_status", "naar_status", "ouderbetrokkenheid", "zichtbaar_voor_ouders"]
    readonly_fields = fields


@admin.register(Ondersteuningsvraag)
class OndersteuningsvraagAdmin(admin.ModelAdmin):
    list_display = ["pk", "leerling", "status", "urgentie", "behandelaar", "ingediend_op"]
    list_filter = ["status", "urgentie"]
    list_select_related = ["leerling", "behandelaar"]
    search_fields = ["leerling__voornaam", "leerling__achternaam"]
    raw_id_fields = ["leerling", "ingediend_door", "behandelaar", "trajectbegeleider"]
    inlines = [StapInline]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Stap)
class StapAdmin(AlleenLezenMixin, admin.ModelAdmin):
    list_display = ["vraag", "moment", "soort", "actor", "ouderbetrokkenheid"]
    list_filter = ["soort", "ouderbetrokkenheid"]


@admin.register(Gegevensdeling)
class GegevensdelingAdmin(AlleenLezenMixin, admin.ModelAdmin):
    list_display = ["vraag", "ontvanger", "organisatie", "grondslag", "moment"]


@admin.register(Toestemming)
class ToestemmingAdmin(AlleenLezenMixin, admin.ModelAdmin):
    list_display = ["vraag", "soort", "gegeven_door", "wijze", "gegeven_op", "ingetrokken_op"]
    list_filter = ["soort", "wijze"]


admin.site.register(Overleg)
admin.site.register(Verwijzing)


# Plans, comments, documents and answers change only through the services (freezing, timeline steps).
@admin.register(PlanVersie)
class PlanVersieAdmin(AlleenLezenMixin, admin.ModelAdmin):
    list_display = ["plan", "nummer", "vastgesteld_op", "gedeeld_met_ouders_op"]


@admin.register(Reactie)
class ReactieAdmin(AlleenLezenMixin, admin.ModelAdmin):
    list_display = ["vraag", "auteur", "versie", "moment"]


@admin.register(Instemming)
class InstemmingAdmin(AlleenLezenMixin, admin.ModelAdmin):
    list_display = ["versie", "ouder", "akkoord", "moment"]


@admin.register(Bijlage)
class BijlageAdmin(AlleenLezenMixin, admin.ModelAdmin):
    list_display = ["vraag", "naam", "soort", "zichtbaar_voor_ouders", "moment"]
    exclude = ["bestand"]  # downloads go through the access-checked view only
