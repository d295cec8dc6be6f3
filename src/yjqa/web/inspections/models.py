"""Inspections (HMIP's, mock, or the service's own audit), their case audits and judgements."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone

from yjqa.core.frameworks.model import Framework
from yjqa.core.frameworks.shipped import get_framework
from yjqa.web.caseload.models import CaseRecord, VictimRecord
from yjqa.web.tenancy.models import Service


class Inspection(models.Model):
    class Kind(models.TextChoices):
        HMIP = "hmip_inspection", "HMIP inspection"
        MOCK = "mock_inspection", "Mock inspection"
        INTERNAL = "internal_audit", "Internal quality assurance audit"
        NATIONAL_STANDARDS = (
            "national_standards_self_assessment",
            "National standards self-assessment",
        )

    class Status(models.TextChoices):
        PLANNING = "planning", "Planning"
        FIELDWORK = "fieldwork", "Fieldwork"
        MODERATION = "moderation", "Moderation"
        PUBLISHED = "published", "Published"

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="inspections")
    title = models.CharField(max_length=200)
    framework_id = models.CharField("framework", max_length=100)
    kind = models.CharField(max_length=40, choices=Kind.choices)

    class InspectionType(models.TextChoices):
        CHILDREN_AND_VICTIMS = "children_and_victims", "Work with children and victims"
        FULL = "full", "Full inspection (organisational delivery as well)"

    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANNING)
    inspection_type = models.CharField(
        "kind of inspection",
        max_length=30,
        blank=True,
        choices=InspectionType.choices,
        help_text="For a framework with more than one kind of inspection (2025): what it rates.",
    )
    fieldwork_start = models.DateField(null=True, blank=True)
    fieldwork_end = models.DateField(null=True, blank=True)
    court_window_start = models.DateField(null=True, blank=True)
    court_window_end = models.DateField(null=True, blank=True)
    oocd_window_start = models.DateField(null=True, blank=True)
    oocd_window_end = models.DateField(null=True, blank=True)
    resettlement_window_start = models.DateField(null=True, blank=True)
    resettlement_window_end = models.DateField(null=True, blank=True)
    # The 2025 framework samples children over all their work, and victims separately.
    children_window_start = models.DateField(null=True, blank=True)
    children_window_end = models.DateField(null=True, blank=True)
    victims_window_start = models.DateField(null=True, blank=True)
    victims_window_end = models.DateField(null=True, blank=True)
    # The national standards' own samples: community sentences, and secure settings.
    community_window_start = models.DateField(null=True, blank=True)
    community_window_end = models.DateField(null=True, blank=True)
    secure_window_start = models.DateField(null=True, blank=True)
    secure_window_end = models.DateField(null=True, blank=True)
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="inspections_led",
    )
    team = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="inspection_teams"
    )
    summary = models.TextField(
        blank=True,
        help_text="The report's summary of findings. Separate paragraphs with a blank line.",
    )
    # A short quality screening is reported as a letter (seed 001): to whom, from whom, who
    # is copied in, and the letter's own parts beside the headings' findings.
    letter_to = models.CharField(
        "to", max_length=300, blank=True, help_text="For example, Chair of the management board."
    )
    letter_from = models.CharField("from", max_length=300, blank=True)
    copy_to = models.TextField(
        "copy to", blank=True, help_text="One a line: the role, a colon, then the name."
    )
    operational_management = models.TextField(
        blank=True, help_text="Separate paragraphs with a blank line."
    )
    key_strengths = models.TextField(blank=True, help_text="One strength a line.")
    double_marking_percent = models.PositiveSmallIntegerField(
        "share of cases to double mark",
        default=0,
        validators=[MaxValueValidator(100)],
        help_text="The percentage of sampled cases a second auditor audits independently, "
        "for example 20.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-created_at", "-id")

    def __str__(self) -> str:
        return self.title

    @property
    def framework(self) -> Framework:
        return get_framework(self.framework_id)

    @property
    def is_read_only(self) -> bool:
        return self.status == self.Status.PUBLISHED


class CaseAudit(models.Model):
    """One auditor's answers to the key questions for one sampled case.

    A double-marked case has a second, independent audit by another auditor; where the two
    disagree, a moderator's decision settles which answer counts.
    """

    class Marking(models.IntegerChoices):
        FIRST = 1, "First marking"
        SECOND = 2, "Second marking"

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        DRAFT = "draft", "In progress"
        SUBMITTED = "submitted", "Submitted"

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="audits")
    case = models.ForeignKey(CaseRecord, on_delete=models.PROTECT, related_name="audits")
    # A victim's case (2025 work with victims) is audited on the victim's record; `case` is
    # then the linked child's case.
    victim = models.ForeignKey(
        VictimRecord, null=True, blank=True, on_delete=models.PROTECT, related_name="audits"
    )
    domain_id = models.CharField("framework domain", max_length=40)
    marking = models.PositiveSmallIntegerField(choices=Marking.choices, default=Marking.FIRST)
    auditor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    case_manager_interviewed = models.BooleanField(null=True, blank=True)
    version = models.PositiveIntegerField(default=0)  # optimistic locking
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("case__case_ref", "marking")
        constraints = [
            # A case in two domains' samples (the national standards' at court and in the
            # community) is audited once in each.
            models.UniqueConstraint(
                fields=("inspection", "case", "domain_id", "marking"),
                condition=models.Q(victim__isnull=True),
                name="one_audit_per_case_domain_and_marking",
            ),
            models.UniqueConstraint(
                fields=("inspection", "victim", "marking"),
                condition=models.Q(victim__isnull=False),
                name="one_audit_per_victim_and_marking",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ref} in {self.inspection}"

    @property
    def ref(self) -> str:
        """The reference of what is audited: the victim's, or the child's case."""
        return self.victim.victim_ref if self.victim is not None else self.case.case_ref

    @property
    def answer_key(self) -> str:
        """The key its answers are counted under: a victim's reference could equal a child's
        case reference, so victims' are marked apart."""
        return f"victim {self.ref}" if self.victim_id is not None else self.ref

    @property
    def label(self) -> str:
        """How pages name what is audited: "case NS-0001" or "victim's case NS-V0001"."""
        return f"victim's case {self.ref}" if self.victim_id is not None else f"case {self.ref}"

    @property
    def subject(self) -> tuple[int, int | None]:
        """What is audited, the same for both markings: the case, or the case and victim."""
        return (self.case_id, self.victim_id)


class Answer(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    NOT_APPLICABLE = "n/a", "Not applicable"


class AuditAnswer(models.Model):
    audit = models.ForeignKey(CaseAudit, on_delete=models.CASCADE, related_name="answers")
    key_question_id = models.CharField(max_length=40)
    answer = models.CharField(max_length=3, choices=Answer.choices, blank=True)
    evidence = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=("audit", "key_question_id"), name="one_answer_per_key_question"
            )
        ]


class ModerationDecision(models.Model):
    """A moderator's ruling on a key question the two markers of a case answered differently.

    Decisions are only ever added, never changed: together they are the case's moderation
    history. A decision holds the two answers it ruled on, so if either auditor later
    changes theirs, the disagreement returns to the queue.
    """

    inspection = models.ForeignKey(
        Inspection, on_delete=models.CASCADE, related_name="moderation_decisions"
    )
    case = models.ForeignKey(CaseRecord, on_delete=models.PROTECT, related_name="+")
    victim = models.ForeignKey(
        VictimRecord, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    key_question_id = models.CharField(max_length=40)
    first_answer = models.CharField(max_length=3, choices=Answer.choices)
    second_answer = models.CharField(max_length=3, choices=Answer.choices)
    first_auditor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    second_auditor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    agreed_answer = models.CharField(max_length=3, choices=Answer.choices)
    reason = models.TextField()
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    moderated_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("moderated_at", "id")
        indexes = [models.Index(fields=("inspection", "case", "key_question_id"))]


class PromptAnswer(models.Model):
    audit = models.ForeignKey(CaseAudit, on_delete=models.CASCADE, related_name="prompt_answers")
    prompt_id = models.CharField(max_length=40)
    answer = models.CharField(max_length=3, choices=Answer.choices, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=("audit", "prompt_id"), name="one_answer_per_prompt")
        ]


class JudgementRecord(models.Model):
    """The rating of a judgement standard, with the evidence behind it."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="judgements")
    standard_id = models.CharField(max_length=40)
    rating = models.CharField(max_length=40, blank=True)
    evidence = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=("inspection", "standard_id"), name="one_judgement_per_standard"
            )
        ]


class JudgementEvidence(models.Model):
    """One item in the register of evidence a judgement standard's rating rests on: a
    document, meeting, interview, survey or data, optionally linked to a figure yjqa holds
    (`figure`, e.g. "staff_survey" or "board_attendance"; read where it is shown)."""

    class Kind(models.TextChoices):
        DOCUMENT = "document", "Document"
        MEETING = "meeting", "Meeting or observation"
        INTERVIEW = "interview", "Interview or focus group"
        SURVEY = "survey", "Survey"
        DATA = "data", "Data"

    inspection = models.ForeignKey(
        Inspection, on_delete=models.CASCADE, related_name="judgement_evidence"
    )
    standard_id = models.CharField(max_length=40)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=200)
    summary = models.TextField("what it shows", blank=True)
    dated = models.DateField("date", null=True, blank=True)
    figure = models.CharField("yjqa figure", max_length=100, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("standard_id", "added_at", "id")
        indexes = [models.Index(fields=("inspection", "standard_id"))]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"


class InspectionSample(models.Model):
    """A drawn case sample for one domain of an inspection: replayable from its seed."""

    class Domain(models.TextChoices):
        COURT = "court", "Court disposals"
        OOCD = "oocd", "Out-of-court disposals"
        RESETTLEMENT = "resettlement", "Resettlement"
        # The national standards' own samples (yjb-national-standards-2019).
        COMMUNITY = "community", "Community sentences"
        SECURE = "secure", "Secure settings"
        CHILDREN = "children", "Children's cases"
        VICTIMS = "victims", "Victims' cases"

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="samples")
    domain = models.CharField(max_length=20, choices=Domain.choices)
    plan_id = models.CharField("sampling plan", max_length=100)
    seed = models.BigIntegerField()
    fingerprint = models.CharField(
        max_length=64, help_text="SHA-256 of the eligible population the sample was drawn from."
    )
    window_start = models.DateField()
    window_end = models.DateField()
    population = models.PositiveIntegerField()
    sample_size = models.PositiveIntegerField()
    working = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ("domain",)
        constraints = [
            models.UniqueConstraint(fields=("inspection", "domain"), name="one_sample_per_domain")
        ]

    def __str__(self) -> str:
        return f"{self.get_domain_display()} sample of {self.inspection}"


class SampledCase(models.Model):
    """A case drawn into a sample or its reserve list, and what became of it."""

    class Role(models.TextChoices):
        SAMPLE = "sample", "Sample"
        RESERVE = "reserve", "Reserve"

    class Reason(models.TextChoices):
        CASE_MANAGER_UNAVAILABLE = "case_manager_unavailable", "Case manager unavailable"
        CASE_TRANSFERRED = "case_transferred", "Case transferred to another service"
        RECORDS_INCOMPLETE = "records_incomplete", "Case records not available"
        OTHER = "other", "Another reason"

    sample = models.ForeignKey(InspectionSample, on_delete=models.CASCADE, related_name="entries")
    case = models.ForeignKey(CaseRecord, on_delete=models.PROTECT, related_name="+")
    # In a victims' sample, the victim drawn; `case` is then the linked child's case.
    victim = models.ForeignKey(
        VictimRecord, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(max_length=10, choices=Role.choices)
    position = models.PositiveIntegerField()
    replaced = models.BooleanField(default=False)
    replacement = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(max_length=40, choices=Reason.choices, blank=True)
    reason_detail = models.TextField(blank=True)
    replaced_at = models.DateTimeField(null=True, blank=True)
    replaced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ("role", "position")
        constraints = [
            models.UniqueConstraint(
                fields=("sample", "case"),
                condition=models.Q(victim__isnull=True),
                name="case_once_per_sample",
            ),
            models.UniqueConstraint(
                fields=("sample", "victim"),
                condition=models.Q(victim__isnull=False),
                name="victim_once_per_sample",
            ),
        ]


class StandardFindings(models.Model):
    """What the report says about a standard: narrative, strengths, areas for improvement."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="findings")
    standard_id = models.CharField(max_length=40)
    narrative = models.TextField(blank=True)
    strengths = models.TextField(blank=True, help_text="One strength a line.")
    areas_for_improvement = models.TextField(
        "areas for improvement", blank=True, help_text="One area a line."
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=("inspection", "standard_id"), name="one_findings_per_standard"
            )
        ]


class Recommendation(models.Model):
    inspection = models.ForeignKey(
        Inspection, on_delete=models.CASCADE, related_name="recommendations"
    )
    addressee = models.CharField(
        max_length=200, help_text="Who should act, e.g. The chair of the management board."
    )
    text = models.TextField(help_text="What they should do, e.g. make sure that ...")
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ("order", "id")

    def __str__(self) -> str:
        return f"{self.addressee}: {self.text[:60]}"


class ReportSnapshot(models.Model):
    """A published inspection's report, frozen: it is rendered from this, never rebuilt."""

    inspection = models.OneToOneField(
        Inspection, on_delete=models.CASCADE, related_name="report_snapshot"
    )
    content = models.TextField()  # the report document model as JSON
    created_at = models.DateTimeField(auto_now_add=True)


class SafetyConcern(models.Model):
    """A concern for a child's or others' safety, raised from an audit during the work, as
    HMIP inspectors raise cases of concern in fieldwork. It stays open, at the top of the
    managers' and QA leads' home pages, until someone records what was done."""

    audit = models.ForeignKey(CaseAudit, on_delete=models.CASCADE, related_name="concerns")
    note = models.TextField("what the concern is")
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    raised_by_name = models.CharField(max_length=200)  # kept if the person goes
    raised_at = models.DateTimeField(default=timezone.now)
    action_taken = models.TextField("what was done", blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_by_name = models.CharField(max_length=200, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-raised_at", "-id")

    def __str__(self) -> str:
        return f"Concern about {self.audit.ref} raised {self.raised_at:%d %B %Y}"

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None


class AuditFeedback(models.Model):
    """A note from an auditor to the case's case manager about their work, or the case
    manager's reply: a thread per audit, oldest first."""

    audit = models.ForeignKey(CaseAudit, on_delete=models.CASCADE, related_name="feedback")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_name = models.CharField(max_length=200)  # kept if the person goes
    text = models.TextField()
    is_reply = models.BooleanField(default=False)  # from the case manager
    written_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("written_at", "id")

    def __str__(self) -> str:
        return f"Feedback on {self.audit.ref} by {self.author_name}"
