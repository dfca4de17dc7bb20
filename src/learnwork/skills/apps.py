from django.apps import AppConfig


class SkillsConfig(AppConfig):
    name = "learnwork.skills"
    label = "skills"
    default_auto_field = "django.db.models.BigAutoField"
