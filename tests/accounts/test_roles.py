from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from accounts.demo import DEMO_ACCOUNTS, ensure_demo_accounts
from accounts.models import User

pytestmark = pytest.mark.django_db


def test_new_users_are_learners(student):
    assert not student.is_instructor


def test_make_instructor_command_grants_the_role_once(student, capsys):
    call_command("make_instructor", "STUDENT@example.com")
    assert "is now an instructor" in capsys.readouterr().out
    assert User.objects.get(pk=student.pk).is_instructor
    call_command("make_instructor", student.email)
    assert "already an instructor" in capsys.readouterr().out


def test_make_instructor_command_for_unknown_email_fails_clearly():
    with pytest.raises(CommandError, match="No account has the e-mail address"):
        call_command("make_instructor", "nobody@example.com")


def test_demo_accounts_are_created_once_and_can_sign_in():
    assert len(ensure_demo_accounts()) == 2
    assert ensure_demo_accounts() == []
    learner, teacher = (User.objects.get(email=a["email"]) for a in DEMO_ACCOUNTS)
    assert learner.check_password(DEMO_ACCOUNTS[0]["password"]) and not learner.is_instructor
    assert teacher.check_password(DEMO_ACCOUNTS[1]["password"]) and teacher.is_instructor


def test_create_user_without_email_is_refused():
    with pytest.raises(ValueError, match="e-mail address is required"):
        User.objects.create_user("", "x")
