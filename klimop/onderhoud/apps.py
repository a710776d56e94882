from django.apps import AppConfig


class OnderhoudConfig(AppConfig):
    name = "klimop.onderhoud"
    verbose_name = "Onderhoud"
