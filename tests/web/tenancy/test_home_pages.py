"""Each role's home page shows the work waiting for it, with the demo's own figures.

The figures are counted here straight from the models (not through the home page's queries),
and every page is checked for anything from the other demo service.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Callable
from datetime import date
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from yjqa.core.indicators.definitions import get_indicator_set
from yjqa.web.accounts.models import User
from yjqa.web.audit.trail import Actor
from yjqa.web.demo import DEMO_INSPECTION_TITLE, DEMO_MOCK_2025_TITLE
from yjqa.web.improvement.models import Action, BoardMeeting, ImprovementPlan
from yjqa.web.indicators.models import ChildOutcome
from yjqa.web.inspections.concerns import (
    do_leave_feedback,
    do_raise_concern,
    do_resolve_concern,
    open_concerns,
)
from yjqa.web.inspections.models import (
    AuditFeedback,
    CaseAudit,
    Inspection,
    ModerationDecision,
    SafetyConcern,
)
from yjqa.web.tenancy.models import Membership, Service

ClientFor = Callable[[str], Client]
pytestmark = pytest.mark.django_db

NORTHSHIRE = "northshire"
SUBMITTED, DRAFT, NOT_STARTED = (
    CaseAudit.Status.SUBMITTED,
    CaseAudit.Status.DRAFT,
    CaseAudit.Status.NOT_STARTED,
)


# --- Reading the page ------------------------------------------------------------------------


class Sections(HTMLParser):
    """The page's tables, each under the last heading (h2 or h3) before it: the rows' cell
    texts. A summary card's title is an h3, so a card's tables come under its inspection."""

    def __init__(self) -> None:
        super().__init__()
        self.heading = ""
        self.in_heading = False
        self.tables: list[tuple[str, str, list[list[str]]]] = []  # (heading, caption, rows)
        self.cell: list[str] | None = None
        self.caption: list[str] | None = None
        self.row: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("h2", "h3"):
            self.in_heading, self.heading = True, ""
        elif tag == "table":
            self.tables.append((self.heading.strip(), "", []))
        elif tag == "caption":
            self.caption = []
        elif tag == "tr":
            self.row = []
        elif tag in ("td", "th"):
            self.cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("h2", "h3"):
            self.in_heading = False
        elif tag == "caption" and self.caption is not None:
            heading, _, rows = self.tables[-1]
            self.tables[-1] = (heading, " ".join("".join(self.caption).split()), rows)
            self.caption = None
        elif tag in ("td", "th") and self.cell is not None:
            self.row.append(" ".join(" ".join(self.cell).split()))
            self.cell = None
        elif tag == "tr" and self.tables:
            self.tables[-1][2].append(self.row)

    def handle_data(self, data: str) -> None:
        if self.in_heading:
            self.heading += data
        if self.cell is not None:
            self.cell.append(data)
        if self.caption is not None:
            self.caption.append(data)


def tables_of(page: str) -> list[tuple[str, str, list[list[str]]]]:
    parser = Sections()
    parser.feed(page)
    return parser.tables


def table(page: str, heading: str, caption: str) -> list[list[str]]:
    """The body rows of the table with this caption under this heading."""
    found = [rows for h, c, rows in tables_of(page) if h == heading and c.startswith(caption)]
    assert len(found) == 1, (heading, caption, [(h, c) for h, c, _ in tables_of(page)])
    return found[0][1:]  # without the header row


def text_of(page: str) -> str:
    main = page[page.index("<main") : page.index("</main>")]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", main)).split())


def panel(page: str, heading_id: str) -> str:
    """The HTML of the home page's panel under the heading with this id (to the next h2): an
    inspection's card is in several panels when its lead also audits it."""
    start = page.index(f'id="{heading_id}"')
    end = page.find("<h2", start)
    return page[start : end if end != -1 else len(page)]


def card(page: str, title: str) -> str:
    """The HTML of the summary card with this title."""
    cards = page.split('<div class="govuk-summary-card">')[1:]
    found = [c for c in cards if f'govuk-summary-card__title">{html.escape(title)}<' in c]
    assert len(found) == 1, title
    return found[0]


def home_of(client_for: ClientFor, who: str) -> str:
    response = client_for(f"{who}@northshire.example").get(
        reverse("service_home", args=[NORTHSHIRE])
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "/services/southvale/" not in page
    assert "SV-" not in page  # no case or victim of the other service
    assert "Southvale" not in page
    return page


# --- Counting from the models ----------------------------------------------------------------


def northshire() -> Service:
    return Service.objects.get(slug=NORTHSHIRE)


def person(who: str) -> User:
    return User.objects.get(email=f"{who}@northshire.example")


def open_inspections() -> list[Inspection]:
    return list(
        Inspection.objects.filter(service=northshire())
        .exclude(status=Inspection.Status.PUBLISHED)
        .order_by("-created_at", "-id")
    )


def audit_url(audit: CaseAudit) -> str:
    return reverse("case_audit", args=[NORTHSHIRE, audit.inspection_id, audit.pk])


def waiting_by_case(inspection: Inspection) -> Counter[tuple[int, int | None]]:
    """Per case, the key questions its two submitted markings answer differently with no
    ruling on those two answers: counted here from the audits and decisions themselves."""
    audits = CaseAudit.objects.filter(inspection=inspection, status=SUBMITTED).prefetch_related(
        "answers"
    )
    by_subject: dict[tuple[int, int | None], dict[int, dict[str, str]]] = {}
    for audit in audits:
        answers = {a.key_question_id: a.answer for a in audit.answers.all() if a.answer}
        by_subject.setdefault(audit.subject, {})[audit.marking] = answers
    ruled = {
        (d.case_id, d.victim_id, d.key_question_id, d.first_answer, d.second_answer)
        for d in ModerationDecision.objects.filter(inspection=inspection)
    }
    waiting: Counter[tuple[int, int | None]] = Counter()
    for (case_id, victim_id), markings in by_subject.items():
        if set(markings) != {1, 2}:
            continue
        first, second = markings[1], markings[2]
        for question in first.keys() & second.keys():
            answers = (first[question], second[question])
            if answers[0] != answers[1] and (case_id, victim_id, question, *answers) not in ruled:
                waiting[(case_id, victim_id)] += 1
    return waiting


def disagreements_waiting(inspection: Inspection) -> int:
    return sum(waiting_by_case(inspection).values())


# --- Auditors --------------------------------------------------------------------------------


def test_an_auditor_sees_their_audits_to_do_in_progress_and_submitted_by_inspection(
    client_for: ClientFor,
) -> None:
    qa = person("qa")
    mine = CaseAudit.objects.filter(inspection__service=northshire(), auditor=qa)
    draft = mine.filter(status=NOT_STARTED).order_by("pk").first()
    assert draft is not None
    mine.filter(pk=draft.pk).update(status=DRAFT)  # they have started one

    page = home_of(client_for, "qa")
    theirs = panel(page, "my-audits")
    shown = 0
    for inspection in open_inspections():
        audits = list(mine.filter(inspection=inspection))
        if not audits:  # e.g. the demo's screening, which its lead audits alone
            assert f">{html.escape(inspection.title)}<" not in theirs
            continue
        shown += 1
        counts = Counter(a.status for a in audits)
        assert counts[SUBMITTED] > 0, "the demo has submitted audits in each of theirs"
        html_card = card(theirs, inspection.title)
        assert (
            f"{counts[NOT_STARTED]} to do, {counts[DRAFT]} in progress, "
            f"{counts[SUBMITTED]} submitted." in html_card
        )
        to_do = html_card[html_card.index(">To do<") : html_card.index(">In progress<")]
        in_progress = html_card[html_card.index(">In progress<") : html_card.index("Submitted (")]
        submitted = html_card[html_card.index("Submitted (") :]
        for audit in audits:
            where = {NOT_STARTED: to_do, DRAFT: in_progress, SUBMITTED: submitted}[audit.status]
            assert f'href="{audit_url(audit)}"' in where, (audit.ref, audit.status)
    assert shown > 0
    # Someone else's audits are not theirs to do.
    others = CaseAudit.objects.filter(inspection__service=northshire()).exclude(auditor=qa)
    assert all(f'href="{audit_url(a)}"' not in page for a in others)


def test_an_auditor_who_moderates_nothing_is_told_so_plainly(client_for: ClientFor) -> None:
    page = text_of(home_of(client_for, "qa"))
    assert "Moderation waiting for me" in page
    assert "Nothing to moderate: no disagreements between auditors are waiting for you." in page
    # The programme's panels are for the people who run it.
    assert "Inspections in progress" not in page
    assert "Overdue improvement actions" not in page


def test_an_auditor_leading_an_inspection_moderates_the_cases_they_did_not_audit(
    client_for: ClientFor,
) -> None:
    inspection = Inspection.objects.get(service=northshire(), title=DEMO_INSPECTION_TITLE)
    waiting = waiting_by_case(inspection)
    assert len(waiting) >= 2, "the demo leaves disagreements on more than one case"
    qa, lead = person("qa"), person("lead")
    inspection.lead = qa
    inspection.save(update_fields=["lead"])
    # The QA officer audits only one of the cases with disagreements; the QA lead the rest.
    theirs, *_others = sorted(waiting)
    audits = CaseAudit.objects.filter(inspection=inspection, auditor=qa)
    audits.exclude(case_id=theirs[0], victim_id=theirs[1]).update(auditor=lead)
    assert CaseAudit.objects.filter(
        inspection=inspection, case_id=theirs[0], victim_id=theirs[1], auditor=qa
    ).exists()
    expected = sum(waiting.values()) - waiting[theirs]

    page = home_of(client_for, "qa")
    link = reverse("moderation", args=[NORTHSHIRE, inspection.pk])
    assert f'href="{link}">{expected} disagreement{"s" if expected != 1 else ""} in ' in page


# --- QA leads and managers -------------------------------------------------------------------


def domain_title(inspection: Inspection, domain_id: str) -> str:
    return next(d.title for d in inspection.framework.domains if d.id == domain_id)


@pytest.mark.parametrize("who", ["lead", "manager", "admin"])
def test_the_programmes_home_shows_each_open_inspections_progress_by_domain_and_auditor(
    client_for: ClientFor, who: str
) -> None:
    page = home_of(client_for, who)
    inspections = open_inspections()
    assert {i.title for i in inspections} >= {DEMO_INSPECTION_TITLE, DEMO_MOCK_2025_TITLE}
    for inspection in inspections:
        audits = list(CaseAudit.objects.filter(inspection=inspection).select_related("auditor"))
        by_domain: dict[str, list[int]] = {}
        by_auditor: dict[str, list[int]] = {}
        for audit in audits:
            done = int(audit.status == SUBMITTED)
            for tally, key in (
                (by_domain, domain_title(inspection, audit.domain_id)),
                (by_auditor, audit.auditor.full_name if audit.auditor else "Not assigned yet"),
            ):
                tally.setdefault(key, [0, 0])
                tally[key][0] += done
                tally[key][1] += 1
        shown_domains = table(page, inspection.title, "Audits submitted, by domain")
        assert {r[0]: [int(r[1]), int(r[2])] for r in shown_domains} == by_domain
        shown_auditors = table(page, inspection.title, "Audits submitted, by auditor")
        assert {r[0]: [int(r[1]), int(r[2])] for r in shown_auditors} == by_auditor
        submitted = sum(a.status == SUBMITTED for a in audits)
        assert f"{submitted} of {len(audits)} audits submitted." in card(
            panel(page, "progress"), inspection.title
        )


@pytest.mark.parametrize("who", ["lead", "manager"])
def test_the_programmes_home_counts_what_waits_for_moderation_with_a_link_to_each_queue(
    client_for: ClientFor, who: str
) -> None:
    page = home_of(client_for, who)
    expected = {
        i.title: disagreements_waiting(i) for i in open_inspections() if disagreements_waiting(i)
    }
    assert expected, "the demo leaves disagreements waiting"
    rows = table(page, "Waiting for moderation", "Disagreements between")
    assert {r[0].removesuffix(": moderation").strip(): int(r[1]) for r in rows} == expected
    for inspection in open_inspections():
        link = f'href="{reverse("moderation", args=[NORTHSHIRE, inspection.pk])}"'
        assert (link in page) == (inspection.title in expected)


def test_nothing_waiting_for_moderation_says_so(client_for: ClientFor) -> None:
    for inspection in open_inspections():
        for (case_id, victim_id), _n in waiting_by_case(inspection).items():
            CaseAudit.objects.filter(
                inspection=inspection, case_id=case_id, victim_id=victim_id, marking=2
            ).update(status=DRAFT)
    page = text_of(home_of(client_for, "manager"))
    assert "Nothing to moderate: no disagreements between auditors are waiting." in page


def test_the_programmes_home_lists_overdue_improvement_actions_longest_overdue_first(
    client_for: ClientFor,
) -> None:
    today = timezone.localdate()
    actions = Action.objects.filter(item__plan__service=northshire()).order_by("due_date", "id")
    overdue = [a for a in actions if a.status not in ("complete", "closed") and a.due_date < today]
    assert overdue, "the demo has overdue actions"
    page = home_of(client_for, "manager")
    rows = table(page, "Overdue improvement actions", "Improvement actions past")
    assert len(rows) == len(overdue)
    for row, action in zip(rows, overdue, strict=True):
        days = (today - action.due_date).days
        assert row[1] == action.owner
        assert row[2] == f"{action.due_date:%-d %B %Y} Overdue by {days} day{'s' * (days != 1)}"
    for action in actions:
        link = reverse("action_history", args=[NORTHSHIRE, action.item.plan_id, action.pk])
        assert (f'href="{link}"' in page) == (action in overdue)


def test_no_overdue_action_says_so(client_for: ClientFor) -> None:
    Action.objects.filter(item__plan__service=northshire()).update(
        due_date=timezone.localdate()  # due today is not yet overdue
    )
    assert "No improvement action is overdue." in text_of(home_of(client_for, "lead"))


# --- Safety concerns -------------------------------------------------------------------------


def member(email: str) -> Actor:
    return Actor.member(Membership.objects.select_related("service", "user").get(user__email=email))


def raise_concern(email: str, note: str) -> CaseAudit:
    actor = member(email)
    assert actor.user is not None
    audit = CaseAudit.objects.filter(auditor=actor.user).order_by("pk").first()
    assert audit is not None
    do_raise_concern(actor, audit, note)
    return audit


NOTE = "The child said an older cousin is pressing him to carry a knife."


@pytest.mark.parametrize("who", ["manager", "lead"])
def test_an_open_concern_is_at_the_top_of_a_managers_and_a_qa_leads_home(
    client_for: ClientFor, who: str
) -> None:
    audit = raise_concern("qa@northshire.example", NOTE)
    raise_concern("qa@southvale.example", "A concern in the other service.")
    page = home_of(client_for, who)
    assert NOTE in page
    assert f'href="{audit_url(audit)}">{audit.label[0].upper()}{audit.label[1:]}</a>' in page
    # First of the page's panels: straight after the service's navigation.
    after_nav = page[page.index("</nav>", page.index("yjqa-subnav")) :]
    assert after_nav.index("Open safety concerns") < after_nav.index("Inspections in progress")
    concerns = SafetyConcern.objects.filter(
        audit__inspection__service=northshire(), resolved_at__isnull=True
    ).select_related("audit")
    banner = after_nav[: after_nav.index("Inspections in progress")]
    assert all(audit_url(c.audit) in banner for c in concerns)
    n = len(concerns)
    assert (
        f"{n} safety concern{'s' * (n != 1)} {'is' if n == 1 else 'are'} waiting for someone"
        in (text_of(page))
    )
    assert "A concern in the other service." not in page


@pytest.mark.parametrize("who", ["board", "casemanager", "qa"])
def test_a_concern_is_not_on_the_home_of_people_who_do_not_act_on_it(
    client_for: ClientFor, who: str
) -> None:
    raise_concern("qa@northshire.example", NOTE)
    page = home_of(client_for, who)
    assert NOTE not in page
    assert "safety concern" not in page.lower()


def test_a_resolved_concern_leaves_the_top_of_the_page(client_for: ClientFor) -> None:
    raise_concern("qa@northshire.example", NOTE)
    for concern in open_concerns(northshire()):
        do_resolve_concern(member("manager@northshire.example"), concern, "Referred to the MASH.")
    page = home_of(client_for, "manager")
    assert NOTE not in page
    assert "There are no open safety concerns." in text_of(page)


# --- Board members ---------------------------------------------------------------------------


def pack_links(meeting: BoardMeeting) -> list[str]:
    return [
        f'href="{reverse("board_pack", args=[NORTHSHIRE, meeting.pk, fmt])}"'
        for fmt in ("html", "pdf", "docx")
    ]


def test_a_board_members_home_has_the_last_meetings_pack_and_says_none_is_planned(
    client_for: ClientFor,
) -> None:
    today = timezone.localdate()
    meetings = BoardMeeting.objects.filter(service=northshire())
    last = meetings.filter(date__lte=today).order_by("-date", "-id").first()
    assert last is not None and not meetings.filter(date__gt=today).exists()
    page = home_of(client_for, "board")
    section = page[
        page.index('id="last-meeting"') : page.index("</dd>", page.index('id="last-meeting"'))
    ]
    assert f"{last.date:%-d %B %Y}" in section
    assert all(link in section for link in pack_links(last))
    for older in meetings.exclude(pk=last.pk):  # only the last meeting's pack
        assert not any(link in page for link in pack_links(older))
    assert "Next meeting No meeting is planned yet." in text_of(page)


def test_a_board_members_home_has_the_next_meeting_when_one_is_planned(
    client_for: ClientFor,
) -> None:
    today = timezone.localdate()
    later = BoardMeeting.objects.create(service=northshire(), date=date(today.year + 1, 6, 1))
    soon = BoardMeeting.objects.create(service=northshire(), date=date(today.year + 1, 1, 15))
    page = home_of(client_for, "board")
    section = page[
        page.index('id="next-meeting"') : page.index("</dd>", page.index('id="next-meeting"'))
    ]
    assert f"{soon.date:%-d %B %Y}" in section
    assert all(link in section for link in pack_links(soon))
    assert not any(link in page for link in pack_links(later))


def test_a_board_members_headline_indicators_are_the_dashboards(client_for: ClientFor) -> None:
    page = home_of(client_for, "board")
    dashboard = client_for("board@northshire.example").get(reverse("indicators", args=[NORTHSHIRE]))
    expected = [
        rows for _h, c, rows in tables_of(dashboard.content.decode()) if c == "Headline figures"
    ]
    assert len(expected) == 1
    period = re.search(r"<strong id=\"period\">([^<]+)<", dashboard.content.decode())
    assert period is not None
    shown = table(page, "Headline indicators", period.group(1))
    assert shown == expected[0][1:]
    assert any(row[2] not in ("\u2013", "") for row in shown), "the demo has indicator figures"


def test_a_board_members_home_has_the_improvement_plans_progress(client_for: ClientFor) -> None:
    plan = ImprovementPlan.objects.filter(service=northshire()).order_by("-created_at", "-id")[0]
    page = home_of(client_for, "board")
    rows = table(page, "The improvement plan", plan.title)
    items = list(plan.items.order_by("order", "id"))
    assert [r[0] for r in rows] == [i.text[0].upper() + i.text[1:] for i in items]
    today = timezone.localdate()
    for row, item in zip(rows, items, strict=True):
        actions = list(item.actions.all())
        done = sum(a.status in ("complete", "closed") for a in actions)
        overdue = sum(
            a.status not in ("complete", "closed") and a.due_date < today for a in actions
        )
        assert row[2].startswith(f"{done} of {len(actions)} actions complete or closed")
        assert row[2].endswith(f"; {overdue} overdue") == bool(overdue)
    link = reverse("improvement_plan_detail", args=[NORTHSHIRE, plan.pk])
    assert f'href="{link}"' in page


def test_a_board_member_sees_none_of_the_audit_programme(client_for: ClientFor) -> None:
    page = text_of(home_of(client_for, "board"))
    for panel in ("My audits", "Inspections in progress", "Waiting for moderation", "Caseload"):
        assert panel not in page


# --- Case managers ---------------------------------------------------------------------------


def test_a_case_managers_home_has_the_feedback_on_their_own_cases_only(
    client_for: ClientFor,
) -> None:
    name = person("casemanager").full_name
    lead = member("lead@northshire.example")  # who may write on any of the service's audits
    audits = CaseAudit.objects.filter(inspection__service=northshire()).select_related(
        "case", "inspection"
    )
    theirs = next(a for a in audits if a.case.case_manager.casefold() == name.casefold())
    others = next(a for a in audits if a.case.case_manager.casefold() != name.casefold())
    do_leave_feedback(lead, theirs, "Good use of the child's own words in the plan.")
    do_leave_feedback(lead, others, "Feedback for another case manager.")
    page = home_of(client_for, "casemanager")
    rows = table(page, "Feedback on your cases", "Auditors' feedback")
    expected = {
        a.case.case_ref
        for a in CaseAudit.objects.filter(
            feedback__isnull=False, inspection__service=northshire()
        ).select_related("case")
        if a.case.case_manager.casefold() == name.casefold()
    }
    assert {r[0].split()[1] for r in rows} == expected
    row = next(r for r in rows if r[0].startswith(f"Case {theirs.case.case_ref}"))
    assert row[1].startswith("Good use of the child's own words in the plan. Lindsay Lead, ")
    assert row[2] == "Not replied to"
    assert f'href="{reverse("feedback_thread", args=[NORTHSHIRE, theirs.pk])}"' in page
    assert "Feedback for another case manager." not in page
    assert f'href="{reverse("my_feedback", args=[NORTHSHIRE])}"' in page


def test_a_case_manager_with_no_feedback_is_told_so_and_sees_no_caseload(
    client_for: ClientFor,
) -> None:
    AuditFeedback.objects.filter(audit__inspection__service=northshire()).delete()
    page = text_of(home_of(client_for, "casemanager"))
    assert "Nothing yet: no auditor has left feedback on your cases." in page
    for panel in ("My audits", "Inspections in progress", "Caseload", "Headline indicators"):
        assert panel not in page


# --- Administrators, and "Your services" -----------------------------------------------------


def test_an_administrators_home_links_people_and_the_access_log(client_for: ClientFor) -> None:
    page = home_of(client_for, "admin")
    people = Membership.objects.active().filter(service=northshire()).count()
    assert f"{people} people have access to this service." in text_of(page)
    assert f'href="{reverse("people", args=[NORTHSHIRE])}"' in page
    assert f'href="{reverse("access_log", args=[NORTHSHIRE])}"' in page
    assert "Inspections in progress" in page  # and what managers see


def test_your_services_says_what_waits_for_the_person_in_each(client_for: ClientFor) -> None:
    qa = person("qa")
    mine = CaseAudit.objects.filter(auditor=qa, inspection__in=[i.pk for i in open_inspections()])
    to_do, drafts = mine.filter(status=NOT_STARTED).count(), mine.filter(status=DRAFT).count()
    page = client_for("qa@northshire.example").get(reverse("home")).content.decode()
    assert f"Your audits {to_do} to do, {drafts} in progress" in text_of(page)
    assert f'href="{reverse("service_home", args=[NORTHSHIRE])}"' in page
    assert "southvale" not in page.lower()


# --- However big the inspection --------------------------------------------------------------


def queries_for(client: Client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("service_home", args=[NORTHSHIRE])).status_code == 200
    return len(queries)


@pytest.mark.parametrize("who", ["qa", "lead", "manager"])
def test_the_home_pages_queries_do_not_grow_with_the_inspection(
    client_for: ClientFor, who: str
) -> None:
    client = client_for(f"{who}@northshire.example")
    queries_for(client)  # the first request warms the session and caches
    before = queries_for(client)
    inspection = Inspection.objects.get(service=northshire(), title=DEMO_INSPECTION_TITLE)
    in_it = inspection.audits.filter(victim__isnull=True).values("case_id")
    cases = northshire().cases.exclude(pk__in=in_it).order_by("pk")[:40]
    statuses = [NOT_STARTED, DRAFT, SUBMITTED]
    CaseAudit.objects.bulk_create(
        CaseAudit(
            inspection=inspection,
            case=case,
            domain_id="2",
            auditor=person("qa") if n % 2 else person("inspector"),
            status=statuses[n % 3],
        )
        for n, case in enumerate(cases)
    )
    assert queries_for(client) == before


def test_a_board_members_headline_from_fewer_than_5_children_is_hidden(
    client_for: ClientFor,
) -> None:
    indicators = get_indicator_set()
    custodial = indicators.group(indicators.custody.outcomes)
    year = ChildOutcome.objects.filter(
        service=northshire(),
        outcome__in=custodial,
        outcome_date__gte=date(2024, 4, 1),  # the demo's latest whole financial year
        outcome_date__lte=date(2025, 3, 31),
    ).order_by("pk")
    assert year.count() >= 5
    ChildOutcome.objects.filter(pk__in=[o.pk for o in year[3:]]).delete()  # 3 sentences left

    def custody_count(rows: list[list[str]]) -> str:
        return next(r[2] for r in rows if r[:2] == ["Use of custody", "custodial sentences"])

    board = table(home_of(client_for, "board"), "Headline indicators", "April 2024 to March 2025")
    assert custody_count(board) == "fewer than 5"
    manager = client_for("manager@northshire.example").get(reverse("indicators", args=[NORTHSHIRE]))
    figures = [r for _h, c, r in tables_of(manager.content.decode()) if c == "Headline figures"]
    assert custody_count(figures[0][1:]) == "3"  # managers see every figure
