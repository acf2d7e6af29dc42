"""Markdown output: the one rule for text from a file (``markdown_text``), and the few shapes renderers make
around such text (a code span, a link).

Every field from a file goes through ``markdown_text`` once, so raw HTML, images, links of any scheme,
headings, lists and tables in data are shown as text and never become markup. CommonMark undoes each
backslash before ASCII punctuation, so the rendered text, and `ladder import` reading the Markdown back,
give the text exactly (line breaks and tabs aside: they are folded to spaces).
"""

from __future__ import annotations

import re

from ladder.errors import _CONTROLS

# Characters that can open or close markup anywhere in a line: escapes, code, emphasis, links and images,
# HTML and autolinks, tables, strikethrough; and '&' where it could start an entity (&amp; &#60; &#x3c;).
_INLINE = re.compile(r"([\\`*_\[\]<>|~]|&(?=[#A-Za-z0-9]))")


# What opens a block at the start of a line (headings, list items, quotes, setext underlines, breaks), and
# '!' so a field never starts as an image either, and ':' so it never starts a line '::' (a GitHub workflow
# command when the Markdown is printed in a CI log). A number is a list marker only with a space after it.
_LINE_START = re.compile(r"([#+\-=>!:])|(\d{1,9})([.)])(?= |\Z)")


_SPACE = str.maketrans({"\n": " ", "\r": " ", "\t": " "})


_URL = re.compile(r"https?://[^\s<>]+\Z")


def markdown_text(text: object) -> str:
    """Text from a file as Markdown that reads as that text and nothing else: one line (line breaks and tabs
    folded to spaces, surrounding spaces dropped), control, bidi and invisible characters shown as escapes
    (``\\u202e``), and every character that could start markup backslash-escaped (some only where they
    would: at the start, a number as a list marker, '#'s closing a heading, '&' opening an entity)."""
    value = _INLINE.sub(r"\\\1", str(text).translate(_SPACE).strip(" ").translate(_CONTROLS))
    closing = len(value) - len(value.rstrip("#"))
    if closing and value[-closing - 1:-closing] == " ":  # 'x ##' ends a heading: its '#'s would vanish
        value = f"{value[:-closing]}\\{value[-closing:]}"
    start = _LINE_START.match(value)
    if start is None:
        return value
    mark = f"\\{start.group(1)}" if start.group(1) else f"{start.group(2)}\\{start.group(3)}"
    return mark + value[start.end():]


def markdown_code(text: object) -> str:
    """An id from a file as a code span (```a1```); as escaped text when a backtick or '|' would end it early."""
    value = str(text).translate(_SPACE).strip(" ").translate(_CONTROLS)
    if not value or "`" in value or "|" in value:
        return markdown_text(value)
    return f"`{value}`"


def markdown_link(label: object, url: object) -> str:
    """A link the renderer makes: only to a web address (http or https, no spaces or angle brackets in it);
    any other URL is shown as text after its label."""
    address = str(url)
    if _URL.match(address) and address == address.translate(_CONTROLS):
        return f"[{markdown_text(label)}]({address.replace('(', '%28').replace(')', '%29')})"
    return f"{markdown_text(label)} ({markdown_text(address)})"
