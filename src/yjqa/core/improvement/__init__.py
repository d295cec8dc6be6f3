"""Improvement plans after an inspection: the rules for actions and their status."""
