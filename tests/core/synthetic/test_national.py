"""Synthetic national indicator data: reproducible, valid tables and realistic shapes."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import polars as pl
import pytest
import typer
from polars.testing import assert_frame_equal
from typer.testing import CliRunner

from yjqa.cli.synthetic import synthetic_app
from yjqa.core.indicators.data import SCHEMAS, IndicatorData, read_indicator_data
from yjqa.core.synthetic.national import generate_national

from helpers import ROOT

sys.path.insert(0, str(ROOT / "bench"))
from pandas_reference import reference_indicators


@pytest.fixture(scope="module")
def data() -> IndicatorData:
    return generate_national(8, 3, seed=11)


def assert_same(first: IndicatorData, second: IndicatorData) -> None:
    for table in ("people", "outcomes", "population"):
        assert_frame_equal(getattr(first, table), getattr(second, table))


def test_the_same_seed_gives_the_same_data(data: IndicatorData) -> None:
    assert_same(data, generate_national(8, 3, seed=11))
    other = generate_national(8, 3, seed=12)
    assert not other.outcomes.equals(data.outcomes)


def test_tables_have_the_engine_types(data: IndicatorData) -> None:
    for table in ("people", "outcomes", "population"):
        assert dict(getattr(data, table).schema) == dict(SCHEMAS[table])


def test_csv_round_trip_passes_the_checks(tmp_path: Path) -> None:
    small = generate_national(2, 2, seed=3)
    runner = CliRunner()
    app = typer.Typer()
    app.add_typer(synthetic_app, name="synthetic")
    result = runner.invoke(
        app,
        [
            "synthetic",
            "national",
            "--services",
            "2",
            "--years",
            "2",
            "--seed",
            "3",
            "--format",
            "csv",
            "--out",
            str(tmp_path),
        ],
    )
    assert result.exit_code == 0, result.output
    assert f"{small.people.height:,} people" in result.stdout
    assert "population rows" in result.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "outcomes.csv",
        "people.csv",
        "population.csv",
    ]
    assert_same(read_indicator_data(tmp_path), small)


def test_parquet_is_the_default(tmp_path: Path) -> None:
    app = typer.Typer()
    app.add_typer(synthetic_app, name="synthetic")
    args = ["synthetic", "national", "--services", "1", "--years", "1", "--out", str(tmp_path)]
    assert CliRunner().invoke(app, args).exit_code == 0
    assert (tmp_path / "outcomes.parquet").exists()
    read_indicator_data(tmp_path)


def test_the_number_of_children_and_the_population_are_realistic(data: IndicatorData) -> None:
    services = data.people["service"].unique().sort().to_list()
    assert services[0] == "Service 001 YJS" and len(services) == 8
    population = data.population
    assert population.height == 8 * 3 * 2 * 5 * 8  # service, year, sex, ethnicity, age
    assert population["age"].min() == 10 and population["age"].max() == 17
    assert population["year"].unique().sort().to_list() == [2016, 2017, 2018]
    per_service_year = population.group_by("service", "year").agg(pl.col("count").sum())["count"]
    assert per_service_year.min() >= 18_000 and per_service_year.max() <= 45_000
    # Some hundreds of new children a service a year; each has at least one outcome.
    assert 8 * 3 * 300 <= data.people.height <= 8 * 3 * 1_200
    assert set(data.outcomes["person_id"]) == set(data.people["person_id"])
    assert 1.8 <= data.outcomes.height / data.people.height <= 3.0


def test_most_children_are_boys_aged_10_to_17(data: IndicatorData) -> None:
    sex = data.people["sex"].value_counts(normalize=True)
    male = sex.filter(pl.col("sex") == "male")["proportion"].item()
    assert 0.75 <= male <= 0.85
    ages = (
        data.outcomes.join(data.people.select("person_id", "date_of_birth"), on="person_id")
        .select((pl.col("outcome_date") - pl.col("date_of_birth")).dt.total_days() / 365.25)
        .to_series()
    )
    assert ages.min() >= 10
    assert ((ages >= 10) & (ages < 18)).mean() >= 0.95


def test_outcomes_offences_and_their_dates_are_realistic(data: IndicatorData) -> None:
    outcomes = data.outcomes
    assert outcomes["outcome_date"].max() <= date(2018, 12, 31)
    lag = (outcomes["outcome_date"] - outcomes["offence_date"]).dt.total_days()
    assert lag.min() >= 0
    assert (lag > 548).sum() > 0  # some proven more than 18 months later
    mix = outcomes["outcome"].value_counts(normalize=True)
    share = dict(zip(mix["outcome"], mix["proportion"], strict=True))
    assert set(share) == {
        "community_resolution",
        "outcome_22",
        "youth_caution",
        "youth_conditional_caution",
        "referral_order",
        "youth_rehabilitation_order",
        "detention_and_training_order",
        "long_term_detention",
    }
    custodial = share["detention_and_training_order"] + share["long_term_detention"]
    assert 0.01 <= custodial <= 0.08
    assert share["community_resolution"] > share["youth_caution"]
    gravity = outcomes.group_by("offence_category").agg(pl.col("gravity_score").mean())
    mean = dict(zip(gravity["offence_category"], gravity["gravity_score"], strict=True))
    assert mean["robbery"] > mean["theft"] and mean["violence_against_the_person"] > mean["theft"]
    assert outcomes["gravity_score"].min() >= 1 and outcomes["gravity_score"].max() <= 8
    # Ended orders have an end date and KPI answers; some are still open, some answers missing.
    open_share = outcomes["end_date"].is_null().mean()
    assert 0.02 <= open_share <= 0.3
    ended = outcomes.filter(pl.col("end_date").is_not_null())
    assert (ended["end_date"] >= ended["outcome_date"]).all()
    assert outcomes.filter(pl.col("end_date").is_null())["accommodation_suitable"].null_count() == (
        outcomes["end_date"].null_count()
    )
    assert 0.8 <= ended["accommodation_suitable"].mean() <= 0.95
    assert 0 < ended["ete_suitable"].null_count() < ended.height * 0.2
    # A follow-on answer only where the first is true.
    assert ended.filter(~pl.col("send_identified").fill_null(False))["send_plan"].null_count() == (
        ended.filter(~pl.col("send_identified").fill_null(False)).height
    )


def test_reoffending_and_disproportionality_are_realistic(data: IndicatorData) -> None:
    periods = [(date(2016, 4, 1), date(2016, 6, 30)), (date(2017, 1, 1), date(2017, 3, 31))]
    result = reference_indicators(data, periods)
    services = [s for period in result.values() for s in period.values()]
    cohort = sum(s["reoffending"]["cohort"] for s in services)
    reoffenders = sum(s["reoffending"]["reoffenders"] for s in services)
    reoffences = sum(s["reoffending"]["reoffences"] for s in services)
    assert cohort > 500
    assert 20 <= reoffenders / cohort * 100 <= 50
    assert 2 <= reoffences / reoffenders <= 5  # several reoffences per reoffender
    black = [s["disproportionality"]["outcomes"]["ethnicity"]["black"] for s in services]
    cohort_share = sum(g["cohort"] for g in black) / sum(
        sum(group["cohort"] for group in s["disproportionality"]["outcomes"]["ethnicity"].values())
        for s in services
    )
    population_share = sum(g["population"] for g in black) / sum(
        s["fte"]["population"] for s in services
    )
    assert cohort_share > 1.5 * population_share


def test_arguments_are_checked() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        generate_national(0, 1, seed=1)


def test_a_lower_intake_rate_gives_fewer_children_from_the_same_population() -> None:
    full = generate_national(services=2, years=2, seed=5)
    fewer = generate_national(services=2, years=2, seed=5, new_children_rate=0.005)
    assert fewer.population.equals(full.population)
    ratio = fewer.people.height / full.people.height
    assert 0.12 < ratio < 0.28  # 0.005 against the default 0.025
