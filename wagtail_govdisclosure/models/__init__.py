"""Page types of the disclosure column.

``DisclosureIndexPage`` (an agency's 政府信息公开专栏, holding the agency data) →
``AnnualReportIndexPage`` (its 年报 section) → ``AnnualReportPage`` (one report a year).
"""

from .agency import AgencyInfo, DisclosureIndexPage, validate_uscc
from .reports import SECTION_FIELDS, AnnualReportIndexPage, AnnualReportPage

__all__ = [
    "SECTION_FIELDS",
    "AgencyInfo",
    "AnnualReportIndexPage",
    "AnnualReportPage",
    "DisclosureIndexPage",
    "validate_uscc",
]
