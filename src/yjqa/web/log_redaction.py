"""Logs never hold a request's path: a case page's address is the child's case reference, and
a feedback link's is the respondent's code. A path is logged as the name of the URL pattern it
matches ("[case_detail]"), or "[no page]" where it matches none.

`RedactRequestPaths` filters the console handler (settings.LOGGING), so Django's 404, 403 and
500 lines ("Not Found: /services/x/cases/ABC123/"), CSRF refusals and the development server's
request lines are rewritten before they are written; `yjqa serve`'s gunicorn access log uses
`shown_path` too (`yjqa.cli.server_log`).
"""

from __future__ import annotations

import logging
import re
from urllib.parse import unquote

__all__ = ["RedactRequestPaths", "redact", "shown_path"]

# A request line as servers log it ("GET /services/x/cases/ABC/?q=1 HTTP/1.1"), or a
# request as Django shows one ("<WSGIRequest: GET '/feedback/ABCD-EFGH/'>").
_REQUEST_LINE = re.compile(
    r"\b(?P<method>GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS|TRACE|CONNECT) "
    r"(?P<quote>'?)(?P<path>/[^\s'\"]*)"
)


def shown_path(path: str) -> str:
    """A request path as logs show it: its URL pattern's name, never the path itself."""
    path = unquote(path.split("?", 1)[0].split("#", 1)[0])
    if not path.startswith("/"):
        return "[no page]"
    try:
        from django.urls import Resolver404, resolve

        try:
            match = resolve(path)
        except Resolver404:
            return "[no page]"
    except Exception:  # Django not set up (gunicorn's master process), or a broken URL map
        return "[path]"
    return f"[{match.view_name}]"


class RedactRequestPaths(logging.Filter):
    """Rewrites a log record so that no request path is in it (see the module docstring):
    its message, and its traceback (an exception's text may show a request or a path)."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a record that cannot be formatted is left to the handler
            return True
        request = getattr(record, "request", None)
        record.msg, record.args = redact(message, request), ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text, request)
        if record.stack_info:
            record.stack_info = redact(record.stack_info, request)
        return True


def redact(text: str, request: object = None) -> str:
    """`text` with request paths in it shown as their URL pattern's name: the request's own
    path (where `request` is Django's) and request lines ("GET /x/", "GET '/x/'")."""
    path = getattr(request, "path", None)  # Django's HttpRequest (not the server's socket)
    if isinstance(path, str) and path:
        match = getattr(request, "resolver_match", None)
        shown = f"[{match.view_name}]" if match is not None else shown_path(path)
        get_full_path = getattr(request, "get_full_path", None)
        full = get_full_path() if callable(get_full_path) else path
        for written in dict.fromkeys((full, path, getattr(request, "path_info", ""))):
            if written:  # the path as a whole word: "/" alone is not every slash
                text = re.sub(rf"(?<![^\s'\"(<]){re.escape(written)}(?![^\s'\">)])", shown, text)
    return _REQUEST_LINE.sub(
        lambda found: f"{found['method']} {found['quote']}{shown_path(found['path'])}", text
    )
