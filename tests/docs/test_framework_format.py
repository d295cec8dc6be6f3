"""The framework reference page, docs/framework-format.md, keeps up with the models."""

from __future__ import annotations

import re

import pytest

from yjqa.core.frameworks import model as models
from yjqa.core.frameworks.shipped import parse_framework

from helpers import ROOT

DOC = (ROOT / "docs" / "framework-format.md").read_text(encoding="utf-8")
MODELS = [
    models.Framework,
    models.Strand,
    models.Domain,
    models.Standard,
    models.KeyQuestion,
    models.Prompt,
    models.RatingRules,
    models.CertaintyRules,
    models.Band,
    models.OverallBand,
    models.Area,
    models.InspectionType,
    models.CombineRule,
    models.ProportionWords,
    models.ProportionBand,
    models.AllBut,
]


def section(name: str) -> str:
    match = re.search(rf"^## {name}\n(.*?)(?=^## |\Z)", DOC, re.M | re.S)
    assert match, f"docs/framework-format.md has no '## {name}' section"
    return match.group(1)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_reference_page_documents_every_field(model: type[models.BaseModel]) -> None:
    text = section(model.__name__)
    missing = [name for name in model.model_fields if f"`{name}`" not in text]
    assert not missing, f"## {model.__name__} does not document: {', '.join(missing)}"


def test_reference_page_example_is_a_valid_framework() -> None:
    example = re.findall(r"```yaml\n(.*?)```", DOC, re.S)[0]
    assert parse_framework(example, "docs/framework-format.md").domains
