"""Which framework domain a case is audited under: by its kind of outcome (HMIP), or by the
sample it was drawn in (the national standards, a domain for each standard's children)."""

from __future__ import annotations

import pytest

from yjqa.core.frameworks.shipped import get_framework
from yjqa.core.rating.rules import case_domain, domain_for_outcome, domain_for_sample

NS = "yjb-national-standards-2019"


@pytest.mark.parametrize(
    ("sample", "domain_id"),
    [("oocd", "1"), ("court", "2"), ("community", "3"), ("secure", "4"), ("resettlement", "5")],
)
def test_a_national_standards_sample_is_audited_under_its_own_standard(
    sample: str, domain_id: str
) -> None:
    framework = get_framework(NS)
    # Whatever the outcome: a custodial sentence is at court, in secure settings and so on.
    for group in ("court", "custody", "bail_remand", "out_of_court"):
        domain = domain_for_sample(framework, sample, group)
        assert domain is not None and domain.id == domain_id


@pytest.mark.parametrize("framework_id", ["hmip-youth-2018", "hmip-youth-2021"])
def test_hmip_samples_keep_one_domain_per_kind_of_outcome(framework_id: str) -> None:
    framework = get_framework(framework_id)
    for sample, group in (
        ("court", "court"),
        ("court", "custody"),
        ("oocd", "out_of_court"),
        ("resettlement", "custody"),  # 2021's 4.1 is a judgement: custody is court work
    ):
        assert domain_for_sample(framework, sample, group) == domain_for_outcome(framework, group)
    assert domain_for_sample(framework, "resettlement", "custody").id == "2"  # type: ignore[union-attr]


def test_a_judgement_only_domain_is_no_case_domain() -> None:
    framework = get_framework("hmip-youth-2021")
    assert case_domain(framework, "resettlement") is None
    assert case_domain(framework, "court").id == "2"  # type: ignore[union-attr]
    assert case_domain(get_framework(NS), "secure").id == "4"  # type: ignore[union-attr]
