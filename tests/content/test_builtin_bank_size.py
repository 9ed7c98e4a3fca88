"""The built-in MLA-C01 bank is big enough: three full mock exams, the exam's domain weights and question types."""

from __future__ import annotations

import json
import re
from collections import Counter
from functools import cache

import pytest
from django.core.management import call_command

from content.management.commands.load_builtin import builtin_paths

WEIGHTS = {1: 28, 2: 26, 3: 22, 4: 24}


@cache
def _dump() -> dict:
    import io

    out = io.StringIO()
    call_command("load_bank", *builtin_paths(), "--dry-run", "--json", stdout=out)
    return json.loads(out.getvalue())


@pytest.fixture
def bank(db):
    return _dump()


def _scored(bank):
    return [q for q in bank["questions"] if q["type"] != "case_study"]


def test_at_least_195_scored_questions_spread_by_the_exam_weights(bank):
    scored = _scored(bank)
    assert len(scored) >= 195, "three 65-question mocks without repeats"
    by_domain = Counter(q["domain"] for q in scored)
    for domain, weight in WEIGHTS.items():
        share = 100 * by_domain[domain] / len(scored)
        assert abs(share - weight) <= 3, f"domain {domain}: {share:.1f}% vs {weight}%"
        assert by_domain[domain] >= round(65 * weight / 100) * 3, f"domain {domain} too thin for 3 mocks"


def test_counts_per_type(bank):
    types = Counter(q["type"] for q in bank["questions"])
    assert types["multiple"] >= 25
    assert types["ordering"] >= 10
    assert types["matching"] >= 10
    cases = [q for q in bank["questions"] if q["type"] == "case_study"]
    assert len(cases) >= 5
    for case in cases:
        assert 2 <= len(case["parts"]) <= 4, case["key"]


def test_at_least_70_scenario_questions(bank):
    def sentences(text: str) -> int:
        return len(re.findall(r"[.!?](\s|$)", text))

    scenario = [q for q in _scored(bank) if "scenario" in q["tags"]]
    assert len(scenario) >= 70
    for q in scenario:
        stem = q["stem"]
        if q.get("case"):
            stem = next(c for c in bank["questions"] if c["key"] == q["case"])["stem"] + " " + stem
        assert sentences(stem) >= 2, f"{q['key']} is tagged scenario but is one sentence"
