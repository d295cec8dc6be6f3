from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "yjqa.web.indicators"
    label = "indicators"
    verbose_name = "Performance indicators"
