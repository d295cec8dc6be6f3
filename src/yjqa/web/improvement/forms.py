"""Forms for improvement plans, actions, evidence, imports and board meetings (GOV.UK error
messages)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import PurePath
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.html import escape

from yjqa.core.improvement.rules import PARTNER_AGENCIES, STATUS_LABELS, Status, check_change
from yjqa.web.forms import DayMonthYearField
from yjqa.web.improvement.board_pack import LATEST, inspection_choices
from yjqa.web.improvement.models import BoardMeeting, PlanItem
from yjqa.web.inspections.models import Inspection
from yjqa.web.tenancy.models import Service
from yjqa.web.upload_limits import check_size


def _inspection_id(value: str) -> int | None:
    return None if value == LATEST else int(value)


class ReportedInspectionField(forms.TypedChoiceField):
    """Which inspection a board pack or youth justice plan reports: "latest" (or nothing) is
    the default, the latest published HMIP inspection, cleaned as None; an id not offered is
    an error on the field."""

    def __init__(self, service: Service | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("coerce", _inspection_id)
        kwargs.setdefault("initial", LATEST)
        kwargs.setdefault("empty_value", None)
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.RadioSelect)
        kwargs.setdefault(
            "error_messages", {"invalid_choice": "Select an inspection from the list"}
        )
        super().__init__(**kwargs)
        self.choices = inspection_choices(service) if service is not None else [("", "")]
        self.hide_optional = True


MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
EVIDENCE_TYPES = (
    ".pdf",
    ".docx",
    ".doc",
    ".odt",
    ".xlsx",
    ".xls",
    ".ods",
    ".csv",
    ".pptx",
    ".txt",
    ".png",
    ".jpg",
    ".jpeg",
)


class ImprovementPlanFromInspectionForm(forms.Form):
    inspection = forms.TypedChoiceField(
        label="Which inspection's recommendations should the plan answer?",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Select an inspection"},
    )

    def __init__(self, *args: Any, inspections: Iterable[Inspection], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = []
        for inspection in inspections:
            count = inspection.recommendations.count()
            label = (
                f"{inspection.title} ({count} recommendation{'s' if count != 1 else ''}"
                f"{', already has a plan' if inspection.improvement_plans.exists() else ''})"
            )
            choices.append((inspection.pk, label))
        self.fields["inspection"].choices = choices  # type: ignore[attr-defined]


class ActionForm(forms.Form):
    """Add or change an action. The status rules are checked here for clear messages, and
    again when it is saved."""

    version = forms.IntegerField(
        widget=forms.HiddenInput,
        required=False,
        error_messages={"invalid": "The form is out of date: open the action again"},
    )
    description = forms.CharField(
        label="Action",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What will be done, so that someone else could tell when it is done.",
        error_messages={"required": "Enter what the action is"},
    )
    owner = forms.CharField(
        label="Owner",
        max_length=200,
        help_text="A name and role, for example Sam Lee, head of health commissioning.",
        error_messages={
            "required": "Enter who owns the action",
            "max_length": "The owner must be 200 characters or fewer",
        },
    )
    due_date = DayMonthYearField(
        label="Due date",
        help_text="For example, 31 3 2026.",
        error_messages={"required": "Enter the due date"},
    )
    status = forms.ChoiceField(
        label="Status",
        choices=list(STATUS_LABELS.items()),
        widget=forms.RadioSelect,
        error_messages={"required": "Select the action's status"},
    )
    closed_reason = forms.CharField(
        label="Reason closed",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Only for a closed action: why it will not be done, for example superseded "
        "by another action.",
    )
    reopen_reason = forms.CharField(
        label="Reason reopened",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Only when reopening a complete or closed action: why.",
    )
    evidence_note = forms.CharField(
        label="Evidence",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What was done and what difference it made. Needed to mark the action "
        "complete, unless it has evidence already. To attach a file, use Add evidence.",
    )

    def __init__(
        self,
        *args: Any,
        old_status: Status = Status.NOT_STARTED,
        evidence: int = 0,
        editing: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.old_status, self.evidence, self.editing = old_status, evidence, editing
        for name in ("status", "closed_reason", "reopen_reason", "evidence_note"):
            self.fields[name].hide_optional = True  # type: ignore[attr-defined]
        if not editing:
            del self.fields["version"]
            del self.fields["reopen_reason"]
        elif not old_status.is_done:
            del self.fields["reopen_reason"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.editing and data.get("version") is None:
            raise forms.ValidationError("The form is out of date: open the action again")
        if "status" in data:
            for problem in check_change(
                self.old_status,
                Status(data["status"]),
                evidence=self.evidence + (1 if data.get("evidence_note", "").strip() else 0),
                closed_reason=data.get("closed_reason", ""),
                reopen_reason=data.get("reopen_reason", ""),
            ):
                self.add_rule_problem(problem.field, problem.message)
        return data

    def add_rule_problem(self, field: str, message: str) -> None:
        name = {"evidence": "evidence_note"}.get(field, field)
        self.add_error(name if name in self.fields else None, message)


class EvidenceForm(forms.Form):
    note = forms.CharField(
        label="Note",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What was done, and what difference it made.",
    )
    file = forms.FileField(
        label="Upload a file",
        required=False,
        help_text="For example, minutes, a policy, an audit or training records: PDF, Word, "
        "Excel, PowerPoint, text or an image, up to 10 MB.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["note"].hide_optional = True  # type: ignore[attr-defined]
        self.fields["file"].hide_optional = True  # type: ignore[attr-defined]

    def clean_file(self) -> UploadedFile | None:
        upload: UploadedFile | None = self.cleaned_data.get("file")
        if upload is None:
            return None
        if PurePath(upload.name or "").suffix.lower() not in EVIDENCE_TYPES:
            raise forms.ValidationError(
                "The selected file must be a PDF, Word, Excel, PowerPoint, CSV, text or image file"
            )
        check_size(upload, evidence=True)
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("note", "").strip() and not data.get("file") and "file" not in self.errors:
            self.add_error("note", "Enter a note or upload a file")
        return data


class ImprovementPlanImportForm(forms.Form):
    file = forms.FileField(
        label="Upload the plan",
        help_text="The Excel file (.xlsx) downloaded from this page, with your changes.",
        error_messages={"required": "Select the plan's Excel file"},
    )

    def clean_file(self) -> UploadedFile:
        """Size and type only, so the page answers at once: the rows are checked by the job."""
        upload: UploadedFile = self.cleaned_data["file"]
        check_size(upload)
        if not (upload.name or "").lower().endswith(".xlsx"):
            raise forms.ValidationError(
                "The selected file must be an Excel file (.xlsx)", code="file_type"
            )
        return upload


class MeetingForm(forms.Form):
    """A meeting's date, who came from each agency, the board's decisions and notes."""

    date = DayMonthYearField(
        label="Date of the meeting",
        help_text="For example, 12 3 2026.",
        error_messages={"required": "Enter the date of the meeting"},
    )
    attended = forms.MultipleChoiceField(
        label="Which partner agencies attended?",
        choices=PARTNER_AGENCIES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Select all that attended. Those not selected are recorded as absent.",
    )
    notes = forms.CharField(
        label="Notes of the meeting",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(
        self,
        *args: Any,
        items: Iterable[PlanItem] = (),
        meeting: BoardMeeting | None = None,
        service: Service | None = None,
        **kwargs: Any,
    ) -> None:
        initial: dict[str, Any] = dict(kwargs.pop("initial", None) or {})
        if meeting is not None:
            records = list(meeting.attendance.all())
            initial |= {
                "date": meeting.date,
                "notes": meeting.notes,
                "inspection": meeting.inspection_id or LATEST,
                "attended": [a.agency for a in records if a.attended],
                **{f"rep_{a.agency}": a.representative for a in records},
                **{f"decision_{r.item_id}": r.decision for r in meeting.reviews.all()},
            }
        kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        self.held = meeting is not None and meeting.held_at is not None
        if self.held:
            # The pack is frozen: the day it was presented and what it reports stay.
            del self.fields["date"]
        else:
            self.fields["inspection"] = ReportedInspectionField(
                service or (meeting.service if meeting else None),
                label="Which inspection's ratings should the pack report?",
                help_text="Usually the latest published HMIP inspection. Choose another only "
                "if the board is to discuss it, for example a mock inspection's findings.",
            )
            self.order_fields(["date", "inspection"])
        self.fields["attended"].hide_optional = True  # type: ignore[attr-defined]
        for code, label in PARTNER_AGENCIES:
            self.fields[f"rep_{code}"] = forms.CharField(
                label=label,
                required=False,
                max_length=200,
                error_messages={"max_length": f"{label}: enter 200 characters or fewer"},
            )
            self.fields[f"rep_{code}"].hide_optional = True  # type: ignore[attr-defined]
        self.items = list(items)
        for item in self.items:
            self.fields[f"decision_{item.pk}"] = forms.CharField(
                label=f"Decision on item {item.order}",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text=escape(item.text),  # hints are written unescaped: the item is text
            )

    def representative_fields(self) -> list[forms.BoundField]:
        return [self[f"rep_{code}"] for code, _ in PARTNER_AGENCIES]

    def decision_fields(self) -> list[forms.BoundField]:
        return [self[f"decision_{item.pk}"] for item in self.items]

    def attendance(self) -> dict[str, tuple[bool, str]]:
        came = set(self.cleaned_data.get("attended") or ())
        return {
            code: (code in came, self.cleaned_data.get(f"rep_{code}", ""))
            for code, _ in PARTNER_AGENCIES
        }

    def decisions(self) -> dict[int, str]:
        return {item.pk: self.cleaned_data.get(f"decision_{item.pk}", "") for item in self.items}


class MarkHeldForm(forms.Form):
    """Mark a board meeting held, freezing its pack: confirmed, and not before its day."""

    confirm = forms.BooleanField(
        label="The board saw this pack at the meeting: freeze it as it is now",
        error_messages={"required": "Confirm that the board saw this pack at the meeting"},
    )

    def __init__(self, *args: Any, meeting: BoardMeeting, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.meeting, self.today = meeting, today

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.meeting.date > self.today:
            self.add_error(
                "confirm",
                f"The meeting is on {self.meeting.date.day} {self.meeting.date:%B %Y}: mark it "
                "held on or after that day",
            )
        return data
