from django.apps import AppConfig


class ImprovementConfig(AppConfig):
    name = "yjqa.web.improvement"
    label = "improvement"
    verbose_name = "Improvement plans and board meetings"
