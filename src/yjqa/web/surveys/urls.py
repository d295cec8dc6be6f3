"""This app's pages: `service_patterns` sit under /services/<slug>/ (scoped by membership)."""

from django.urls import URLPattern

service_patterns: list[URLPattern] = []
public_patterns: list[URLPattern] = []  # no sign-in (surveys' public forms only)
