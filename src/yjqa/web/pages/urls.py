"""The public pages' URLs (no sign-in), included at the site's root by yjqa.web.urls."""

from django.urls import URLPattern, path

from yjqa.web.pages import views

public_patterns: list[URLPattern] = [
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    path("help/", views.help_page, name="help"),
]
