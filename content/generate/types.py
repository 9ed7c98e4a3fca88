"""What sort of thing a concept is (a service, an algorithm, a storage option, a mode, a technique, a metric, a
data format, a deployment option, a rollout strategy), read from its name, its definition and its headings. Distractors are drawn
from the same sort, so that "Standardization" is not offered against "Glue Data Quality". Plain Python."""

from __future__ import annotations

import functools
import re

from content.notes import NoteConcept

OTHER = "other"  # nothing says: it may stand beside anything

# The last word of a name that says what it is.
HEADS = {
    "mode": "mode", "modes": "mode", "algorithm": "algorithm", "store": "storage", "storage": "storage",
    "metric": "metric", "score": "metric", "format": "data format", "inference": "deployment option",
    "endpoint": "deployment option", "transform": "technique", "encoding": "technique",
    "imputation": "technique", "scaling": "technique", "normalization": "technique",
    "standardization": "technique", "sampling": "technique", "oversampling": "technique",
    "undersampling": "technique", "regularization": "technique", "shifting": "rollout strategy",
    "rollback": "rollout strategy", "role": "security control", "policy": "security control",
    "overfitting": "problem", "underfitting": "problem", "imbalance": "problem", "leakage": "problem",
    "registry": "service", "deletion": "technique", "parallelism": "distribution strategy",
}  # fmt: skip
# Names that are storage, a place to work, a way to save cost or a network control, whatever heading they sit under.
STORAGE_NAME_RE = re.compile(r"\b(?:S3|EFS|EBS|FSx|Lustre|Glacier)\b")
NAME_TYPES = (
    # ("Batch Transform" only: any other "… transform" is a technique.)
    ("deployment option", re.compile(r"\bBatch Transform\b", re.I)),
    ("service", re.compile(r"\bFeature Store\b", re.I)),  # a service for features, not a storage class
    ("labeling service", re.compile(r"\bGround ?Truth\b|\bA2I\b|\bAugmented AI\b|\bMechanical Turk\b", re.I)),
    ("SDK", re.compile(r"\bSDKs?\b|\bBoto3?\b|\bAPI librar(?:y|ies)\b|\bCLI\b")),
    ("environment", re.compile(r"\b(?:Notebooks?|Studio|Canvas|Console|IDE|Jupyter\w*|JupyterLab)\b")),
    ("cost option", re.compile(r"\bSpot\b|\bSavings Plans?\b|\bReserved\b", re.I)),
    # Options of a tuning or training job, not strategies of their own: "Warm start" is no search strategy beside
    # Hyperband, nor "Checkpointing" a way to split training beside data parallelism.
    ("tuning option", re.compile(r"\bwarm start\b", re.I)),
    ("training option", re.compile(r"\bcheckpoint(?:s|ing)?\b", re.I)),
    ("security control", re.compile(r"\bVPC\b|\bPrivateLink\b|\bisolation\b|\bsecurity groups?\b", re.I)),
)
# Words of a heading (nearest first), then of the definition, that say what it is.
WORDS = (
    ("problem", r"\bproblems?\b|\bpitfalls?\b"),
    ("monitoring", r"\bmonitor(?:ing|s)?\b|\bdrift\b"),
    ("cost option", r"\bcost savings?\b|\bsaving costs?\b|\bpricing\b"),
    ("storage", r"\bstorage class\b|\bfile system\b|\bblock (?:storage|volume)\b|\bobject stor"),
    ("algorithm", r"\balgorithms?\b|\bclassif(?:y|ies|ication)\b|\bregression\b|\bclustering\b|\bforecast"
                  r"|\bsupervised\b|\bunsupervised\b|\banomaly detection\b|\btopic model|\bembedding"),
    ("metric", r"\bmetrics?\b|\bmeasures?\b|\bprecision\b|\brecall\b"),
    ("data format", r"\b(?:file )?formats?\b|\bcolumnar\b"),
    ("technique", r"\btechniques?\b|\bimput\w+|\bencod\w+|\bresampl\w+|\bfeature engineering\b"),
    ("rollout strategy", r"\bguardrails?\b|\brelease strateg|\brollouts?\b|\btraffic shift|\bshift(?:s|ing)? traffic"
                         r"|\bblue/green\b|\bcanary\b|\brollbacks?\b"),
    ("deployment option", r"\binference\b|\bdeploy\w*\b|\bendpoints?\b"),
    ("mode", r"\bmodes?\b"),
    ("security control", r"\bsecurity\b|\baccess control\b|\bencrypt\w*|\bisolation\b|\bpolic(?:y|ies)\b"),
    ("tuning strategy", r"\bhyperparameter tuning\b|\btuning strateg"),
    ("technique", r"\bpreparation\b|\bpreprocessing\b|\bimbalance\w*|\bregulari[sz]ation\b|\bscaling\b"),
    ("service", r"\bservices?\b|\bfully managed\b"),
    ("training option", r"\btraining\b"),
)  # fmt: skip
WORD_RES = tuple((kind, re.compile(pattern, re.I)) for kind, pattern in WORDS)
# AWS services named without a vendor word ("CloudTrail", "Glue"): services, whatever heading they sit under.
SERVICE_NAME_RE = re.compile(
    r"^(?:Amazon |AWS )?(?:CloudWatch|CloudTrail|EventBridge|Lambda|Glue|Athena|EMR|Redshift|Kinesis|Firehose|"
    r"Bedrock|Rekognition|Comprehend|Textract|Polly|Lex|Transcribe|Translate|QuickSight|Step Functions|SQS|SNS|"
    r"DynamoDB|KMS|Macie|GuardDuty|Lake Formation|DataBrew|Data Wrangler|MWAA|OpenSearch|Personalize|Forecast|"
    r"Kendra|Q|A2I|Augmented AI)\b"
)
# A heading "Classification" may hold metrics as well as algorithms: headings say it with the plain word.
HEADING_WORDS = {"algorithm": r"\balgorithms?\b", "metric": r"\bmetrics?\b|\bevaluation\b"}
HEADING_RES = tuple((kind, re.compile(HEADING_WORDS.get(kind, pattern), re.I)) for kind, pattern in WORDS)
# "mode" or "deploy" in a definition ("like File mode", "hub to deploy models") says little; in a heading it does.
HEADING_ONLY = {
    "mode",
    "deployment option",
    "rollout strategy",
    "problem",
    "monitoring",
    "cost option",
    "training option",
    "tuning strategy",
}
# Any of the words a definition may say its sort with (those not HEADING_ONLY): one scan before the ordered ones.
DEFINITION_WORDS_RE = re.compile("|".join(f"(?:{p})" for kind, p in WORDS if kind not in HEADING_ONLY), re.I)
NUMBERED_RE = re.compile(r"^([A-Z]{1,4})\d{1,3}$")  # PC1, L2; not Boto3
VENDOR_RE = re.compile(r"^(?:Amazon|AWS|SageMaker)\b")


# Families within a sort: a vision algorithm is a weak wrong answer where the notes describe a tabular one, and a
# resampling method where they describe a scaling one. Read from the name first, then the headings, then the
# definition; a concept of no known family stands beside any of its sort.
FAMILIES = {
    "algorithm": (
        ("vision", r"\bimage|\bobject detection\b|\bsemantic segmentation\b|\bvision\b|\bpixel|\bvideo"),
        ("text", r"\bBlazingText\b|\bSeq2Seq\b|\bsequence[- ]to[- ]sequence\b|\bword2vec\b|\btext\b|\bNTM\b|\bLDA\b"
                 r"|\btopic model|\bObject2Vec\b|\btranslat|\bsummari[sz]|\blanguage\b|\bdocuments?\b"),
        ("time series", r"\bDeepAR\b|\bforecast|\btime[- ]series\b"),
        ("unsupervised", r"\bK-?Means\b|\bPCA\b|\bprincipal component|\bRandom Cut Forest\b|\bRCF\b|\bIP Insights\b"
                         r"|\bcluster|\banomal|\boutlier|\bunsupervised\b|\bdimension"),
        ("tabular", r"\bXGBoost\b|\bLinear Learner\b|\bK-?Nearest|\bk-?NN\b|\bFactorization Machines\b|\bLightGBM\b"
                    r"|\bCatBoost\b|\bTabTransformer\b|\bAutoGluon|\btabular\b|\bregression\b|\bclassification\b"
                    r"|\brecommend|\bclick-through\b|\bboost"),
    ),
    "technique": (
        ("imputation", r"\bimput|\bMICE\b|\bmissing\b|\bdeletion\b|\bdrop (?:the )?rows?\b"),
        ("resampling", r"\bsampling\b|\boversampl|\bundersampl|\bSMOTE\b|\bsynthetic minority|\bclass weights?\b"
                       r"|\bimbalance"),
        ("scaling", r"\bstandardi[sz]|\bnormali[sz]|\bmin-max\b|\bscal(?:e|es|ing)\b|\blog transform|\bz-score"),
        ("encoding", r"\bencod|\bone-hot\b|\bbinning\b|\bbucketi[sz]|\btokeni[sz]|\bTF-IDF\b|\bn-grams?\b"
                     r"|\bbag of words\b|\bword embeddings?\b|\bfeature (?:cross|hash)"),
        ("regularization", r"\bregulari[sz]|\bdropout\b|\bearly stopping\b|^L[12]\b|\blasso\b|\bridge\b"
                           r"|\bweight decay\b"),
    ),
    "metric": (
        ("regression", r"\bRMSE\b|\bMAE\b|\bMSE\b|\bMAPE\b|\bR2\b|\bR-squared\b|\bmean (?:absolute|squared)"
                       r"|\broot mean\b|\bregression\b|\bcontinuous\b"),
        ("classification", r"\baccuracy\b|\bprecision\b|\brecall\b|\bF1\b|\bAUC\b|\bROC\b|\bspecificity\b"
                           r"|\bsensitivity\b|\bconfusion\b|\bfalse (?:positive|negative)|\bTP\b|\bTN\b"),
    ),
    "service": (
        ("foundation models", r"\bBedrock\b|\bJumpStart\b|\bfoundation models?\b|\bFMs?\b|\bHugging Face\b"),
        ("labeling", r"\bGround ?Truth\b|\bA2I\b|\bAugmented AI\b|\bMechanical Turk\b|\blabel(?:ing|ling|s)?\b"),
        ("monitoring", r"\bModel Monitor\b|\bClarify\b|\bCloudWatch\b|\bCloudTrail\b|\bDebugger\b|\bProfiler\b"
                       r"|\bmonitor|\bdrift\b|\baudit"),
        ("workspace", r"\bStudio\b|\bDomains?\b(?! \d)|\bNotebooks?\b|\bCanvas\b|\buser profiles?\b|\bJupyter|\bIDE\b"),
        ("data preparation", r"\bData Wrangler\b|\bGlue\b|\bDataBrew\b|\bFeature Store\b|\bProcessing\b|\bEMR\b"
                             r"|\bAthena\b|\bETL\b|\bfeatures?\b"),
        ("orchestration", r"\bPipelines?\b|\bStep Functions\b|\bMWAA\b|\bAirflow\b|\bEventBridge\b|\bworkflows?\b"),
        ("streaming", r"\bKinesis\b|\bFirehose\b|\bFlink\b|\bMSK\b|\bKafka\b|\bstream"),
        ("deployment", r"\bendpoints?\b|\binference\b|\bBatch Transform\b|\bNeo\b|\bInferentia\b|\bdeploy"),
        ("security", r"\bIAM\b|\bKMS\b|\bMacie\b|\bVPC\b|\bPrivateLink\b|\bSecrets Manager\b|\bencrypt"),
    ),
}  # fmt: skip
FAMILY_RES = {kind: tuple((name, re.compile(p, re.I)) for name, p in fams) for kind, fams in FAMILIES.items()}


def concept_family(concept: NoteConcept, kind: str) -> str:
    """The family within its sort (`FAMILIES`) that a concept's name, nearest heading or definition say, or ""."""
    families = FAMILY_RES.get(kind)
    if not families:
        return ""
    for text in (concept.term, concept.topic[-1] if concept.topic else "", concept.definition[:300]):
        for name, pattern in families:
            if pattern.search(text):
                return name
    return ""


def concept_types(concepts: list[NoteConcept]) -> dict[str, str]:
    """Each concept's sort (`concept_type`); numbered terms beside the whole they are parts of (PC1 and PC2 beside
    PCA under one heading) are a sort of their own."""
    wholes: dict[tuple, list[str]] = {}
    for c in concepts:
        wholes.setdefault(c.topic, []).extend((c.term, *c.aliases))
    types = {}
    for c in concepts:
        numbered = NUMBERED_RE.match(c.term)
        if numbered and any(_names_the_parts(name, numbered.group(1)) for name in wholes[c.topic]):
            types[c.term] = f"numbered {numbered.group(1).casefold()}"
        else:
            types[c.term] = concept_type(c)
    return types


def concept_type(concept: NoteConcept) -> str:
    numbered = NUMBERED_RE.match(concept.term)
    if numbered and any(_names_the_parts(h, numbered.group(1)) for h in concept.topic):
        return f"numbered {numbered.group(1).casefold()}"  # PC1, PC2 under PCA: parts of one thing, not algorithms
    words = concept.term.split()
    head = HEADS.get(words[-1].casefold()) if len(words) > 1 or concept.term.casefold() in HEADS else None
    for kind, pattern in NAME_TYPES:
        if pattern.search(concept.term):
            return kind
    if head:
        return head
    if STORAGE_NAME_RE.search(concept.term):
        return "storage"
    if SERVICE_NAME_RE.match(concept.term):
        return "service"
    if VENDOR_RE.match(concept.term):
        return "service"
    for heading in reversed(concept.topic):
        if kind := _heading_type(heading):
            return kind
    definition = concept.definition[:300]
    if not DEFINITION_WORDS_RE.search(definition):
        return OTHER  # one scan: most definitions have none of the words
    for kind, pattern in WORD_RES:
        if kind not in HEADING_ONLY and pattern.search(definition):
            return kind
    return OTHER


def _names_the_parts(heading: str, prefix: str) -> bool:
    """Whether a heading names the whole that numbered terms are parts of ("PCA" for PC1, PC2; not
    "Regularization" for L1, L2, nor "Storage" for S3: a one-letter prefix only starts an acronym)."""
    return any(
        w.startswith(prefix) and len(w) > len(prefix) and (len(prefix) > 1 or w.isupper())
        for w in re.findall(r"\b[A-Z][A-Za-z]*", heading)
    )


@functools.lru_cache(maxsize=4096)
def _heading_type(heading: str) -> str:
    """The sort a heading's words say its concepts are, or "" (worked out once per heading)."""
    return next((kind for kind, pattern in HEADING_RES if pattern.search(heading)), "")


def same_type(a: str, b: str) -> bool:
    return a == b or OTHER in (a, b)


# Last words of a section's title that make it a part of the notes, not a term ("… Architecture", "Shared resources").
SECTION_TAILS = {"architecture", "configuration", "resources", "overview", "basics", "setup", "options", "summary",
                 "introduction", "notes", "concepts", "components", "features"}  # fmt: skip


def not_a_term(concept: NoteConcept) -> bool:
    """A concept named by a section of the notes whose title is no term a question could ask for: one plain
    word ("Deployment"), two things joined ("Training and Deployment Architecture"), or a part of the notes
    ("Network Configuration")."""
    if not concept.section:
        return False
    words = concept.term.casefold().split()
    return (
        (len(words) == 1 and not re.search(r"[A-Z].*[A-Z]|\d", concept.term))
        or "and" in words
        or "&" in words
        or words[-1] in SECTION_TAILS
    )


# Things the exam treats as one a kind of the other, or as twins, so that either is also right where the notes
# describe the other: a canary or linear shift is a blue/green deployment, a multi-model endpoint is a real-time
# endpoint, NTM and LDA are both unsupervised topic models. Never offered against each other (siblings of one
# family, such as canary and linear, still are).
KIN = tuple(
    (re.compile(a, re.I), re.compile(b, re.I))
    for a, b in (
        (r"\bblue/green\b", r"\bcanary\b|^linear(?: traffic shifting)?$|\ball at once\b"),
        (r"\breal-time (?:inference|endpoint)s?\b|^real-time$", r"\bmulti-model\b|\bmulti-container\b"),
        (r"\bNTM\b|\bneural topic model\b", r"\bLDA\b|\blatent dirichlet allocation\b"),
        # A multi-container endpoint invoked serially is an inference pipeline; Data Wrangler and DataBrew are both
        # visual, no-code data preparation with hundreds of built-in transforms.
        (r"\bmulti-container\b", r"\binference pipelines?\b|\bserial inference\b"),
        (r"\bData Wrangler\b", r"\bDataBrew\b"),
    )
)


def kin(a: str, b: str) -> bool:
    ka, kb = _kin_marks(a), _kin_marks(b)
    return any((wa and pb) or (wb and pa) for (wa, pa), (wb, pb) in zip(ka, kb, strict=True))


@functools.lru_cache(maxsize=65536)
def _kin_marks(name: str) -> tuple[tuple[bool, bool], ...]:
    """For each family of `KIN`, whether `name` names its whole and whether it names its part (once per name)."""
    return tuple((bool(whole.search(name)), bool(part.search(name))) for whole, part in KIN)
