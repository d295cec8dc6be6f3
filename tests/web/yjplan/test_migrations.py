"""The yjplan data migration 0003: a budget line's cash and in kind become "other" costs (they
said nothing about staffing), and the old combined "workforce" text becomes workforce
development's. Each runs on stand-ins for the historical models, back and forth."""

from __future__ import annotations

import importlib
from decimal import Decimal
from typing import Any

migration = importlib.import_module(
    "yjqa.web.yjplan.migrations.0003_budget_by_cost_staffing_and_sign_off"
)


class Row:
    def __init__(self, **fields: Any) -> None:
        self.__dict__.update(fields)
        self.saved: list[str] = []

    def save(self, update_fields: list[str]) -> None:
        self.saved += update_fields


class Apps:
    def __init__(self, rows: list[Row]) -> None:
        self.rows = rows

    def get_model(self, app: str, name: str) -> Any:
        rows = self.rows

        class Manager:
            @staticmethod
            def all() -> list[Row]:
                return rows

        return type(name, (), {"objects": Manager})


def test_old_budget_figures_become_other_costs_and_back() -> None:
    line = Row(
        cash=Decimal(650_500),
        in_kind=Decimal(40_000),
        cash_staffing=Decimal(0),
        cash_other=Decimal(0),
        in_kind_staffing=Decimal(0),
        in_kind_other=Decimal(0),
    )
    migration.split_budget(Apps([line]), None)
    assert (line.cash_staffing, line.cash_other) == (0, Decimal(650_500))
    assert (line.in_kind_staffing, line.in_kind_other) == (0, Decimal(40_000))
    line.cash_staffing, line.cash = Decimal("100.40"), None
    migration.join_budget(Apps([line]), None)
    assert (line.cash, line.in_kind) == (650_600, 40_000)


def test_the_combined_workforce_text_goes_to_workforce_development_and_back() -> None:
    plan = Row(texts={"workforce": "Board training.\n\nStaff training.", "risks": "R"})
    empty = Row(texts={"workforce": " "})
    untouched = Row(texts={"risks": "R"})
    migration.split_workforce(Apps([plan, empty, untouched]), None)
    assert plan.texts == {
        "workforce_development": "Board training.\n\nStaff training.",
        "risks": "R",
    }
    assert empty.texts == {} and untouched.saved == []
    plan.texts["board_development"] = "Induction."
    migration.join_workforce(Apps([plan]), None)
    assert plan.texts == {
        "workforce": "Induction.\n\nBoard training.\n\nStaff training.",
        "risks": "R",
    }
