"""Classes: create one, join it with its code, manage its roster and co-instructors. Access checks are in
`accounts/access.py`; each function here is one change, in one transaction."""

from __future__ import annotations

import secrets

from django.db import IntegrityError, transaction

from accounts.models import JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH, Classroom, Enrollment, User


class ClassroomError(Exception):
    """A change to a class that cannot be made; the message says why."""


class NoSuchInstructor(ValueError):
    """No instructor has that address; the message says so and what they need."""


def instructor_by_email(email: str) -> User:
    """The instructor with that address (any case), to share a class or a bank with. Raises NoSuchInstructor."""
    user = User.objects.filter(email__iexact=email.strip()).first()
    if user is None or not user.is_instructor:
        raise NoSuchInstructor(
            f"No instructor has the address {email.strip()}. They need an instructor account first."
        )
    return user


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def normalize_code(code: str) -> str:
    """A code as typed: any case, spaces and dashes ignored ("abcd-2345" is ABCD2345)."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def _with_new_code(save) -> Classroom:
    """`save(code)` with a fresh join code, retried on the rare collision (31^8 codes)."""
    for _ in range(5):
        try:
            with transaction.atomic():
                return save(new_join_code())
        except IntegrityError:
            continue
    raise ClassroomError("Could not make a unique join code; try again.")


def classroom_create(*, owner: User, name: str) -> Classroom:
    return _with_new_code(
        lambda code: Classroom.objects.create(owner=owner, name=name.strip(), join_code=code)
    )


def classroom_new_code(*, classroom: Classroom) -> Classroom:
    """A fresh join code: the old code and link stop working (for a code that was shared too widely)."""

    def save(code: str) -> Classroom:
        classroom.join_code = code
        classroom.save(update_fields=["join_code"])
        return classroom

    return _with_new_code(save)


def classroom_for_code(code: str) -> Classroom | None:
    code = normalize_code(code)
    return Classroom.objects.select_related("owner").filter(join_code=code).first() if code else None


def classroom_join(*, user: User, code: str) -> tuple[Classroom, bool]:
    """Join the class with this code. Returns (class, joined now); joining twice changes nothing."""
    classroom = classroom_for_code(code)
    if classroom is None:
        raise ClassroomError(
            "No class has that code. Check it with your instructor (codes have 8 characters)."
        )
    if classroom.is_taught_by(user):
        raise ClassroomError(f"You teach {classroom.name}; learners join it with this code.")
    if Enrollment.objects.filter(classroom=classroom, learner=user).exists():
        return classroom, False
    if not classroom.joining_open:
        raise ClassroomError(f"{classroom.name} is not taking new learners. Ask your instructor.")
    _, created = Enrollment.objects.get_or_create(classroom=classroom, learner=user)
    return classroom, created


def classroom_remove_learner(*, classroom: Classroom, learner_id: int) -> bool:
    """Take a learner off the roster. Their attempts stay (and stay in their own history)."""
    deleted, _ = Enrollment.objects.filter(classroom=classroom, learner_id=learner_id).delete()
    return bool(deleted)


def classroom_add_co_instructor(*, classroom: Classroom, email: str) -> User:
    """Share the class with another instructor, found by e-mail address."""
    try:
        user = instructor_by_email(email)
    except NoSuchInstructor as error:
        raise ClassroomError(str(error)) from None
    if user.pk == classroom.owner_id:
        raise ClassroomError("That is the class's owner.")
    classroom.co_instructors.add(user)
    Enrollment.objects.filter(
        classroom=classroom, learner=user
    ).delete()  # a teacher is not also on the roster
    return user


def classroom_remove_co_instructor(*, classroom: Classroom, user_id: int) -> None:
    classroom.co_instructors.remove(user_id)
