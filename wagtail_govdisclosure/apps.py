from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WagtailGovDisclosureAppConfig(AppConfig):
    """Django app configuration for the disclosure column."""

    name = "wagtail_govdisclosure"
    label = "wagtail_govdisclosure"
    verbose_name = _("Government information disclosure")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import (
            dependents,  # noqa: F401  (a column's change re-judges its live reports)
            frontend_cache,  # noqa: F401  (purge the column's pages on publication)
            sources,  # noqa: F401  (imported reports' source files follow publication)
            summaries,  # noqa: F401  (the status board's stored figures)
            system_checks,  # noqa: F401  (registers the system checks)
            tree_gate,  # noqa: F401  (the gate on moves, aliases and conversions)
        )
        from .pdf import signals  # noqa: F401  (store and remove the published PDFs)
