"""The improvement plan's progress and the feedback headlines, as the plan prints them."""

from __future__ import annotations

from yjqa.web.tenancy.models import Service


def improvement_rows(service: Service) -> list[tuple[str, str, str]]:
    return []


def feedback_rows(service: Service) -> list[tuple[str, str]]:
    return []
