"""The indicator definitions: data with every rule stated, and a broken file's problems."""

from __future__ import annotations

from importlib import resources

import pytest

from yjqa.core.indicators.definitions import (
    get_indicator_set,
    parse_indicator_set,
    shipped_indicator_sets,
)
from yjqa.core.validation.problems import InputError


def test_definitions_are_data_with_every_rule_stated() -> None:
    defs = get_indicator_set()
    assert "yjb-2023" in shipped_indicator_sets()
    for key, definition in defs.definitions():
        assert definition.title and definition.description, key
        assert definition.period_rule and definition.missing_data_rule, key
    # Where the official formula is not published, the assumption is stated.
    for name in ("oocd_completed", "board_attendance", "wider_services", "serious_violence",
                 "victims"):  # fmt: skip
        assert getattr(defs.kpis, name).assumption, name
    assert defs.population.assumption
    assert defs.reoffending.assumption
    assert (defs.fte.factor, defs.custody.factor, defs.kpis.serious_violence.factor) == (
        100_000,
        1_000,
        10_000,
    )
    assert defs.reoffending.offence_within_days == (1, 365)
    assert defs.reoffending.proven_within_months == 18
    assert defs.reoffending.cohort_months == 3


def test_a_bad_definition_names_the_line_and_field() -> None:
    shipped = (resources.files("yjqa.indicators") / "yjb-2023.yaml").read_text(encoding="utf-8")
    broken = shipped.replace("result_column: ete_suitable", "result_column: ete_suitabel")
    with pytest.raises(InputError) as error:
        parse_indicator_set(broken, "mine.yaml")
    message = str(error.value)
    assert "mine.yaml:" in message
    assert "kpis.ete.result_column" in message
    assert "unknown KPI column 'ete_suitabel'" in message
    unknown_group = shipped.replace("outcomes: custodial", "outcomes: custody_group")
    with pytest.raises(InputError, match=r"custody\.outcomes"):
        parse_indicator_set(unknown_group, "mine.yaml")
