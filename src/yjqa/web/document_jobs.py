"""PDF and Word files of reports, board packs and youth justice plans, made by the worker.

A web page (HTML) is rendered at once. A PDF or Word file takes seconds to typeset, so a GET
of its link serves it at once only if it is already kept (a published inspection's report,
`report_files`); otherwise the link's page offers a "Make the PDF" button. Its POST starts
the job `render_document` (`document` kind, `object_id` and `fmt`, as JSON), which builds the
file in the worker, stores it in the default storage under
`documents/<service id>/<job id>/<filename>` and returns the address of `document_download`,
which serves that stored file to those of the same service who may see the document (the
job's `view` capability, that of its page).

A stored file is kept per job, as long as the job is: a later job makes a fresh one, so a
draft's file stays as the draft was when the button was pressed, and its download address
keeps working. (A published report's file is also kept by `report_files`, once, so its link
serves it at once from then on.)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from yjqa.web.audit.trail import Actor, require
from yjqa.web.documents import CONTENT_TYPES, file_response
from yjqa.web.jobs.models import Job
from yjqa.web.jobs.services import JobFailed, JobProgress, do_start_job, job_url
from yjqa.web.tenancy.access import NotYourRole, can, page_context, service_view
from yjqa.web.tenancy.models import Membership, Service

FILE_FORMATS = ("pdf", "docx")
FORMAT_NAMES = {"pdf": "PDF", "docx": "Word file"}
FOLDER = "documents"
JOB_KIND = "render_document"
SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,150}$")


@dataclass(frozen=True)
class DocumentKind:
    """One kind of document: its capability (that of its page) and what it is called."""

    capability: str
    label: str


KINDS = {
    "report": DocumentKind("view_inspections", "the report"),
    "board_pack": DocumentKind("view_improvement", "the board pack"),
    "youth_justice_plan": DocumentKind("view_improvement", "the youth justice plan"),
}


def _object(kind: str, service: Service, object_id: int) -> Model:
    from yjqa.web.improvement.models import BoardMeeting
    from yjqa.web.inspections.models import Inspection
    from yjqa.web.yjplan.models import YouthJusticePlan

    model: type[Model] = {
        "report": Inspection,
        "board_pack": BoardMeeting,
        "youth_justice_plan": YouthJusticePlan,
    }[kind]
    found = model._default_manager.filter(service=service, pk=object_id).first()
    if found is None:
        raise JobFailed(f"We could not make {KINDS[kind].label}: it is no longer there.")
    return found


def document_name(kind: str, document: Any) -> str:
    """The file's name without its extension, as the page's link has always named it."""
    if kind == "report":
        from yjqa.web.inspections.report import is_letter

        word = "screening-letter" if is_letter(document) else "inspection"
        return f"{document.service.slug}-{word}-{document.pk}"
    if kind == "board_pack":
        return f"{document.service.slug}-board-pack-{document.date:%Y-%m-%d}"
    return f"{document.service.slug}-youth-justice-plan-{document.start_year}"


def kept_file(kind: str, document: Any, fmt: str) -> bytes | None:
    """The file's bytes if it is already kept (a published report's), so no job is needed."""
    if kind != "report":
        return None
    from yjqa.web.inspections.report_files import kept_report_file

    return kept_report_file(document, fmt)


def render_bytes(kind: str, document: Any, fmt: str) -> bytes:
    """Typeset the document as PDF or Word bytes here and now (the worker, or the CLI)."""
    from yjqa.reports import render_docx, render_pdf

    if fmt not in FILE_FORMATS:
        raise JobFailed(f"{fmt!r} is not a PDF or Word format.")
    if kind == "report":
        from yjqa.web.inspections.report_files import report_file_bytes

        return report_file_bytes(document, fmt)  # a published report's is kept as well
    if kind == "board_pack":
        from yjqa.web.improvement.board_pack import meeting_pack

        content = meeting_pack(document, timezone.localdate())
    else:
        from yjqa.web.yjplan.sources import youth_justice_plan_document

        content = youth_justice_plan_document(document)
    return render_pdf(content) if fmt == "pdf" else render_docx(content)


def stored_name(job: Job, filename: str) -> str:
    return f"{FOLDER}/{job.service_id}/{job.pk}/{filename}"


def render_document(progress: JobProgress, *, document: str, object_id: int, fmt: str) -> str:
    """The job: build the file, store it, and return the address it downloads from."""
    kind = document  # "report", "board_pack" or "youth_justice_plan"
    if kind not in KINDS or fmt not in FILE_FORMATS:
        raise JobFailed("This is not a document we can make.")
    # The person's role is checked again: it may have been taken away since they asked.
    require(progress.actor, progress.service, KINDS[kind].capability)
    found = _object(kind, progress.service, object_id)
    progress(0.1, f"Making the {FORMAT_NAMES[fmt]}")
    body = render_bytes(kind, found, fmt)
    progress(0.9, "Storing the file")
    filename = f"{document_name(kind, found)}.{fmt}"
    name = stored_name(progress.job, filename)
    if default_storage.exists(name):  # left by a job of this number in an earlier database
        default_storage.delete(name)
    if default_storage.save(name, ContentFile(body)) != name:
        raise JobFailed("We could not store the file. Try again.")
    progress.done(f"The {FORMAT_NAMES[fmt]} is ready to download")
    return reverse(
        "document_download",
        kwargs={"slug": progress.service.slug, "job_id": progress.job.pk, "filename": filename},
    )


def document_file(
    request: HttpRequest, membership: Membership, kind: str, document: Any, fmt: str
) -> HttpResponse:
    """A PDF or Word link: the kept file at once; else a page whose button starts the job."""
    if fmt not in FILE_FORMATS:
        raise Http404
    name = document_name(kind, document)
    if request.method == "POST":
        job = do_start_job(
            Actor.member(membership),
            membership.service,
            JOB_KIND,
            f"Making the {FORMAT_NAMES[fmt]} of {KINDS[kind].label}",
            render_document,
            requires=KINDS[kind].capability,
            view=KINDS[kind].capability,
            document=kind,
            object_id=document.pk,
            fmt=fmt,
        )
        return redirect(job_url(job))
    kept = kept_file(kind, document, fmt)
    if kept is not None:
        return file_response(kept, fmt, name)
    page = render(
        request,
        "documents/make.html",
        page_context(
            membership,
            label=KINDS[kind].label,
            format_name=FORMAT_NAMES[fmt],
            fmt=fmt,
            filename=f"{name}.{fmt}",
        ),
    )
    page.service_page = True  # type: ignore[attr-defined]  # the service's CSP, not a document's
    return page


@service_view("view_service")
def document_download(
    request: HttpRequest, membership: Membership, job_id: int, filename: str
) -> HttpResponse:
    """A finished job's file, for those of its service who may see the document."""
    job = get_object_or_404(
        Job, service=membership.service, pk=job_id, kind=JOB_KIND, state=Job.State.DONE
    )
    if not can(membership, job.view_capability):
        raise NotYourRole(job.view_capability)
    fmt = filename.rpartition(".")[2]
    name = stored_name(job, filename)
    if not SAFE_NAME.match(filename) or fmt not in FILE_FORMATS:
        raise Http404
    if not default_storage.exists(name):
        raise Http404("This file is no longer kept: make it again from the document's page.")
    with default_storage.open(name, "rb") as handle:
        body = handle.read()
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
