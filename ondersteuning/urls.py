from django.urls import path

from . import views

app_name = "ondersteuning"

urlpatterns = [
    path("", views.wachtrij, name="wachtrij"),
    path("nieuw/", views.nieuw, name="nieuw"),
    path("nieuw/valideer/", views.valideer, name="valideer"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/bewerken/", views.bewerken, name="bewerken"),
    path("<int:pk>/<slug:naam>/", views.actie, name="actie"),
]
