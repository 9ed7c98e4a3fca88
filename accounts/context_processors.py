from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject


def roles(request: HttpRequest) -> dict:
    """`is_instructor` for the navigation. Lazy: it costs two permission queries, and fragments that never show
    the navigation (an exam's autosave reply) should not pay them."""
    user = getattr(request, "user", None)
    return {
        "is_instructor": SimpleLazyObject(lambda: bool(user and user.is_authenticated and user.is_instructor))
    }
