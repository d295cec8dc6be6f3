"""The codes a caseload record uses, with the human labels people read and may type.

One place for them, so the synthetic generator, imports, filters and reports agree.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from types import MappingProxyType

SEX: Mapping[str, str] = MappingProxyType(
    {"male": "Male", "female": "Female", "other": "Other", "unknown": "Not known"}
)
ETHNICITY: Mapping[str, str] = MappingProxyType(
    {
        "white": "White",
        "mixed": "Mixed or multiple ethnic groups",
        "asian": "Asian or Asian British",
        "black": "Black, Black British, Caribbean or African",
        "other": "Other ethnic group",
        "unknown": "Not known",
    }
)
# Lightest to heaviest disposals (DOMAIN.md section 1), then bail and remand.
OUTCOME: Mapping[str, str] = MappingProxyType(
    {
        "prevention": "Prevention",
        "community_resolution": "Community resolution",
        "outcome_22": "Outcome 22 (deferred prosecution)",
        "youth_caution": "Youth caution",
        "youth_conditional_caution": "Youth conditional caution",
        "referral_order": "Referral order",
        "youth_rehabilitation_order": "Youth rehabilitation order",
        "detention_and_training_order": "Detention and training order",
        "long_term_detention": "Long-term detention",
        # Before sentence: the 2025 framework inspects bail and remand work with the rest.
        "bail_supervision": "Bail supervision and support",
        "remand_community": "Remand to local authority accommodation",
        "remand_youth_detention": "Remand to youth detention accommodation",
    }
)
RISK_LEVEL: Mapping[str, str] = MappingProxyType(
    {"low": "Low", "medium": "Medium", "high": "High", "very_high": "Very high"}
)
LIKELIHOOD: Mapping[str, str] = MappingProxyType({"low": "Low", "medium": "Medium", "high": "High"})

# Which kind of work each outcome is, as inspection domains group cases.
PREVENTION = frozenset({"prevention"})
OUT_OF_COURT = frozenset(
    {"community_resolution", "outcome_22", "youth_caution", "youth_conditional_caution"}
)
COURT_COMMUNITY = frozenset({"referral_order", "youth_rehabilitation_order"})
CUSTODY = frozenset({"detention_and_training_order", "long_term_detention"})
BAIL_REMAND = frozenset({"bail_supervision", "remand_community", "remand_youth_detention"})
STATUTORY = COURT_COMMUNITY | CUSTODY


# What each group of outcomes is called where people read it.
OUTCOME_GROUP_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "prevention": "Prevention",
        "out_of_court": "Out-of-court disposals",
        "court": "Court disposals in the community",
        "custody": "Custody",
        "bail_remand": "Bail and remand",
    }
)


def outcome_group(outcome: str) -> str:
    """`prevention`, `out_of_court`, `court`, `custody` or `bail_remand` for an outcome code."""
    if outcome in PREVENTION:
        return "prevention"
    if outcome in OUT_OF_COURT:
        return "out_of_court"
    if outcome in COURT_COMMUNITY:
        return "court"
    if outcome in CUSTODY:
        return "custody"
    if outcome in BAIL_REMAND:
        return "bail_remand"
    raise KeyError(outcome)


def parse_code(value: str, codes: Mapping[str, str]) -> str | None:
    """The code for a code or its label, ignoring case, spaces and hyphens; None if unknown."""

    def key(text: str) -> str:
        return "".join(ch for ch in text.casefold() if ch.isalnum())

    wanted = key(value)
    for code, label in codes.items():
        if wanted in (key(code), key(label)):
            return code
    return None


def age_on(date_of_birth: date, on: date) -> int:
    """Age in whole years on a date (a 29 February birthday falls on 1 March in other years)."""
    before_birthday = (on.month, on.day) < (date_of_birth.month, date_of_birth.day)
    return on.year - date_of_birth.year - before_birthday


# Victims' caseload (yjqa.core.caseload.victims): the offence against the victim, and the
# support the service gave.
OFFENCE_CATEGORY: Mapping[str, str] = MappingProxyType(
    {
        "violence_against_the_person": "Violence against the person",
        "sexual_offence": "Sexual offence",
        "robbery": "Robbery",
        "burglary": "Burglary",
        "theft": "Theft",
        "criminal_damage": "Criminal damage or arson",
        "public_order": "Public order",
        "motoring": "Motoring offence",
        "other": "Other offence",
    }
)
SUPPORT_GIVEN: Mapping[str, str] = MappingProxyType(
    {
        "none": "None",
        "information": "Information about the case",
        "signposted": "Signposted to other services",
        "referred": "Referred to victim support services",
        "direct_support": "Direct support from the service",
    }
)
YES_NO: Mapping[str, str] = MappingProxyType({"yes": "Yes", "no": "No"})
VICTIM_FIELD_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "offence_category": "Offence category",
        "consent_to_contact": "Consent to contact",
        "restorative_justice_offered": "Restorative justice offered",
        "restorative_justice_took_part": "Took part in restorative justice",
        "safety_planning_needed": "Safety planning needed",
        "support_given": "Support given",
    }
)


FIELD_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "sex": "Sex",
        "ethnicity": "Ethnicity",
        "outcome": "Outcome",
        "rosh": "Risk of serious harm",
        "safety_wellbeing": "Safety and wellbeing",
        "likelihood_of_reoffending": "Likelihood of reoffending",
        "looked_after": "Looked after",
        "send": "Special educational needs and disability (SEND)",
        # A victims' sample is balanced on victims' fields.
        **VICTIM_FIELD_LABELS,
    }
)
_CODES_BY_FIELD: Mapping[str, Mapping[str, str]] = MappingProxyType(
    {
        "sex": SEX,
        "ethnicity": ETHNICITY,
        "outcome": OUTCOME,
        "rosh": RISK_LEVEL,
        "safety_wellbeing": RISK_LEVEL,
        "likelihood_of_reoffending": LIKELIHOOD,
        "offence_category": OFFENCE_CATEGORY,
        "support_given": SUPPORT_GIVEN,
    }
)
_OTHER_LABELS = {"yes": "Yes", "no": "No", "not_recorded": "Not recorded"}


def label_for(field: str, code: str) -> str:
    """The label people read for a caseload (or victims' caseload) field's code, e.g.
    ('rosh', 'very_high') or ('offence_category', 'robbery')."""
    return _CODES_BY_FIELD.get(field, {}).get(code) or _OTHER_LABELS.get(code, code)


def victim_label_for(field: str, code: str) -> str:
    """The label people read for a victims' caseload field's code, e.g.
    ('offence_category', 'robbery')."""
    mapping = {"offence_category": OFFENCE_CATEGORY, "support_given": SUPPORT_GIVEN}.get(field)
    return (mapping or {}).get(code) or _OTHER_LABELS.get(code, code)
