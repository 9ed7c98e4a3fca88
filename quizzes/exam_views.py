"""The timed exam's pages: choosing a mock exam or a timed test of one's own, taking it, reviewing before
submitting. Thin like quizzes/views.py: access through quizzes.access, writes through services, figures from
results.

The exam is one page holding every question (one shown at a time), so moving between questions needs no
request and keeps working while the network is down; each question's form saves itself on every change
(htmx, `static/js/exam.js`), and the server's deadline is the only clock that counts.
"""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import get_template
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from quizzes import access, grading, presentation, qtypes, results, services
from quizzes.forms import TimedTestForm, practice_initial
from quizzes.models import Attempt, Blueprint


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def exams(request) -> HttpResponse:
    """The mock exams on offer, the learner's open and past ones, and the timed test of one's own (POST)."""
    if request.method == "POST" and "refresh" in request.POST:
        # Without JavaScript: the banks changed and the learner asked for their domains and topics.
        form = TimedTestForm(request.user, initial=practice_initial(request.user, request.POST))
        status = 200
    elif request.method == "POST":
        form = TimedTestForm(request.user, request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                attempt = services.timed_test_start(
                    user=request.user,
                    banks=list(data["banks"]),
                    domain_numbers=data["domains"],
                    topics=list(data["topics"]),
                    count=data["count"],
                    minutes=data["minutes"],
                )
            except services.NoQuestions as error:
                form.add_error(None, str(error))
            else:
                drawn = attempt.quiz.question_count
                if drawn < data["count"]:
                    messages.info(
                        request,
                        f"Only {drawn} question{'s' if drawn != 1 else ''} match, so this test has {drawn}.",
                    )
                return redirect("quizzes:question", pk=attempt.pk, number=1)
        status = 400
    else:
        services.close_overdue_attempts(user=request.user)
        form = TimedTestForm(request.user, initial=practice_initial(request.user, request.GET))
        status = 200
    return render(
        request, "quizzes/exams.html", results.exams_page(request.user) | {"form": form}, status=status
    )


@login_required
@require_POST
def exam_start(request, slug: str) -> HttpResponse:
    blueprint = get_object_or_404(Blueprint, slug=slug)
    try:
        attempt, created = services.exam_start(user=request.user, blueprint=blueprint)
    except services.NoQuestions as error:
        messages.error(request, str(error))
        return redirect("quizzes:exams")
    if not created:
        messages.info(
            request, "You already have this exam open: it carries on where you left it, clock included."
        )
    return redirect("quizzes:attempt", pk=attempt.pk)


def exam_page(request, attempt: Attempt, number: int) -> HttpResponse:
    """Every question of the exam, question `number` shown first (called by views.question for exams)."""
    cards = presentation.exam_cards(attempt, results.exam_items(attempt))
    if not 1 <= number <= len(cards):
        number = 1
    context = {
        "attempt": attempt,
        "cards": cards,
        "finish_url": reverse("quizzes:finish", args=[attempt.pk]),
        "current": number,
        "seconds_left": attempt.seconds_left(),
        "answered": sum(1 for c in cards if c.item.is_answered),
        "flagged": sum(1 for c in cards if c.item.flagged),
    }
    return render(request, "quizzes/exam.html", context)


@login_required
@require_POST
def save(request, pk: int, number: int) -> HttpResponse:
    """Autosave of one question's answer and flag. No grade, no feedback: the response says saved or why not."""
    try:
        seq = max(1, int(request.POST.get("seq", "1")))
    except ValueError:
        seq = 1
    try:
        saved = services.exam_save(
            user=request.user,
            attempt_id=pk,
            number=number,
            data=request.POST,
            seq=seq,
            flagged="flagged" in request.POST,
        )
    except grading.ResponseError as error:
        attempt = access.attempt_for_user(request.user, pk)
        return _save_state(attempt, number, state="error", message=str(error), status=422)
    except services.AttemptClosed as error:
        messages.warning(request, str(error))
        url = reverse("quizzes:summary", args=[pk])
        return HttpResponseClientRedirect(url) if request.htmx else redirect(url)
    attempt, item = saved.item.attempt, saved.item
    if not request.htmx:
        following = number + 1 if number < (attempt.quiz.question_count or number) else number
        return redirect(reverse("quizzes:question", args=[pk, following]) + f"#q-{following}")
    if saved.stale:
        # Another window saved a newer answer: it stands, and this page is refilled with it.
        fields = qtypes.get(item.version.type).form_fields(item.response)
        return _save_state(
            attempt, number, state="stale", seq=item.save_seq, answered=item.is_answered,
            flagged=item.flagged, fields=fields + ([("flagged", "1")] if item.flagged else []),
        )  # fmt: skip
    return _save_state(
        attempt, number, state="saved", seq=item.save_seq, answered=item.is_answered, flagged=item.flagged,
        incomplete=saved.incomplete,
    )  # fmt: skip


def _save_state(
    attempt, number, *, state, message="", seq=0, answered=None, flagged=None, fields=None, incomplete="",
    status=200,
) -> HttpResponse:  # fmt: skip
    # Rendered without the request's context processors: the reply is one line, and this is the hottest path.
    html = get_template("quizzes/_save_state.html").render(
        {"number": number, "state": state, "message": message, "incomplete": incomplete}
    )
    response = HttpResponse(html, status=status)
    # The navigator and the clock follow through an event, not extra swaps.
    response["HX-Trigger"] = json.dumps(
        {
            "qw:saved": {
                "number": number,
                "seq": seq,
                "ok": state in ("saved", "stale"),
                "stale": state == "stale",
                "fields": fields,
                "answered": answered,
                "flagged": flagged,
                "secondsLeft": attempt.seconds_left(),
            }
        }
    )
    return response


def review(request, attempt: Attempt) -> HttpResponse:
    """Before the final submit: what is unanswered, answered in part and flagged, with links back (called by
    views.finish)."""
    items = results.exam_items(attempt)
    context = {
        "attempt": attempt,
        "total": len(items),
        "unanswered": [i.number for i in items if not i.is_answered],
        # Saved but not whole ("Choose 2" with one ticked, a match left out): graded wrong if submitted so.
        "incomplete": [
            (i.number, why)
            for i in items
            if (why := presentation.incomplete(presentation.answer_key(i.version), i.response))
        ],
        "flagged": [i.number for i in items if i.flagged],
        "seconds_left": attempt.seconds_left(),
        "confirming": request.GET.get("confirm") == "1",
    }
    return render(request, "quizzes/exam_review.html", context)
