"""Status tags for improvement plans: GOV.UK tag colours, always with the status in words."""

from __future__ import annotations

from django import template

from yjqa.core.improvement.rules import ITEM_STATUS_LABELS, STATUS_LABELS, ItemStatus, Status

register = template.Library()

TAG_CLASSES = {
    "not_started": "govuk-tag--grey",
    "on_track": "govuk-tag--blue",
    "at_risk": "govuk-tag--orange",
    "complete": "govuk-tag--green",
    "closed": "govuk-tag--purple",
}


@register.filter
def status_tag(status: str) -> str:
    """The tag's colour class for an action's or an item's status."""
    return TAG_CLASSES.get(str(status), "govuk-tag--grey")


@register.filter
def status_label(status: str) -> str:
    value = str(status)
    if value in Status._value2member_map_:
        return STATUS_LABELS[Status(value)]
    if value in ItemStatus._value2member_map_:
        return ITEM_STATUS_LABELS[ItemStatus(value)]
    return value
