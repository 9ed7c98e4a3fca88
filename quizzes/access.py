"""Who may see which attempt. Every view gets attempts and their items through these functions, never through a
bare query, so an attempt id that is not the user's is a 404 whether it exists or not."""

from __future__ import annotations

from django.http import Http404

from quizzes.models import Attempt, AttemptItem


def attempt_for_user(user, pk: int) -> Attempt:
    """The attempt if it is this user's; 404 otherwise, whether it exists or not."""
    attempt = (
        Attempt.objects.select_related("quiz", "blueprint").filter(pk=pk, user=user).first()
        if user.is_authenticated
        else None
    )
    if attempt is None:
        raise Http404("No such attempt.")
    return attempt


def item_for(attempt: Attempt, number: int) -> AttemptItem:
    """Item `number` (1-based) of an attempt already checked by `attempt_for_user`, with the version it showed,
    its question's topic, domain and bank, in one query."""
    item = (
        AttemptItem.objects.select_related(
            "version", "question__topic", "question__domain", "question__parent", "question__bank"
        )
        .filter(attempt=attempt, position=number - 1)
        .first()
    )
    if item is None:
        raise Http404("No such question in this attempt.")
    return item
