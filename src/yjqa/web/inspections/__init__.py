"""Inspections: set-up, samples, case audits, double marking, moderation, ratings, report.

The app's modules are in layers; each imports only from the layers above it (and from the
core, `yjqa.web.audit`, `tenancy`, `accounts`, `caseload`), never from one below, so there
is no import circle and no import hidden inside a function to dodge one:

1. `models` (the tables) and `forms` (built from the models and the frameworks).
2. `guards`: what refuses a write, one rule each: a published inspection is read-only
   (`ensure_writable`, the only such check any service makes), who may edit an audit or
   moderate, and `EditConflict` for a stale save.
3. Reads, which never write: `queries` (what the pages, the API and the commands share),
   `sampling` (the caseload a sample is drawn from, its balance), `moderation` (each case's
   markings, what counts, the queue), then `ratings` and `agreement` (from `moderation`),
   then `report` (from `ratings` and `sampling`), and `history` (the audit trail in words).
4. Writes, every one a `do_<verb>_<noun>(actor, ...)` that checks the actor's permission,
   runs in one transaction and records its audit-trail row: `report_services` (findings,
   recommendations, freezing the report), then `services` (the inspection, its status and
   publication, cases, auditors, audits, judgements; publishing freezes the report), then
   `sampling_services` (drawing and replacing; puts cases in through `services`) and
   `moderation_services` (second markings, moderation decisions).
5. Pages: `views` (with `inspection_page`, the one way a page fetches its inspection), then
   `report_views`, `sampling_views` and `moderation_views`. The read API
   (`yjqa.web.api`) and the `yjqa` commands (`yjqa.cli.web`) sit at this level too, and
   read through `queries`.
"""
