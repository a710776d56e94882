from django.urls import path

from . import views

app_name = "profiel"

urlpatterns = [
    path("", views.home, name="home"),
    path("passend-onderwijs/", views.passend_onderwijs, name="passend_onderwijs"),
    path("ondersteuningsprofiel/", views.ondersteuningsprofiel, name="ondersteuningsprofiel"),
    path("ondersteuningsprofiel/archief/", views.archief, name="archief"),
    path("ondersteuningsprofiel/archief/<int:pk>/", views.archief_versie, name="archief_versie"),
    path("samenwerkingsverband/", views.samenwerkingsverband, name="samenwerkingsverband"),
]
