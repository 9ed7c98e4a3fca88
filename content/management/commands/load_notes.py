from __future__ import annotations

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.text import slugify

from accounts.models import User
from content import notes as notes_parser
from content.generate import generate
from content.jsonout import bank_json
from content.loader import LoadError, bank_counts, load_bank
from content.models import Bank


class Command(BaseCommand):
    help = "Turn notes files into a question bank: parse, generate questions, load."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument("--bank", help="The bank's slug (default: from the first file's name).")
        parser.add_argument("--title", help="The bank's title (default: from the first file's name).")
        parser.add_argument("--owner", help="E-mail of the learner who owns the bank (default: shared).")
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, paths, bank, title, owner, dry_run, json: bool, **options):
        user = None
        if owner:
            user = User.objects.filter(email__iexact=owner).first()
            if user is None:
                self.stderr.write(f"No account has the e-mail address {owner!r}.")
                sys.exit(1)
        stem = Path(paths[0]).stem
        slug = bank or slugify(stem)[:80] or "notes"
        try:
            result = notes_to_bank(
                paths, slug=slug, title=title or stem.replace("-", " ").replace("_", " ").title()
            )
            if not result["bank"].questions:
                # An empty bank would only be a dead end, as Load my notes says too.
                for loose in result["loose_lines"]:
                    self.stderr.write(f"{loose['source']}:{loose['line']}: not understood: {loose['text']}")
                self.stderr.write(
                    f"No questions could be made from {', '.join(paths)}, so nothing was loaded. Questions come "
                    "from lines that define something: 'Term: what it is or does', 'Term - what it is', bullets "
                    "under a heading that names the thing, and tables with a name column."
                )
                sys.exit(1)
            report = load_bank(result["bank"], kind=Bank.Kind.NOTES, owner=user, dry_run=dry_run)
        except notes_parser.NotesError as error:
            self.stderr.write(str(error))
            sys.exit(1)
        except (LoadError, OSError) as error:
            self.stderr.write(str(error))
            sys.exit(1)
        if json:
            data = bank_json(result["bank"])
            for question in data["questions"]:
                # What the generator made it as (recall, scenario, multiple, match); the form follows in tags.
                question["kind"] = question["tags"][0] if question["tags"] else question["type"]
            data["rejected"] = result["rejected"]
            data["loose_lines"] = result["loose_lines"]
            data["summary"] = {
                **report.summary(),
                "questions": len(data["questions"]),
                "concepts": len(data["concepts"]),
                **bank_counts(result["bank"]),
            }
            self.stdout.write(json_dumps(data))
        else:
            self.stdout.write(str(report))
            for loose in result["loose_lines"]:
                self.stderr.write(f"{loose['source']}:{loose['line']}: not understood: {loose['text']}")


def json_dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False)


@transaction.atomic
def notes_to_bank(paths: list[str], *, slug: str, title: str) -> dict:
    """Parse each file and generate its questions; several files make one bank (first key wins on a clash)."""
    from dataclasses import replace

    banks, rejected, loose = [], [], []
    for path in paths:
        data = Path(path).read_bytes()
        document = notes_parser.parse_notes(data, source=path)
        generation = generate(document, slug=slug, title=title)
        banks.append(generation.bank)
        rejected += [
            {"source": path, "line": r.line, "kind": r.kind, "concepts": list(r.concepts), "reason": r.reason}
            for r in generation.rejected
        ]
        loose += [
            {"source": path, "line": x.line, "text": x.text, "topic": " › ".join(x.topic), "reason": x.reason}
            for x in document.loose_lines
        ]
    first = banks[0]
    seen_keys, seen_topics, seen_terms = set(), set(), set()
    questions, topics, concepts = [], [], []
    for bank in banks:
        questions += [q for q in bank.questions if not (q.key in seen_keys or seen_keys.add(q.key))]
        topics += [t for t in bank.topics if not (t.title in seen_topics or seen_topics.add(t.title))]
        concepts += [c for c in bank.concepts if not (c.term in seen_terms or seen_terms.add(c.term))]
    merged = replace(first, questions=tuple(questions), topics=tuple(topics), concepts=tuple(concepts))
    return {"bank": merged, "rejected": rejected, "loose_lines": loose}
