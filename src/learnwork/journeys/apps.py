from django.apps import AppConfig


class JourneysConfig(AppConfig):
    name = "learnwork.journeys"
    label = "journeys"
    default_auto_field = "django.db.models.BigAutoField"
