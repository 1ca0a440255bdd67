"""WSGI entry point of the example county portal (``example_site.wsgi:application``)."""

import os
import sys
from pathlib import Path

from django.core.wsgi import get_wsgi_application

_repo_root = str(Path(__file__).resolve().parent.parent)
if _repo_root not in sys.path:
    sys.path.insert(0, _repo_root)

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "example_site.settings")

application = get_wsgi_application()
