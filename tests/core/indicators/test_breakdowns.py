"""Breakdowns of the indicators for a youth justice plan: reoffending by sex, disposals by type,
offence types, first time entrants and custody over time (docs/indicators.md, "Breakdowns").

Expected values are counted by hand from the rows in each test, or (the golden test) are seed
003's printed figures, which the data is built to match."""

from __future__ import annotations

from datetime import date

import pytest
from tests.core.indicators.test_engine import build, outcome, person

from seed_003_data import (
    SERVICE,
    YEAR,
    disposals_data,
    reoffending_data,
    seed_disposals,
    seed_reoffending,
)
from yjqa.core.indicators.breakdowns import (
    DISPOSAL_TYPES,
    Disposals,
    OverTime,
    ReoffendingBySex,
    breakdowns,
    disposal_types,
    disposals,
    entrants_by_outcome,
    offence_types,
    over_time,
    period_label,
    recent_periods,
    reoffending_by_sex,
)
from yjqa.core.indicators.definitions import get_indicator_set
from yjqa.core.indicators.engine import Period, compute_indicators, reoffending_by
from yjqa.core.indicators.suppression import Suppressed
from yjqa.core.validation.problems import InputError

SMALL = Suppressed("small")
NOT_SHOWN = Suppressed("complementary")
YEAR_2024 = Period(date(2024, 4, 1), date(2025, 3, 31))


def rows(table: ReoffendingBySex) -> list[tuple[str, object, object, object]]:
    return [
        (r.label, r.offenders, r.reoffenders, r.binary_rate if not isinstance(r.binary_rate, float)
         else round(r.binary_rate, 1))
        for r in (*table.rows, table.total)
    ]  # fmt: skip


# --- The golden test: seed 003's reoffending by sex -------------------------------------------


def test_reoffending_by_sex_reproduces_seed_003_from_case_level_data() -> None:
    table = reoffending_by_sex(reoffending_data(), YEAR, SERVICE)
    seed = seed_reoffending()
    female, male = seed["female"], seed["male"]
    assert rows(table)[:2] == [
        ("Female", female["children"], female["reoffenders"], female["rate"]),  # 85, 31, 36.5
        ("Male", male["children"], male["reoffenders"], male["rate"]),  # 231, 98, 42.4
    ]
    # The total is worked out: 85 + 231 = 316 offenders, 31 + 98 = 129 reoffenders, and
    # 129 / 316 = 40.82%.
    assert rows(table)[2] == ("Total", 316, 129, 40.8)


def test_seed_003s_printed_total_row_does_not_add_up_and_yjqa_does_not_copy_it() -> None:
    seed = seed_reoffending()
    printed = seed["total"]
    assert (printed["children"], printed["reoffenders"], printed["rate"]) == (317, 129, 40.6)
    # The rows add up to 316 children, not 317; and 129 / 317 is 40.69%, not 40.6%.
    assert seed["female"]["children"] + seed["male"]["children"] == 316 != printed["children"]
    assert round(129 / 317 * 100, 1) == 40.7 != printed["rate"]
    total = reoffending_by_sex(reoffending_data(), YEAR, SERVICE).total
    assert (total.offenders, total.reoffenders) != (printed["children"], printed["reoffenders"])
    assert isinstance(total.binary_rate, float) and round(total.binary_rate, 1) != printed["rate"]


def test_the_rows_add_up_to_the_engines_headline_reoffending_for_the_year() -> None:
    data = reoffending_data()
    headline = compute_indicators(data, YEAR.start, YEAR.end)["services"][SERVICE]["reoffending"]
    total = reoffending_by_sex(data, YEAR, SERVICE).total
    assert (total.offenders, total.reoffenders) == (headline["cohort"], headline["reoffenders"])
    # Each 3-month cohort has children in it (the sums are over all four).
    assert all(q["cohort"] > 0 for q in headline["quarters"])


def test_seed_003s_disposals_are_totalled_from_their_types_not_copied() -> None:
    seed = seed_disposals()
    # The seed prints 182 disposals: 53 prevention, 81 out-of-court, 46 statutory orders,
    # which make 180.
    assert seed["prevention"] + seed["out_of_court"] + seed["statutory_orders"] == 180
    assert seed["total"] == 182
    data = disposals_data()
    table = disposals(data, YEAR, SERVICE)
    types = {r.code: r.count for r in table.types}
    assert (types["prevention"], types["out_of_court"], table.statutory) == (53, 81, 46)
    assert table.total == 180 != seed["total"]
    # Its four custodial sentences are the custody indicator's count, and in a published plan
    # they are fewer than 5; the court orders (42) would give them away from the 46.
    assert types["custody"] == 4
    headline = compute_indicators(data, YEAR.start, YEAR.end)["services"][SERVICE]
    assert headline["custody"]["count"] == 4
    shown = {r.code: r.count for r in table.suppressed().types}
    assert (shown["custody"], shown["court"]) == (SMALL, NOT_SHOWN)
    assert table.suppressed().total == 180


# --- Reoffending by sex ------------------------------------------------------------------------


def test_a_child_in_two_cohorts_counts_twice_and_one_with_no_sex_recorded_is_not_known() -> None:
    data = build(
        [person("A", sex="female"), person("B", sex="male"), person("C", sex="unknown")],
        [
            # A: cautioned in April and sentenced in July 2024 (two cohorts); the July offence
            # is a reoffence for the April cohort only.
            outcome("A", "youth_caution", "2024-04-10"),
            outcome("A", "referral_order", "2024-07-10", "2024-06-01"),
            # B: sentenced in March 2025, the year's last day of the period: in the cohort.
            outcome("B", "referral_order", "2025-03-31"),
            # B: a caution on 1 April 2025 is outside the year: not in its cohort (and its
            # offence of 1 April 2025 is a reoffence for B's March cohort).
            outcome("B", "youth_caution", "2025-04-01"),
            # C: a community resolution is not a caution or sentence: not in the cohort.
            outcome("C", "community_resolution", "2024-05-01"),
        ],
    )
    table = reoffending_by_sex(data, YEAR_2024, "A")
    assert [(r.code, r.offenders, r.reoffenders) for r in table.rows] == [
        ("female", 2, 1),
        ("male", 1, 1),
    ]
    assert (table.total.offenders, table.total.reoffenders) == (3, 2)
    assert table.total.binary_rate == pytest.approx(200 / 3)
    # 31 March 2024 is the day before the period: a sentence then is in no cohort of it.
    earlier = build([person("A")], [outcome("A", "referral_order", "2024-03-31")])
    assert reoffending_by_sex(earlier, YEAR_2024, "A").rows == ()


def test_reoffending_by_group_gives_null_for_a_child_missing_from_the_people_table() -> None:
    data = build([person("A", sex="female")], [outcome("A", "youth_caution", "2024-05-01"),
                                                outcome("Z", "youth_caution", "2024-06-01")])  # fmt: skip
    found = reoffending_by(data, [YEAR_2024], "sex", ["A"])
    assert found.select("group", "cohort").rows() == [("female", 1), (None, 1)]
    table = reoffending_by_sex(data, YEAR_2024, "A")
    assert [(r.code, r.label, r.offenders) for r in table.rows] == [
        ("female", "Female", 1),
        ("unknown", "Not known", 1),
    ]


def test_reoffending_by_sex_hides_groups_of_fewer_than_5_and_what_would_give_them_away() -> None:
    people = [person(f"F{i}", sex="female") for i in range(3)]
    people += [person(f"M{i}", sex="male") for i in range(20)]
    outcomes = [outcome(p["person_id"], "youth_caution", "2024-05-01") for p in people]
    # 6 of the boys reoffend, 1 girl.
    outcomes += [outcome(f"M{i}", "youth_caution", "2024-09-01") for i in range(6)]
    outcomes += [outcome("F0", "youth_caution", "2024-09-01")]
    table = reoffending_by_sex(
        build(people, outcomes), Period(date(2024, 4, 1), date(2024, 6, 30)), "A"
    )
    assert rows(table) == [("Female", 3, 1, 33.3), ("Male", 20, 6, 30.0), ("Total", 23, 7, 30.4)]
    shown = table.suppressed()
    # 3 girls, 1 girl reoffending: fewer than 5; the boys' figures would give them away (the
    # total less the boys), so they are not shown; the total stays.
    assert rows(shown) == [
        ("Female", SMALL, SMALL, SMALL),
        ("Male", NOT_SHOWN, NOT_SHOWN, NOT_SHOWN),
        ("Total", 23, 7, 30.4),
    ]
    assert shown.any_suppressed and not table.any_suppressed


# --- Disposals ---------------------------------------------------------------------------------


def disposal_data() -> list[dict[str, object]]:
    return [
        *(outcome(f"P{i}", "prevention", "2024-04-01") for i in range(6)),  # the first day
        *(outcome(f"C{i}", "community_resolution", "2024-06-15") for i in range(7)),
        *(outcome(f"Y{i}", "youth_caution", "2025-03-31") for i in range(5)),  # the last day
        *(outcome(f"R{i}", "referral_order", "2024-10-01") for i in range(8)),
        *(outcome(f"D{i}", "detention_and_training_order", "2024-12-01") for i in range(2)),
        outcome("B0", "bail_supervision", "2024-07-01"),  # not a disposal
        outcome("X0", "youth_caution", "2024-03-31"),  # the day before the year
        outcome("X1", "youth_caution", "2025-04-01"),  # the day after
        outcome("X2", "referral_order", "2024-08-01", service="B"),  # another service
    ]


def test_disposals_by_type_and_outcome_count_the_periods_outcomes_and_total_them() -> None:
    records = disposal_data()
    ids = {str(r["person_id"]) for r in records}
    people = [person(p, service="B" if p == "X2" else "A") for p in sorted(ids)]
    table = disposals(build(people, records), YEAR_2024, "A")
    assert [(r.code, r.count) for r in table.types] == [
        ("prevention", 6),
        ("out_of_court", 12),  # 7 community resolutions + 5 youth cautions
        ("court", 8),
        ("custody", 2),
    ]
    assert table.statutory == 10  # court 8 + custody 2: the plan's "statutory orders"
    assert table.total == 28  # 6 + 12 + 8 + 2, bail and the days outside the year left out
    assert [(r.label, r.disposal_type, r.count) for r in table.outcomes] == [
        ("Prevention", "prevention", 6),
        ("Community resolution", "out_of_court", 7),
        ("Youth caution", "out_of_court", 5),
        ("Referral order", "court", 8),
        ("Detention and training order", "custody", 2),
    ]


def test_disposals_custody_is_the_custody_indicators_count() -> None:
    records = disposal_data()
    people = [person(str(r["person_id"]), service=str(r["service"])) for r in records]
    data = build(people, records)
    headline = compute_indicators(data, YEAR_2024.start, YEAR_2024.end)["services"]["A"]
    custody = {r.code: r.count for r in disposals(data, YEAR_2024, "A").types}["custody"]
    assert custody == headline["custody"]["count"] == 2


def test_disposal_types_follow_the_indicator_sets_groups_each_outcome_once() -> None:
    defs = get_indicator_set()
    types = disposal_types(defs)
    assert list(types) == list(DISPOSAL_TYPES)
    assert set(types["custody"]) == set(defs.group(defs.custody.outcomes))
    assert set(types["out_of_court"]) == set(defs.group("out_of_court"))
    assert types["court"] == ("referral_order", "youth_rehabilitation_order")
    assert types["prevention"] == ("prevention",)
    every = [code for codes in types.values() for code in codes]
    assert len(every) == len(set(every))


def test_disposals_hide_small_counts_and_one_that_would_give_them_away() -> None:
    records = disposal_data()
    people = [person(str(r["person_id"]), service=str(r["service"])) for r in records]
    shown = disposals(build(people, records), YEAR_2024, "A").suppressed()
    assert isinstance(shown, Disposals)
    types = {r.code: r.count for r in shown.types}
    # Custody (2) is fewer than 5; court (8) would give it away (statutory orders, 10, less
    # court), so it is not shown either. The rest stay: court and custody together are 10.
    assert types["custody"] == SMALL
    assert types["court"] == NOT_SHOWN
    assert (types["prevention"], types["out_of_court"], shown.statutory, shown.total) == (
        6, 12, 10, 28,
    )  # fmt: skip
    # By outcome: the detention and training orders (2) are fewer than 5, and the referral
    # orders (8), court's only outcome, would give court away: not shown.
    assert [(r.code, r.count) for r in shown.outcomes] == [
        ("prevention", 6),
        ("community_resolution", 7),
        ("youth_caution", 5),
        ("referral_order", NOT_SHOWN),
        ("detention_and_training_order", SMALL),
    ]
    assert shown.any_suppressed


# --- Offence types -----------------------------------------------------------------------------


def test_offence_types_are_the_categories_of_the_periods_disposals_most_common_first() -> None:
    records = [
        *(outcome(f"V{i}", "referral_order", "2024-05-01", category="violence_against_the_person")
          for i in range(6)),
        *(outcome(f"T{i}", "youth_caution", "2024-05-01", category="theft") for i in range(6)),
        *(outcome(f"D{i}", "community_resolution", "2024-05-01", category="drugs")
          for i in range(7)),
        outcome("P0", "prevention", "2024-05-01", category="theft"),  # not a proven offence
        outcome("B0", "remand_community", "2024-05-01", category="robbery"),  # not a disposal
        outcome("X0", "youth_caution", "2025-04-01", category="robbery"),  # after the year
    ]  # fmt: skip
    people = [person(str(r["person_id"])) for r in records]
    table = offence_types(build(people, records), YEAR_2024, "A")
    # Ties (6 and 6) in the categories' order: violence against the person before theft.
    assert [(r.label, r.count) for r in table.rows] == [
        ("Drugs", 7),
        ("Violence against the person", 6),
        ("Theft", 6),
    ]
    assert table.total == 19
    assert table.suppressed() == table  # nothing under 5


def test_offence_types_hide_a_small_category_and_the_next_smallest() -> None:
    records = [
        *(outcome(f"V{i}", "referral_order", "2024-05-01", category="violence_against_the_person")
          for i in range(9)),
        *(outcome(f"T{i}", "youth_caution", "2024-05-01", category="theft") for i in range(6)),
        outcome("S0", "referral_order", "2024-05-01", category="sexual"),
    ]  # fmt: skip
    people = [person(str(r["person_id"])) for r in records]
    shown = offence_types(build(people, records), YEAR_2024, "A").suppressed()
    assert [(r.code, r.count) for r in shown.rows] == [
        ("violence_against_the_person", 9),
        ("theft", NOT_SHOWN),
        ("sexual", SMALL),
    ]
    assert shown.total == 16


# --- Over time ---------------------------------------------------------------------------------


def test_recent_periods_are_the_last_quarters_up_to_the_end() -> None:
    found = recent_periods(date(2025, 3, 31), 6)
    assert found[0] == Period(date(2023, 10, 1), date(2023, 12, 31))
    assert found[-1] == Period(date(2025, 1, 1), date(2025, 3, 31))
    assert len(found) == 6
    assert recent_periods(date(2025, 3, 31), 2, 6) == [
        Period(date(2024, 4, 1), date(2024, 9, 30)),
        Period(date(2024, 10, 1), date(2025, 3, 31)),
    ]
    with pytest.raises(ValueError):
        recent_periods(date(2025, 3, 31), 0)


def test_period_labels_read_as_months() -> None:
    assert period_label(Period(date(2024, 4, 1), date(2024, 6, 30))) == "April to June 2024"
    assert (
        period_label(Period(date(2024, 12, 1), date(2025, 2, 28)))
        == "December 2024 to February 2025"
    )
    assert period_label(Period(date(2024, 4, 1), date(2024, 4, 30))) == "April 2024"
    assert (
        period_label(Period(date(2024, 4, 2), date(2024, 5, 15))) == "2 April 2024 to 15 May 2024"
    )


def over_time_data() -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    records = [
        # First time entrants: 6 in April to June 2024 (one on 30 June, the quarter's last day),
        # 7 in January to March 2025 (one on 1 January, its first).
        *(outcome(f"A{i}", "youth_caution", "2024-05-01") for i in range(5)),
        outcome("A5", "youth_caution", "2024-06-30"),
        *(outcome(f"B{i}", "referral_order", "2025-02-01") for i in range(6)),
        outcome("B6", "youth_caution", "2025-01-01"),
        # A0 sentenced to custody on 1 July 2024: custody in July to September, not an entrant.
        outcome("A0", "detention_and_training_order", "2024-07-01"),
        # A community resolution does not make an entrant.
        outcome("C0", "community_resolution", "2024-08-01"),
    ]
    return [person(str(r["person_id"])) for r in records], records


def test_over_time_counts_entrants_and_custody_per_quarter_as_the_engine_does() -> None:
    people, records = over_time_data()
    table = over_time(build(people, records), date(2025, 3, 31), "A", count=4)
    assert [(r.label, r.fte, r.custody) for r in table.rows] == [
        ("April to June 2024", 6, 0),
        ("July to September 2024", 0, 1),
        ("October to December 2024", 0, 0),
        ("January to March 2025", 7, 0),
    ]
    assert (table.fte_total, table.custody_total) == (13, 1)
    assert table.period == YEAR_2024
    # The quarters add up to the engine's figures for the whole year.
    year = compute_indicators(build(people, records), YEAR_2024.start, YEAR_2024.end)
    assert year["services"]["A"]["fte"]["count"] == 13


def test_over_time_hides_small_quarters_and_never_leaves_one_to_be_worked_out() -> None:
    people, records = over_time_data()
    shown = over_time(build(people, records), date(2025, 3, 31), "A", count=4).suppressed()
    assert isinstance(shown, OverTime)
    # 0s are hidden as "fewer than 5" but need no protection together; 6 and 7 stay shown.
    assert [(r.fte, r.custody) for r in shown.rows] == [
        (6, SMALL),
        (SMALL, SMALL),
        (SMALL, SMALL),
        (7, SMALL),
    ]
    assert (shown.fte_total, shown.custody_total) == (13, SMALL)


def test_a_year_of_quarters_is_protected_against_the_years_own_figure() -> None:
    # Eight quarters; in the later year one quarter has 2 entrants and the rest 6 each: the
    # year's figure (20, shown in the headline) less the three would give the 2 away.
    records = [outcome(f"E{i}", "youth_caution", "2023-05-01") for i in range(20)]
    for quarter, month in enumerate(("2024-05-01", "2024-08-01", "2024-11-01", "2025-02-01")):
        size = 2 if quarter == 1 else 6
        records += [outcome(f"L{quarter}{i}", "youth_caution", month) for i in range(size)]
    people = [person(str(r["person_id"])) for r in records]
    shown = over_time(build(people, records), date(2025, 3, 31), "A", count=8).suppressed()
    later = [r.fte for r in shown.rows[4:]]
    assert later == [NOT_SHOWN, SMALL, 6, 6]


# --- First time entrants by the outcome that made them one --------------------------------------


def test_entrants_by_outcome_count_each_child_once_by_their_first_caution_or_sentence() -> None:
    records = [
        # 2023-24: A and B entered with youth cautions (A's later referral order is not an
        # entry); C, after a community resolution (not an entry), with a referral order.
        outcome("A", "youth_caution", "2023-04-01"),  # the year's first day
        outcome("A", "referral_order", "2023-09-01"),
        outcome("B", "youth_caution", "2024-03-31"),  # its last day
        outcome("C", "community_resolution", "2023-05-01"),
        outcome("C", "referral_order", "2023-06-01"),
        # 2024-25: D a conditional caution; E a caution and a sentence the same day: the
        # heavier, a court sentence; F custody.
        outcome("D", "youth_conditional_caution", "2024-04-01"),
        outcome("E", "youth_caution", "2024-07-01"),
        outcome("E", "youth_rehabilitation_order", "2024-07-01"),
        outcome("F", "detention_and_training_order", "2025-03-31"),
        outcome("G", "youth_caution", "2025-04-01"),  # after the last year
    ]
    people = [person(p) for p in "ABCDEFG"]
    data = build(people, records)
    table = entrants_by_outcome(data, date(2025, 3, 31), "A", count=2)
    assert table.columns == (
        ("youth_caution", "Youth caution"),
        ("youth_conditional_caution", "Youth conditional caution"),
        ("court_sentence", "Court sentence"),
    )
    assert [(r.label, r.counts, r.total) for r in table.rows] == [
        ("April 2023 to March 2024", (2, 0, 1), 3),
        ("April 2024 to March 2025", (0, 1, 2), 3),
    ]
    # Each year's total is the engine's FTE count.
    for row in table.rows:
        year = compute_indicators(data, row.period.start, row.period.end)["services"]["A"]
        assert row.total == year["fte"]["count"]


def test_entrants_by_outcome_hide_a_small_part_and_the_next_smallest_of_its_year() -> None:
    records = [outcome(f"Y{i}", "youth_caution", "2024-05-01") for i in range(9)]
    records += [outcome(f"C{i}", "referral_order", "2024-05-01") for i in range(6)]
    records += [outcome("K0", "youth_conditional_caution", "2024-05-01")]
    people = [person(str(r["person_id"])) for r in records]
    table = entrants_by_outcome(build(people, records), date(2025, 3, 31), "A", count=1)
    shown = table.suppressed()
    # The conditional caution (1) is fewer than 5; the court sentences (6, the smaller of the
    # rest) would give it away from the total (16): not shown.
    assert shown.rows[0].counts == (9, SMALL, NOT_SHOWN)
    assert shown.rows[0].total == 16
    assert shown.suppressed() == shown


def test_an_unknown_service_is_an_error_listing_the_services() -> None:
    data = reoffending_data()
    with pytest.raises(InputError, match="no service 'Nowhere'"):
        disposals(data, YEAR, "Nowhere")
    with pytest.raises(InputError, match="no service 'Nowhere'"):
        reoffending_by_sex(data, YEAR, "Nowhere")


def test_breakdowns_gives_all_four_for_the_period() -> None:
    found = breakdowns(reoffending_data(), YEAR, SERVICE, periods_over_time=8)
    assert found.reoffending.period == found.disposals.period == found.offences.period == YEAR
    assert len(found.over_time.rows) == 8 and found.over_time.period.end == YEAR.end
    assert [r.label for r in found.entrants.rows] == [
        "April 2023 to March 2024",
        "April 2024 to March 2025",
    ]
    assert found.entrants.rows[-1].total == 316
    # Every index caution or sentence of the seed's 316 children is a disposal in the year,
    # each for violence against the person.
    assert found.disposals.total == 316
    assert [(r.code, r.count) for r in found.offences.rows] == [
        ("violence_against_the_person", 316)
    ]
    assert found.suppressed().reoffending == found.reoffending  # no small groups
    # Suppressing twice is suppressing once (prevention, none, reads "fewer than 5").
    once = found.suppressed()
    assert once.disposals.types[0].count == SMALL
    assert once.suppressed() == once
