"""Small banks built from the shared dataclasses, for tests that should not depend on the file parser."""

from __future__ import annotations

from dataclasses import replace

from content import model as m


def single(key: str = "q-single", topic: str = "Input modes", domain: int = 1, **kw) -> m.Question:
    return m.Question(
        key=key,
        type=m.SINGLE,
        stem=kw.pop("stem", "Which input mode streams objects as files on demand?"),
        topic=topic,
        domain=domain,
        options=kw.pop(
            "options",
            (
                m.Option("File mode", False, "Copies everything first."),
                m.Option("Fast File mode", True, "Streams on demand."),
                m.Option("Pipe mode", False, "A FIFO, not files."),
                m.Option("Amazon EFS", False, "A file system."),
            ),
        ),
        explanation=kw.pop("explanation", "Fast File mode presents S3 objects as files."),
        **kw,
    )


def multiple(key: str = "q-multiple", topic: str = "Storage", domain: int = 1) -> m.Question:
    return m.Question(
        key=key,
        type=m.MULTIPLE,
        stem="Which two storage services need a VPC for training? (Choose TWO.)",
        topic=topic,
        domain=domain,
        options=(
            m.Option("FSx for Lustre", True, "Needs subnets."),
            m.Option("Amazon EFS", True, "Needs mount targets."),
            m.Option("Amazon S3", False, "Reached over endpoints."),
            m.Option("S3 Express One Zone", False, "An S3 storage class."),
            m.Option("Amazon ECR", False, "Stores images."),
        ),
        explanation="FSx for Lustre and EFS are reached inside a VPC.",
    )


def ordering(key: str = "q-ordering", topic: str = "Deployment", domain: int = 3) -> m.Question:
    return m.Question(
        key=key,
        type=m.ORDERING,
        stem="Put the deployment steps in order.",
        topic=topic,
        domain=domain,
        steps=(
            "Upload model.tar.gz to S3",
            "Push the image to ECR",
            "Create the model",
            "Create the endpoint",
        ),
        explanation="Artifacts and image first, then model, then endpoint.",
    )


def matching(key: str = "q-matching", topic: str = "Algorithms", domain: int = 2) -> m.Question:
    return m.Question(
        key=key,
        type=m.MATCHING,
        stem="Match each algorithm to its use.",
        topic=topic,
        domain=domain,
        pairs=(
            m.Pair("Random Cut Forest", "Anomaly detection"),
            m.Pair("DeepAR", "Time-series forecasting"),
            m.Pair("BlazingText", "Text classification"),
        ),
        explanation="Each algorithm has one main use.",
    )


def case_study(key: str = "q-case", topic: str = "Deployment", domain: int = 3) -> m.Question:
    return m.Question(
        key=key,
        type=m.CASE_STUDY,
        stem="A retailer forecasts demand for 5,000 products every night.",
        topic=topic,
        domain=domain,
        parts=(
            single(
                key=f"{key}-infra", topic=topic, domain=domain, stem="Which input mode should training use?"
            ),
            single(
                key=f"{key}-serve",
                topic=topic,
                domain=domain,
                stem="How should the nightly predictions be made?",
                options=(
                    m.Option("Batch transform", True, "Whole data set, no endpoint."),
                    m.Option("Real-time endpoint", False, "Always on."),
                    m.Option("Serverless inference", False, "For intermittent requests."),
                    m.Option("Asynchronous inference", False, "For large single payloads."),
                ),
                explanation="Batch transform scores a whole data set offline.",
            ),
        ),
    )


def sample_bank(slug: str = "sample", **kw) -> m.Bank:
    questions = kw.pop("questions", (single(), multiple(), matching(), ordering(), case_study()))
    return m.Bank(
        slug=slug,
        title=kw.pop("title", "Sample bank"),
        exam="MLA-C01",
        domains=(
            m.Domain(1, "Data Preparation for ML", 28),
            m.Domain(2, "ML Model Development", 26),
            m.Domain(3, "Deployment and Orchestration", 22),
            m.Domain(4, "Monitoring and Security", 24),
        ),
        topics=tuple(
            m.Topic(t, d)
            for t, d in (("Input modes", 1), ("Storage", 1), ("Algorithms", 2), ("Deployment", 3))
        ),
        questions=tuple(questions),
        **kw,
    )


def with_stem(question: m.Question, stem: str) -> m.Question:
    return replace(question, stem=stem)


def many_singles(n: int, topic: str = "Input modes", domain: int = 1) -> tuple[m.Question, ...]:
    return tuple(
        single(
            key=f"gen-{i:05d}",
            topic=topic,
            domain=domain,
            stem=f"Generated question number {i}?",
            options=(
                m.Option(f"Right {i}", True),
                m.Option(f"Wrong a {i}", False),
                m.Option(f"Wrong b {i}", False),
                m.Option(f"Wrong c {i}", False),
            ),
            explanation=f"Because {i}.",
        )
        for i in range(n)
    )


def exam_bank(per_domain: int = 30) -> m.Bank:
    """A bank big enough for the built-in mock exams: `per_domain` single-choice questions in each of the four
    domains, and the sample case study (2 parts, domain 3)."""
    topics = ("Input modes", "Algorithms", "Deployment", "Storage")
    singles = [
        single(key=f"d{domain}-{i}", topic=topic, domain=domain, stem=f"Question {i} of domain {domain}?")
        for domain, topic in enumerate(topics, start=1)
        for i in range(per_domain)
    ]
    return sample_bank(slug="exam", questions=(*singles, case_study()))


# Notes with a comparison group, cues for a scenario, and two storage concepts (tests of generation and review).
MODES_NOTES = """\
## Input modes
- File Mode = copies the whole data set to the instance's volume before training. Slow to start when the dataset is very large.
- Pipe Mode = streams records from S3 through a FIFO, nothing kept on local disk. AWS now recommends a newer mode instead.
- Fast File Mode = reads S3 objects only as the script opens them. Best for large datasets when training must start at once. Works best with sequential reads.

## Shared storage
- Amazon EFS = an elastic NFS file system that many training instances can mount at the same time.
- FSx for Lustre = a parallel file system with hundreds of GB/s of throughput, linked to an S3 bucket.
- Amazon EBS = a block volume attached to one instance at a time.
"""
