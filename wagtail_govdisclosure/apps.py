from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WagtailGovDisclosureAppConfig(AppConfig):
    """Django app configuration for the disclosure column."""

    name = "wagtail_govdisclosure"
    label = "wagtail_govdisclosure"
    verbose_name = _("Government information disclosure")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import frontend_cache  # noqa: F401  (purge the column's pages on publication)
        from .pdf import signals  # noqa: F401  (store and remove the published PDFs)
