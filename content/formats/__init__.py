"""Readers and writers of question-bank formats, and the text decoding they share (plain Python, no Django)."""

from content.formats.text import MAX_BYTES, TextError, decode_text

__all__ = ["MAX_BYTES", "TextError", "decode_text"]
