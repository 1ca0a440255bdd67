"""What the PDF needs from the system, and a clear error when it is missing.

WeasyPrint lays text out with Pango (through HarfBuzz and fontconfig), libraries
loaded when ``weasyprint`` is imported; the report's typography needs the Noto CJK
fonts of Debian's ``fonts-noto-cjk``. Both are system packages that ``pip`` cannot
install, so a portal without them must say which package to install instead of
failing inside WeasyPrint or, worse, printing the report in a fallback font whose
missing glyphs show as boxes.
"""

from __future__ import annotations

import functools
import importlib
import re
from types import ModuleType

from django.utils.translation import gettext as _

#: The faces the PDF stylesheet names: (family, style, weight for fontconfig).
#: The serif (宋体-like) sets the body and the tables, its bold the title; the sans
#: (黑体-like) the headings.
REQUIRED_FONTS: tuple[tuple[str, str], ...] = (
    ("Noto Serif CJK SC", "Regular"),
    ("Noto Serif CJK SC", "Bold"),
    ("Noto Sans CJK SC", "Regular"),
)
#: The Debian package holding :data:`REQUIRED_FONTS`.
FONT_PACKAGE = "fonts-noto-cjk"

# Library names WeasyPrint tries first (see weasyprint/text/ffi.py) → Debian package.
_LIBRARY_PACKAGES = {
    "libgobject-2.0-0": "libglib2.0-0",
    "libpango-1.0-0": "libpango-1.0-0",
    "libharfbuzz-0": "libharfbuzz0b",
    "libharfbuzz-subset-0": "libharfbuzz-subset0",
    "libfontconfig-1": "libfontconfig1",
    "libpangoft2-1.0-0": "libpangoft2-1.0-0",
}
_LIBRARY_IN_ERROR = re.compile(r"cannot load library '([^']+)'")


class PdfUnavailable(RuntimeError):
    """The PDF cannot be made on this system; the message names what to install."""

    def __init__(self, message: str, package: str = ""):
        super().__init__(message)
        #: The Debian package to install, when one is known.
        self.package = package


def missing_library_error(error: OSError) -> PdfUnavailable:
    """The :class:`PdfUnavailable` for WeasyPrint's failure to load a system library."""
    match = _LIBRARY_IN_ERROR.search(str(error))
    library = match.group(1) if match else ""
    package = _LIBRARY_PACKAGES.get(library, "libpango-1.0-0")
    return PdfUnavailable(
        _(
            "Cannot make the PDF: the system library %(library)s is missing "
            "(Debian: apt-get install %(package)s)."
        )
        % {"library": library or "Pango", "package": package},
        package=package,
    )


def missing_font_error(family: str) -> PdfUnavailable:
    """The :class:`PdfUnavailable` for a font the stylesheet names and fontconfig lacks."""
    return PdfUnavailable(
        _(
            "Cannot make the PDF: the system font %(font)s is missing "
            "(package %(package)s; Debian: apt-get install %(package)s)."
        )
        % {"font": family, "package": FONT_PACKAGE},
        package=FONT_PACKAGE,
    )


def load_weasyprint() -> ModuleType:
    """Import WeasyPrint, turning a missing system library into :class:`PdfUnavailable`."""
    try:
        return importlib.import_module("weasyprint")
    except OSError as error:
        raise missing_library_error(error) from error
    except ImportError as error:
        raise PdfUnavailable(
            _("Cannot make the PDF: the Python package WeasyPrint is not installed.")
        ) from error


def font_match(family: str, style: str = "Regular") -> tuple[str, str]:
    """The ``(family, style)`` fontconfig picks for the request (what Pango will use).

    Fontconfig never fails a match: for a family it does not have it answers with
    a substitute, so a missing font shows as a different family in the answer.
    """
    load_weasyprint()
    from weasyprint.text.ffi import ffi, fontconfig

    config = fontconfig.FcInitLoadConfigAndFonts()
    pattern = fontconfig.FcPatternCreate()
    try:
        fontconfig.FcPatternAddString(pattern, b"family", family.encode())
        fontconfig.FcPatternAddString(pattern, b"style", style.encode())
        fontconfig.FcConfigSubstitute(config, pattern, fontconfig.FcMatchPattern)
        fontconfig.FcDefaultSubstitute(pattern)
        result = ffi.new("FcResult *")
        matched = fontconfig.FcFontMatch(config, pattern, result)
        if matched == ffi.NULL:
            return "", ""
        try:
            return _string(ffi, fontconfig, matched, b"family"), _string(
                ffi, fontconfig, matched, b"style"
            )
        finally:
            fontconfig.FcPatternDestroy(matched)
    finally:
        fontconfig.FcPatternDestroy(pattern)
        fontconfig.FcConfigDestroy(config)


def _string(ffi, fontconfig, pattern, name: bytes) -> str:
    value = ffi.new("FcChar8 **")
    if fontconfig.FcPatternGetString(pattern, name, 0, value) != fontconfig.FcResultMatch:
        return ""
    return ffi.string(value[0]).decode("utf-8", "replace")


def check_pdf_support(fonts: tuple[tuple[str, str], ...] | None = None) -> None:
    """Raise :class:`PdfUnavailable` unless WeasyPrint and every font the PDF uses load.

    The answer is cached per set of fonts (fonts are not installed while a portal
    runs; a restart picks up an installation).
    """
    _check(REQUIRED_FONTS if fonts is None else fonts)


@functools.cache
def _check(fonts: tuple[tuple[str, str], ...]) -> None:
    for family, style in fonts:
        found, found_style = font_match(family, style)
        if found.casefold() != family.casefold():
            raise missing_font_error(family)
        # fontconfig falls back to the regular face (and WeasyPrint would embolden it)
        # when a bold face is missing.
        if style.casefold() not in found_style.casefold():
            raise missing_font_error(f"{family} {style}")
