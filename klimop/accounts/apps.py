from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "klimop.accounts"
    label = "accounts"
    verbose_name = "Accounts"
