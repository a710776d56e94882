from django.contrib import admin

from .models import Basisondersteuningsonderdeel, Ondersteuningsprofiel


class OnderdeelInline(admin.TabularInline):
    model = Basisondersteuningsonderdeel
    extra = 0


@admin.register(Ondersteuningsprofiel)
class OndersteuningsprofielAdmin(admin.ModelAdmin):
    list_display = ["titel", "status", "vastgesteld_op", "mr_advies_op"]
    list_filter = ["status"]
    inlines = [OnderdeelInline]
