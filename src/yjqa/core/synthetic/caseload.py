"""Synthetic youth justice caseloads: invented children, outcomes and staff, never real data.

Case records are special-category personal data (DOMAIN.md section 8), so yjqa develops, tests
and demonstrates against records made up here. Nothing is drawn from a real person: references
are pseudonymous counters (``NS-000123``, ``NS-P00042``), staff names are combinations of a
fixed list of invented first and last names, and dates of birth are random.

The generator is seeded (`random.Random`), so the same arguments always give the same service,
and uses only the standard library. One caseload row (`SyntheticCase`) is one outcome for one
child; a child with several outcomes keeps the same ``person_ref``, which is also the record's
``child_ref`` (the caseload's child reference) when the child has more than one record, and
empty otherwise, as a service's export would give it.

Where the figures come from (approximate, and deliberately simple):

- **Volume and mix.** Westmorland and Furness YJS delivered 182 disposals in April 2024 to
  March 2025: 53 prevention, 81 out-of-court (OOCD) and 46 statutory orders (seed 003, section 4).
  The same plan reports four custodial sentences that year, two of them passed when the child
  was already an adult and moved to Probation, so about two custodial outcomes a year stay with
  the YJS. The default weights are therefore 53 prevention; 81 OOCD split 34 community
  resolutions, 20 Outcome 22, 15 youth cautions and 12 youth conditional cautions (community
  resolutions the largest share, and fewer youth cautions as seed 003 reports); 46 court
  community orders split 30 referral orders and 16 youth rehabilitation orders; and 2 custodial
  (1.7 detention and training orders, 0.3 long-term detention) - 182 in all. Each service
  jitters each weight by up to 25%, so services differ.
- **Sex.** Girls were 27% of the 182 children in 2023-24 (seed 000, diversity) and 21% of the
  2024-25 cohort (seed 003, against a national 15%). Girls are likelier in prevention and
  out-of-court work than in court or custody; in aggregate about 24% of records are girls, with
  about 1% `other` and 1.5% `unknown`.
- **Age.** Children are 10-17 on each outcome date, skewed to 14-17 and oldest in custody
  (national youth justice statistics show most cautioned or sentenced children are 15-17).
  Seed 003 gives an average age of 14.8 for girls.
- **Ethnicity.** Mostly White with Black, Mixed, Asian and Other minorities and a few `unknown`.
  Each service has its own White share between 60% and 93% (seed 000: 94% of the Westmorland
  and Furness cohort White British or White European; more diverse urban services are lower);
  the minority share splits roughly 35% Black, 32% Mixed, 23% Asian and 10% Other, reflecting
  the over-representation of Black and Mixed children nationally.
- **Needs.** About 12-13% of records are looked-after children (seed 000 and 003 report 247-260
  cared-for children in a 10-17 population of 19,137, heavily over-represented in youth justice)
  and about 27% have special educational needs or disabilities (seed 000: 28% of the 2023-24
  cohort had an EHCP). Both are likelier for children in court and custody.
- **Assessment.** Risk of serious harm (RoSH) and safety and wellbeing are mostly low or medium
  in prevention and out-of-court work and heavier in court and custody work; `very_high` is rare.
  Likelihood of reoffending is None for prevention, where there is no offence outcome (DOMAIN.md
  section 1), and heavier for court and custody.
- **Repeat outcomes.** Some children have several outcomes, in date order and never lighter
  than the one before (prevention, then diversion, then a court order, then custody), so repeat
  children escalate. Custodial and court outcomes are likeliest to belong to a child already
  known, reflecting seed 003: every child sentenced to custody had a history with the YJS.
- **Bail and remand.** Before some court and custodial sentences the child was on bail
  supervision and support, remanded to local authority accommodation or remanded to youth
  detention accommodation: about 8 such records a year for the 182 disposals (before roughly
  one in eight referral orders, one in three youth rehabilitation orders and seven in ten
  custodial sentences, less those too early in the window; remand to youth detention mostly
  before custody). Deliberately approximate; they
  show the 2025 framework's sampling of a child across all their work. Each starts 2 to 17
  weeks before the sentence (after the child's previous outcome and inside the window) and
  ends on the sentence date. They come on top of `outcomes_per_year` (which counts disposals)
  (`bail_and_remand=False` leaves them out) and are drawn from their own seeded stream after
  the disposals, so the disposals, their case
  references and everything drawn from them are the same as without them; their case
  references continue the service's numbering after the last disposal.
- **Durations.** Prevention 2-6 months; community resolutions and youth cautions often no
  intervention (end date = outcome date) or a short voluntary one; Outcome 22 and youth
  conditional cautions up to about 16 weeks; referral orders 3-12 months; YROs 6-24 months;
  DTOs one of the statutory terms 4, 6, 8, 10, 12, 18 or 24 months; long-term detention 2-6
  years. A case still running at the end of the generated window is open (``end_date`` None).
- **Population and staff.** The 10-17 population scales with the caseload (seed 003: 19,137
  children for 182 outcomes, about 105 per outcome, varied by up to 35% per service); each
  service has 8-12 case managers, and a repeat outcome usually stays with the child's manager.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from yjqa.core.caseload import codes
from yjqa.core.caseload.codes import age_on
from yjqa.core.frameworks.model import Domain

__all__ = [
    "SyntheticCase",
    "SyntheticService",
    "age_on",
    "generate_service",
    "generate_services",
]

DEFAULT_YEAR_START = date(2025, 4, 1)
DEFAULT_OUTCOMES_PER_YEAR = 182

# Outcomes in one typical service's year (module docstring: seed 003, section 4).
OUTCOME_WEIGHTS: Mapping[str, float] = {
    "prevention": 53,
    "community_resolution": 34,
    "outcome_22": 20,
    "youth_caution": 15,
    "youth_conditional_caution": 12,
    "referral_order": 30,
    "youth_rehabilitation_order": 16,
    "detention_and_training_order": 1.7,
    "long_term_detention": 0.3,
}
_MIX_JITTER = 0.25

# Lightest to heaviest, as codes.OUTCOME lists them.
_SEVERITY: Mapping[str, int] = {code: rank for rank, code in enumerate(codes.OUTCOME)}

_AGES = tuple(range(10, 18))
# Relative weights for ages 10..17 on a child's first outcome, by outcome group.
_AGE_WEIGHTS: Mapping[str, tuple[float, ...]] = {
    "prevention": (3, 5, 9, 13, 17, 19, 18, 16),
    "out_of_court": (1, 2, 5, 10, 16, 21, 22, 23),
    "court": (0.2, 0.5, 2, 6, 13, 21, 27, 30),
    "custody": (0, 0, 0.5, 2, 8, 20, 30, 40),
}

# Chance that a child is a girl, by the group of their first outcome; `other` and `unknown`
# are fixed small shares.
_FEMALE_SHARE: Mapping[str, float] = {
    "prevention": 0.27,
    "out_of_court": 0.25,
    "court": 0.15,
    "custody": 0.07,
}
_OTHER_SEX_SHARE = 0.01
_UNKNOWN_SEX_SHARE = 0.015

_WHITE_SHARE_RANGE = (0.60, 0.93)
_UNKNOWN_ETHNICITY_SHARE = 0.03
_MINORITY_SPLIT: Mapping[str, float] = {"black": 0.35, "mixed": 0.32, "asian": 0.23, "other": 0.10}

_LOOKED_AFTER_SHARE: Mapping[str, float] = {
    "prevention": 0.11,
    "out_of_court": 0.11,
    "court": 0.17,
    "custody": 0.35,
}
_SEND_SHARE: Mapping[str, float] = {
    "prevention": 0.27,
    "out_of_court": 0.26,
    "court": 0.31,
    "custody": 0.40,
}

_RISK_LEVELS = tuple(codes.RISK_LEVEL)  # low, medium, high, very_high
_ROSH_WEIGHTS: Mapping[str, tuple[float, ...]] = {
    "prevention": (0.80, 0.18, 0.02, 0.0),
    "out_of_court": (0.70, 0.26, 0.04, 0.0),
    "court": (0.35, 0.45, 0.18, 0.02),
    "custody": (0.05, 0.35, 0.50, 0.10),
    "bail_remand": (0.20, 0.45, 0.30, 0.05),
}
_SAFETY_WEIGHTS: Mapping[str, tuple[float, ...]] = {
    "prevention": (0.55, 0.37, 0.08, 0.0),
    "out_of_court": (0.45, 0.42, 0.12, 0.01),
    "court": (0.25, 0.45, 0.26, 0.04),
    "custody": (0.05, 0.35, 0.48, 0.12),
    "bail_remand": (0.15, 0.40, 0.35, 0.10),
}
# A looked-after child's safety and wellbeing is raised one level this often.
_LOOKED_AFTER_SAFETY_BUMP = 0.3

_LIKELIHOODS = tuple(codes.LIKELIHOOD)  # low, medium, high
_LIKELIHOOD_WEIGHTS: Mapping[str, tuple[float, ...]] = {
    "out_of_court": (0.50, 0.40, 0.10),
    "court": (0.20, 0.50, 0.30),
    "custody": (0.05, 0.35, 0.60),
    "bail_remand": (0.10, 0.45, 0.45),
}

# Bail and remand before a sentence (module docstring): the chance a sentence had one, and
# which, by the sentence.
_BAIL_REMAND_CHANCE: Mapping[str, float] = {
    "referral_order": 0.12,
    "youth_rehabilitation_order": 0.35,
    "detention_and_training_order": 0.7,
    "long_term_detention": 0.7,
}
_BAIL_REMAND_KINDS = ("bail_supervision", "remand_community", "remand_youth_detention")
_BAIL_REMAND_WEIGHTS: Mapping[str, tuple[float, ...]] = {
    "referral_order": (0.85, 0.10, 0.05),
    "youth_rehabilitation_order": (0.70, 0.20, 0.10),
    "detention_and_training_order": (0.25, 0.15, 0.60),
    "long_term_detention": (0.25, 0.15, 0.60),
}
_BAIL_REMAND_DAYS = (14, 120)  # before the sentence

# Chance that an outcome belongs to a child the service already knows, by outcome group.
_REPEAT_CHANCE: Mapping[str, float] = {
    "prevention": 0.03,
    "out_of_court": 0.12,
    "court": 0.35,
    "custody": 0.85,
}
_REPEAT_TRIES = 8
_MIN_DAYS_BETWEEN_OUTCOMES = 28
_SAME_MANAGER_CHANCE = 0.8

_DTO_MONTHS = (4, 6, 8, 10, 12, 18, 24)

_POPULATION_PER_OUTCOME = 105  # seed 003: 19,137 children aged 10-17, 182 outcomes
_POPULATION_JITTER = 0.35
_TEAM_SIZE = (8, 12)

# Invented staff names: any resemblance to a real person is chance.
_FIRST_NAMES = (
    "Alex", "Amira", "Beth", "Callum", "Dana", "Dev", "Eilidh", "Femi", "Gareth", "Hana",
    "Imran", "Jess", "Kieran", "Leah", "Marcus", "Nadia", "Owen", "Priya", "Rhys", "Sadie",
    "Tariq", "Una", "Vikram", "Wren", "Yasmin", "Zach", "Bronwen", "Chidi", "Erin", "Lowri",
)  # fmt: skip
_LAST_NAMES = (
    "Ashdown", "Brackley", "Carrow", "Dunmore", "Ellery", "Fenwick", "Garside", "Hollins",
    "Ibbotson", "Jarrold", "Kettering", "Lydgate", "Marchbank", "Northcott", "Oakridge",
    "Pellow", "Quarrie", "Redfern", "Sallis", "Thwaite", "Underhill", "Varley", "Whitlock",
    "Yelland", "Amberley", "Birtles", "Cresswell", "Dinsdale", "Eskdale", "Follett",
)  # fmt: skip


@dataclass(frozen=True)
class SyntheticCase:
    """One outcome for one invented child: a caseload row."""

    case_ref: str
    person_ref: str
    sex: str
    ethnicity: str
    date_of_birth: date
    outcome: str
    outcome_date: date
    end_date: date | None
    rosh: str
    safety_wellbeing: str
    likelihood_of_reoffending: str | None
    case_manager: str
    looked_after: bool
    send: bool
    # The caseload's child reference: person_ref when the child has more than one record.
    child_ref: str = ""


@dataclass(frozen=True)
class SyntheticService:
    """An invented youth justice service with its caseload, in outcome-date order."""

    name: str
    code: str
    population_10_17: int
    case_managers: tuple[str, ...]
    cases: tuple[SyntheticCase, ...]


def _add_months(start: date, months: int) -> date:
    """The same day `months` later, or the month's last day if it has no such day."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    for day in (start.day, 30, 29, 28):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


@dataclass
class _Child:
    """A child's fixed characteristics and their latest outcome, while generating."""

    index: int
    sex: str
    ethnicity: str
    date_of_birth: date
    looked_after: bool
    send: bool
    case_manager: str
    last_outcome: str
    last_date: date


def _pick(rng: random.Random, options: Sequence[str], weights: Sequence[float]) -> str:
    return rng.choices(options, weights)[0]


def _team(rng: random.Random) -> tuple[str, ...]:
    size = rng.randint(*_TEAM_SIZE)
    firsts = rng.sample(_FIRST_NAMES, size)
    lasts = rng.sample(_LAST_NAMES, size)
    return tuple(sorted(f"{first} {last}" for first, last in zip(firsts, lasts, strict=True)))


def _date_of_birth(rng: random.Random, age: int, on: date) -> date:
    """A random date of birth making the child exactly `age` on `on`."""
    # The latest is `age` years before `on` (28 or 29 February for a 29 February `on`).
    if (on.month, on.day) == (2, 29):
        latest = date(on.year - age, 3, 1) - timedelta(days=1)
    else:
        latest = on.replace(year=on.year - age)
    earliest = _add_months(latest, -12) + timedelta(days=1)
    dob = earliest + timedelta(days=rng.randint(0, (latest - earliest).days))
    assert age_on(dob, on) == age
    return dob


def _duration_end(rng: random.Random, outcome: str, start: date) -> date:
    """When an outcome's intervention or sentence ends (module docstring, Durations)."""
    if outcome == "prevention":
        return start + timedelta(days=rng.randint(60, 183))
    if outcome in ("community_resolution", "youth_caution"):
        if rng.random() < 0.5:
            return start
        return start + timedelta(days=rng.randint(14, 84))
    if outcome in ("outcome_22", "youth_conditional_caution"):
        return start + timedelta(days=rng.randint(28, 112))
    if outcome == "referral_order":
        return _add_months(start, rng.randint(3, 12))
    if outcome == "youth_rehabilitation_order":
        return _add_months(start, rng.randint(6, 24))
    if outcome == "detention_and_training_order":
        return _add_months(start, rng.choice(_DTO_MONTHS))
    if outcome == "long_term_detention":
        return _add_months(start, rng.randint(24, 72))
    raise KeyError(outcome)


def _heavier_or_equal(outcome: str, previous: str) -> bool:
    """Whether `outcome` may follow `previous` for one child (repeat outcomes escalate)."""
    if outcome == "prevention":
        return False  # prevention is a first contact, not a repeat
    return _SEVERITY[outcome] >= _SEVERITY[previous]


def _existing_child(
    rng: random.Random, children: Sequence[_Child], outcome: str, on: date
) -> _Child | None:
    """A known child who could plausibly receive `outcome` on `on`, or None for a new child."""
    if not children or rng.random() >= _REPEAT_CHANCE[codes.outcome_group(outcome)]:
        return None
    for _ in range(_REPEAT_TRIES):
        child = rng.choice(children)
        if (
            _heavier_or_equal(outcome, child.last_outcome)
            and (on - child.last_date).days >= _MIN_DAYS_BETWEEN_OUTCOMES
            and age_on(child.date_of_birth, on) <= 17
        ):
            return child
    return None


def _new_child(
    rng: random.Random,
    index: int,
    outcome: str,
    on: date,
    white_share: float,
    team: Sequence[str],
) -> _Child:
    group = codes.outcome_group(outcome)
    female = _FEMALE_SHARE[group]
    sex = _pick(
        rng,
        ("female", "other", "unknown", "male"),
        (
            female,
            _OTHER_SEX_SHARE,
            _UNKNOWN_SEX_SHARE,
            1 - female - _OTHER_SEX_SHARE - _UNKNOWN_SEX_SHARE,
        ),
    )
    minority = 1 - white_share - _UNKNOWN_ETHNICITY_SHARE
    ethnicities = ("white", "unknown", *_MINORITY_SPLIT)
    ethnicity_weights = (
        white_share,
        _UNKNOWN_ETHNICITY_SHARE,
        *(minority * share for share in _MINORITY_SPLIT.values()),
    )
    return _Child(
        index=index,
        sex=sex,
        ethnicity=_pick(rng, ethnicities, ethnicity_weights),
        date_of_birth=_date_of_birth(rng, _pick_age(rng, group), on),
        looked_after=rng.random() < _LOOKED_AFTER_SHARE[group],
        send=rng.random() < _SEND_SHARE[group],
        case_manager=rng.choice(team),
        last_outcome=outcome,
        last_date=on,
    )


def _pick_age(rng: random.Random, group: str) -> int:
    return rng.choices(_AGES, _AGE_WEIGHTS[group])[0]


def _assessment(
    rng: random.Random, outcome: str, looked_after: bool
) -> tuple[str, str, str | None]:
    """RoSH, safety and wellbeing, and likelihood of reoffending for one outcome."""
    group = codes.outcome_group(outcome)
    rosh = _pick(rng, _RISK_LEVELS, _ROSH_WEIGHTS[group])
    safety_level = _RISK_LEVELS.index(_pick(rng, _RISK_LEVELS, _SAFETY_WEIGHTS[group]))
    if looked_after and rng.random() < _LOOKED_AFTER_SAFETY_BUMP:
        safety_level = min(safety_level + 1, len(_RISK_LEVELS) - 1)
    likelihood = (
        None if group == "prevention" else _pick(rng, _LIKELIHOODS, _LIKELIHOOD_WEIGHTS[group])
    )
    return rosh, _RISK_LEVELS[safety_level], likelihood


def generate_service(
    name: str,
    code: str,
    *,
    seed: int,
    year_start: date = DEFAULT_YEAR_START,
    outcomes_per_year: int = DEFAULT_OUTCOMES_PER_YEAR,
    years: int = 1,
    bail_and_remand: bool = True,
) -> SyntheticService:
    """An invented service with `outcomes_per_year` disposals in each of `years` years, and
    (unless `bail_and_remand` is False) some bail and remand records before sentences.

    The window runs from `year_start` for `years` years; every outcome date falls inside it,
    and a case still running at its end is open. The same arguments give the same service.
    """
    if not code or not code.isalnum():
        raise ValueError(f"service code must be letters and digits, got {code!r}")
    if outcomes_per_year < 0:
        raise ValueError(f"outcomes_per_year must not be negative, got {outcomes_per_year}")
    if years < 1:
        raise ValueError(f"years must be at least 1, got {years}")

    rng = random.Random(f"yjqa.synthetic:{seed}:{code}:{name}")
    window_end = _add_months(year_start, 12 * years) - timedelta(days=1)
    window_days = (window_end - year_start).days

    team = _team(rng)
    population = round(
        outcomes_per_year
        * _POPULATION_PER_OUTCOME
        * rng.uniform(1 - _POPULATION_JITTER, 1 + _POPULATION_JITTER)
    )
    white_share = rng.uniform(*_WHITE_SHARE_RANGE)
    mix = list(OUTCOME_WEIGHTS)
    mix_weights = [
        weight * rng.uniform(1 - _MIX_JITTER, 1 + _MIX_JITTER)
        for weight in OUTCOME_WEIGHTS.values()
    ]

    total = outcomes_per_year * years
    planned = sorted(
        (year_start + timedelta(days=rng.randint(0, window_days)), _SEVERITY[outcome], outcome)
        for outcome in rng.choices(mix, mix_weights, k=total)
    )

    children: list[_Child] = []
    cases: list[SyntheticCase] = []
    for number, (on, _, outcome) in enumerate(planned, start=1):
        child = _existing_child(rng, children, outcome, on)
        if child is None:
            child = _new_child(rng, len(children) + 1, outcome, on, white_share, team)
            children.append(child)
        else:
            child.last_outcome, child.last_date = outcome, on
            if rng.random() >= _SAME_MANAGER_CHANCE:
                child.case_manager = rng.choice(team)
        rosh, safety, likelihood = _assessment(rng, outcome, child.looked_after)
        end = _duration_end(rng, outcome, on)
        cases.append(
            SyntheticCase(
                case_ref=f"{code}-{number:06d}",
                person_ref=f"{code}-P{child.index:05d}",
                sex=child.sex,
                ethnicity=child.ethnicity,
                date_of_birth=child.date_of_birth,
                outcome=outcome,
                outcome_date=on,
                end_date=end if end <= window_end else None,
                rosh=rosh,
                safety_wellbeing=safety,
                likelihood_of_reoffending=likelihood,
                case_manager=child.case_manager,
                looked_after=child.looked_after,
                send=child.send,
            )
        )
    if bail_and_remand:
        cases.extend(
            _bail_and_remand(
                random.Random(f"yjqa.synthetic.bail:{seed}:{code}:{name}"),
                cases,
                code,
                year_start,
                {child.index: child.looked_after for child in children},
            )
        )
    cases.sort(key=lambda case: case.outcome_date)  # stable: disposals keep their order
    records = Counter(case.person_ref for case in cases)
    return SyntheticService(
        name=name,
        code=code,
        population_10_17=population,
        case_managers=team,
        cases=tuple(
            replace(case, child_ref=case.person_ref) if records[case.person_ref] > 1 else case
            for case in cases
        ),
    )


def _bail_and_remand(
    rng: random.Random,
    disposals: Sequence[SyntheticCase],
    code: str,
    year_start: date,
    looked_after: Mapping[int, bool],
) -> list[SyntheticCase]:
    """Bail and remand records before some sentences (module docstring), numbered on from
    the disposals in date order."""
    previous: dict[str, date] = {}
    found: list[SyntheticCase] = []
    for case in disposals:  # in outcome-date order
        before = previous.get(case.person_ref)
        previous[case.person_ref] = case.outcome_date
        chance = _BAIL_REMAND_CHANCE.get(case.outcome)
        if chance is None or rng.random() >= chance:
            continue
        kind = _pick(rng, _BAIL_REMAND_KINDS, _BAIL_REMAND_WEIGHTS[case.outcome])
        on = case.outcome_date - timedelta(days=rng.randint(*_BAIL_REMAND_DAYS))
        if on < year_start or (before is not None and on <= before):
            continue
        if age_on(case.date_of_birth, on) < 10:
            continue
        index = int(case.person_ref.rsplit("-P", 1)[1])
        rosh, safety, likelihood = _assessment(rng, kind, looked_after[index])
        found.append(
            replace(
                case,
                outcome=kind,
                outcome_date=on,
                end_date=case.outcome_date,  # until sentence
                rosh=rosh,
                safety_wellbeing=safety,
                likelihood_of_reoffending=likelihood,
            )
        )
    found.sort(key=lambda case: case.outcome_date)
    return [
        replace(case, case_ref=f"{code}-{len(disposals) + number:06d}")
        for number, case in enumerate(found, start=1)
    ]


def generate_services(
    count: int,
    *,
    seed: int,
    year_start: date = DEFAULT_YEAR_START,
    outcomes_per_year: int = DEFAULT_OUTCOMES_PER_YEAR,
    years: int = 1,
    bail_and_remand: bool = True,
) -> list[SyntheticService]:
    """`count` invented services, "Service 001 YJS" with code "S001" and so on."""
    if count < 0:
        raise ValueError(f"count must not be negative, got {count}")
    width = max(3, len(str(count)))
    return [
        generate_service(
            f"Service {number:0{width}d} YJS",
            f"S{number:0{width}d}",
            seed=seed,
            year_start=year_start,
            outcomes_per_year=outcomes_per_year,
            years=years,
            bail_and_remand=bail_and_remand,
        )
        for number in range(1, count + 1)
    ]


def synthetic_audit_answers(
    domain: Domain, *, seed: int, case_ref: str, strand_quality: Mapping[str, float]
) -> dict[str, str]:
    """Invented Yes / No / Not applicable answers to a domain's case key questions.

    `strand_quality` is the chance of a Yes on each strand (a demo service's strengths and
    weaknesses); key questions on no listed strand use 0.75. Safety strands are sometimes
    not applicable, as in real samples where a child poses little risk.
    """
    rng = random.Random(f"{seed}:{case_ref}")
    answers: dict[str, str] = {}
    for standard in domain.standards:
        if standard.kind != "case":
            continue
        for question in standard.key_questions:
            strand = question.strand or ""
            if strand.endswith("safety") and rng.random() < 0.1:
                answers[question.id] = "n/a"
            else:
                yes = rng.random() < strand_quality.get(strand, 0.75)
                answers[question.id] = "yes" if yes else "no"
    return answers
