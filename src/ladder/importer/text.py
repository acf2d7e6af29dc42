"""Text helpers shared by the importer's readers: Markdown inline syntax, names, ids and level headings.

Wording is kept as written; these only remove Markdown syntax (markers, escapes, wrapping emphasis)
and recognise the patterns that name a level ("…, level 3", "S3 — Title", "IC2: …") or join bullets ("OR").
"""

from __future__ import annotations

import re
import unicodedata
from typing import Optional

_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_BR = re.compile(r"<br\s*/?>", re.I)
LINK = re.compile(r"!?\[(?P<label>[^\]\n]*)\]\((?P<url>[^)\s]+)(?:\s+\"[^\"]*\")?\)")
WRAP = re.compile(r"(\*\*|__|\*|_|`)(\S.*?)\1")
SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"“(])")


def clean(text: str) -> str:
    """Markdown inline text as plain text: links as their text, escapes undone, <br> as a line break."""
    return _ESCAPE.sub(r"\1", _BR.sub("\n", LINK.sub(r"\g<label>", text))).strip()


def plain(text: str) -> str:
    """A name or heading without wrapping emphasis (**Name**) or a trailing colon."""
    text = text.strip()
    while (m := WRAP.fullmatch(text)) is not None:
        text = m.group(2).strip()
    return text[:-1].rstrip() if text.endswith(":") and len(text) > 1 else text


def slug(text: str, limit: int = 32) -> str:
    """A lower-case ASCII id fragment: 'Product/Technical Knowledge' -> 'product-technical-knowledge'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    out = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(out) > limit:
        out = out[:limit].rsplit("-", 1)[0] if "-" in out[:limit] else out[:limit]
    return out


_NUMERAL = r"(?P<n>\d{1,3}[A-Za-z]?|[IVX]{1,5})"
_CODE = r"(?P<code>[A-Z]{1,4}\d{1,2}[a-z]?)"
_LEVEL_PATTERNS = [
    # "S3 — Principal Engineer" (ladder's own export) and "IC3: Senior Engineer", "L2 - Engineer"
    (re.compile(r"(?P<id>[A-Za-z0-9][A-Za-z0-9_.\-]{0,23})\s+—\s+(?P<title>\S.*)"), False),
    (re.compile(_CODE + r"(?:\s*(?:[:–—]|\s-)\s*(?P<title>\S.*))?"), False),
    # "Level 3: Senior Engineer", "Senior Engineer, level 3", "Senior Engineer (L3)"
    (re.compile(r"(?i:level)\s+" + _NUMERAL + r"(?:\s*[:.)\-–—]\s*(?P<title>\S.*))?"), True),
    (re.compile(r"(?P<title>\S.*?)\s*(?:,|\(|[-–—:])?\s*\b(?i:level)\s+" + _NUMERAL + r"\)?"), True),
    (re.compile(r"(?P<title>\S.*?)\s*(?:\(" + _CODE + r"\)|[-–—:,]\s*" + _CODE.replace("code", "code2") + ")"), False),
]


def level_heading(text: str) -> Optional[tuple[str, str, list[str], bool]]:
    """(id, title, aliases, numbered) for a heading that names a level by number or code; None otherwise."""
    heading = plain(text)
    for pattern, numbered in _LEVEL_PATTERNS:
        m = pattern.fullmatch(heading)
        if m:
            groups = m.groupdict()
            ident = groups.get("id") or groups.get("n") or groups.get("code") or groups.get("code2")
            title = (groups.get("title") or "").strip()
            if not title:
                return ident, heading, [], numbered
            return ident, title, ([heading] if pattern is not _LEVEL_PATTERNS[0][0] else []), numbered
    return None


_CONNECTIVE = re.compile(r"\(?(and\s*/\s*or|or|and)\)?[:.]?", re.I)


def is_connective(text: str) -> bool:
    """A bullet that only joins its neighbours: 'AND/OR', 'OR', 'and'."""
    return _CONNECTIVE.fullmatch(plain(text)) is not None


def connective_word(text: str) -> str:
    """A connective bullet as one lower-case word: '(AND / OR):' -> 'and/or'."""
    return re.sub(r"\s+", "", plain(text).strip("().:").lower())
