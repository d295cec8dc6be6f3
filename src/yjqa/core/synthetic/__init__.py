"""Synthetic data: invented caseloads and national indicator data, never real children."""
