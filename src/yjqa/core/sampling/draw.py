"""The balanced, seeded, replayable draw; balance, replacement and the whole sample."""

from __future__ import annotations

import hashlib
import random
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import pairwise
from operator import attrgetter
from typing import Any

from yjqa.core.caseload.reader import CaseloadRow
from yjqa.core.caseload.victims import VictimRow
from yjqa.core.sampling.sampling_plans import (
    _CATEGORY_ORDER,
    NOT_RECORDED,
    STRATIFY_FIELDS,
    VICTIM_STRATIFY_FIELDS,
    DomainPlan,
    SamplingPlan,
    children_of,
    eligible_cases,
    eligible_victims,
    licence_start,
    representative,
)
from yjqa.core.sampling.size import SampleSize, _round_up, plan_sample_size
from yjqa.core.validation.problems import InputError, Problem

# --- the balanced draw ------------------------------------------------------------------------

# Penalty weights (package docstring): a category more than one case from its share costs far
# more than any spread of squared deviations within one case, and more than two cases far more.
_OVER_ONE_WEIGHT = 1_000
_OVER_TWO_WEIGHT = 1_000_000
# Seeded perturbations tried when some category is still more than one case from its share.
_PERTURBATIONS = 40
_MAX_PERTURBATION_MOVES = 8


def _penalty(scaled: int, population: int) -> int:
    """The penalty of one category's deviation d, given as d * N (times N², exactly)."""
    size = abs(scaled)
    value = scaled * scaled
    if size > population:
        value += _OVER_ONE_WEIGHT * population * (size - population)
        if size > 2 * population:
            value += _OVER_TWO_WEIGHT * population * (size - 2 * population)
    return value


class _Allocation:
    """How many cases to take from each cell so every category is near its share.

    `deviation[g]` is (cases taken in category g) * N - n * (population of g): the deviation
    from the proportional share, times N, as an exact integer.
    """

    def __init__(
        self,
        cell_categories: Sequence[tuple[int, ...]],
        capacity: Sequence[int],
        category_population: Sequence[int],
        population: int,
        n: int,
        counts: list[int],
    ) -> None:
        self.cells = cell_categories
        self.capacity = capacity
        self.category_population = category_population
        self.population = population
        self.n = n
        self.reset(counts)

    def reset(self, counts: list[int]) -> None:
        self.counts = list(counts)
        self.deviation = [-self.n * size for size in self.category_population]
        for cell, count in enumerate(self.counts):
            for category in self.cells[cell]:
                self.deviation[category] += count * self.population

    def penalty(self) -> int:
        return sum(_penalty(d, self.population) for d in self.deviation)

    def worst(self) -> int:
        return max((abs(d) for d in self.deviation), default=0)

    def move(self, source: int, target: int) -> None:
        self.counts[source] -= 1
        self.counts[target] += 1
        for removed, added in zip(self.cells[source], self.cells[target], strict=True):
            if removed != added:
                self.deviation[removed] -= self.population
                self.deviation[added] += self.population

    def improve(self) -> None:
        """Make the best penalty-reducing move until none reduces it (a local optimum)."""
        big = self.population
        cells, counts, capacity = self.cells, self.counts, self.capacity
        while True:
            base = [_penalty(d, big) for d in self.deviation]
            remove = [_penalty(d - big, big) - p for d, p in zip(self.deviation, base, strict=True)]
            add = [_penalty(d + big, big) - p for d, p in zip(self.deviation, base, strict=True)]
            remove_bound = [min(0, r) for r in remove]
            add_bound = [min(0, a) for a in add]
            # A move's change is at least the sum of its negative parts: bounds to prune by.
            sources = sorted(
                (sum(remove_bound[g] for g in cells[j]), j)
                for j in range(len(cells))
                if counts[j] > 0
            )
            targets = sorted(
                (sum(add_bound[g] for g in cells[j]), j)
                for j in range(len(cells))
                if counts[j] < capacity[j]
            )
            if not sources or not targets:
                return
            lowest_target = targets[0][0]
            best, best_move = 0, (-1, -1)
            for source_bound, source in sources:
                if source_bound + lowest_target >= best:
                    break
                source_cell = cells[source]
                for target_bound, target in targets:
                    if source_bound + target_bound >= best:
                        break
                    if target == source:
                        continue
                    change = 0
                    for removed, added in zip(source_cell, cells[target], strict=True):
                        if removed != added:
                            change += remove[removed] + add[added]
                    if change < best:
                        best, best_move = change, (source, target)
            if best_move[0] < 0:
                return
            self.move(*best_move)

    def balance(self, seed: int, purpose: str) -> None:
        """Search from the current counts, then perturb while any category is > 1 case off."""
        self.improve()
        if self.worst() <= self.population:
            return
        best_counts, best_penalty = list(self.counts), self.penalty()
        taken_total = sum(self.counts)
        room_total = sum(self.capacity) - taken_total
        most = min(taken_total, room_total, _MAX_PERTURBATION_MOVES)
        if most < 1:
            return
        for attempt in range(_PERTURBATIONS):
            rng = random.Random(f"yjqa.sampling:{seed}:{purpose}:{attempt}")
            for _ in range(rng.randint(1, most)):
                source = self._pick(rng, self.counts)
                room = [c - k for c, k in zip(self.capacity, self.counts, strict=True)]
                room[source] = 0
                if not any(room):
                    break
                self.move(source, self._pick(rng, room))
            self.improve()
            penalty = self.penalty()
            if penalty < best_penalty:
                best_counts, best_penalty = list(self.counts), penalty
                if self.worst() <= self.population:
                    return
            else:
                self.reset(best_counts)

    @staticmethod
    def _pick(rng: random.Random, weights: Sequence[int]) -> int:
        """A cell with chance in proportion to its weight (a random case of those counted)."""
        point = rng.randrange(sum(weights))
        for cell, weight in enumerate(weights):
            if point < weight:
                return cell
            point -= weight
        raise AssertionError("unreachable")  # pragma: no cover


def balanced_draw(
    units: Sequence[tuple[str, tuple[str, ...]]], n: int, seed: int, reserve_size: int
) -> tuple[list[str], list[str]]:
    """A seeded sample of `n` case references balanced on each unit's categories, and a reserve.

    Each unit is (case_ref, its category on each stratification field); every unit has the
    same number of categories. Returns the sample and a reserve of up to `reserve_size`
    further cases (as many as remain), both in draw order. The same units in any order and
    the same seed give the same result.
    """
    ordered = sorted(units)
    total = len(ordered)
    if not 0 <= n <= total:
        raise ValueError(f"cannot draw {n} cases from {total}")
    if reserve_size < 0:
        raise ValueError(f"reserve size must not be negative, got {reserve_size}")
    if seed < 0:  # random.Random(-s) is random.Random(s): keep seeds distinct
        raise ValueError(f"the seed must be 0 or more, got {seed}")
    for (ref, categories), (next_ref, next_categories) in pairwise(ordered):
        if ref == next_ref:
            raise ValueError(f"case {ref} appears more than once")
        if len(categories) != len(next_categories):
            raise ValueError("every unit must have one category per stratification field")
    reserve_size = min(reserve_size, total - n)

    random.Random(seed).shuffle(ordered)
    rank = {ref: position for position, (ref, _) in enumerate(ordered)}

    # Cells (units with the same categories) and their members in shuffle order.
    category_ids: dict[tuple[int, str], int] = {}
    cell_of: dict[tuple[str, ...], int] = {}
    cell_categories: list[tuple[int, ...]] = []
    members: list[list[str]] = []
    for ref, categories in ordered:
        cell = cell_of.get(categories)
        if cell is None:
            cell = cell_of[categories] = len(members)
            cell_categories.append(
                tuple(
                    category_ids.setdefault((field, value), len(category_ids))
                    for field, value in enumerate(categories)
                )
            )
            members.append([])
        members[cell].append(ref)
    category_population = [0] * len(category_ids)
    for cell, refs in enumerate(members):
        for category in cell_categories[cell]:
            category_population[category] += len(refs)
    capacity = [len(refs) for refs in members]

    cell_of_ref = {ref: cell_of[categories] for ref, categories in ordered}

    def first_counts(refs: Iterable[str]) -> list[int]:
        counts = [0] * len(members)
        for ref in refs:
            counts[cell_of_ref[ref]] += 1
        return counts

    start = first_counts(ref for ref, _ in ordered[:n])
    sample = _Allocation(cell_categories, capacity, category_population, total, n, start)
    sample.balance(seed, "sample")
    chosen = [ref for cell, refs in enumerate(members) for ref in refs[: sample.counts[cell]]]
    chosen.sort(key=rank.__getitem__)

    taken = set(chosen)
    rest = [refs[sample.counts[cell] :] for cell, refs in enumerate(members)]
    remaining_in_order = (ref for ref, _ in ordered if ref not in taken)
    reserve_start = first_counts(
        ref for _, ref in zip(range(reserve_size), remaining_in_order, strict=False)
    )
    reserve = _Allocation(
        cell_categories,
        [len(refs) for refs in rest],
        category_population,
        total,
        reserve_size,
        reserve_start,
    )
    reserve.balance(seed, "reserve")
    spare = [ref for cell, refs in enumerate(rest) for ref in refs[: reserve.counts[cell]]]
    spare.sort(key=rank.__getitem__)
    return chosen, spare


# --- balance, replacement and the whole draw --------------------------------------------------


@dataclass(frozen=True)
class CategoryBalance:
    """One category of a stratification field: in the population, expected and sampled."""

    population: int
    expected: float  # the population share * the sample size
    sample: int


_CATEGORY_NAMES: Mapping[object, str] = {
    None: NOT_RECORDED,
    "": NOT_RECORDED,
    True: "yes",
    False: "no",
}


_FIELDS = frozenset(STRATIFY_FIELDS) | frozenset(VICTIM_STRATIFY_FIELDS)


def category_of(row: CaseloadRow | VictimRow, field: str) -> str:
    """A case's (or victim's) category on a stratification field: its code, yes/no, or
    `not_recorded`."""
    if field not in _FIELDS:
        raise KeyError(field)
    value = getattr(row, field)
    return _CATEGORY_NAMES.get(value) or str(value)


def _categories(fields: Sequence[str]) -> Callable[[Any], tuple[str, ...]]:
    """A fast `category_of` for several fields at once."""
    for field in fields:
        if field not in _FIELDS:
            raise KeyError(field)
    getters = [attrgetter(field) for field in fields]
    names = _CATEGORY_NAMES
    known: dict[tuple[object, ...], tuple[str, ...]] = {}  # few distinct value combinations

    def categories(row: Any) -> tuple[str, ...]:
        values = tuple([get(row) for get in getters])
        found = known.get(values)
        if found is None:
            found = known[values] = tuple(names.get(value) or str(value) for value in values)
        return found

    return categories


class StratifiedUnits(dict[str, tuple[str, ...]]):
    """Cases' categories by case reference, remembering the fields the categories are on."""

    def __init__(self, fields: Sequence[str]) -> None:
        super().__init__()
        self.fields: tuple[str, ...] = tuple(fields)


def units_by_ref(rows: Iterable[CaseloadRow], plan: SamplingPlan | DomainPlan) -> StratifiedUnits:
    """Each case's categories on the plan's stratification fields, by case reference.

    InputError if a case reference appears twice.
    """
    units = StratifiedUnits(plan.stratify_by)
    categories = _categories(plan.stratify_by)
    for row in rows:
        if row.case_ref in units:
            raise InputError([Problem("case_ref", f"case {row.case_ref} appears more than once")])
        units[row.case_ref] = categories(row)
    return units


def _category_key(field: str, category: str) -> tuple[int, str]:
    order = _CATEGORY_ORDER.get(field, ())
    if category in order:
        return order.index(category), ""
    return len(order) + (category == NOT_RECORDED), category


def balance_of(
    units_by_ref: Mapping[str, tuple[str, ...]],
    chosen_refs: Iterable[str],
    n: int | None = None,
    fields: Sequence[str] | None = None,
) -> dict[str, dict[str, CategoryBalance]]:
    """How far `chosen_refs` match the population `units_by_ref` on each field and category.

    `expected` is each category's population share * `n` (default: the number chosen).
    `fields` names the positions of the categories (default: the fields `units_by_ref`
    recorded, else "1", "2", ...); categories are listed in codes.py order.
    """
    chosen = list(chosen_refs)
    size = len(chosen) if n is None else n
    width = len(next(iter(units_by_ref.values()), ()))
    if fields is None:
        fields = getattr(units_by_ref, "fields", None)
    names = list(fields) if fields is not None else [str(i + 1) for i in range(width)]
    if len(names) != width:
        raise ValueError(f"{len(names)} field names for {width} categories per case")
    population: list[dict[str, int]] = [{} for _ in names]
    for categories in units_by_ref.values():
        for position, category in enumerate(categories):
            population[position][category] = population[position].get(category, 0) + 1
    sampled: list[dict[str, int]] = [{} for _ in names]
    for ref in chosen:
        for position, category in enumerate(units_by_ref[ref]):
            sampled[position][category] = sampled[position].get(category, 0) + 1
    total = len(units_by_ref)
    return {
        name: {
            category: CategoryBalance(
                count, size * count / total if total else 0.0, sampled[position].get(category, 0)
            )
            for category, count in sorted(
                population[position].items(), key=lambda item: _category_key(name, item[0])
            )
        }
        for position, name in enumerate(names)
    }


def worst_deviation(balance: Mapping[str, Mapping[str, CategoryBalance]]) -> float:
    """The largest |sampled - expected| over every category of every field (0 if none)."""
    return max(
        (abs(b.sample - b.expected) for field in balance.values() for b in field.values()),
        default=0.0,
    )


def best_replacement(
    sample_refs: Sequence[str],
    reserve_refs: Sequence[str],
    removed_ref: str,
    units_by_ref: Mapping[str, tuple[str, ...]],
) -> str | None:
    """The reserve case whose swap for `removed_ref` leaves the sample best balanced.

    `units_by_ref` is the whole eligible population (case_ref to its categories). Ties go to
    the case earliest in the reserve; None when no reserve case is left.
    """
    if removed_ref not in sample_refs:
        raise InputError([Problem("case", f"case {removed_ref} is not in the sample")])
    total, n = len(units_by_ref), len(sample_refs)
    population: dict[tuple[int, str], int] = {}
    for categories in units_by_ref.values():
        for key in enumerate(categories):
            population[key] = population.get(key, 0) + 1
    deviation = {key: -n * count for key, count in population.items()}
    for ref in sample_refs:
        if ref != removed_ref:
            for key in enumerate(units_by_ref[ref]):
                deviation[key] += total
    in_sample = set(sample_refs)
    best: tuple[int, str] | None = None
    for ref in reserve_refs:
        if ref in in_sample:
            continue
        change = sum(
            _penalty(deviation[key] + total, total) - _penalty(deviation[key], total)
            for key in enumerate(units_by_ref[ref])
        )
        if best is None or change < best[0]:
            best = (change, ref)
    return None if best is None else best[1]


@dataclass(frozen=True)
class Population:
    """A domain's eligible population as the draw sees it: one unit per case, child or victim.

    `units` are each unit's categories by its key (the case reference, the child (child
    reference, else case reference) or the victim reference); `records` the record drawn for
    each unit (the case itself, the child's representative case, or the victim).
    """

    plan: DomainPlan
    units: StratifiedUnits
    records: Mapping[str, str]
    fingerprint: str
    start: date
    end: date


def case_population(
    rows: Iterable[CaseloadRow], plan: SamplingPlan, domain: str, start: date, end: date
) -> Population:
    """The cases eligible for `domain` in the window, one unit each, or for a domain sampled
    by child, the children with an eligible record, each once (`representative`).

    InputError if a case reference appears twice.
    """
    settings = plan.for_domain(domain)
    eligible = eligible_cases(rows, plan, domain, start, end)
    cases = units_by_ref(eligible, settings)
    if settings.unit != "child":
        fingerprint = _fingerprint(eligible, settings.stratify_by, lambda row: cases[row.case_ref])
        return Population(settings, cases, {ref: ref for ref in cases}, fingerprint, start, end)
    units = StratifiedUnits(settings.stratify_by)
    records: dict[str, str] = {}
    by_child = children_of(eligible)
    for child, child_records in by_child.items():
        chosen = representative(child_records)
        units[child] = cases[chosen.case_ref]
        records[child] = chosen.case_ref
    fingerprint = _child_fingerprint(by_child, records, units, settings)
    return Population(settings, units, records, fingerprint, start, end)


def victim_population(
    rows: Iterable[VictimRow], plan: SamplingPlan, domain: str, start: date, end: date
) -> Population:
    """The victims eligible for `domain` (a victims' domain) in the window, one unit each.

    InputError if a victim reference appears twice.
    """
    settings = plan.for_domain(domain)
    eligible = eligible_victims(rows, plan, domain, start, end)
    categories = _categories(settings.stratify_by)
    units = StratifiedUnits(settings.stratify_by)
    for row in eligible:
        if row.victim_ref in units:
            raise InputError(
                [Problem("victim_ref", f"victim {row.victim_ref} appears more than once")]
            )
        units[row.victim_ref] = categories(row)
    digest = hashlib.sha256()
    digest.update(("yjqa-sample-victims 1\t" + "\t".join(settings.stratify_by) + "\n").encode())
    lines = sorted(
        "\t".join(
            (
                row.victim_ref,
                *units[row.victim_ref],
                row.case_ref,
                row.offence_category,
                row.offence_date.isoformat(),
                row.first_contact_date.isoformat() if row.first_contact_date else "",
            )
        )
        + "\n"
        for row in eligible
    )
    digest.update("".join(lines).encode())
    return Population(settings, units, {ref: ref for ref in units}, digest.hexdigest(), start, end)


@dataclass(frozen=True)
class Sample:
    """A drawn sample: the cases, the reserve, the balance achieved and how to replay it.

    `cases` and `reserve` are the references of the records drawn: case references, each
    child's representative case in a sample by child, or victim references in a victims'
    sample. `units` and `reserve_units` are what was drawn, in the same order: the children
    in a sample by child, else the same references.
    """

    plan_id: str
    domain: str
    seed: int
    fingerprint: str  # sha256 of the eligible population (population_fingerprint)
    size: SampleSize
    cases: tuple[str, ...]  # in draw order
    reserve: tuple[str, ...]  # in the order to use them
    balance: dict[str, dict[str, CategoryBalance]]
    unit: str = "case"  # case, child or victim
    units: tuple[str, ...] = ()
    reserve_units: tuple[str, ...] = ()


def population_fingerprint(rows: Iterable[CaseloadRow], fields: Sequence[str]) -> str:
    """sha256 (hex) of the cases' references, categories on `fields`, outcomes and dates.

    Any change to the eligible population, or to what the sample is balanced on, changes it.
    """
    categories = _categories(fields)
    return _fingerprint(rows, fields, lambda row: categories(row))


def _case_line(row: CaseloadRow) -> tuple[str, ...]:
    begins = licence_start(row)
    return (
        row.outcome,
        row.outcome_date.isoformat(),
        row.end_date.isoformat() if row.end_date else "",
        begins.isoformat() if begins else "",
    )


def _fingerprint(
    rows: Iterable[CaseloadRow],
    fields: Sequence[str],
    categories: Callable[[CaseloadRow], tuple[str, ...]],
) -> str:
    digest = hashlib.sha256()
    digest.update(("yjqa-sample-population 1\t" + "\t".join(fields) + "\n").encode())
    lines = ["\t".join((row.case_ref, *categories(row), *_case_line(row))) + "\n" for row in rows]
    lines.sort()  # by case reference first: no reference contains a tab
    digest.update("".join(lines).encode())
    return digest.hexdigest()


def _child_fingerprint(
    by_child: Mapping[str, Sequence[CaseloadRow]],
    records: Mapping[str, str],
    units: Mapping[str, tuple[str, ...]],
    settings: DomainPlan,
) -> str:
    """As `_fingerprint`, by child: each child's categories, representative and every
    eligible record, so a changed child reference changes it too."""
    digest = hashlib.sha256()
    digest.update(("yjqa-sample-children 1\t" + "\t".join(settings.stratify_by) + "\n").encode())
    lines = sorted(
        "\t".join((child, *units[child], records[child]))
        + "".join("\t" + "\t".join((row.case_ref, *_case_line(row))) for row in child_records)
        + "\n"
        for child, child_records in by_child.items()
    )
    digest.update("".join(lines).encode())
    return digest.hexdigest()


def reserve_size_for(plan: SamplingPlan | DomainPlan, sample_size: int, population: int) -> int:
    """max(3, ceil(reserve_share * sample size)), limited to the cases not sampled."""
    wanted = max(3, _round_up(plan.reserve_share * sample_size))
    return max(0, min(wanted, population - sample_size))


def draw_sample(
    rows: Sequence[CaseloadRow],
    plan: SamplingPlan,
    domain: str,
    start: date,
    end: date,
    seed: int,
    fixed_size: int | None = None,
) -> Sample:
    """Draw the sample (and reserve) for `domain` from the cases eligible in the window, by
    case or, where the plan samples the domain by child, by child."""
    _check_seed(seed)
    return draw_from(case_population(rows, plan, domain, start, end), seed, fixed_size)


def draw_victims_sample(
    rows: Sequence[VictimRow],
    plan: SamplingPlan,
    start: date,
    end: date,
    seed: int,
    fixed_size: int | None = None,
    domain: str = "victims",
) -> Sample:
    """Draw the victims' sample (and reserve) from the victims eligible in the window."""
    _check_seed(seed)
    return draw_from(victim_population(rows, plan, domain, start, end), seed, fixed_size)


def _check_seed(seed: int) -> None:
    if seed < 0:
        raise InputError([Problem("seed", f"must be a whole number, 0 or more, got {seed}")])


def draw_from(population: Population, seed: int, fixed_size: int | None = None) -> Sample:
    """The balanced, seeded draw of a population: sample, reserve, balance, fingerprint."""
    _check_seed(seed)
    plan, units = population.plan, population.units
    if not units:
        raise InputError(
            [
                Problem(
                    "window",
                    f"no eligible {plan.noun} in the window for {plan.domain} "
                    f"({population.start.isoformat()} to {population.end.isoformat()})",
                )
            ]
        )
    size = plan_sample_size(plan, len(units), fixed_size)
    n = size.sample_size
    keys, reserve = balanced_draw(
        list(units.items()), n, seed, reserve_size_for(plan, n, len(units))
    )
    records = population.records
    return Sample(
        plan_id=plan.id,
        domain=plan.domain,
        seed=seed,
        fingerprint=population.fingerprint,
        size=size,
        cases=tuple(records[key] for key in keys),
        reserve=tuple(records[key] for key in reserve),
        balance=balance_of(units, keys, n),
        unit=plan.unit,
        units=tuple(keys),
        reserve_units=tuple(reserve),
    )


def sample_as_dict(sample: Sample) -> dict[str, Any]:
    """The sample as JSON-ready data (expected shares rounded to 2 decimal places).

    `cases` and `reserve` are case references (victim references for a victims' sample);
    a sample by child also lists its `children` and `reserve_children` in the same order.
    """
    data: dict[str, Any] = {
        "population": sample.size.population,
        "sample_size": sample.size.sample_size,
        "seed": sample.seed,
        "balance": {
            field: {
                category: {
                    "population": b.population,
                    "expected": round(b.expected, 2),
                    "sample": b.sample,
                }
                for category, b in categories.items()
            }
            for field, categories in sample.balance.items()
        },
        "cases": list(sample.cases),
        "reserve": list(sample.reserve),
        "plan": sample.plan_id,
        "domain": sample.domain,
        "unit": sample.unit,
        "fingerprint": sample.fingerprint,
        "working": list(sample.size.working),
    }
    if sample.unit == "child":
        data["children"] = list(sample.units)
        data["reserve_children"] = list(sample.reserve_units)
    return data
