"""Sign-in and password-reset throttling: what a probe found, each as a test (accounts/throttle.py)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from axes.models import AccessAttempt
from django.core import mail
from django.test import RequestFactory
from django.urls import reverse

from accounts.throttle import client_ip
from tests.conftest import PASSWORD
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
LOGIN = reverse("accounts:login")


def _fail(client, email, times=1, **meta):
    for _ in range(times):
        response = client.post(LOGIN, {"username": email, "password": "not-the-password"}, **meta)
        assert response.status_code in (200, 429)


def _sign_in(client, email, **meta):
    return client.post(LOGIN, {"username": email, "password": PASSWORD}, **meta)


@pytest.mark.parametrize("variant", ["Student@example.com", "STUDENT@EXAMPLE.COM", "  student@Example.com "])
def test_the_lock_counts_the_address_whatever_its_case(client, student, variant):
    _fail(client, "student@example.com", times=5)
    response = _sign_in(client, variant)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_failures_in_mixed_case_add_up_to_one_lock(client, student):
    for variant in (
        "student@example.com",
        "Student@example.com",
        "STUDENT@example.com",
        "sTudent@example.com",
    ):
        _fail(client, variant)
    _fail(client, "StUdEnT@example.com")
    assert _sign_in(client, "student@example.com").status_code == 429


def test_client_ip_without_a_proxy_is_the_peer(settings):
    settings.PROXY_COUNT = 0
    request = RequestFactory().get("/", REMOTE_ADDR="10.1.2.3", HTTP_X_FORWARDED_FOR="6.6.6.6")
    assert client_ip(request) == "10.1.2.3"


@pytest.mark.parametrize(
    ("forwarded", "expected"),
    [
        ("203.0.113.7", "203.0.113.7"),
        ("6.6.6.6, 203.0.113.7", "203.0.113.7"),  # the left entry is the client's own claim: forged
        ("  203.0.113.7  ", "203.0.113.7"),
        ("", "127.0.0.1"),  # not through the proxy: the peer itself
        ("not-an-address", "127.0.0.1"),
    ],
)
def test_client_ip_behind_one_proxy_is_the_address_the_proxy_appended(settings, forwarded, expected):
    settings.PROXY_COUNT = 1
    request = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_behind_two_proxies_the_second_address_from_the_right_is_the_client(settings):
    settings.PROXY_COUNT = 2
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7, 10.0.0.1"
    )
    assert client_ip(request) == "203.0.113.7"


def test_behind_the_proxy_one_clients_failures_do_not_lock_the_account_for_others(client, student, settings):
    settings.PROXY_COUNT = 1
    attacker = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.66"}
    _fail(client, student.email, times=5, **attacker)
    assert _sign_in(client, student.email, **attacker).status_code == 429
    learner = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "198.51.100.20"}
    assert _sign_in(client, student.email, **learner).status_code == 302


def test_a_forged_forwarded_for_does_not_escape_the_lock(client, student, settings):
    settings.PROXY_COUNT = 1
    for n in range(5):
        forged = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": f"6.6.6.{n}, 203.0.113.66"}
        _fail(client, student.email, **forged)
    again = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "9.9.9.9, 203.0.113.66"}
    assert _sign_in(client, student.email, **again).status_code == 429


def test_password_spraying_from_one_address_locks_that_address(client, student, settings):
    settings.AXES_ADDRESS_FAILURE_LIMIT = 30
    sprayer = {"REMOTE_ADDR": "10.9.9.9"}
    for n in range(25):  # 100 failures, 4 per account: under the per-account limit every time
        _fail(client, f"victim{n}@example.com", times=4, **sprayer)
    response = _sign_in(client, student.email, **sprayer)
    assert response.status_code == 429
    assert "several accounts came from your network address" in response.content.decode()
    # The same learner elsewhere is not affected.
    assert _sign_in(client, student.email, REMOTE_ADDR="10.1.1.1").status_code == 302


def test_the_address_lock_ends_after_the_cool_off(client, student, settings):
    settings.AXES_ADDRESS_FAILURE_LIMIT = 6
    with time_machine.travel(dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC), tick=False):
        for n in range(3):
            _fail(client, f"v{n}@example.com", times=2)
        assert _sign_in(client, student.email).status_code == 429
    with time_machine.travel(dt.datetime(2026, 12, 1, 9, 16, tzinfo=dt.UTC), tick=False):
        assert _sign_in(client, student.email).status_code == 302


def _reset_link(client, email, **meta) -> str:
    client.post(reverse("accounts:password_reset"), {"email": email}, **meta)
    body = mail.outbox[-1].body
    link = next(line for line in body.splitlines() if "/password/reset/" in line)
    return link.split("testserver", 1)[1]


def test_a_password_reset_signs_a_locked_out_learner_in_and_lifts_the_lock(client, student):
    _fail(client, student.email, times=5)
    assert _sign_in(client, student.email).status_code == 429
    page = client.get(_reset_link(client, student.email), follow=True)
    set_url = page.redirect_chain[-1][0]
    done = client.post(
        set_url, {"new_password1": "a-new-passphrase-7", "new_password2": "a-new-passphrase-7"}
    )
    assert done.status_code == 302 and done["Location"] == reverse("dashboard")
    assert int(client.session["_auth_user_id"]) == student.pk
    assert not AccessAttempt.objects.filter(username=student.email).exists()
    client.post(reverse("accounts:logout"))
    assert (
        client.post(LOGIN, {"username": student.email, "password": "a-new-passphrase-7"}).status_code == 302
    )


def test_a_reset_gets_a_learner_in_even_while_their_address_is_locked(client, student, settings):
    settings.AXES_ADDRESS_FAILURE_LIMIT = 4
    for n in range(2):
        _fail(client, f"someone{n}@example.com", times=2)
    assert _sign_in(client, student.email).status_code == 429
    page = client.get(_reset_link(client, student.email), follow=True)
    done = client.post(
        page.redirect_chain[-1][0],
        {"new_password1": "a-new-passphrase-7", "new_password2": "a-new-passphrase-7"},
    )
    assert done.status_code == 302
    assert int(client.session["_auth_user_id"]) == student.pk


def test_reset_mail_to_one_account_is_capped_per_hour_and_the_page_says_the_same(client, student):
    url = reverse("accounts:password_reset")
    with time_machine.travel(dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC), tick=False):
        responses = [client.post(url, {"email": student.email}, REMOTE_ADDR=f"10.0.0.{n}") for n in range(6)]
    assert [r.status_code for r in responses] == [302] * 6
    assert len({r["Location"] for r in responses}) == 1
    assert len(mail.outbox) == 3
    with time_machine.travel(dt.datetime(2026, 12, 1, 10, 1, tzinfo=dt.UTC), tick=False):
        client.post(url, {"email": student.email})
    assert len(mail.outbox) == 4


def test_reset_requests_from_one_address_are_refused_past_the_cap(client, settings):
    settings.RESET_REQUESTS_PER_CLIENT = 10
    accounts = [UserFactory(email=f"r{n}@example.com") for n in range(11)]
    url = reverse("accounts:password_reset")
    codes = [client.post(url, {"email": a.email}, REMOTE_ADDR="10.5.5.5").status_code for a in accounts]
    assert codes == [302] * 10 + [429]
    assert len(mail.outbox) == 10
    refused = client.post(url, {"email": accounts[0].email}, REMOTE_ADDR="10.5.5.5")
    assert "Too many password-reset requests" in refused.content.decode()
    assert client.post(url, {"email": accounts[10].email}, REMOTE_ADDR="10.5.5.6").status_code == 302
