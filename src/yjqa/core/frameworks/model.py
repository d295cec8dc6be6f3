"""The inspection framework as data: domains, standards, key questions, prompts, rating rules.

A framework may also say which broad areas its reports rate (`areas`, each over domains) and
the kinds of inspection it is used for (`inspection_types`, each rating some areas), with the
rules that rate an area from its standards and the overall rating from the areas.

Frameworks are authored in YAML (see docs/framework-format.md) and validated into these
immutable models. Everything the rating engine needs to know about bands, points and
thresholds lives here, in the framework version, never in code.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from fractions import Fraction
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from yjqa.core.validation.problems import InputError, Problem, format_path

NOT_RATED = "Not rated"

Rounding = Literal["half_up", "half_even", "none"]
CombineMethod = Literal["lower_median", "lead"]
StandardKind = Literal["case", "judgement"]
# `community` and `secure` are the national standards' own populations: community sentences
# (with the community part of a custodial one), and children in custody or on remand to it.
Population = Literal[
    "court", "community", "secure", "out_of_court", "resettlement", "victims", "children"
]

_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class Strand(_Frozen):
    """A line of work that key questions follow across standards (e.g. desistance)."""

    id: str = Field(pattern=_ID_PATTERN, description="Stable identifier, e.g. `desistance`.")
    title: str = Field(min_length=1, description="Name shown to people.")


class Prompt(_Frozen):
    """A detailed point an inspector weighs before answering a key question."""

    id: str = Field(pattern=_ID_PATTERN, description="Stable identifier, e.g. `2.1.1.a`.")
    text: str = Field(min_length=1, description="The prompt's wording.")
    provisional: bool = Field(
        default=False,
        description="True where the wording is known in substance but is not the verbatim text.",
    )


class KeyQuestion(_Frozen):
    """A question answered Yes, No or Not applicable for each case (or by judgement)."""

    id: str = Field(pattern=_ID_PATTERN, description="Stable identifier, e.g. `2.1.1`.")
    text: str = Field(min_length=1, description="The key question's wording, verbatim.")
    strand: str | None = Field(
        default=None, description="Id of one of the framework's `strands`, if it follows one."
    )
    provisional: bool = Field(
        default=False, description="True where the wording is not known verbatim."
    )
    prompts: tuple[Prompt, ...] = Field(default=(), description="The key question's prompts.")


class Standard(_Frozen):
    """A standard: rated from case answers (`case`) or by the inspector (`judgement`)."""

    id: str = Field(pattern=_ID_PATTERN, description="Stable identifier, e.g. `2.1`.")
    title: str = Field(min_length=1, description="Short title, e.g. `Assessment`.")
    headline: str = Field(min_length=1, description="The standard's headline statement.")
    kind: StandardKind = Field(
        description="`case`: rated from the lowest key-question figure; "
        "`judgement`: rating recorded by the inspector from evidence."
    )
    counts_towards_overall: bool = Field(
        default=True, description="Whether its points count towards the score and overall rating."
    )
    may_be_not_rated: bool = Field(
        default=False,
        description="Whether it may be left `Not rated` (e.g. no relevant cases in the period). "
        "Only for standards that do not count towards the overall rating.",
    )
    note: str | None = Field(
        default=None, description="Footnote printed with its rating, e.g. why it does not count."
    )
    key_questions: tuple[KeyQuestion, ...] = Field(
        default=(), description="Key questions, in the order reports print them."
    )
    provisional: bool = Field(
        default=False,
        description="True where the title or headline is not known verbatim.",
    )


class Domain(_Frozen):
    """A group of standards, e.g. `2 Court disposals`."""

    id: str = Field(pattern=_ID_PATTERN, description="Stable identifier, e.g. `2`.")
    title: str = Field(min_length=1, description="Title, e.g. `Court disposals`.")
    population: Population | None = Field(
        default=None,
        description="Which cases its case standards are assessed on "
        "(`court`, `community`, `secure`, `out_of_court`, `resettlement`, `victims`, "
        "`children`); "
        "empty for organisational domains.",
    )
    standards: tuple[Standard, ...] = Field(min_length=1, description="The domain's standards.")


class Band(_Frozen):
    """A rating band for a key-question percentage, inclusive of both ends."""

    rating: str = Field(min_length=1, description="Rating word, e.g. `Good`.")
    min: int = Field(ge=0, le=100, description="Lowest whole percentage in the band.")
    max: int = Field(ge=0, le=100, description="Highest whole percentage in the band.")
    points: int = Field(ge=0, description="Points a standard with this rating scores.")


class OverallBand(_Frozen):
    """A band of the total score that gives the overall rating, inclusive of both ends."""

    rating: str = Field(min_length=1, description="Overall rating word.")
    min_score: int = Field(ge=0, description="Lowest score in the band.")
    max_score: int = Field(ge=0, description="Highest score in the band.")


class CertaintyRules(_Frozen):
    """When yjqa says how sure a case standard's rating is, and when it calls it borderline."""

    min_cases: int = Field(
        default=5,
        ge=1,
        description="Fewest cases answering a standard for its chances to be given; below it "
        "yjqa says there are too few cases to say how sure.",
    )
    borderline_if_rating_below: float = Field(
        default=0.5,
        gt=0,
        le=1,
        description="A rating is borderline when its own chance is under this.",
    )
    borderline_if_neighbour_above: float = Field(
        default=0.3,
        ge=0,
        lt=1,
        description="A rating is also borderline when a neighbouring band (one above or "
        "below it) has a chance over this.",
    )


class RatingRules(_Frozen):
    """How figures become ratings, ratings become points, and the score an overall rating."""

    rounding: Rounding = Field(
        default="half_up",
        description="How a percentage is rounded to a whole number before banding: "
        "`half_up` (published practice), `half_even`, or `none` (band the exact value).",
    )
    bands: tuple[Band, ...] = Field(
        min_length=1,
        description="Percentage bands, best first; together they cover 0 to 100 "
        "without overlap or gap.",
    )
    overall: tuple[OverallBand, ...] = Field(
        default=(),
        description="Score bands, best first; together they cover 0 to the maximum score. "
        "Required unless the framework has `inspection_types`, whose `overall_rule` then "
        "gives the overall rating (and there is no score).",
    )
    certainty: CertaintyRules = Field(
        default_factory=CertaintyRules,
        description="How sure a rating is: the fewest cases for chances, and the borderline "
        "rule (docs/how-sure.md).",
    )


class CombineRule(_Frozen):
    """How one rating follows from several: an area's from its standards, or the overall
    rating from the areas an inspection type rates."""

    method: CombineMethod = Field(
        default="lower_median",
        description="`lower_median`: the middle rating, and of the middle two the lower, so "
        "the rating more than half share whenever there is one; `lead`: the `lead` member's "
        "rating, one band lower when another member is `lower_when_behind_by` bands or more "
        "below it.",
    )
    lead: str | None = Field(
        default=None,
        description="With `lead`: the id of the member that carries the rating "
        "(a standard for an area's rule, an area for an overall rule).",
    )
    lower_when_behind_by: int | None = Field(
        default=None,
        ge=1,
        description="With `lead`: how many bands below the lead another member must be to "
        "lower the rating by one band; omit to let the lead alone decide.",
    )
    provisional: bool = Field(
        default=False,
        description="True where the inspectorate has not published the rule: a default.",
    )
    description: str | None = Field(
        default=None, description="The rule and its reasoning, in words."
    )


class Area(_Frozen):
    """A broad area an inspection rates, e.g. work with children: one or more domains."""

    id: str = Field(
        pattern=_ID_PATTERN, description="Stable identifier, e.g. `work_with_children`."
    )
    title: str = Field(min_length=1, description="Name shown to people, e.g. `Work with children`.")
    domains: tuple[str, ...] = Field(
        min_length=1, description="Ids of the domains it covers; a domain is in one area only."
    )
    rule: CombineRule = Field(
        default=CombineRule(),
        description="How the area's rating follows from the ratings of its domains' standards "
        "that count towards the overall rating.",
    )
    provisional: bool = Field(
        default=False, description="True where the title is not known verbatim."
    )


class InspectionType(_Frozen):
    """A kind of inspection the framework is used for, and the areas it rates."""

    id: str = Field(pattern=_ID_PATTERN, description="Stable identifier, e.g. `full`.")
    title: str = Field(
        min_length=1,
        description="The report's title, with `{service}` where the service's name goes, e.g. "
        "`An inspection of youth justice services in {service}`.",
    )
    areas: tuple[str, ...] = Field(
        min_length=1, description="Ids of the framework's `areas` it rates, in report order."
    )
    overall_rule: CombineRule = Field(
        default=CombineRule(),
        description="How the overall rating follows from the ratings of its areas.",
    )
    provisional: bool = Field(
        default=False, description="True where the title is not known verbatim."
    )

    def title_for(self, service: str) -> str:
        return self.title.replace("{service}", service)


def _exact_fraction(value: object) -> object:
    """A proportion written `0.9`, `'3/4'` or `1`, kept exact (0.9, not its binary float)."""
    if isinstance(value, float):
        return Fraction(str(value))
    return value


ProportionValue = Annotated[Fraction, BeforeValidator(_exact_fraction)]


class ProportionBand(_Frozen):
    """Words for the proportions of cases from one point up to where the band above starts."""

    words: str = Field(min_length=1, description="The proportion in words, e.g. `three-quarters`.")
    phrase: str | None = Field(
        default=None,
        description="How a sentence says it of cases, e.g. `three-quarters of cases`; "
        "`{words} cases` when left out.",
    )
    at_least: ProportionValue | None = Field(
        default=None,
        ge=0,
        le=1,
        description="The band starts at this proportion, which it includes (e.g. `'3/4'`).",
    )
    above: ProportionValue | None = Field(
        default=None,
        ge=0,
        le=1,
        description="The band starts just above this proportion, which it leaves out.",
    )

    @property
    def start(self) -> Fraction:
        value = self.at_least if self.at_least is not None else self.above
        return value if value is not None else Fraction(0)

    @property
    def start_key(self) -> tuple[Fraction, int]:
        """Order of starts: just above x comes after (higher than) at least x."""
        return (self.start, 1 if self.above is not None else 0)

    def said(self) -> str:
        return self.phrase or f"{self.words} cases"


class AllBut(_Frozen):
    """Words for all the cases but a few, where there are enough cases for them to fit."""

    short: int = Field(ge=1, description="How many cases short of all, e.g. `2`.")
    min_cases: int = Field(
        ge=2, description="Used only where at least this many cases were answered."
    )
    words: str = Field(min_length=1, description="The words, e.g. `all but two`.")
    phrase: str | None = Field(
        default=None,
        description="How a sentence says it, e.g. `all but one case`; `{words} cases` when "
        "left out.",
    )

    def said(self) -> str:
        return self.phrase or f"{self.words} cases"


class ProportionWords(_Frozen):
    """How an unrated framework's findings say a proportion of cases in words."""

    all_but: tuple[AllBut, ...] = Field(
        default=(),
        description="Checked first: all the cases but `short` of them, e.g. all but one.",
    )
    bands: tuple[ProportionBand, ...] = Field(
        min_length=1,
        description="Highest first; each band runs from its start up to where the band above "
        "it starts; the lowest starts `at_least: 0`, so together they cover 0 to 1.",
    )


class Framework(_Frozen):
    """One version of an inspection framework."""

    id: str = Field(pattern=_ID_PATTERN, description="Stable identifier, e.g. `hmip-youth-2021`.")
    title: str = Field(min_length=1, description="Full title.")
    version: str = Field(min_length=1, description="Version label, e.g. `2021`.")
    valid_from: date = Field(description="First date on which inspections used it.")
    valid_to: date | None = Field(default=None, description="Last date of use, if superseded.")
    publisher: str | None = Field(default=None, description="Who publishes it, e.g. `HMIP`.")
    description: str | None = Field(default=None, description="What it is for, in a sentence.")
    source: str | None = Field(default=None, description="Where its wording was taken from.")
    strands: tuple[Strand, ...] = Field(default=(), description="Strands key questions follow.")
    domains: tuple[Domain, ...] = Field(min_length=1, description="The framework's domains.")
    areas: tuple[Area, ...] = Field(
        default=(),
        description="The broad areas its reports rate, each over one or more domains.",
    )
    inspection_types: tuple[InspectionType, ...] = Field(
        default=(),
        description="The kinds of inspection it is used for, each rating some of the areas; "
        "the first is the default.",
    )
    rating_rules: RatingRules | None = Field(
        default=None,
        description="How standards and the overall rating are rated; "
        "omit for an unrated framework (every standard is then `Not rated`).",
    )
    proportion_words: ProportionWords | None = Field(
        default=None,
        description="How its findings put a proportion of cases in words (`three-quarters`, "
        "`all but two`); for unrated frameworks, whose findings are proportions.",
    )

    @model_validator(mode="after")
    def _check_consistency(self) -> Framework:
        problems = list(_consistency_problems(self))
        if problems:
            # Not a ValueError: pydantic would fold it into one message without the paths.
            raise InputError(problems)
        return self

    @property
    def rated(self) -> bool:
        return self.rating_rules is not None

    def iter_standards(self) -> Iterator[Standard]:
        for domain in self.domains:
            yield from domain.standards

    def standard(self, standard_id: str) -> Standard:
        for standard in self.iter_standards():
            if standard.id == standard_id:
                return standard
        raise KeyError(standard_id)

    def domain(self, domain_id: str) -> Domain:
        for domain in self.domains:
            if domain.id == domain_id:
                return domain
        raise KeyError(domain_id)

    def key_question(self, key_question_id: str) -> tuple[Standard, KeyQuestion]:
        for standard in self.iter_standards():
            for question in standard.key_questions:
                if question.id == key_question_id:
                    return standard, question
        raise KeyError(key_question_id)

    def area(self, area_id: str) -> Area:
        for area in self.areas:
            if area.id == area_id:
                return area
        raise KeyError(area_id)

    def inspection_type(self, type_id: str | None = None) -> InspectionType | None:
        """The inspection type with this id, the first one for None, or None if it has none.

        Raises KeyError for an id the framework does not define.
        """
        if type_id is None:
            return self.inspection_types[0] if self.inspection_types else None
        for kind in self.inspection_types:
            if kind.id == type_id:
                return kind
        raise KeyError(type_id)

    def areas_for(self, type_id: str | None = None) -> tuple[Area, ...]:
        """The areas an inspection type rates (every area when the framework has no types)."""
        kind = self.inspection_type(type_id)
        if kind is None:
            return self.areas
        return tuple(self.area(a) for a in kind.areas)

    def domains_for(self, type_id: str | None = None) -> tuple[Domain, ...]:
        """The domains an inspection type rates, in framework order (all without types)."""
        kind = self.inspection_type(type_id)
        if kind is None:
            return self.domains
        wanted = {d for area in self.areas_for(kind.id) for d in area.domains}
        return tuple(d for d in self.domains if d.id in wanted)

    def standards_for(self, type_id: str | None = None) -> Iterator[Standard]:
        for domain in self.domains_for(type_id):
            yield from domain.standards

    def max_score(self) -> int | None:
        if self.rating_rules is None or not self.rating_rules.overall:
            return None
        top = max(band.points for band in self.rating_rules.bands)
        return top * sum(1 for s in self.iter_standards() if s.counts_towards_overall)

    def rating_words(self) -> tuple[str, ...]:
        if self.rating_rules is None:
            return (NOT_RATED,)
        return tuple(band.rating for band in self.rating_rules.bands)


def _consistency_problems(fw: Framework) -> Iterator[Problem]:
    """Rules that span fields: unique ids, case standards with questions, contiguous bands."""
    seen: dict[str, str] = {}

    def unique(kind: str, ident: str, loc: tuple[str | int, ...]) -> Iterator[Problem]:
        # Standards, key questions and prompts share one namespace: answers and reports
        # refer to any of them by id alone.
        namespace = kind if kind in {"strand", "domain"} else "item"
        key = f"{namespace}:{ident}"
        path = format_path(loc)
        if key in seen:
            yield Problem(path, f"duplicate {kind} id '{ident}' (first used at {seen[key]})")
        else:
            seen[key] = path

    if fw.valid_to is not None and fw.valid_to < fw.valid_from:
        yield Problem("valid_to", f"ends ({fw.valid_to}) before it starts ({fw.valid_from})")
    strand_ids = {s.id for s in fw.strands}
    for i, strand in enumerate(fw.strands):
        yield from unique("strand", strand.id, ("strands", i, "id"))
    for d, domain in enumerate(fw.domains):
        yield from unique("domain", domain.id, ("domains", d, "id"))
        for s, standard in enumerate(domain.standards):
            sloc: tuple[str | int, ...] = ("domains", d, "standards", s)
            yield from unique("standard", standard.id, (*sloc, "id"))
            if standard.kind == "case" and not standard.key_questions:
                yield Problem(
                    format_path((*sloc, "key_questions")),
                    f"case standard '{standard.id}' has no key questions to rate it by",
                )
            if standard.may_be_not_rated and standard.counts_towards_overall:
                yield Problem(
                    format_path((*sloc, "may_be_not_rated")),
                    f"standard '{standard.id}' counts towards the overall rating, "
                    "so it must always be rated",
                )
            for q, question in enumerate(standard.key_questions):
                qloc = (*sloc, "key_questions", q)
                yield from unique("key question", question.id, (*qloc, "id"))
                if question.strand is not None and question.strand not in strand_ids:
                    yield Problem(
                        format_path((*qloc, "strand")),
                        f"unknown strand '{question.strand}' "
                        f"(the framework's strands: {', '.join(sorted(strand_ids)) or 'none'})",
                    )
                for p, prompt in enumerate(question.prompts):
                    yield from unique("prompt", prompt.id, (*qloc, "prompts", p, "id"))
    yield from _area_problems(fw)
    if fw.proportion_words is not None:
        yield from _proportion_problems(fw.proportion_words)
    if fw.rating_rules is not None:
        yield from _rules_problems(fw.rating_rules, fw.max_score() or 0)
        if fw.inspection_types and fw.rating_rules.overall:
            yield Problem(
                format_path(("rating_rules", "overall")),
                "a framework with inspection_types gives the overall rating by each type's "
                "overall_rule: leave out the score bands",
            )
        if not fw.inspection_types and not fw.rating_rules.overall:
            yield Problem(
                format_path(("rating_rules", "overall")),
                "required: score bands for the overall rating "
                "(or inspection_types, each with an overall_rule)",
            )
    elif fw.inspection_types:
        yield Problem(
            "inspection_types",
            "a framework with inspection_types rates areas, so it needs rating_rules",
        )


def _area_problems(fw: Framework) -> Iterator[Problem]:
    """Areas name domains, inspection types name areas, rules name their members."""
    domain_ids = [d.id for d in fw.domains]
    area_ids = [a.id for a in fw.areas]
    placed: dict[str, str] = {}
    for a, area in enumerate(fw.areas):
        aloc: tuple[str | int, ...] = ("areas", a)
        if area.id in area_ids[:a]:
            yield Problem(
                format_path((*aloc, "id")),
                f"duplicate area id '{area.id}' (first used at "
                f"{format_path(('areas', area_ids.index(area.id), 'id'))})",
            )
        for i, domain_id in enumerate(area.domains):
            where = format_path((*aloc, "domains", i))
            if domain_id not in domain_ids:
                yield Problem(
                    where,
                    f"unknown domain '{domain_id}' "
                    f"(the framework's domains: {', '.join(domain_ids)})",
                )
            elif domain_id in placed:
                yield Problem(
                    where, f"domain '{domain_id}' is already in area '{placed[domain_id]}'"
                )
            else:
                placed[domain_id] = area.id
        members = [s.id for d in fw.domains if d.id in area.domains for s in d.standards]
        yield from _rule_problems(area.rule, members, "standard", (*aloc, "rule"))
    if fw.inspection_types and fw.areas:
        for d, domain_id in enumerate(domain_ids):
            if domain_id not in placed:
                yield Problem(
                    format_path(("domains", d, "id")),
                    f"domain '{domain_id}' is in no area, so no inspection type rates it",
                )
    type_ids = [t.id for t in fw.inspection_types]
    for t, kind in enumerate(fw.inspection_types):
        tloc: tuple[str | int, ...] = ("inspection_types", t)
        if kind.id in type_ids[:t]:
            yield Problem(
                format_path((*tloc, "id")),
                f"duplicate inspection type id '{kind.id}' (first used at "
                f"{format_path(('inspection_types', type_ids.index(kind.id), 'id'))})",
            )
        for i, area_id in enumerate(kind.areas):
            where = format_path((*tloc, "areas", i))
            if area_id not in area_ids:
                yield Problem(
                    where,
                    f"unknown area '{area_id}' "
                    f"(the framework's areas: {', '.join(area_ids) or 'none'})",
                )
            elif area_id in kind.areas[:i]:
                yield Problem(where, f"area '{area_id}' is listed twice")
        yield from _rule_problems(
            kind.overall_rule, list(kind.areas), "area", (*tloc, "overall_rule")
        )


def _rule_problems(
    rule: CombineRule, members: list[str], what: str, loc: tuple[str | int, ...]
) -> Iterator[Problem]:
    if rule.method == "lead":
        if rule.lead is None:
            yield Problem(
                format_path((*loc, "lead")), f"required with method lead: the {what} that leads"
            )
        elif rule.lead not in members:
            yield Problem(
                format_path((*loc, "lead")),
                f"unknown {what} '{rule.lead}' (it rates: {', '.join(members) or 'nothing'})",
            )
    else:
        for name in ("lead", "lower_when_behind_by"):
            if getattr(rule, name) is not None:
                yield Problem(
                    format_path((*loc, name)), f"only with method lead, not {rule.method}"
                )


def _rules_problems(rules: RatingRules, max_score: int) -> Iterator[Problem]:
    yield from _range_problems(
        [(b.min, b.max) for b in rules.bands], 0, 100, ("rating_rules", "bands"), "percentage"
    )
    if rules.overall:
        yield from _range_problems(
            [(b.min_score, b.max_score) for b in rules.overall],
            0,
            max_score,
            ("rating_rules", "overall"),
            "score",
        )
    for part, bands in (("bands", rules.bands), ("overall", rules.overall)):
        words = [b.rating for b in bands]
        for i, word in enumerate(words):
            place = format_path(("rating_rules", part, i, "rating"))
            if word in words[:i]:
                yield Problem(place, f"duplicate rating '{word}'")
            if word.casefold() == NOT_RATED.casefold():
                yield Problem(place, f"'{NOT_RATED}' is reserved for standards left unrated")
    points = [b.points for b in rules.bands]
    if points != sorted(points, reverse=True):
        yield Problem(
            format_path(("rating_rules", "bands")),
            "a better band must never score fewer points than a worse one",
        )


def _range_problems(
    ranges: list[tuple[int, int]],
    low: int,
    high: int,
    loc: tuple[str, ...],
    what: str,
) -> Iterator[Problem]:
    """Bands are listed best first and must tile low..high exactly."""
    for i, (lo, hi) in enumerate(ranges):
        if lo > hi:
            yield Problem(format_path((*loc, i)), f"band runs backwards ({lo} to {hi})")
    ordered = sorted(enumerate(ranges), key=lambda item: item[1][0])
    if [i for i, _ in ordered] != list(range(len(ranges)))[::-1]:
        yield Problem(format_path(loc), "bands must be listed best (highest) first")
    expected = low
    for i, (lo, hi) in ordered:
        if lo > expected:
            yield Problem(
                format_path((*loc, i)), f"gap: no band covers {what} {expected} to {lo - 1}"
            )
        elif lo < expected:
            yield Problem(
                format_path((*loc, i)), f"overlap: {what} {lo} to {expected - 1} is in two bands"
            )
        expected = max(expected, hi + 1)
    if expected <= high:
        yield Problem(format_path(loc), f"gap: no band covers {what} {expected} to {high}")
    elif expected > high + 1:
        yield Problem(
            format_path(loc), f"bands run past the maximum {what} of {high} (to {expected - 1})"
        )


def _proportion_problems(table: ProportionWords) -> Iterator[Problem]:
    """Each band names one start; starts fall from the first band to the last, which starts
    at 0 inclusive; the first band reaches 1; all-but rules are one per shortfall."""
    loc = ("proportion_words", "bands")
    for i, band in enumerate(table.bands):
        if (band.at_least is None) == (band.above is None):
            yield Problem(
                format_path((*loc, i)), "give the band's start as one of at_least or above"
            )
    bands = [b for b in table.bands if (b.at_least is None) != (b.above is None)]
    if len(bands) != len(table.bands):
        return
    for i in range(1, len(bands)):
        if bands[i].start_key >= bands[i - 1].start_key:
            yield Problem(
                format_path((*loc, i)),
                f"bands must be listed highest first: this one starts at "
                f"{_start_text(bands[i])}, not below {_start_text(bands[i - 1])}, "
                "so the band above it would cover nothing",
            )
    if bands[0].above is not None and bands[0].above == 1:
        yield Problem(format_path((*loc, 0)), "no proportion is above 1: the band covers nothing")
    last = bands[-1]
    if last.at_least != 0:
        yield Problem(
            format_path((*loc, len(bands) - 1)),
            f"gap: no band covers 0 (the lowest band starts {_start_text(last)}; "
            "start it at_least: 0)",
        )
    seen: dict[int, int] = {}
    for i, rule in enumerate(table.all_but):
        where = format_path(("proportion_words", "all_but", i, "short"))
        if rule.short in seen:
            yield Problem(
                where, f"two rules for all but {rule.short} (first at {seen[rule.short]})"
            )
        else:
            seen[rule.short] = i
        if rule.min_cases <= rule.short:
            yield Problem(
                format_path(("proportion_words", "all_but", i, "min_cases")),
                f"all but {rule.short} needs more than {rule.short} cases",
            )


def _start_text(band: ProportionBand) -> str:
    value = band.start
    shown = str(value) if value.denominator != 1 else str(value.numerator)
    return f"above {shown}" if band.above is not None else f"at {shown}"
