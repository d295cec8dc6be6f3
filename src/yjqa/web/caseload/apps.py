from django.apps import AppConfig


class CaseloadConfig(AppConfig):
    name = "yjqa.web.caseload"
    label = "caseload"
    verbose_name = "Caseload"
