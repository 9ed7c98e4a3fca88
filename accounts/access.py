"""Who may see which class. Views get classes through these functions, never through a bare query, so a class
that is not the user's is a 404 whether it exists or not."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from accounts.models import Classroom


def classes_taught(user) -> QuerySet[Classroom]:
    """The classes the user owns or co-teaches (instructors only)."""
    if not user.is_authenticated or not user.is_instructor:
        return Classroom.objects.none()
    return Classroom.objects.filter(Q(owner=user) | Q(co_instructors=user)).distinct()


def class_for_teacher(user, pk: int) -> Classroom:
    classroom = classes_taught(user).select_related("owner").filter(pk=pk).first()
    if classroom is None:
        raise Http404("No such class.")
    return classroom


def classes_joined(user) -> QuerySet[Classroom]:
    if not user.is_authenticated:
        return Classroom.objects.none()
    return Classroom.objects.filter(enrollments__learner=user)
