"""What a new learner does that used to end in a dead end: upload then preview then save, finishing by accident,
Back after htmx navigation, matching and long words on a phone."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from content import model as m
from content.loader import load_bank
from content.models import Bank
from tests import builders
from tests.conftest import PASSWORD

SAMPLE = Path(__file__).resolve().parents[2] / "content" / "samples" / "sagemaker-notes.txt"
LONG_TOKEN = "com.amazonaws.us-east-1.sagemaker.runtime-fips-interface-endpoint-for-private-inference-traffic"


def _sign_in(page, user):
    page.goto("/accounts/login/")
    page.get_by_label("E-mail").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")


@pytest.fixture
def sample_bank(transactional_db):
    long_stem = builders.single(
        key="q-long",
        stem=f"An interface endpoint named `{LONG_TOKEN}` serves which traffic? See "
        "https://docs.aws.amazon.com/sagemaker/latest/dg/interface-vpc-endpoint-for-runtime-traffic.html",
    )
    questions = (builders.single(), builders.multiple(), builders.matching(), builders.ordering(), long_stem)
    load_bank(builders.sample_bank(questions=tuple(questions) + builders.many_singles(5)))
    return Bank.objects.get(slug="sample")


def test_an_uploaded_file_survives_preview_and_saves(page, student):
    _sign_in(page, student)
    page.get_by_role("link", name="Load my notes").first.click()
    page.get_by_label("Bank title").fill("SageMaker upload")
    page.locator("input[type=file]").set_input_files(str(SAMPLE))
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_text("The text of sagemaker-notes.txt is now in the box")).to_be_visible()
    expect(page.get_by_label("Paste your notes")).to_have_value(re.compile("Linear Learner"))
    page.get_by_role("button", name="Save as my bank").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("SageMaker upload")
    expect(
        page.get_by_text(re.compile(r"Saved 'SageMaker upload' as your private bank: \d+ new"))
    ).to_be_visible()


def _start_practice(page, slug="sample"):
    page.goto(f"/practice/?bank={slug}")
    page.get_by_role("button", name="Start practising").click()
    page.wait_for_url(re.compile(r"/q/1/$"))
    page.wait_for_load_state("load")


def _answer_first_option(page):
    card = page.locator("#question-card")
    kind = card.get_attribute("data-type")
    if kind in ("single", "multiple"):
        wanted = 1
        if kind == "multiple":
            wanted = int(re.search(r"Choose (\d+)", card.locator("legend").first.inner_text()).group(1))
        for i in range(wanted):
            card.locator("input[name=choice]").nth(i).check()
    elif kind == "matching":
        rows = card.locator("[data-match-row]")
        for i in range(rows.count()):
            rows.nth(i).locator("input").nth(i).check()
    page.get_by_role("button", name="Check answer").click()
    expect(page.locator(".feedback-verdict")).to_be_visible()


def test_finishing_asks_first_and_keep_practising_changes_nothing(page, student, sample_bank):
    _sign_in(page, student)
    _start_practice(page)
    _answer_first_option(page)
    page.get_by_role("link", name="Finish and see my results").click()
    dialog = page.locator("#finish-dialog")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("You answered 1 of 10 questions.")
    expect(dialog).to_contain_text("9 are not answered")
    dialog.get_by_role("button", name="Keep practising").click()
    expect(dialog).to_be_hidden()
    expect(page).to_have_url(re.compile(r"/q/1/$"))
    page.get_by_role("link", name="Finish and see my results").click()
    dialog.get_by_role("button", name="Finish and see my results").click()
    expect(page.get_by_role("heading", name="Your results")).to_be_visible()
    expect(page.get_by_text("1 / 10")).to_be_visible()


def test_finishing_without_javascript_asks_on_a_page(browser, live_server, student, sample_bank):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        _sign_in(page, student)
        _start_practice(page)
        page.get_by_role("link", name="Finish and see my results").click()
        expect(page.get_by_role("heading", name="Finish this practice?")).to_be_visible()
        expect(page.get_by_text("10 are not answered")).to_be_visible()
        page.get_by_role("button", name="Finish and see my results").click()
        expect(page.get_by_text("You finished without answering any question")).to_be_visible()
    finally:
        context.close()


def _expect_whole_page(page, number: int):
    expect(page.locator("header.site-header")).to_have_count(1)
    expect(page.locator("#question-card")).to_have_count(1)
    expect(page.locator("footer.site-footer")).to_have_count(1)
    expect(page.locator("#question-heading")).to_contain_text(f"Question {number} of 10")


def test_back_and_reload_after_htmx_navigation_show_whole_pages(page, student, sample_bank):
    _sign_in(page, student)
    _start_practice(page)
    for number in (1, 2):
        _answer_first_option(page)
        page.get_by_role("button", name="Next question →").click()
        expect(page).to_have_url(re.compile(rf"/q/{number + 1}/$"))
        _expect_whole_page(page, number + 1)
        expect(page).to_have_title(re.compile(rf"^Question {number + 1} · .* · Quizwright$"))
    page.go_back()
    expect(page).to_have_url(re.compile(r"/q/2/$"))
    _expect_whole_page(page, 2)
    expect(page.locator(".feedback-verdict")).to_be_visible()  # the page as it is now: answered
    page.go_back()
    expect(page).to_have_url(re.compile(r"/q/1/$"))
    _expect_whole_page(page, 1)
    page.reload()
    _expect_whole_page(page, 1)


def _page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_on_a_phone_matching_shows_every_answer_and_long_words_wrap(phone_page, student, sample_bank):
    page = phone_page
    _sign_in(page, student)
    _start_practice(page)
    for number in range(1, 11):
        expect(page.locator("#question-heading")).to_contain_text(f"Question {number} of 10")
        kind = page.locator("#question-card").get_attribute("data-type")
        assert _page_width(page) <= 390, f"{kind} question is wider than the phone"
        if kind == "matching":
            break
        _answer_first_option(page)
        assert _page_width(page) <= 390, f"the feedback of a {kind} question is wider than the phone"
        page.get_by_role("button", name="Next question →").click()
    answers = page.locator(".match-answers li")
    expect(answers).to_have_count(3)
    for pair in builders.matching().pairs:
        expect(page.locator(".match-answers")).to_contain_text(pair.match)
    # Each item picks a letter by touch; the letters are large enough to tap.
    rows = page.locator("[data-match-row]")
    for i in range(rows.count()):
        choice = rows.nth(i).locator(".letter-choice").nth(i)
        box = choice.bounding_box()
        assert box["width"] >= 40 and box["height"] >= 40
        choice.tap()
        expect(rows.nth(i).locator("input:checked")).to_have_count(1)
    page.get_by_role("button", name="Check answer").click()
    expect(page.locator(".feedback-verdict")).to_be_visible()
    for url in ("/banks/sample/", "/banks/sample/questions/", "/dashboard/"):
        page.goto(url)
        assert _page_width(page) <= 390, url


def test_a_notes_bank_page_lists_topics_without_overlap_on_a_phone(phone_page, student):
    page = phone_page
    titles = [f"A rather long topic title number {i} about SageMaker endpoints" for i in range(6)]
    questions = tuple(
        m.Question(
            key=f"q{i}",
            type=m.SINGLE,
            stem=f"Stem {i}?",
            topic=titles[i],
            options=(m.Option("a", True), m.Option("b"), m.Option("c")),
            explanation="x",
        )
        for i in range(6)
    )
    load_bank(m.Bank(slug="notes-x", title="My notes", questions=questions), owner=student, kind="notes")
    _sign_in(page, student)
    page.goto("/banks/notes-x/")
    assert _page_width(page) <= 390
    rows = page.locator(".topic-row-main")
    for i in range(rows.count()):
        link = rows.nth(i).locator("a").bounding_box()
        count = rows.nth(i).locator(".muted").bounding_box()
        overlap_x = link["x"] < count["x"] + count["width"] and count["x"] < link["x"] + link["width"]
        overlap_y = link["y"] < count["y"] + count["height"] and count["y"] < link["y"] + link["height"]
        assert not (overlap_x and overlap_y), f"row {i}: title and count overlap"
