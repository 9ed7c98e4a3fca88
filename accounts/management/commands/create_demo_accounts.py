from django.core.management.base import BaseCommand

from accounts.demo import DEMO_ACCOUNTS, ensure_demo_accounts


class Command(BaseCommand):
    help = "Create the demo learner and instructor (idempotent) and print their credentials."

    def handle(self, *args, **options):
        created = ensure_demo_accounts()
        for account in DEMO_ACCOUNTS:
            state = "created" if account["email"] in created else "exists"
            self.stdout.write(
                f"  {account['role']:<10} {account['email']} / {account['password']}  ({state})"
            )
