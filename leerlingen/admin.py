from django.contrib import admin

from .models import Groep, Inzage, Leerling, Ouder, Verwijdering


@admin.register(Groep)
class GroepAdmin(admin.ModelAdmin):
    list_display = ["naam", "schooljaar", "leerjaar"]
    list_filter = ["schooljaar", "leerjaar"]
    filter_horizontal = ["leerkrachten"]


class OuderInline(admin.TabularInline):
    model = Ouder
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Leerling)
class LeerlingAdmin(admin.ModelAdmin):
    list_display = ["achternaam", "voornaam", "groep", "geboortedatum", "uitgeschreven_op"]
    list_filter = ["groep"]
    list_select_related = ["groep"]
    search_fields = ["voornaam", "achternaam", "leerlingnummer"]
    inlines = [OuderInline]


class AlleenLezenAdmin(admin.ModelAdmin):
    """Logs are read in the admin, never written: the model layer refuses changes anyway."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Inzage)
class InzageAdmin(AlleenLezenAdmin):
    list_display = ["moment", "leerling", "naam", "rol", "onderwerp", "object_id"]
    list_filter = ["onderwerp", "rol"]
    list_select_related = ["leerling"]
    date_hierarchy = "moment"


@admin.register(Verwijdering)
class VerwijderingAdmin(AlleenLezenAdmin):
    list_display = ["verwijderd_op", "leerling_kenmerk", "termijn_jaren"]
