"""Reading published HMIP youth inspection reports, and a third-party CSV of their ratings.

`read_report` takes a report as PDF (text by pdfplumber, page by page) or as extracted text and
returns what it prints: the service, the framework (2018 or 2021), the fieldwork month, the
publication date, the overall rating and score, every standard's rating, the key-question
figures, the numbers of cases inspected, and the recommendations with their addressees.

It never guesses. A figure or rating that is not printed, was lost in extraction or OCR, is
garbled, or is printed twice with different values is left empty (None) with a warning that
says so. Ratings are read from every place a report prints them (the ratings table, the
standard's own section, an annex) and must agree.

`check_consistency` applies the framework's rating rules to what was read. `read_ratings_csv`
reads the data-to-insight scrape of published ratings; reports and CSV rows both become
`BenchmarkRecord`s for the national benchmark. See docs/report-import.md.
"""
