"""Granting roles. Learner is everyone's default; instructor is a group holding the `accounts.instructor` permission."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission

from accounts.models import INSTRUCTORS_GROUP, User


def instructors_group() -> Group:
    group, _ = Group.objects.get_or_create(name=INSTRUCTORS_GROUP)
    permission = Permission.objects.get(codename="instructor", content_type__app_label="accounts")
    group.permissions.add(permission)
    return group


def make_instructor(user: User) -> bool:
    """Add the user to the Instructors group; returns False when they already were an instructor."""
    group = instructors_group()
    if user.groups.filter(pk=group.pk).exists():
        return False
    user.groups.add(group)
    return True
