"""Sampling plans shipped with yjqa, as YAML (validated by yjqa.core.sampling.sampling_plans)."""
