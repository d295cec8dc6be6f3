from django.apps import AppConfig


class TenancyConfig(AppConfig):
    name = "yjqa.web.tenancy"
    label = "tenancy"
    verbose_name = "Services, memberships and the access log"
