"""A new learner practises five built-in questions with the keyboard alone and reaches the summary."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.conftest import PASSWORD


@pytest.fixture
def builtin_bank(transactional_db):
    call_command("load_builtin", verbosity=0)


def _answer_with_keyboard(page) -> None:
    card = page.locator("#question-card")
    kind = card.get_attribute("data-type")
    if kind == "single":
        page.keyboard.press("2")
    elif kind == "multiple":
        wanted = int(re.search(r"Choose (\d+)", card.locator("legend").inner_text()).group(1))
        for n in range(1, wanted + 1):
            page.keyboard.press(str(n))
    elif kind == "matching":
        rows = card.locator("[data-match-row]")
        for i in range(rows.count()):
            rows.nth(i).locator("input").first.focus()
            page.keyboard.press("ABCDEFG"[i])  # a letter picks that answer for the item
        expect(rows.first.locator("input:checked")).to_have_count(1)
    elif kind == "ordering":
        card.locator("[data-move='down']").first.focus()
        page.keyboard.press("Enter")  # moves the first step down one place
        page.locator("#question-heading").focus()
    page.keyboard.press("Enter")


def test_learner_practises_five_questions_by_keyboard_and_sees_summary(page, builtin_bank):
    # Sign up with the keyboard.
    page.goto("/accounts/signup/")
    page.keyboard.type("kim@example.com")
    page.keyboard.press("Tab")
    page.keyboard.type("Kim")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Kim")  # not "back": they just arrived

    # From the dashboard, the built-in bank's Practise link, then start with the defaults.
    page.get_by_role("link", name="Practise", exact=True).last.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Practise")).to_be_visible()
    page.get_by_role("button", name="Start practising").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/q/1/$"))
    page.wait_for_load_state("load")  # the shortcuts script is deferred: wait until it runs

    for number in range(1, 6):
        heading = page.locator("#question-heading")
        expect(heading).to_contain_text(f"Question {number} of 10")
        expect(page.locator(".feedback")).to_have_count(0)
        _answer_with_keyboard(page)
        verdict = page.locator(".feedback-verdict")
        expect(verdict).to_be_visible()
        expect(verdict).to_be_focused()
        expect(page.locator(".explanation")).not_to_be_empty()
        # The answer swapped the form for the feedback; the stem stayed and the counts moved on with it.
        expect(page.locator("#question-card .stem")).not_to_be_empty()
        expect(page.locator("#quiz-progress")).to_contain_text(f"{number} answered")
        expect(page.locator("#finish-counts")).to_contain_text(f"You answered {number} of 10 questions.")
        if number == 2:
            page.keyboard.press("f")
            expect(page.get_by_role("button", name=re.compile("Flagged"))).to_be_visible()
            page.locator(".feedback-verdict").focus()
        page.keyboard.press("Enter")  # next question, swapped in by htmx
        if number < 5:
            expect(page).to_have_url(re.compile(rf"/q/{number + 1}/$"))

    expect(page.locator("#question-heading")).to_contain_text("Question 6 of 10")
    # After a swap the script moves focus to the new question's heading; let it settle before tabbing on.
    expect(page.locator("#question-heading")).to_be_focused()
    page.get_by_role("link", name="Finish and see my results").press("Enter")
    dialog = page.locator("#finish-dialog")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("You answered 5 of 10 questions.")
    dialog.get_by_role("button", name="Finish and see my results").press("Enter")
    expect(page.get_by_role("heading", name="Your results")).to_be_visible()
    expect(page.get_by_text("5 / 10")).to_be_visible()
    expect(page.get_by_role("heading", name="By domain")).to_be_visible()


def test_practice_works_without_javascript(browser, live_server, builtin_bank, student):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto("/accounts/login/")
        page.get_by_label("E-mail").fill(student.email)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.goto("/practice/?bank=mla-c01")
        page.get_by_role("button", name="Start practising").click()
        expect(page.locator("#question-heading")).to_contain_text("Question 1 of 10")
        card = page.locator("#question-card")
        kind = card.get_attribute("data-type")
        if kind in ("single", "multiple"):
            wanted = 1
            if kind == "multiple":
                wanted = int(re.search(r"Choose (\d+)", card.locator("legend").inner_text()).group(1))
            for i in range(wanted):
                card.locator("input[name=choice]").nth(i).check()
        elif kind == "matching":
            rows = card.locator("[data-match-row]")
            for i in range(rows.count()):
                rows.nth(i).locator("input").nth(i).check()
        page.get_by_role("button", name="Check answer").click()
        expect(page.locator(".feedback-verdict")).to_be_visible()
        page.get_by_role("button", name="Next question →").click()
        expect(page.locator("#question-heading")).to_contain_text("Question 2 of 10")
    finally:
        context.close()
