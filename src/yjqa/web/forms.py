"""Forms render as GOV.UK Design System form groups."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import TemplatesSetting


class GovukFormRenderer(TemplatesSetting):
    field_template_name = "includes/field.html"


class DateInputWidget(forms.MultiWidget):
    """Day, month and year boxes: the GOV.UK date input pattern (includes/field.html)."""

    def __init__(self) -> None:
        super().__init__([forms.TextInput(), forms.TextInput(), forms.TextInput()])

    def decompress(self, value: date | None) -> list[int | None]:
        if value is None:
            return [None, None, None]
        return [value.day, value.month, value.year]


class DayMonthYearField(forms.MultiValueField):
    """A date typed as day, month and year, with GOV.UK error messages."""

    widget = DateInputWidget

    def __init__(self, *, label: str, **kwargs: Any) -> None:
        self.label_text = label
        parts = tuple(forms.CharField(required=False) for _ in range(3))
        super().__init__(parts, require_all_fields=False, label=label, **kwargs)

    def compress(self, data_list: list[str]) -> date | None:
        values = [(v or "").strip() for v in (data_list or [])]
        if not any(values):
            return None
        if not all(values):
            missing = [
                name for name, v in zip(("day", "month", "year"), values, strict=True) if not v
            ]
            raise ValidationError(f"{self.label_text} must include a {' and '.join(missing)}")
        try:
            day, month, year = (int(v) for v in values)
            if year < 1000:
                raise ValueError
            return date(year, month, day)
        except ValueError:
            raise ValidationError(f"{self.label_text} must be a real date") from None
