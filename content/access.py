"""Who may see which bank. Every view gets banks through these functions, never through a bare query."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from content.models import Bank


def banks_for_user(user) -> QuerySet[Bank]:
    """Shared banks (no owner), the user's own, and those they co-own."""
    if not user.is_authenticated:
        return Bank.objects.none()
    return Bank.objects.filter(Q(owner__isnull=True) | Q(owner=user) | Q(pk__in=_co_owned(user)))


def banks_edited_by(user) -> QuerySet[Bank]:
    """The banks the user owns or co-owns: those they may edit."""
    if not user.is_authenticated:
        return Bank.objects.none()
    return Bank.objects.filter(Q(owner=user) | Q(pk__in=_co_owned(user)))


def _co_owned(user):
    return Bank.co_owners.through.objects.filter(user=user).values("bank_id")


def get_bank_for_user(user, slug: str) -> Bank:
    """The bank, or 404 for a bank that does not exist *or* that this user may not see (no difference shown)."""
    bank = banks_for_user(user).filter(slug=slug).first()
    if bank is None:
        raise Http404("No such bank.")
    return bank


def can_edit_bank(user, bank: Bank) -> bool:
    """The owner, a co-owner (or an administrator) may edit a bank; a shared bank has no editor in the site."""
    if not user.is_authenticated:
        return False
    if bank.owner_id == user.pk or user.is_superuser:
        return True
    return bank.owner_id is not None and bank.co_owners.filter(pk=user.pk).exists()


def bank_for_editor(user, slug: str) -> Bank:
    """The bank, for its owner or a co-owner to edit: 404 for anyone else (as for a bank they cannot see)."""
    bank = get_bank_for_user(user, slug)
    if not can_edit_bank(user, bank):
        raise Http404("No such bank.")
    return bank


def bank_for_owner(user, slug: str) -> Bank:
    """The bank, for its owner alone (sharing it is not for co-owners): 404 for anyone else."""
    bank = get_bank_for_user(user, slug)
    if bank.owner_id != user.pk:
        raise Http404("No such bank.")
    return bank
