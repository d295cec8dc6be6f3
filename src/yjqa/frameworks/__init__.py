"""Framework versions shipped with yjqa, as YAML data."""
