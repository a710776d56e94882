"""The pupil pages of this app. klimop/portaal/leerling_urls.py serves them under /leerlingen/, together with the
pupil's own page (`leerlingen:detail`), which shows the pupil's cases too."""

from django.urls import path

from . import views

app_name = "leerlingen"

urlpatterns = [
    path("", views.leerling_lijst, name="lijst"),
    path("import/", views.leerling_import, name="import"),
    path("import/controle/", views.leerling_import_controle, name="import_controle"),
    path("<int:pk>/avg-export/", views.avg_export, name="avg_export"),
    path("inzage/", views.inzage_lijst, name="inzage"),
    path("inzage/export/", views.inzage_export, name="inzage_export"),
]
