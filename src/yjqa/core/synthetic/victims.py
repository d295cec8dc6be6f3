"""Synthetic victims' caseloads: invented victims of a synthetic service's children's offences.

Victims' records are special-category personal data like the children's (DOMAIN.md section 8),
so yjqa develops and demonstrates against victims made up here: a pseudonymous counter
(``NS-V00042``) and the linked child's case reference, never a name. The generator is seeded
(`random.Random`) and uses only the standard library, so the same cases and seed always give
the same victims.

Where the shares come from (approximate, and deliberately simple; no national victims'
caseload is published, so these are plausible figures rather than measured ones):

- **Which offences have a victim.** Prevention is not an offence, and bail and remand come
  before sentence (the victim's contact follows the outcome), so neither has victims here. Of
  the other outcomes about half of out-of-court disposals have an identifiable victim (many are
  possession of drugs or weapons, or public order with no one harmed), about two thirds of court
  orders and four in five custodial sentences (mostly violence and robbery).
- **How many.** Most such offences have one victim; about 15% have two and 5% three.
- **What kind of offence.** Violence against the person is the commonest offence with a victim
  in youth justice, then theft, criminal damage, robbery and burglary; sexual offences are few.
  Court and custody cases lean to violence and robbery.
- **Contact.** About nine in ten victims are contacted, a few weeks after the offence and
  around the time of the decision; the rest have no first contact date. Of those contacted
  about 60% consent to contact, 35% decline and 5% are not recorded.
- **Restorative justice.** Offered to about three quarters of victims who consent and to none
  who decline; about a third of those offered take part (direct or indirect), and only where
  they consented.
- **Safety planning.** Needed for about one victim in ten, one in three for violence and
  sexual offences; not recorded for a few.
- **Support.** Victims who consent mostly get direct support, a referral or information;
  those who decline get information or nothing; those not contacted, nothing.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date, timedelta
from typing import Protocol, TypeVar

from yjqa.core.caseload import codes
from yjqa.core.caseload.victims import VictimRow

__all__ = ["SyntheticCaseLike", "generate_victims"]

# Chance that an outcome's offence has an identifiable victim, by outcome group.
VICTIM_CHANCE: Mapping[str, float] = {
    "prevention": 0.0,
    "bail_remand": 0.0,
    "out_of_court": 0.5,
    "court": 0.65,
    "custody": 0.8,
}
_VICTIMS_PER_OFFENCE = ((1, 0.80), (2, 0.15), (3, 0.05))
_CATEGORY_WEIGHTS: Mapping[str, Mapping[str, float]] = {
    "out_of_court": {
        "violence_against_the_person": 38,
        "theft": 20,
        "criminal_damage": 17,
        "public_order": 8,
        "burglary": 5,
        "robbery": 4,
        "sexual_offence": 2,
        "other": 6,
    },
    "court": {
        "violence_against_the_person": 42,
        "robbery": 14,
        "burglary": 10,
        "theft": 11,
        "criminal_damage": 9,
        "sexual_offence": 5,
        "public_order": 4,
        "other": 5,
    },
    "custody": {
        "violence_against_the_person": 50,
        "robbery": 28,
        "burglary": 8,
        "sexual_offence": 8,
        "other": 6,
    },
}
# Days from the offence to the outcome, by outcome group (court takes longer).
_DAYS_TO_OUTCOME: Mapping[str, tuple[int, int]] = {
    "out_of_court": (14, 90),
    "court": (30, 180),
    "custody": (45, 240),
}
CONTACTED_SHARE = 0.9
CONSENT_SHARES = ((True, 0.60), (False, 0.35), (None, 0.05))
RJ_OFFERED_SHARE = 0.75  # of those who consented
RJ_TOOK_PART_SHARE = 0.33  # of those offered
SAFETY_PLANNING_SHARE = 0.10
SAFETY_PLANNING_SHARE_HARMED = 0.33  # violence and sexual offences
_HARMED = frozenset({"violence_against_the_person", "sexual_offence"})
SAFETY_NOT_RECORDED_SHARE = 0.05
_SUPPORT: Mapping[bool | None, tuple[tuple[str, float], ...]] = {
    True: (
        ("direct_support", 0.35),
        ("referred", 0.25),
        ("information", 0.30),
        ("signposted", 0.1),
    ),
    False: (("information", 0.4), ("none", 0.6)),
    None: (("information", 0.5), ("none", 0.5)),
}


_T = TypeVar("_T")


class SyntheticCaseLike(Protocol):
    """What the generator reads of a children's caseload record."""

    @property
    def case_ref(self) -> str: ...
    @property
    def outcome(self) -> str: ...
    @property
    def outcome_date(self) -> date: ...


def _weighted(rng: random.Random, pairs: Sequence[tuple[_T, float]]) -> _T:
    return rng.choices([value for value, _ in pairs], [weight for _, weight in pairs])[0]


def generate_victims(
    cases: Sequence[SyntheticCaseLike],
    *,
    code: str,
    seed: int,
    as_of: date | None = None,
) -> tuple[VictimRow, ...]:
    """Invented victims of the offences behind `cases`, as victims' caseload rows.

    References are ``{code}-V00001`` on, in case order; each row's `row` is its place in a file
    written in that order (the header being row 1). With `as_of`, no date is after it: an
    offence after it has no victim yet, and a first contact after it has not happened (the
    victim is not yet contacted). The same arguments give the same victims.
    """
    if not code or not code.isalnum():
        raise ValueError(f"service code must be letters and digits, got {code!r}")
    rng = random.Random(f"yjqa.synthetic.victims:{seed}:{code}")
    victims: list[VictimRow] = []
    for case in cases:
        group = codes.outcome_group(case.outcome)
        if rng.random() >= VICTIM_CHANCE[group]:
            continue
        low, high = _DAYS_TO_OUTCOME[group]
        offence_date = case.outcome_date - timedelta(days=rng.randint(low, high))
        category = _weighted(rng, list(_CATEGORY_WEIGHTS[group].items()))
        for _ in range(_weighted(rng, _VICTIMS_PER_OFFENCE)):
            victim = _victim(rng, case, category, offence_date, as_of)
            if victim is None:
                continue
            number = len(victims) + 1
            victims.append(replace(victim, victim_ref=f"{code}-V{number:05d}", row=number + 1))
    return tuple(victims)


def _victim(
    rng: random.Random,
    case: SyntheticCaseLike,
    category: str,
    offence_date: date,
    as_of: date | None,
) -> VictimRow | None:
    """One victim of the case's offence (its reference still to be given), or None if the
    offence is after `as_of`."""
    if as_of is not None and offence_date > as_of:
        return None
    first_contact: date | None = None
    if rng.random() < CONTACTED_SHARE:
        # A few weeks after the offence, around the decision (before it for most diversions).
        latest = max(7, (case.outcome_date - offence_date).days + 28)
        first_contact = offence_date + timedelta(days=rng.randint(7, latest))
        if as_of is not None and first_contact > as_of:
            first_contact = None
    consent: bool | None = None
    offered: bool | None = None
    took_part: bool | None = None
    if first_contact is not None:
        consent = _weighted(rng, CONSENT_SHARES)
        if consent:
            offered = rng.random() < RJ_OFFERED_SHARE
            took_part = offered and rng.random() < RJ_TOOK_PART_SHARE
        elif consent is False:
            offered, took_part = False, False
    safety: bool | None = None
    if rng.random() >= SAFETY_NOT_RECORDED_SHARE:
        chance = SAFETY_PLANNING_SHARE_HARMED if category in _HARMED else SAFETY_PLANNING_SHARE
        safety = rng.random() < chance
    support = "none" if first_contact is None else _weighted(rng, _SUPPORT[consent])
    return VictimRow(
        victim_ref="",
        case_ref=case.case_ref,
        offence_category=category,
        offence_date=offence_date,
        first_contact_date=first_contact,
        consent_to_contact=consent,
        restorative_justice_offered=offered,
        restorative_justice_took_part=took_part,
        safety_planning_needed=safety,
        support_given=support,
    )
