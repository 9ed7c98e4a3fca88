"""A learner pastes notes, watches the live preview fill in, saves them as a bank and starts practising it."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.conftest import PASSWORD

NOTES = """Training input modes:
- "File Mode" - the default. Copies the whole data set to the instance before training starts.
- "Pipe Mode" - Streams records through a FIFO pipe while training runs. Nothing is staged on disk.
- "Fast File Mode" - Presents S3 objects as files and streams them on demand, so training starts at once.
Storage
S3 Express One Zone = low-latency storage class in one Availability Zone.
FSx for Lustre = high-throughput file system, single AZ, requires VPC.
EFS = shared file system, requires VPC.
"""


def test_learner_loads_notes_with_live_preview_and_practises_them(page, student):
    page.goto("/accounts/login/")
    page.get_by_label("E-mail").fill(student.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    page.get_by_role("link", name="Load my notes").first.click()
    page.get_by_label("Bank title").fill("Input modes")
    page.get_by_label("Paste your notes").fill(NOTES)
    preview = page.locator("#notes-preview")
    # The preview arrives by htmx, without pressing anything.
    expect(preview.get_by_role("heading", name="Preview")).to_be_visible()
    expect(preview).to_contain_text("Fast File Mode")
    expect(preview).to_contain_text("line 4")
    expect(preview.locator(".question-list > li").first).to_be_visible()
    # Review before use: each question shows its right answer; leave the first out, rewrite the second.
    items = preview.locator("li.qreview")
    expect(items.first.locator(".is-key")).to_contain_text("(right answer)")
    made = items.count()
    items.nth(0).get_by_label("Leave this question out").check()
    second = items.nth(1)
    second.get_by_text("Edit", exact=True).click()
    box = second.locator("textarea")
    box.fill(box.input_value().replace("\n\n", "\n\nIn plain words: ", 1))

    page.get_by_role("button", name="Save as my bank").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Input modes")
    expect(
        page.get_by_text(re.compile(rf"Saved 'Input modes' as your private bank: {made - 1} new.*1 left out"))
    ).to_be_visible()
    page.get_by_role("link", name="Browse the question list").click()
    expect(page.locator(".question-list")).to_contain_text("In plain words:")
    page.go_back()
    for summary in page.locator(".concept-list summary").all():  # the concepts of a topic fold under it
        summary.click()
    expect(page.locator(".concept-list").get_by_text("Pipe Mode").first).to_be_visible()

    page.get_by_role("link", name="Practise this bank").click()
    page.get_by_role("button", name="Start practising").click()
    expect(page.locator("#question-heading")).to_contain_text("Question 1 of")
