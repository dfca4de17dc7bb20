from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "learnwork.accounts"
    label = "accounts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from learnwork.accounts import signals  # noqa: F401
