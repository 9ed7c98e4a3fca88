"""The built-in MLA-C01 bank: big enough for three mock exams with the exam's domain weights and question types,
valid answer keys, no duplicates, the seed notes' concepts covered, current service names."""

from __future__ import annotations

import json
import re
from collections import Counter
from functools import cache

import pytest
from django.core.management import call_command

from content.management.commands.load_builtin import builtin_paths

WEIGHTS = {1: 28, 2: 26, 3: 22, 4: 24}
SEED_CONCEPTS = [
    "File mode", "Pipe mode", "Fast File mode", "S3 Express One Zone", "FSx for Lustre", "EFS",
    "JumpStart", "Bedrock", "Linear Learner", "XGBoost", "Factorization Machines", "K-Nearest Neighbors",
    "Object2Vec", "K-Means", "PCA", "Random Cut Forest", "BlazingText", "Neural Topic Model",
    "Latent Dirichlet Allocation", "Sequence-to-Sequence", "Image Classification", "Object Detection",
    "Semantic Segmentation", "DeepAR", "IP Insights", "target_precision", "max_depth", "lambda",
    "domain", "user profile", "VPC only", "notebook instance", "Python SDK", "Boto3", "Studio", "Canvas",
    "Ground Truth Plus", "Augmented AI", "Feature Store", "online store", "offline store", "PutRecord",
    "GetRecord", "Model Monitor", "CloudWatch", "EventBridge", "Lambda", "SageMaker Pipelines",
    "processing job", "training job", "batch transform", "ECR",
]  # fmt: skip


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


def test_json_lists_every_question_with_its_fields(bank):
    assert bank["bank"]["slug"] == "mla-c01"
    for q in bank["questions"]:
        assert {"key", "type", "domain", "topic", "stem", "choices", "explanation"} <= set(q)
        assert q["domain"] in (1, 2, 3, 4), q["key"]
        assert q["topic"] and q["stem"].strip()
        if q["type"] != "case_study":
            assert q["choices"], q["key"]
            assert len(q["explanation"]) > 80, f"{q['key']}: explanation too short"


def test_every_answer_key_is_valid_for_its_type(bank):
    words = {2: "TWO", 3: "THREE", 4: "FOUR"}
    for q in _scored(bank):
        choices = q["choices"]
        right = [c for c in choices if c["correct"]]
        if q["type"] == "single":
            assert len(choices) == 4 and len(right) == 1, q["key"]
        elif q["type"] == "multiple":
            assert len(choices) >= 5 and 2 <= len(right) < len(choices), q["key"]
            assert f"(Choose {words[len(right)]}.)" in q["stem"], q["key"]
        elif q["type"] == "ordering":
            assert 3 <= len(choices) <= 5, q["key"]
        elif q["type"] == "matching":
            assert 3 <= len(choices) <= 7, q["key"]
            assert len({c["match"] for c in choices}) == len(choices), q["key"]
        if q["type"] in ("single", "multiple"):
            assert all(c["rationale"].strip() for c in choices), f"{q['key']}: an option has no rationale"
            assert len({c["text"].casefold() for c in choices}) == len(choices), q["key"]


def test_the_right_answer_cannot_be_guessed_by_its_length(bank):
    """A test-wise learner who always picks the longest option(s) does no better than chance would."""
    singles = [q for q in _scored(bank) if q["type"] == "single"]
    longest = 0
    for q in singles:
        lengths = [len(c["text"]) for c in q["choices"]]
        right = next(i for i, c in enumerate(q["choices"]) if c["correct"])
        longest += lengths[right] == max(lengths) and lengths.count(max(lengths)) == 1
    assert longest / len(singles) <= 0.30, (
        f"{longest} of {len(singles)} single answers are the longest option"
    )
    for q in (q for q in _scored(bank) if q["type"] == "multiple"):
        ranked = sorted(q["choices"], key=lambda c: len(c["text"]), reverse=True)
        wanted = sum(c["correct"] for c in q["choices"])
        assert not all(c["correct"] for c in ranked[:wanted]), (
            f"{q['key']}: the right options are the longest"
        )


def test_no_duplicate_questions(bank):
    def norm(text: str) -> str:
        return " ".join(re.sub(r"[^a-z0-9 ]", " ", text.casefold()).split())

    stems = Counter(norm(q["stem"]) for q in _scored(bank))
    assert [s for s, n in stems.items() if n > 1] == []
    answer_sets = Counter(
        (
            frozenset(norm(c["text"]) for c in q["choices"]),
            frozenset(norm(c["text"]) for c in q["choices"] if c["correct"]),
        )
        for q in _scored(bank)
        if q["type"] in ("single", "multiple")
    )
    assert [s for s, n in answer_sets.items() if n > 1] == []
    keys = Counter(q["key"] for q in bank["questions"])
    assert [k for k, n in keys.items() if n > 1] == []


def test_every_seed_concept_is_tested(bank):
    text = " ".join(
        " ".join([q["stem"], q["explanation"], *(c["text"] for c in q["choices"]), *q.get("concepts", [])])
        for q in bank["questions"]
    ).casefold()
    missing = [c for c in SEED_CONCEPTS if c.casefold() not in text]
    assert missing == []


def _all_text(q) -> str:
    return " ".join(
        [q["stem"], q["explanation"], *(c["text"] + " " + c.get("rationale", "") for c in q["choices"])]
    )


def test_current_service_names_only(bank):
    for q in bank["questions"]:
        text = _all_text(q)
        assert "Kinesis Data Firehose" not in text, q["key"]
        assert "Kinesis Data Analytics" not in text, q["key"]
        assert not re.search(r"(?<!formerly )QuickSight", text), q["key"]  # Amazon Quick Sight since 2025


def test_every_explanation_names_the_concept_and_domain_it_tests(bank):
    for q in _scored(bank):
        assert re.search(rf"Concept: .+ \(Domain {q['domain']}[:)]", q["explanation"]), q["key"]


# Closed to new customers in 2026 but still in the MLA-C01 exam guide: a question that teaches one of them as the
# answer must tell the learner.
CLOSED_TO_NEW_CUSTOMERS = (
    "Model Monitor", "Clarify", "Debugger", "SageMaker Ground Truth", "Augmented AI", "A2I", "Q Business",
)  # fmt: skip


def test_an_answer_that_relies_on_a_service_closed_to_new_customers_says_so(bank):
    relying = [
        q
        for q in _scored(bank)
        if any(
            name
            in " ".join(c["text"] + " " + c.get("match", "") for c in q["choices"] if c.get("correct", True))
            for name in CLOSED_TO_NEW_CUSTOMERS
        )
    ]
    assert relying, "the bank teaches Model Monitor (a seed concept): this test must see those questions"
    for q in relying:
        assert "no longer open to new customers" in " ".join(q["explanation"].split()), q["key"]


def test_the_builtin_bank_loads_and_reloads_without_changes(db, capsys):
    call_command("load_builtin")
    capsys.readouterr()
    call_command("load_builtin")
    assert re.search(r"0 added, 0 updated, 0 retired, \d+ unchanged", capsys.readouterr().out)
