"""Logs never contain a request path: a case page's address holds the child's case reference,
a feedback link's the respondent's code. Django's 404, 403 and 500 lines, the development
server's request lines and `yjqa serve`'s gunicorn access log name the URL pattern instead.

The lines are read from the handler settings.LOGGING configures (the one a deployment writes
through), not from pytest's own capture, which would bypass its filter."""

from __future__ import annotations

import io
import logging
from collections.abc import Callable, Iterator
from contextlib import nullcontext
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.test import Client

from yjqa.cli.server_log import ACCESS_LOG_FORMAT, RedactedLogger
from yjqa.web.caseload.models import CaseRecord

ClientFor = Callable[[str], Client]
pytestmark = pytest.mark.django_db
# The loggers of 404, 403 and 500 lines and of the development server's requests.
LOGGERS = ("django.request", "django.server", "django.security")


@pytest.fixture
def log_output(caplog: pytest.LogCaptureFixture) -> Iterator[io.StringIO]:
    """What the configured console handler writes, with the request loggers at DEBUG."""
    handler = logging.getLogger("django.request").handlers[0]
    assert isinstance(handler, logging.StreamHandler)
    out = io.StringIO()
    # Swapped, not setStream(): that flushes the old stream, which an earlier test's captured
    # stderr may have closed by now.
    with handler.lock or nullcontext():
        old_stream, handler.stream = handler.stream, out
    levels = {name: logging.getLogger(name).level for name in LOGGERS}
    for name in LOGGERS:
        logging.getLogger(name).setLevel(logging.DEBUG)
    try:
        yield out
    finally:
        handler.stream = old_stream
        for name, level in levels.items():
            logging.getLogger(name).setLevel(level)


def a_case() -> CaseRecord:
    case = CaseRecord.objects.filter(service__slug="northshire").first()
    assert case is not None
    return case


def test_a_missing_case_page_is_logged_by_its_pattern_not_its_reference(
    client_for: ClientFor, log_output: io.StringIO
) -> None:
    response = client_for("manager@northshire.example").get(
        "/services/northshire/cases/NS/2026/9999/?q=ZZTOP"
    )
    assert response.status_code == 404
    written = log_output.getvalue()
    assert "Not Found: [case_detail]" in written
    assert "NS/2026/9999" not in written and "ZZTOP" not in written
    assert "/services/" not in written


def test_a_case_page_and_a_refused_one_log_no_reference(
    client_for: ClientFor, log_output: io.StringIO
) -> None:
    case = a_case()
    assert (
        client_for("manager@northshire.example")
        .get(f"/services/northshire/cases/{case.case_ref}/")
        .status_code
        == 200
    )
    # A board member may not open case records: a 403.
    refused = client_for("board@northshire.example").get(
        f"/services/northshire/cases/{case.case_ref}/"
    )
    assert refused.status_code == 403
    written = log_output.getvalue()
    assert case.case_ref not in written
    assert "Forbidden" in written and "[case_detail]" in written


def test_a_feedback_code_is_never_logged(client: Client, log_output: io.StringIO) -> None:
    assert client.get("/feedback/QWXZ-KJHG/").status_code == 404
    assert client.get("/nothing-here/QWXZ-KJHG/").status_code == 404
    written = log_output.getvalue()
    assert "QWXZ" not in written and "/feedback/" not in written
    assert "[survey_public]" in written and "[no page]" in written


def test_a_csrf_refusal_logs_no_path(log_output: io.StringIO) -> None:
    case = a_case()
    client = Client(enforce_csrf_checks=True)
    response = client.post(f"/services/northshire/cases/{case.case_ref}/", {})
    assert response.status_code == 403
    written = log_output.getvalue()
    assert "Forbidden (" in written and case.case_ref not in written


def test_a_server_error_logs_the_pattern_not_the_path(
    client_for: ClientFor, log_output: io.StringIO, monkeypatch: pytest.MonkeyPatch
) -> None:
    from yjqa.web.caseload import views

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a fault")

    monkeypatch.setattr(views, "render", broken)
    client = client_for("manager@northshire.example")
    client.raise_request_exception = False
    case = a_case()
    response = client.get(f"/services/northshire/cases/{case.case_ref}/")
    assert response.status_code == 500
    written = log_output.getvalue()
    assert "Internal Server Error: [case_detail]" in written
    assert f"/cases/{case.case_ref}/" not in written


def test_the_development_servers_request_lines_name_the_pattern(log_output: io.StringIO) -> None:
    # As django.core.servers.basehttp.WSGIRequestHandler.log_message writes them.
    logging.getLogger("django.server").warning(
        '"%s" %s %s',
        "GET /services/northshire/cases/NS/2026/0001/?q=AB HTTP/1.1",
        "404",
        "179",
        extra={"request": object(), "server_time": "now", "status_code": 404},
    )
    written = log_output.getvalue()
    assert '"GET [case_detail] HTTP/1.1" 404 179' in written
    assert "NS/2026" not in written


def test_the_gunicorn_access_log_names_the_pattern(tmp_path: object) -> None:
    from gunicorn.config import Config

    config = Config()
    config.set("accesslog", "-")
    config.set("access_log_format", ACCESS_LOG_FORMAT)
    logger = RedactedLogger(config)
    out = io.StringIO()
    for handler in logger.access_log.handlers:
        assert isinstance(handler, logging.StreamHandler)
        handler.setStream(out)
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": "/feedback/QWXZ-KJHG/?x=NS/2026/0001",
        "PATH_INFO": "/feedback/QWXZ-KJHG/",
        "QUERY_STRING": "x=NS/2026/0001",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_REFERER": "https://yjqa.example/services/northshire/cases/NS/2026/0001/",
        "REMOTE_ADDR": "192.0.2.7",
    }
    response = SimpleNamespace(status="404 Not Found", headers=[], sent=179)
    request = SimpleNamespace(headers=[("REFERER", environ["HTTP_REFERER"])])
    logger.access(response, request, environ, timedelta(milliseconds=12))
    written = out.getvalue()
    assert written.strip() == '"GET [survey_public]" 404 179 12ms'
    for secret in ("QWXZ", "NS/2026", "192.0.2.7", "/feedback/"):
        assert secret not in written
    # gunicorn's own error lines lose the path too.
    errors = io.StringIO()
    for handler in logger.error_log.handlers:
        assert isinstance(handler, logging.StreamHandler)
        handler.setStream(errors)
    logger.error("Error handling request %s", "/services/northshire/cases/NS/2026/0001/")
    assert "NS/2026" not in errors.getvalue() and "[path]" in errors.getvalue()
