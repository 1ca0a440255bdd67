"""Public URLs of the disclosure column that Wagtail's page serving cannot route.

Include before Wagtail's own page serving in the portal's ``urls.py``::

    path("", include("wagtail_govdisclosure.urls")),
    path("", include(wagtail_urls)),
"""

from django.urls import include, path

urlpatterns = [
    # <report page URL>report.pdf: Wagtail's serving pattern only routes paths ending in "/".
    path("", include("wagtail_govdisclosure.pdf.urls")),
]
