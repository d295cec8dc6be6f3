"""Performance indicators: definitions as data, case-level data tables, the Polars engine."""
