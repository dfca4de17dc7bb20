from django.apps import AppConfig


class RecommendationsConfig(AppConfig):
    name = "learnwork.recommendations"
    label = "recommendations"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from learnwork.recommendations import signals

        signals.connect()
