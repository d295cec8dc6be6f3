"""KPI 10 from a victims' caseload: the measures are data, each a share of the period's victims."""

from __future__ import annotations

from datetime import date, timedelta
from importlib import resources
from itertools import product

import pytest

from yjqa.core.indicators.definitions import get_indicator_set, parse_indicator_set
from yjqa.core.indicators.victims import VictimFacts, victims_kpi
from yjqa.core.validation.problems import InputError

START, END = date(2025, 4, 1), date(2026, 3, 31)
SHIPPED = (resources.files("yjqa.indicators") / "yjb-2023.yaml").read_text(encoding="utf-8")


def victim(
    contacted: bool = True,
    consent: bool | None = True,
    offered: bool | None = None,
    took_part: bool | None = None,
    safety: bool | None = None,
    ends: date | None = date(2025, 9, 1),
) -> VictimFacts:
    offence = date(2025, 1, 10)
    return VictimFacts(
        offence_date=offence,
        first_contact_date=offence + timedelta(days=20) if contacted else None,
        case_end_date=ends,
        consent_to_contact=consent if contacted else None,
        restorative_justice_offered=offered,
        restorative_justice_took_part=took_part,
        safety_planning_needed=safety,
    )


def test_each_step_of_the_cascade_is_out_of_the_step_before() -> None:
    took_part, declined_rj, offered_unrecorded = 3, 4, 1  # of the victims offered
    not_offered, offer_unrecorded = 2, 1  # consented, and not offered / offer not recorded
    consented = took_part + declined_rj + offered_unrecorded + not_offered + offer_unrecorded
    refused, consent_unrecorded, not_contacted = 5, 2, 3
    victims = (
        [victim(offered=True, took_part=True)] * took_part
        + [victim(offered=True, took_part=False)] * declined_rj
        + [victim(offered=True, took_part=None)] * offered_unrecorded
        + [victim(offered=False)] * not_offered
        + [victim(offered=None)] * offer_unrecorded
        + [victim(consent=False, offered=False, took_part=False)] * refused
        + [victim(consent=None)] * consent_unrecorded
        + [victim(contacted=False, consent=None)] * not_contacted
    )
    outside = [
        victim(ends=None),  # the child's case is still open
        victim(ends=START - timedelta(days=1)),
        victim(ends=END + timedelta(days=1)),
    ]
    result = victims_kpi([*victims, *outside], START, END)
    assert result is not None
    assert result["victims"] == len(victims)
    measures = result["measures"]
    contacted = consented + refused  # the ones with consent recorded
    offered = took_part + declined_rj + offered_unrecorded
    expected = {
        "engaged": (consented, contacted),
        "rj_offered": (offered, consented - offer_unrecorded),
        "rj_took_part": (took_part, offered - offered_unrecorded),
    }
    assert {k: (m["numerator"], m["denominator"]) for k, m in measures.items()} == expected
    for name, (numerator, denominator) in expected.items():
        assert measures[name]["percent"] == pytest.approx(100 * numerator / denominator, abs=1e-4)
        assert measures[name]["label"] == get_indicator_set().victims_caseload.measures[name].label


def test_a_period_with_no_victims_has_no_percentages() -> None:
    result = victims_kpi([victim(ends=date(2020, 1, 1))], START, END)
    assert result is not None and result["victims"] == 0
    assert all(
        (m["numerator"], m["denominator"], m["percent"]) == (0, 0, None)
        for m in result["measures"].values()
    )
    with pytest.raises(ValueError, match="ends"):
        victims_kpi([], END, START)


def test_every_combination_counts_where_the_fields_say() -> None:
    values = (True, False, None)
    victims = [
        victim(contacted=c, consent=s, offered=o, took_part=t, safety=p)
        for c, s, o, t, p in product((True, False), values, values, values, values)
    ]
    measures = victims_kpi(victims, START, END)["measures"]  # type: ignore[index]

    def share(among: str, counted: str) -> tuple[int, int]:
        pool = [v for v in victims if v.value(among) is True]
        return (
            sum(v.value(counted) is True for v in pool),
            sum(v.value(counted) is not None for v in pool),
        )

    for name, measure in get_indicator_set().victims_caseload.measures.items():
        got = measures[name]
        assert (got["numerator"], got["denominator"]) == share(measure.among, measure.counted)


def test_the_measures_and_the_period_date_are_data() -> None:
    custom = SHIPPED.replace("period_date: case_end_date", "period_date: offence_date").replace(
        """      among: restorative_justice_offered
      counted: restorative_justice_took_part""",
        """      among: all
      counted: safety_planning_needed""",
    )
    definitions = parse_indicator_set(custom, "custom.yaml")
    victims = [victim(safety=True, ends=None), victim(safety=False), victim(safety=None)]
    result = victims_kpi(victims, date(2025, 1, 1), date(2025, 1, 31), definitions=definitions)
    assert result is not None and result["victims"] == 3  # by offence date: open cases too
    taken = result["measures"]["rj_took_part"]
    assert (taken["numerator"], taken["denominator"]) == (1, 2)


def test_the_kpi_states_its_assumption_and_a_bad_field_is_named() -> None:
    definition = get_indicator_set().victims_caseload
    assert definition is not None and definition.kpi == 10
    assert "not published" in (definition.assumption or "")
    assert definition.period_rule and definition.missing_data_rule
    broken = SHIPPED.replace("counted: consent_to_contact", "counted: consented")
    with pytest.raises(InputError) as caught:
        parse_indicator_set(broken, "mine.yaml")
    assert "victims_caseload.measures.engaged.counted" in str(caught.value)
    same = SHIPPED.replace("among: contacted", "among: consent_to_contact")
    with pytest.raises(InputError, match="always 100%"):
        parse_indicator_set(same, "mine.yaml")


def test_a_set_without_a_victims_caseload_kpi_gives_none() -> None:
    start = SHIPPED.index("victims_caseload:")
    end = SHIPPED.index("disproportionality:")
    definitions = parse_indicator_set(SHIPPED[:start] + SHIPPED[end:], "old.yaml")
    assert victims_kpi([victim()], START, END, definitions=definitions) is None
