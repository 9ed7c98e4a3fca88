from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from accounts.roles import make_instructor


class Command(BaseCommand):
    help = "Grant the instructor role to the account with this e-mail address."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email: str, **options):
        try:
            user = User.objects.get(email__iexact=email)
        except User.DoesNotExist:
            raise CommandError(f"No account has the e-mail address {email!r}.") from None
        if make_instructor(user):
            self.stdout.write(self.style.SUCCESS(f"{user.email} is now an instructor."))
        else:
            self.stdout.write(f"{user.email} was already an instructor.")
