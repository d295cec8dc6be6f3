"""The URL converter for a case or victim reference: "/" allowed, as in NS/2026/0001.

A reference is matched whole, slashes and all (like Django's `path` converter), so its page's
address is readable and the caseload page can link every reference the import accepts. What
no reference can hold (a control character such as NUL, or more characters than the column)
matches no page: "Page not found", before either database is asked.
"""

from __future__ import annotations

from yjqa.core.validation.fields import MAX_REFERENCE, text_problem


class ReferenceConverter:
    # Any text without control characters, slashes included.
    regex = r"[^\x00-\x1f\x7f-\x9f]+"

    def to_python(self, value: str) -> str:
        if text_problem(value, MAX_REFERENCE) is not None:
            raise ValueError("not a reference")
        return value

    def to_url(self, value: str) -> str:
        return value
