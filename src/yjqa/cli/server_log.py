"""gunicorn's logger for `yjqa serve`: an access log line per request that names the URL
pattern, never the path (a path holds a case reference or a survey code), nor the query,
the referring page or the person's address.

Imported by the server's master process, which must stay free of Django (see
`yjqa.cli.server`): Django is imported only in a worker, when it first writes a line.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from gunicorn.glogging import Logger

# What each request's line says: method, URL pattern name, status, bytes sent, milliseconds.
ACCESS_LOG_FORMAT = '"%(m)s %(U)s" %(s)s %(b)s %(M)sms'
_PATH = re.compile(r"(?<!\S)/\S*")


def _shown(path: str) -> str:
    from yjqa.web.log_redaction import shown_path

    return shown_path(path)


class _RedactErrors(logging.Filter):
    """gunicorn's own error lines ("Error handling request /services/...") without the path."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:
            return True
        record.msg, record.args = _PATH.sub("[path]", message), ()
        return True


class RedactedLogger(Logger):  # type: ignore[misc]
    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        self.error_log.addFilter(_RedactErrors())

    def atoms(self, resp: Any, req: Any, environ: Any, request_time: Any) -> dict[str, Any]:
        atoms: dict[str, Any] = super().atoms(resp, req, environ, request_time)
        shown = _shown(environ.get("PATH_INFO") or "")
        method = environ.get("REQUEST_METHOD", "-")
        atoms.update({"U": shown, "r": f"{method} {shown}", "q": "-", "f": "-", "h": "-"})
        # Headers and environ entries (%({raw_uri}e)s, %({referer}i)s) hold paths too.
        return {key: value for key, value in atoms.items() if not key.startswith("{")}
