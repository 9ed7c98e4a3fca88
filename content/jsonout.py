"""The `--json` shape of `load_bank` and `load_notes` (plain Python; documented in docs/bank-format.md)."""

from __future__ import annotations

from content import model as m


def _choices(question: m.Question) -> list[dict]:
    if question.type in (m.SINGLE, m.MULTIPLE):
        return [{"text": o.text, "correct": o.correct, "rationale": o.rationale} for o in question.options]
    if question.type == m.ORDERING:
        return [{"text": s, "correct": True, "position": i + 1} for i, s in enumerate(question.steps)]
    if question.type == m.MATCHING:
        return [{"text": p.prompt, "match": p.match, "correct": True} for p in question.pairs]
    return []


def question_json(
    question: m.Question, *, case: m.Question | None = None, topic_domain: int | None = None
) -> dict:
    domain = question.domain
    if domain is None and case is not None:
        domain = case.domain
    if domain is None:
        domain = topic_domain
    data = {
        "key": question.key,
        "type": question.type,
        "domain": domain,
        "topic": case.topic if case else question.topic,
        "difficulty": question.difficulty,
        "stem": question.stem,
        "choices": _choices(question),
        "explanation": question.explanation,
        "tags": list(question.tags),
        "concepts": list(question.concepts),
        "references": list(question.references),
        "source": question.source,
        "source_lines": list(question.source_lines),
    }
    if case is not None:
        data["case"] = case.key
    if question.parts:
        data["parts"] = [p.key for p in question.parts]
    return data


def bank_json(bank: m.Bank) -> dict:
    topic_domains = {t.title: t.domain for t in bank.topics}
    questions = []
    for question in bank.questions:
        questions.append(question_json(question, topic_domain=topic_domains.get(question.topic)))
        questions.extend(
            question_json(part, case=question, topic_domain=topic_domains.get(question.topic))
            for part in question.parts
        )
    return {
        "bank": {
            "slug": bank.slug,
            "title": bank.title,
            "exam": bank.exam,
            "description": bank.description,
            "domains": [{"number": d.number, "name": d.name, "weight": d.weight} for d in bank.domains],
            "topics": [{"title": t.title, "domain": t.domain} for t in bank.topics],
        },
        "concepts": [
            {
                "term": c.term,
                "aliases": list(c.aliases),
                "definition": c.definition,
                "topic": c.topic,
                "line": c.line,
            }
            for c in bank.concepts
        ],
        "questions": questions,
    }
