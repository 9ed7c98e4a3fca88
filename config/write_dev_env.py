"""Write the local development settings file (`.env`) that `make run` relies on; never overwrite one.

Run as `python3 config/write_dev_env.py .env`. It holds DJANGO_DEBUG=1 and a generated secret key (reusing the
key of `.dev-secret-key`, which earlier versions wrote, so existing sessions stay valid). Settings read it when it
exists (config/env.py); production has no such file and keeps its safe defaults.
"""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

TEMPLATE = """\
# Local development settings, written by `make run` and read by config/settings.py (git-ignored).
# Never use this file in production. Delete it to get a new secret key. Variables set in the
# environment win over these.
DJANGO_DEBUG=1
DJANGO_SECRET_KEY={key}
"""


def main(target: str) -> int:
    path = Path(target)
    if path.exists():
        return 0
    legacy = path.with_name(".dev-secret-key")
    key = legacy.read_text().strip() if legacy.is_file() else ""
    path.write_text(TEMPLATE.format(key=key or secrets.token_urlsafe(50)))
    os.chmod(path, 0o600)
    print(f"Wrote {path}: development settings (debug on, a generated secret key).")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else ".env"))
