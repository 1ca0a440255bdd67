from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistersAppConfig(AppConfig):
    """The registers sub-app: its own models, migrations, admin views and commands."""

    name = "wagtail_govdisclosure.registers"
    label = "wagtail_govdisclosure_registers"
    verbose_name = _("Disclosure registers")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (connects the calendar's receivers)
