"""Who may see which bank. Every view gets banks through these functions, never through a bare query."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from content.models import Bank


def banks_for_user(user) -> QuerySet[Bank]:
    """Shared banks (no owner) and the user's own."""
    if not user.is_authenticated:
        return Bank.objects.none()
    return Bank.objects.filter(Q(owner__isnull=True) | Q(owner=user))


def get_bank_for_user(user, slug: str) -> Bank:
    """The bank, or 404 for a bank that does not exist *or* that this user may not see (no difference shown)."""
    bank = banks_for_user(user).filter(slug=slug).first()
    if bank is None:
        raise Http404("No such bank.")
    return bank


def can_edit_bank(user, bank: Bank) -> bool:
    return user.is_authenticated and (bank.owner_id == user.pk or user.is_superuser)
