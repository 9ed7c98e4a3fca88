"""The notes parser on the project's own fixtures (tests/fixtures/notes/), written in the styles learners use.

These cover, without the shared notes beside the project, every behaviour that tests/acceptance/test_shared_notes_parser.py checks on the
shared seed notes and notes corpus: a messy blog paste, an Obsidian vault page and a tab/space outline.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from content.notes import parse_notes

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "notes"
BLOG = FIXTURES / "messy-blog-notes.txt"
OBSIDIAN = FIXTURES / "obsidian-style.md"
OUTLINE = FIXTURES / "outline-style.txt"
JUNK = {"comments", "post a comment", "labels", "screenshot", "-"}


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _numbers(path: Path, prefix: str) -> list[int]:
    """The 1-based numbers of the lines of `path` that start (after indentation) with `prefix`."""
    return [n for n, text in enumerate(_read(path).splitlines(), 1) if text.strip().startswith(prefix)]


def _number(path: Path, prefix: str) -> int:
    numbers = _numbers(path, prefix)
    assert len(numbers) == 1, (prefix, numbers)
    return numbers[0]


@pytest.fixture(scope="module")
def blog():
    return parse_notes(_read(BLOG), source="messy-blog-notes.txt")


@pytest.fixture(scope="module")
def blog_terms(blog):
    return {c.term: c for c in blog.concepts}


@pytest.fixture(scope="module")
def obsidian():
    return parse_notes(_read(OBSIDIAN), source="obsidian-style.md")


@pytest.fixture(scope="module")
def obsidian_terms(obsidian):
    return {c.term: c for c in obsidian.concepts}


@pytest.fixture(scope="module")
def outline_terms():
    return {c.term: c for c in parse_notes(_read(OUTLINE)).concepts}


# --- the messy blog paste -------------------------------------------------------------------------------------


def test_run_together_definitions_become_separate_concepts(blog_terms):
    tabular = ("LightGBM", "CatBoost", "K-Nearest Neighbors", "Factorization Machines")
    unsupervised = ("Random Cut Forest", "K-Means", "Principal Component Analysis")
    assert set(tabular) | set(unsupervised) <= set(blog_terms)
    # All of one paragraph, yet each definition stops where the next `Term =` begins.
    assert {blog_terms[t].lines[0] for t in tabular} == {_numbers(BLOG, "LightGBM =")[0]}
    catboost = blog_terms["CatBoost"].definition
    assert "ordered boosting" in catboost
    assert "LightGBM" not in catboost and "K-Nearest" not in catboost
    assert "CatBoost" not in blog_terms["LightGBM"].definition
    assert blog_terms["K-Means"].definition.startswith("unsupervised clustering")
    assert "Principal Component" not in blog_terms["K-Means"].definition


def test_aliases_in_parentheses_are_split_from_the_term(blog_terms):
    assert blog_terms["K-Nearest Neighbors"].aliases == ("KNN",)
    assert blog_terms["Random Cut Forest"].aliases == ("RCF",)
    assert blog_terms["Principal Component Analysis"].aliases == ("PCA",)
    assert blog_terms["Sequence-to-Sequence"].aliases == ("Seq2Seq",)
    assert not {"K-Nearest Neighbors (KNN)", "Random Cut Forest (RCF)"} & set(blog_terms)


def test_a_paragraph_pasted_twice_is_one_concept_with_both_lines(blog, blog_terms):
    pasted = _numbers(BLOG, "LightGBM =")
    assert len(pasted) == 2  # the fixture really does paste the paragraph twice
    terms = [c.term for c in blog.concepts]
    for term in ("LightGBM", "CatBoost", "K-Nearest Neighbors", "Factorization Machines"):
        concept = blog_terms[term]
        assert terms.count(term) == 1, term
        assert concept.lines == tuple(pasted), term
        assert len({f.text for f in concept.facts}) == len(concept.facts), term
    assert blog_terms["LightGBM"].definition.count("leaf by leaf") == 1
    # The concept keeps the topic where it was first defined.
    assert blog_terms["CatBoost"].topic == ("Built-in Algorithms", "Tabular Data")


def test_a_heading_glued_to_the_end_of_a_sentence_starts_a_topic(blog, blog_terms):
    glued = _number(BLOG, "Training Job =")
    assert any(t.line == glued and t.path[-1] == "Training Input Modes" for t in blog.topics)
    job = blog_terms["Training Job"]
    assert job.definition.endswith("under the output path.")
    assert "Input Modes" not in job.definition
    assert job.topic[-1] == "Training Basics"
    modes = {c.term: c for c in blog.concepts if c.term.endswith("Mode")}
    assert set(modes) == {"File Mode", "Pipe Mode", "Fast File Mode"}
    assert all(c.topic[-1] == "Training Input Modes" for c in modes.values())


def test_siblings_sharing_a_head_word_form_a_group(blog):
    groups = {g.terms: g for g in blog.groups}
    assert ("File Mode", "Pipe Mode", "Fast File Mode") in groups
    assert groups[("File Mode", "Pipe Mode", "Fast File Mode")].topic[-1] == "Training Input Modes"


def test_numbered_items_under_a_vs_heading_form_a_comparison_group(blog, blog_terms):
    assert any(
        set(g.terms) == {"Real-Time Inference", "Batch Transform"} and "vs" in g.title for g in blog.groups
    )
    assert blog_terms["Real-Time Inference"].definition.startswith("Best for low-latency answers")
    assert blog_terms["Batch Transform"].topic[-1] == "Real-Time Inference vs. Batch Transform"


def test_a_line_ending_with_a_colon_is_a_heading(blog):
    paths = {t.path for t in blog.topics}
    assert ("Built-in Algorithms", "Tabular Data") in paths
    assert ("Built-in Algorithms", "Unsupervised") in paths
    assert not [c for c in blog.concepts if c.term in {"Tabular Data", "Unsupervised", "Troubleshooting"}]


def test_a_short_title_line_without_punctuation_is_a_heading(blog):
    by_line = {t.line: t.path for t in blog.topics}
    assert by_line[_number(BLOG, "Built-in Algorithms")] == ("Built-in Algorithms",)
    assert by_line[_number(BLOG, "Cost Savings")] == ("Cost Savings",)
    # The first line is the file's title: a topic of its own, not the parent of every other one.
    assert by_line[1] == ("ML Study Notes: 2 - SageMaker Building Blocks",)
    assert all(path[0] != by_line[1][0] for line, path in by_line.items() if line > 1)


def test_a_heading_prefix_before_a_definition_is_a_topic(blog_terms):
    # `Text & Language: BlazingText: ...` and `Forecasting: DeepAR: ...`
    assert blog_terms["BlazingText"].topic == ("Built-in Algorithms", "Text & Language")
    assert blog_terms["Sequence-to-Sequence"].topic == ("Built-in Algorithms", "Text & Language")
    assert blog_terms["DeepAR"].topic == ("Built-in Algorithms", "Forecasting")
    assert blog_terms["BlazingText"].definition.startswith("fast Word2Vec embeddings")
    assert not {"Text & Language", "Forecasting"} & set(blog_terms)


def test_junk_lines_are_never_concepts_or_loose_lines(blog):
    assert any(text.strip() in {"Comments", "Screenshot:", "-"} for text in _read(BLOG).splitlines())
    assert not [c.term for c in blog.concepts if c.term.casefold().rstrip(":") in JUNK]
    assert not [line for line in blog.loose_lines if line.text.strip(" -:").casefold() in JUNK]
    junk_lines = {n for n, t in enumerate(_read(BLOG).splitlines(), 1) if t.strip().casefold() in JUNK}
    assert not junk_lines & {line for c in blog.concepts for line in c.lines}


def test_lines_it_cannot_place_are_reported_not_dropped(blog):
    loose = {line.line: line for line in blog.loose_lines}
    number = _number(BLOG, "- Expect most questions")
    assert number in loose and loose[number].text.startswith("Expect most questions")
    assert loose[number].topic == ("SageMaker is the centre of this exam",)
    assert loose[number].reason
    assert _number(BLOG, "- A ResourceLimitExceeded error") in loose


def test_every_non_blank_line_is_used_or_reported(blog):
    used = {line for c in blog.concepts for line in c.lines}
    used |= {t.line for t in blog.topics} | {line.line for line in blog.loose_lines}
    junk_words = ("comments", "post a comment", "labels", "screenshot:", "-", "")
    for number, text in enumerate(_read(BLOG).splitlines(), 1):
        if text.strip().casefold() in junk_words:
            continue
        assert number in used, f"line {number} was dropped: {text[:60]!r}"


def test_an_arrow_after_a_phrase_means_leads_to_and_defines_nothing(blog_terms):
    assert not set(blog_terms) & {"Oldest way to work in SageMaker", "Optional", "Stopping an idle instance"}
    notebooks = blog_terms["Notebook Instances"]
    assert notebooks.definition.startswith("Oldest way to work in SageMaker → a managed Jupyter server")
    arrows = [_number(BLOG, f"- {opening}") for opening in ("Oldest way", "Optional →", "Stopping an idle")]
    assert set(arrows) <= set(notebooks.lines)


def test_an_arrow_after_a_name_defines_it(blog, blog_terms):
    assert blog_terms["Amazon FSx for Lustre"].definition.startswith("high-throughput parallel file system")
    # So does an arrow after a short name that ends in a common noun.
    assert blog_terms["Spot instances"].definition.startswith("spare EC2 capacity")
    terms = [c.term for c in blog.concepts]
    assert terms.index("Spot instances") == terms.index("Managed Spot Training") + 1


def test_a_later_sentence_naming_a_concept_adds_a_fact_to_it(blog, blog_terms):
    studio = blog_terms["SageMaker Studio"]
    number = _number(BLOG, "- Studio needs")
    assert any("execution role" in f.text and f.line == number for f in studio.facts)
    assert number in studio.lines
    assert all("execution role" not in line.text for line in blog.loose_lines)
    # The short name the notes use becomes an alias, so that questions mask it too.
    assert "Studio" in studio.aliases


def test_a_large_file_parses():
    text = _read(BLOG) * 40
    terms = {c.term for c in parse_notes(text).concepts}
    assert {c.term for c in parse_notes(_read(BLOG)).concepts} <= terms


# --- Obsidian ---------------------------------------------------------------------------------------------------


def test_obsidian_double_colon_definitions(obsidian_terms):
    assert obsidian_terms["Real-time endpoint"].definition.startswith("persistent HTTPS endpoint")
    assert obsidian_terms["Serverless Inference"].definition.startswith("endpoint with no instances")
    # Spaces around `::` are allowed.
    assert obsidian_terms["Asynchronous Inference"].definition.startswith("queues requests")


def test_obsidian_bold_bullet_definitions(obsidian_terms):
    assert obsidian_terms["Batch Transform"].definition.startswith("offline predictions")
    assert not [term for term in obsidian_terms if "*" in term]


def test_obsidian_alias_in_parentheses_and_nested_bullets(obsidian_terms):
    mme = obsidian_terms["Multi-model endpoint"]
    assert mme.aliases == ("MME",)
    nested = _number(OBSIDIAN, "- saves money")
    assert any("many small models" in f.text and f.line == nested for f in mme.facts)
    assert any("one serving container" in f.text for f in mme.facts)


def test_obsidian_numbered_items_under_a_tagged_heading(obsidian, obsidian_terms):
    for term in ("Blue/green", "Canary", "Linear", "Shadow test"):
        assert obsidian_terms[term].topic[-1] == "Release strategies", term
    assert not [t.path for t in obsidian.topics if any("#" in part for part in t.path)]


def test_obsidian_front_matter_and_callout_title_are_not_concepts(obsidian, obsidian_terms):
    assert not {"tags", "aliases", "created", "Remember"} & set(obsidian_terms)
    front_matter = set(range(1, _numbers(OBSIDIAN, "---")[1] + 1))
    assert not front_matter & {line.line for line in obsidian.loose_lines}
    assert not front_matter & {line for c in obsidian.concepts for line in c.lines}


def test_obsidian_callout_is_kept_as_a_loose_line(obsidian):
    callout = _number(OBSIDIAN, "> If traffic is spiky")
    kept = [line for line in obsidian.loose_lines if line.line == callout]
    assert kept and "serverless inference" in kept[0].text and kept[0].reason


def test_obsidian_wiki_links_become_plain_text(obsidian_terms):
    registry = obsidian_terms["Model Registry"].definition
    assert "see SageMaker Pipelines for" in registry and "[[" not in registry
    # `[[target|label]]` keeps the label.
    assert "rollback on CloudWatch alarms" in obsidian_terms["Blue/green"].definition


# --- outline ----------------------------------------------------------------------------------------------------


def test_outline_dash_definitions_under_a_heading(outline_terms):
    assert outline_terms["Mean imputation"].definition.startswith("replaces a gap with the column average")
    assert outline_terms["Row deletion"].topic == ("Missing values",)
    assert outline_terms["Normalization"].definition.startswith("rescales a feature")


def test_outline_formulas_keep_their_text_and_nested_topic(outline_terms):
    specificity = outline_terms["Specificity"]
    assert specificity.definition.startswith("TN / (TN + FP)")
    assert specificity.topic == ("Evaluation", "Classification")
    assert outline_terms["Accuracy"].definition.startswith("(TP + TN) / all predictions")
    assert outline_terms["RMSE"].topic == ("Evaluation", "Regression")


def test_outline_alias_in_parentheses(outline_terms):
    assert outline_terms["Synthetic Minority Oversampling"].aliases == ("SMOTE",)


def test_outline_qualifier_in_parentheses_is_a_fact_not_an_alias(outline_terms):
    imbalance = outline_terms["Class imbalance"]
    assert imbalance.aliases == ()
    assert any(f.text == "rare positives" for f in imbalance.facts)


def test_outline_indented_fixes_arrow_line_is_a_fact(outline_terms):
    fixes = _number(OUTLINE, "fixes ->")
    imbalance = outline_terms["Class imbalance"]
    assert any("class weights" in f.text and f.line == fixes for f in imbalance.facts)
    assert "fixes" not in {t.casefold() for t in outline_terms}


def test_outline_mixed_tab_and_space_indentation_continues_the_concept(outline_terms):
    line = _number(OUTLINE, "needed by ->")
    assert "\t    needed by" in _read(OUTLINE)  # a tab, then spaces
    standardization = outline_terms["Standardization"]
    assert line in standardization.lines
    assert any("distance-based models" in f.text for f in standardization.facts)
