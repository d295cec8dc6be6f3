from django.apps import AppConfig


class YouthJusticePlanConfig(AppConfig):
    name = "yjqa.web.yjplan"
    label = "yjplan"
    verbose_name = "Youth justice plans"
