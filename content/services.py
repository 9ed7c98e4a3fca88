"""Notes to a learner's private bank: parse, generate, and (when saving) load. Views call these."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.text import slugify

from content import notes as notes_parser
from content.generate import Generation, generate
from content.loader import LoadReport, load_bank
from content.models import Bank


@dataclass
class NotesPreview:
    document: notes_parser.NotesDocument
    generation: Generation

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


def notes_bank_slug(user, title: str) -> str:
    """A learner's bank slug: theirs alone, and the same title saves over the same bank (keeping history)."""
    return f"notes-{user.pk}-{slugify(title)[:50] or 'notes'}"


def notes_preview(*, user, title: str, text: bytes | str, source: str) -> NotesPreview:
    """Raises notes_parser.NotesError for input that cannot be notes at all."""
    document = notes_parser.parse_notes(text, source=source)
    generation = generate(document, slug=notes_bank_slug(user, title), title=title)
    return NotesPreview(document=document, generation=generation)


def notes_save(*, user, title: str, text: bytes | str, source: str) -> tuple[NotesPreview, LoadReport]:
    preview = notes_preview(user=user, title=title, text=text, source=source)
    report = load_bank(preview.generation.bank, kind=Bank.Kind.NOTES, owner=user)
    return preview, report
