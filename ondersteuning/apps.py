from django.apps import AppConfig


class OndersteuningConfig(AppConfig):
    name = "ondersteuning"
    verbose_name = "Ondersteuning"
