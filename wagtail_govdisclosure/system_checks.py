"""Django system checks (``manage.py check``): what a portal's set-up must give the column.

Each check names the setting or package to fix. Like Django's own checks, the messages are
for the portal's developer and are in English.
"""

from __future__ import annotations

import importlib.util
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.checks import Error, Warning, register
from django.template import Context, TemplateDoesNotExist, TemplateSyntaxError
from django.template.backends.django import Template as DjangoBackendTemplate
from django.template.loader import get_template
from django.template.loader_tags import BlockNode, ExtendsNode

from .conf import get_setting

MIDDLEWARE = "wagtail_govdisclosure.publishing.PublishRefusedMiddleware"
#: The blocks of the host's page frame that the column's templates fill; the stock
#: ``base.html`` of ``wagtail start`` has them all.
REQUIRED_BLOCKS = ("title", "extra_css", "content")
#: The Python modules the registers sub-app imports, from the ``[registers]`` extra.
REGISTERS_MODULES = ("wagtail_modeladmin", "import_export", "openpyxl", "tablib", "holidays")
REGISTERS_APP = "wagtail_govdisclosure.registers"
REGISTERS_EXTRA = 'pip install "wagtail-govdisclosure[registers]"'


@register()
def check_publish_refused_middleware(app_configs: Any = None, **kwargs: Any) -> list:
    if MIDDLEWARE in getattr(settings, "MIDDLEWARE", ()):
        return []
    return [
        Warning(
            f"{MIDDLEWARE} is not in MIDDLEWARE: a report refused at workflow approval "
            "(wrong totals) shows the editor an error page instead of the refusal.",
            hint="Add it after django.contrib.messages.middleware.MessageMiddleware "
            "(docs/installing.md, step 4).",
            id="wagtail_govdisclosure.W001",
        )
    ]


@register()
def check_pdf_support(app_configs: Any = None, **kwargs: Any) -> list:
    # Read-only use of the PDF module: the same test the PDF view makes before rendering.
    from .pdf import system

    try:
        system.check_pdf_support(system.REQUIRED_FONTS)
    except system.PdfUnavailable as unavailable:
        return [
            Warning(
                f"Report PDFs cannot be made on this server: {unavailable}",
                hint="Install WeasyPrint's libraries and the CJK fonts "
                "(Debian: apt-get install libpango-1.0-0 libpangoft2-1.0-0 "
                "libharfbuzz-subset0 fonts-noto-cjk).",
                id="wagtail_govdisclosure.W002",
            )
        ]
    return []


def template_blocks(name: str, seen: frozenset[str] = frozenset()) -> set[str]:
    """The names of the blocks a Django template and the templates it extends define."""
    template = get_template(name)
    if not isinstance(template, DjangoBackendTemplate):
        raise TypeError(name)
    nodelist = template.template.nodelist
    names = {node.name for node in nodelist.get_nodes_by_type(BlockNode)}
    for extends in nodelist.get_nodes_by_type(ExtendsNode):
        parent = extends.parent_name.resolve(Context())
        if isinstance(parent, str) and parent not in seen:
            names |= template_blocks(parent, seen | {name})
    return names


@register()
def check_base_template(app_configs: Any = None, **kwargs: Any) -> list:
    name = get_setting("BASE_TEMPLATE")
    setting = "WAGTAIL_GOVDISCLOSURE_BASE_TEMPLATE"
    try:
        blocks = template_blocks(name)
    except TemplateDoesNotExist:
        return [
            Error(
                f"{setting} names the template {name!r}, which does not exist: every page "
                "of the disclosure column would fail.",
                hint=f"Set {setting} to your site's page frame (docs/installing.md).",
                id="wagtail_govdisclosure.E003",
            )
        ]
    except TemplateSyntaxError as error:
        return [
            Error(
                f"The template {name!r} ({setting}) does not compile: {error}",
                id="wagtail_govdisclosure.E003",
            )
        ]
    except TypeError:
        return []  # another template engine (Jinja2…): its blocks cannot be read here
    missing = [block for block in REQUIRED_BLOCKS if block not in blocks]
    if not missing:
        return []
    return [
        Warning(
            f"The template {name!r} ({setting}) has no block {', '.join(missing)}: the "
            "disclosure column fills "
            + ", ".join(REQUIRED_BLOCKS)
            + " (without extra_css its pages are unstyled).",
            hint="Add the missing blocks to the template: see the table of blocks in "
            "docs/installing.md.",
            id="wagtail_govdisclosure.W003",
        )
    ]


def missing_registers_modules() -> list[str]:
    """The modules of the ``[registers]`` extra that cannot be imported."""
    return [name for name in REGISTERS_MODULES if importlib.util.find_spec(name) is None]


@register()
def check_registers_apps(app_configs: Any = None, **kwargs: Any) -> list:
    # A missing package of the extra stops the registers loading at all (their
    # AppConfig says which); what is left to check is INSTALLED_APPS.
    if not apps.is_installed(REGISTERS_APP) or apps.is_installed("wagtail_modeladmin"):
        return []
    return [
        Error(
            f"{REGISTERS_APP} needs wagtail_modeladmin in INSTALLED_APPS (its admin "
            "listings are modeladmin views).",
            hint='Add "wagtail_modeladmin" to INSTALLED_APPS (docs/installing.md).',
            id="wagtail_govdisclosure.E004",
        )
    ]
