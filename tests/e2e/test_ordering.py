"""Ordering questions in the browser: the order a learner builds by dragging or by the move buttons is what is graded."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from content.loader import load_bank
from content.models import Bank
from quizzes.services import practice_start
from tests import builders
from tests.conftest import PASSWORD

RIGHT_ORDER = list(builders.ordering().steps)


@pytest.fixture
def ordering_attempt(transactional_db, student):
    load_bank(builders.sample_bank(questions=(builders.ordering(),)))
    return practice_start(user=student, banks=[Bank.objects.get(slug="sample")], count=1)


def _open(page, student, attempt) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("E-mail").fill(student.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"/attempts/{attempt.pk}/q/1/")
    page.wait_for_load_state("load")  # the enhancement script is deferred
    expect(page.locator(".order-buttons").first).to_be_visible()


def _shown(page) -> list[str]:
    return [text.strip() for text in page.locator(".order-item .order-text").all_inner_texts()]


def test_steps_put_in_order_by_drag_and_drop_are_graded_right(page, student, ordering_attempt):
    _open(page, student, ordering_attempt)
    assert _shown(page) != RIGHT_ORDER  # steps never start in order
    for position, text in enumerate(RIGHT_ORDER):
        if _shown(page)[position] == text:
            continue
        step = page.locator(".order-item", has_text=text)
        target = page.locator(".order-item").nth(position)
        box = target.bounding_box()
        step.drag_to(target, target_position={"x": box["width"] / 2, "y": 3})  # the top edge: drop before it
        expect(page.locator(".order-item").nth(position)).to_contain_text(text)
    assert _shown(page) == RIGHT_ORDER
    page.get_by_role("button", name="Check answer").click()
    expect(page.locator(".feedback-verdict")).to_contain_text("Correct")


def test_steps_put_in_order_with_the_move_buttons_are_graded_right(page, student, ordering_attempt):
    _open(page, student, ordering_attempt)
    for position, text in enumerate(RIGHT_ORDER):
        while _shown(page).index(text) > position:
            page.locator(".order-item", has_text=text).get_by_role("button", name="Move up").click()
    assert _shown(page) == RIGHT_ORDER
    page.get_by_role("button", name="Check answer").click()
    expect(page.locator(".feedback-verdict")).to_contain_text("Correct")


def test_a_wrong_order_is_graded_wrong_and_shows_the_right_one(page, student, ordering_attempt):
    _open(page, student, ordering_attempt)
    wrong = list(reversed(RIGHT_ORDER))
    for position, text in enumerate(wrong):
        while _shown(page).index(text) > position:
            page.locator(".order-item", has_text=text).get_by_role("button", name="Move up").click()
    page.get_by_role("button", name="Check answer").click()
    expect(page.locator(".feedback-verdict")).to_contain_text("Not quite")
    right_list = (
        page.locator(".feedback").get_by_role("heading", name="Right order").locator("xpath=..").locator("li")
    )
    expect(right_list).to_have_text(RIGHT_ORDER)
