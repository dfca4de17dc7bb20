from django.apps import AppConfig


class CredentialsConfig(AppConfig):
    name = "learnwork.credentials"
    label = "credentials"
    default_auto_field = "django.db.models.BigAutoField"
