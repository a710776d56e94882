from django.urls import path

from . import views

app_name = "leerlingen"

urlpatterns = [
    path("", views.leerling_lijst, name="lijst"),
    path("<int:pk>/", views.leerling_detail, name="detail"),
    path("import/", views.leerling_import, name="import"),
    path("import/controle/", views.leerling_import_controle, name="import_controle"),
]
