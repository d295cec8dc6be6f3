"""KPI 10 from a victims' caseload: each measure a share of the victims in a period.

The measures, the fields they count and the date that puts a victim in a period are data
(`victims_caseload` in yjqa/indicators/yjb-2023.yaml, with its assumption stated); this module
only counts. A victim is one record of the victims' caseload with the end date of its linked
child's case beside it (`VictimFacts`).

The result for a period:
``{"victims": N, "measures": {name: {"label", "numerator", "denominator", "percent"}}}``,
`percent` null where the denominator is 0, rounded as the engine rounds.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from yjqa.core.indicators.definitions import IndicatorSet, VictimsCaseloadKpi, get_indicator_set

__all__ = ["VictimFacts", "victims_kpi"]

DECIMALS = 4  # as the engine's JSON (engine.DECIMALS)


@dataclass(frozen=True, slots=True)
class VictimFacts:
    """What KPI 10 reads of one victim's record: its dates, and yes, no or None (not recorded)."""

    offence_date: date
    first_contact_date: date | None
    case_end_date: date | None  # the linked child's order or programme; None while open
    consent_to_contact: bool | None
    restorative_justice_offered: bool | None
    restorative_justice_took_part: bool | None
    safety_planning_needed: bool | None

    def value(self, field: str) -> bool | None:
        """A measure's field: `contacted` is whether a first contact date is recorded."""
        if field == "contacted":
            return self.first_contact_date is not None
        if field == "all":
            return True
        result: bool | None = getattr(self, field)
        return result


def victims_kpi(
    victims: Iterable[VictimFacts],
    start: date,
    end: date,
    *,
    definitions: IndicatorSet | None = None,
) -> dict[str, Any] | None:
    """KPI 10's measures over the victims whose period date falls in start..end (both
    included), or None if the indicator set defines no victims' caseload KPI."""
    definition: VictimsCaseloadKpi | None = (definitions or get_indicator_set()).victims_caseload
    if definition is None:
        return None
    if end < start:
        raise ValueError(f"the period ends ({end}) before it starts ({start})")
    chosen = [
        victim
        for victim in victims
        if (day := getattr(victim, definition.period_date)) is not None and start <= day <= end
    ]
    factor = definition.factor or 100
    measures: dict[str, dict[str, Any]] = {}
    for name, measure in definition.measures.items():
        among = [v for v in chosen if v.value(measure.among) is True]
        recorded = [v.value(measure.counted) for v in among]
        denominator = sum(1 for value in recorded if value is not None)
        numerator = sum(1 for value in recorded if value is True)
        measures[name] = {
            "label": measure.label,
            "numerator": numerator,
            "denominator": denominator,
            "percent": round(numerator / denominator * factor, DECIMALS) + 0.0
            if denominator
            else None,
        }
    return {"victims": len(chosen), "measures": measures}
