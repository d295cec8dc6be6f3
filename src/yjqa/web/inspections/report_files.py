"""An inspection's report as a PDF or Word file: a published report's is rendered once and kept.

A published inspection's report is frozen (`ReportSnapshot`): its content never changes, so its
PDF and Word files are rendered the first time they are asked for, kept in Django's default
storage (the data folder, or S3 when YJQA_STORAGE_URL is set) and served from there afterwards,
by every web process and worker alike. A kept file is named by a hash of the frozen content and
of `FILE_FORMAT`, so it can never be served stale: re-freezing the report (or a new layout of
the files) names a new file, and `drop_kept_files` removes the old ones. A draft is rendered
afresh on every request, as its content changes with every answer.

`report_file_bytes(inspection, fmt)` is a plain callable, `(inspection, "pdf" | "docx") ->
bytes`, so it can run in a web request or in a background task alike.
"""

from __future__ import annotations

import hashlib
import logging

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from yjqa.core.documents.model import Report
from yjqa.reports import render_docx, render_pdf
from yjqa.web.inspections.models import Inspection, ReportSnapshot
from yjqa.web.inspections.report import inspection_report

__all__ = [
    "FILE_FORMATS",
    "drop_kept_files",
    "kept_file_name",
    "kept_report_file",
    "report_file_bytes",
]

logger = logging.getLogger(__name__)

# Raise this when the files' layout changes (stylesheets, renderer): kept files get new names.
FILE_FORMAT = "1"
FILE_FORMATS = ("pdf", "docx")
KEPT_FOLDER = "report-files"


def _render(report: Report, fmt: str) -> bytes:
    if fmt == "pdf":
        return render_pdf(report)
    if fmt == "docx":
        return render_docx(report)
    raise ValueError(f"Not a report file format: {fmt!r}")


def kept_file_name(inspection: Inspection, content: str, fmt: str) -> str:
    """Where the file of this frozen content is kept in the default storage."""
    digest = hashlib.sha256(f"{FILE_FORMAT}\n{content}".encode()).hexdigest()[:32]
    return f"{KEPT_FOLDER}/{inspection.pk}/report-{digest}.{fmt}"


def kept_report_file(inspection: Inspection, fmt: str) -> bytes | None:
    """The published report's file if it is kept already, else None (nothing is rendered)."""
    snapshot = ReportSnapshot.objects.filter(inspection=inspection).first()
    if snapshot is None or fmt not in FILE_FORMATS:
        return None
    name = kept_file_name(inspection, snapshot.content, fmt)
    if not default_storage.exists(name):
        return None
    with default_storage.open(name, "rb") as kept:
        body: bytes = kept.read()
    return body


def report_file_bytes(inspection: Inspection, fmt: str) -> bytes:
    """The report as PDF or Word bytes: a published (frozen) report's from storage once kept."""
    if fmt not in FILE_FORMATS:
        raise ValueError(f"Not a report file format: {fmt!r}")
    snapshot = ReportSnapshot.objects.filter(inspection=inspection).first()
    if snapshot is None:  # a draft: rendered afresh, never kept
        return _render(inspection_report(inspection), fmt)
    name = kept_file_name(inspection, snapshot.content, fmt)
    if default_storage.exists(name):
        with default_storage.open(name, "rb") as kept:
            body: bytes = kept.read()
        return body
    body = _render(Report.model_validate_json(snapshot.content), fmt)
    if not default_storage.exists(name):  # another process may have kept it meanwhile
        saved = default_storage.save(name, ContentFile(body))
        logger.info("Kept the report file %s of inspection %s", saved, inspection.pk)
    return body


def drop_kept_files(inspection: Inspection) -> None:
    """Remove every kept file of the inspection's report (when its frozen content changes)."""
    folder = f"{KEPT_FOLDER}/{inspection.pk}"
    try:
        _, names = default_storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in names:
        default_storage.delete(f"{folder}/{name}")
