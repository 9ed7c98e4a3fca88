from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand
from django.db import transaction

from content.formats import bankfile
from content.jsonout import bank_json
from content.loader import LoadError, bank_counts, load_bank
from content.model import BankFormatError
from content.models import Bank


class Command(BaseCommand):
    help = "Load question banks from bank files (docs/bank-format.md). Atomic: a file with an error loads nothing."

    kind = Bank.Kind.AUTHORED

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument("--dry-run", action="store_true", help="Check and report, write nothing.")
        parser.add_argument(
            "--json", action="store_true", help="Print one JSON object with everything loaded."
        )

    def handle(self, *args, paths: list[str], dry_run: bool, json: bool, **options):
        try:
            results = load_files(paths, kind=self.kind, dry_run=dry_run)
        except (BankFormatError, LoadError, OSError) as error:
            self.stderr.write(str(error))
            sys.exit(1)
        if json:
            self.stdout.write(dump(results))
        else:
            for _, report in results:
                self.stdout.write(str(report))


@transaction.atomic
def load_files(paths: list[str], *, kind: str, dry_run: bool = False, owner=None):
    """Parse every file first (any error stops before a write), then load each bank; all in one transaction."""
    banks = bankfile.parse_banks(paths)
    results = []
    for bank in banks:
        sources = {q.source for q in bank.questions}
        results.append((bank, load_bank(bank, kind=kind, owner=owner, sources=sources, dry_run=dry_run)))
    return results


def dump(results) -> str:
    objects = []
    for bank, report in results:
        data = bank_json(bank)
        data["rejected"] = []
        data["loose_lines"] = []
        data["summary"] = {**report.summary(), "questions": len(data["questions"]), **bank_counts(bank)}
        objects.append(data)
    if len(objects) == 1:
        return json.dumps(objects[0], ensure_ascii=False)
    return json.dumps({"banks": objects}, ensure_ascii=False)
