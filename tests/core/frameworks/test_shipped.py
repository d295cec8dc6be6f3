"""A broken framework file gets every problem named by file, line and field path."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from yjqa.core.frameworks.shipped import load_framework_file, parse_framework, shipped_frameworks
from yjqa.core.validation.problems import InputError

from helpers import ROOT

SHIPPED = ROOT / "src" / "yjqa" / "frameworks"
BASE: dict[str, Any] = yaml.safe_load((SHIPPED / "hmip-youth-2021.yaml").read_text())


def problems_of(data: dict[str, Any] | str, tmp_path: Path) -> list[str]:
    path = tmp_path / "framework.yaml"
    path.write_text(data if isinstance(data, str) else yaml.safe_dump(data, sort_keys=False))
    with pytest.raises(InputError) as caught:
        load_framework_file(path)
    return caught.value.describe().splitlines()


def test_every_shipped_framework_loads() -> None:
    assert set(shipped_frameworks()) == {
        "hmip-youth-2018",
        "hmip-youth-2021",
        "hmip-youth-2025",
        "hmip-sqs-2016",
        "yjb-national-standards-2019",
    }
    for framework in shipped_frameworks().values():
        assert framework.domains


def test_hmip_versions_count_twelve_standards_out_of_36() -> None:
    for framework_id in ("hmip-youth-2018", "hmip-youth-2021"):
        framework = shipped_frameworks()[framework_id]
        counting = [s for s in framework.iter_standards() if s.counts_towards_overall]
        assert len(counting) == 12
        assert framework.max_score() == 36
    assert shipped_frameworks()["hmip-youth-2021"].standard("4.1").counts_towards_overall is False
    assert shipped_frameworks()["hmip-youth-2018"].standard("3.4").kind == "case"
    assert shipped_frameworks()["hmip-youth-2021"].standard("3.4").kind == "judgement"


def test_a_loaded_framework_is_immutable() -> None:
    framework = shipped_frameworks()["hmip-youth-2021"]
    with pytest.raises(Exception, match="frozen"):
        framework.id = "changed"
    assert isinstance(framework.domains, tuple)


def test_prompts_are_shipped_and_marked_provisional() -> None:
    framework = shipped_frameworks()["hmip-youth-2021"]
    _, question = framework.key_question("2.1.1")
    assert len(question.prompts) >= 8
    assert all(p.provisional for p in question.prompts)
    _, safety = framework.key_question("2.2.3")
    assert any("contingency" in p.text for p in safety.prompts)


def test_a_duplicate_key_question_id_names_both_places(tmp_path: Path) -> None:
    data = copy.deepcopy(BASE)
    data["domains"][1]["standards"][0]["key_questions"][2]["id"] = "2.1.1"
    [message] = problems_of(data, tmp_path)
    assert "framework.yaml:" in message
    assert "domains[1].standards[0].key_questions[2].id" in message
    assert "duplicate key question id '2.1.1'" in message
    assert "domains[1].standards[0].key_questions[0].id" in message


def test_a_case_standard_without_key_questions_is_refused(tmp_path: Path) -> None:
    data = copy.deepcopy(BASE)
    data["domains"][2]["standards"][1]["key_questions"] = []
    [message] = problems_of(data, tmp_path)
    assert "domains[2].standards[1].key_questions" in message
    assert "case standard '3.2' has no key questions" in message


def test_overlapping_and_gapped_bands_are_refused(tmp_path: Path) -> None:
    data = copy.deepcopy(BASE)
    data["rating_rules"]["bands"][1]["max"] = 85  # Good 65-85 overlaps Outstanding 80-100
    messages = problems_of(data, tmp_path)
    assert any("rating_rules.bands[0]" in m and "overlap" in m for m in messages)
    data = copy.deepcopy(BASE)
    data["rating_rules"]["bands"][2]["min"] = 55  # nothing covers 50-54
    messages = problems_of(data, tmp_path)
    assert any("rating_rules.bands[2]" in m and "gap" in m and "50 to 54" in m for m in messages)


def test_overall_bands_must_reach_the_maximum_score(tmp_path: Path) -> None:
    data = copy.deepcopy(BASE)
    data["rating_rules"]["overall"][0]["max_score"] = 35
    [message] = problems_of(data, tmp_path)
    assert "rating_rules.overall" in message and "gap" in message and "36" in message


def test_unknown_and_missing_fields_are_named_with_their_lines(tmp_path: Path) -> None:
    text = (SHIPPED / "hmip-youth-2021.yaml").read_text()
    text = text.replace("        title: Governance and leadership\n", "        titel: Oops\n", 1)
    messages = problems_of(text, tmp_path)
    line = text.splitlines().index("        titel: Oops") + 1
    assert any(
        f"framework.yaml:{line}: domains[0].standards[0].titel: unknown field" in m
        for m in messages
    )
    assert any("domains[0].standards[0].title: required field is missing" in m for m in messages)


def test_unquoted_numeric_id_gets_a_helpful_message(tmp_path: Path) -> None:
    text = (SHIPPED / "hmip-youth-2021.yaml").read_text().replace("id: '1.1'", "id: 1.1", 1)
    messages = problems_of(text, tmp_path)
    assert any("domains[0].standards[0].id" in m and "quotes" in m for m in messages)


def test_an_unknown_strand_is_refused(tmp_path: Path) -> None:
    data = copy.deepcopy(BASE)
    data["domains"][1]["standards"][0]["key_questions"][0]["strand"] = "desistence"
    [message] = problems_of(data, tmp_path)
    assert "key_questions[0].strand: unknown strand 'desistence'" in message


def test_a_counting_standard_may_not_be_left_unrated(tmp_path: Path) -> None:
    data = copy.deepcopy(BASE)
    data["domains"][0]["standards"][0]["may_be_not_rated"] = True
    [message] = problems_of(data, tmp_path)
    assert "domains[0].standards[0].may_be_not_rated" in message


def test_malformed_yaml_names_the_line(tmp_path: Path) -> None:
    messages = problems_of("id: x\ndomains: [\n  - oops: {\n", tmp_path)
    assert len(messages) == 1
    assert messages[0].startswith(f"{tmp_path / 'framework.yaml'}:")
    assert "malformed YAML" in messages[0]


def test_a_missing_file_is_reported_as_not_found() -> None:
    with pytest.raises(InputError, match=r"no-such\.yaml: file not found"):
        load_framework_file(Path("no-such.yaml"))


def test_a_framework_for_2025_can_be_expressed() -> None:
    """Different areas, strands and key questions, and rules of its own, load as data."""
    text = """
id: hmip-youth-2025-local
title: A local draft of the 2025 framework
version: 2025-draft
valid_from: 2025-04-01
strands:
  - {id: positive_change, title: Achieving positive change for the child}
  - {id: child_safe, title: Keeping the child safe}
  - {id: community_safe, title: Keeping the community safe}
domains:
  - id: C
    title: Quality of work with children
    population: children
    standards:
      - id: C1
        title: Assessing
        headline: Assessing is well-informed and personalised.
        kind: case
        key_questions:
          - id: C1.1
            text: Does assessing support positive change?
            strand: positive_change
          - id: C1.2
            text: Does assessing keep the child safe?
            strand: child_safe
          - id: C1.3
            text: Does assessing keep the community safe?
            strand: community_safe
  - id: V
    title: Quality of work with victims
    population: victims
    standards:
      - id: V1
        title: Work with victims
        headline: Work with victims is high-quality, individualised and responsive.
        kind: case
        key_questions:
          - id: V1.1
            text: Is work with victims high-quality, individualised, and responsive?
          - id: V1.2
            text: >-
              Do organisational arrangements and activity drive quality, individualised,
              and responsive service for victims?
rating_rules:
  rounding: half_up
  bands:
    - {rating: Outstanding, min: 80, max: 100, points: 3}
    - {rating: Good, min: 65, max: 79, points: 2}
    - {rating: Requires improvement, min: 50, max: 64, points: 1}
    - {rating: Inadequate, min: 0, max: 49, points: 0}
  overall:
    - {rating: Outstanding, min_score: 6, max_score: 6}
    - {rating: Good, min_score: 4, max_score: 5}
    - {rating: Requires improvement, min_score: 2, max_score: 3}
    - {rating: Inadequate, min_score: 0, max_score: 1}
"""
    framework = parse_framework(text, "draft.yaml")
    assert framework.max_score() == 6
    assert framework.key_question("V1.2")[0].id == "V1"
