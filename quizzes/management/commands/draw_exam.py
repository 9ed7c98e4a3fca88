"""`draw_exam --blueprint mla-c01-full --seed 7 [--json]`: print one exam's draw without writing anything."""

from __future__ import annotations

import json
import sys
from collections import Counter

from django.core.management.base import BaseCommand

from quizzes import exams
from quizzes.models import Blueprint


class Command(BaseCommand):
    help = (
        "Print the questions a blueprint would draw for a seed (key, domain, scored or not, case study), with the "
        "split by domain. Writes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--blueprint", required=True, help="A blueprint slug, e.g. mla-c01-full.")
        parser.add_argument("--seed", type=int, required=True)
        parser.add_argument("--json", action="store_true", help="One JSON object on standard output.")

    def handle(self, *args, blueprint: str, seed: int, json: bool, **options):
        found = Blueprint.objects.filter(slug=blueprint).first()
        if found is None:
            known = ", ".join(Blueprint.objects.values_list("slug", flat=True)) or "none"
            self.stderr.write(f"No blueprint {blueprint!r}. Blueprints: {known}.")
            sys.exit(1)
        banks = exams.exam_banks(found)
        if not banks:
            self.stderr.write(
                f"No public bank for the exam {found.exam!r}: load it first (.venv/bin/python manage.py load_builtin)."
            )
            sys.exit(1)
        drawn = exams.draw(found, banks=banks, seed=seed, seen=())
        split = {
            "scored": dict(sorted(Counter(q.domain for q in drawn if q.scored).items(), key=_by_domain)),
            "unscored": dict(
                sorted(Counter(q.domain for q in drawn if not q.scored).items(), key=_by_domain)
            ),
        }
        if json:
            self.stdout.write(
                _dumps(
                    {
                        "blueprint": found.slug,
                        "seed": seed,
                        "banks": [b.slug for b in banks],
                        "count": len(drawn),
                        "by_domain": split,
                        "questions": [
                            {"key": q.key, "domain": q.domain, "scored": q.scored, "case_study": q.case_study}
                            for q in drawn
                        ],
                    }
                )
            )
            return
        self.stdout.write(
            f"{found.title}, seed {seed}: {len(drawn)} questions from {', '.join(b.slug for b in banks)}"
        )
        for kind in ("scored", "unscored"):
            shares = ", ".join(f"domain {d}: {n}" for d, n in split[kind].items()) or "none"
            self.stdout.write(f"  {kind}: {shares}")
        for number, q in enumerate(drawn, 1):
            flags = ("" if q.scored else " (unscored)") + (
                f" [case study {q.case_study}]" if q.case_study else ""
            )
            self.stdout.write(f"{number:3}. {q.key}  domain {q.domain}{flags}")


def _by_domain(item):
    return (item[0] is None, item[0] or 0)


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False)
