from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from content.loader import LoadError
from content.management.commands.load_bank import load_files
from content.model import BankFormatError
from content.models import Bank

BUILTIN_DIR = Path(__file__).resolve().parents[2] / "builtin"


def builtin_paths() -> list[str]:
    return sorted(str(p) for p in BUILTIN_DIR.glob("*.md"))


class Command(BaseCommand):
    help = "Load (or update) the built-in banks from content/builtin/. Running it again changes nothing."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, dry_run: bool, **options):
        paths = builtin_paths()
        if not paths:
            # `make run` loads whatever built-in content exists; none is not an error.
            self.stdout.write(f"No built-in bank files in {BUILTIN_DIR}; nothing to load.")
            return
        try:
            results = load_files(paths, kind=Bank.Kind.BUILTIN, dry_run=dry_run)
        except (BankFormatError, LoadError) as error:
            self.stderr.write(str(error))
            sys.exit(1)
        for _, report in results:
            self.stdout.write(f"Built-in bank {report}")
        if not dry_run:
            from quizzes.blueprints import install_builtin
            from quizzes.models import Blueprint

            changed = install_builtin(Blueprint)
            self.stdout.write(
                f"Built-in exam blueprints: {changed} updated, {Blueprint.objects.count()} in all"
            )
