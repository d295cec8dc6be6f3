"""Choosing the cases to inspect: sampling plans, sample sizes and a balanced, replayable draw.

A sampling plan (`SamplingPlan`, authored in YAML; yjqa ships some in `yjqa.sampling_plans`)
says which cases are eligible for each inspection domain in a date window, how many to draw
and which caseload fields the sample must match the population on (DOMAIN.md section 4).

**Eligibility.** A case is eligible for a domain when its outcome is in one of the domain's
rules and any of that rule's dates falls in the window (both ends included). The dates are
`outcome_date` and `licence_start`: the community part of a custodial sentence (a detention
and training order serves half in custody, half on licence), taken as the midpoint of
`outcome_date` and `end_date`, rounded down to a whole day. It is only known for a custodial
case with an end date; otherwise it matches no window.

**By child, and victims (2025).** A plan may give a domain its own settings (`domains:`:
`unit`, `size`, `minimum`, `maximum`, `stratify_by`, `reserve_share`; `for_domain` resolves
them). With `unit: child` the population is the children with any eligible record in the
window, one unit each (`CaseloadRow.child`: the child reference, else the case reference), so a
child with three outcomes is drawn at most once; a child stands in the balance, and is audited,
by the most recent eligible record (latest outcome date, then the last case reference). The
`victims` domain is drawn from the victims' caseload (`VictimRow`), by `offence_date` and/or
`first_contact_date`, and balanced on victims' fields. Both draws are the same seeded, balanced
draw below, with their own fingerprints (sorted by child or victim reference).

**Size.** `cochran`: Cochran's formula for a proportion (p = 0.5, the largest) with the
finite-population correction, rounded up: n0 = z² * 0.25 / e², n = n0 / (1 + (n0 - 1) / N).
`proportion`: a share of the population, rounded up, at least `minimum_cases`. `fixed`: a
number set by the plan or given when drawing. Every method is then clamped to the plan's
minimum and maximum and, last, to the population. `SampleSize.working` shows every step.

**Draw.** The eligible cases are sorted by case reference and shuffled with
`random.Random(seed)` (the seed is a whole number, 0 or more), so the same population (in any
order), plan and seed always give the same sample. Cases are grouped into cells by their
categories on the stratification fields. The draw starts from the first n cases of the shuffle
(a simple random sample) and then moves one case at a time from an over-represented cell to an
under-represented one, always the move that most reduces a penalty, until none does. The
penalty is, over every category of every field, Σ d² + 1,000 * Σ max(0, |d| - 1) + 10⁶ *
Σ max(0, |d| - 2), where d is the cases sampled in the category less its population share of
n: it keeps every category within one case of its proportional share whenever it can. If some
category is still more than one case away, seeded random perturbations followed by the same
search are tried and the best result kept. Within a cell the cases earliest in the shuffle are
taken. Deviations are computed as exact integers (d * N), so no rounding noise can make two
runs differ. (Checked against exhaustive search on thousands of small random populations: it
found a sample within one case whenever one exists.)

The reserve (max(3, ceil(reserve_share * n)) further cases, as many as remain) is drawn the same
way from the cases not sampled, balanced against the population's shares; both lists are in
shuffle order. `best_replacement` picks the reserve case that keeps the sample's balance best
when a sampled case has to be replaced.
"""
