from django.apps import AppConfig


class ProfielConfig(AppConfig):
    name = "klimop.profiel"
    label = "profiel"
    verbose_name = "Schoolondersteuningsprofiel"
