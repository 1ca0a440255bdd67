"""Build hook: compile the translation catalogs while building.

All metadata lives in ``pyproject.toml``. The ``.mo`` files are not kept in git, so
``build_py`` compiles every ``wagtail_govdisclosure/locale/*/LC_MESSAGES/*.po`` with the
pure-Python compiler in ``build_tools/compile_mo.py``: ``pip install .`` then needs no GNU
gettext.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
LOCALE_DIR = Path("wagtail_govdisclosure") / "locale"


def _load_compiler():
    # Loaded by path: build_tools is not an installed package and the PEP 517
    # backend does not put the project root on sys.path.
    spec = importlib.util.spec_from_file_location(
        "_govdisclosure_compile_mo", ROOT / "build_tools" / "compile_mo.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while decorating
    spec.loader.exec_module(module)
    return module


class BuildPyWithCatalogs(build_py):
    """``build_py`` that also writes compiled ``.mo`` catalogs."""

    def run(self) -> None:
        super().run()
        compiler = _load_compiler()
        source = ROOT / LOCALE_DIR
        if getattr(self, "editable_mode", False):
            # Editable installs import from the source tree, so the catalogs go there.
            written = compiler.compile_catalogs(source)
        else:
            written = compiler.compile_catalogs(source, Path(self.build_lib) / LOCALE_DIR)
        for mo in written:
            self.announce(f"compiled translation catalog {mo}", level=2)


setup(cmdclass={"build_py": BuildPyWithCatalogs})
