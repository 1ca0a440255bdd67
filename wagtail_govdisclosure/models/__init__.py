"""Page types of the disclosure column.

``DisclosureIndexPage`` (an agency's 政府信息公开专栏, holding the agency data) →
``AnnualReportIndexPage`` (its 年报 section) → ``AnnualReportPage`` (one report a year).
"""

from ..pdf.records import StoredPdfRecord
from .agency import AgencyInfo, DisclosureIndexPage, validate_uscc
from .guide import DisclosureApplicationPage, DisclosureGuidePage, DisclosurePolicyPage
from .notices import (
    IndexNumberCounter,
    NoticeAttachment,
    NoticeCategory,
    NoticeIndexPage,
    NoticePage,
)
from .reports import SECTION_FIELDS, AnnualReportIndexPage, AnnualReportPage
from .sources import ReportSourceFile
from .summary import ReportSummary

__all__ = [
    "SECTION_FIELDS",
    "AgencyInfo",
    "AnnualReportIndexPage",
    "AnnualReportPage",
    "DisclosureApplicationPage",
    "DisclosureGuidePage",
    "DisclosureIndexPage",
    "DisclosurePolicyPage",
    "IndexNumberCounter",
    "NoticeAttachment",
    "NoticeCategory",
    "NoticeIndexPage",
    "NoticePage",
    "ReportSourceFile",
    "ReportSummary",
    "StoredPdfRecord",
    "validate_uscc",
]
