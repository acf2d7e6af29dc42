"""Text helpers shared by the importer's readers: Markdown inline syntax, names, ids and level headings.

Wording is kept as written; these only remove Markdown syntax (markers, escapes, wrapping emphasis)
and recognise the patterns that name a level ("…, level 3", "S3 — Title", "IC2: …") or join bullets ("OR").
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import cast

# What ladder validate refuses in text (loader._CONTROL): every control character but tab and line feed.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_BR = re.compile(r"<br\s*/?>", re.I)
WRAP = re.compile(r"(\*\*|__|\*|_|`)(\S.*?)\1")
SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"“(])")


def clean(text: str) -> str:
    """Markdown inline text as plain text: links as their text, escapes undone, <br> as a line break."""
    pieces, last = [], 0
    for start, end, label, _ in _link_spans(text):
        pieces += [text[last:start], label]
        last = end
    pieces.append(text[last:])
    return _ESCAPE.sub(r"\1", _BR.sub("\n", "".join(pieces))).strip()


def links(text: str) -> list[tuple[str, str]]:
    """(label, url) of every Markdown link and image in the text, in order."""
    return [(label, url) for _, _, label, url in _link_spans(text)]


# A link is what the regex  !?\[(?P<label>[^\]\n]*)\]\((?P<url>[^)\s]+)(?:\s+"[^"]*")?\)  finds, but that regex
# rescans the rest of the line from every '[' (30,000 '[' took 13 s), so links are found by the scan below instead.
_LABEL_END = re.compile(r"[\]\n]")
_URL_END = re.compile(r"[)\s]")
_NON_SPACE = re.compile(r"\S")
_QUOTE = re.compile(r'"')


class _Next:
    """Where a pattern next matches at or after a position, for positions that never go back: each stretch of
    text is searched once, so a whole scan stays linear however many candidates share a stretch."""

    def __init__(self, pattern: re.Pattern[str], text: str) -> None:
        self.pattern, self.text, self.start, self.found = pattern, text, 0, -1

    def __call__(self, pos: int) -> int:
        """The index of the next match at or after pos; len(text) when there is none."""
        if not self.start <= pos <= self.found:
            m = self.pattern.search(self.text, pos)
            self.start, self.found = pos, m.start() if m else len(self.text)
        return self.found


def _link_spans(text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, label, url) of each link, left to right and not overlapping, as the regex above finds them.

    A label runs from '[' to the first ']' (no line break in between), so every '[' before that ']' ends its
    label there too: when one fails, they all fail, and the scan goes on after the ']'.
    """
    if "](" not in text:
        return []
    label_end, url_end = _Next(_LABEL_END, text), _Next(_URL_END, text)
    title_start, title_end = _Next(_NON_SPACE, text), _Next(_QUOTE, text)
    n, pos, out = len(text), 0, []
    while (opening := text.find("[", pos)) != -1:
        if _escaped(text, opening):  # CommonMark: "\[" is a literal '[' (ladder's export writes data so)
            pos = opening + 1
            continue
        close = label_end(opening + 1)
        if close == n or text[close] != "]" or not text.startswith("(", close + 1):
            pos = close
            continue
        url = url_end(close + 2)
        end = None
        if close + 2 < url < n:
            if text[url] == ")":
                end = url + 1
            elif text[(quote := title_start(url)):quote + 1] == '"':
                closing = title_end(quote + 1)
                end = closing + 2 if text.startswith(")", closing + 1) else None
        if end is None:
            pos = close + 1
            continue
        start = opening - 1 if opening > pos and text[opening - 1] == "!" else opening
        out.append((start, end, text[opening + 1:close], text[close + 2:url]))
        pos = end
    return out


def _escaped(text: str, at: int) -> bool:
    """Whether the character at ``at`` follows an odd number of backslashes (each run is read once: linear)."""
    start = at
    while start and text[start - 1] == "\\":
        start -= 1
    return (at - start) % 2 == 1


@functools.lru_cache(maxsize=65_536)  # the readers ask again about the same heading or name
def plain(text: str) -> str:
    """A name or heading without wrapping emphasis (**Name**) or a trailing colon."""
    text = text.strip()
    if "\n" not in text:  # WRAP's '.' stops at a line break: emphasis never wraps more than one line
        text = _unwrap(text)
    return text[:-1].rstrip() if text.endswith(":") and len(text) > 1 else text


def _unwrap(text: str) -> str:
    """text (stripped, one line) with wrapping emphasis peeled off layer by layer, as repeated
    ``WRAP.fullmatch(text).group(2).strip()`` would, but by index: no copy per layer, so a word inside 20,000
    '*' is linear rather than quadratic. WRAP tries **, __, *, _ and ` in that order, and the text inside must
    start with a non-space."""
    i, j = 0, len(text)
    while j - i >= 3 and (mark := text[i]) in "*_`" and text[j - 1] == mark:
        if mark != "`" and j - i >= 5 and text[i + 1] == mark == text[j - 2] and not text[i + 2].isspace():
            i, j = i + 2, j - 2
        elif not text[i + 1].isspace():
            i, j = i + 1, j - 1
        else:
            break
        while text[j - 1].isspace():  # the inner text starts with a non-space: only its end can need a strip
            j -= 1
    return text[i:j]


def slug(text: str, limit: int = 32) -> str:
    """A lower-case ASCII id fragment: 'Product/Technical Knowledge' -> 'product-technical-knowledge'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    out = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(out) > limit:
        out = out[:limit].rsplit("-", 1)[0] if "-" in out[:limit] else out[:limit]
    return out


_NUMERAL = r"(?P<n>\d{1,3}[A-Za-z]?|[IVX]{1,5})"
_CODE_TEXT = r"[A-Z]{1,4}\d{1,2}[a-z]?"
_CODE = rf"(?P<code>{_CODE_TEXT})"
# The title before "…, level 3" or "… (E5)": the shortest one, so it never ends in a space (the space would go to
# the \s* after it). Written as ending in \S, and with one \s* where there were two around an optional
# separator, each title length is tried once per run of spaces: "\S.*?" with two \s* tried every split of every
# run (cubic: 1,000 spaces in a heading took 13 s).
_TITLE = r"(?P<title>\S(?:.*?\S)??)"
_CODE_AT_END = re.compile(rf"(?:\({_CODE_TEXT}\)|[\s\-–—:,]{_CODE_TEXT})\Z")


def _ends_in_level(heading: str) -> bool:
    """'level' and then one more word end the heading (a quick test before the pattern for "…, level 3")."""
    words = heading.rsplit(None, 1)
    return len(words) == 2 and words[0][-5:].lower() == "level"


def _ends_in_code(heading: str) -> bool:
    """A code such as (E5) or '- IC2' ends the heading (a quick test before the pattern for "… (E5)")."""
    return _CODE_AT_END.search(heading[-10:]) is not None


# (pattern, numbered, quick test): the two patterns with a title before the number or code scan the whole heading,
# so they are tried only on a heading that ends the right way.
_LEVEL_PATTERNS = [
    # "S3 — Principal Engineer" (ladder's own export) and "IC3: Senior Engineer", "L2 - Engineer"
    (re.compile(r"(?P<id>[A-Za-z0-9][A-Za-z0-9_.\-]{0,79})\s+—\s+(?P<title>\S.*)"), False, None),
    (re.compile(_CODE + r"(?:\s*(?:[:–—]|\s-)\s*(?P<title>\S.*))?"), False, None),
    # "Level 3: Senior Engineer", "Senior Engineer, level 3", "Senior Engineer (L3)"
    (re.compile(r"(?i:level)\s+" + _NUMERAL + r"(?:\s*[:.)\-–—]\s*(?P<title>\S.*))?"), True, None),
    (re.compile(_TITLE + r"\s*(?:[,(\-–—:]\s*)?\b(?i:level)\s+" + _NUMERAL + r"\)?"), True, _ends_in_level),
    (re.compile(_TITLE + r"\s*(?:\(" + _CODE + r"\)|[-–—:,]\s*" + _CODE.replace("code", "code2") + ")"), False,
     _ends_in_code),
]


def level_heading(text: str, literal: bool = False) -> tuple[str, str, list[str], bool] | None:
    """(id, title, aliases, numbered) for a heading that names a level by number or code; None otherwise.
    ``literal``: the text is plain already (a final ':' or '*' is part of it)."""
    found = _level_heading(text, literal)
    return None if found is None else (found[0], found[1], list(found[2]), found[3])


@functools.lru_cache(maxsize=65_536)  # the readers ask about each heading several times
def _level_heading(text: str, literal: bool = False) -> tuple[str, str, tuple[str, ...], bool] | None:
    heading = text.strip() if literal else plain(text)
    for k, (pattern, numbered, quick_test) in enumerate(_LEVEL_PATTERNS):
        m = pattern.fullmatch(heading) if quick_test is None or quick_test(heading) else None
        if m:
            groups = m.groupdict()
            # each pattern has one of these groups outside any optional part, so a match always sets one
            ident = cast(str, groups.get("id") or groups.get("n") or groups.get("code") or groups.get("code2"))
            title = (groups.get("title") or "").strip()
            if not title:
                return ident, heading, (), numbered
            return ident, title, ((heading,) if k else ()), numbered
    return None


_CONNECTIVE = re.compile(r"\(?(and\s*/\s*or|or|and)\)?[:.]?", re.I)


def is_connective(text: str) -> bool:
    """A bullet that only joins its neighbours: 'AND/OR', 'OR', 'and'."""
    return _CONNECTIVE.fullmatch(plain(text)) is not None


def connective_word(text: str) -> str:
    """A connective bullet as one lower-case word: '(AND / OR):' -> 'and/or'."""
    return re.sub(r"\s+", "", plain(text).strip("().:").lower())


# Words that make a heading or column title name a level ("Senior Designer", "Staff Engineer", "Team Lead").
_LEVEL_WORDS = re.compile(
    r"\b(?:intern|apprentice|trainee|graduate|junior|jr|associate|entry|mid|mid-level|intermediate|medior|senior|sr"
    r"|staff|principal|distinguished|fellow|lead|head|chief|director|manager|vp|vice president|architect|expert"
    r"|specialist|novice|beginner|advanced|master|practitioner|executive|journeyman|journeyperson)\b", re.I)
# A role and a rank: "Engineer II", "Developer 1", "Contributor I", "Grade 3", "Band B2"
_ROLE_RANK = re.compile(r"\b[A-Za-z][\w-]*\s+(?:[IVX]{1,4}|\d{1,2})\Z|\b(?:grade|band|tier|step|rank)\s+\w{1,3}\Z",
                        re.I)
_NOT_A_LEVEL = re.compile(r"(?:(?:all|every|each|any|other|our|the|career|management|engineering)\s+levels?|levels)"
                          r"\b.*|.*\blevels\b.*|.*\?", re.I)


@functools.lru_cache(maxsize=65_536)
def names_level(text: str) -> bool:
    """Whether a heading or column title names a level: a code (L3, IC2, M1, D4), 'Level 3', a role with a
    rank ('Engineer II') or a level word ('Senior', 'Staff', 'Lead'). 'All Levels', 'Levels' and questions
    do not."""
    title = plain(text)
    if not title or len(title) > 120:
        return False
    if level_heading(title) is not None:
        return True
    if _NOT_A_LEVEL.fullmatch(title):
        return False
    return bool(_LEVEL_WORDS.search(title) or _ROLE_RANK.search(title))


def not_a_level(text: str) -> bool:
    """'All Levels', 'Career levels', a question: headings about levels that are not one."""
    return _NOT_A_LEVEL.fullmatch(plain(text)) is not None and level_heading(text) is None


_CODE_NUMBER = re.compile(r"[A-Za-z]{1,4}(\d{1,2})[a-z]?")


def code_number(ident: str) -> int | None:
    """The number in a level code: 'IC3' -> 3, 'M4' -> 4; None for anything else."""
    m = _CODE_NUMBER.fullmatch(ident)
    return int(m.group(1)) if m else None
