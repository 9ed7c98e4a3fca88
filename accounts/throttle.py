"""Sign-in and password-reset throttling, and the one place that says who the client is.

- The client address: `client_ip` reads it behind the documented reverse proxy (the right-most addresses of
  `X-Forwarded-For` that our own proxies appended; anything to their left is what the client claims and can be
  forged), else `REMOTE_ADDR`. Axes and the reset throttle both use it.
- Sign-in (django-axes): failures count per account *and* address, so nobody can lock a learner out from
  elsewhere; the account is the normalised e-mail, so `Carol@…` and `carol@…` share one count. On top of that an
  address is locked after many failures over any accounts (password spraying). A learner locked out by someone
  else's failures at a shared address has a way in: a password reset, whose link signs them in and lifts the lock.
- Sign-up says when an address already has an account (a learner must learn to sign in instead); such answers
  are capped per client address per hour, so nobody can list the addresses registered here.
- Password reset: a few mails per account per hour (the rest are not sent, and the page says the same thing, so
  it reveals nothing), and a cap per client address (refused with a clear message).
"""

from __future__ import annotations

import ipaddress
from datetime import timedelta
from enum import Enum

from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from accounts.models import PasswordResetRequest, SignupProbe


def _valid_ip(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str:
    """The client's address. Behind N trusted proxies, the N-th address from the right of X-Forwarded-For."""
    remote = request.META.get("REMOTE_ADDR", "") or "0.0.0.0"  # noqa: S104 (a placeholder, never bound)
    proxies = settings.PROXY_COUNT
    if proxies <= 0:
        return remote
    forwarded = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < proxies:
        # Not through our proxy chain (a health check on the app server itself): the peer is the client.
        return remote
    return _valid_ip(forwarded[-proxies]) or remote


def normalise_email(value: str | None) -> str:
    return (value or "").strip().lower()


def axes_username(request: HttpRequest, credentials: dict | None = None) -> str:
    """AXES_USERNAME_CALLABLE: the account a sign-in is for, as the user model stores it (lower case)."""
    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials:
        return normalise_email(credentials.get(field))
    data = getattr(request, "data", None) or request.POST
    return normalise_email(data.get(field))


def address_failures(request: HttpRequest) -> int:
    """Failed sign-ins from this client address over all accounts within the cool-off period."""
    since = timezone.now() - timedelta(hours=settings.AXES_COOLOFF_TIME)
    ip = getattr(request, "axes_ip_address", None) or client_ip(request)
    total = AccessAttempt.objects.filter(ip_address=ip, attempt_time__gte=since).aggregate(
        n=Sum("failures_since_start")
    )["n"]
    return total or 0


def address_locked(request: HttpRequest) -> bool:
    return address_failures(request) >= settings.AXES_ADDRESS_FAILURE_LIMIT


class AxesHandler(AxesDatabaseHandler):
    """Axes' database handler plus the per-address limit (axes itself has one limit for every parameter set)."""

    def is_locked(self, request, credentials: dict | None = None) -> bool:
        return super().is_locked(request, credentials) or address_locked(request)

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        # Axes marks the request as locked out only from the account's own count; the address lock must show
        # its lockout page too, not a plain "wrong password".
        super().user_login_failed(sender, credentials, request=request, **kwargs)
        if request is not None and address_locked(request):
            request.axes_locked_out = True


def lockout_response(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: say which lock applies, for how long, and the way back in."""
    context = {
        "cooloff_minutes": round(settings.AXES_COOLOFF_TIME * 60),
        "address_lock": address_locked(request),
    }
    return render(request, "accounts/locked_out.html", context, status=429)


class ResetVerdict(Enum):
    SEND = "send"
    SKIP = "skip"  # too many mails to this account lately: say "sent", send nothing
    REFUSE = "refuse"  # too many requests from this client: refuse, saying why


RESET_WINDOW = timedelta(hours=1)


def reset_request(request: HttpRequest, email: str) -> ResetVerdict:
    """Record a password-reset request and say whether its mail may go out."""
    now = timezone.now()
    since = now - RESET_WINDOW
    email = normalise_email(email)
    ip = client_ip(request)
    recent = PasswordResetRequest.objects.filter(created_at__gte=since)
    if recent.filter(client_ip=ip).count() >= settings.RESET_REQUESTS_PER_CLIENT:
        return ResetVerdict.REFUSE
    verdict = ResetVerdict.SEND
    if recent.filter(email=email, sent=True).count() >= settings.RESET_MAILS_PER_ACCOUNT:
        verdict = ResetVerdict.SKIP
    PasswordResetRequest.objects.create(
        email=email, client_ip=ip, created_at=now, sent=verdict is ResetVerdict.SEND
    )
    return verdict


SIGNUP_WINDOW = timedelta(hours=1)


def signup_probes_exhausted(request: HttpRequest) -> bool:
    """This client has been told "that address has an account" too often lately: refuse to check more."""
    since = timezone.now() - SIGNUP_WINDOW
    recent = SignupProbe.objects.filter(client_ip=client_ip(request), created_at__gte=since)
    return recent.count() >= settings.SIGNUP_TAKEN_PER_CLIENT


def signup_probe_record(request: HttpRequest) -> None:
    SignupProbe.objects.create(client_ip=client_ip(request))
