"""/leerlingen/ (namespace `leerlingen`): the pupil pages of leerlingen/urls.py, and the pupil's own page, which
also lists the pupil's cases and so lives here, above both domain apps."""

from django.urls import path

from leerlingen.urls import urlpatterns as leerlingen_urlpatterns

from . import leerling_views

app_name = "leerlingen"

urlpatterns = [
    path("<int:pk>/", leerling_views.leerling_detail, name="detail"),
    *leerlingen_urlpatterns,
]
