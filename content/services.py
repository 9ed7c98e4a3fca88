"""Uploads to a learner's private bank: notes (parsed, questions generated) or a bank file (parsed, checked).

Everything is previewed before anything is written, and saving goes through the one loader. A bank file uploaded
where notes are expected is recognised and loaded as a bank: it is never read as notes. Views call these.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field, replace

from django.db import transaction
from django.utils.text import slugify

from accounts.services import NoSuchInstructor, instructor_by_email
from content import model as m
from content import notes as notes_parser
from content import review
from content.export import _question, bank_from_db
from content.formats import bankfile
from content.formats.text import TextError, decode_text
from content.generate import Generation, generate
from content.loader import LoadReport, load_bank
from content.models import Bank, Choice, Question
from content.review import Review


class UploadRefused(Exception):
    """An upload that cannot be saved as it is: a bank file with errors, or notes that make no question (an
    empty bank would only be a dead end). The preview says why."""

    def __init__(self, preview: Preview):
        self.preview = preview
        if isinstance(preview, BankFilePreview):
            reason = f"{len(preview.errors)} problem(s) in the bank file"
        elif preview.review_errors:
            reason = f"{len(preview.review_errors)} rewritten question(s) cannot be read"
        elif preview.questions:
            reason = "every question is left out"
        else:
            reason = "no questions could be made from these notes"
        super().__init__(f"{reason}; nothing was saved.")


# Notes are one person's notes for one exam: a few hundred KB. Reading grows about linearly (make bench prints the
# time per MB), and 2 MB keeps the slowest style (tab-separated cards) to a few seconds of one worker.
NOTES_MAX_BYTES = 2 * 1024 * 1024
# The live preview (after each pause in typing) reads at most this much and shows at most this many questions, so
# that it answers within 300 ms however long the notes are (make bench measures it on 200 KB); the Preview button
# and saving read everything.
LIVE_PREVIEW_CHARS = 30_000
LIVE_PREVIEW_QUESTIONS = 40
# The Preview button shows at most this many questions for review (2 MB of notes can make 20,000: a page of 60 MB
# that took half a minute to render); the others are saved as made, and their owner edits or retires any of them
# from the bank's page afterwards. Review choices on questions past the cut are carried in the form.
PREVIEW_QUESTIONS = 300


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


@dataclass
class NotesPreview:
    document: notes_parser.NotesDocument
    generation: Generation
    kind: str = "notes"
    replaces: Bank | None = None  # the learner's bank of the same title, which saving would update
    # A live preview of long notes reads only their start: (characters read, characters in all).
    partial: tuple[int, int] | None = None
    live: bool = False  # a live preview: the first LIVE_PREVIEW_QUESTIONS questions shown, the others carried
    review: Review = field(default_factory=Review)  # what the owner leaves out and rewrites
    # Review choices for questions this preview did not make (their lines lie past a live preview's cut): carried
    # in the form unchanged, so that a later full preview or the save still has them.
    carried: Review = field(default_factory=Review)
    review_errors: dict[str, m.BankFormatError] = field(default_factory=dict)
    reviewed: m.Bank | None = None  # the bank as reviewed (left out, rewritten), worked out once per preview

    @property
    def shown_limit(self) -> int:
        return LIVE_PREVIEW_QUESTIONS if self.live else PREVIEW_QUESTIONS

    @functools.cached_property
    def shown_rows(self) -> list[dict]:
        """Each question shown for review (the first `shown_limit`), as the review shows it: left out or not, the
        text of its edit box, and the problem with a rewrite that cannot be read. Worked out once, after the review
        is applied (each row writes its question in the bank file format)."""
        shown = {q.key: q for q in (self.reviewed or self.generation.bank).questions}
        return [
            {
                "question": shown.get(q.key, q),
                "excluded": q.key in self.review.excluded,
                "text": self.review.edited.get(q.key) or review.block(q),
                "edited": q.key in self.review.edited,
                "error": self.review_errors.get(q.key),
            }
            for q in self.generation.bank.questions[: self.shown_limit]
        ]

    @property
    def unshown_rows(self) -> list[dict]:
        """The review choices on questions not shown (past the cut), which the form carries so none is lost."""
        return [
            {
                "question": q,
                "excluded": q.key in self.review.excluded,
                "text": self.review.edited.get(q.key, ""),
                "edited": q.key in self.review.edited,
            }
            for q in self.generation.bank.questions[self.shown_limit :]
            if q.key in self.review.excluded or q.key in self.review.edited
        ]

    @property
    def kept(self) -> int:
        return sum(1 for q in self.questions if q.key not in self.review.excluded)

    @property
    def problems(self) -> list[dict]:
        """Everything the learner should look at, by line: lines not understood and questions not made."""
        rows = [
            {"line": loose.line, "text": f"Not understood: {loose.text}", "reason": loose.reason}
            for loose in self.document.loose_lines
        ]
        rows += [
            {"line": r.line, "text": f"No question for {', '.join(r.concepts) or r.kind}", "reason": r.reason}
            for r in self.generation.rejected
        ]
        return sorted(rows, key=lambda row: row["line"])

    @property
    def questions(self) -> tuple[m.Question, ...]:
        return self.generation.bank.questions

    @property
    def slug(self) -> str:
        return self.generation.bank.slug


@dataclass
class BankFilePreview:
    """A bank file: its questions when it is sound, else every problem found, by line."""

    source: str
    bank: m.Bank | None = None
    errors: list[m.BankFormatError] = field(default_factory=list)
    kind: str = "bank"
    replaces: Bank | None = None
    report: LoadReport | None = None  # what saving would add, update and retire (a dry run of the loader)

    @property
    def questions(self) -> tuple[m.Question, ...]:
        return self.bank.questions if self.bank else ()

    @property
    def slug(self) -> str | None:
        return self.bank.slug if self.bank else None


Preview = NotesPreview | BankFilePreview


def notes_bank_slug(user, title: str) -> str:
    """A learner's bank slug: theirs alone, and the same title saves over the same bank (keeping history)."""
    return f"notes-{user.pk}-{slugify(title)[:50] or 'notes'}"


def own_bank_slug(user, slug: str) -> str:
    """The stored slug of a user's bank whose file says `slug`: slugs are unique per owner, so the database key
    carries the owner (`mine-<id>-week-1`). A file exported from the site says `week-1` (see `file_slug`), so
    loading it again reaches the same bank, and another user loading it gets a bank of their own."""
    prefix = _owner_prefix(user.pk)
    return (slug if slug.startswith(prefix) else prefix + slug)[:80]


def _owner_prefix(owner_id: int) -> str:
    return f"mine-{owner_id}-"


def file_slug(bank: Bank) -> str:
    """The slug a bank file of this bank carries: the owner's own name for it, without the owner's prefix."""
    prefix = _owner_prefix(bank.owner_id)
    if bank.owner_id and bank.slug.startswith(prefix) and len(bank.slug) > len(prefix) + 2:
        return bank.slug[len(prefix) :]
    return bank.slug


def decode_upload(data: str | bytes, source: str) -> str:
    """The upload as text. Raises content.formats.TextError (too large, binary, not UTF-8)."""
    return decode_text(data, source)


def notes_preview(*, user, title: str, text: str, source: str, live: bool = False) -> NotesPreview:
    """Read notes and make their questions. Raises TextError for notes over NOTES_MAX_BYTES, before reading
    any of them. `live` reads only the first LIVE_PREVIEW_CHARS (cut at a line end) and says so."""
    size = len(text.encode("utf-8"))
    if size > NOTES_MAX_BYTES:
        raise TextError(
            source,
            1,
            f"these notes are {_megabytes(size)}; notes are read up to {_megabytes(NOTES_MAX_BYTES)} at a time: "
            "split them (by topic or exam domain) into files of up to 2 MB and load each",
        )
    partial = None
    if live and len(text) > LIVE_PREVIEW_CHARS:
        cut = text.rfind("\n", 0, LIVE_PREVIEW_CHARS)
        partial = (cut if cut > 0 else LIVE_PREVIEW_CHARS, len(text))
        text = text[: partial[0]]
    document = notes_parser.parse_notes(text, source=source)
    generation = generate(document, slug=notes_bank_slug(user, title), title=title)
    return NotesPreview(document=document, generation=generation, partial=partial, live=live)


def bank_file_preview(*, user, text: str, source: str) -> BankFilePreview:
    preview = BankFilePreview(source=source, errors=bankfile.validate_text(text, source))
    if preview.errors:
        return preview
    try:
        bank = bankfile.merge([bankfile.parse_text(text, source)])
    except m.BankFormatError as error:  # checks across the whole bank (domains, keys)
        preview.errors = [error]
        return preview
    preview.bank = replace(bank, slug=own_bank_slug(user, bank.slug))
    with transaction.atomic():
        preview.report = load_bank(
            preview.bank, kind=Bank.Kind.AUTHORED, owner=user, sources=[source], dry_run=True
        )
    return preview


# What a review form posts: the keys ticked "leave out" and each edit box's text by key; None when the form
# holds no review (the first preview): then the review stored with the bank, if any, applies.
PostedReview = tuple[list[str], dict[str, str]] | None


def upload_preview(
    *, user, title: str, text: str, source: str, live: bool = False, posted: PostedReview = None
) -> Preview:
    """What saving would load. When the learner already has a bank of that title, `replaces` names it, so the
    page says before saving that it is updated (questions missing from the new text are retired), and its
    review (questions left out or rewritten) is shown and kept."""
    if bankfile.looks_like_bank_file(text):
        preview = bank_file_preview(user=user, text=text, source=source)
    else:
        preview = notes_preview(user=user, title=title, text=text, source=source, live=live)
    if preview.slug:
        preview.replaces = Bank.objects.filter(slug=preview.slug, owner=user).first()
    if isinstance(preview, NotesPreview):
        bank = preview.generation.bank
        if posted is None and preview.replaces is not None:
            stored = Review.from_json(preview.replaces.review)
            posted = (sorted(stored.excluded), stored.edited)
        if posted is not None:
            preview.review = review.posted(bank, *posted)
            made = {q.key for q in bank.questions}
            preview.carried = Review(
                excluded={k for k in posted[0] if k not in made},
                edited={k: t for k, t in posted[1].items() if k not in made},
            )
        preview.reviewed, preview.review_errors = review.apply(bank, preview.review, source)
    return preview


def upload_save(
    *, user, title: str, text: str, source: str, posted: PostedReview = None
) -> tuple[Preview, LoadReport]:
    """Load the upload as the user's private bank, as reviewed. Raises UploadRefused, or LoadError from the
    loader."""
    preview = upload_preview(user=user, title=title, text=text, source=source, posted=posted)
    if isinstance(preview, BankFilePreview):
        if preview.bank is None:
            raise UploadRefused(preview)
        return preview, load_bank(preview.bank, kind=Bank.Kind.AUTHORED, owner=user, sources=[source])
    reviewed = preview.reviewed
    if not reviewed.questions or preview.review_errors:
        raise UploadRefused(preview)
    report = load_bank(reviewed, kind=Bank.Kind.NOTES, owner=user)
    Bank.objects.filter(slug=reviewed.slug, owner=user).update(review=preview.review.to_json())
    return preview, report


# --- Editing a saved bank's questions (the owner, from the bank's question list) --------------------------------


class QuestionMissing(Exception):
    """No active (or, to restore, retired) question of that key in the bank."""


def _reload(bank: Bank, questions: tuple[m.Question, ...]) -> LoadReport:
    current = bank_from_db(bank)
    return load_bank(replace(current, questions=questions), kind=bank.kind, owner=bank.owner)


def _keep_review(bank: Bank, change) -> None:
    """A notes bank remembers the owner's edits, so that saving the notes again keeps them."""
    if bank.kind == Bank.Kind.NOTES:
        stored = Review.from_json(bank.review)
        change(stored)
        Bank.objects.filter(pk=bank.pk).update(review=stored.to_json())


def question_block(bank: Bank, key: str) -> str:
    question = next((q for q in bank_from_db(bank).questions if q.key == key), None)
    if question is None:
        raise QuestionMissing(key)
    return review.block(question)


@transaction.atomic
def question_rewrite(*, bank: Bank, key: str, text: str) -> LoadReport:
    """Replace one question by its rewrite in the bank file format, through the loader (a new version; results
    already given keep theirs). Raises QuestionMissing or BankFormatError (line of the rewrite)."""
    current = bank_from_db(bank)
    question = next((q for q in current.questions if q.key == key), None)
    if question is None:
        raise QuestionMissing(key)
    rewritten = review.rewrite(current, question, text, key)
    report = _reload(bank, tuple(rewritten if q.key == key else q for q in current.questions))
    _keep_review(bank, lambda r: r.edited.__setitem__(key, text))
    return report


@transaction.atomic
def question_retire(*, bank: Bank, key: str) -> LoadReport:
    """Retire one question through the loader: no new practice or exam draws it; past results are kept."""
    current = bank_from_db(bank)
    if not any(q.key == key for q in current.questions):
        raise QuestionMissing(key)
    report = _reload(bank, tuple(q for q in current.questions if q.key != key))
    _keep_review(bank, lambda r: r.excluded.add(key))
    return report


@transaction.atomic
def question_restore(*, bank: Bank, key: str) -> LoadReport:
    """Bring a retired question back (as it was when retired), through the loader."""
    row = (
        Question.objects.filter(bank=bank, key=key, parent__isnull=True, retired_at__isnull=False)
        .select_related("topic__domain", "domain")
        .first()
    )
    if row is None:
        raise QuestionMissing(key)
    parts = tuple(
        _question(part, list(Choice.objects.filter(question=part)))
        for part in Question.objects.filter(parent=row).select_related("topic", "domain").order_by("position")
    )
    restored = _question(row, list(Choice.objects.filter(question=row)), parts)
    current = bank_from_db(bank)
    report = _reload(bank, (*current.questions, restored))
    _keep_review(bank, lambda r: r.excluded.discard(key))
    return report


# --- Authoring a bank in the browser (its owner) ----------------------------------------------------------------


class BankExists(Exception):
    """A bank of that slug exists already."""


class BankShareError(Exception):
    """Sharing a bank was refused; the message says why."""


def bank_add_co_owner(*, bank: Bank, email: str):
    """Share the bank with another instructor, found by e-mail address: they edit it as the owner does."""
    try:
        user = instructor_by_email(email)
    except NoSuchInstructor as error:
        raise BankShareError(str(error)) from None
    if user.pk == bank.owner_id:
        raise BankShareError("That is the bank's owner.")
    bank.co_owners.add(user)
    return user


def bank_remove_co_owner(*, bank: Bank, user_id: int) -> None:
    bank.co_owners.remove(user_id)


def bank_create(*, owner, title: str, exam: str = "", description: str = "") -> Bank:
    """A new, empty authored bank of the owner's, through the loader. Its slug is the owner's (`mine-<id>-…`),
    so two owners may both have a bank called "Week 1"."""
    slug = own_bank_slug(owner, slugify(title)[:60] or "bank")
    if Bank.objects.filter(slug=slug).exists():
        raise BankExists(f"You already have a bank called “{title}”. Choose another title.")
    load_bank(m.Bank(slug=slug, title=title.strip(), exam=exam.strip(), description=description.strip()),
              kind=Bank.Kind.AUTHORED, owner=owner)  # fmt: skip
    return Bank.objects.get(slug=slug)


def bank_text(bank: Bank) -> str:
    """The whole bank in the bank file format: what the text editor shows and the export downloads."""
    return bankfile.write(replace(bank_from_db(bank), slug=file_slug(bank)))


@dataclass
class BankTextCheck:
    """The text editor's dry run: every problem by line, or what saving would add, update and retire."""

    errors: list[m.BankFormatError] = field(default_factory=list)
    report: LoadReport | None = None


def _bank_from_text(bank: Bank, text: str, source: str) -> tuple[m.Bank | None, list[m.BankFormatError]]:
    errors = bankfile.validate_text(text, source)
    if errors:
        return None, errors
    try:
        parsed = bankfile.merge([bankfile.parse_text(text, source)])
    except m.BankFormatError as error:
        return None, [error]
    # A bank's slug is its identity (learners' history hangs on it): the text edits this bank, whatever it says.
    return replace(parsed, slug=bank.slug), []


def bank_text_check(*, bank: Bank, text: str) -> BankTextCheck:
    parsed, errors = _bank_from_text(bank, text, f"{bank.slug}.md")
    if errors:
        return BankTextCheck(errors=errors)
    with transaction.atomic():
        report = load_bank(parsed, kind=bank.kind, owner=bank.owner, dry_run=True)
    return BankTextCheck(report=report)


def bank_text_save(*, bank: Bank, text: str) -> BankTextCheck:
    """Save the edited text through the loader, or nothing at all while it has errors. Questions missing from the
    text are retired (kept for results already given); changed ones get a new version."""
    parsed, errors = _bank_from_text(bank, text, f"{bank.slug}.md")
    if errors:
        return BankTextCheck(errors=errors)
    with transaction.atomic():
        report = load_bank(parsed, kind=bank.kind, owner=bank.owner)
    return BankTextCheck(report=report)


def new_question_key(bank: Bank, stem: str) -> str:
    """A key for a question written in the browser without one: from its stem, made unique in the bank."""
    base = (slugify(stem)[:60].strip("-") or "question").ljust(3, "x")
    taken = set(Question.objects.filter(bank=bank, key__startswith=base).values_list("key", flat=True))
    key, n = base, 2
    while key in taken:
        key, n = f"{base}-{n}", n + 1
    return key


class QuestionKeyTaken(Exception):
    """Another question of the bank has that key (`.key`)."""

    def __init__(self, message: str, key: str = "") -> None:
        super().__init__(message)
        self.key = key


def question_check(*, bank: Bank, question: m.Question) -> m.Question:
    """The question as the bank file reader reads it back: the same rules as a file (options, keys, steps,
    pairs). Raises BankFormatError."""
    return review.rewrite(bank_from_db(bank), question, review.block(question), question.key)


@transaction.atomic
def question_save(*, bank: Bank, question: m.Question, replacing: str | None = None) -> LoadReport:
    """Add a question written in the browser (or replace `replacing`), through the loader: a changed question
    gets a new version, and results already given keep theirs. Raises QuestionKeyTaken or BankFormatError."""
    current = bank_from_db(bank)
    checked = review.rewrite(current, question, review.block(question), question.key)
    # The question's keys (a case study's parts included) may be taken only by the question it replaces.
    old = next((q for q in current.questions if q.key == replacing), None) if replacing else None
    mine = {old.key, *(part.key for part in old.parts)} if old else set()
    keys = [checked.key, *(part.key for part in checked.parts)]
    taken = set(Question.objects.filter(bank=bank, key__in=keys).values_list("key", flat=True)) - mine
    for key in keys:
        if key in taken:
            raise QuestionKeyTaken(
                f"The bank already has a question with the key {key}: choose another.", key
            )
    if replacing is None:
        questions = (*current.questions, checked)
    else:
        if not any(q.key == replacing for q in current.questions):
            raise QuestionMissing(replacing)
        questions = tuple(checked if q.key == replacing else q for q in current.questions)
    report = _reload(bank, questions)
    if replacing:
        _keep_review(bank, lambda r: r.edited.__setitem__(replacing, review.block(checked)))
    return report
