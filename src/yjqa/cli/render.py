"""Rich renderings of frameworks and ratings for the terminal."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING

from rich.console import RenderableType
from rich.markup import escape
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

if TYPE_CHECKING:  # types only: the rating and sampling modules load numpy and scipy
    from yjqa.core.frameworks.model import Framework
    from yjqa.core.rating.rules import FrameworkRating
    from yjqa.core.rating.uncertainty import Interval, StandardUncertainty
    from yjqa.core.sampling.draw import Sample


def framework_tree(framework: Framework) -> Tree:
    tree = Tree(Text(f"{framework.id}: {framework.title}", style="bold"))
    for kind in framework.inspection_types:
        areas = ", ".join(framework.area(a).title for a in kind.areas)
        tree.add(Text(f"Inspection type {kind.id}: {kind.title} (rates {areas})"))
    for area in framework.areas:
        mark = " [provisional rule]" if area.rule.provisional else ""
        tree.add(Text(f"Area {area.id}: {area.title} (domains {', '.join(area.domains)}){mark}"))
    for domain in framework.domains:
        branch = tree.add(Text(f"{domain.id}. {domain.title}", style="bold"))
        for standard in domain.standards:
            flags: list[str] = [standard.kind]
            if not standard.counts_towards_overall:
                flags.append("does not count")
            node = branch.add(
                Text(f"{standard.id} {standard.title} ({', '.join(flags)})", style="bold")
            )
            node.add(Text(standard.headline, style="italic"))
            for question in standard.key_questions:
                mark = " [provisional]" if question.provisional else ""
                qnode = node.add(Text(f"{question.id} {question.text}{mark}"))
                for prompt in question.prompts:
                    pmark = " [provisional]" if prompt.provisional else ""
                    qnode.add(Text(f"{prompt.id} {prompt.text}{pmark}", style="dim"))
    return tree


def rating_tables(
    rating: FrameworkRating,
    framework: Framework,
    uncertainty: Mapping[str, StandardUncertainty] | None = None,
    overall_probability: Mapping[str, float] | None = None,
) -> Iterator[RenderableType]:
    from yjqa.core.rating.outputs import (
        UNCERTAINTY_NOTE,
        footnotes,
        how_sure_text,
        interval_text,
        next_band_text,
        overall_chances_text,
        percent,
        rated_domains,
        rating_heading,
    )

    uncertainty = uncertainty or {}
    marks = footnotes(framework)
    table = Table(
        title=escape(rating_heading(rating, framework)), show_header=True, header_style="bold"
    )
    table.add_column("Standard")
    table.add_column("Rating")
    if rating.score is not None:
        table.add_row("Score", f"{rating.score}/{rating.max_score}", style="bold")
        table.add_row("Overall rating", rating.overall, style="bold", end_section=True)
    elif rating.inspection_type is not None:
        table.add_row(
            "Overall rating",
            rating.overall or "Not rated yet",
            style="bold",
            end_section=not rating.areas,
        )
    for index, (area_id, area_rating) in enumerate(rating.areas.items()):
        last = index == len(rating.areas) - 1
        table.add_row(f"{framework.area(area_id).title}", area_rating, end_section=last)
    for domain in rated_domains(rating, framework):
        table.add_row(Text(f"{domain.id}. {domain.title}", style="bold"), "")
        for standard in domain.standards:
            mark = f" ({marks[standard.id]})" if standard.id in marks else ""
            table.add_row(
                f"{standard.id} {standard.title}{mark}", rating.standard(standard.id).rating
            )
    yield table
    if overall_probability:
        yield Text(overall_chances_text(overall_probability), style="bold")
    for standard_id, number in marks.items():
        yield Text(f"({number}) {framework.standard(standard_id).note}", style="dim")
    for result in rating.standards:
        standard = framework.standard(result.standard_id)
        if standard.kind != "case":
            continue
        title = f"{standard.id} {standard.title}: {result.rating}"
        if result.cases is not None:
            title += f" ({result.cases} cases)"
        kq_table = Table(title=escape(title), show_header=True, header_style="bold")
        kq_table.add_column("Key question")
        kq_table.add_column("% Yes", justify="right")
        sure = uncertainty.get(standard.id)
        intervals: dict[str, Interval | None] = {}
        if sure is not None:
            kq_table.add_column("95% interval", justify="right")
            intervals = {s.key_question_id: s.ci95 for s in sure.key_question_stats}
        for kq in result.key_questions:
            _, question = framework.key_question(kq.key_question_id)
            style = "bold" if kq.shown is not None and kq.shown == result.lowest else ""
            cells: list[RenderableType] = [
                f"{question.id} {question.text}",
                Text(percent(kq.shown), style=style),
            ]
            if sure is not None:
                cells.append(interval_text(intervals.get(kq.key_question_id)))
            kq_table.add_row(*cells)
        yield kq_table
        if sure is not None:
            yield Text(how_sure_text(result.rating, sure))
            if sure.next_band is not None:
                yield Text(next_band_text(sure.next_band))
    if uncertainty:
        yield Text(" ".join(UNCERTAINTY_NOTE).replace("_", ""), style="dim")


def sample_tables(sample: Sample) -> Iterator[RenderableType]:
    for line in sample.size.working:
        yield Text(line)
    what = {"child": "children", "victim": "victims"}.get(sample.unit, f"{sample.domain} cases")
    yield Text(
        f"Sample of {len(sample.cases)} from {sample.size.population} eligible {what} "
        f"(plan {sample.plan_id}, seed {sample.seed})",
        style="bold",
    )
    balance = Table("Variable", "Category", "Population", "Expected", "Sample", title="Balance")
    for variable, categories in sample.balance.items():
        for category, row in categories.items():
            balance.add_row(
                variable, category, str(row.population), f"{row.expected:.1f}", str(row.sample)
            )
    yield balance
    if sample.unit == "child":  # each child by the case that stands for them
        yield Text(
            "Sample (child: case): "
            + ", ".join(f"{c}: {r}" for c, r in zip(sample.units, sample.cases, strict=True))
        )
        yield Text(
            "Reserve, in order: "
            + ", ".join(
                f"{c}: {r}" for c, r in zip(sample.reserve_units, sample.reserve, strict=True)
            )
        )
        return
    yield Text("Sample: " + ", ".join(sample.cases))
    yield Text("Reserve, in order: " + ", ".join(sample.reserve))
