"""Sampling plans shipped with yjqa, as YAML data (validated by yjqa.core.sampling.plans)."""
