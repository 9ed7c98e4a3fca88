from django.core.management.base import BaseCommand

from quizzes.demo import ensure_demo_class


class Command(BaseCommand):
    help = (
        "Give the demo instructor a class with the demo learner in it and one assignment (idempotent; run after "
        "load_builtin and create_demo_accounts)."
    )

    def handle(self, *args, **options):
        self.stdout.write(ensure_demo_class())
