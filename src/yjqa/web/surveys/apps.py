from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "yjqa.web.surveys"
    label = "surveys"
    verbose_name = "Surveys and participation"
