"""The instructor area: banks, quizzes, classes, assignments, gradebook and item analysis. Thin: access through
`accounts.access` and `quizzes.access` (404 for what is not the instructor's), work in services."""

from __future__ import annotations

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts import services as class_services
from accounts.access import class_for_teacher, classes_taught
from accounts.models import Enrollment, User
from content import model as bank_model
from content.access import banks_edited_by, banks_for_user
from quizzes import access, assignments, results, teaching
from quizzes.models import Attempt
from quizzes.teach_forms import AssignForm, ClassForm, CoInstructorForm, QuizForm


def instructor_required(view=None, *, area: bool = False):
    """Signed in, and an instructor. On the area's own pages (`area`) a learner who follows a link is told what
    the area is for (403); on a page of an object, anyone but its instructors gets the same 404 as for an
    object that does not exist."""

    def decorate(view):
        @functools.wraps(view)
        @login_required
        def wrapped(request, *args, **kwargs):
            if not request.user.is_instructor:
                if area:
                    raise PermissionDenied(
                        "This area is for instructors. Ask an administrator for the instructor role."
                    )
                raise Http404("No such page.")
            return view(request, *args, **kwargs)

        return wrapped

    return decorate(view) if view else decorate


@instructor_required(area=True)
@require_safe
def teach_home(request) -> HttpResponse:
    """The instructor's desk: their banks (with counts and last change), quizzes and classes."""
    scorable = Q(questions__retired_at__isnull=True) & ~Q(questions__type=bank_model.CASE_STUDY)
    banks = (
        banks_edited_by(request.user)
        .select_related("owner")
        .annotate(question_count=Count("questions", filter=scorable))
    )
    quizzes = (
        access.quizzes_built_by(request.user).annotate(assigned=Count("assignments")).order_by("-updated_at")
    )
    classes = (
        classes_taught(request.user)
        .select_related("owner")
        .annotate(
            learner_count=Count("enrollments", distinct=True),
            assignment_count=Count("assignments", distinct=True),
        )
        .order_by("name")
    )
    return render(
        request,
        "quizzes/teach/home.html",
        {
            "banks": banks.order_by("-updated_at"),
            "quizzes": quizzes,
            "classes": classes,
            "shared_banks": banks_for_user(request.user).filter(owner__isnull=True).order_by("title"),
        },
    )


# --- Quizzes ------------------------------------------------------------------------------------------------


def _quiz_page(request, form: QuizForm, quiz=None, status: int = 200) -> HttpResponse:
    return render(
        request,
        "quizzes/teach/quiz_form.html",
        {"form": form, "quiz": quiz, "bank": form.bank},
        status=status,
    )


@instructor_required(area=True)
@require_http_methods(["GET", "HEAD", "POST"])
def quiz_new(request) -> HttpResponse:
    """Build a quiz from one bank the instructor may use (`?bank=<slug>`; without one, the bank is asked first)."""
    slug = request.GET.get("bank") or request.POST.get("bank")
    bank = banks_for_user(request.user).filter(slug=slug).first() if slug else None
    if bank is None:
        banks = banks_for_user(request.user).order_by("owner_id", "title")
        return render(request, "quizzes/teach/quiz_bank.html", {"banks": banks}, status=400 if slug else 200)
    form = QuizForm(request.POST or None, bank=bank, initial={"feedback": "end"})
    if request.method == "POST" and form.is_valid():
        quiz = assignments.quiz_save(owner=request.user, bank=bank, data=form.cleaned_data)
        messages.success(request, f"Saved {quiz.title}. Assign it to a class from the class's page.")
        return redirect("quizzes:teach_quiz", pk=quiz.pk)
    return _quiz_page(request, form, status=400 if form.errors else 200)


@instructor_required
@require_http_methods(["GET", "HEAD", "POST"])
def quiz_edit(request, pk: int) -> HttpResponse:
    quiz = access.quiz_for_builder(request.user, pk)
    bank = quiz.banks.first()
    form = QuizForm(request.POST or None, bank=bank, instance=quiz)
    if request.method == "POST" and form.is_valid():
        assignments.quiz_save(owner=request.user, bank=bank, data=form.cleaned_data, quiz=quiz)
        messages.success(
            request, f"Saved {quiz.title}. Attempts already started keep the questions they drew."
        )
        return redirect("quizzes:teach_quiz", pk=quiz.pk)
    return _quiz_page(request, form, quiz, status=400 if form.errors else 200)


@instructor_required
@require_safe
def quiz_items(request, pk: int) -> HttpResponse:
    """Item analysis of a quiz over every class it is assigned to (first attempts)."""
    quiz = access.quiz_for_builder(request.user, pk)
    analysis = teaching.item_analysis(Attempt.objects.filter(quiz=quiz))
    return _items_page(request, {"quiz": quiz, "analysis": analysis, "scope": "every class"})


def _items_page(request, context: dict) -> HttpResponse:
    editable = set(banks_edited_by(request.user).values_list("pk", flat=True))
    return render(request, "quizzes/teach/items.html", context | {"editable_banks": editable})


# --- Classes ------------------------------------------------------------------------------------------------


@instructor_required(area=True)
@require_http_methods(["GET", "HEAD", "POST"])
def class_new(request) -> HttpResponse:
    form = ClassForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        classroom = class_services.classroom_create(owner=request.user, name=form.cleaned_data["name"])
        messages.success(request, f"Created {classroom.name}. Give learners its code: {classroom.join_code}.")
        return redirect("quizzes:teach_class", pk=classroom.pk)
    return render(request, "quizzes/teach/class_new.html", {"form": form}, status=400 if form.errors else 200)


def _class_page(request, classroom, *, assign_form=None, co_form=None, status=200) -> HttpResponse:
    enrollments = list(
        Enrollment.objects.filter(classroom=classroom).select_related("learner").order_by("joined_at")
    )
    class_assignments = list(
        classroom.assignments.select_related("quiz")
        .annotate(attempt_count=Count("attempts"))
        .order_by("due_at", "pk")
    )
    taken = {a.quiz_id for a in class_assignments}
    quizzes = access.quizzes_built_by(request.user).exclude(pk__in=taken).order_by("title")
    context = {
        "classroom": classroom,
        "enrollments": enrollments,
        "assignments": class_assignments,
        "co_instructors": list(classroom.co_instructors.order_by("email")),
        "is_owner": classroom.owner_id == request.user.pk,
        "assign_form": assign_form or AssignForm(quizzes=quizzes),
        "co_form": co_form or CoInstructorForm(),
        "join_url": request.build_absolute_uri(
            reverse("accounts:class_join_link", args=[classroom.join_code])
        ),
    }
    return render(request, "quizzes/teach/class_detail.html", context, status=status)


@instructor_required
@require_safe
def class_detail(request, pk: int) -> HttpResponse:
    return _class_page(request, class_for_teacher(request.user, pk))


@instructor_required
@require_POST
def class_assign(request, pk: int) -> HttpResponse:
    classroom = class_for_teacher(request.user, pk)
    form = AssignForm(request.POST, quizzes=access.quizzes_built_by(request.user))
    if not form.is_valid():
        return _class_page(request, classroom, assign_form=form, status=400)
    try:
        assignment = assignments.assignment_create(
            classroom=classroom,
            quiz=form.cleaned_data["quiz"],
            due_at=form.cleaned_data["due_at"],
            by=request.user,
        )
    except assignments.AssignError as error:
        form.add_error("quiz", str(error))
        return _class_page(request, classroom, assign_form=form, status=400)
    messages.success(request, f"Assigned {assignment.quiz.title} to {classroom.name}.")
    return redirect("quizzes:teach_class", pk=classroom.pk)


@instructor_required
@require_POST
def assignment_remove(request, pk: int) -> HttpResponse:
    assignment = access.assignment_for_teacher(request.user, pk)
    try:
        assignments.assignment_delete(assignment=assignment)
    except assignments.AssignError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Unassigned {assignment.quiz.title}.")
    return redirect("quizzes:teach_class", pk=assignment.classroom_id)


@instructor_required
@require_POST
def class_remove_learner(request, pk: int, user_pk: int) -> HttpResponse:
    classroom = class_for_teacher(request.user, pk)
    if class_services.classroom_remove_learner(classroom=classroom, learner_id=user_pk):
        messages.success(request, "Removed the learner from the class. Their past attempts are kept.")
    else:
        messages.info(request, "That learner was not in the class.")
    return redirect("quizzes:teach_class", pk=classroom.pk)


@instructor_required
@require_POST
def class_co_instructor(request, pk: int) -> HttpResponse:
    """Add a co-instructor (the owner only)."""
    classroom = class_for_teacher(request.user, pk)
    if classroom.owner_id != request.user.pk:
        raise PermissionDenied("Only the class's owner adds co-instructors.")
    form = CoInstructorForm(request.POST)
    if form.is_valid():
        try:
            user = class_services.classroom_add_co_instructor(
                classroom=classroom, email=form.cleaned_data["email"]
            )
        except class_services.ClassroomError as error:
            form.add_error("email", str(error))
        else:
            messages.success(request, f"{user.name} now teaches {classroom.name} with you.")
            return redirect("quizzes:teach_class", pk=classroom.pk)
    return _class_page(request, classroom, co_form=form, status=400)


@instructor_required
@require_POST
def class_new_code(request, pk: int) -> HttpResponse:
    classroom = class_for_teacher(request.user, pk)
    class_services.classroom_new_code(classroom=classroom)
    messages.success(request, f"New code {classroom.join_code}: the old code and link no longer work.")
    return redirect("quizzes:teach_class", pk=classroom.pk)


# --- Results ------------------------------------------------------------------------------------------------


@instructor_required
@require_safe
def gradebook(request, pk: int) -> HttpResponse:
    classroom = class_for_teacher(request.user, pk)
    book = teaching.gradebook(classroom)
    if request.GET.get("format") == "csv":
        response = HttpResponse(book.csv(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="gradebook-{classroom.pk}.csv"'
        return response
    return render(request, "quizzes/teach/gradebook.html", {"classroom": classroom, "book": book})


@instructor_required
@require_safe
def learner_results(request, pk: int, user_pk: int) -> HttpResponse:
    classroom = class_for_teacher(request.user, pk)
    # On the roster, or removed from it with attempts that still count in this class.
    learner = (
        User.objects.filter(pk=user_pk)
        .filter(Q(enrollments__classroom=classroom) | Q(attempts__assignment__classroom=classroom))
        .first()
    )
    if learner is None:
        raise Http404("No such learner in this class.")
    return render(
        request,
        "quizzes/teach/learner.html",
        {
            "classroom": classroom,
            "learner": learner,
            "attempts": teaching.learner_attempts(classroom, user_pk),
            "removed": not Enrollment.objects.filter(classroom=classroom, learner=learner).exists(),
        },
    )


@instructor_required
@require_safe
def attempt_review(request, pk: int) -> HttpResponse:
    """A learner's attempt question by question, with their answers and the right ones."""
    attempt = access.attempt_for_teacher(request.user, pk)
    summary = results.attempt_summary(attempt)
    return render(request, "quizzes/teach/attempt.html", {"attempt": attempt, "summary": summary})


@instructor_required
@require_safe
def assignment_items(request, pk: int) -> HttpResponse:
    """Item analysis of one class's first attempts at an assignment."""
    assignment = access.assignment_for_teacher(request.user, pk)
    analysis = teaching.item_analysis(Attempt.objects.filter(assignment=assignment))
    return _items_page(
        request,
        {
            "quiz": assignment.quiz,
            "analysis": analysis,
            "scope": assignment.classroom.name,
            "assignment": assignment,
        },
    )
