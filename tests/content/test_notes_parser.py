"""The notes parser on the seed, the corpus styles and small snippets of each pattern it must understand."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from content.notes import NotesError, parse_notes

SHARED = Path(__file__).resolve().parents[3] / "shared"
SEED = SHARED / "seeds" / "000_eb354626a323da08.txt"
OBSIDIAN = SHARED / "notes-corpus" / "obsidian-security.md"
OUTLINE = SHARED / "notes-corpus" / "outline-modeldev.txt"
SAMPLE = Path(__file__).resolve().parents[2] / "content" / "samples" / "sagemaker-notes.txt"


def _read(path: Path) -> str:
    if not path.exists():
        pytest.fail(f"{path} is missing: the shared notes corpus must sit beside the project (../shared/)")
    return path.read_text(encoding="utf-8")


def concepts(text: str) -> dict:
    return {c.term: c for c in parse_notes(text).concepts}


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
    assert by_term["Principal Component Analysis"].aliases == ("PCA",)
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


COMPARISON_BY_SHORT_NAMES = """\
## Streaming
+ Amazon Kinesis Data Streams — real-time stream; you manage shards
+ Amazon Data Firehose — managed delivery to S3 and Redshift
+ Amazon MSK — managed Apache Kafka

KDS vs Firehose:
1) KDS needs consumers you write (KCL, Lambda)
2) Firehose can convert JSON records to Parquet
3) SageMaker is everywhere in these notes
"""


def test_a_sentence_naming_a_concept_by_a_short_name_is_a_fact_of_it():
    doc = parse_notes(COMPARISON_BY_SHORT_NAMES)
    by_term = {c.term: c for c in doc.concepts}
    kds, firehose = by_term["Amazon Kinesis Data Streams"], by_term["Amazon Data Firehose"]
    assert [(f.text, f.line) for f in kds.facts][-1] == ("KDS needs consumers you write (KCL, Lambda)", 7)
    assert firehose.facts[-1].line == 8 and 8 in firehose.lines
    # The name the learner used is an alias, so that stems mask it.
    assert kds.aliases == ("KDS",) and firehose.aliases == ("Firehose",)
    # `KDS vs Firehose` is a group of the two concepts, although both were defined above the comparison.
    assert any(set(g.terms) == {kds.term, firehose.term} for g in doc.groups)
    # A name shared by no concept stays a loose line rather than being attached to a guess.
    assert [line.line for line in doc.loose_lines] == [9]


def test_a_name_that_fits_several_concepts_attaches_to_none():
    doc = parse_notes(
        "Models\nSageMaker Canvas: no-code ML\nSageMaker Autopilot: AutoML\n\n"
        "The note below names no concept alone.\nCanvas and Autopilot both build models\n"
    )
    canvas = next(c for c in doc.concepts if c.term == "SageMaker Canvas")
    assert [f.text for f in canvas.facts] == ["no-code ML"]
    assert "Canvas and Autopilot both build models" not in {f.text for c in doc.concepts for f in c.facts}


def test_notes_to_self_are_reported_and_never_concepts_or_facts():
    doc = parse_notes(
        "Glue\nGlue DataBrew - visual data prep, no code\nTODO: look up Glue Flex jobs\n- [ ] FIXME check quotas\n"
    )
    databrew = next(c for c in doc.concepts if c.term == "Glue DataBrew")
    assert [c.term for c in doc.concepts] == ["Glue DataBrew"]
    assert databrew.definition == "visual data prep, no code"
    assert [(line.line, line.reason) for line in doc.loose_lines] == [
        (3, "a note to self, not a fact"),
        (4, "a note to self, not a fact"),
    ]


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


def test_org_mode_headings_and_settings():
    doc = parse_notes(
        "#+TITLE: Streaming\n#+STARTUP: overview\n* Services\n** Amazon MSK :aws:\n   - managed Apache Kafka\n"
        "** Amazon Data Firehose\n   - delivers streams to Amazon S3\n"
    )
    by_term = {c.term: c for c in doc.concepts}
    assert by_term["Amazon MSK"].definition == "managed Apache Kafka"
    assert by_term["Amazon MSK"].topic == ("Services", "Amazon MSK")
    assert by_term["Amazon Data Firehose"].lines == (7,)
    assert [(line.line, line.reason) for line in doc.loose_lines] == [(2, "org-mode setting")]


def test_setext_and_equals_headings_definition_lists_and_arrows():
    doc = parse_notes(
        "Training input modes\n====================\n\nFile mode\n: copies the data set first\n"
        ": the default\n\nStorage\n-------\n* FSx for Lustre -> file system linked to S3\n"
        "* Amazon EFS => shared NFS file system\n\n---\n\n== Inference ==\nServerless Inference — scales to zero\n"
    )
    by_term = {c.term: c for c in doc.concepts}
    assert by_term["File mode"].definition == "copies the data set first the default"
    assert [f.text for f in by_term["File mode"].facts] == ["copies the data set first", "the default"]
    assert by_term["File mode"].lines == (4, 5, 6)
    assert by_term["File mode"].topic == ("Training input modes",)
    assert by_term["FSx for Lustre"].definition == "file system linked to S3"
    assert by_term["Amazon EFS"].topic == ("Training input modes", "Storage")
    assert by_term["Serverless Inference"].topic == ("Training input modes", "Inference")
    assert doc.loose_lines == []


def test_prose_definitions_of_names_and_of_terms_introduced_as_definitions():
    by_term = concepts(
        "Deployment\n\nAmazon SageMaker Serverless Inference is an inference option that scales to zero.\n\n"
        "Overfitting is when a model memorizes noise.\n\nRequests are queued.\n\nThe model is good.\n\n"
        "SageMaker AI is the heart of the exam\n"
    )
    assert (
        by_term["Amazon SageMaker Serverless Inference"].definition
        == "an inference option that scales to zero."
    )
    assert by_term["Overfitting"].definition == "when a model memorizes noise."
    # a plain word with a plain verb, a phrase with an article, and a title-like line are not definitions
    assert set(by_term) == {"Amazon SageMaker Serverless Inference", "Overfitting"}


def test_tab_separated_flash_card_exports():
    doc = parse_notes(
        "# Input modes\nFile mode\tcopies the whole data set first\nPipe mode\tstreams through a FIFO\n"
    )
    by_term = {c.term: c for c in doc.concepts}
    assert by_term["Pipe mode"].definition == "streams through a FIFO"
    assert by_term["File mode"].topic == ("Input modes",) and by_term["File mode"].lines == (2,)
    assert [g.terms for g in doc.groups] == [("File mode", "Pipe mode")]


def test_a_sentence_over_a_rule_is_not_a_heading():
    doc = parse_notes(
        "# Modes\nPipe Mode: streams data.\nThis is a long remark about modes that ends here.\n-----\n"
    )
    assert [t.path for t in doc.topics] == [("Modes",)]


def test_markdown_star_bullets_are_not_org_headings():
    by_term = concepts("# Modes\n* Pipe Mode: streams data\n* File Mode: copies data first\n")
    assert by_term["Pipe Mode"].topic == ("Modes",) and "File Mode" in by_term


def test_table_rows_define_terms_and_extra_columns_become_facts():
    doc = parse_notes(
        "## Input modes\n| Mode | What it does | Start-up |\n| --- | :--- | --- |\n"
        "| File mode | copies the data set first | slow |\n| Pipe mode | streams through a FIFO | fast |\n"
        "| see below | | |\n"
    )
    by_term = {c.term: c for c in doc.concepts}
    assert set(by_term) == {"File mode", "Pipe mode"}  # the header row is not a concept
    assert by_term["Pipe mode"].definition.startswith("streams through a FIFO.")
    assert [f.text for f in by_term["File mode"].facts] == ["copies the data set first.", "Start-up: slow."]
    assert [line.line for line in doc.loose_lines] == [6]


def test_flashcards_with_a_term_define_it_and_others_are_reported():
    doc = parse_notes(
        "Q: What is Fast File mode?\nA: Streams S3 objects as files on demand.\n\n"
        "Q: Why use managed spot training?\nA: It costs less.\n\nQ: What is the default mode?\n"
    )
    by_term = {c.term: c for c in doc.concepts}
    assert list(by_term) == ["Fast File mode"]
    assert by_term["Fast File mode"].definition == "Streams S3 objects as files on demand."
    assert by_term["Fast File mode"].lines == (1, 2)
    assert [(line.line, line.reason) for line in doc.loose_lines] == [
        (4, "question and answer that name no term"),
        (7, "question without an answer"),
    ]


@pytest.mark.parametrize(
    ("line", "term", "definition"),
    [
        ("Pipe Mode = streams data", "Pipe Mode", "streams data"),
        ("Pipe Mode: streams data", "Pipe Mode", "streams data"),
        ('"Pipe Mode" - streams data', "Pipe Mode", "streams data"),
        ("Pipe Mode – streams data", "Pipe Mode", "streams data"),
        ("1) Pipe Mode: streams data", "Pipe Mode", "streams data"),
        ("• Pipe Mode: streams data", "Pipe Mode", "streams data"),
        ("* **Pipe Mode** - streams data", "Pipe Mode", "streams data"),
        ("Pipe Mode::streams data", "Pipe Mode", "streams data"),
    ],
)
def test_definition_styles(line, term, definition):
    found = concepts(f"Modes\n{line}\n")
    assert found[term].definition == definition


def test_bom_crlf_and_tabs():
    text = "\ufeffModes\r\n\tFile Mode = copies data first\r\n\tPipe Mode = streams data\r\n"
    assert set(concepts(text)) == {"File Mode", "Pipe Mode"}
    assert set(concepts(text.encode("utf-8"))) == {"File Mode", "Pipe Mode"}


def test_one_clear_error_for_binary_or_non_utf8_or_huge_input():
    with pytest.raises(NotesError, match=r"photo.png:1: this looks like a binary file"):
        parse_notes(b"\x89PNG\x00\x00", source="photo.png")
    with pytest.raises(NotesError, match=r"latin.txt:2: this file is not UTF-8"):
        parse_notes(b"ok\ncaf\xe9\n", source="latin.txt")
    with pytest.raises(NotesError, match="larger than 10 MB"):
        parse_notes(b"a = b\n" * (2 * 1024 * 1024))


def test_empty_input_gives_an_empty_document():
    doc = parse_notes("")
    assert (doc.concepts, doc.groups, doc.loose_lines) == ([], [], [])


def test_a_large_file_parses():
    text = _read(SEED) * 40  # about 450 KB of pasted-again notes
    terms = {c.term for c in parse_notes(text).concepts}
    assert {c.term for c in parse_notes(_read(SEED)).concepts} <= terms


def test_the_sample_notes_are_understood():
    by_term = {c.term: c for c in parse_notes(_read(SAMPLE)).concepts}
    for term in (
        "Linear Learner",
        "XGBoost",
        "Fast File Mode",
        "Ground Truth Plus",
        "Model Monitor",
        "DeepAR",
    ):
        assert term in by_term, term


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=2000))
def test_any_text_gives_a_document(text):
    try:
        doc = parse_notes(text)
    except NotesError:
        assert "\x00" in text
        return
    assert isinstance(doc.concepts, list)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000))
def test_any_bytes_give_a_document_or_one_notes_error(data):
    try:
        parse_notes(data)
    except NotesError as error:
        assert error.line >= 1 and error.message


line_kinds = st.sampled_from(
    [
        "# Heading",
        "Term = definition here.",
        "- bullet text",
        "Heading:",
        "1) Item: thing",
        "**Bold** – x",
        "> quote",
        "",
        "\t\tindented = x",
        "A vs. B",
        "Screenshot:",
        "```",
        "a::b",
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(line_kinds, max_size=40), st.sampled_from(["\n", "\r\n"]))
def test_structured_random_notes_never_crash_and_every_concept_has_lines(lines, newline):
    doc = parse_notes(newline.join(lines))
    for concept in doc.concepts:
        assert concept.term and concept.lines and all(n >= 1 for n in concept.lines)
