"""Survey templates shipped with yjqa, as YAML data (validated by yjqa.core.surveys)."""
