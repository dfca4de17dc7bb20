from django.apps import AppConfig


class ProfilesConfig(AppConfig):
    name = "learnwork.profiles"
    label = "profiles"
    default_auto_field = "django.db.models.BigAutoField"
