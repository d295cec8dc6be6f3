"""Retention periods: how long each kind of record is kept, and the day before which it is due."""
