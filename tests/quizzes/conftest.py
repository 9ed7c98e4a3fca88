from __future__ import annotations

import pytest

from content.loader import load_bank
from content.models import Bank
from tests import builders


@pytest.fixture
def bank(db):
    load_bank(builders.sample_bank())
    return Bank.objects.get(slug="sample")


@pytest.fixture
def private_bank(other_student):
    load_bank(
        builders.sample_bank(slug="olives-notes", title="Olive's notes"), owner=other_student, kind="notes"
    )
    return Bank.objects.get(slug="olives-notes")
