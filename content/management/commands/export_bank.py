from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from content.export import bank_from_db
from content.formats import bankfile
from content.models import Bank


class Command(BaseCommand):
    help = "Write a bank out in the bank file format (docs/bank-format.md)."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("-o", "--output", help="File to write (default: standard output).")

    def handle(self, *args, slug: str, output: str | None, **options):
        bank = Bank.objects.filter(slug=slug).first()
        if bank is None:
            self.stderr.write(f"No bank has the slug {slug!r}.")
            sys.exit(1)
        text = bankfile.write(bank_from_db(bank))
        if output:
            Path(output).write_text(text, encoding="utf-8")
            self.stderr.write(f"Wrote {output}")
        else:
            self.stdout.write(text, ending="")
