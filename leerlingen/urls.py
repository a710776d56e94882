from django.urls import path

from . import views

app_name = "leerlingen"

urlpatterns = [
    path("", views.leerling_lijst, name="lijst"),
    path("<int:pk>/", views.leerling_detail, name="detail"),
    path("import/", views.leerling_import, name="import"),
    path("import/controle/", views.leerling_import_controle, name="import_controle"),
    path("<int:pk>/avg-export/", views.avg_export, name="avg_export"),
    path("inzage/", views.inzage_lijst, name="inzage"),
    path("inzage/export/", views.inzage_export, name="inzage_export"),
]
