"""A timed test that never loses an answer: a learner starts a one-minute test, answers, loses the network
(the page says "not saved" and keeps the answer), gets it back (it saves), reloads with an answer still unsent
(it is restored and sent), and lets the time run out: the page submits itself and shows the graded results."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from content.loader import load_bank
from quizzes.models import Attempt, AttemptItem
from tests import builders
from tests.conftest import PASSWORD


@pytest.fixture
def exam_bank(transactional_db):
    load_bank(builders.exam_bank(per_domain=3))


def _current(page):
    return page.locator(".exam-question:not([hidden])")


def _choose_first(page, number: int) -> None:
    expect(_current(page).get_by_role("heading", name=f"Question {number} of 5")).to_be_visible()
    _current(page).locator("input[name=choice]").first.check()


def test_a_one_minute_test_keeps_every_answer_through_a_network_loss_and_a_reload(page, student, exam_bank):
    page.goto("/accounts/login/")
    page.get_by_label("E-mail").fill(student.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Mock exams").click()
    custom = page.locator("section", has=page.get_by_role("heading", name="A timed test of your own"))
    custom.get_by_label("Sample bank").check()
    custom.get_by_label("Questions").fill("5")
    custom.get_by_label("Minutes").fill("1")
    custom.get_by_role("button", name="Start the timed test").click()
    expect(page.locator("[data-timer]")).to_have_text(re.compile(r"^0:[0-5]\d$|^1:00$"))
    # Screen readers hear the time at 10 and 1 minutes left, politely; with one minute in all, at once.
    expect(page.locator("[data-timer-announce][aria-live=polite]")).to_have_text("1 minute left.")

    # Two answers, each confirmed by the server.
    _choose_first(page, 1)
    expect(_current(page).locator("[data-save-state]")).to_have_text("✓ Saved")
    page.keyboard.press("n")
    _choose_first(page, 2)
    expect(_current(page).locator("[data-save-state]")).to_have_text("✓ Saved")
    expect(page.locator("#nav-2")).to_have_class(re.compile("is-answered"))

    # The network drops: the third answer is kept and said to be unsaved.
    page.context.set_offline(True)
    page.locator("#nav-3").click()
    _choose_first(page, 3)
    expect(_current(page).locator("[data-save-state]")).to_contain_text("Not saved")
    # It comes back: the page sends the answer again by itself.
    page.context.set_offline(False)
    expect(_current(page).locator("[data-save-state]")).to_have_text("✓ Saved", timeout=20_000)

    # A fourth answer cannot reach the server, and the page is reloaded before it does.
    page.route("**/save/", lambda route: route.abort())
    page.keyboard.press("n")
    _choose_first(page, 4)
    expect(_current(page).locator("[data-save-state]")).to_contain_text("Not saved")
    page.reload()
    page.locator("#nav-4").click()
    expect(_current(page).locator("input[name=choice]").first).to_be_checked()  # restored from this device
    page.unroute("**/save/")
    expect(_current(page).locator("[data-save-state]")).to_have_text("✓ Saved", timeout=20_000)
    page.locator("#nav-1").click()
    expect(_current(page).locator("input[name=choice]").first).to_be_checked()  # the server's copy

    attempt = Attempt.objects.get(user=student)
    answered = AttemptItem.objects.filter(attempt=attempt, answered_at__isnull=False)
    assert sorted(answered.values_list("position", flat=True)) == [0, 1, 2, 3]
    assert not answered.filter(is_correct__isnull=False).exists()  # nothing graded before submission

    # Time runs out: the page submits itself and lands on the results.
    expect(page).to_have_url(re.compile(rf"/attempts/{attempt.pk}/summary/"), timeout=75_000)
    expect(page.get_by_role("heading", name="Your results")).to_be_visible()
    attempt.refresh_from_db()
    assert attempt.status == "submitted" and attempt.submitted_at <= attempt.deadline
    items = list(AttemptItem.objects.filter(attempt=attempt).select_related("version"))
    for item in items:
        first_shown = item.response["selected"][0] if item.response else None
        right = {c.key for c in item.version.choice_list() if c.is_correct}
        assert item.is_correct is (first_shown in right if first_shown else False)
    right_count = sum(1 for item in items if item.is_correct)
    expect(page.locator(".exam-result .stat")).to_contain_text(f"{round(100 * right_count / 5)}%")
