from django.contrib import admin

from .models import Basisondersteuningsonderdeel, Ondersteuningsprofiel


def _is_concept(obj) -> bool:
    return obj is None or obj.status == Ondersteuningsprofiel.Status.CONCEPT


class OnderdeelInline(admin.TabularInline):
    model = Basisondersteuningsonderdeel
    extra = 0

    def has_change_permission(self, request, obj=None):
        return _is_concept(obj) and super().has_change_permission(request, obj)

    def has_add_permission(self, request, obj=None):
        return _is_concept(obj) and super().has_add_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return _is_concept(obj) and super().has_delete_permission(request, obj)


@admin.register(Ondersteuningsprofiel)
class OndersteuningsprofielAdmin(admin.ModelAdmin):
    list_display = ["titel", "status", "vastgesteld_op", "mr_advies_op", "gepubliceerd_op"]
    list_filter = ["status"]
    # Publishing archives the previous version; only klimop.profiel.services.publish does that correctly.
    readonly_fields = ["status", "gepubliceerd_op", "aangemaakt_door"]
    inlines = [OnderdeelInline]

    def has_change_permission(self, request, obj=None):
        # Published and archived versions are the public record, and support requests refer to their items.
        return _is_concept(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return _is_concept(obj) and super().has_delete_permission(request, obj)
