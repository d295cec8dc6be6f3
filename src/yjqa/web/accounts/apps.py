from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "yjqa.web.accounts"
    label = "accounts"
    verbose_name = "People and sign-in"
