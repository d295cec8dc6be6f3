"""An inspection's history in words: each audit-trail row as who did what, before and after.

The rows are the audit trail's (`yjqa.web.audit.queries.inspection_history`); this module
only says them in plain English for the history page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import dateformat, timezone

from yjqa.web.audit.models import AuditEvent
from yjqa.web.audit.queries import inspection_history
from yjqa.web.inspections.models import Answer, CaseAudit, Inspection

INSPECTION_STATUS = dict(Inspection.Status.choices)
AUDIT_STATUS = dict(CaseAudit.Status.choices)
ANSWERS = dict(Answer.choices)

FIELD_LABELS = {
    "framework_id": "Framework",
    "double_marking_percent": "Share of cases to double mark",
    "plan_id": "Sampling plan",
    "share": "Share of cases to double mark",
    "shares": "Cases given to each",
    "reassign": "Cases not yet started shared again",
    "clashes": "Left as they were (the person is their second auditor)",
}


def events(inspection: Inspection) -> QuerySet[AuditEvent]:
    """Every recorded change to the inspection and what belongs to it, newest first."""
    return inspection_history(inspection.service, inspection.pk).select_related("actor")


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str


@dataclass(frozen=True)
class HistoryRow:
    event: AuditEvent
    who: str
    what: str
    changes: list[Change]

    @property
    def new(self) -> bool:
        """Nothing before: something was created or added."""
        return bool(self.changes) and all(not c.before for c in self.changes)

    @property
    def removed(self) -> bool:
        return bool(self.changes) and all(not c.after for c in self.changes)


def _after(event: AuditEvent, field: str) -> Any:
    value = event.changes.get(field)
    return value.get("after") if isinstance(value, Mapping) else None


def _before(event: AuditEvent, field: str) -> Any:
    value = event.changes.get(field)
    return value.get("before") if isinstance(value, Mapping) else None


def _status_change(event: AuditEvent) -> str:
    after = _after(event, "status")
    if after == Inspection.Status.PUBLISHED:
        return "Published the inspection"
    return f"Moved the inspection to {INSPECTION_STATUS.get(after, after).lower()}"


def _cases(event: AuditEvent) -> int:
    cases = _after(event, "cases")
    return len(cases) if isinstance(cases, list) else 0


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _saved_audit(event: AuditEvent) -> str:
    submitted = CaseAudit.Status.SUBMITTED
    if _after(event, "status") == submitted and _before(event, "status") != submitted:
        return f"Submitted audit {event.object_label}"
    return f"Changed audit {event.object_label}"


def _names(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


SENTENCES: dict[str, Callable[[AuditEvent], str]] = {
    "create_inspection": lambda e: "Created the inspection",
    "update_inspection": lambda e: "Changed the inspection's details",
    "change_status": _status_change,
    "add_cases": lambda e: f"Added {_plural(_cases(e), 'case')} to the inspection",
    "add_victims": lambda e: (
        f"Added the cases of {_plural(len(_after(e, 'victims') or []), 'victim')} to the inspection"
    ),
    "assign_auditors": lambda e: f"Changed the auditor of {e.object_label}",
    "share_cases": lambda e: (
        f"Shared {_plural(sum((_after(e, 'shares') or {}).values()), 'case')} among "
        + _names(sorted(_after(e, "shares") or {}))
    ),
    "save_audit": _saved_audit,
    "reopen_audit": lambda e: f"Reopened audit {e.object_label}",
    "save_judgement": lambda e: f"Recorded the {_lower_first(e.object_label)}",
    "save_findings": lambda e: f"Wrote the {_lower_first(e.object_label)}",
    "add_judgement_evidence": lambda e: f"Added {_lower_first(e.object_label)}",
    "change_judgement_evidence": lambda e: f"Changed {_lower_first(e.object_label)}",
    "remove_judgement_evidence": lambda e: f"Removed {_lower_first(e.object_label)}",
    "add_recommendation": lambda e: "Added a recommendation",
    "change_recommendation": lambda e: "Changed a recommendation",
    "delete_recommendation": lambda e: "Removed a recommendation",
    "freeze_report": lambda e: "Froze the report as it stood",
    "draw_sample": lambda e: (
        f"Drew the sample of {e.object_label}"
        + (" again" if _before(e, "seed") is not None else "")
    ),
    "replace_case": lambda e: f"Replaced case {e.object_label} in the sample",
    "add_second_marking": lambda e: f"Asked for a second marking of {e.object_label}",
    "choose_double_marking": lambda e: f"Chose {_plural(_cases(e), 'case')} for double marking",
    "moderate_disagreement": lambda e: (
        f"Moderated key question {_after(e, 'key_question')} of {_after(e, 'case')}"
    ),
    "create_improvement_plan_from_inspection": lambda e: (
        "Made the improvement plan from the recommendations"
    ),
}


def what(event: AuditEvent) -> str:
    """The change as a sentence, e.g. "Published the inspection"."""
    sentence = SENTENCES.get(event.action)
    return sentence(event) if sentence else event.action.replace("_", " ").capitalize()


def field_label(name: str) -> str:
    return FIELD_LABELS.get(name) or name.replace("_", " ").capitalize()


def shown(event: AuditEvent, field: str, value: Any) -> str:
    """A recorded value as a person reads it."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, Mapping):  # sorted: PostgreSQL's jsonb keeps no order of keys
        return ", ".join(f"{k}: {v}" for k, v in sorted(value.items()))
    if field == "status":
        labels = INSPECTION_STATUS if event.object_type == "inspection" else AUDIT_STATUS
        return labels.get(value, str(value))
    if field == "kind":
        return dict(Inspection.Kind.choices).get(value, str(value))
    if field.startswith(("answer ", "prompt ")) or field.endswith("_answer"):
        return ANSWERS.get(value, str(value))
    if isinstance(value, str):
        return _date(value)
    return str(value)


def _date(text: str) -> str:
    """A recorded date or time (ISO 8601) as "31 March 2026" or "31 March 2026, 14:05"."""
    try:
        if len(text) == 10:
            return dateformat.format(dt.date.fromisoformat(text), "j F Y")
        if len(text) > 18 and text[10] == "T":
            when = timezone.localtime(dt.datetime.fromisoformat(text))
            return dateformat.format(when, "j F Y, H:i")
    except ValueError:
        pass
    return text


def describe(event: AuditEvent, names: Mapping[int, str] | None = None) -> HistoryRow:
    """The event as the history page shows it; `names`: the service's names for its people
    (`tenancy.queries.member_names`), before the account's own."""
    known = (names or {}).get(event.actor_id) if event.actor_id else None
    who = known or (event.actor.full_name if event.actor else "") or event.actor_label
    changes = [
        Change(
            field_label(name),
            shown(event, name, v.get("before")),
            shown(event, name, v.get("after")),
        )
        for name, v in event.changes.items()
        if isinstance(v, Mapping)
    ]
    return HistoryRow(event, who, what(event), changes)
