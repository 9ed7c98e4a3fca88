"""The database unavailable for a moment, for real (tests/faults/conftest.py, `Outage`): on SQLite another process
holds the write lock past the servers' busy timeout; on PostgreSQL a server of the test's own is stopped and
started again.

Requests meanwhile get a clear retryable error (503, Retry-After, a short message: an alert fragment for htmx, the
site's page otherwise), never a 500 or a traceback, and nothing half-written; the same requests succeed once the
database is back. In Chromium, the exam page says an answer given during the outage is not saved yet, keeps it,
and saves it by itself when the database is back.
"""

from __future__ import annotations

import json
import re
import time

from playwright.sync_api import expect

from tests.faults.harness import BLUEPRINT, exam_page, request, save_answer, start_exam


def test_requests_during_an_outage_get_a_retryable_503_and_nothing_is_half_written(outage, servers, figures):
    database = outage.database
    server = servers.start(database.url, **outage.server_env)
    learner, starter = database.learner(), database.learner()
    attempt = start_exam(server.port, learner)
    first, second = exam_page(server.port, learner, attempt).choice_questions()[:2]
    assert save_answer(server.port, learner, attempt, first.number, first.options[0], 1).status == 200

    outage.begin()
    try:
        htmx = save_answer(server.port, learner, attempt, second.number, second.options[0], 2)
        full_page = save_answer(
            server.port, learner, attempt, second.number, second.options[0], 2, htmx=False
        )
        start = request(server.port, "POST", f"/exams/{BLUEPRINT}/start/", starter)  # 65 items in one go
        page = request(server.port, "GET", f"/attempts/{attempt}/q/1/", learner)
    finally:
        outage.end()

    assert htmx.status == 503, (htmx.status, htmx.body[:500])
    assert htmx.headers["retry-after"] == "5"
    assert htmx.headers["hx-retarget"] == "#htmx-alerts"
    assert "cannot reach its database for a moment" in htmx.body and "<html" not in htmx.body
    assert full_page.status == 503 and full_page.headers["retry-after"] == "5"
    assert "Back in a moment" in full_page.body and re.search(
        r'href="/static/css/app\.\w+\.css"', full_page.body
    )
    assert start.status == 503 and "Back in a moment" in start.body
    for reply in (htmx, full_page, start, page):
        assert "Traceback" not in reply.body and "OperationalError" not in reply.body
    if database.vendor == "postgresql":
        assert page.status == 503  # even the session cannot be read
    else:
        assert page.status == 200  # WAL: reading goes on beside the held write lock; only writes wait

    # Nothing half-written: the refused save left its question as it was, the refused start left no attempt.
    items = database.items(attempt)
    assert (items[second.number].response, items[second.number].save_seq) == (None, 0)
    assert items[first.number].response == {"selected": [first.options[0]]}
    assert database.attempts_of(starter) == (0, 0)

    # Back: the same requests succeed.
    again = save_answer(server.port, learner, attempt, second.number, second.options[0], 2)
    assert again.status == 200 and "Saved" in again.body
    assert database.items(attempt)[second.number].response == {"selected": [second.options[0]]}
    assert request(server.port, "POST", f"/exams/{BLUEPRINT}/start/", starter).status == 302
    assert database.attempts_of(starter) == (1, 65)

    log = server.log()
    assert "Database unavailable" in log and "Service Unavailable: /attempts/" in log
    assert "Internal Server Error" not in log
    figures.update(
        {
            "database": database.vendor,
            "outage s": round(outage.lasted, 1),
            "statuses during": [htmx.status, full_page.status, start.status, page.status],
            "after": "200 saved, 302 started",
        }
    )


def test_the_exam_page_keeps_an_answer_given_during_an_outage_and_saves_it_when_the_database_is_back(
    outage, servers, signed_in_page, figures
):
    database = outage.database
    server = servers.start(database.url, **outage.server_env)
    learner = database.learner()
    attempt = start_exam(server.port, learner)
    question = exam_page(server.port, learner, attempt).choice_questions()[0]
    choice = question.options[-1]
    page = signed_in_page(server, learner)
    page.goto(f"/attempts/{attempt}/q/{question.number}/")
    shown = page.locator(".exam-question:not([hidden])")
    state = shown.locator("[data-save-state]")
    expect(shown.get_by_role("heading", name=f"Question {question.number} of")).to_be_visible()

    outage.begin()
    try:
        shown.locator(f'input[name="choice"][value="{choice}"]').check()
        expect(state).to_have_attribute("data-state", "unsaved")
        expect(state).to_contain_text("Not saved yet")
        expect(state).to_contain_text("will be sent again")
        expect(page.locator("#htmx-alerts")).to_contain_text("cannot reach its database for a moment")
        kept = json.loads(page.evaluate(f"localStorage.getItem('qw-pending-{attempt}')"))
        assert [["choice", choice]] == [f for f in kept[str(question.number)]["fields"] if f[0] == "choice"]
    finally:
        outage.end()
    back = time.monotonic()

    expect(state).to_have_attribute("data-state", "saved", timeout=30_000)  # the page's own retry
    expect(state).to_contain_text("Saved")
    saved_after = time.monotonic() - back
    expect(page.locator("#htmx-alerts")).to_be_empty()
    assert page.evaluate(f"localStorage.getItem('qw-pending-{attempt}')") is None
    assert database.items(attempt)[question.number].response == {"selected": [choice]}
    figures.update(
        {
            "database": database.vendor,
            "outage s": round(outage.lasted, 1),
            "saved by the page's retry s after the database was back": round(saved_after, 1),
        }
    )
