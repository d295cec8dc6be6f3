"""Performance indicator definitions shipped with yjqa, as YAML data.

Validated by yjqa.core.indicators.definitions.IndicatorSet; computed by yjqa.core.indicators.
"""
