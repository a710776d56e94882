from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "klimop.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from klimop import checks  # noqa: F401

        from . import signals  # noqa: F401
