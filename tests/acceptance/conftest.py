"""The acceptance tier (`make acceptance`): tests on the shared seed notes and notes corpus in `../shared/`.

A user's clone has no `../shared`, so `make test` leaves this folder out; here a missing file stops the whole run
at once with one message naming what is missing, rather than failing test by test.
"""

from __future__ import annotations

from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[3] / "shared"
SEED = SHARED / "seeds" / "000_eb354626a323da08.txt"
OBSIDIAN = SHARED / "notes-corpus" / "obsidian-security.md"
OUTLINE = SHARED / "notes-corpus" / "outline-modeldev.txt"
REQUIRED = (SEED, OBSIDIAN, OUTLINE)


MISSING = [str(path) for path in REQUIRED if not path.is_file()]
if MISSING:
    # Raised while this folder is collected (whichever way pytest was started): the run stops, saying why.
    pytest.exit(
        "make acceptance needs the shared notes beside the project (../shared/); missing: "
        + ", ".join(MISSING),
        returncode=1,
    )


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")
