from django.urls import path

from . import views

app_name = "ouders"

urlpatterns = [
    path("", views.ouder_start, name="start"),
    path("kinderen/<int:pk>/", views.ouder_kind, name="kind"),
    path("kinderen/<int:pk>/inzage/", views.ouder_inzage, name="inzage"),
]
