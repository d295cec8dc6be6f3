"""The upload limits (yjqa.core.validation.limits) as the web app applies them: a GOV.UK
error on the file field for a file over the size limit, before any reader sees it."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from yjqa.core.validation.limits import MB, UploadLimits


def limits() -> UploadLimits:
    """The limits in force: the YJQA_UPLOAD_LIMITS setting."""
    found: UploadLimits = settings.YJQA_UPLOAD_LIMITS
    return found


def _shown(size: int) -> str:
    return f"{size / MB:,.1f}".removesuffix(".0") + " MB"


def check_size(
    upload: UploadedFile | None, *, evidence: bool = False, most: int | None = None
) -> None:
    """Refuse an upload over the data file limit (or the evidence file limit), with the GOV.UK
    message for a file that is too big. `most` lowers the limit further for one field."""
    if upload is None:
        return
    current = limits()
    limit = current.evidence_bytes if evidence else current.data_bytes
    if most is not None:
        limit = min(limit, most)
    if (upload.size or 0) > limit:
        raise forms.ValidationError(f"The selected file must be smaller than {_shown(limit)}")
