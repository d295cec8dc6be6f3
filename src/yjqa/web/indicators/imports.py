"""Importing one indicator data file in the background: the Indicator data page's job.

The file is read and checked whole (`read_service_table`), written in one transaction
(`do_import_table`: a file with any problem writes nothing), and then the service's
dashboard is worked out here, in the worker, and kept in the cache, so the person's next look
at the dashboard does not wait for it.
"""

from __future__ import annotations

import logging

from django.urls import reverse

from yjqa.core.indicators.data import TABLES
from yjqa.core.validation.problems import InputError
from yjqa.web.indicators.dashboard import warm_dashboard
from yjqa.web.indicators.services import do_import_table, read_service_table
from yjqa.web.jobs.services import JobFailed, JobProgress

logger = logging.getLogger(__name__)

# Of the bar: reading and checking the file, writing its rows, then the dashboard.
CHECKED = 0.4
WRITTEN = 0.6


def indicator_data_job(progress: JobProgress, *, table: str, file_name: str) -> str:
    """Import the uploaded file into `table`, work out the dashboard, then show the data page."""
    if table not in TABLES:
        raise JobFailed("The file's kind of data is not one yjqa imports.")
    service = progress.service
    progress(0.0, f"Checking {file_name}")
    with progress.payload_path() as path:
        try:
            frame = read_service_table(path, table, service, file_name)
        except InputError as error:
            raise error.with_source(error.source or file_name) from None
    progress(CHECKED, f"Writing {frame.height:,} rows")
    result = do_import_table(progress.actor, service, table, frame, source=file_name, warm=False)
    # Written and committed: whatever happens to the dashboard now, the import stands.
    progress(WRITTEN, "Working out the indicators")
    try:
        warm_dashboard(service)
    except Exception:  # the dashboard is then worked out when it is first read
        logger.exception("The indicator dashboard of %s was not worked out", service.slug)
    progress.done(
        f"{file_name}: {result.rows:,} rows imported "
        f"({result.created:,} new, {result.updated:,} updated)"
    )
    return reverse("indicator_data", kwargs={"slug": service.slug})
