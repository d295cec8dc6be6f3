"""The 2025 framework: its published wording, its kinds of inspection and areas, and the checks
that catch a bad reference to an area, a domain or a rule's lead."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from yjqa.core.frameworks.shipped import load_framework_file, shipped_frameworks
from yjqa.core.validation.problems import InputError

from helpers import ROOT

SHIPPED = ROOT / "src" / "yjqa" / "frameworks"
BASE: dict[str, Any] = yaml.safe_load((SHIPPED / "hmip-youth-2025.yaml").read_text())
FRAMEWORK = shipped_frameworks()["hmip-youth-2025"]


def problems_of(data: dict[str, Any], tmp_path: Path) -> list[str]:
    path = tmp_path / "framework.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    with pytest.raises(InputError) as caught:
        load_framework_file(path)
    return caught.value.describe().splitlines()


def test_victims_key_questions_are_the_published_wording_verbatim() -> None:
    standard, first = FRAMEWORK.key_question("V1.1")
    _, second = FRAMEWORK.key_question("V1.2")
    assert standard.id == "V1" and standard.kind == "case"
    assert first.text == "Is work with victims high-quality, individualised, and responsive?"
    assert second.text == (
        "Do organisational arrangements and activity drive quality, individualised, "
        "and responsive service for victims?"
    )
    assert not first.provisional and not second.provisional
    assert FRAMEWORK.domain("V").population == "victims"


def test_work_with_children_is_assessing_planning_and_delivery_on_two_strands() -> None:
    domain = FRAMEWORK.domain("2")
    assert domain.population == "children"
    assert [(s.id, s.title, s.kind) for s in domain.standards] == [
        ("2.1", "Assessing", "case"),
        ("2.2", "Planning", "case"),
        ("2.3", "Delivery", "case"),
    ]
    for standard in domain.standards:
        questions = standard.key_questions
        assert [q.id for q in questions] == [f"{standard.id}.1", f"{standard.id}.2"]
        assert [q.strand for q in questions] == ["positive_change", "safety"]
        assert all(q.provisional for q in questions)
    _, assessing = FRAMEWORK.key_question("2.1.1")
    assert len(assessing.prompts) >= 8 and all(p.provisional for p in assessing.prompts)


def test_organisational_delivery_is_provisional_judgement_with_appropriate_adults() -> None:
    standards = FRAMEWORK.domain("1").standards
    assert [s.id for s in standards] == ["1.1", "1.2", "1.3", "1.4"]
    assert standards[3].title == "Appropriate Adult arrangements"
    assert all(s.kind == "judgement" and s.provisional for s in standards)


def test_each_kind_of_inspection_rates_its_own_areas() -> None:
    assert FRAMEWORK.valid_from.isoformat() == "2025-04-01"
    assert [t.id for t in FRAMEWORK.inspection_types] == ["children_and_victims", "full"]
    assert FRAMEWORK.inspection_type() == FRAMEWORK.inspection_type("children_and_victims")
    assert [a.id for a in FRAMEWORK.areas_for("children_and_victims")] == [
        "work_with_children",
        "work_with_victims",
    ]
    assert [a.id for a in FRAMEWORK.areas_for("full")] == [
        "organisational_delivery",
        "work_with_children",
        "work_with_victims",
    ]
    assert [d.id for d in FRAMEWORK.domains_for("children_and_victims")] == ["2", "V"]
    assert [d.id for d in FRAMEWORK.domains_for("full")] == ["1", "2", "V"]
    assert [a.domains for a in FRAMEWORK.areas] == [("1",), ("2",), ("V",)]


def test_kinds_have_their_report_titles() -> None:
    kind = FRAMEWORK.inspection_type("children_and_victims")
    assert kind is not None
    assert kind.title_for("Wakefield") == (
        "An inspection of youth justice work with children and victims in Wakefield"
    )
    full = FRAMEWORK.inspection_type("full")
    assert full is not None
    assert full.title_for("South Tees") == "An inspection of youth justice services in South Tees"


def test_there_is_no_score_and_every_unpublished_rule_is_provisional() -> None:
    assert FRAMEWORK.max_score() is None
    assert FRAMEWORK.rating_rules is not None and FRAMEWORK.rating_rules.overall == ()
    rules = [a.rule for a in FRAMEWORK.areas] + [t.overall_rule for t in FRAMEWORK.inspection_types]
    assert all(rule.provisional and rule.description for rule in rules)
    assert "provisional" in (FRAMEWORK.source or "")


def test_older_frameworks_have_no_areas_and_keep_their_score() -> None:
    for framework_id in ("hmip-youth-2018", "hmip-youth-2021"):
        framework = shipped_frameworks()[framework_id]
        assert framework.areas == () and framework.inspection_types == ()
        assert framework.inspection_type() is None
        assert framework.domains_for(None) == framework.domains
        assert framework.max_score() == 36


def test_an_area_naming_an_unknown_domain_is_refused(tmp_path: Path) -> None:
    data = copy.deepcopy(BASE)
    data["areas"][1]["domains"] = ["9"]
    messages = problems_of(data, tmp_path)
    assert any(
        "areas[1].domains[0]: unknown domain '9' (the framework's domains: 1, 2, V)" in m
        for m in messages
    ), messages
    # Domain 2 is then in no area, which is named too.
    assert any("domains[1].id: domain '2' is in no area" in m for m in messages)
    assert all(m.startswith(f"{tmp_path / 'framework.yaml'}:") for m in messages)


def test_a_domain_in_two_areas_is_refused(tmp_path: Path) -> None:
    data = copy.deepcopy(BASE)
    data["areas"][2]["domains"] = ["V", "2"]
    [message] = problems_of(data, tmp_path)
    assert "areas[2].domains[1]: domain '2' is already in area 'work_with_children'" in message


def test_an_inspection_type_naming_an_unknown_area_is_refused(tmp_path: Path) -> None:
    data = copy.deepcopy(BASE)
    data["inspection_types"][0]["areas"] = ["work_with_children", "victims"]
    [message] = problems_of(data, tmp_path)
    assert "inspection_types[0].areas[1]: unknown area 'victims'" in message
    assert "(the framework's areas: organisational_delivery," in message


def test_a_lead_that_is_not_one_of_the_rules_members_is_refused(tmp_path: Path) -> None:
    data = copy.deepcopy(BASE)
    data["inspection_types"][0]["overall_rule"]["lead"] = "organisational_delivery"
    [message] = problems_of(data, tmp_path)
    assert "inspection_types[0].overall_rule.lead: unknown area 'organisational_delivery'" in (
        message
    )
    assert "(it rates: work_with_children, work_with_victims)" in message


def test_a_lead_rule_without_its_lead_and_a_lead_on_a_median_rule_are_refused(
    tmp_path: Path,
) -> None:
    data = copy.deepcopy(BASE)
    del data["inspection_types"][0]["overall_rule"]["lead"]
    data["areas"][0]["rule"]["lead"] = "1.1"
    messages = problems_of(data, tmp_path)
    assert any(
        "inspection_types[0].overall_rule.lead: required with method lead" in m for m in messages
    )
    assert any("areas[0].rule.lead: only with method lead, not lower_median" in m for m in messages)


def test_duplicate_area_and_type_ids_are_refused(tmp_path: Path) -> None:
    data = copy.deepcopy(BASE)
    data["areas"].append(dict(data["areas"][1], domains=["1"]))
    data["areas"][0]["domains"] = ["9"]
    data["inspection_types"].append(copy.deepcopy(data["inspection_types"][1]))
    messages = problems_of(data, tmp_path)
    assert any(
        "areas[3].id: duplicate area id 'work_with_children' (first used at areas[1].id)" in m
        for m in messages
    ), messages
    assert any("inspection_types[2].id: duplicate inspection type id 'full'" in m for m in messages)


def test_score_bands_beside_inspection_types_are_refused(tmp_path: Path) -> None:
    data = copy.deepcopy(BASE)
    data["rating_rules"]["overall"] = [{"rating": "Good", "min_score": 0, "max_score": 12}]
    messages = problems_of(data, tmp_path)
    assert any("rating_rules.overall: a framework with inspection_types" in m for m in messages)


def test_a_framework_without_types_still_needs_its_score_bands(tmp_path: Path) -> None:
    data = yaml.safe_load((SHIPPED / "hmip-youth-2021.yaml").read_text())
    del data["rating_rules"]["overall"]
    [message] = problems_of(data, tmp_path)
    assert "rating_rules.overall: required: score bands for the overall rating" in message


def test_inspection_types_without_rating_rules_are_refused(tmp_path: Path) -> None:
    data = copy.deepcopy(BASE)
    del data["rating_rules"]
    [message] = problems_of(data, tmp_path)
    assert "inspection_types: a framework with inspection_types rates areas" in message
