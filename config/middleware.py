"""Project-wide middleware."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers


def _megabytes(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB"


class RequestSizeLimitMiddleware:
    """Refuse a request body over `MAX_REQUEST_BYTES` from its declared length, before anything reads it.

    Django checks `DATA_UPLOAD_MAX_MEMORY_SIZE` only for form fields, never for files, so without this a 60 MB
    upload would be read (and spooled to disk) before the form said it was too large. It sits before the CSRF and
    session middleware, which would otherwise read the body first. The proxy in front has the same limit
    (docs/operations.md), so an oversized body does not even reach the app there.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_REQUEST_BYTES:
            return self.too_large(request, length)
        return self.get_response(request)

    def too_large(self, request: HttpRequest, length: int) -> HttpResponse:
        context = {"size": _megabytes(length), "limit": _megabytes(settings.MAX_UPLOAD_BYTES)}
        if request.headers.get("HX-Request") == "true":
            # An htmx request (the live notes preview): the message goes to the page's alert region.
            response = render(request, "errors/_request_too_large.html", context, status=413)
            response["HX-Retarget"] = "#htmx-alerts"
            response["HX-Reswap"] = "innerHTML"
            return response
        return render(request, "errors/request_too_large.html", context, status=413)


class PrivatePagesMiddleware:
    """Every response gets the Permissions-Policy; a response to a signed-in user is never stored by the browser
    or a proxy (`Cache-Control: private, no-store`): pages show attempts, answers and results, and a shared
    computer's back button or disk cache must not show them to the next person."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            add_never_cache_headers(response)  # max-age=0, no-cache, no-store, must-revalidate, private
        return response
