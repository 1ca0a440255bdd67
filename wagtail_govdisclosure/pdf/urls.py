"""``<report page URL>report.pdf`` and ``<guide page URL>guide.pdf``: include before Wagtail's
page serving.

In the portal's ``urls.py``, before ``path("", include(wagtail_urls))``::

    path("", include("wagtail_govdisclosure.pdf.urls")),
"""

from django.urls import re_path

from .views import guide_pdf_at, report_pdf_at

# The page path as Wagtail's own serving pattern reads it (segments ending in "/").
urlpatterns = [
    re_path(
        r"^(?P<page_path>(?:[\w\-]+/)*)report\.pdf$",
        report_pdf_at,
        name="wagtail_govdisclosure_report_pdf",
    ),
    re_path(
        r"^(?P<page_path>(?:[\w\-]+/)*)guide\.pdf$",
        guide_pdf_at,
        name="wagtail_govdisclosure_guide_pdf",
    ),
]
