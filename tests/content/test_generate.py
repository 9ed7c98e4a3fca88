"""Questions generated from notes: kinds, likeness of distractors, the quality gate, stable keys."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from content.generate import MASK, generate, make_key, mask
from content.notes import parse_notes


def test_keys_survive_a_change_of_wording():
    before = generate(
        parse_notes(
            "Modes\nFile Mode = copies the data set first.\nPipe Mode = streams records through a FIFO.\nFast File Mode = reads S3 objects on demand.\n"
        ),
        slug="s",
        title="S",
    )
    after = generate(
        parse_notes(
            "Modes\nFile Mode = copies the whole data set before training.\nPipe Mode = streams records through a FIFO queue.\nFast File Mode = reads S3 objects lazily on demand.\n"
        ),
        slug="s",
        title="S",
    )
    assert {q.key for q in before.bank.questions} == {q.key for q in after.bank.questions}
    assert before.bank.questions != after.bank.questions


def test_the_gate_reports_rejections_with_reasons():
    generation = generate(parse_notes("Topic\nAlpha = Alpha is Alpha.\nBeta = short.\n"), slug="s", title="S")
    assert generation.rejected
    assert all(r.reason and r.line >= 1 for r in generation.rejected)
    assert any(
        "fewer than 3" in r.reason or "options" in r.reason or "hidden" in r.reason
        for r in generation.rejected
    )


def test_mask_handles_case_plurals_and_word_boundaries():
    assert mask("Pipe modes and pipe mode's", ["Pipe mode"]) == f"{MASK} and {MASK}"
    assert mask("XGBoostish stays", ["XGBoost"]) == "XGBoostish stays"
    assert mask("K-Nearest Neighbors (KNN)", ["K-Nearest Neighbors", "KNN"]) == f"{MASK} ({MASK})"


def test_long_keys_are_shortened_with_a_hash():
    key = make_key("scenario", "a" * 60, "b" * 60)
    assert len(key) <= 80 and re.fullmatch(r"[a-z0-9-]+", key)
    assert key == make_key("scenario", "a" * 60, "b" * 60)


# --- Likeness: the lazy walk gives the order a full sort would (issue 11: cost that grows linearly) --------------

_TOPICS = [(), ("A",), ("A", "x"), ("A", "y"), ("B", "x"), ("B",)]
_HEADS = ["mode", "store", "job"]


@given(
    st.lists(
        st.tuples(st.integers(0, len(_TOPICS) - 1), st.integers(0, len(_HEADS) - 1)), min_size=1, max_size=40
    ),
    st.data(),
)
def test_similar_walks_concepts_in_the_order_of_a_full_sort(layout, data):
    from content.generate import _Generator
    from content.notes import NoteConcept, NotesDocument

    concepts = [
        NoteConcept(f"T{i} {_HEADS[h]}", (), "a definition", (), _TOPICS[t], (i + 1,))
        for i, (t, h) in enumerate(layout)
    ]
    generator = _Generator(NotesDocument("x", [], concepts, [], []), "x", "x")
    here = data.draw(st.integers(0, len(concepts) - 1))
    concept = concepts[here]
    head = concept.term.split()[-1]

    def rank(other):  # the rule as it was written before the walk: sort everything
        same_parent = other.topic[:-1] == concept.topic[:-1] and len(concept.topic) > 1
        return (
            other.topic != concept.topic,
            other.term.split()[-1] != head,
            not same_parent,
            abs(concepts.index(other) - here),
        )

    expected = sorted((c for c in concepts if c.term != concept.term), key=rank)
    assert list(generator.similar(concept)) == expected


# --- The gate: no distinctive word of the answer's name in the question (issue 11: answers leaked) -------------

LEAKY = """Resampling
Synthetic Minority Oversampling: creates new minority examples by interpolating between close neighbours.
Random Undersampling: drops examples of the majority class at random until the classes balance.
Class Weights: make errors on the rare class cost more in the loss, with no new rows.
K-Nearest Neighbors: finds the nearest neighbors of a point. Classifies by a vote of the k most similar training points.
Linear Learner: fits a weighted sum of the features for classification or regression.
XGBoost: an ensemble of gradient-boosted decision trees for tabular data.
"""


def test_an_item_whose_question_spells_a_word_of_the_answer_is_refused_with_the_word():
    result = generate(parse_notes(LEAKY), slug="s", title="S")
    keys = {q.key for q in result.bank.questions}
    assert "n-describe-synthetic-minority-oversampling" not in keys  # its only fact says "minority"
    reasons = {(r.concepts, r.reason) for r in result.rejected}
    assert (("Synthetic Minority Oversampling",), "the question text gives it away (“Minority”)") in reasons
    assert (("Synthetic Minority Oversampling",), "the right answer gives it away (“Minority”)") in reasons


def test_a_fact_that_spells_no_word_of_the_name_is_used_instead():
    result = generate(parse_notes(LEAKY), slug="s", title="S")
    (knn,) = [q for q in result.bank.questions if q.key.endswith("describe-k-nearest-neighbors")]
    assert "Classifies by a vote of the k most similar training points." in knn.stem
    assert "neighbors" not in knn.stem.casefold()


# --- One defensible answer (issue 11) ---------------------------------------------------------------------------

TWO_ANSWERS = """\
## Storage for training
- EFS = requires a VPC. Shared by many instances at once.
- FSx for Lustre = requires a VPC. Shared by many instances at once. Hundreds of GB/s of throughput.
- EBS = a block volume attached to one instance at a time, sized in GiB.
- S3 Express One Zone = a storage class in a single Availability Zone with millisecond reads.

## Input modes
- Pipe Mode = streams records from S3.
- Fast File Mode = streams records from S3 lazily.
- File Mode = copies every object to the local volume before the first epoch begins.
- Local Mode = runs the training container on the notebook instance itself, for quick debugging.
"""


def _recall(result, term):
    return next(q for q in result.bank.questions if q.tags[0] == "recall" and q.concepts[0] == term)


def test_a_term_the_notes_also_describe_so_is_not_offered_as_a_wrong_answer():
    result = generate(parse_notes(TWO_ANSWERS), slug="s", title="S")
    efs = _recall(result, "EFS")
    assert efs.tags[1] == "describe-term"
    # All the stem says of EFS is said of FSx for Lustre too: it would be a second right answer.
    assert "FSx for Lustre" not in {o.text for o in efs.options}
    # FSx for Lustre's own stem says more than EFS's notes do, so EFS is a fair wrong answer there.
    fsx = _recall(result, "FSx for Lustre")
    assert "EFS" in {o.text for o in fsx.options if not o.correct}


def test_a_statement_also_true_of_the_answer_is_not_a_wrong_option():
    result = generate(parse_notes(TWO_ANSWERS), slug="s", title="S")
    pipe = _recall(result, "Pipe Mode")
    # Three words left once the term is hidden: too few to describe it, enough for a statement.
    assert pipe.tags[1] == "term-statement"
    assert [o.text for o in pipe.options if o.correct] == ["Streams records from S3."]
    wrong = [o.text for o in pipe.options if not o.correct]
    # Fast File Mode's statement contains all that is said of Pipe Mode: arguably true of it as well.
    assert "Streams records from S3 lazily." not in wrong
    assert wrong and not any("pipe" in text.casefold() for text in wrong)
    assert any(r.concepts == ("Pipe Mode",) and "too little" in r.reason for r in result.rejected)


def test_a_concept_whose_notes_say_too_little_gets_no_recall_item():
    result = generate(
        parse_notes("## Modes\n- A Mode = fast.\n- B Mode = slow and steady.\n- C Mode = big.\n"),
        slug="s",
        title="S",
    )
    assert not [q for q in result.bank.questions if q.tags[0] == "recall"]
    assert {r.concepts for r in result.rejected if r.kind == "recall"} == {
        ("A Mode",),
        ("B Mode",),
        ("C Mode",),
    }


# --- Scenarios from cues and typed distractors (issue 11) ----------------------------------------------------

CUES = """\
## Built-in algorithms
- Random Cut Forest = unsupervised. Good for spotting anomalies in streams of sensor readings.
- K-Means = unsupervised clustering. Best for customer segmentation without labels.
- DeepAR = supervised recurrent network. Optimized for forecasting many related time series.
- XGBoost = gradient-boosted trees. Increasing reg_lambda counteracts overfitting. Good for tabular churn data.
- LightGBM = gradient-boosted trees grown leaf by leaf. Good for tabular churn data.
- Principal Component Analysis = unsupervised. Best for compressing many features into a few.

## Storage
- Amazon EFS = shared NFS file system that many instances mount at once. Good for spotting anomalies in logs.
- Amazon EBS = a block volume for one instance.
"""


def test_a_scenario_states_a_need_and_offers_only_options_that_fail_it():
    result = generate(parse_notes(CUES), slug="s", title="S")
    scenarios = {q.concepts[0]: q for q in result.bank.questions if q.tags[0] == "scenario"}
    forest = scenarios["Random Cut Forest"]
    assert "- Their workload: spotting anomalies in streams of sensor readings." in forest.stem
    assert "unsupervised" not in forest.stem  # its definition is not pasted into the stem
    options = {o.text for o in forest.options}
    # Unsupervised algorithms that the notes give other uses; never EFS (storage), though its notes say something
    # alike, nor an algorithm of another family (DeepAR forecasts, XGBoost is tabular): no rival for anomalies.
    assert options == {"Random Cut Forest", "K-Means", "Principal Component Analysis"}
    for option in forest.options:
        if not option.correct:
            assert f"**{option.text}** — your notes do not say it suits this; they say:" in forest.explanation
    # XGBoost and LightGBM are both "good for tabular churn data": neither is offered against the other, and
    # no other tabular algorithm is in these notes, so neither has a scenario.
    assert "XGBoost" not in scenarios and "LightGBM" not in scenarios
    assert any(
        r.kind == "scenario"
        and r.concepts == ("XGBoost",)
        and r.reason.startswith("fewer than 2 other options")
        for r in result.rejected
    )


def test_a_settings_effect_is_not_taken_for_a_need_of_the_algorithm():
    from content.generate.scenario import cues

    doc = parse_notes(CUES)
    xgboost = next(c for c in doc.concepts if c.term == "XGBoost")
    assert [(c.kind, c.text) for c in cues(xgboost)] == [("need", "tabular churn data")]


def test_concepts_are_typed_from_their_names_headings_and_definitions():
    from content.generate.types import concept_type

    doc = parse_notes(
        CUES
        + "\n## Metrics\n### Classification\n- Precision = share of predicted positives that are right.\n"
    )
    kinds = {c.term: concept_type(c) for c in doc.concepts}
    assert kinds["Random Cut Forest"] == "algorithm"  # its definition says "unsupervised"
    assert kinds["Amazon EFS"] == kinds["Amazon EBS"] == "storage"  # by name, whatever the heading
    assert (
        kinds["Precision"] == "metric"
    )  # the heading "Metrics", though the nearer one says "Classification"


LIMITS = """\
## Inference options
- Real-time inference = persistent endpoint for steady traffic. Payloads up to 25 MB.
- Serverless Inference = scales to zero between bursts. Max payload 4 MB.
- Asynchronous Inference = queues requests and scales to zero when idle. Payloads up to 1 GB.
- Batch Transform = scores a whole dataset in S3 with no endpoint. Max payload 100 MB per record.

| Option | When |
|---|---|
| Real-time | steady traffic that needs low latency |
| Serverless | traffic with long idle gaps |
"""


def test_a_limit_exceeded_by_a_concrete_value_is_a_scenario():
    result = generate(parse_notes(LIMITS), slug="s", title="S")
    (limit,) = [q for q in result.bank.questions if q.tags == ("scenario", "limit")]
    # More than every other option allows (100 MB at most), within Asynchronous Inference's 1 GB.
    assert "- Each of their payloads is about 200 MB." in limit.stem
    assert [o.text for o in limit.options if o.correct] == ["Asynchronous Inference"]
    assert {o.text for o in limit.options} == {
        "Asynchronous Inference", "Batch Transform", "Real-time inference", "Serverless Inference"
    }  # fmt: skip
    assert "your notes put its limit at 4 MB" in limit.explanation
    # The sort of all four, as their heading names it.
    assert limit.stem.endswith("Which inference option can handle it?")


def test_a_when_column_of_a_table_is_a_need():
    result = generate(parse_notes(LIMITS), slug="s", title="S")
    scenarios = {q.concepts[0]: q for q in result.bank.questions if q.tags == ("scenario", "scenario")}
    assert "- Their workload: traffic with long idle gaps." in scenarios["Serverless Inference"].stem
    assert "- Their workload: steady traffic that needs low latency." in scenarios["Real-time inference"].stem


# --- After the blind review (issue 11): answers spelled out, other sorts, facts that point elsewhere ---------


def test_an_acronym_spelled_out_or_a_name_word_in_another_form_gives_the_answer_away():
    from content.generate.text import leaked_word

    assert leaked_word("Square root of the mean squared error", ["RMSE"]) == "RMSE"
    assert leaked_word("Area under the ROC curve; 0.5 is random guessing", ["AUC"]) == "AUC"
    assert leaked_word("Groups records around k centroids that move to the mean", ["K-Means"]) == "Means"
    assert leaked_word("Reach the service from the VPC without the internet", ["VPC endpoint"]) == "VPC"
    assert leaked_word("Associates IPv4 addresses with user IDs", ["IP Insights"]) == "IP"
    # Words that merely start with the letters, or a name word that is not there, are no leak.
    assert leaked_word("Errors made easy to read", ["MAE"]) == ""
    assert leaked_word("Copies the data before training starts", ["Fast File Mode"]) == ""


METRICS = """\
## Metrics
- RMSE = square root of the mean squared error; penalizes large errors.
- MAE = mean absolute error; robust to outliers, in the unit of the target.
- R squared = share of the variance the model explains.
- Precision = TP / (TP + FP); use when false positives are costly.

## Training at scale
- Data parallelism = each GPU holds the whole model and a share of the batch.
- Model parallelism = the model itself is split across GPUs when it does not fit on one.
- Warm pools = keep instances between jobs so the next job starts without provisioning.

## Storage
- S3 Express One Zone = a storage class in one Availability Zone. Can feed any of the modes above.
"""


def test_the_review_findings_are_fixed_on_notes_like_the_reviewed_ones():
    result = generate(parse_notes(METRICS), slug="s", title="S")
    by_concept = {q.concepts[0]: q for q in result.bank.questions if q.tags[0] == "recall"}
    # RMSE's fact spells it out: no item shows it.
    for q in result.bank.questions:
        assert "square root of the mean squared error" not in q.stem.casefold(), q.key
    # Distractors are of the answer's sort: metrics against a metric, training options against one.
    for term, q in by_concept.items():
        wrong = {o.text for o in q.options if not o.correct}
        if term in ("MAE", "R squared", "Precision"):
            assert wrong <= {"RMSE", "MAE", "R squared", "Precision"}, (term, wrong)
        if term in ("Data parallelism", "Model parallelism"):
            assert not wrong & {"RMSE", "MAE", "R squared", "Precision"}, (term, wrong)
    # A fact that points at the rest of the notes ("the modes above") is never a clue.
    assert all("modes above" not in q.stem for q in result.bank.questions)


def test_terms_that_share_a_distinctive_word_are_never_offered_against_each_other():
    from content.generate.text import overlapping

    assert overlapping("Spot instances", "Managed Spot Training")
    assert overlapping("Python API libraries", "SageMaker Python SDK")
    # Siblings that share only their head word are the look-alikes a learner must tell apart.
    assert not overlapping("Data parallelism", "Model parallelism")
    assert not overlapping("Canary traffic shifting", "Linear traffic shifting")
    notes = (
        "## Cost\n- Managed Spot Training = trains on spare capacity and resumes from checkpoints.\n"
        "- Spot instances = spare EC2 capacity that AWS can take back at two minutes' notice.\n"
        "- Warm pools = keep instances between jobs so the next job starts without provisioning.\n"
        "- Savings Plans = a commitment to an amount of compute per hour for one or three years.\n"
    )
    result = generate(parse_notes(notes), slug="s", title="S")
    for q in result.bank.questions:
        if q.tags[0] == "recall" and q.concepts[0] in ("Spot instances", "Managed Spot Training"):
            assert not {o.text for o in q.options} >= {"Spot instances", "Managed Spot Training"}, q.key


def test_a_camel_case_name_is_given_away_by_its_parts():
    from content.generate.text import leaked_word

    assert leaked_word("the leader moves to the Means of their group", ["KMeans"]) == "Means"
    assert leaked_word("a no-code workspace inside SageMaker", ["SageMaker Canvas"]) == ""


def test_numbered_names_are_not_split_like_camel_case():
    # "Term12" is one name, not "Term" + 12: cards named like that stay fair wrong answers for each other.
    words = [
        "amber",
        "basalt",
        "cedar",
        "dune",
        "ember",
        "fjord",
        "granite",
        "heath",
        "iris",
        "jasper",
        "kelp",
        "lagoon",
    ]
    cards = "".join(f"Term{i}\tThe {w} sample, kept apart from all the others\n" for i, w in enumerate(words))
    doc = parse_notes(cards)
    result = generate(doc, slug="s", title="S")
    recalls = [q for q in result.bank.questions if q.tags[0] == "recall"]
    assert len(doc.concepts) >= 11 and len(recalls) == len(doc.concepts)
    assert all(len(q.options) == 4 for q in recalls)


ROLLOUT = """\
## Deployment on SageMaker
### Inference options
- Real-time inference = persistent endpoint for steady traffic that needs answers in milliseconds.
- Serverless Inference = scales to zero between bursts, you pay per invocation.
- Batch Transform = runs a job over a whole dataset in S3 with no endpoint left running.
### Deployment guardrails
- Blue/green deployment = a new fleet is brought up beside the old one and traffic shifts to it.
- Canary traffic shifting = a small portion of traffic goes to the new fleet first. Use when you want to catch errors with few users affected.
- Linear traffic shifting = traffic moves to the new fleet in equal steps at set intervals.
"""


def test_a_way_of_shifting_traffic_is_not_offered_against_a_way_of_serving_predictions():
    from content.generate.types import concept_type

    doc = parse_notes(ROLLOUT)
    kinds = {c.term: concept_type(c) for c in doc.concepts}
    assert kinds["Canary traffic shifting"] == kinds["Blue/green deployment"] == "rollout strategy"
    assert kinds["Batch Transform"] == kinds["Real-time inference"] == "deployment option"
    result = generate(doc, slug="s", title="S")
    inference = {"Real-time inference", "Serverless Inference", "Batch Transform"}
    for question in result.bank.questions:
        if question.type == "single" and {o.text for o in question.options} & {"Canary traffic shifting"}:
            assert not {o.text for o in question.options} & inference, question.stem


SECTIONS = """\
SageMaker building blocks
- SageMaker Training and Deployment Architecture
- Input and output data usually sit in S3
- Training and inference code live in container images in ECR
- Deployment
- Persistent endpoint for individual predictions on demand
- SageMaker Batch Transform for predictions of a whole dataset
- Data Preparation (data prep)
- Data usually comes from S3
- Data can also come from Athena or Redshift
- Data Processing
- Processing job copies raw data from S3, runs a container and writes the output back
- Training job requires
- URL of the S3 bucket with training data
- ML compute resources
- Path of the training image in ECR
- User profile: represents one person in a domain
- Can create own personal apps
- Has a private EFS directory
"""


def test_a_section_that_is_no_term_is_neither_asked_about_nor_offered():
    result = generate(parse_notes(SECTIONS), slug="s", title="S")
    texts = " ".join(
        " ".join([q.stem, *(o.text for o in q.options), *(p.prompt for p in q.pairs)])
        for q in result.bank.questions
    )
    assert "Training job" in texts  # a section named by a term is still asked about
    assert "Deployment" not in texts and "Architecture" not in texts
    refused = {r.concepts[0]: r.reason for r in result.rejected}
    assert (
        refused["Deployment"]
        == refused["SageMaker Training and Deployment Architecture"]
        == ("a section of the notes, not a term")
    )


# --- Blind review, round 4 (issue 11): synonyms, families, wholes and parts, sorts by name ---------------------


def test_a_synonym_of_a_name_word_or_an_average_for_a_mean_gives_the_answer_away():
    from content.generate.text import leaked_word

    assert leaked_word("Votes among the k closest training points", ["K-Nearest Neighbors"]) == "Nearest"
    assert leaked_word("One endpoint that hosts many models behind it", ["Multi-model endpoint"]) == "Multi"
    assert leaked_word("The average of the absolute errors", ["MAE"]) == "MAE"
    # A word that only contains the synonym is no leak.
    assert leaked_word("Keeps records in closets of data", ["K-Nearest Neighbors"]) == ""


def test_names_that_share_only_a_part_of_a_word_may_stand_together_but_one_family_may_not():
    from content.generate.text import overlapping

    assert not overlapping("Amazon CloudWatch", "AWS CloudTrail")  # "Cloud" is a part, not a word
    assert overlapping("Random Cut Forest", "Random Forest")
    assert overlapping("Blue/green deployment", "Canary traffic shifting")  # a canary shift is blue/green
    assert overlapping("Multi-model endpoint", "Real-time inference")  # a multi-model endpoint is real-time
    assert overlapping("Neural Topic Model (NTM)", "LDA")
    assert not overlapping("Canary traffic shifting", "Linear traffic shifting")  # siblings of one family


ALGORITHMS = """\
## Unsupervised algorithms
- NTM = neural network that groups documents into topics by the words they use.
- LDA = probabilistic model that treats each document as a mixture of topics over words.
- K-Means = splits the records into k groups around centroids.
- Random Cut Forest = gives each record an anomaly score from random trees.
- IP Insights = learns which IPv4 addresses each account usually signs in from.

## Text algorithms
- BlazingText = fast word embeddings and sentence classification on CPUs or GPUs.
- Object2Vec = learns embeddings for pairs of things, such as users and the items they buy.
"""


def test_two_twins_are_never_each_others_wrong_answer():
    result = generate(parse_notes(ALGORITHMS), slug="s", title="S")
    for term, twin in (("NTM", "LDA"), ("LDA", "NTM")):
        items = [q for q in result.bank.questions if term in q.concepts and q.tags[0] != "match"]
        assert items, term
        for q in items:
            assert twin not in {o.text for o in q.options if not o.correct}, (term, q.stem)


SDKS = """\
## SageMaker SDKs
- SageMaker SDKs = libraries that call SageMaker from code.
### Boto3
- Boto3 = low-level AWS SDK for Python; one call per API action.
### SageMaker Python SDK
- SageMaker Python SDK = high-level library with estimators and predictors.

## Labeling
- Ground Truth = labeling jobs with human workers and active learning.
- Amazon A2I = human review of low-confidence predictions.
- Mechanical Turk = a public crowd of workers paid per task.
"""


def test_a_whole_is_not_a_wrong_answer_for_its_part_and_sorts_come_from_names():
    from content.generate.types import concept_type

    doc = parse_notes(SDKS)
    kinds = {c.term: concept_type(c) for c in doc.concepts}
    assert kinds["Boto3"] == kinds["SageMaker Python SDK"] == "SDK"
    assert kinds["Ground Truth"] == kinds["Amazon A2I"] == kinds["Mechanical Turk"] == "labeling service"
    result = generate(doc, slug="s", title="S")
    for q in result.bank.questions:
        if q.concepts[0] in {"Boto3", "SageMaker Python SDK"} and q.tags[0] != "match":
            assert "SageMaker SDKs" not in {o.text for o in q.options if not o.correct}, q.stem
        if q.concepts[0] == "SageMaker SDKs":
            assert not {"Boto3", "SageMaker Python SDK"} & {o.text for o in q.options if not o.correct}, (
                q.stem
            )


def test_numbered_parts_are_a_sort_of_their_own():
    from content.generate.types import concept_type, concept_types

    doc = parse_notes(
        "## PCA\n- PC1 = the direction of most variance.\n- PC2 = the next, at right angles to PC1.\n"
    )
    assert {concept_type(c) for c in doc.concepts} == {"numbered pc"}
    # Beside the whole they are parts of, under one heading, as the seed has them.
    doc = parse_notes(
        "## Unsupervised algorithms\n- PCA = compresses features.\n- PC1 = most variance.\n- K-Means = clusters.\n"
    )
    types = concept_types(doc.concepts)
    assert types["PC1"] == "numbered pc" and types["PCA"] == types["K-Means"] == "algorithm"
    # L1 and L2 under Regularization are techniques like Dropout, not parts of a thing named "L…".
    doc = parse_notes(
        "## Regularization\n- L1 = pushes some weights to zero.\n- Dropout = drops units at random.\n"
    )
    assert {concept_type(c) for c in doc.concepts} == {"technique"}


# --- Blind review, round 5 (issue 11): families, one sort per item, echoed name words, verb forms ---------------

FAMILY_NOTES = """## Built-in algorithms
- XGBoost = gradient-boosted trees for tabular classification and regression.
- Image Classification = labels a whole picture with one class, using a CNN.
- Linear Learner = fits linear models for classification and regression on tabular rows.
- Object Detection = finds and boxes each object in a picture.
- K-Nearest Neighbors = votes among stored rows for tabular classification.
- Semantic Segmentation = labels every pixel of a picture.
"""


def test_wrong_answers_come_from_the_answers_family_within_its_sort():
    result = generate(parse_notes(FAMILY_NOTES), slug="s", title="S")
    vision = {"Image Classification", "Object Detection", "Semantic Segmentation"}
    tabular = {"XGBoost", "Linear Learner", "K-Nearest Neighbors"}
    items = [q for q in result.bank.questions if q.type == "single" and "describe-term" in q.tags]
    assert items
    for q in items:
        names = {o.text for o in q.options}
        answer = next(o.text for o in q.options if o.correct)
        assert names <= (vision if answer in vision else tabular), q


def test_a_which_two_item_offers_its_holders_sort_only():
    notes = (
        "## Storage and modes\n- EFS = shared file system. Requires VPC.\n- FSx for Lustre = fast file system. "
        "Requires VPC.\n- S3 = object storage for any data.\n- Amazon EBS = block storage for one instance.\n"
        "- File Mode = copies the data first.\n- Pipe Mode = streams the records.\n"
    )
    result = generate(parse_notes(notes), slug="s", title="S")
    q = next(q for q in result.bank.questions if q.type == "multiple")
    assert {o.text for o in q.options if o.correct} == {"EFS", "FSx for Lustre"}
    assert {o.text for o in q.options if not o.correct} == {"S3", "Amazon EBS"}  # no input mode
    # With one storage option left to be wrong, no input mode makes up the set: no "which two?" item at all.
    fewer = notes.replace("- Amazon EBS = block storage for one instance.\n", "")
    assert not [
        q for q in generate(parse_notes(fewer), slug="s", title="S").bank.questions if q.type == "multiple"
    ]


def test_a_matching_item_keeps_to_the_headings_main_sort():
    notes = (
        "## Unsupervised algorithms\n- PCA = compresses many features into a few new axes.\n"
        "- K-Means = groups rows into k clusters around centres.\n- Random Cut Forest = scores how anomalous "
        "each point is.\n- PC1 = the direction of most spread in the data.\n- PC2 = the next direction, at "
        "right angles to the first.\n"
    )
    result = generate(parse_notes(notes), slug="s", title="S")
    q = next(q for q in result.bank.questions if q.type == "matching")
    assert {p.prompt for p in q.pairs} == {"PCA", "K-Means", "Random Cut Forest"}


def test_a_stem_that_repeats_a_word_only_the_answers_name_has_is_refused():
    notes = (
        "## Ways to work\n- Notebook Instances = a managed Jupyter server on EC2. Lifecycle scripts run when the "
        "instance starts. Stopping an idle instance stops compute charges.\n- SageMaker Studio = a web IDE for "
        "the whole ML lifecycle, with spaces for each user.\n- SageMaker Canvas = point-and-click models "
        "for business analysts, no code.\n"
    )
    result = generate(parse_notes(notes), slug="s", title="S")
    reasons = [r.reason for r in result.rejected if r.concepts == ("Notebook Instances",)]
    assert any("repeats “Instances”" in r for r in reasons)
    assert not any(
        "instance" in q.stem.casefold() and "Notebook Instances" in {o.text for o in q.options if o.correct}
        for q in result.bank.questions
    )


def test_a_verb_form_of_a_name_word_gives_the_answer_away():
    from content.generate.text import leaked_word

    assert leaked_word("Randomly drops neurons while training.", ["Dropout"]) == "Dropout"
    assert leaked_word("Stop when validation loss rises.", ["Early stopping"]) == "stopping"
    assert leaked_word("Used across machine learning.", ["Linear Learner"]) == ""


def test_facts_are_tidied_and_a_sequence_step_is_no_clue():
    from content.generate.text import points_elsewhere, tidy

    assert tidy("for classification and regression. optimizes variants in parallel.") == (
        "For classification and regression. Optimizes variants in parallel."
    )
    assert tidy('Only cares about where the data is spread (variance)."') == (
        "Only cares about where the data is spread (variance)."
    )
    assert tidy("Compare A vs. batch jobs, etc. and more") == "Compare A vs. batch jobs, etc. and more"
    assert tidy("Parameters: 1) max_depth that controls tree complexity.") == (
        "The max_depth parameter controls tree complexity."
    )
    assert points_elsewhere("Then starts training.") and not points_elsewhere("Starts training at once.")
    # A remark that dates is the notes' moment, not a fact; other asides stay.
    assert tidy("Upload CSV data (CSV-only for now), select a column.") == "Upload CSV data, select a column."
    assert tidy("Reads Parquet (columnar) files.") == "Reads Parquet (columnar) files."


def test_an_explanation_quotes_a_fact_without_the_notes_list_numbering():
    from content.generate.text import _quote

    notes = "## Algorithms\n- XGBoost = gradient-boosted trees. Parameters 1) Increasing reg_lambda counteracts overfitting.\n"
    xgboost = parse_notes(notes).concepts[0]
    assert [f.text for f in xgboost.facts][1].startswith("Parameters 1)")
    assert _quote(xgboost) == (
        "> **XGBoost** — gradient-boosted trees. (line 2)\n>\n"
        "> **XGBoost** — Increasing reg_lambda counteracts overfitting. (line 2)"
    )


# --- Blind review, round 6 (issue 11) -------------------------------------------------------------------------


def test_a_matching_explanation_quotes_the_sentence_each_pair_shows():
    notes = (
        "## Gradient boosting\n- XGBoost = boosted trees. Wins many tabular contests on structured data.\n"
        "- LightGBM = grows trees leaf by leaf. Trains quickly on large tables of rows.\n"
        "- CatBoost = handles categorical columns natively without one-hot work.\n"
    )
    q = next(
        q for q in generate(parse_notes(notes), slug="s", title="S").bank.questions if q.type == "matching"
    )
    for pair in q.pairs:
        quoted = re.search(rf"\*\*{re.escape(pair.prompt)}\*\* — (.*?) \(line", q.explanation).group(1)
        assert quoted.rstrip(".").casefold() == pair.match.rstrip(".").casefold(), pair


def test_what_an_acronym_stands_for_and_ing_forms_give_the_answer_away():
    from content.generate.text import leaked_word

    assert leaked_word("Creates synthetic minority rows between neighbours.", ["SMOTE"]) == "SMOTE"
    assert leaked_word("Reuses earlier results as a starting point.", ["Warm start"]) == "start"
    assert leaked_word("Duplicates minority rows at random.", ["SMOTE"]) == ""


def test_a_cue_column_reads_as_a_clue():
    from content.generate.text import tidy

    assert tidy("Use when: Spiky or intermittent traffic.") == "Suits spiky or intermittent traffic."
    assert tidy("Best for: offline scoring") == "Best for offline scoring"
    assert tidy("read fastest, esp. in Pipe mode") == "Read fastest, especially in Pipe mode"


def test_metrics_and_services_have_families_too():
    notes = (
        "## Metrics\n- RMSE = root of the mean squared error; punishes large misses.\n"
        "- Accuracy = share of all predictions that are right.\n- MAE = mean of the absolute misses.\n"
        "- Precision = share of predicted positives that are real.\n- R2 = share of variance explained.\n"
        "- Recall = share of real positives that are found.\n"
    )
    result = generate(parse_notes(notes), slug="s", title="S")
    regression = {"RMSE", "MAE", "R2"}
    for q in result.bank.questions:
        if "describe-term" in q.tags and next(o.text for o in q.options if o.correct) in regression:
            assert {o.text for o in q.options} <= regression, q.stem
    from content.generate.assemble import _Generator

    services = _Generator(
        parse_notes(
            "## Services\n- Amazon Bedrock = foundation models through an API.\n- SageMaker Model Monitor = "
            "watches endpoints for drift.\n- SageMaker JumpStart = a hub of models to deploy.\n"
        ),
        "s",
        "S",
    ).families
    assert services["Amazon Bedrock"] == services["SageMaker JumpStart"] == "foundation models"
    assert services["SageMaker Model Monitor"] == "monitoring"


def test_a_right_statement_that_repeats_a_word_of_the_term_alone_is_refused():
    notes = (
        "## Network\n- VPC endpoint = interface endpoints for APIs, a gateway endpoint for S3.\n"
        "- Security group = a stateful firewall around each instance.\n- Network ACL = a stateless "
        "filter on a subnet's traffic.\n"
    )
    result = generate(parse_notes(notes), slug="s", title="S")
    assert not [q for q in result.bank.questions if "VPC endpoint" in q.concepts and q.type == "single"]
    assert [r.reason for r in result.rejected if r.concepts == ("VPC endpoint",)] == [
        "the question text repeats “endpoint” from the answer's name and no other option's",
        "the right answer repeats “endpoint” from the term and no other option does",
    ]


# --- Blind review, round 7 (issue 11) -------------------------------------------------------------------------


def test_siblings_that_differ_in_one_word_stand_together_and_a_name_spaced_otherwise_does_not():
    from content.generate.text import overlapping

    assert not overlapping("Random oversampling", "Random undersampling")
    assert overlapping("GroundTruth", "Ground Truth Plus")
    assert not overlapping("File Mode", "Fast File Mode")
    assert overlapping("Spot instances", "Managed Spot Training")


def test_a_scenario_offers_the_answers_family_first():
    notes = (
        "## Built-in algorithms\n- DeepAR = forecasts time series with an RNN. Good for demand forecasting.\n"
        "- Random Cut Forest = scores anomalies in a stream. Good for fraud spikes.\n"
        "- XGBoost = boosted trees on tabular rows. Good for churn prediction on tables.\n"
        "- Linear Learner = fits linear models on tabular rows. Good for price regression.\n"
        "- Object Detection = draws boxes around objects in an image. Good for counting cars in photos.\n"
        "- Image Classification = labels a whole image with one class. Good for sorting product photos.\n"
        "- Semantic Segmentation = labels every pixel of an image. Good for medical scan tracking.\n"
    )
    result = generate(parse_notes(notes), slug="s", title="S")
    vision = {"Semantic Segmentation", "Object Detection", "Image Classification"}
    scenarios = [q for q in result.bank.questions if q.tags[0] == "scenario"]
    assert any(next(o.text for o in q.options if o.correct) in vision for q in scenarios)
    for q in scenarios:
        if next(o.text for o in q.options if o.correct) in vision:
            assert sum(o.text in vision for o in q.options) >= 2, q.stem


def test_a_statement_that_only_judges_is_no_answer_and_a_clue_starts_with_what_the_thing_is():
    notes = (
        "## Scaling policies\n- Target tracking = keeps a metric near a target value. Simplest; recommended default.\n"
        "- Step scaling = adds capacity in steps sized by how far an alarm is breached.\n"
        "- Scheduled scaling = changes capacity at known times before daily peaks.\n"
    )
    result = generate(parse_notes(notes), slug="s", title="S")
    assert not any(
        o.correct and o.text == "Simplest; recommended default."
        for q in result.bank.questions
        for o in q.options
    )
    algorithms = generate(
        parse_notes(
            "## Algorithms\n- BlazingText = fast Word2Vec embeddings for words. Optimized for multi-core CPUs.\n"
            "- Sequence-to-Sequence = turns one sequence of tokens into another, as in translation.\n"
            "- Neural Topic Model = groups documents into topics by the words they use.\n"
        ),
        slug="s",
        title="S",
    )
    q = next(
        q for q in algorithms.bank.questions if "describe-term" in q.tags and "BlazingText" in q.concepts
    )
    assert "Word2Vec embeddings" in q.stem


# --- Blind review, round 8 (issue 11) -------------------------------------------------------------------------


def test_a_concept_of_no_known_sort_pads_no_set_from_another_heading():
    notes = (
        "## Jobs\n- Processing job = runs a container over data in S3 and writes results back.\n\n"
        "## PCA\n- PC1 = the direction of most spread in the data.\n- PC2 = the next direction, at right "
        "angles to PC1, the sub-trend left over.\n"
    )
    result = generate(parse_notes(notes), slug="s", title="S")
    assert not any(
        "Processing job" in {o.text for o in q.options} and "PC2" in q.concepts for q in result.bank.questions
    )


def test_keys_give_kms_away_and_a_matching_pair_may_not_repeat_its_own_term():
    from content.generate.text import leaked_word

    assert leaked_word("Manages the keys that encrypt training volumes.", ["AWS KMS", "KMS"]) == "KMS"
    notes = (
        "## Missing values\n- Mean imputation = replaces a gap with the column average. Quick, but shrinks "
        "variance.\n- Model-based imputation = trains a model to predict each gap from other columns.\n"
        "- Row deletion = drops every row that has a gap in it.\n- Median imputation = replaces a gap with "
        "the middle value. Robust to outliers.\n- Constant fill = writes a fixed placeholder such as zero into "
        "each gap.\n"
    )
    matching = [q for q in generate(parse_notes(notes), slug="s", title="S").bank.questions if q.pairs]
    assert matching
    for pair in matching[0].pairs:
        assert not (pair.prompt == "Model-based imputation" and "model" in pair.match.casefold())


# --- Blind review, round 9 (issue 11) -------------------------------------------------------------------------


def test_a_matching_item_leaves_out_its_headings_own_concept_and_category_lines():
    notes = (
        "SageMaker SDKs\n- Training and deployment of ML models via Python scripts\n"
        "- Python API libraries → import inside your code\n- Boto3 (low-level API)\n"
        "- SageMaker Python SDK (high-level API)\n- AWS CLI (commands typed in a shell)\n"
    )
    result = generate(parse_notes(notes), slug="s", title="S")
    for q in result.bank.questions:
        assert not ({"SageMaker SDKs", "Python API libraries"} & {p.prompt for p in q.pairs}), q.pairs


def test_twins_in_aws_and_a_synonym_of_binning():
    from content.generate.text import leaked_word, overlapping

    assert overlapping("Multi-container endpoint", "Inference pipeline")
    assert overlapping("SageMaker Data Wrangler", "AWS Glue DataBrew")
    assert leaked_word("Groups a numeric column into ranges (buckets).", ["binning"]) == "binning"


# --- Blind review, round 10 (issue 11) ------------------------------------------------------------------------


def test_a_learners_shorthand_is_spelled_out_in_clues_and_statements():
    from content.generate.text import tidy

    assert (
        tidy("Good for id outliers or unusual behavior.")
        == "Good for identifying outliers or unusual behavior."
    )
    assert (
        tidy("Ids, bounds, and classifies objects in a frame")
        == "Identifies, bounds, and classifies objects in a frame"
    )
    assert tidy("Good for: finds hidden patterns") == "Good for finding hidden patterns"
    assert tidy("Organizational unit within SageMaker → organize users") == (
        "Organizational unit within SageMaker: organize users"
    )
    assert tidy("Needed by -> distance-based models") == "Needed by distance-based models"
    assert tidy("Encryption at rest (KMS...) and in transit") == "Encryption at rest (KMS) and in transit"
    assert tidy("100s GB of throughput, Single AZ") == "Hundreds of GB of throughput, Single AZ"
    # Not shorthand: an identifier, a noun after "Good for", an arrow in a "label: value" line.
    assert tidy("Customer IDs and the id column") == "Customer IDs and the id column"
    assert tidy("Good for logs") == "Good for logs"
    assert tidy("Flow: input -> output") == "Flow: input -> output"


def test_a_scenario_sentence_spells_out_shorthand_too():
    notes = (
        "## Unsupervised\n- Random Cut Forest = scores each record by how isolated it is. Good for id outliers.\n"
        "- K-Means = splits records into k groups. Best for customer segmentation.\n"
        "- Principal Component Analysis = keeps the directions of most spread. Best for compressing features.\n"
    )
    result = generate(parse_notes(notes), slug="s", title="S")
    forest = next(
        q for q in result.bank.questions if q.tags[0] == "scenario" and q.concepts == ("Random Cut Forest",)
    )
    assert "Their workload: identifying outliers." in forest.stem


SCALING_AND_IMBALANCE = """\
## Data preparation
- Standardization = rescales a feature to mean 0 and standard deviation 1.
- Normalization = rescales a feature into the range 0 to 1 with its minimum and maximum.
- SMOTE = makes new rows of the rare label between neighbouring rows.
- Random undersampling = drops some rows of the most common label.
- Class weights = make mistakes on the rare label cost more during training.
"""


def test_a_recall_item_never_offers_a_technique_of_another_family():
    """A resampling method offered against a scaling clue (or a classification metric against a regression one) is
    struck out at a glance: wrong answers of another known family of the answer's sort are never offered."""
    result = generate(parse_notes(SCALING_AND_IMBALANCE), slug="s", title="S")
    resampling = {"SMOTE", "Random undersampling", "Class weights"}
    recall = {q.concepts[0]: q for q in result.bank.questions if q.tags[0] == "recall"}
    # Three resampling methods: each is asked about among the other two.
    for term in resampling:
        assert {o.text for o in recall[term].options} == resampling, recall[term].stem
    # Two scaling methods are too few for an item of three options, and resampling methods are no fair third.
    assert "Normalization" not in recall and "Standardization" not in recall
    assert any(
        r.concepts == ("Normalization",) and r.reason == "only 2 options (3 or more are needed)"
        for r in result.rejected
    )


def test_a_scenario_takes_rivals_of_its_family_that_the_notes_describe_as_something_else():
    notes = (
        "## Text algorithms\n- Sequence-to-Sequence = turns one sequence of tokens into another. Used for "
        "translation and summarization.\n- BlazingText = fast word embeddings and sentence classification.\n"
        "- Neural Topic Model = groups documents into topics by the words they use.\n\n"
        "## Forecasting\n- DeepAR = forecasts many related time series with one recurrent network.\n"
    )
    result = generate(parse_notes(notes), slug="s", title="S")
    q = next(q for q in result.bank.questions if q.tags[0] == "scenario")
    assert q.concepts == ("Sequence-to-Sequence",)
    assert {o.text for o in q.options} == {"Sequence-to-Sequence", "BlazingText", "Neural Topic Model"}
    assert "**Neural Topic Model** — your notes say nothing of it for this need" in q.explanation


def test_side_remarks_are_no_clue_and_a_named_fact_reads_with_it():
    notes = (
        "## Algorithms\n- BlazingText = fast Word2Vec embeddings and text classification. Optimized for "
        "multi-core CPUs and GPUs.\n- Sequence-to-Sequence = turns one sequence of tokens into another.\n"
        "- Neural Topic Model = groups documents into topics by the words they use.\n"
        "- Object2Vec = learns embeddings for pairs of things. Object2Vec needs pairs labelled as related or not.\n"
    )
    result = generate(parse_notes(notes), slug="s", title="S")
    # BlazingText's defining sentence says "text" (a part of its name): only a side remark is left, so no item.
    assert not [q for q in result.bank.questions if q.tags[0] == "recall" and q.concepts == ("BlazingText",)]
    assert any(
        r.concepts == ("BlazingText",) and r.reason.startswith("only side remarks are left")
        for r in result.rejected
    )
    # A fact that names its concept reads as a clue about "it", not as a gap to fill.
    q = next(q for q in result.bank.questions if "describe-term" in q.tags and q.concepts == ("Object2Vec",))
    assert "- It needs pairs labelled as related or not." in q.stem and "_____" not in q.stem


def test_feature_store_is_a_service_and_log_transform_a_technique():
    from content.generate.types import concept_family, concept_type

    doc = parse_notes(
        "## Storage\n- SageMaker Feature Store = central place for features, with online and offline stores.\n"
        "- Amazon EFS = shared NFS file system.\n\n## Preparation\n- Log transform = compresses a long tail.\n"
        "- Batch Transform = scores a whole dataset in S3 without an endpoint.\n"
    )
    kinds = {c.term: concept_type(c) for c in doc.concepts}
    assert kinds == {
        "SageMaker Feature Store": "service",
        "Amazon EFS": "storage",
        "Log transform": "technique",
        "Batch Transform": "deployment option",
    }
    store = next(c for c in doc.concepts if c.term == "SageMaker Feature Store")
    assert concept_family(store, "service") == "data preparation"


# --- Blind review, round 11 (issue 11) ------------------------------------------------------------------------


def test_a_situation_reads_as_written_not_as_notes():
    from content.generate.scenario import _situation

    assert _situation("False negatives are costly (fraud, disease)") == (
        "In their case, false negatives are costly, for example in fraud or disease."
    )
    assert _situation("false positives are costly (spam filter)") == (
        "In their case, false positives are costly, for example in a spam filter."
    )
    assert _situation("training dataset is huge") == "In their case, the training dataset is huge."
    assert _situation("Large payloads or long processing times") == (
        "Their workload: large payloads or long processing times."
    )


def test_a_statement_item_explains_with_the_right_statement_and_offers_no_side_remark():
    blog = (Path(__file__).resolve().parents[1] / "fixtures" / "notes" / "messy-blog-notes.txt").read_text()
    bank = generate(parse_notes(blog), slug="s", title="S").bank
    statements = [q for q in bank.questions if "term-statement" in q.tags]
    assert statements
    for q in statements:
        right = next(o.text for o in q.options if o.correct)
        assert q.explanation.startswith(
            f"The right statement is “{right}”{'' if right[-1] in '.!?' else '.'} Your notes on **{q.concepts[0]}**"
            " say:"
        )
    notes = (  # as in the outline fixture
        "## Regression metrics\n- MAE = average of the absolute errors. Less affected by outliers than RMSE.\n"
        "- RMSE = square root of the mean squared error. Same unit as the target.\n"
        "- R squared = share of the variance in the target that the model explains.\n"
    )
    result = generate(parse_notes(notes), slug="s", title="S")
    # RMSE's "Same unit as the target" is true of MAE as well: it is no wrong statement, and two are too few.
    assert not any("Same unit as the target." in {o.text for o in q.options} for q in result.bank.questions)
    assert any(r.concepts == ("MAE",) and r.reason.startswith("only 2 options") for r in result.rejected)
    from content.generate.text import tidy

    assert (
        tidy("E.g. Upload CSV data and pick the column to predict")
        == "Upload CSV data and pick the column to predict"
    )


def test_a_category_line_is_no_wrong_answer_for_its_members():
    notes = (
        "## SageMaker SDKs\n- Python API libraries = import inside your code.\n"
        "- Boto3 = low-level API; one call per AWS action, import inside your code.\n"
        "- SageMaker Python SDK = high-level estimators and predictors for training and deployment.\n"
        "- AWS CLI = commands typed in a terminal or a shell script.\n"
        "- CloudFormation = templates that declare the resources of a stack.\n"
    )
    result = generate(parse_notes(notes), slug="s", title="S")
    for q in result.bank.questions:
        if q.tags[0] == "recall":
            assert "Python API libraries" not in {o.text for o in q.options if not o.correct}, q.stem
            assert "This describes Python API libraries" not in q.explanation, q.stem


# --- Blind review, round 12 (issue 11) ------------------------------------------------------------------------


def test_a_features_line_under_a_concept_is_its_fact_and_a_clue_from_far_away_is_left_out():
    blog = (Path(__file__).resolve().parents[1] / "fixtures" / "notes" / "messy-blog-notes.txt").read_text()
    doc = parse_notes(blog)
    studio = next(c for c in doc.concepts if c.term == "SageMaker Studio")
    features = next(f for f in studio.facts if f.text.startswith("Features: notebooks, experiment tracking"))
    assert blog.splitlines()[features.line - 1].startswith("Features:")
    assert not any(line.text.startswith("Features:") for line in doc.loose_lines)
    q = next(
        q
        for q in generate(doc, slug="s", title="S").bank.questions
        if q.key == make_key("describe", studio.term)
    )
    assert "Features: notebooks, experiment tracking" in q.stem
    # "Studio needs an execution role", in a troubleshooting list far below, tells it from nothing.
    assert any("execution role" in f.text for f in studio.facts)
    assert "execution role" not in q.stem


def test_a_thin_fact_is_no_clue_beside_two_telling_ones():
    notes = (
        "## Tabular algorithms\n- XGBoost = Decision tree. The max_depth parameter controls tree complexity. "
        "Increasing reg_lambda counteracts overfitting.\n- Linear Learner = linear models for classification "
        "and regression with several variants trained in parallel.\n- K-Nearest Neighbors = predicts from the "
        "k closest training points by a vote or an average.\n- Factorization Machines = supervised model for "
        "very sparse inputs like click prediction.\n"
    )
    q = next(
        q
        for q in generate(parse_notes(notes), slug="s", title="S").bank.questions
        if q.key == make_key("describe", "XGBoost")
    )
    assert "Decision tree" not in q.stem
    assert "max_depth" in q.stem and "reg_lambda" in q.stem


def test_a_statement_about_a_named_part_is_no_statement_and_a_use_stands_only_beside_uses():
    from content.generate.kinds import says_little

    assert says_little("Offline store: history in S3 for training and point-in-time queries.")
    assert not says_little("Features: notebooks, experiment tracking, debugging and pipelines in one place.")
    notes = (
        "## Endpoint features\n"
        "- Multi-model endpoint = many models behind one endpoint sharing one container. Good for thousands of "
        "similar models with low traffic each.\n"
        "- Multi-container endpoint = up to 15 different containers on one endpoint, invoked directly.\n"
        "- Inference pipeline = a chain of 2 to 15 containers that run in sequence on one request.\n"
        "- Production variants = several models behind one endpoint with traffic weights for A/B testing.\n"
    )
    result = generate(parse_notes(notes), slug="s", title="S")
    statement = make_key("statement", "Multi-model endpoint")
    assert statement not in {q.key for q in result.bank.questions}
    assert any(
        r.concepts == ("Multi-model endpoint",) and "worded as a use" in r.reason for r in result.rejected
    )


def test_a_doubled_preposition_is_written_once_and_s3_is_storage_under_a_storage_heading():
    from content.generate.text import tidy
    from content.generate.types import concept_types

    assert (
        tidy("Copies entire S3 data to onto the local EBS volume")
        == "Copies entire S3 data onto the local EBS volume"
    )
    doc = parse_notes("## Storage and modes\n- S3 = object storage.\n- EFS = shared file system.\n")
    assert concept_types(doc.concepts)["S3"] == "storage"  # not a part numbered like PC1 of "Storage"


# --- Blind review, round 13 (issue 11) ------------------------------------------------------------------------


def test_options_are_written_alike_and_quotes_are_closed():
    from content import model as m
    from content.generate.text import alike_in_form, unquoted

    written = alike_in_form(
        [
            m.Option("TF-IDF", True),
            m.Option("binning", False),
            m.Option("one-hot encoding", False),
        ]
    )
    assert [o.text for o in written] == ["TF-IDF", "Binning", "One-hot encoding"]
    written = alike_in_form(
        [
            m.Option("Oldest way to work in SageMaker: a managed Jupyter server on EC2", True),
            m.Option("Web-based IDE for the whole ML workflow.", False),
            m.Option("No-code tool for business analysts.", False),
        ]
    )
    assert [o.text[-1] for o in written] == [".", ".", "."]
    assert [o.correct for o in written] == [True, False, False]
    assert (
        unquoted('from highest to lowest spread (variance)."') == "from highest to lowest spread (variance)."
    )
    assert unquoted('He said "hi" twice') == 'He said "hi" twice'


def test_a_scenario_names_the_options_as_their_heading_does_and_explains_with_a_telling_fact():
    notes = (
        "## Unsupervised algorithms\n"
        "- K-Means = UL. Groups records around k centres. Good for customer segmentation without labels.\n"
        "- Principal Component Analysis = UL. Projects the data onto a few new axes that keep most variance.\n"
        "- Random Cut Forest = UL. Gives each record an anomaly score; a higher score is more unusual.\n"
    )
    result = generate(parse_notes(notes), slug="s", title="S")
    (q,) = [q for q in result.bank.questions if q.tags[0] == "scenario"]
    assert "unsupervised algorithm" in q.stem and "Which unsupervised algorithm fits best?" in q.stem
    # A rival's explanation quotes what it is, not the label its notes open with ("UL.").
    assert "they say: “UL.”" not in q.explanation
    assert "Projects the data onto a few new axes" in q.explanation


def test_a_clue_is_a_sentence_and_big_spaces_are_large_search_spaces():
    from content.generate.text import tidy

    assert tidy("Fastest for big spaces.") == "Fastest for large search spaces."
    notes = (
        "## Regularization\n- L1 (Lasso): pushes some weights to exactly zero -> feature selection\n"
        "- L2 (Ridge): shrinks all weights, none to zero\n- Dropout: randomly turns off neurons while training\n"
        "- Early stopping: stops when the validation loss stops improving\n"
    )
    described = [
        q
        for q in generate(parse_notes(notes), slug="s", title="S").bank.questions
        if "describe-term" in q.tags
    ]
    assert described
    for q in described:
        clues = [line for line in q.stem.splitlines() if line.startswith("- ")]
        assert clues and all(clue.endswith(".") for clue in clues), q.stem


def test_a_need_that_lists_many_uses_names_the_first_two():
    from content.generate.scenario import _first_two

    assert (
        _first_two(
            "finding hidden or unlabeled patterns, customer segmentation, risk grouping, and pattern discovery"
        )
        == "finding hidden or unlabeled patterns and customer segmentation"
    )
    assert _first_two("translations, summarization, and speech-to-text") == "translations and summarization"
    assert _first_two("large payloads, long jobs") == "large payloads, long jobs"  # two: as written
    assert _first_two("sparse data (clicks, views, and buys)") == "sparse data (clicks, views, and buys)"


# --- Blind review, round 14 (issue 11) ------------------------------------------------------------------------


def test_a_gloss_naming_a_product_is_no_term():
    doc = parse_notes(
        "Shared resources across all users:\n- Shared spaces\n- Communal IDE app (SageMaker Studio public to all "
        "users)\n- Boto3 (low-level AWS API for Python)\n"
    )
    terms = {c.term for c in doc.concepts}
    assert "Communal IDE app" not in terms and "Boto3" in terms


TUNING = """\
## Hyperparameter tuning strategies
- Bayesian optimization = uses the results so far to choose the next values to try. Needs fewer jobs than random search.
- Random search = picks values at random, so every job can run at the same time.
- Grid search = tries every combination of the listed values. Good for a few categorical hyperparameters.
- Hyperband = stops poor jobs early and gives their budget to promising ones. Fastest for big spaces.
"""


def test_stems_name_the_sort_as_an_exam_does_and_a_need_is_the_work_not_the_verdict():
    questions = generate(parse_notes(TUNING), slug="s", title="S").bank.questions
    stems = {(q.tags[0], q.concepts[0]): q.stem for q in questions}
    # Not "Which term do these notes describe?" nor "Match each term from “<heading>” to what your notes say".
    assert stems[("recall", "Hyperband")].startswith("Which tuning strategy matches this description?\n\n")
    assert (
        next(q.stem for q in questions if q.tags[0] == "match")
        == "Match each tuning strategy to its description."
    )
    # "Good for …" is what their work is; the question then asks which fits best, so the need does not say it too.
    assert "- Their workload: a few categorical hyperparameters." in stems[("scenario", "Grid search")]
    # A comparison stays one: "fastest for" is the requirement itself.
    assert (
        "- They need a tuning strategy that is fastest for large search spaces."
        in stems[("scenario", "Hyperband")]
    )


def test_a_job_option_is_no_wrong_answer_among_strategies():
    notes = TUNING + (
        "- Warm start = reuses the results of earlier tuning jobs as a starting point.\n"
        "## Distributed training\n"
        "- Data parallelism = each GPU holds a full copy of the model and trains on a slice of the batch.\n"
        "- Model parallelism = the model itself is split across GPUs.\n"
        "## Watching training\n"
        "- Checkpointing = saves model state to S3 during training.\n"
    )
    questions = generate(parse_notes(notes), slug="s", title="S").bank.questions
    strategies = [q for q in questions if q.stem.startswith("Which tuning strategy")]
    assert len(strategies) >= 3
    # Warm start is an option of a tuning job: struck out at a glance beside Hyperband or Grid search.
    assert all("Warm start" not in {o.text for o in q.options} for q in strategies)
    parallel = [q for q in questions if any("parallelism" in c for c in q.concepts)]
    assert all(
        not any("model state" in o.text or o.text == "Checkpointing" for o in q.options) for q in parallel
    )
