from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "全文检索"

    def ready(self):
        from . import checks, signals  # noqa: F401  (registers the index-sync handlers and the system check)
