from django.apps import AppConfig
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _


class RegistersAppConfig(AppConfig):
    """The registers sub-app: its own models, migrations, admin views and commands."""

    name = "wagtail_govdisclosure.registers"
    label = "wagtail_govdisclosure_registers"
    verbose_name = _("Disclosure registers")
    default_auto_field = "django.db.models.BigAutoField"

    def import_models(self) -> None:
        # Before the models import holidays: name the extra rather than fail on an import.
        from ..system_checks import REGISTERS_EXTRA, missing_registers_modules

        missing = missing_registers_modules()
        if missing:
            raise ImproperlyConfigured(
                f"{self.name} is in INSTALLED_APPS but {', '.join(missing)} is not "
                f"installed: {REGISTERS_EXTRA}"
            )
        super().import_models()

    def ready(self) -> None:
        from . import signals  # noqa: F401  (connects the calendar's receivers)
