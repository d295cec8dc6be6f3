"""Forms render as GOV.UK Design System form groups."""

from __future__ import annotations

from django.forms.renderers import TemplatesSetting


class GovukFormRenderer(TemplatesSetting):
    field_template_name = "includes/field.html"
