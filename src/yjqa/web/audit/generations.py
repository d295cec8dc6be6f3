"""Generation tokens: what makes a cached figure stale, stored in the database.

Django's cache is Redis when YJQA_CACHE_URL is set and each process's own memory otherwise,
so a cached entry cannot be deleted everywhere when its inputs change. Instead each entry's
key carries the tokens of what it was computed from (`tokens`), and every change replaces
those tokens (`bump`) in the same transaction as the change itself: the audit trail's
`record`, which every service function calls, bumps the inspection's token (an event with an
inspection), the service's (any other event of a service) or the installation's (an event
outside any service that can change figures: a backup restored, records retired). A reader
that sees the new token sees the change too, so a stale entry can never be served; a new
random token (not a counter) also stays new after a backup is restored or a row's number is
used again.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable, Iterable
from typing import TypeVar

from django.core.cache import cache

from yjqa.web.audit.models import CacheGeneration

T = TypeVar("T")
log = logging.getLogger(__name__)

INSTALLATION = "installation"
# Every service's indicator data (the dashboard's "all services in this installation").
INDICATORS = "indicators"

# Events outside any service that change no cached figure (sign-in, second factor, tokens).
NEUTRAL_ACTIONS = frozenset(
    {
        "create_api_token",
        "enrol_second_factor",
        "reset_second_factor",
        "revoke_api_token",
        "set_password",
        "sign_in_with_single_sign_on",
        "start_second_factor",
        "use_recovery_code",
        "write_backup",
    }
)


def inspection_key(inspection_id: int) -> str:
    return f"inspection:{inspection_id}"


def service_key(service_id: int) -> str:
    return f"service:{service_id}"


def bump(*keys: str) -> None:
    """Give each key a new token (inside the caller's transaction)."""
    CacheGeneration.objects.bulk_create(
        [CacheGeneration(key=key, token=secrets.token_hex(16)) for key in sorted(set(keys))],
        update_conflicts=True,
        unique_fields=["key"],
        update_fields=["token"],
    )


# Events about a background job itself: the work it does records its own events.
JOB_ACTIONS = frozenset({"start_job", "fail_stopped_job"})


def bump_for_event(action: str, service_id: int | None, inspection_id: int | None) -> None:
    """What an audit event's change can make stale."""
    if action in JOB_ACTIONS:
        return
    if inspection_id is not None:
        bump(inspection_key(inspection_id))
    elif service_id is not None:
        bump(service_key(service_id))
    elif action not in NEUTRAL_ACTIONS:
        bump(INSTALLATION)


def tokens(keys: Iterable[str]) -> str:
    """The keys' current tokens, joined in the keys' order ("-" for one never bumped)."""
    wanted = list(keys)
    found = dict(CacheGeneration.objects.filter(key__in=wanted).values_list("key", "token"))
    return ".".join(found.get(key, "-") for key in wanted)


def remembered(key: str, timeout_s: int, compute: Callable[[], T]) -> T:
    """The value cached under `key`, or `compute()`'s, kept for next time. A cache that cannot
    be reached (Redis down) only costs the computing: the page is still served."""
    try:
        found = cache.get(key)
    except Exception:
        log.warning("the cache could not be read; computing afresh", exc_info=True)
        return compute()
    if found is not None:
        return found  # type: ignore[no-any-return]
    value = compute()
    try:
        cache.set(key, value, timeout_s)
    except Exception:
        log.warning("the cache could not be written", exc_info=True)
    return value
