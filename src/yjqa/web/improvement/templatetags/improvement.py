"""Status tags for improvement plans: GOV.UK tag colours, always with the status in words."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import template

from yjqa.core.improvement.rules import (
    ITEM_STATUS_LABELS,
    SHOWN_LABELS,
    STATUS_LABELS,
    ItemStatus,
    ShownStatus,
    Status,
    shown_status,
)

register = template.Library()

TAG_CLASSES = {
    "not_started": "govuk-tag--grey",
    "on_track": "govuk-tag--blue",
    "at_risk": "govuk-tag--orange",
    "complete": "govuk-tag--green",
    "closed": "govuk-tag--purple",
    "overdue": "govuk-tag--red",  # a shown status (`yjqa.core.improvement.rules.shown_status`)
}


@register.filter
def status_tag(status: str) -> str:
    """The tag's colour class for an action's or an item's status."""
    return TAG_CLASSES.get(str(status), "govuk-tag--grey")


@register.inclusion_tag("improvement/_shown_status.html")
def shown_status_tag(view: Any) -> dict[str, Any]:
    """An action's one status (`ActionView.shown`): its tag, and "by 21 days" or "Due soon"."""
    return {"shown": view.shown}


@register.filter
def shown_on(action: Any, today: date) -> ShownStatus:
    """An action's one status on `today` (`{% with shown=action|shown_on:today %}`)."""
    return shown_status(Status(action.status), action.due_date, today)


@register.filter
def shown_label(key: str) -> str:
    """The label of a shown status (`SHOWN_LABELS`: a status, or "Overdue")."""
    return SHOWN_LABELS.get(str(key), str(key))


@register.filter
def status_label(status: str) -> str:
    value = str(status)
    if value in Status._value2member_map_:
        return STATUS_LABELS[Status(value)]
    if value in ItemStatus._value2member_map_:
        return ITEM_STATUS_LABELS[ItemStatus(value)]
    return value
