"""An inspection's ratings, their certainty and its auditors' agreement, computed once per
change and then read from Django's cache (Redis when YJQA_CACHE_URL is set, else each
process's own memory).

An entry's key carries the generation tokens (yjqa.web.audit.generations) of the inspection,
its service and the installation, read from the database on every request: every service
function that changes what the figures are computed from (answers, audits submitted or
reopened, moderation, judgements, the sample, populations, the inspection's framework or
kind, memberships, erasure, retention, a restored backup) records an audit event, and
recording it replaces the token in the same transaction. So the next read after a change
computes afresh in every process, and a stale entry is never served. The key also carries
yjqa's version and a fingerprint of the framework, as the figures depend on both.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from functools import cache
from typing import Any, TypeVar

from yjqa import __version__
from yjqa.core.frameworks.shipped import shipped_frameworks
from yjqa.web.audit.generations import (
    INSTALLATION,
    inspection_key,
    remembered,
    service_key,
    tokens,
)
from yjqa.web.inspections import agreement, ratings
from yjqa.web.inspections.models import Inspection

T = TypeVar("T")

# Long enough to be worth it, short enough that entries under old tokens age out of Redis.
TIMEOUT_S = 24 * 60 * 60


@cache
def _shipped_fingerprint(framework_id: str) -> str:
    return _digest(shipped_frameworks()[framework_id].model_dump_json())


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def framework_fingerprint(inspection: Inspection) -> str:
    """A shipped framework changes only with the code (hashed once a process); a framework
    file can change at any time (hashed on every read, as it is loaded on every read)."""
    if inspection.framework_id in shipped_frameworks():
        return _shipped_fingerprint(inspection.framework_id)
    return _digest(inspection.framework.model_dump_json())


def cache_key(what: str, inspection: Inspection) -> str:
    generation = tokens(
        [inspection_key(inspection.pk), service_key(inspection.service_id), INSTALLATION]
    )
    return (
        f"yjqa:{__version__}:{what}:{inspection.pk}:{framework_fingerprint(inspection)}:"
        f"{generation}"
    )


def _cached(what: str, inspection: Inspection, compute: Callable[[Inspection], T]) -> T:
    return remembered(cache_key(what, inspection), TIMEOUT_S, lambda: compute(inspection))


def page_part(
    what: str, inspection: Inspection, capabilities: Mapping[str, bool], render: Callable[[], str]
) -> str:
    """A part of a page rendered from the inspection's figures and records alone (and the
    person's capabilities, for its links), rendered once per change: `render` on a miss."""
    can = ",".join(sorted(name for name, granted in capabilities.items() if granted))
    return remembered(f"{cache_key(what, inspection)}:{_digest(can)}", TIMEOUT_S, render)


def rating_details(inspection: Inspection) -> ratings.InspectionRating:
    """`ratings.inspection_rating_details`, computed once per change."""
    return _cached("rating-details", inspection, ratings.inspection_rating_details)


def rating_json(inspection: Inspection) -> dict[str, Any]:
    """`ratings.inspection_rating_json` (the ratings API's object), computed once per change."""
    return _cached(
        "rating-json",
        inspection,
        lambda found: ratings.inspection_rating_json(found, rating_details(found)),
    )


def inspection_agreement(inspection: Inspection) -> agreement.AgreementReport:
    """`agreement.inspection_agreement`, computed once per change."""
    return _cached("agreement", inspection, agreement.inspection_agreement)
