from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    name = "yjqa.web.inspections"
    label = "inspections"
    verbose_name = "Inspections and case audits"
