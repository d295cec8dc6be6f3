"""Importing a file of survey answers in the background: the survey's Import page's job.

The file is read and every answer checked against the survey's questions first, then all the
responses are added in one transaction (`do_import_responses`): a file with any problem adds
nothing.
"""

from __future__ import annotations

from django.urls import reverse

from yjqa.core.surveys.answers import parse_answers_text, responses_for_survey
from yjqa.core.validation.fields import NotUtf8Error, decode_utf8
from yjqa.core.validation.limits import rows_problem
from yjqa.core.validation.problems import InputError, Problem
from yjqa.web.jobs.services import JobFailed, JobProgress
from yjqa.web.surveys.models import Survey
from yjqa.web.surveys.services import do_import_responses
from yjqa.web.upload_limits import limits

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
CHECKED = 0.7  # of the bar: reading and checking the answers, then adding them


def survey_answers_job(progress: JobProgress, *, survey_id: int, file_name: str) -> str:
    """Add the uploaded file's responses to the survey, then show the survey's summary."""
    survey = Survey.objects.filter(service=progress.service, pk=survey_id).first()
    if survey is None:
        raise JobFailed("The survey is no longer there, so nothing has been imported.")
    progress(0.0, f"Checking {file_name}")
    with progress.payload_path() as path:
        if path.stat().st_size > MAX_UPLOAD_BYTES:
            raise InputError(
                [Problem("", "is larger than 10 MB: split it into smaller files")], file_name
            )
        try:
            text = decode_utf8(path.read_bytes())
        except NotUtf8Error as error:
            raise InputError([Problem("", str(error))], file_name) from None
    if text.count("\n") > limits().rows + 1:  # the header, then a row a line
        raise InputError([Problem("", rows_problem(limits().rows))], file_name)
    try:
        responses = responses_for_survey(parse_answers_text(text, file_name), survey.parsed())
    except InputError as error:
        raise error.with_source(error.source or file_name) from None
    progress(CHECKED, f"Adding {len(responses):,} responses")
    count = do_import_responses(progress.actor, survey, responses, source=file_name)
    progress.done(f"{file_name}: {count:,} response{'s' if count != 1 else ''} imported")
    return reverse("survey_summary", kwargs={"slug": progress.service.slug, "survey_id": survey.pk})
