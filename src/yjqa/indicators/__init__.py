"""Performance indicator definitions shipped with yjqa, as YAML data.

Validated by yjqa.core.indicator_definitions.IndicatorSet; computed by yjqa.core.indicators.
"""
