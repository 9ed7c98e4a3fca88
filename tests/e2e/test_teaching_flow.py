"""An instructor writes two questions with the live preview, builds a timed quiz from them, creates a class and assigns the quiz; a learner joins with the code and takes
it; the instructor reads the result in the gradebook and the item analysis."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from quizzes.models import Attempt
from tests.conftest import PASSWORD


def _sign_in(page, email: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def _sign_out(page) -> None:
    page.get_by_role("button", name="Sign out").click()


def _write_question(page, stem: str, options: list[str], right: int, explanation: str) -> None:
    page.get_by_label("Topic").fill("Input modes")
    page.get_by_label("Question (Markdown)", exact=True).fill(stem)
    for i, text in enumerate(options):
        page.get_by_label(f"Option {i + 1}", exact=True).fill(text)
    page.get_by_label(f"Right (Option {right + 1})").check()
    page.get_by_label("Explanation (Markdown)", exact=True).fill(explanation)
    # The live preview shows the question as learners see it, then its right answer.
    preview = page.locator("#question-preview")
    expect(preview.locator(".is-key")).to_contain_text(options[right])
    expect(preview.locator(".stem")).to_contain_text(re.sub(r"\*\*", "", stem)[:30])


def test_instructor_writes_questions_assigns_a_timed_quiz_a_learner_takes_and_the_gradebook_shows(
    page, instructor, student, transactional_db
):
    _sign_in(page, instructor.email)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Teach", exact=True).click()
    page.get_by_role("link", name="New bank").click()
    page.get_by_label("Title").fill("Thursday questions")
    page.get_by_role("button", name="Create the bank").click()
    expect(page.get_by_role("heading", name="Edit as text")).to_be_visible()
    page.get_by_role("link", name="← Thursday questions").click()
    page.get_by_role("link", name="Browse the question list").click()
    page.get_by_role("link", name="New question").click()
    _write_question(page, "A training job reads **4 TB** from S3 and must start at once. Which input mode fits?",
                    ["File mode", "Fast File mode", "Pipe mode"], 1, "Fast File mode streams objects on demand.")  # fmt: skip
    page.get_by_role("button", name="Save and write another").click()
    expect(page.get_by_text(re.compile(r"^Saved a-training-job"))).to_be_visible()
    _write_question(page, "Which service labels images with a human workforce?",
                    ["Amazon Rekognition", "SageMaker Ground Truth", "Amazon Comprehend"], 1,
                    "Ground Truth runs labeling jobs with human workers.")  # fmt: skip
    page.get_by_role("button", name="Save question", exact=True).click()
    expect(page.get_by_role("heading", name="Questions in Thursday questions")).to_be_visible()
    expect(page.locator(".question-list > li")).to_have_count(2)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Teach", exact=True).click()
    page.get_by_role("link", name="New quiz").click()
    page.get_by_label("Thursday questions").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Title").fill("Domain 1 check")
    for stem in ("A training job reads", "Which service labels images"):
        page.get_by_label(re.compile(re.escape(stem))).check()
    page.get_by_label("Time limit (minutes)").fill("10")
    page.get_by_label("Show right answers and feedback").select_option("end")
    page.get_by_role("button", name="Save quiz").click()
    expect(page.get_by_text("Saved Domain 1 check")).to_be_visible()

    page.get_by_role("link", name="← Teach").click()
    page.get_by_role("link", name="New class").click()
    page.get_by_label("Class name").fill("Thursday group")
    page.get_by_role("button", name="Create class").click()
    expect(page.get_by_role("heading", name="Thursday group")).to_be_visible()
    code = page.locator(".join-code").inner_text()
    page.get_by_label("Quiz").select_option(label="Domain 1 check")
    page.get_by_label("Due").fill("2030-01-31T17:00")
    page.get_by_role("button", name="Assign").click()
    expect(page.get_by_text("Assigned Domain 1 check to Thursday group.")).to_be_visible()
    _sign_out(page)

    _sign_in(page, student.email)
    page.get_by_role("link", name="Join a class").click()
    page.get_by_label("Class code").fill(code.lower())
    page.get_by_role("button", name="Join").click()
    expect(page.get_by_text("You joined Thursday group.")).to_be_visible()
    assignment = page.locator(".assignment-row", has_text="Domain 1 check")
    expect(assignment).to_contain_text("due 31 Jan 2030")
    assignment.get_by_role("button", name="Start").click()
    expect(page.locator("[data-timer]")).to_have_text(re.compile(r"^(10:00|9:[0-5]\d)$"))
    for number in (1, 2):
        current = page.locator(".exam-question:not([hidden])")
        expect(current.get_by_role("heading", name=f"Question {number} of 2")).to_be_visible()
        current.locator("input[name=choice]").first.check()
        expect(current.locator("[data-save-state]")).to_have_text("✓ Saved")
        page.keyboard.press("n")
    page.locator(".exam-question:not([hidden])").get_by_role("link", name="Review and submit").click()
    page.get_by_role("link", name="Submit the exam…").click()
    page.get_by_role("dialog").get_by_role("button", name="Submit and see my score").click()
    expect(page.get_by_role("heading", name="Your results")).to_be_visible()
    attempt = Attempt.objects.get(user=student)
    assert attempt.status == "submitted" and attempt.assignment.classroom.name == "Thursday group"
    _sign_out(page)

    _sign_in(page, instructor.email)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Teach", exact=True).click()
    page.get_by_role("link", name="Gradebook").click()
    row = page.get_by_role("row", name=re.compile(student.display_name))
    expect(row).to_contain_text(f"{attempt.percent:.0f}%")
    expect(row).to_contain_text("Submitted")
    page.get_by_role("link", name="Domain 1 check").click()  # the column's item analysis
    expect(page.get_by_role("heading", name="Item analysis")).to_be_visible()
    expect(
        page.get_by_text(re.compile(r"first submitted attempt of each learner: 1 attempt"))
    ).to_be_visible()
    expect(page.locator("tbody tr")).to_have_count(2)


def test_a_case_study_is_written_in_the_form_with_a_type_for_each_part(page, instructor, transactional_db):
    from content import services

    bank = services.bank_create(owner=instructor, title="Cases")
    _sign_in(page, instructor.email)
    page.goto(f"/banks/{bank.slug}/questions/new/")
    page.get_by_label("Type", exact=True).select_option("case_study")
    # Only the case's parts show: a case has no options of its own.
    expect(page.get_by_label("Option 1", exact=True)).to_be_hidden()
    expect(page.get_by_label("Part 1 question (Markdown)")).to_be_visible()
    page.get_by_label("Topic").fill("Case studies")
    page.get_by_label("Question (Markdown)", exact=True).fill(
        "A retailer keeps **4 TB** of clickstream data in S3."
    )
    page.get_by_label("Part 1 question (Markdown)").fill("Which input mode starts training at once?")
    for i, text in enumerate(["File mode", "Fast File mode", "Amazon EFS"]):
        page.get_by_label(f"Part 1 option {i + 1}", exact=True).fill(text)
    page.get_by_label("Right (Part 1 option 2)").check()
    page.get_by_label("Part 1 explanation (Markdown)").fill("Fast File streams objects on demand.")
    # Each part has its own type: the second is an ordering question, so its steps show and its options hide.
    page.get_by_label("Part 2 type").select_option("ordering")
    expect(page.get_by_label("Part 2 option 1", exact=True)).to_be_hidden()
    expect(page.get_by_label("Part 1 option 1", exact=True)).to_be_visible()
    page.get_by_label("Part 2 question (Markdown)").fill("Put the deployment steps in order.")
    for i, text in enumerate(["Upload the artifact", "Create the model", "Create the endpoint"]):
        page.get_by_label(f"Part 2 step {i + 1}", exact=True).fill(text)
    page.get_by_label("Part 2 explanation (Markdown)").fill("The model comes before its endpoint.")
    preview = page.locator("#question-preview")
    expect(preview.locator(".preview-part")).to_have_count(2)
    expect(preview.locator(".is-key")).to_contain_text("Fast File mode")
    page.get_by_role("button", name="Save question", exact=True).click()
    expect(page.get_by_role("heading", name="Questions in Cases")).to_be_visible()
    assert bank.questions.get(parent__isnull=True).parts.count() == 2
