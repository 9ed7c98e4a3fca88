"""Bank pages and "Load my notes". Thin: access through content.access, work in content.services."""

from __future__ import annotations

import contextlib
from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from content import large_reads, services
from content.access import bank_for_editor, bank_for_owner, banks_for_user, can_edit_bank, get_bank_for_user
from content.export import bank_from_db
from content.formats.bankfile import looks_like_bank_file
from content.forms import BankForm, NotesForm, QuestionEditor, QuestionSearchForm, ShareForm
from content.large_reads import one_at_a_time
from content.loader import LoadError
from content.model import BankFormatError, SourceError
from content.models import Concept, Question, Topic


@login_required
@require_safe
def bank_list(request) -> HttpResponse:
    banks = banks_for_user(request.user).order_by("owner_id", "title")
    return render(request, "content/bank_list.html", {"banks": banks})


@login_required
@require_safe
def bank_detail(request, slug: str) -> HttpResponse:
    """The bank's outline: domains, their topics with question counts (each can start a practice), and the
    concepts of a notes bank. The questions themselves are on the searchable, paged list (bank_questions)."""
    bank = get_bank_for_user(request.user, slug)
    topics = list(
        Topic.objects.filter(bank=bank).with_question_counts().select_related("domain").order_by("position")
    )
    concepts = defaultdict(list)
    for concept in Concept.objects.filter(bank=bank).order_by("line"):
        concepts[concept.topic_id].append(concept)
    outline: dict[int | None, dict] = {}
    for topic in topics:
        if not (topic.question_count or concepts.get(topic.pk)):
            continue
        topic.concept_list = concepts.get(topic.pk, [])
        section = outline.setdefault(topic.domain_id, {"domain": topic.domain, "topics": [], "count": 0})
        section["topics"].append(topic)
        section["count"] += topic.question_count
    is_owner = bank.owner_id == request.user.pk
    return render(
        request,
        "content/bank_detail.html",
        {
            "bank": bank,
            "editable": can_edit_bank(request.user, bank),
            "is_owner": is_owner,
            "co_owners": bank.co_owners.order_by("display_name", "email") if is_owner else [],
            "share_form": ShareForm(),
            "outline": sorted(outline.values(), key=lambda s: s["domain"].number if s["domain"] else 0),
            "counts": Question.objects.filter(bank=bank).counts(),
            "concept_count": sum(map(len, concepts.values())),
        },
    )


QUESTIONS_PER_PAGE = 20


@login_required
@require_safe
def bank_questions(request, slug: str) -> HttpResponse:
    """The bank's questions, stems only (never an answer), searchable and paged; case studies with their parts."""
    bank = get_bank_for_user(request.user, slug)
    form = QuestionSearchForm(request.GET, bank=bank)
    form.is_valid()
    questions = Question.objects.active().filter(bank=bank, parent__isnull=True).select_related("topic")
    if form.cleaned_data.get("topic"):
        questions = questions.filter(topic=form.cleaned_data["topic"])
    if words := (form.cleaned_data.get("q") or "").split():
        for word in words:
            matching_parts = Question.objects.filter(bank=bank, parent__isnull=False, stem__icontains=word)
            questions = questions.filter(
                Q(stem__icontains=word)
                | Q(key__icontains=word)
                | Q(pk__in=matching_parts.values("parent_id"))
            )
    # The list shows entries (a case study is one, its parts under it); the count says questions, as the bank
    # page does, so the two pages agree.
    counts = Question.objects.filter(
        Q(pk__in=questions.values("pk")) | Q(parent__in=questions.values("pk"))
    ).counts()
    page = Paginator(
        questions.prefetch_related(
            Prefetch("parts", queryset=Question.objects.active().order_by("position"))
        ).order_by("position"),
        QUESTIONS_PER_PAGE,
    ).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    editable = can_edit_bank(request.user, bank)
    return render(
        request,
        "content/bank_questions.html",
        {
            "bank": bank,
            "form": form,
            "page": page,
            "counts": counts,
            "query": query.urlencode(),
            "show_source": editable,
            "editable": editable,
            "retired": (
                Question.objects.filter(bank=bank, parent__isnull=True, retired_at__isnull=False).order_by(
                    "key"
                )
                if editable
                else []
            ),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def question_edit(request, slug: str, key: str) -> HttpResponse:
    """The owner rewrites one question in the bank file format; a new version (results given keep theirs)."""
    bank = bank_for_editor(request.user, slug)
    try:
        original = services.question_block(bank, key)
    except services.QuestionMissing:
        raise Http404("No such question.") from None
    text, error, status = original, None, 200
    if request.method == "POST":
        text = request.POST.get("text", "")
        try:
            services.question_rewrite(bank=bank, key=key, text=text)
        except BankFormatError as problem:
            error, status = problem, 400
        else:
            messages.success(request, f"Saved your rewrite of {key}.")
            return redirect(f"{reverse('content:bank_questions', args=[bank.slug])}#q-{key}")
    question = Question.objects.filter(bank=bank, key=key).prefetch_related("choices").first()
    return render(
        request,
        "content/question_edit.html",
        {"bank": bank, "key": key, "text": text, "error": error, "question": question},
        status=status,
    )


def _question_action(request, slug: str, key: str, action, done: str, anchor: str) -> HttpResponse:
    bank = bank_for_editor(request.user, slug)
    try:
        action(bank=bank, key=key)
    except services.QuestionMissing:
        raise Http404("No such question.") from None
    messages.success(request, done)
    return redirect(f"{reverse('content:bank_questions', args=[bank.slug])}#{anchor}")


@login_required
@require_POST
def question_retire(request, slug: str, key: str) -> HttpResponse:
    done = f"Retired {key}: practice and exams no longer draw it; past results keep it. Restore it below."
    return _question_action(request, slug, key, services.question_retire, done, "retired")


@login_required
@require_POST
def question_restore(request, slug: str, key: str) -> HttpResponse:
    return _question_action(request, slug, key, services.question_restore, f"Restored {key}.", f"q-{key}")


def _notes_page(request, form, preview=None, error="", status=200, waiting=False) -> HttpResponse:
    fragment = bool(request.htmx and not request.htmx.history_restore_request)
    # A full page shows field errors beside the fields; a fragment replaces only the preview, so it lists them.
    context = {"form": form, "preview": preview, "error": error, "fragment": fragment, "waiting": waiting}
    template = "content/notes_load.html#notes-preview" if fragment else "content/notes_load.html"
    response = render(request, template, context, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _unreadable(error: SourceError) -> str:
    """A file that is not text, said for a person: the file's name and what to do, without a line number
    (`FILE:LINE:` is for the command line, and line 3 of a photo means nothing)."""
    return f"{error.source}: {error.message[:1].upper()}{error.message[1:]}."


def _with_text_in_the_box(form: NotesForm, text: str, source: str) -> NotesForm:
    """After a preview of an uploaded file, its text goes into the box (and its name into `source`): a file
    input cannot be filled again by the server, and the learner can now edit the text or save it as it is."""
    if not form.has_file:
        return form
    data = form.data.copy()
    data["text"], data["source"] = text, source
    carried = NotesForm(data)
    carried.is_valid()
    carried.carried_from = source
    return carried


def _posted_review(request) -> services.PostedReview:
    """The review fields of the preview (they sit in the form through `form="notes-form"`), if it had any."""
    if "reviewed" not in request.POST:
        return None
    edits = {k.removeprefix("edit:"): v for k, v in request.POST.items() if k.startswith("edit:")}
    return request.POST.getlist("exclude"), edits


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@one_at_a_time
def notes_load(request) -> HttpResponse:
    """GET: the form. POST: preview (button 'preview') or save the upload as the learner's private bank."""
    if request.method != "POST":
        return _notes_page(request, NotesForm())
    form = NotesForm(request.POST, request.FILES)
    if not form.is_valid():
        return _notes_page(request, form, status=400)
    data, source = form.notes()
    title = form.cleaned_data["title"]
    saving = "save" in request.POST
    try:
        text = services.decode_upload(data, source)
        posted = _posted_review(request)
        if saving:
            preview, report = services.upload_save(
                user=request.user, title=title, text=text, source=source, posted=posted
            )
        else:
            preview = services.upload_preview(
                user=request.user, title=title, text=text, source=source, posted=posted
            )
    except SourceError as error:  # not text at all: too large, binary, not UTF-8
        return _notes_page(request, form, error=_unreadable(error), status=400)
    except services.UploadRefused as refused:
        return _notes_page(request, _with_text_in_the_box(form, text, source), refused.preview, status=400)
    except LoadError as error:
        return _notes_page(request, form, error=str(error), status=400)
    if not saving:
        return _notes_page(request, _with_text_in_the_box(form, text, source), preview)
    if preview.kind == "bank":
        messages.info(request, f"{source} is a bank file, so it was loaded as a bank, not read as notes.")
    left_out = len(preview.review.excluded) if preview.kind == "notes" else 0
    messages.success(
        request,
        f"Saved '{report.title}' as your private bank: {len(report.added)} new, {len(report.updated)} updated, "
        f"{len(report.retired)} retired, {len(report.unchanged)} unchanged"
        + (f", {left_out} left out as you chose." if left_out else "."),
    )
    return redirect("content:bank_detail", slug=report.slug)


@login_required
@require_POST
def notes_preview(request) -> HttpResponse:
    """The live preview (htmx): parse and generate, never save. Shows the same errors as the form.

    It reads at most the first LIVE_PREVIEW_CHARS of notes, so it never waits for a large-read slot (and never
    holds one while its author presses Preview); a bank file is read whole, so a large one does."""
    form = NotesForm(request.POST, request.FILES)
    if not form.is_valid():
        if form.waiting_for_notes:
            return _notes_page(request, NotesForm(), waiting=True)
        return _notes_page(request, form, status=422)
    data, source = form.notes()
    try:
        text = services.decode_upload(data, source)
        whole_file = large_reads.is_large(request) and looks_like_bank_file(text)
        with large_reads.slot() if whole_file else contextlib.nullcontext():
            preview = services.upload_preview(
                user=request.user,
                title=form.cleaned_data["title"],
                text=text,
                source=source,
                live=True,
                posted=_posted_review(request),
            )
    except SourceError as error:
        return _notes_page(request, form, error=_unreadable(error), status=422)
    except large_reads.Busy:
        return large_reads.busy(request)
    return _notes_page(request, form, preview)


# --- Authoring a bank in the browser --------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def bank_new(request) -> HttpResponse:
    """A new, empty bank of the user's own, to write questions into (as text, or one question at a time)."""
    form = BankForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            bank = services.bank_create(owner=request.user, **form.cleaned_data)
        except services.BankExists as error:
            form.add_error("title", str(error))
        else:
            messages.success(
                request, f"Created {bank.title}. Write its questions below, in the bank file format."
            )
            return redirect("content:bank_text", slug=bank.slug)
    return render(request, "content/bank_new.html", {"form": form}, status=400 if form.errors else 200)


def _bank_text_page(request, bank, text: str, check, status: int = 200) -> HttpResponse:
    fragment = bool(request.htmx and not request.htmx.history_restore_request)
    template = "content/bank_text.html#text-check" if fragment else "content/bank_text.html"
    response = render(request, template, {"bank": bank, "text": text, "check": check}, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@one_at_a_time
def bank_text(request, slug: str) -> HttpResponse:
    """The owner edits the whole bank as text in the bank file format; nothing is saved while it has errors."""
    bank = bank_for_editor(request.user, slug)
    if request.method != "POST":
        text = services.bank_text(bank)
        return _bank_text_page(request, bank, text, services.bank_text_check(bank=bank, text=text))
    text = request.POST.get("text", "")
    result = services.bank_text_save(bank=bank, text=text)
    if result.errors:
        return _bank_text_page(request, bank, text, result, status=400)
    report = result.report
    messages.success(
        request,
        f"Saved {bank.title}: {len(report.added)} new, {len(report.updated)} updated, {len(report.retired)} "
        f"retired, {len(report.unchanged)} unchanged.",
    )
    return redirect("content:bank_text", slug=bank.slug)


@login_required
@require_POST
@one_at_a_time
def bank_text_check(request, slug: str) -> HttpResponse:
    """The text editor's live check (htmx): problems by line, or what saving would change. Never saves."""
    bank = bank_for_editor(request.user, slug)
    text = request.POST.get("text", "")
    check = services.bank_text_check(bank=bank, text=text)
    return _bank_text_page(request, bank, text, check)


@login_required
@require_safe
def bank_export(request, slug: str) -> HttpResponse:
    """The bank as a file in the bank file format, answer keys included: for its owners only."""
    bank = bank_for_editor(request.user, slug)
    response = HttpResponse(services.bank_text(bank), content_type="text/markdown; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{services.file_slug(bank)}.md"'
    return response


@login_required
@require_POST
def bank_co_owners(request, slug: str) -> HttpResponse:
    """The owner shares the bank with another instructor (by e-mail address)."""
    bank = bank_for_owner(request.user, slug)
    form = ShareForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Write the e-mail address of the instructor to share the bank with.")
    else:
        try:
            user = services.bank_add_co_owner(bank=bank, email=form.cleaned_data["email"])
        except services.BankShareError as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, f"{user.name} now co-owns {bank.title}.")
    return redirect(f"{reverse('content:bank_detail', args=[bank.slug])}#co-owners")


@login_required
@require_POST
def bank_co_owner_remove(request, slug: str, user_id: int) -> HttpResponse:
    """The owner stops sharing the bank with a co-owner (quizzes they built from it keep working)."""
    bank = bank_for_owner(request.user, slug)
    services.bank_remove_co_owner(bank=bank, user_id=user_id)
    messages.success(request, "Stopped sharing the bank.")
    return redirect(f"{reverse('content:bank_detail', args=[bank.slug])}#co-owners")


# --- One question in a form, with a live preview ----------------------------------------------------------------


def _question_form_page(
    request, bank, editor, *, key=None, preview=None, error="", status=200
) -> HttpResponse:
    fragment = bool(request.htmx and not request.htmx.history_restore_request)
    template = "content/question_form.html#question-preview" if fragment else "content/question_form.html"
    context = {
        "bank": bank,
        "editor": editor,
        "form": editor.form,
        "key": key,
        "preview": preview,
        "error": error,
    }
    response = render(request, template, context, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _message(problem: BankFormatError) -> str:
    return problem.message[:1].upper() + problem.message[1:] + "."


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def question_new(request, slug: str) -> HttpResponse:
    """The owner writes a question of any type in a form (a case study with its parts), with a live preview."""
    return _question_write(request, bank_for_editor(request.user, slug), None)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def question_form(request, slug: str, key: str) -> HttpResponse:
    """The owner edits a question in the form."""
    bank = bank_for_editor(request.user, slug)
    return _question_write(request, bank, key)


def _question_write(request, bank, key: str | None) -> HttpResponse:
    if request.method != "POST":
        if key is None:
            return _question_form_page(request, bank, QuestionEditor(bank=bank))
        current = next((q for q in bank_from_db(bank).questions if q.key == key), None)
        if current is None:
            raise Http404("No such question.")
        return _question_form_page(
            request, bank, QuestionEditor(bank=bank, question=current), key=key, preview=current
        )
    if "add_part" in request.POST:  # one more part slot; nothing is checked or saved
        editor = QuestionEditor(request.POST, bank=bank, add_part=True)
        return _question_form_page(request, bank, editor, key=key)
    editor = QuestionEditor(request.POST, bank=bank)
    if not editor.is_valid():
        return _question_form_page(request, bank, editor, key=key, status=400)
    question = editor.question(key or services.new_question_key(bank, editor.form.cleaned_data["stem"]))
    try:
        services.question_save(bank=bank, question=question, replacing=key)
    except BankFormatError as problem:  # what the bank file reader finds that the form cannot see
        return _question_form_page(request, bank, editor, key=key, error=_message(problem), status=400)
    except services.QuestionKeyTaken as taken:
        editor.form.add_error("key" if taken.key == question.key else None, str(taken))
        return _question_form_page(request, bank, editor, key=key, status=400)
    except services.QuestionMissing:
        raise Http404("No such question.") from None
    messages.success(
        request,
        f"Saved {question.key}." + (" Results already given keep the version they saw." if key else ""),
    )
    if "another" in request.POST:
        return redirect("content:question_new", slug=bank.slug)
    return redirect(f"{reverse('content:bank_questions', args=[bank.slug])}#q-{question.key}")


@login_required
@require_POST
def question_preview(request, slug: str) -> HttpResponse:
    """The live preview (htmx): the question as a learner sees it, then its key and explanation. Never saves."""
    bank = bank_for_editor(request.user, slug)
    # A question half written is not an error here: the preview says what is missing (a 200, so htmx swaps it).
    editor = QuestionEditor(request.POST, bank=bank)
    if not editor.is_valid():
        return _question_form_page(request, bank, editor)
    key = request.POST.get("editing") or services.new_question_key(bank, editor.form.cleaned_data["stem"])
    try:
        question = services.question_check(bank=bank, question=editor.question(key))
    except BankFormatError as problem:
        return _question_form_page(request, bank, editor, error=_message(problem))
    return _question_form_page(request, bank, editor, preview=question)
