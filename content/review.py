"""The owner's review of the questions made from their notes: leave some out, rewrite others. Plain Python.

A rewrite is the question in the bank file format (docs/bank-format.md) without its `## key` heading: type,
difficulty, tags, stem, options with `[x]` for the right ones, explanation. It is read by the bank file reader,
so a rewritten question follows the same rules as an authored one, and it keeps its key (a learner's history
stays with it), its topic and the note lines it rests on. The review is stored on the bank and applied again at
every save of the same notes, so what the owner left out stays out and what they rewrote stays rewritten.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from content import model as m
from content.formats import bankfile


@dataclass
class Review:
    excluded: set[str] = field(default_factory=set)
    edited: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_json(cls, data: dict | None) -> Review:
        data = data or {}
        return cls(set(data.get("excluded", [])), dict(data.get("edited", {})))

    def to_json(self) -> dict:
        return {"excluded": sorted(self.excluded), "edited": dict(sorted(self.edited.items()))}


def block(question: m.Question) -> str:
    """The question in the bank file format, without its `## key` heading: what the owner edits."""
    return "\n".join(bankfile._write_question(question, 2, None)[1:]).strip() + "\n"


def _same(a: str, b: str) -> bool:
    return [line.rstrip() for line in a.strip().splitlines()] == [
        line.rstrip() for line in b.strip().splitlines()
    ]


def rewrite(bank: m.Bank, question: m.Question, text: str, source: str) -> m.Question:
    """`question` as the owner rewrote it. Raises `BankFormatError` with the line of the rewrite."""
    header = [
        "+++",
        f"slug = {bankfile._toml_string(bank.slug or 'review')}",
        "+++",
        "",
        f"# {question.topic}",
        "",
    ]
    header.append(f"## {question.key}")
    try:
        parsed = bankfile.parse_text("\n".join(header) + "\n" + text.replace("\r\n", "\n"), source)
    except m.BankFormatError as error:
        raise m.BankFormatError(source, max(1, error.line - len(header)), error.message) from None
    if len(parsed.questions) != 1:
        raise m.BankFormatError(source, 1, "write one question here, without a `## key` heading")
    return replace(
        parsed.questions[0],
        key=question.key,
        topic=question.topic,
        source=question.source,
        source_lines=question.source_lines,
    )


def apply(
    bank: m.Bank, review: Review, source: str = "review"
) -> tuple[m.Bank, dict[str, m.BankFormatError]]:
    """The bank as reviewed: questions left out dropped, rewrites put in their place. Returns the errors of
    rewrites that cannot be read, by key (the bank keeps the generated question for those)."""
    questions, errors = [], {}
    for question in bank.questions:
        if question.key in review.excluded:
            continue
        text = review.edited.get(question.key)
        if text is not None and not _same(text, block(question)):
            try:
                question = rewrite(bank, question, text, f"{source} › {question.key}")
            except m.BankFormatError as error:
                errors[question.key] = error
        questions.append(question)
    return replace(bank, questions=tuple(questions)), errors


def posted(generated: m.Bank, excluded: list[str], edits: dict[str, str]) -> Review:
    """The review a form posts: keys ticked "leave out", and the edit boxes whose text differs from the
    generated question (an untouched box is not a rewrite, so a later change of the notes still shows)."""
    by_key = {q.key: q for q in generated.questions}
    return Review(
        excluded={k for k in excluded if k in by_key},
        edited={k: t for k, t in edits.items() if k in by_key and not _same(t, block(by_key[k]))},
    )
