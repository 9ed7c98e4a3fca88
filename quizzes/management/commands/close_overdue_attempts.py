"""Finalise timed attempts whose deadline passed while nobody was there (run by cron, on one node)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from quizzes import services


class Command(BaseCommand):
    help = (
        "Submit every timed attempt past its deadline (and the grace), as it stood at the deadline. "
        "Safe to run often and on a schedule: an attempt is finished once."
    )

    def handle(self, *args, **options):
        closed = services.close_overdue_attempts()
        self.stdout.write(f"Closed {closed} overdue attempt{'s' if closed != 1 else ''}.")
