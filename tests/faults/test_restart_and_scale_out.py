"""A learner's exam lives in the database, never in an app server: it survives the whole server killed and started
again, and carries on from another server against the same database (the scale-out of docs/operations.md, "Past
one machine": stateless app servers, sessions in the database).

Both tests check what the learner sees, from the exam page's HTML: the options checked and the flags, and the
remaining time (`data-seconds-left`, which the page's clock counts down), against the attempt's deadline in the
database.
"""

from __future__ import annotations

import socket
import time
from datetime import UTC, datetime

from tests.faults.harness import ExamPage, exam_page, request, save_answer, start_exam


def _answer(server, learner, page: ExamPage, questions, *, seq: int) -> dict[int, str]:
    """Choose an option on each question through the autosave, as the page does; the last option of each."""
    chosen = {}
    for question in questions:
        choice = question.options[-1]
        reply = save_answer(
            server.port, learner, page.attempt, question.number, choice, seq, flagged=seq % 2 == 0
        )
        assert reply.status == 200 and "Saved" in reply.body, (reply.status, reply.body)
        chosen[question.number] = choice
        seq += 1
    return chosen


def _assert_shows(page: ExamPage, chosen: dict[int, str], flagged: set[int], database) -> None:
    for number, question in page.questions.items():
        expected = {chosen[number]} if number in chosen else set()
        assert question.checked == expected, (number, question.checked, expected)
        assert question.flagged == (number in flagged), number
    deadline = database.attempt(page.attempt).deadline
    left = (deadline - datetime.now(UTC)).total_seconds()
    assert abs(page.seconds_left - left) <= 2, (page.seconds_left, left)


def _refuses(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return False
    except OSError:
        return True


def test_a_learner_resumes_with_the_same_answers_and_time_after_the_whole_server_is_killed(
    database, servers, figures
):
    server = servers.start(database.url)
    learner = database.learner()
    attempt = start_exam(server.port, learner)
    before = exam_page(server.port, learner, attempt)
    questions = before.choice_questions()[:6]
    chosen = _answer(server, learner, before, questions, seq=1)
    flagged = {q.number for i, q in enumerate(questions) if (1 + i) % 2 == 0}
    seen = exam_page(server.port, learner, attempt)
    _assert_shows(seen, chosen, flagged, database)

    server.kill()  # master and workers, SIGKILL: nothing shuts down cleanly
    assert _refuses(server.port)
    killed = time.monotonic()
    time.sleep(1.5)  # so that a clock kept anywhere but the deadline would show
    again = servers.start(database.url, port=server.port)  # the same address, as a proxy's upstream would be
    restarted_in = time.monotonic() - killed

    after = exam_page(again.port, learner, attempt)
    _assert_shows(after, chosen, flagged, database)
    assert after.seconds_left < seen.seconds_left
    # The learner carries on: a change saved on the restarted server.
    more = _answer(again, learner, after, after.choice_questions()[6:7], seq=100)
    assert database.items(attempt)[next(iter(more))].response == {"selected": list(more.values())}
    figures.update(
        {
            "database": database.vendor,
            "answers before the kill": len(chosen),
            "answers shown after": sum(1 for q in after.questions.values() if q.checked),
            "seconds left before / after": f"{seen.seconds_left} / {after.seconds_left}",
            "down for s": round(restarted_in, 1),
        }
    )


def test_two_app_servers_on_one_database_a_learner_carries_on_after_one_is_killed(database, servers, figures):
    a = servers.start(database.url)
    b = servers.start(database.url)
    learner = database.learner()
    attempt = start_exam(a.port, learner)
    on_a = exam_page(a.port, learner, attempt)
    questions = on_a.choice_questions()
    chosen = _answer(a, learner, on_a, questions[:4], seq=1)
    flagged = {q.number for i, q in enumerate(questions[:4]) if (1 + i) % 2 == 0}
    seen_on_a = exam_page(a.port, learner, attempt)

    a.kill()
    assert _refuses(a.port)
    on_b = exam_page(b.port, learner, attempt)  # the same session cookie: sessions are in the database
    _assert_shows(on_b, chosen, flagged, database)
    assert on_b.seconds_left <= seen_on_a.seconds_left

    chosen |= _answer(b, learner, on_b, questions[4:7], seq=10)
    flagged |= {q.number for i, q in enumerate(questions[4:7]) if (10 + i) % 2 == 0}
    _assert_shows(exam_page(b.port, learner, attempt), chosen, flagged, database)

    reply = request(b.port, "POST", f"/attempts/{attempt}/finish/", learner, {})
    assert reply.status == 302 and reply.headers["location"].endswith(f"/attempts/{attempt}/summary/")
    assert request(b.port, "GET", reply.headers["location"], learner).status == 200
    row = database.attempt(attempt)
    assert row.status == "submitted" and row.submitted_at is not None
    stored = database.items(attempt)
    assert {n: stored[n].response for n in chosen} == {n: {"selected": [c]} for n, c in chosen.items()}
    figures.update(
        {
            "database": database.vendor,
            "answers on A": 4,
            "answers on B": 3,
            "seconds left on A / B": f"{seen_on_a.seconds_left} / {on_b.seconds_left}",
            "submitted on B": row.status,
        }
    )
