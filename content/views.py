"""Bank pages and "Load my notes". Thin: access through content.access, work in content.services."""

from __future__ import annotations

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from content import notes as notes_parser
from content import services
from content.access import banks_for_user, get_bank_for_user
from content.forms import NotesForm
from content.loader import LoadError
from content.models import Concept, Question, Topic


@login_required
@require_GET
def bank_list(request) -> HttpResponse:
    banks = banks_for_user(request.user).order_by("owner_id", "title")
    return render(request, "content/bank_list.html", {"banks": banks})


@login_required
@require_GET
def bank_detail(request, slug: str) -> HttpResponse:
    bank = get_bank_for_user(request.user, slug)
    topics = list(Topic.objects.filter(bank=bank).select_related("domain").order_by("position"))
    questions = list(
        Question.objects.filter(bank=bank, retired_at__isnull=True, parent__isnull=True).order_by("position")
    )
    parts = defaultdict(list)
    for part in Question.objects.filter(bank=bank, retired_at__isnull=True, parent__isnull=False).order_by(
        "position"
    ):
        parts[part.parent_id].append(part)
    concepts = defaultdict(list)
    for concept in Concept.objects.filter(bank=bank).order_by("line"):
        concepts[concept.topic_id].append(concept)
    by_topic = defaultdict(list)
    for question in questions:
        question.part_list = parts.get(question.pk, [])
        by_topic[question.topic_id].append(question)
    sections = [
        {"topic": t, "questions": by_topic.get(t.pk, []), "concepts": concepts.get(t.pk, [])}
        for t in topics
        if by_topic.get(t.pk) or concepts.get(t.pk)
    ]
    return render(
        request,
        "content/bank_detail.html",
        {
            "bank": bank,
            "sections": sections,
            # what a learner is scored on: every question but a case study itself, which holds scored parts
            "question_count": sum(q.type != Question.Type.CASE_STUDY for q in questions)
            + sum(map(len, parts.values())),
            "case_count": sum(q.type == Question.Type.CASE_STUDY for q in questions),
        },
    )


def _notes_page(request, form, preview=None, error="", status=200) -> HttpResponse:
    context = {"form": form, "preview": preview, "error": error}
    template = "content/notes_load.html#notes-preview" if request.htmx else "content/notes_load.html"
    return render(request, template, context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def notes_load(request) -> HttpResponse:
    """GET: the form. POST: preview (button 'preview') or save the notes as the learner's private bank."""
    if request.method == "GET":
        return _notes_page(request, NotesForm())
    form = NotesForm(request.POST, request.FILES)
    if not form.is_valid():
        return _notes_page(request, form, status=400)
    text, source = form.notes()
    title = form.cleaned_data["title"]
    try:
        if "preview" in request.POST:
            preview = services.notes_preview(user=request.user, title=title, text=text, source=source)
            return _notes_page(request, form, preview)
        preview, report = services.notes_save(user=request.user, title=title, text=text, source=source)
    except notes_parser.NotesError as error:
        return _notes_page(request, form, error=str(error), status=400)
    except LoadError as error:
        return _notes_page(request, form, error=str(error), status=400)
    if not preview.generation.bank.questions:
        messages.warning(
            request, "No questions could be made from these notes; see the problems listed below."
        )
    messages.success(
        request,
        f"Saved '{report.title}': {len(report.added)} new, {len(report.updated)} updated, "
        f"{len(report.retired)} retired, {len(report.unchanged)} unchanged questions.",
    )
    return redirect("content:bank_detail", slug=report.slug)


@login_required
@require_POST
def notes_preview(request) -> HttpResponse:
    """The live preview (htmx): parse and generate, never save."""
    form = NotesForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, "content/notes_load.html#notes-preview", {"form": form, "preview": None})
    text, source = form.notes()
    try:
        preview = services.notes_preview(
            user=request.user, title=form.cleaned_data["title"], text=text, source=source
        )
    except notes_parser.NotesError as error:
        return render(request, "content/notes_load.html#notes-preview", {"form": form, "error": str(error)})
    return render(request, "content/notes_load.html#notes-preview", {"form": form, "preview": preview})
