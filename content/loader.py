"""Write a parsed bank (`content.model.Bank`) to the database: atomic, idempotent, and history-preserving.

- Atomic: the whole load is one transaction; any error (or `dry_run`) leaves the database as it was.
- Idempotent: every question carries a hash of its content; loading the same bank again writes nothing.
- History-preserving: questions are matched by their stable key. A changed question is updated in place (its
  options are replaced: responses refer to option keys, not rows), a new one is added, and one that is gone from
  the files it came from is retired, never deleted, because attempts may refer to it.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, fields, is_dataclass
from pathlib import PurePath

from django.db import connection, transaction
from django.utils import timezone

from content import model as m
from content.models import Bank, Choice, Concept, Domain, Question, Topic


class LoadError(Exception):
    """A bank that cannot be loaded for a reason beyond its file format (e.g. a slug owned by someone else)."""


@dataclass
class LoadReport:
    slug: str
    title: str
    created: bool = False
    dry_run: bool = False
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    retired: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    bank_id: int | None = None
    # What the entries above are: questions a learner answers, and case-study scenarios (which hold some of them).
    questions: int = 0
    case_studies: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.created or self.added or self.updated or self.retired)

    def summary(self) -> dict[str, int | bool]:
        return {
            "added": len(self.added),
            "updated": len(self.updated),
            "retired": len(self.retired),
            "unchanged": len(self.unchanged),
            "created": self.created,
            "dry_run": self.dry_run,
        }

    def __str__(self) -> str:
        verb = "would load" if self.dry_run else "loaded"
        text = (
            f"{self.slug}: {verb} — {len(self.added)} added, {len(self.updated)} updated, "
            f"{len(self.retired)} retired, {len(self.unchanged)} unchanged"
        )
        if self.case_studies:
            text += (
                f" ({self.questions + self.case_studies} entries = {self.questions} questions"
                f" + {self.case_studies} case-study scenario{'s' if self.case_studies != 1 else ''})"
            )
        return text


def choice_key(role: str, text: str) -> str:
    """A choice's stable key: the same text in the same role keeps its key when options are reordered."""
    normalized = " ".join(text.split()).casefold()
    return hashlib.sha1(f"{role}\0{normalized}".encode(), usedforsecurity=False).hexdigest()[:10]


def _plain(value):
    """What `dataclasses.asdict` gives, as JSON sees it, without its deep copies (faster on big banks)."""
    if is_dataclass(value):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def source_name(source: str) -> str:
    """What a question records as its source: the file's name, never a server path.

    Learners see it ("core.md line 12"), and it must not change when the project moves to another folder,
    or a reload from the new place could no longer tell which questions came from which file.
    """
    return PurePath(source).name if source else ""


def content_hash(question: m.Question, topic: str, domain: int | None) -> str:
    data = _plain(question)
    for name in ("source", "source_lines", "parts"):
        data.pop(name, None)
    data["topic"], data["domain"] = topic, domain
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def choices_for(question: m.Question) -> list[Choice]:
    """Unsaved Choice rows for a question (their `question` is set by the caller)."""
    if question.type in (m.SINGLE, m.MULTIPLE):
        return [
            Choice(
                key=choice_key("option", o.text),
                role=Choice.Role.OPTION,
                text=o.text,
                rationale=o.rationale,
                is_correct=o.correct,
                position=i,
            )
            for i, o in enumerate(question.options)
        ]
    if question.type == m.ORDERING:
        return [
            Choice(key=choice_key("step", s), role=Choice.Role.STEP, text=s, position=i)
            for i, s in enumerate(question.steps)
        ]
    if question.type == m.MATCHING:
        rows = []
        for i, pair in enumerate(question.pairs):
            match = choice_key("match", pair.match)
            rows.append(Choice(key=match, role=Choice.Role.MATCH, text=pair.match, position=i))
            rows.append(
                Choice(
                    key=choice_key("prompt", pair.prompt),
                    role=Choice.Role.PROMPT,
                    text=pair.prompt,
                    position=i,
                    match_key=match,
                )
            )
        return rows
    return []


def _flatten(questions: Iterable[m.Question]) -> list[tuple[m.Question, m.Question | None]]:
    """Each question with its case study (None for a top-level question), parts right after their case."""
    flat: list[tuple[m.Question, m.Question | None]] = []
    for question in questions:
        flat.append((question, None))
        flat.extend((part, question) for part in question.parts)
    return flat


@transaction.atomic
def load_bank(
    bank: m.Bank,
    *,
    kind: str = Bank.Kind.AUTHORED,
    owner=None,
    sources: Iterable[str] | None = None,
    dry_run: bool = False,
) -> LoadReport:
    """Create or update the bank `bank.slug` from `bank`.

    `sources` names the files this load covers: questions of the bank that came from one of them and are no
    longer there are retired. Without it, every question of the bank missing from `bank` is retired.
    """
    db_bank = Bank.objects.select_for_update().filter(slug=bank.slug).first()
    created = db_bank is None
    if db_bank is not None and db_bank.owner_id != (owner.pk if owner else None):
        raise LoadError(f"the bank '{bank.slug}' belongs to someone else; choose another slug")
    if db_bank is None:
        db_bank = Bank.objects.create(
            slug=bank.slug,
            title=bank.title,
            exam=bank.exam,
            description=bank.description,
            kind=kind,
            owner=owner,
        )
    flat = _flatten(bank.questions)
    cases = sum(1 for question, _ in flat if question.type == m.CASE_STUDY)
    report = LoadReport(
        slug=bank.slug,
        title=bank.title,
        created=created,
        dry_run=dry_run,
        bank_id=db_bank.pk,
        questions=len(flat) - cases,
        case_studies=cases,
    )

    domains = _sync_domains(db_bank, bank.domains)
    topics = _sync_topics(db_bank, bank, domains)
    _sync_concepts(db_bank, bank.concepts, topics)
    _sync_questions(db_bank, bank, topics, domains, sources, report)

    metadata_changed = (db_bank.title, db_bank.exam, db_bank.description, db_bank.kind) != (
        bank.title,
        bank.exam,
        bank.description,
        kind,
    )
    if metadata_changed or (report.changed and not created):
        db_bank.title, db_bank.exam, db_bank.description, db_bank.kind = (
            bank.title,
            bank.exam,
            bank.description,
            kind,
        )
        if not created:
            db_bank.version += 1
        db_bank.save()
    if dry_run:
        transaction.set_rollback(True)
    return report


def _sync_domains(db_bank: Bank, domains: tuple[m.Domain, ...]) -> dict[int, Domain]:
    existing = {d.number: d for d in db_bank.domains.all()}
    for d in domains:
        row = existing.get(d.number)
        if row is None:
            existing[d.number] = Domain.objects.create(
                bank=db_bank, number=d.number, name=d.name, weight=d.weight
            )
        elif (row.name, row.weight) != (d.name, d.weight):
            row.name, row.weight = d.name, d.weight
            row.save(update_fields=["name", "weight"])
    return existing


def _sync_topics(db_bank: Bank, bank: m.Bank, domains: dict[int, Domain]) -> dict[str, Topic]:
    existing = {t.title: t for t in db_bank.topics.all()}
    declared = list(bank.topics)
    seen = {t.title for t in declared}
    # Questions may name a topic the bank does not declare (generated banks do): give it a row too.
    for question in bank.questions:
        if question.topic not in seen:
            declared.append(m.Topic(title=question.topic, domain=question.domain))
            seen.add(question.topic)
    for position, topic in enumerate(declared):
        domain = domains.get(topic.domain) if topic.domain is not None else None
        row = existing.get(topic.title)
        if row is None:
            existing[topic.title] = Topic.objects.create(
                bank=db_bank, title=topic.title, domain=domain, position=position
            )
        elif (row.domain_id, row.position) != (domain.pk if domain else None, position):
            row.domain, row.position = domain, position
            row.save(update_fields=["domain", "position"])
    return existing


def _sync_concepts(db_bank: Bank, concepts: tuple[m.Concept, ...], topics: dict[str, Topic]) -> None:
    existing = {c.term: c for c in db_bank.concepts.all()}
    wanted = {c.term: c for c in concepts}
    Concept.objects.filter(bank=db_bank, term__in=set(existing) - set(wanted)).delete()
    for term, c in wanted.items():
        topic = topics.get(c.topic)
        values = {
            "topic": topic,
            "aliases": list(c.aliases),
            "definition": c.definition,
            "facts": list(c.facts),
            "line": c.line,
        }
        row = existing.get(term)
        if row is None:
            Concept.objects.create(bank=db_bank, term=term, **values)
        elif any(getattr(row, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(row, k, v)
            row.save()


CHOICE_COLUMNS = ("question_id", "key", "role", "text", "rationale", "is_correct", "position", "match_key")


def _insert_choices(choices: list[Choice]) -> None:
    """Insert new choice rows with one prepared statement (`executemany`).

    A bank of 10,000 questions has about 50,000 choices; Django's `bulk_create` spends most of a first load
    compiling SQL for them. The rows are plain values (no defaults computed in Python, no signals), so a direct
    insert is the same thing done faster.
    """
    if not choices:
        return
    quote = connection.ops.quote_name
    columns = ", ".join(quote(c) for c in CHOICE_COLUMNS)
    marks = ", ".join(["%s"] * len(CHOICE_COLUMNS))
    # Only constant identifiers are interpolated (quoted); every value is a bound parameter.
    sql = f"INSERT INTO {quote(Choice._meta.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608
    rows = [tuple(getattr(choice, c) for c in CHOICE_COLUMNS) for choice in choices]
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 5000):
            cursor.executemany(sql, rows[start : start + 5000])


def _sync_questions(
    db_bank: Bank,
    bank: m.Bank,
    topics: dict[str, Topic],
    domains: dict[int, Domain],
    sources: Iterable[str] | None,
    report: LoadReport,
) -> None:
    existing = {
        key: (pk, digest, retired, (source, lines, position))
        for key, pk, digest, retired, source, lines, position in Question.objects.filter(
            bank=db_bank
        ).values_list("key", "pk", "content_hash", "retired_at", "source", "source_lines", "position")
    }
    to_create: list[tuple[Question, m.Question, m.Question | None]] = []
    to_update: list[tuple[Question, m.Question, m.Question | None]] = []
    # Same content in a new place (lines shifted by an edit above it, another order, another file name):
    # not an update of the question, but the line a learner is pointed to must stay right.
    relocated: list[Question] = []
    loaded_keys = set()
    topic_domains = {t.title: t.domain for t in bank.topics}
    for position, (question, case) in enumerate(_flatten(bank.questions)):
        loaded_keys.add(question.key)
        topic_title = case.topic if case else question.topic
        domain_number = _effective_domain(question, case, topic_domains.get(topic_title))
        digest = content_hash(question, topic_title, domain_number)
        known = existing.get(question.key)
        source = source_name(question.source)
        if known is not None and known[1] == digest and known[2] is None:
            report.unchanged.append(question.key)
            place = (source, list(question.source_lines), position)
            if known[3] != place:
                relocated.append(
                    Question(pk=known[0], source=place[0], source_lines=place[1], position=place[2])
                )
            continue
        row = Question(
            bank=db_bank,
            key=question.key,
            type=question.type,
            topic=topics.get(topic_title),
            domain=domains.get(domain_number) if domain_number is not None else None,
            difficulty=question.difficulty,
            stem=question.stem,
            explanation=question.explanation,
            references=list(question.references),
            tags=list(question.tags),
            concepts=list(question.concepts),
            source=source,
            source_lines=list(question.source_lines),
            position=position,
            content_hash=digest,
            retired_at=None,
        )
        if known is None:
            to_create.append((row, question, case))
            report.added.append(question.key)
        else:
            row.pk = known[0]
            to_update.append((row, question, case))
            report.updated.append(question.key)

    # Cases before their parts, so that parts can point at them.
    cases = [t for t in to_create if t[2] is None]
    parts = [t for t in to_create if t[2] is not None]
    Question.objects.bulk_create([row for row, _, _ in cases], batch_size=500)
    pk_by_key = {row.key: row.pk for row, _, _ in cases}
    for row, _, case in parts + to_update:
        if case is not None:
            row.parent_id = pk_by_key.get(case.key) or existing[case.key][0]
    Question.objects.bulk_create([row for row, _, _ in parts], batch_size=500)
    if to_update:
        now = timezone.now()
        for row, _, _ in to_update:
            row.updated_at = now
        Question.objects.bulk_update(
            [row for row, _, _ in to_update],
            [
                "type",
                "parent",
                "topic",
                "domain",
                "difficulty",
                "stem",
                "explanation",
                "references",
                "tags",
                "concepts",
                "source",
                "source_lines",
                "position",
                "content_hash",
                "retired_at",
                "updated_at",
            ],
            batch_size=500,
        )
        Choice.objects.filter(question_id__in=[row.pk for row, _, _ in to_update]).delete()
    new_choices = []
    for row, question, _ in to_create + to_update:
        for choice in choices_for(question):
            choice.question_id = row.pk
            new_choices.append(choice)
    _insert_choices(new_choices)

    if relocated:
        Question.objects.bulk_update(relocated, ["source", "source_lines", "position"], batch_size=500)

    gone = [key for key, (_, _, retired, _) in existing.items() if key not in loaded_keys and retired is None]
    if sources is not None and gone:
        # Compared by file name, so that rows written before names were stored (full paths) still match.
        names = {source_name(s) for s in sources}
        gone = [key for key in gone if source_name(existing[key][3][0]) in names]
    if gone:
        Question.objects.filter(bank=db_bank, key__in=gone).update(retired_at=timezone.now())
        report.retired.extend(sorted(gone))


def _effective_domain(question: m.Question, case: m.Question | None, topic_domain: int | None) -> int | None:
    """A question's own domain, else its case study's, else its topic's."""
    for candidate in (question.domain, case.domain if case else None, topic_domain):
        if candidate is not None:
            return candidate
    return None


def bank_counts(bank: m.Bank) -> dict[str, dict]:
    """Counts by type and by domain of the scored questions (case-study parts counted, the case itself not)."""
    by_type: Counter[str] = Counter()
    by_domain: Counter[str] = Counter()
    topic_domains = {t.title: t.domain for t in bank.topics}
    for question, case in _flatten(bank.questions):
        by_type[question.type] += 1
        if question.type == m.CASE_STUDY:
            continue
        topic = case.topic if case else question.topic
        by_domain[str(_effective_domain(question, case, topic_domains.get(topic)))] += 1
    return {"by_type": dict(by_type), "by_domain": dict(sorted(by_domain.items()))}
