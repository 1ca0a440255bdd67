"""Serving the PDFs: the report's public ``<report page URL>report.pdf`` and its draft preview,
the disclosure guide's ``<guide page URL>guide.pdf``.

One view, :func:`serve_pdf`, serves the stored PDFs of both (the storage is private:
no other URL reaches them); it serves the live content of a live, public page from
storage (:mod:`.storage`); the preview prints the latest revision, is never stored, and
answers only to users who may edit the page, in the Wagtail admin.

``report.pdf`` cannot be a ``RoutablePageMixin`` route: Wagtail's page-serving
pattern only takes path segments of letters, digits, ``-`` and ``_`` ending in
``/``. :mod:`.urls` therefore matches ``<page path>report.pdf`` before Wagtail's
catch-all and routes the page path as Wagtail does (site, locale, live pages only); the
same for ``guide.pdf``.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.models import Page

from .guide import is_guide, published_guide_pdf
from .render import render_report_pdf
from .storage import PdfPending, StoredPdf, forget, pdf_storage, published_pdf
from .system import PdfUnavailable

logger = logging.getLogger(__name__)

PREVIEW_URL_NAME = "wagtail_govdisclosure_report_pdf_preview"

_UNSAFE_IN_FILENAME = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]+')


def content_disposition(title: str) -> str:
    """``inline`` with the title as file name (RFC 6266), e.g. for 「…年度报告.pdf」."""
    filename = _UNSAFE_IN_FILENAME.sub(" ", title).strip() or "report"
    return f"inline; filename*=UTF-8''{quote(filename + '.pdf', safe='')}"


def is_public(request: HttpRequest, page: Page) -> bool:
    """Whether the page is live and every view restriction on it lets the request through."""
    if not page.live:
        return False
    return all(restriction.accept_request(request) for restriction in page.get_view_restrictions())


def is_report(page: Page) -> bool:
    """Whether ``page`` is an annual report (it prints its interchange document)."""
    return hasattr(page, "get_document")


def serve_pdf(request: HttpRequest, page: Page) -> HttpResponse:
    """The stored PDF of a live, public report or guide: the only way a stored PDF is read.

    Serves the live content only (never a draft), from the PDF storage (private: no
    URL of its own). 404 for a page that is not live or that the request may not see;
    503 with ``Retry-After`` while another process makes the PDF beyond the wait, or
    when the system cannot make PDFs (the reason is logged and shown to editors in the
    preview).
    """
    page = page.specific
    if is_report(page):
        make, unavailable = published_pdf, _("The PDF of this report cannot be made at the moment.")
    elif is_guide(page):
        make, unavailable = (
            published_guide_pdf,
            _("The PDF of this guide cannot be made at the moment."),
        )
    else:
        raise Http404
    if not page.live:
        raise Http404
    restrictions = list(page.get_view_restrictions())
    if not all(restriction.accept_request(request) for restriction in restrictions):
        raise Http404
    for attempt in range(2):
        try:
            stored = make(page)
        except PdfUnavailable as error:
            logger.error("Cannot serve the PDF of page %s: %s", page.pk, error)
            return _unavailable(unavailable)
        except PdfPending as pending:
            response = _unavailable(_("The PDF is being made. Please try again shortly."))
            response["Retry-After"] = str(pending.retry_after)
            return response
        try:
            return stored_pdf_response(request, stored, private=bool(restrictions))
        except FileNotFoundError:
            # Removed from storage behind its record: make it again, once.
            logger.warning("The stored PDF %s of page %s is missing", stored.name, page.pk)
            forget(page.pk, stored.name)
            if attempt:
                raise
    raise AssertionError("unreachable")


def serve_report_pdf(request: HttpRequest, page: Page) -> HttpResponse:
    """The PDF of a published report (``<page URL>report.pdf``); see :func:`serve_pdf`."""
    if not is_report(page.specific):
        raise Http404
    return serve_pdf(request, page)


def _unavailable(message: str) -> HttpResponse:
    return HttpResponse(message, status=503, content_type="text/plain; charset=utf-8")


def stored_pdf_response(request: HttpRequest, stored: StoredPdf, *, private: bool) -> HttpResponse:
    """The stored PDF as an inline download, with its ETag (304 when the client has it)."""
    etag = f'"{stored.fingerprint}"'
    not_modified = get_conditional_response(request, etag=etag)
    if not_modified is not None:
        response: HttpResponse = not_modified
    else:
        file = pdf_storage().open(stored.name, "rb")
        response = FileResponse(file, content_type="application/pdf")
        response["Content-Length"] = str(stored.size)
        response["Content-Disposition"] = content_disposition(stored.title)
    response["ETag"] = etag
    # The URL stays while publications change it: revalidate (cheap, with the ETag).
    patch_cache_control(
        response, no_cache=True, **({"private": True} if private else {"public": True})
    )
    return response


def routed_public_page(
    request: HttpRequest, page_path: str, accepts: Callable[[Page], bool]
) -> Page | HttpResponse:
    """The live, public page at ``page_path`` that ``accepts`` takes, or a hook's response.

    Routes the path as Wagtail serves pages (404 for anything else), then runs the
    page's ``before_serve_page`` hooks as they would run for the page itself, so a
    portal's access rules apply to its PDF.
    """
    route = Page.route_for_request(request, page_path)
    if route is None:
        raise Http404
    page, args, kwargs = route
    if args or kwargs:  # a sub-route of a routable page, not the page itself
        raise Http404
    page = page.specific
    if not accepts(page) or not is_public(request, page):
        raise Http404
    for hook in hooks.get_hooks("before_serve_page"):
        result = hook(page, request, args, kwargs)
        if isinstance(result, HttpResponse):
            return result
    return page


def report_pdf_at(request: HttpRequest, page_path: str) -> HttpResponse:
    """``<page path>report.pdf``: route the path as Wagtail serves pages, then serve the PDF."""
    page = routed_public_page(request, page_path, is_report)
    if isinstance(page, HttpResponse):
        return page
    return serve_report_pdf(request, page)


def serve_guide_pdf(request: HttpRequest, page: Page) -> HttpResponse:
    """The PDF of a live disclosure guide (``<guide URL>guide.pdf``); see :func:`serve_pdf`."""
    if not is_guide(page.specific):
        raise Http404
    return serve_pdf(request, page)


def guide_pdf_at(request: HttpRequest, page_path: str) -> HttpResponse:
    """``<page path>guide.pdf``: route the path as Wagtail serves pages, then serve the PDF."""
    page = routed_public_page(request, page_path, is_guide)
    if isinstance(page, HttpResponse):
        return page
    return serve_guide_pdf(request, page)


def pdf_url(page: Page) -> str:
    """The public URL of a report page's PDF (relative when the page's site is the current one)."""
    return f"{page.url}report.pdf" if page.url else ""


def guide_pdf_url(page: Page) -> str:
    """The public URL of a disclosure guide's PDF (relative as :func:`pdf_url`)."""
    return f"{page.url}guide.pdf" if page.url else ""


def preview_report_pdf(request: HttpRequest, page_id: int) -> HttpResponse:
    """The PDF of a report's latest revision (draft included), for its editors only.

    An admin view: Wagtail requires an admin login for it; the page's edit
    permission is required on top. Not stored, marked as a preview on every page.
    """
    page = get_object_or_404(Page, id=page_id).specific
    if not hasattr(page, "get_document"):
        raise Http404
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    document = page.get_latest_revision_as_object().get_document()
    try:
        pdf = render_report_pdf(document, base_url=page.get_full_url(request) or None, preview=True)
    except PdfUnavailable as error:
        messages.error(request, str(error))
        return redirect("wagtailadmin_pages:edit", page.id)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition(document.title)
    response["X-Robots-Tag"] = "noindex"
    patch_cache_control(response, private=True, no_store=True)
    return response


def preview_url(page: Page) -> str:
    """The admin URL of a page's draft PDF."""
    return reverse(PREVIEW_URL_NAME, args=[page.pk])


def admin_urls() -> list[Any]:
    """The admin URL of the preview (registered by :mod:`.hooks`)."""
    return [
        path(
            "govdisclosure/reports/<int:page_id>/preview.pdf",
            preview_report_pdf,
            name=PREVIEW_URL_NAME,
        )
    ]
