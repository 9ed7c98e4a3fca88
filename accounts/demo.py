"""Demo accounts for `make run`: a learner and an instructor with known passwords, for local use only."""

from __future__ import annotations

from accounts.models import User
from accounts.roles import make_instructor

DEMO_ACCOUNTS = [
    {
        "role": "learner",
        "email": "learner@example.com",
        "password": "learn-mla-c01",
        "display_name": "Demo Learner",
    },
    {
        "role": "instructor",
        "email": "instructor@example.com",
        "password": "teach-mla-c01",
        "display_name": "Demo Instructor",
    },
]


def ensure_demo_accounts() -> list[str]:
    """Create missing demo accounts; existing ones are left exactly as they are. Returns the e-mails created."""
    created = []
    for account in DEMO_ACCOUNTS:
        user = User.objects.filter(email=account["email"]).first()
        if user is None:
            user = User.objects.create_user(
                account["email"], account["password"], display_name=account["display_name"]
            )
            created.append(user.email)
        if account["role"] == "instructor":
            make_instructor(user)
    return created
