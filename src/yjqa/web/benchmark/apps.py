from django.apps import AppConfig


class BenchmarkConfig(AppConfig):
    name = "yjqa.web.benchmark"
    label = "benchmark"
    verbose_name = "National benchmark"
