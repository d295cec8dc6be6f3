"""How an indicator figure reads in a table: a hidden small number says so, never 0."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.defaultfilters import floatformat

from yjqa.core.indicators.suppression import is_suppressed

register = template.Library()
DASH = "\N{EN DASH}"


@register.filter
def figure(value: Any, places: str = "-1") -> str:
    """`{{ value|figure:"1" }}`: "fewer than 5" or "not shown" for a hidden figure, a dash for
    none, else the number to `places` decimal places (Django's floatformat)."""
    if is_suppressed(value):
        return str(value)
    if value is None or value == "":
        return DASH
    return str(floatformat(value, places))


@register.filter
def suppressed(value: Any) -> bool:
    """Whether a figure is hidden (`{% if value|suppressed %}`)."""
    return is_suppressed(value)


@register.filter
def percent(value: Any) -> str:
    """A percentage to 1 decimal place with its sign, or why it is not shown."""
    if is_suppressed(value):
        return str(value)
    if value is None or value == "":
        return DASH
    return f"{floatformat(value, 1)}%"
