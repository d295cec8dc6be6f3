from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "yjqa.web.jobs"
    label = "jobs"
    verbose_name = "Background jobs"
