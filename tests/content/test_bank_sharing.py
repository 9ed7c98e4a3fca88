"""Co-owned banks: the owner shares a bank with another instructor, who then edits it as the owner does; only the
owner shares it further or stops sharing, and everyone else still gets a 404."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from content import services
from content.access import banks_edited_by, banks_for_user, can_edit_bank
from content.formats import bankfile
from tests import builders
from tests.factories import InstructorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def bank(instructor):
    bank = services.bank_create(owner=instructor, title="Week 1", exam="MLA-C01")
    services.bank_text_save(
        bank=bank, text=bankfile.write(builders.sample_bank(slug=bank.slug, title="Week 1"))
    )
    return bank


@pytest.fixture
def colleague(db):
    return InstructorFactory(email="colleague@example.com", display_name="Cole League")


def _client(user) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def _share(client: Client, bank, email: str):
    return client.post(reverse("content:bank_co_owners", args=[bank.slug]), {"email": email}, follow=True)


def test_the_owner_shares_by_address_and_the_co_owner_edits_as_the_owner_does(bank, instructor, colleague):
    response = _share(_client(instructor), bank, "Colleague@Example.com")
    assert "Cole League now co-owns Week 1." in response.content.decode()
    assert list(bank.co_owners.all()) == [colleague]
    assert can_edit_bank(colleague, bank) and bank in banks_edited_by(colleague)
    client = _client(colleague)
    for name in ("content:bank_text", "content:bank_export", "content:question_new"):
        assert client.get(reverse(name, args=[bank.slug])).status_code == 200, name
    text = services.bank_text(bank).replace(
        "Match each algorithm to its use.", "Match each algorithm to its job."
    )
    saved = client.post(reverse("content:bank_text", args=[bank.slug]), {"text": text})
    assert saved.status_code == 302
    assert bank.questions.filter(stem="Match each algorithm to its job.").exists()
    teach = client.get(reverse("quizzes:teach")).content.decode()
    assert "Week 1" in teach and "co-owned with Tess Teacher" in teach
    assert client.get(f"{reverse('quizzes:teach_quiz_new')}?bank={bank.slug}").status_code == 200


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("student@example.com", "No instructor has the address student@example.com"),
        ("nobody@example.com", "No instructor has the address nobody@example.com"),
        ("teacher@example.com", "That is the bank&#x27;s owner."),
    ],
)
def test_sharing_only_with_another_instructor(bank, instructor, student, email, message):
    response = _share(_client(instructor), bank, email)
    assert message in response.content.decode()
    assert not bank.co_owners.exists()


def test_a_co_owner_cannot_share_further_or_stop_others_sharing(bank, instructor, colleague):
    bank.co_owners.add(colleague)
    third = InstructorFactory(email="third@example.com")
    client = _client(colleague)
    assert _share(client, bank, "third@example.com").status_code == 404
    remove = reverse("content:bank_co_owner_remove", args=[bank.slug, colleague.pk])
    assert client.post(remove).status_code == 404
    assert list(bank.co_owners.all()) == [colleague] and not can_edit_bank(third, bank)
    assert (
        "co-owners-heading"
        not in client.get(reverse("content:bank_detail", args=[bank.slug])).content.decode()
    )


def test_stop_sharing_takes_the_bank_away_again(bank, instructor, colleague):
    bank.co_owners.add(colleague)
    remove = reverse("content:bank_co_owner_remove", args=[bank.slug, colleague.pk])
    assert _client(instructor).post(remove).status_code == 302
    assert not bank.co_owners.exists() and bank not in banks_for_user(colleague)
    assert _client(colleague).get(reverse("content:bank_text", args=[bank.slug])).status_code == 404


def test_another_instructor_still_gets_404(bank, colleague):
    client = _client(colleague)
    for name in ("content:bank_detail", "content:bank_text", "content:bank_export"):
        assert client.get(reverse(name, args=[bank.slug])).status_code == 404, name


def test_the_bank_list_says_whose_bank_a_co_owner_sees(bank, colleague):
    bank.co_owners.add(colleague)
    html = _client(colleague).get(reverse("content:bank_list")).content.decode()
    assert "Co-owned with Tess Teacher" in html
