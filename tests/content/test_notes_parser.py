"""The notes parser on the project's own fixtures and small snippets of each pattern it must understand.

The same behaviours on the shared seed and corpus (beside the project) are checked by `make acceptance`
(tests/acceptance/).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from content.notes import NotesError, parse_notes

SAMPLE = Path(__file__).resolve().parents[2] / "content" / "samples" / "sagemaker-notes.txt"


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def concepts(text: str) -> dict:
    return {c.term: c for c in parse_notes(text).concepts}


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
# Found by hypothesis: a term that cleans down to nothing (a definition list, a title-like bullet).
@example(";\n:\x0c0")
@example("0\r\x1b\n0")
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


def test_a_sentence_is_not_split_after_an_abbreviation_or_inside_parentheses():
    doc = parse_notes(
        "Canary deployment: shifts a small portion first (e.g. 10% of traffic), then the rest. "
        "Rolls back on alarms (i.e. CloudWatch. Alarms you set) automatically."
    )
    (concept,) = [c for c in doc.concepts if c.term == "Canary deployment"]
    texts = [f.text for f in concept.facts]
    assert "shifts a small portion first (e.g. 10% of traffic), then the rest." in texts
    assert "Rolls back on alarms (i.e. CloudWatch. Alarms you set) automatically." in texts


SPELLED_OUT = """\
## Imbalance and gaps
- MICE = Multiple Imputation by Chained Equations. Fills each missing column from the others, round after round.
- SMOTE (Synthetic Minority Oversampling Technique): creates new minority-class rows between neighbours.
- Managed Workflows for Apache Airflow = MWAA, runs Airflow DAGs without servers to manage.
- K-Nearest Neighbors (KNN) = classifies a point by the points closest to it.
- SageMaker Canvas (was Data Wrangler) = no-code workspace for business analysts.
- XGBoost (gradient boosting) = trees added one after another, each fixing the last one's errors.
"""


def test_an_acronym_spelled_out_or_an_old_name_is_an_alias_not_a_fact():
    by_term = concepts(SPELLED_OUT)
    mice = by_term["MICE"]
    assert mice.aliases == ("Multiple Imputation by Chained Equations",)
    assert mice.definition.startswith("Fills each missing column")
    assert [f.text for f in mice.facts] == ["Fills each missing column from the others, round after round."]
    assert by_term["SMOTE"].aliases == ("Synthetic Minority Oversampling Technique",)
    assert by_term["Managed Workflows for Apache Airflow"].aliases == ("MWAA",)
    assert by_term["Managed Workflows for Apache Airflow"].definition.startswith("runs Airflow")
    assert by_term["K-Nearest Neighbors"].aliases == ("KNN",)
    assert by_term["SageMaker Canvas"].aliases == ("Data Wrangler",)
    # A parenthesis that is neither an acronym, its expansion nor an old name stays a fact.
    xgboost = by_term["XGBoost"]
    assert xgboost.aliases == () and "gradient boosting" in [f.text for f in xgboost.facts]


@pytest.mark.parametrize(
    ("acronym", "text", "spelled"),
    [
        (
            "MICE",
            "Multiple Imputation by Chained Equations. Fills",
            "Multiple Imputation by Chained Equations",
        ),
        (
            "SMOTE",
            "Synthetic Minority Over-sampling Technique, adds",
            "Synthetic Minority Over-sampling Technique",
        ),
        ("KNN", "K-Nearest Neighbors", "K-Nearest Neighbors"),
        ("EFS", "Requires VPC.", ""),
        ("PCA", "Pick the components", ""),
    ],
)
def test_expansion_finds_the_words_that_spell_an_acronym(acronym, text, spelled):
    from content.notes.patterns import expansion

    assert expansion(acronym, text) == spelled


DUPLICATES = """\
## Inference options
- Real-time inference = persistent endpoint, answers in milliseconds, payloads up to 25 MB.
- Serverless Inference = scales to zero between bursts; cold starts.

| Option | When |
|---|---|
| Real-time | steady traffic that needs low latency |
| Serverless | traffic with long idle gaps |
| Batch Transform | a whole dataset at once, no endpoint |

## Labeling
- Ground Truth = human labeling of data with workforces.
- Ground Truth Plus = AWS experts run the whole labeling project for you.
"""


def test_a_term_that_only_shortens_another_of_its_section_is_merged_into_it():
    doc = parse_notes(DUPLICATES)
    by_term = {c.term: c for c in doc.concepts}
    assert list(by_term) == [
        "Real-time inference",
        "Serverless Inference",
        "Batch Transform",
        "Ground Truth",
        "Ground Truth Plus",
    ]
    real_time = by_term["Real-time inference"]
    assert real_time.aliases == ("Real-time",)
    # The table's "When" column keeps its cue, so scenarios can read the row as what it is for.
    assert [f.text for f in real_time.facts][-1] == "Use when: steady traffic that needs low latency."
    assert real_time.lines == (2, 7)
    assert by_term["Serverless Inference"].aliases == ("Serverless",)
    # The table's rows are a comparison group (merged names and all).
    assert ("Real-time inference", "Serverless Inference", "Batch Transform") in {g.terms for g in doc.groups}
    # `Plus` names another product, not a generic word: Ground Truth and Ground Truth Plus stay apart.
    assert by_term["Ground Truth"].aliases == () and by_term["Ground Truth Plus"].aliases == ()


FLAT_OUTLINE = """\
SageMaker building blocks
- The majority of exam questions will be about these.
- Data Preparation (data prep)
- Data usually comes from S3
- Data can also come from Athena or Redshift
- Training
- Training job requires
- URL of the S3 bucket with training data
- ML compute resources
- URL of the S3 bucket for the output
- Path of the training image in ECR
- Many training options available
- Deployment
- 2 ways:
- Persistent endpoint for individual predictions on demand
- SageMaker Batch Transform for predictions of a whole dataset
- User profile: represents one person in a domain
- Can create own personal apps
- Has a private EFS directory
SDKs
- Boto3 (low-level API)
- SageMaker Python SDK (high-level API)
"""


def test_a_flattened_bullet_outline_gives_its_titles_their_bullets():
    doc = parse_notes(FLAT_OUTLINE)
    by_term = {c.term: c for c in doc.concepts}
    prep = by_term["Data Preparation"]
    assert prep.aliases == ("data prep",)
    assert [f.text for f in prep.facts] == [
        "Data usually comes from S3",
        "Data can also come from Athena or Redshift",
    ]
    # `- Training` above `- Training job requires` names a section; the bullets below are the job's needs.
    job = by_term["Training job"]
    assert job.topic[-1] == "Training"
    assert [f.line for f in job.facts] == [8, 9, 10, 11, 12]
    # A flattened sub-list is short: the fifth bullet is taken only because nothing else took it (a bullet or
    # two left right below the list go on about it).
    assert 12 not in {line.line for line in doc.loose_lines}
    deployment = by_term["Deployment"]
    assert [f.text for f in deployment.facts][-2:] == [
        "Persistent endpoint for individual predictions on demand",
        "SageMaker Batch Transform for predictions of a whole dataset",
    ]
    # Bullets that go on about the concept above (`Can …`, `Has …`) are its facts.
    assert [f.text for f in by_term["User profile"].facts][1:] == [
        "Can create own personal apps",
        "Has a private EFS directory",
    ]
    # `Name (what it is)` defines the name.
    assert by_term["Boto3"].definition == "low-level API"
    assert by_term["SageMaker Python SDK"].definition == "high-level API"
    # A line about the exam is set aside with its reason, never a fact.
    (meta,) = [line for line in doc.loose_lines if line.line == 2]
    assert "about the exam" in meta.reason


HEADLESS_BLOCK = """\
SageMaker parts
- Deployment
- 2 ways:
- Persistent endpoint for predictions on demand
- Batch Transform for a whole dataset
- Many options: pipelines, Neo, autoscaling
- Organizational unit within SageMaker that groups users and apps
- A domain must be set up before anything else in SageMaker
- Think of it as the boundary of one ML project
- Each domain has one EFS volume
Network Configuration in SageMaker Domain
- By default, a domain has two VPCs
Keys
- **Least privilege** – grant only the actions a job needs.
- KMS keys encrypt training volumes and model artifacts.
"""


def test_a_block_whose_heading_the_notes_lost_is_named_by_its_subject():
    doc = parse_notes(HEADLESS_BLOCK)
    by_term = {c.term: c for c in doc.concepts}
    # "A domain …", "Each domain …": the block is about the domain, named as a heading further down names it.
    domain = by_term["SageMaker Domain"]
    assert [f.line for f in domain.facts] == [7, 8, 9, 10]
    assert domain.facts[0].text == "Organizational unit within SageMaker that groups users and apps"
    assert not domain.section
    loose = {line.line for line in doc.loose_lines}
    assert not loose & {7, 8, 9, 10}
    # A bullet below a defined term (not a flattened outline's list) stays loose: it may be about anything.
    assert 15 in loose
    assert [f.text for f in by_term["Least privilege"].facts] == ["grant only the actions a job needs."]


def test_a_headless_block_without_a_repeated_subject_stays_loose():
    text = HEADLESS_BLOCK.replace("A domain must", "It must").replace("Each domain has", "Has")
    doc = parse_notes(text)
    assert "SageMaker Domain" not in {c.term for c in doc.concepts}
    assert {line.line for line in doc.loose_lines} >= {7, 8, 9, 10}


def test_a_heading_after_a_bare_title_starts_a_new_concept():
    # Found by the blind review: Model Monitor's description was keyed to Feature Store, whose heading still
    # "owned" the next line after `- IAM, PrivateLink…` (a title with nothing under it).
    doc = parse_notes(
        "My SageMaker notes\n"
        "SageMaker Feature Store\n"
        "- Centralized portal for features\n"
        "- Security\n"
        "- encryption at rest and in transit\n"
        "- IAM, PrivateLink…\n"
        "SageMaker Model Monitor\n"
        "Detects data drift, model drift and bias drift in deployed models.\n"
    )
    by_term = {c.term: c for c in doc.concepts}
    assert not any("drift" in f.text for f in by_term["SageMaker Feature Store"].facts)
    assert by_term["SageMaker Model Monitor"].facts[0].text.startswith("Detects data drift")


def test_a_count_of_kinds_is_no_term_and_a_list_name_may_hold_a_comma():
    doc = parse_notes(
        "## Monitoring\n- Model Monitor: compares traffic with a baseline. Four kinds: data quality, model "
        "quality, bias drift.\n\n## Deployment guardrails\n1. Blue/green, all at once — shifts all traffic at "
        "once.\n2. Canary — a small share first.\n"
    )
    terms = {c.term: c for c in doc.concepts}
    assert "Four kinds" not in terms
    assert "Four kinds: data quality" in terms["Model Monitor"].definition
    assert terms["Blue/green, all at once"].definition == "shifts all traffic at once."
    assert "Deployment guardrails" not in terms  # the heading took no list item as its definition


def test_a_sentence_after_a_run_of_definitions_goes_to_the_term_it_names():
    doc = parse_notes(
        "PC1 = the main trend, PC2 = the sub-trend. Ex: the size of a body is PC1. The shape left over is "
        "PC2. It ranks by spread.\n"
    )
    facts = {c.term: [f.text for f in c.facts] for c in doc.concepts}
    assert any(t.endswith("is PC1.") for t in facts["PC1"])
    assert any(t.endswith("is PC2.") for t in facts["PC2"]) and "It ranks by spread." in facts["PC2"]
    assert not any("PC1" in t for t in facts["PC2"])


def test_a_sentence_typed_without_a_space_after_it_is_two_sentences():
    doc = parse_notes("Topic\n- Pipe Mode = streams records to training.When it ends, the data is gone.\n")
    facts = [f.text for f in doc.concepts[0].facts]
    assert "streams records to training." in facts and "When it ends, the data is gone." in facts


def test_org_headings_take_their_indented_text_and_cards_name_lower_case_terms():
    doc = parse_notes(
        "* Streaming\n** Amazon Data Firehose\n   Loads streams into S3 with no code.\n"
        "** Amazon Managed Service for Apache Flink\n   Runs SQL over streams before storing them.\n"
        "* Encoding\nQ: What does one-hot encoding do?\nA: Turns a category into one binary column per value.\n"
        "Q: When is label encoding a poor choice?\nA: For nominal categories.\n"
    )
    by_term = {c.term: c for c in doc.concepts}
    assert by_term["Amazon Data Firehose"].definition == "Loads streams into S3 with no code."
    assert by_term["Amazon Managed Service for Apache Flink"].definition.startswith("Runs SQL over streams")
    assert by_term["one-hot encoding"].definition.startswith("Turns a category")
    # A card whose question names no term is listed, never guessed at.
    assert [line.line for line in doc.loose_lines] == [9]


def test_a_table_column_headed_name_holds_the_terms_wherever_it_stands():
    doc = parse_notes(
        "## Fit\n| Symptom | Name | Fix |\n|---|---|---|\n| Training high, validation low | Overfitting | More "
        "data |\n| Both low | Underfitting | A bigger model |\n"
    )
    facts = {c.term: [f.text for f in c.facts] for c in doc.concepts}
    assert facts == {
        "Overfitting": ["Symptom: Training high, validation low.", "Fix: More data."],
        "Underfitting": ["Symptom: Both low.", "Fix: A bigger model."],
    }


def test_a_bullet_with_a_nested_list_names_a_term_however_it_is_capitalised():
    doc = parse_notes(
        "## Protecting data\n* AWS KMS\n    * manages the keys that encrypt volumes\n"
        "* Network isolation\n    * the container gets no outbound network access\n"
        "* Inter-container traffic encryption\n    * encrypts traffic between training nodes\n"
    )
    by_term = {c.term: c for c in doc.concepts}
    assert by_term["Network isolation"].definition == "the container gets no outbound network access"
    assert by_term["Inter-container traffic encryption"].definition.startswith("encrypts traffic")
    # Terms with their own lists, not sections of the notes: they stand beside other terms as wrong answers.
    assert not any(c.section for c in doc.concepts)
