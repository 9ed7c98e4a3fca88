"""Generated notes for the benchmarks (`make bench`, `make loadtest`)."""

from __future__ import annotations


def notes_in_style(style: str, size: int) -> str:
    """Generated notes of about `size` bytes: tab-separated cards, one term repeated, or an outline of services
    under headings (the three shapes that were quadratic before issue 11)."""
    rows: list[str] = []
    total, i = 0, 0
    while total < size:
        if style == "cards":
            row = f"Term{i}\tDefinition number {i} about thing {i % 50} and a few more words"
        elif style == "repeated":
            row = "- Pipe mode: streams data from S3 into the training container"
        else:
            row = (f"# Area {i}\n" if i % 40 == 0 else "") + (f"## Group {i // 8}\n" if i % 8 == 0 else "")
            row += f"- Service{i} Store: keeps case {i % 7} of group {i // 8}, with detail {i * 3} and a limit of {i} GB"
        rows.append(row)
        total += len(row) + 1
        i += 1
    return "\n".join(rows)
