from django.apps import AppConfig


class XapiConfig(AppConfig):
    name = "learnwork.xapi"
    label = "xapi"
    default_auto_field = "django.db.models.BigAutoField"
