"""Read a bank back out of the database as a `content.model.Bank` (for `export_bank` and round trips)."""

from __future__ import annotations

from collections import defaultdict

from content import model as m
from content.models import Bank, Choice, Question


def _question(row: Question, choices: list[Choice], parts: tuple[m.Question, ...] = ()) -> m.Question:
    by_role = defaultdict(list)
    for choice in sorted(choices, key=lambda c: c.position):
        by_role[choice.role].append(choice)
    match_text = {c.key: c.text for c in by_role[Choice.Role.MATCH]}
    return m.Question(
        key=row.key,
        type=row.type,
        stem=row.stem,
        topic=row.topic.title if row.topic else "",
        domain=row.domain.number if row.domain else None,
        difficulty=row.difficulty,
        tags=tuple(row.tags),
        concepts=tuple(row.concepts),
        options=tuple(
            m.Option(text=c.text, correct=c.is_correct, rationale=c.rationale)
            for c in by_role[Choice.Role.OPTION]
        ),
        steps=tuple(c.text for c in by_role[Choice.Role.STEP]),
        pairs=tuple(
            m.Pair(prompt=c.text, match=match_text[c.match_key]) for c in by_role[Choice.Role.PROMPT]
        ),
        parts=parts,
        explanation=row.explanation,
        references=tuple(row.references),
        source=row.source,
        source_lines=tuple(row.source_lines),
    )


def bank_from_db(bank: Bank) -> m.Bank:
    """The bank's active questions, in their order, as the shared dataclasses."""
    rows = list(
        Question.objects.filter(bank=bank, retired_at__isnull=True)
        .select_related("topic__domain", "domain")
        .order_by("position")
    )
    choices = defaultdict(list)
    for choice in Choice.objects.filter(question__in=rows):
        choices[choice.question_id].append(choice)
    parts = defaultdict(list)
    for row in rows:
        if row.parent_id:
            parts[row.parent_id].append(_question(row, choices[row.pk]))
    questions = tuple(
        _question(row, choices[row.pk], tuple(parts[row.pk])) for row in rows if row.parent_id is None
    )
    return m.Bank(
        slug=bank.slug,
        title=bank.title,
        exam=bank.exam,
        description=bank.description,
        domains=tuple(m.Domain(d.number, d.name, d.weight) for d in bank.domains.order_by("number")),
        topics=tuple(
            m.Topic(title=t.title, domain=t.domain.number if t.domain else None)
            for t in bank.topics.select_related("domain").order_by("position")
        ),
        questions=questions,
        concepts=tuple(
            m.Concept(
                term=c.term,
                topic=c.topic.title if c.topic else "",
                definition=c.definition,
                aliases=tuple(c.aliases),
                facts=tuple(c.facts),
                line=c.line,
            )
            for c in bank.concepts.select_related("topic").order_by("line", "pk")
        ),
    )
