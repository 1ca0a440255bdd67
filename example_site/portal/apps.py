from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The county portal's own pages and templates (the host site of the disclosure column)."""

    name = "example_site.portal"
    label = "portal"
    verbose_name = "门户网站"
    default_auto_field = "django.db.models.BigAutoField"
