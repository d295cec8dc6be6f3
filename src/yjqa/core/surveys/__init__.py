"""Surveys of children, parents or carers and staff: definitions as data, and their summaries.

A survey definition (`SurveyDefinition`) is data: an id, a title, an audience, an introduction
and its questions, each a 1 to 10 `rating` (with the words for each end), a single `choice`
among options, or free `text`. Templates ship as YAML in ``yjqa/surveys``.

Summaries (`summarise_survey`, and `summarise_answers` for a file of answers) give, for each
question:

- rating: ``{"n", "mean", "median", "share_9_10", "distribution"}``: the number who answered,
  the mean (2 decimal places), the median, the percentage who answered 9 or 10 (1 decimal place)
  and the count of each answer "1" to "10" (every bucket present, zero or not);
- choice: ``{"kind": "choice", "n", "options": {option: {"count", "share"}}}``;
- text: ``{"kind": "text", "n", "themes": {theme: count}, "unthemed": count}``, and, only when
  asked for (people allowed to read comments), the comments by theme and those not yet themed.

Suppression, so that no child can be identified (`SUPPRESSION_THRESHOLD` is 5):

1. A question's summary based on fewer than 5 answers is replaced by the marker
   ``{"suppressed": True, "note": "fewer than 5 responses"}`` (with ``"kind"`` for choice and
   text questions). Nothing else is given: not n, not the figures, not the comments.
2. A breakdown of a rating question by a respondent group (a choice question marked
   ``breakdown: true``, e.g. an age band; respondents who did not answer it are the group
   "Not answered") gives each group's rating summary, suppressed by rule 1 where the group has
   fewer than 5 answers. As the question's overall figures are shown, a single suppressed group
   could be worked out by subtracting the others from them; so while the suppressed groups
   together hold between 1 and 4 answers, the smallest group still shown is suppressed too,
   with the note `COMPLEMENTARY_NOTE`.
3. A change since the last period is suppressed (rule 1's marker) when either period's figures
   for the question are.

The respondent count, the number invited and the response rate are never suppressed: they are
counts of people, with no answer in them.
"""
