"""Reading input files as text: BOMs, UTF-8 or Windows code pages, any line ending."""

from __future__ import annotations

from pathlib import Path

from ..errors import ParseError


def decode(data: bytes, path: Path | str | None = None) -> str:
    if not data.strip():
        raise ParseError("empty file", str(path) if path else None)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16")
        return _normalise(text)
    sample = data[:4096]
    if b"\x00" in sample or _binary_share(sample) > 0.1:
        raise ParseError("not a text file (binary content)", str(path) if path else None)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    return _normalise(text)


def _binary_share(sample: bytes) -> float:
    control = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return control / max(1, len(sample))


def _normalise(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    if not text.strip():
        raise ParseError("empty file")
    return text


def read_text(path: Path) -> str:
    try:
        return decode(path.read_bytes(), path)
    except ParseError as exc:
        raise ParseError(exc.reason, str(path)) from None
