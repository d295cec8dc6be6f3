"""Small numbers: figures from fewer than 5 children are hidden, and so is anything that would
let one work a hidden figure out (docs/indicators.md, "Small numbers")."""

from __future__ import annotations

from typing import Any

from yjqa.core.indicators.suppression import (
    COMPLEMENTARY_TEXT,
    SMALL_TEXT,
    THRESHOLD,
    Suppressed,
    as_written,
    is_suppressed,
    plain,
    protect,
    suppress_figures,
    suppress_one,
)

SMALL = Suppressed("small")
NOT_SHOWN = Suppressed("complementary")


def fraction(numerator: int, denominator: int) -> dict[str, Any]:
    percent = round(100 * numerator / denominator, 4) if denominator else None
    return {"numerator": numerator, "denominator": denominator, "percent": percent}


def group(cohort: int, population: int, *, rate_ratio: float | None = 1.0) -> dict[str, Any]:
    return {
        "cohort": cohort,
        "cohort_share": 10.0,
        "population": population,
        "population_share": 10.0,
        "gap_pp": 0.0,
        "rate_per_1000": 1.0,
        "rate_ratio": rate_ratio,
        "ci95": [0.5, 2.0] if rate_ratio else None,
        "over_represented": False,
    }


def figures(
    *,
    fte: int = 20,
    custody: int = 8,
    cohort: int = 40,
    reoffenders: int = 12,
    quarters: list[tuple[int, int]] | None = None,
    ethnicity: dict[str, tuple[int, int]] | None = None,
    kpi: tuple[int, int] = (18, 20),
) -> dict[str, Any]:
    """One service's figures for a period, in the engine's shape (docs/indicators.md)."""
    rows = ethnicity or {"white": (30, 9000), "black": (10, 1000)}
    return {
        "fte": {"count": fte, "population": 10000, "rate_per_100k": fte * 10.0},
        "reoffending": {
            "cohort": cohort,
            "reoffenders": reoffenders,
            "binary_rate": 100 * reoffenders / cohort if cohort else None,
            "reoffences": reoffenders * 2,
            "per_reoffender": 2.0 if reoffenders else None,
            "per_offender": 2 * reoffenders / cohort if cohort else None,
            "quarters": [
                {"from": f"q{i}", "to": f"q{i}", "cohort": c, "reoffenders": r, "reoffences": 2 * r}
                for i, (c, r) in enumerate(quarters or [(cohort, reoffenders)])
            ],
        },
        "custody": {"count": custody, "population": 10000, "rate_per_1000": custody / 10},
        "kpis": {
            "accommodation": fraction(*kpi),
            "oocd_completed": {"count": 7},
            "board_attendance": None,
            "serious_violence": {"count": 3, "population": 10000, "rate_per_10k": 3.0},
            "victims": {**fraction(9, 10), "rj_offered": fraction(2, 9)},
        },
        "disproportionality": {
            "outcomes": {
                "ethnicity": {code: group(c, p) for code, (c, p) in rows.items()},
            }
        },
    }


# --- The rule on its own -------------------------------------------------------------------


def test_the_threshold_is_five_as_in_the_surveys() -> None:
    from yjqa.core.surveys.definitions import SUPPRESSION_THRESHOLD

    assert THRESHOLD == SUPPRESSION_THRESHOLD == 5


def test_a_count_below_five_is_hidden_and_five_is_shown() -> None:
    hidden = protect({"a": 4, "b": 5, "c": 0, "d": 100}, [])
    assert hidden == {"a": "small", "c": "small"}


def test_a_single_small_cell_in_a_group_takes_the_next_smallest_with_it() -> None:
    # 3 + 6 + 40 = 49 is shown as a total: hiding 3 alone would leave 49 - 6 - 40 = 3.
    hidden = protect({"a": 3, "b": 6, "c": 40}, [["a", "b", "c"]])
    assert hidden == {"a": "small", "b": "complementary"}


def test_a_group_never_has_one_hidden_cell_alone() -> None:
    # 7 hidden for another reason would still be 47 - 40.
    assert protect({"a": 7, "b": 40}, [["a", "b"]]) == {}
    cells = {"a": 2, "b": 7, "c": 40, "d": 9}
    hidden = protect(cells, [["a", "b"], ["b", "c", "d"]])
    assert hidden == {"a": "small", "b": "complementary", "d": "complementary"}


def test_hidden_cells_holding_five_or_more_together_need_no_more_hiding() -> None:
    hidden = protect({"a": 3, "b": 4, "c": 40}, [["a", "b", "c"]])
    assert hidden == {"a": "small", "b": "small"}


def test_hidden_cells_of_nought_need_no_more_hiding() -> None:
    # A total can then only show that no child is in them.
    assert protect({"a": 0, "b": 6, "c": 40}, [["a", "b", "c"]]) == {"a": "small"}


def test_secondary_hiding_keeps_going_across_groups_until_every_group_is_safe() -> None:
    # Hiding b for row 1 leaves b's column with one hidden cell, so d goes too.
    cells = {"a": 2, "b": 6, "c": 50, "d": 7, "e": 30}
    hidden = protect(cells, [["a", "b", "c"], ["b", "d", "e"]])
    assert hidden == {"a": "small", "b": "complementary", "d": "complementary"}


def test_ties_go_to_the_cell_listed_first() -> None:
    assert protect({"a": 1, "b": 8, "c": 8}, [["a", "b", "c"]]) == {
        "a": "small",
        "b": "complementary",
    }


def test_a_suppressed_figure_reads_fewer_than_5_or_not_shown_never_0() -> None:
    assert str(SMALL) == SMALL_TEXT == "fewer than 5"
    assert str(NOT_SHOWN) == COMPLEMENTARY_TEXT == "not shown"
    assert is_suppressed(SMALL) and not is_suppressed(0)
    assert plain(SMALL) is None and plain(3.5) == 3.5


# --- The engine's figures --------------------------------------------------------------------


def test_figures_from_five_or_more_children_are_unchanged() -> None:
    original = figures()
    original["kpis"].pop("serious_violence")
    original["kpis"]["victims"]["rj_offered"] = fraction(6, 9)
    assert suppress_one(original) == original


def test_a_small_count_hides_its_rate_but_not_the_population() -> None:
    shown = suppress_one(figures(fte=3))
    assert shown["fte"] == {"count": SMALL, "population": 10000, "rate_per_100k": SMALL}
    sv = shown["kpis"]["serious_violence"]
    assert sv == {"count": SMALL, "population": 10000, "rate_per_10k": SMALL}


def test_a_percentage_is_hidden_where_its_numerator_or_its_denominator_is_small() -> None:
    small_numerator = suppress_one(figures(kpi=(2, 30)))["kpis"]["accommodation"]
    assert small_numerator == {"numerator": SMALL, "denominator": 30, "percent": SMALL}
    small_denominator = suppress_one(figures(kpi=(3, 4)))["kpis"]["accommodation"]
    assert small_denominator == {"numerator": SMALL, "denominator": SMALL, "percent": SMALL}
    rj = suppress_one(figures())["kpis"]["victims"]["rj_offered"]
    assert rj == {"numerator": SMALL, "denominator": 9, "percent": SMALL}


def test_reoffending_from_fewer_than_5_reoffenders_hides_the_rate_and_the_reoffences() -> None:
    shown = suppress_one(figures(cohort=30, reoffenders=4))["reoffending"]
    assert shown["cohort"] == 30
    for measure in ("reoffenders", "binary_rate", "reoffences", "per_reoffender", "per_offender"):
        assert shown[measure] == SMALL, measure


def test_a_year_s_reoffending_cohorts_protect_each_other() -> None:
    # The year's 40 children are the sum of its four cohorts: one cohort of 3 alone would be
    # 40 less the others, so the next smallest cohort is hidden too.
    shown = suppress_one(
        figures(cohort=40, reoffenders=12, quarters=[(3, 0), (7, 2), (14, 5), (16, 5)])
    )
    cohorts = [q["cohort"] for q in shown["reoffending"]["quarters"]]
    assert cohorts == [SMALL, NOT_SHOWN, 14, 16]
    reoffenders = [q["reoffenders"] for q in shown["reoffending"]["quarters"]]
    # 0 and 2 are small (2 in all: the 5s are hidden too, the smaller first).
    assert reoffenders == [SMALL, SMALL, NOT_SHOWN, 5]
    assert shown["reoffending"]["cohort"] == 40


def test_a_small_group_in_a_disproportionality_table_hides_the_next_smallest_too() -> None:
    rows = {"white": (40, 9000), "mixed": (2, 300), "asian": (6, 500), "black": (12, 800)}
    shown = suppress_one(figures(ethnicity=rows))
    table = shown["disproportionality"]["outcomes"]["ethnicity"]
    assert table["mixed"]["cohort"] == SMALL
    assert table["asian"]["cohort"] == NOT_SHOWN
    for measure in ("cohort_share", "gap_pp", "rate_per_1000", "rate_ratio", "over_represented"):
        assert table["mixed"][measure] == SMALL, measure
        assert table["asian"][measure] == NOT_SHOWN, measure
    assert table["mixed"]["ci95"] == [SMALL, SMALL]
    assert table["mixed"]["population"] == 300 and table["mixed"]["population_share"] == 10.0
    assert table["black"]["cohort"] == 12 and table["black"]["rate_ratio"] == 1.0


def test_every_rate_ratio_is_hidden_where_the_reference_group_is_small() -> None:
    # The reference group is the one with the largest population.
    rows = {"white": (3, 9000), "black": (20, 800), "asian": (9, 500)}
    table = suppress_one(figures(ethnicity=rows))["disproportionality"]["outcomes"]["ethnicity"]
    assert table["black"]["cohort"] == 20
    assert table["black"]["rate_per_1000"] == 1.0
    assert table["black"]["rate_ratio"] == SMALL
    assert table["black"]["ci95"] == [SMALL, SMALL]


def test_the_quarters_of_a_year_protect_each_other() -> None:
    year = figures(fte=20)
    quarters = [figures(fte=n) for n in (2, 6, 5, 7)]
    shown = suppress_figures([year, *quarters], sums=[[1, 2, 3, 4]])
    assert shown[0]["fte"]["count"] == 20
    counts = [q["fte"]["count"] for q in shown[1:]]
    # 2 is small; 20 - 6 - 5 - 7 would give it away, so the smallest other (5) goes too.
    assert counts == [SMALL, 6, NOT_SHOWN, 7]
    assert [q["fte"]["rate_per_100k"] for q in shown[1:]] == [SMALL, 60.0, NOT_SHOWN, 70.0]


def test_all_services_are_hidden_where_the_other_services_hold_fewer_than_5() -> None:
    # All services 23, this one 20: the other service's 3 would be 23 - 20.
    mine = figures(fte=20, custody=8)
    everyone = figures(fte=23, custody=30)
    shown = suppress_figures([everyone], known=[mine])[0]
    assert shown["fte"]["count"] == NOT_SHOWN
    assert shown["fte"]["rate_per_100k"] == NOT_SHOWN
    assert shown["custody"]["count"] == 30
    # Where the others hold none, all services is this service's own figure.
    assert suppress_figures([figures(fte=20)], known=[mine])[0]["fte"]["count"] == 20


def test_the_victims_caseload_kpi_is_hidden_by_the_same_rule() -> None:
    victims = {
        "victims": 4,
        "measures": {
            "engaged": {"label": "Engaged", "numerator": 3, "denominator": 4, "percent": 75.0},
        },
    }
    shown = suppress_one(victims)
    assert shown["victims"] == SMALL
    assert shown["measures"]["engaged"]["percent"] == SMALL
    assert shown["measures"]["engaged"]["label"] == "Engaged"


def test_suppression_leaves_the_figures_it_was_given_alone() -> None:
    original = figures(fte=3)
    suppress_one(original)
    assert original["fte"]["count"] == 3


def test_hidden_figures_are_written_as_their_words_for_json() -> None:
    import json

    shown = as_written(suppress_one(figures(fte=3)))
    assert shown["fte"] == {
        "count": "fewer than 5",
        "population": 10000,
        "rate_per_100k": "fewer than 5",
    }
    json.dumps(shown)  # nothing left that JSON cannot hold
