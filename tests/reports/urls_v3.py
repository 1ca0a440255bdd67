"""The example portal's URLs plus Wagtail 8's API v3, for the API v3 publish test."""

from django.urls import path
from wagtail.api.v3.urls import api as v3_api

from example_site.urls import urlpatterns as portal_urlpatterns

urlpatterns = [path("api/v3/", v3_api.urls), *portal_urlpatterns]
