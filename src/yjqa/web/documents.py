"""Documents (reports, plans, board packs) and uploads, handled the same way on every page."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from pathlib import Path
from typing import Any, cast

from csp.constants import NONE, SELF, UNSAFE_INLINE
from csp.decorators import csp_replace
from django.core.files.uploadedfile import UploadedFile
from django.http import Http404, HttpResponse

from yjqa.core.documents.model import Report
from yjqa.reports import render_docx, render_html, render_pdf

CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
# A document is a standalone page whose charts carry inline SVG styles; it runs no script.
_document_policy = csp_replace({"style-src": [SELF, UNSAFE_INLINE], "script-src": [NONE]})


def document_csp(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The document's policy on a document view's responses, but not on its service pages
    (the "Make the PDF" page is an ordinary page, with the service's scripts)."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> HttpResponse:
        response = view(*args, **kwargs)
        if getattr(response, "service_page", False):
            return response
        return cast(HttpResponse, _document_policy(lambda _request: response)(args[0]))

    return wrapped


def document_response(
    document: Report, fmt: str, filename: str, *, download: bool = False
) -> HttpResponse:
    """The document as a web page, PDF or Word file; files (and asked-for pages) download."""
    if fmt not in CONTENT_TYPES:
        raise Http404
    body: str | bytes
    if fmt == "html":
        body = render_html(document)
    elif fmt == "pdf":
        body = render_pdf(document)
    else:
        body = render_docx(document)
    return file_response(body, fmt, filename, download=download)


def file_response(
    body: str | bytes, fmt: str, filename: str, *, download: bool = False
) -> HttpResponse:
    """A rendered (or kept) document: files, and asked-for pages, download."""
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    if download or fmt != "html":
        response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


@contextmanager
def uploaded_path(upload: UploadedFile) -> Iterator[Path]:
    """An upload as a temporary file with its own suffix, for readers that take a path."""
    suffix = Path(upload.name or "").suffix.lower()
    with tempfile.NamedTemporaryFile(suffix=suffix) as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
        handle.flush()
        yield Path(handle.name)
