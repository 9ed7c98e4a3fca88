"""The notes parser on the shared seed notes and the notes corpus (../shared/), as learners write them."""

from __future__ import annotations

import pytest

from content.notes import parse_notes
from tests.acceptance.conftest import OBSIDIAN, OUTLINE, SEED
from tests.acceptance.conftest import read as _read


@pytest.fixture(scope="module")
def seed():
    return parse_notes(_read(SEED), source="seed.txt")


def test_seed_run_together_definitions_become_separate_concepts(seed):
    terms = {c.term for c in seed.concepts}
    assert {"Linear Learner", "XGBoost", "Factorization Machines", "Object2Vec"} <= terms
    xgb = next(c for c in seed.concepts if c.term == "XGBoost")
    assert "Linear Learner" not in xgb.definition and "max_depth" in xgb.definition


def test_seed_aliases_and_duplicates(seed):
    by_term = {c.term: c for c in seed.concepts}
    assert by_term["K-Nearest Neighbors"].aliases == ("KNN",)
    # `Principal Components` only shortens `Principal Component Analysis` in the same section: one concept.
    pca = by_term["Principal Component Analysis"]
    assert pca.aliases == ("PCA", "Principal Components")
    assert "Principal Components" not in by_term
    assert any("independent axes" in f.text for f in pca.facts)
    # `PC1 = …, PC2 = …` on one line: two definitions, PC1 does not take PC2's.
    assert by_term["PC1"].definition.startswith("trend of points.")
    assert by_term["PC2"].definition.startswith("perpendicular and sub-trend")
    # The example that ends "which is PC1" is about PC1, the one that ends "that is PC2" about PC2.
    assert any(f.text.endswith("which is PC1.") for f in by_term["PC1"].facts)
    assert not any("PC1" in f.text for f in by_term["PC2"].facts)
    assert any(f.text.endswith("that is PC2.") for f in by_term["PC2"].facts)
    assert by_term["SageMaker Canvas"].aliases == ("Data Wrangler",)
    # The Linear Learner paragraph is pasted twice: one concept, both lines, facts not repeated.
    learner = by_term["Linear Learner"]
    assert [c.term for c in seed.concepts].count("Linear Learner") == 1
    assert len(learner.lines) == 2
    assert len({f.text for f in learner.facts}) == len(learner.facts)


def test_seed_glued_heading_and_input_modes_group(seed):
    modes = {c.term: c for c in seed.concepts if c.term.endswith("Mode")}
    assert set(modes) == {"File Mode", "Pipe Mode", "Fast File Mode"}
    assert modes["Fast File Mode"].topic[-1] == "SageMaker Input Modes"
    groups = {g.terms for g in seed.groups}
    assert ("File Mode", "Pipe Mode", "Fast File Mode") in groups
    assert any(set(g.terms) == {"Bedrock", "SageMaker JumpStart"} and "vs" in g.title for g in seed.groups)


def test_seed_heading_styles(seed):
    paths = {t.path for t in seed.topics}
    assert any(p[-1] == "Regression & Classification (Tabular Data)" for p in paths)  # ends with ':'
    assert any(p[-1] == "Main SageMaker Algorithms" for p in paths)  # short line, no punctuation
    assert any(p[-1] == "Vision" for p in paths)  # `Vision: Image Classification: …` prefix


def test_seed_junk_is_never_a_concept(seed):
    junk = {"comments", "post a comment", "labels", "screenshot", "-"}
    assert not [c.term for c in seed.concepts if c.term.casefold().rstrip(":") in junk]
    assert not [line for line in seed.loose_lines if line.text.strip(" -").casefold() in junk]


def test_seed_lines_it_cannot_place_are_reported_not_dropped(seed):
    loose = {line.line: line for line in seed.loose_lines}
    assert 31 in loose and loose[31].text.startswith("The majority of exam questions")
    assert loose[31].topic and loose[31].reason


def test_every_non_blank_seed_line_is_used_or_reported(seed):
    used = {line for c in seed.concepts for line in c.lines}
    used |= {t.line for t in seed.topics} | {line.line for line in seed.loose_lines}
    junk_words = ("comments", "post a comment", "labels", "screenshot:", "-", "")
    for number, text in enumerate(_read(SEED).splitlines(), 1):
        if text.strip().casefold() in junk_words:
            continue
        assert number in used, f"line {number} was dropped: {text[:60]!r}"


def test_obsidian_style():
    doc = parse_notes(_read(OBSIDIAN), source="obsidian.md")
    by_term = {c.term: c for c in doc.concepts}
    assert by_term["SageMaker execution role"].definition.startswith("IAM role that SageMaker assumes")
    assert "Least privilege" in by_term and "EventBridge" in by_term and "SageMaker Clarify" in by_term
    assert by_term["VPC endpoint"].aliases == ("PrivateLink",)
    assert any("gateway endpoint for S3" in f.text for f in by_term["VPC endpoint"].facts)  # nested bullet
    assert "Data quality" in by_term and by_term["Data quality"].topic[-1] == "Model Monitor job types"
    assert not {"tags", "aliases", "Exam tip"} & set(by_term)
    assert any(
        "least privilege" in line.text for line in doc.loose_lines
    )  # the callout is kept, not a concept


def test_outline_style():
    by_term = {c.term: c for c in parse_notes(_read(OUTLINE)).concepts}
    assert by_term["Grid search"].definition.startswith("tries every combination")
    assert by_term["Precision"].definition.startswith("TP / (TP + FP)")
    assert by_term["Precision"].topic == ("Metrics", "Classification")
    assert by_term["L1"].aliases == ("Lasso",)
    # '(high variance)' qualifies rather than names: it is kept as a fact, not an alias.
    assert by_term["Overfitting"].aliases == ()
    assert any(f.text == "high variance" for f in by_term["Overfitting"].facts)
    assert any(
        "early stopping" in f.text for f in by_term["Overfitting"].facts
    )  # the indented 'fixes ->' line


def test_an_arrow_after_a_phrase_means_leads_to_and_defines_nothing(seed):
    terms = {c.term for c in seed.concepts}
    assert not terms & {"Optional", "URL of S3 bucket for output", "Old/classic method for ML in SageMaker"}
    notebooks = next(c for c in seed.concepts if c.term == "SageMaker Notebooks")
    assert notebooks.definition.startswith("Old/classic method for ML in SageMaker")
    assert {90, 93, 97} <= set(notebooks.lines)
    # An arrow after a name still defines it.
    assert (
        parse_notes("Storage\n* FSx for Lustre -> file system linked to S3\n").concepts[0].term
        == "FSx for Lustre"
    )
    # So does an arrow after a short name that ends in a common noun.
    crawlers = "Glue\nAWS Glue Data Catalog: central metadata store\nGlue crawlers → infer schema and fill the catalog\n"
    assert [c.term for c in parse_notes(crawlers).concepts] == ["AWS Glue Data Catalog", "Glue crawlers"]


def test_the_seed_attaches_a_later_sentence_about_studio_to_studio(seed):
    studio = next(c for c in seed.concepts if c.term == "SageMaker Studio")
    assert any("IAM roles" in f.text for f in studio.facts)
    assert all("IAM roles" not in line.text for line in seed.loose_lines)


def test_a_large_file_parses():
    text = _read(SEED) * 40  # about 450 KB of pasted-again notes
    terms = {c.term for c in parse_notes(text).concepts}
    assert {c.term for c in parse_notes(_read(SEED)).concepts} <= terms


def test_the_seeds_bullet_blocks_without_a_defining_line_are_used(seed):
    from content.notes.patterns import BULLET_RE

    by_term = {c.term: c for c in seed.concepts}
    assert len(by_term["Training job"].facts) >= 4  # "Training job requires" and its four bullets
    assert any("Batch Transform" in f.text for f in by_term["Deployment"].facts)
    assert by_term["Boto3"].definition == "low-level API"
    assert by_term["SageMaker Python SDK"].definition.startswith("high-level API")
    assert by_term["Network Configuration"].facts[0].text == "By default, a domain has two VPCs"
    text = SEED.read_text(encoding="utf-8").split("\n")
    bullets = [n for n, line in enumerate(text, 1) if BULLET_RE.match(line.strip()) and len(line.strip()) > 2]
    used = {line for c in seed.concepts for line in c.lines} | {t.line for t in seed.topics}
    unused = [n for n in bullets if n not in used]
    # 7 of 101 (the issue asks for fewer than 10%): six lines about the exam itself and a title with nothing
    # under it; every one is listed with its reason. The block whose heading the notes lost is SageMaker Domain.
    assert len(unused) <= 7, [text[n - 1] for n in unused]
    assert by_term["SageMaker Domain"].facts[0].text.startswith("Organizational unit within SageMaker")
    assert set(unused) <= {line.line for line in seed.loose_lines}
