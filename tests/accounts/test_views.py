from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD

User = get_user_model()
pytestmark = pytest.mark.django_db


def test_signup_creates_learner_signs_in_and_redirects_to_dashboard(client):
    response = client.post(
        reverse("accounts:signup"),
        {"email": "New@Example.com", "display_name": "Nia", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")
    user = User.objects.get()
    assert user.email == "new@example.com"
    assert not user.is_instructor
    assert client.get(reverse("dashboard")).context["user"] == user


def test_signup_refuses_duplicate_email_whatever_its_case(client, student):
    response = client.post(
        reverse("accounts:signup"),
        {"email": "STUDENT@example.com", "display_name": "", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 400
    assert "already exists" in response.content.decode()
    assert User.objects.count() == 1


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short1", "too short"),
        ("kx7-rpqz-9w", "at least 12 characters"),  # 11: ASVS asks for 12
        ("password123", "too common"),
        ("839102746153", "entirely numeric"),
    ],
)
def test_signup_refuses_weak_password_with_validator_message(client, password, message):
    response = client.post(
        reverse("accounts:signup"),
        {"email": "weak@example.com", "password1": password, "password2": password},
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not User.objects.exists()


def test_signup_refuses_mismatched_passwords(client):
    response = client.post(
        reverse("accounts:signup"),
        {"email": "m@example.com", "password1": PASSWORD, "password2": PASSWORD + "x"},
    )
    assert response.status_code == 400
    assert "do not match" in response.content.decode()
    assert not User.objects.exists()


def test_signup_wrong_method_is_405(client):
    assert client.put(reverse("accounts:signup")).status_code == 405


def test_signup_requires_csrf_token(student):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(
        reverse("accounts:signup"),
        {"email": "c@example.com", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 403
    assert not User.objects.filter(email="c@example.com").exists()


def test_sign_in_by_email_then_sign_out(client, student):
    response = client.post(
        reverse("accounts:login"), {"username": "Student@Example.com", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert client.get(reverse("dashboard")).status_code == 302


def test_wrong_password_shows_clear_error(client, student):
    response = client.post(
        reverse("accounts:login"), {"username": student.email, "password": "nope-nope-nope"}
    )
    assert response.status_code == 200
    assert "do not match an account" in response.content.decode()


def test_five_failures_lock_the_account_for_that_address(client, student):
    url = reverse("accounts:login")
    for _ in range(5):
        client.post(url, {"username": student.email, "password": "wrong-password"}, REMOTE_ADDR="10.0.0.7")
    response = client.post(url, {"username": student.email, "password": PASSWORD}, REMOTE_ADDR="10.0.0.7")
    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # The same account from another address is not locked (the lock is per account and address).
    other = client.post(url, {"username": student.email, "password": PASSWORD}, REMOTE_ADDR="10.0.0.8")
    assert other.status_code == 302


def test_four_failures_then_success_resets_the_count(client, student):
    url = reverse("accounts:login")
    for _ in range(4):
        client.post(url, {"username": student.email, "password": "wrong-password"})
    assert client.post(url, {"username": student.email, "password": PASSWORD}).status_code == 302


def test_anonymous_dashboard_and_profile_redirect_to_sign_in(client):
    for name in ("dashboard", "accounts:profile", "accounts:password_change"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_profile_saves_display_name_and_exam_date(student_client, student):
    response = student_client.post(
        reverse("accounts:profile"), {"display_name": "Samira", "target_exam_date": "2027-03-01"}
    )
    assert response.status_code == 302
    student.refresh_from_db()
    assert student.display_name == "Samira"
    assert str(student.target_exam_date) == "2027-03-01"


def test_profile_refuses_a_bad_date(student_client, student):
    response = student_client.post(
        reverse("accounts:profile"), {"display_name": "S", "target_exam_date": "31/31/2027"}
    )
    assert response.status_code == 400
    assert "Enter a valid date" in response.content.decode()
    student.refresh_from_db()
    assert student.target_exam_date is None


def test_profile_wrong_method_is_405(student_client):
    assert student_client.delete(reverse("accounts:profile")).status_code == 405


def test_password_change_needs_the_old_password(student_client, student):
    url = reverse("accounts:password_change")
    bad = student_client.post(
        url, {"old_password": "wrong", "new_password1": "n3w-passphrase!", "new_password2": "n3w-passphrase!"}
    )
    assert bad.status_code == 200
    assert "Your old password was entered incorrectly" in bad.content.decode()
    good = student_client.post(
        url,
        {"old_password": PASSWORD, "new_password1": "n3w-passphrase!", "new_password2": "n3w-passphrase!"},
    )
    assert good.status_code == 302
    student.refresh_from_db()
    assert student.check_password("n3w-passphrase!")


def test_password_reset_sends_a_working_link(client, student):
    response = client.post(reverse("accounts:password_reset"), {"email": student.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/password/reset/" in line)
    path = link.split("testserver", 1)[1]
    form_page = client.get(path, follow=True)
    set_url = form_page.redirect_chain[-1][0]
    done = client.post(set_url, {"new_password1": "brand-new-pass-9", "new_password2": "brand-new-pass-9"})
    assert done.status_code == 302
    student.refresh_from_db()
    assert student.check_password("brand-new-pass-9")


def test_password_reset_for_unknown_email_sends_nothing_and_says_the_same(client):
    response = client.post(reverse("accounts:password_reset"), {"email": "ghost@example.com"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_navigation_changes_with_user_and_role(client, student, instructor):
    anonymous = client.get(reverse("home")).content.decode()
    assert "Sign in" in anonymous and "Sign out" not in anonymous
    client.force_login(student, backend="django.contrib.auth.backends.ModelBackend")
    learner_page = client.get(reverse("home")).content.decode()
    teach = f'href="{reverse("quizzes:teach")}"'
    assert "Sign out" in learner_page and teach not in learner_page
    client.force_login(instructor, backend="django.contrib.auth.backends.ModelBackend")
    assert teach in client.get(reverse("home")).content.decode()


def test_base_page_serves_bundled_htmx_and_csrf_header(client, student):
    client.force_login(student, backend="django.contrib.auth.backends.ModelBackend")
    html = client.get(reverse("dashboard")).content.decode()
    assert "/static/django_htmx/htmx-2.min.js" in html
    assert 'hx-headers=\'{"X-CSRFToken": "' in html
    scripts = re.findall(r'<script[^>]*src="([^"]+)"', html)
    assert scripts and all(src.startswith("/static/") for src in scripts), scripts
    assert 'class="skip-link"' in html


def test_signup_says_an_address_is_taken_only_so_often_per_client(client, student, settings):
    settings.SIGNUP_TAKEN_PER_CLIENT = 3
    taken = {"email": "student@example.com", "display_name": "", "password1": PASSWORD, "password2": PASSWORD}
    for _ in range(3):
        assert "already exists" in client.post(reverse("accounts:signup"), taken).content.decode()
    refused = client.post(reverse("accounts:signup"), taken)
    html = refused.content.decode()
    assert refused.status_code == 429 and "already exists" not in html and "Too many sign-ups" in html
    # Past the cap the answer no longer depends on the address: a free one is refused the same way.
    free = client.post(reverse("accounts:signup"), taken | {"email": "free@example.com"})
    assert free.status_code == 429 and User.objects.count() == 1
    # Another client address is not affected.
    other = Client(REMOTE_ADDR="198.51.100.7")
    assert "already exists" in other.post(reverse("accounts:signup"), taken).content.decode()
