from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import Melding, Uitnodiging, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["last_name", "first_name"]
    list_display = ["email", "first_name", "last_name", "rol", "is_active", "last_login"]
    list_filter = ["rol", "is_active", "is_staff"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Persoon"), {"fields": ["first_name", "last_name", "rol", "organisatie", "functie"]}),
        (_("Rechten"), {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        (_("Datums"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "rol", "password1", "password2"]}),
    ]


@admin.register(Uitnodiging)
class UitnodigingAdmin(admin.ModelAdmin):
    list_display = ["user", "uitgenodigd_door", "aangemaakt_op", "verloopt_op", "gebruikt_op", "mail_verstuurd_op"]
    list_select_related = ["user", "uitgenodigd_door"]
    search_fields = ["user__email"]
    readonly_fields = [f.name for f in Uitnodiging._meta.fields]

    def has_add_permission(self, request) -> bool:
        # Invitations are made by the portal's pages so that the e-mail goes out with them.
        return False


@admin.register(Melding)
class MeldingAdmin(admin.ModelAdmin):
    list_display = ["user", "soort", "aangemaakt_op", "gelezen_op", "mail_verstuurd_op"]
    list_filter = ["soort"]
    list_select_related = ["user"]
    readonly_fields = [f.name for f in Melding._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False
