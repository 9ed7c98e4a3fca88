from __future__ import annotations

import factory

from accounts.models import User
from accounts.roles import make_instructor


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    display_name = factory.Faker("name")
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class InstructorFactory(UserFactory):
    @factory.post_generation
    def _role(obj, create, extracted, **kwargs):
        if create:
            make_instructor(obj)


class ClassroomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "accounts.Classroom"

    name = factory.Sequence(lambda n: f"Class {n}")
    owner = factory.SubFactory(InstructorFactory)
    join_code = factory.Sequence(lambda n: f"CODE{n:04d}".replace("0", "A").replace("1", "B"))


class EnrollmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "accounts.Enrollment"

    classroom = factory.SubFactory(ClassroomFactory)
    learner = factory.SubFactory(UserFactory)
