"""The certainty model's chances come true as often as they say (issue 19).

A small run of bench/calibration.py: simulated caseloads (10 to 120 cases, samples of 3 to 30,
a logistic model with a case random effect, so not the model's own assumptions), each with a
known whole-caseload rating; the stated chances must match how often they come true.
"""

from __future__ import annotations

import sys

from helpers import ROOT

sys.path.insert(0, str(ROOT / "bench"))
from calibration import reliability, simulate


def test_stated_chances_come_true_as_often_as_they_say() -> None:
    outcomes = simulate(500, seed=3)
    ece, rows = reliability(outcomes)
    print(f"\nECE {ece:.4f}")
    for low, stated, share, count in rows:
        print(f"{low:.1f}: stated {stated:.3f}, came true {share:.3f} ({count})")
    assert len(outcomes) == 500
    assert ece <= 0.05
    for _low, stated, share, count in rows:
        if count >= 50:
            assert abs(stated - share) <= 0.10
    # The runs span the range: confident chances and uncertain ones both occur.
    assert {low for low, *_ in rows} >= {0.0, 0.4, 0.9}


def test_a_model_that_ignores_the_uncertainty_would_fail() -> None:
    """The test can fail: stating certainty for the sample's own rating is badly calibrated."""
    outcomes = simulate(150, seed=4)
    overconfident = [
        type(o)({max(o.stated, key=o.stated.__getitem__): 1.0}, o.truth) for o in outcomes
    ]
    ece, _rows = reliability(overconfident)
    assert ece > 0.05
