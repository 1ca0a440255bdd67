"""Settings of the example county portal (嘉祥县人民政府).

A development/demo configuration: the database comes from ``DATABASE_URL`` (SQLite in the
repository by default), ``DEBUG`` from ``DJANGO_DEBUG``. Not a production configuration.
"""

import os
from pathlib import Path

import dj_database_url

SITE_DIR = Path(__file__).resolve().parent
REPO_DIR = SITE_DIR.parent


def _env_flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


SECRET_KEY = os.environ.get(
    "DJANGO_SECRET_KEY", "django-insecure-example-site-dev-only-never-use-in-production"
)
DEBUG = _env_flag("DJANGO_DEBUG", default=True)
ALLOWED_HOSTS = os.environ.get(
    "DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver"
).split(",")

INSTALLED_APPS = [
    # The host portal first so that its templates win over the apps' defaults.
    "example_site.portal",
    "wagtail_govdisclosure",
    "wagtail_govdisclosure.registers",
    # Background tasks (PDFs at publication): the queue in the database, run by
    # "manage.py govdisclosure_worker" (or django-tasks-db's own "db_worker").
    "django_tasks",
    "django_tasks_db",
    "wagtail_modeladmin",
    "import_export",
    "wagtail.api.v2",
    "rest_framework",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Turns a report refused at workflow approval into a message instead of an error page.
    "wagtail_govdisclosure.publishing.PublishRefusedMiddleware",
]

ROOT_URLCONF = "example_site.urls"
WSGI_APPLICATION = "example_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{SITE_DIR / 'db.sqlite3'}",
        conn_max_age=0,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalisation: the public site is in Simplified Chinese; editors may pick English
# in their Wagtail account settings.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
USE_I18N = True
TIME_ZONE = "Asia/Shanghai"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = SITE_DIR / "static_collected"
MEDIA_URL = "/media/"
MEDIA_ROOT = SITE_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The column's PDFs are private (served only by the view that checks the page). Without a
# "govdisclosure_pdfs" entry they go to a folder beside MEDIA_ROOT; with S3_ENDPOINT_URL
# and S3_BUCKET (docs/deploying.md) to an S3-compatible bucket, private, shared by servers.
if os.environ.get("S3_BUCKET"):
    STORAGES["govdisclosure_pdfs"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["S3_BUCKET"],
            "endpoint_url": os.environ.get("S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("S3_REGION", "us-east-1"),
            "default_acl": "private",
            "file_overwrite": False,
        },
    }

# One cache shared by every process when REDIS_URL is set (the PDF render locks, the
# sessions of several servers); a per-process memory cache for the single-process demo.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": "portal",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# A frontend cache (Varnish, nginx proxy_cache…) in front of the servers: PURGE requests to
# FRONTEND_CACHE_PURGE_URL for the published page, its column's lists and its PDF.
if os.environ.get("FRONTEND_CACHE_PURGE_URL"):
    INSTALLED_APPS.append("wagtail.contrib.frontend_cache")
    WAGTAILFRONTENDCACHE = {
        "http": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": os.environ["FRONTEND_CACHE_PURGE_URL"],
        }
    }

# Background tasks: the database queue by default (the tests switch to the immediate
# backend); DJANGO_TASKS_BACKEND names another backend class.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("DJANGO_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# Wagtail's page editor posts many fields for large StreamFields (annual report tables).
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

WAGTAIL_SITE_NAME = "嘉祥县人民政府"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "wagtail.search.backends.database"},
}
# Formats Chinese government offices actually publish (OFD and WPS included).
WAGTAILDOCS_EXTENSIONS = ["pdf", "ofd", "doc", "docx", "wps", "xls", "xlsx", "et", "csv", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 50 * 1024 * 1024

# Seconds a PDF render may hold its lock (docs/deploying.md).
WAGTAIL_GOVDISCLOSURE_PDF_RENDER_TIMEOUT = int(
    os.environ.get("WAGTAIL_GOVDISCLOSURE_PDF_RENDER_TIMEOUT", "120")
)

# The disclosure column renders inside the portal's own page frame.
WAGTAIL_GOVDISCLOSURE_BASE_TEMPLATE = "portal/base.html"
