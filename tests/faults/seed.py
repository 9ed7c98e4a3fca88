"""Set-up for the fault tests, run in a subprocess against the database under test (tests/faults/harness.py):

    python -m tests.faults.seed --learners 8 --prefix kill [--migrate]

migrates and loads the built-in bank and its exam blueprints (with --migrate), then makes learners signed in the
way sign-in leaves them (a database session; sign-in itself is PBKDF2, which the tests need not pay), and prints
them as one JSON line: e-mail, session key and CSRF secret.
"""

from __future__ import annotations

import argparse
import json
import secrets
from io import StringIO


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--learners", type=int, required=True)
    parser.add_argument("--prefix", required=True)
    parser.add_argument("--migrate", action="store_true")
    args = parser.parse_args()

    import django

    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command

    from accounts.models import User

    if args.migrate:
        call_command("migrate", verbosity=0)
        call_command("load_builtin", verbosity=0, stdout=StringIO())
    learners = []
    for i in range(args.learners):
        user = User.objects.create_user(f"{args.prefix}-{i}@example.com", display_name=f"Learner {i}")
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        csrf = "".join(secrets.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(32))
        learners.append({"email": user.email, "session": session.session_key, "csrf": csrf})
    print(json.dumps(learners))


if __name__ == "__main__":
    main()
