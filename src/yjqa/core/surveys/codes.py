"""Survey link codes short enough to type from a printed invitation: 8 characters, ABCD-EFGH.

The alphabet leaves out the characters people mistake for one another (0 and O, 1, I and L),
and a code is read whatever its case and with or without its hyphen or spaces, so
``abcd efgh``, ``ABCDEFGH`` and ``AbCd-EfGh`` are the same code. 31 characters to the power 8
is about 850 billion codes (nearly 40 random bits): guessing one of a few hundred
unused links is a chance of about one in a billion a try.

Links made before short codes (24 URL-safe characters, case-sensitive) keep working: a text
that is not a short code is looked up as it is.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Sequence

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
LENGTH = 8
GROUP = 4
_SEPARATORS = str.maketrans("", "", "- \t")
_ALLOWED = frozenset(ALPHABET)


def new_code(choose: Callable[[Sequence[str]], str] = secrets.choice) -> str:
    """A new random code, grouped like ABCD-EFGH (`choose` picks one character; by default
    from the operating system's secure random source)."""
    return _grouped("".join(choose(ALPHABET) for _ in range(LENGTH)))


def short_code(text: str) -> str | None:
    """The code `text` is, in its stored form (upper case, ABCD-EFGH), or None if it is not a
    short code: any case, the hyphen and spaces optional."""
    bare = text.strip().upper().translate(_SEPARATORS)
    if len(bare) != LENGTH or not _ALLOWED.issuperset(bare):
        return None
    return _grouped(bare)


def _grouped(bare: str) -> str:
    return "-".join(bare[i : i + GROUP] for i in range(0, len(bare), GROUP))
