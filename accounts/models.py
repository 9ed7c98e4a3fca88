from __future__ import annotations

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

INSTRUCTORS_GROUP = "Instructors"


class UserManager(BaseUserManager["User"]):
    """Users are identified by e-mail; there is no separate username."""

    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields) -> User:
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields) -> User:
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username: str | None) -> User:
        return self.get(email__iexact=username)


class User(AbstractUser):
    username = None
    first_name = None
    last_name = None
    email = models.EmailField("e-mail address", unique=True)
    display_name = models.CharField(max_length=80, blank=True)
    target_exam_date = models.DateField(
        null=True, blank=True, help_text="The day you sit the exam; your dashboard counts down to it."
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        constraints = [models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique")]
        permissions = [("instructor", "Can author question sets and teach classes")]

    def __str__(self) -> str:
        return self.display_name or self.email

    @property
    def name(self) -> str:
        return self.display_name or self.email.split("@")[0]

    @property
    def is_instructor(self) -> bool:
        """Instructors are granted the role through the Instructors group or the permission directly."""
        return self.has_perm("accounts.instructor")


class PasswordResetRequest(models.Model):
    """One request for a password-reset mail, kept to throttle mail per account and requests per client
    (accounts/throttle.py). Rows older than an hour no longer count; `sent` says whether a mail went out."""

    email = models.EmailField(db_index=True)
    client_ip = models.GenericIPAddressField(null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    sent = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} at {self.created_at:%Y-%m-%d %H:%M}"


# Join codes avoid letters and digits that read alike (0/O, 1/I/L), so a code read aloud or off a board works.
JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
JOIN_CODE_LENGTH = 8


class Classroom(models.Model):
    """A class an instructor teaches: learners join it with its code (or the link that carries it), and quizzes
    are assigned to it. Co-instructors share it: they see its roster, assign to it and read its results."""

    name = models.CharField(max_length=200)
    owner = models.ForeignKey(User, on_delete=models.CASCADE, related_name="classes_owned")
    co_instructors = models.ManyToManyField(User, blank=True, related_name="classes_co_taught")
    learners = models.ManyToManyField(User, through="Enrollment", related_name="classes_joined")
    join_code = models.CharField(max_length=16, unique=True)
    joining_open = models.BooleanField(
        default=True, help_text="Whether the code still lets new learners in (the roster stays either way)."
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = "class"
        verbose_name_plural = "classes"

    def __str__(self) -> str:
        return self.name

    def is_taught_by(self, user) -> bool:
        """The owner or a co-instructor (reads the co-instructors once; prefetch them for lists)."""
        return user.pk == self.owner_id or any(u.pk == user.pk for u in self.co_instructors.all())


class Enrollment(models.Model):
    """A learner in a class. Removing a learner deletes this row only: their attempts and scores stay."""

    classroom = models.ForeignKey(Classroom, on_delete=models.CASCADE, related_name="enrollments")
    learner = models.ForeignKey(User, on_delete=models.CASCADE, related_name="enrollments")
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["classroom", "joined_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["classroom", "learner"], name="accounts_enrollment_unique_learner"
            )
        ]

    def __str__(self) -> str:
        return f"{self.learner} in {self.classroom}"


class SignupProbe(models.Model):
    """A sign-up refused because the address already has an account: the answer says so (the learner needs to know
    to sign in instead), so such answers are capped per client address (accounts/throttle.py) to stop anyone
    listing who studies here."""

    client_ip = models.GenericIPAddressField(null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return f"{self.client_ip} at {self.created_at:%Y-%m-%d %H:%M}"
