from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "yjqa.web.audit"
    label = "audit"
    verbose_name = "The audit trail"
