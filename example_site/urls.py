"""URL configuration of the example county portal."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from example_site.api import api_router

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/", api_router.urls),
    # The sitemap index and its pages (every URL reachable, whatever the size of the site).
    path("", include("wagtail_govdisclosure.sitemaps")),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    # Development only: serve static and uploaded files from runserver.
    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [
    # The disclosure column's own URLs (report PDFs), before Wagtail's page serving.
    path("", include("wagtail_govdisclosure.urls")),
    # Wagtail's page serving catches everything else: keep it last.
    path("", include(wagtail_urls)),
]
