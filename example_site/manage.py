#!/usr/bin/env python
"""Django's command-line utility for the example county portal.

Works from anywhere, e.g. ``python example_site/manage.py migrate`` from the repository root.
"""

import os
import sys
from pathlib import Path


def main() -> None:
    # The settings module is ``example_site.settings``: the repository root must be importable.
    repo_root = str(Path(__file__).resolve().parent.parent)
    if repo_root not in sys.path:
        sys.path.insert(0, repo_root)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "example_site.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
