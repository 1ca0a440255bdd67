"""The annual report and the disclosure guide as official PDFs (WeasyPrint).

:func:`render_report_pdf` prints a :class:`~wagtail_govdisclosure.interchange.ReportDocument`,
:func:`render_guide_pdf` a disclosure guide page;
:class:`PdfUnavailable` says which Debian package is missing when the system cannot.
"""

from .guide import render_guide_pdf
from .render import render_report_pdf, report_html
from .system import PdfUnavailable, check_pdf_support

__all__ = [
    "PdfUnavailable",
    "check_pdf_support",
    "render_guide_pdf",
    "render_report_pdf",
    "report_html",
]
