"""The annual report as an official PDF (WeasyPrint).

:func:`render_report_pdf` prints a :class:`~wagtail_govdisclosure.interchange.ReportDocument`;
:class:`PdfUnavailable` says which Debian package is missing when the system cannot.
"""

from .render import render_report_pdf, report_html
from .system import PdfUnavailable, check_pdf_support

__all__ = ["PdfUnavailable", "check_pdf_support", "render_report_pdf", "report_html"]
