"""Learner pages: home, dashboard, practice set-up, the question screen and the summary.

Views are thin: read the request, check access (`access.attempt_for_user` returns 404 for anything not the user's),
call a service, render. The question screen is one page whose card (`#question-card`) htmx swaps in place;
every htmx request has a plain form-post fallback that redirects, so the quiz works without JavaScript.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_htmx.http import HttpResponseClientRedirect, push_url

from content.access import banks_for_user, can_edit_bank
from quizzes import access, assignments, exam_views, grading, presentation, qtypes, results, services
from quizzes.forms import PracticeForm, practice_initial
from quizzes.models import Attempt, AttemptItem


@require_safe
def home(request) -> HttpResponse:
    return render(request, "pages/home.html")


@login_required
@require_safe
def dashboard(request) -> HttpResponse:
    # An exam whose time ran out while the learner was away is finished, not offered to continue.
    services.close_overdue_attempts(user=request.user)
    banks = list(banks_for_user(request.user).order_by("owner_id", "title"))
    attempts = list(
        Attempt.objects.filter(user=request.user)
        .select_related("quiz", "blueprint")
        .order_by("-started_at")[:10]
    )
    return render(
        request,
        "quizzes/dashboard.html",
        {
            "assignments": results.learner_assignments(request.user),
            "banks": banks,
            "open_attempts": [a for a in attempts if a.is_open],
            "recent_attempts": [a for a in attempts if not a.is_open],
            # "Welcome back" only for someone who has practised before, not seconds after signing up.
            "returning": bool(attempts),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def practice_new(request) -> HttpResponse:
    if request.method == "POST" and "refresh" in request.POST:
        # Without JavaScript: the banks changed and the learner asked for their domains and topics.
        form = PracticeForm(request.user, initial=practice_initial(request.user, request.POST))
        return render(request, "quizzes/practice_new.html", {"form": form})
    if request.method == "POST":
        form = PracticeForm(request.user, request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                attempt = services.practice_start(
                    user=request.user,
                    banks=list(data["banks"]),
                    domain_numbers=data["domains"],
                    topics=list(data["topics"]),
                    count=form.count_value,
                    keep_going=data["count"] == "keep",
                    selection=data["selection"],
                    partial_credit=data["partial_credit"],
                )
            except services.NoQuestions as error:
                form.add_error(None, str(error))
            else:
                asked, drawn = form.count_value, attempt.quiz.question_count
                if asked and drawn is not None and drawn < asked:
                    messages.info(
                        request,
                        f"Only {drawn} question{'s' if drawn != 1 else ''} match these choices, "
                        f"so this practice has {drawn}.",
                    )
                return redirect("quizzes:question", pk=attempt.pk, number=1)
        return render(request, "quizzes/practice_new.html", {"form": form}, status=400)
    form = PracticeForm(request.user, initial=practice_initial(request.user, request.GET))
    fragment = _wants_fragment(request)
    template = "quizzes/practice_new.html#practice-filters" if fragment else "quizzes/practice_new.html"
    response = render(request, template, {"form": form})
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
@require_safe
def attempt_resume(request, pk: int) -> HttpResponse:
    attempt = access.attempt_for_user(request.user, pk)
    if _closed_on_visit(request, attempt):
        return redirect("quizzes:summary", pk=attempt.pk)
    if attempt.is_exam:
        # An exam resumes at its first unanswered question, with everything saved so far.
        number = results.first_unanswered(attempt) or 1
        return redirect("quizzes:question", pk=attempt.pk, number=number)
    number = services.attempt_next_number(attempt=attempt, after=0) or 1
    return redirect("quizzes:question", pk=attempt.pk, number=number)


def _question_context(request, attempt: Attempt, item: AttemptItem, *, error: str = "") -> dict:
    # After a refused answer ("choose exactly 3"), the options the learner ticked stay ticked.
    question = item.question
    display = presentation.display_for(attempt, item)
    # The answer form's parts; an answered card shows feedback instead of the form.
    rules = None if item.is_answered else qtypes.get(item.version.type)
    return {
        "attempt": attempt,
        "item": item,
        "question": question,
        "display": display,
        "progress": results.attempt_progress(attempt),
        "error": error,
        "posted_choices": set(request.POST.getlist("choice")) if error else set(),
        # Only an answered item gets feedback: an unanswered card carries no correctness at all.
        "feedback": presentation.item_feedback(item, display) if item.is_answered else None,
        "choose": rules.choose(presentation.answer_key(item.version)) if rules else None,
        "type_template": rules.template if rules else None,
        # Where a question came from (a file and line) is for the bank's owner, not for every learner.
        "show_source": can_edit_bank(request.user, question.bank),
    }


def _wants_fragment(request) -> bool:
    """An htmx swap gets the fragment; a history restore (htmx asks for a page missing from its cache after
    Back) and every ordinary request get the whole page."""
    return bool(request.htmx) and not request.htmx.history_restore_request


def _render_question(request, attempt, item, *, error: str = "", status: int = 200) -> HttpResponse:
    context = _question_context(request, attempt, item, error=error)
    if not _wants_fragment(request):
        template = "quizzes/question.html"
    elif request.htmx.target == "answer-area":
        # An answer swaps the form for the feedback (or a refusal) and the counts: the stem stays on the page.
        template = "quizzes/question.html#answer-swap"
    else:
        template = "quizzes/question.html#question-swap"
    response = render(request, template, context, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
@require_safe
def question(request, pk: int, number: int) -> HttpResponse:
    attempt = access.attempt_for_user(request.user, pk)
    if _closed_on_visit(request, attempt):
        return redirect("quizzes:summary", pk=attempt.pk)
    if attempt.is_exam:
        return exam_views.exam_page(request, attempt, number)
    item = access.item_for(attempt, number)
    services.item_mark_shown(item)
    return _render_question(request, attempt, item)


@login_required
@require_POST
def answer(request, pk: int, number: int) -> HttpResponse:
    item = access.users_item(request.user, pk, number)
    attempt = item.attempt
    if attempt.is_exam:
        # An exam's answers are saved as they change (exam_views.save) and graded at the end.
        return _redirect(request, reverse("quizzes:question", args=[attempt.pk, number]))
    try:
        services.attempt_answer(attempt=attempt, item=item, data=request.POST)
    except grading.ResponseError as error:
        return _render_question(request, attempt, item, error=str(error), status=422)
    except services.AttemptClosed as error:
        messages.warning(request, str(error))
        return _redirect(request, reverse("quizzes:summary", args=[attempt.pk]))
    if request.htmx:
        return _render_question(request, attempt, item)
    return redirect("quizzes:question", pk=attempt.pk, number=number)


@login_required
@require_POST
def flag(request, pk: int, number: int) -> HttpResponse:
    attempt = access.attempt_for_user(request.user, pk)
    item = access.item_for(attempt, number)
    try:
        services.item_toggle_flag(attempt=attempt, item=item)
    except services.AttemptClosed as error:
        messages.warning(request, str(error))
        return _redirect(request, reverse("quizzes:summary", args=[attempt.pk]))
    if request.htmx:
        return render(request, "quizzes/question.html#flag-button", {"attempt": attempt, "item": item})
    return redirect("quizzes:question", pk=attempt.pk, number=number)


@login_required
@require_POST
def next_question(request, pk: int) -> HttpResponse:
    attempt = access.attempt_for_user(request.user, pk)
    if not attempt.is_open:
        return _redirect(request, reverse("quizzes:summary", args=[attempt.pk]))
    try:
        after = int(request.POST.get("after", "0"))
    except ValueError:
        after = 0
    number = services.attempt_next_number(attempt=attempt, after=after)
    if number is None:
        services.attempt_finish(attempt=attempt)
        return _redirect(request, reverse("quizzes:summary", args=[attempt.pk]))
    if request.htmx:
        item = access.item_for(attempt, number)
        services.item_mark_shown(item)
        response = _render_question(request, attempt, item)
        return push_url(response, reverse("quizzes:question", args=[attempt.pk, number]))
    return redirect("quizzes:question", pk=attempt.pk, number=number)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def finish(request, pk: int) -> HttpResponse:
    """GET: ask first, saying how many questions are unanswered (the page behind the dialog, for browsers without
    JavaScript). POST: finish. Finishing twice changes nothing."""
    attempt = access.attempt_for_user(request.user, pk)
    if request.method == "POST":
        was_open = attempt.is_open
        services.attempt_finish(attempt=attempt)
        if was_open and request.POST.get("auto") == "1":
            messages.info(request, "Time is up: your exam was submitted with the answers saved by then.")
        return _redirect(request, reverse("quizzes:summary", args=[attempt.pk]))
    if _closed_on_visit(request, attempt):
        return redirect("quizzes:summary", pk=attempt.pk)
    if attempt.is_exam:
        return exam_views.review(request, attempt)
    context = {"attempt": attempt, "progress": results.attempt_progress(attempt)}
    return render(request, "quizzes/finish_confirm.html", context)


REVIEW_LABELS = [("all", "All"), ("missed", "Missed"), ("flagged", "Flagged"), ("right", "Right")]


@login_required
@require_safe
def summary(request, pk: int) -> HttpResponse:
    attempt = access.attempt_for_user(request.user, pk)
    services.finish_if_overdue(attempt)
    if attempt.is_open:
        return redirect("quizzes:question", pk=attempt.pk, number=1)
    summary = results.attempt_summary(attempt)
    counts = summary.counts()
    show = request.GET.get("show")
    if show not in results.REVIEW_FILTERS:
        show = summary.default_filter()
    context = {
        "summary": summary,
        "show": show,
        "rows": summary.showing(show),
        "filters": [(which, label, counts[which]) for which, label in REVIEW_LABELS],
        "exam": results.exam_results(attempt, summary) if attempt.is_exam else None,
        # An instructor's quiz may keep its answers until it closes (learners still taking it must not get them).
        "answers_hidden": not attempt.quiz.answers_shown(),
    }
    return render(request, "quizzes/summary.html", context)


@login_required
@require_POST
def practise_again(request, pk: int) -> HttpResponse:
    """A new practice attempt made of the questions missed (or flagged) in this one."""
    attempt = access.attempt_for_user(request.user, pk)
    if not attempt.quiz.answers_shown():
        messages.info(
            request, "You can practise these questions once the quiz closes and its answers are shown."
        )
        return redirect("quizzes:summary", pk=attempt.pk)
    try:
        again = services.attempt_practise_again(
            user=request.user, attempt=attempt, which=request.POST.get("which", "missed")
        )
    except ValueError as error:
        messages.error(request, str(error))
        return redirect("quizzes:summary", pk=attempt.pk)
    except services.NoQuestions as error:
        messages.info(request, str(error))
        return redirect("quizzes:summary", pk=attempt.pk)
    return redirect("quizzes:question", pk=again.pk, number=1)


def _closed_on_visit(request, attempt: Attempt) -> bool:
    """A submitted attempt, or one whose time ran out while nobody was there (finished now, at its deadline)."""
    if services.finish_if_overdue(attempt):
        messages.info(
            request, "Time ran out on this attempt: it was submitted with the answers saved by the deadline."
        )
        return True
    return not attempt.is_open


def _redirect(request, url: str) -> HttpResponse:
    """A redirect that also works for htmx requests (a full navigation, not a swap)."""
    if request.htmx:
        return HttpResponseClientRedirect(url)
    return redirect(url)


@login_required
@require_POST
def assignment_start(request, pk: int) -> HttpResponse:
    """Start (or resume) an assigned quiz; refused with the reason when it is not open or no attempt is left."""
    assignment = access.assignment_for_learner(request.user, pk)
    try:
        attempt, new = assignments.assignment_start(user=request.user, assignment=assignment)
    except assignments.AssignmentRefused as error:
        messages.error(request, str(error))
        return redirect("dashboard")
    if not new:
        messages.info(request, "You already have this quiz open: it carries on where you left it.")
    return redirect("quizzes:attempt", pk=attempt.pk)
