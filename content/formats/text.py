"""Turning uploaded or read bytes into text, the same way for notes and for bank files.

One clear error (`TextError`, with the line where the trouble starts) for input that is not text at all: larger
than 10 MB, binary (NUL bytes), or not UTF-8. A byte-order mark is dropped and line ends become `\\n`.
"""

from __future__ import annotations

from content.model import SourceError

MAX_BYTES = 10 * 1024 * 1024
BINARY = (
    "this looks like a binary file (an image, a PDF or a word-processor document), not text; "
    "save your notes as plain text (.txt or .md) and use that file"
)


class TextError(SourceError):
    """Input that cannot be read as text."""


def decode_text(data: str | bytes, source: str) -> str:
    if isinstance(data, bytes):
        if len(data) > MAX_BYTES:
            raise TextError(source, 1, "this file is larger than 10 MB; split it into smaller files")
        if b"\x00" in data:
            line = data[: data.index(b"\x00")].count(b"\n") + 1
            raise TextError(source, line, BINARY)
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError as error:
            line = data[: error.start].count(b"\n") + 1
            raise TextError(
                source, line, "this file is not UTF-8 text; save it as UTF-8 and try again"
            ) from None
    elif len(data) > MAX_BYTES:
        raise TextError(source, 1, "this text is larger than 10 MB; split it into smaller parts")
    if "\x00" in data:
        line = data[: data.index("\x00")].count("\n") + 1
        raise TextError(source, line, BINARY)
    return data.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
