"""Demo content of the example portal, loaded by ``manage.py load_demo_portal``.

Each concern has its own module with a ``load(context)`` function; ``LOADERS`` runs them in
order inside one transaction. A loader must be idempotent: look its objects up by a stable
key (slug, username ...) and create only what is missing, never overwrite what an editor
may have changed. To add demo content, write a module here and append its ``load`` below.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from example_site.portal.models import PortalHomePage


@dataclass
class DemoContext:
    """State shared by the loaders of one run (later loaders find the home page here)."""

    stdout: Any
    style: Any
    home: PortalHomePage | None = None
    logins: list[tuple[str, str]] = field(default_factory=list)

    def report(self, status: str, what: str) -> None:
        """Print one line: ``status`` is "created", "updated" or "exists"."""
        line = f"  {status:<8} {what}"
        self.stdout.write(self.style.SUCCESS(line) if status != "exists" else line)


Loader = Callable[[DemoContext], None]


def get_loaders() -> list[Loader]:
    """The loaders in the order they run (imported lazily: they use the models)."""
    from example_site.portal.demo import column_content, columns, home, registers, reports, users

    return [home.load, users.load, columns.load, column_content.load, reports.load, registers.load]
