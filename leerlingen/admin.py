from django.contrib import admin

from .models import Groep, Leerling, Ouder


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
