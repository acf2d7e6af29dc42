"""libyaml's refusals in ladder's own words.

The YAML parser's wording is not ours to print: it changes between releases (PyYAML 6.0.4's
libyaml started refusing deep nesting itself, before ladder's own check), and it speaks of
"flow sequences" and "simple keys". Each refusal is matched by what it means and worded here,
with a hint; a refusal not listed still gets ladder's message, with the parser's words after it
as a detail. Tests assert these messages, never the parser's.
"""

from __future__ import annotations

# (words in the parser's problem, ladder's message, hint). The first match wins.
_PROBLEMS: tuple[tuple[str, str, str], ...] = (
    ("maximum nesting depth", "nesting deeper than {depth} levels",
     "a framework file never needs this; flatten the structure"),
    ("',' or ']'", "a [ ] list is not closed where it should be: ',' or ']' expected",
     "close the list with ']', or quote a value that contains ',', ':' or '#'"),
    ("',' or '}'", "a { } mapping is not closed where it should be: ',' or '}' expected",
     "close the mapping with '}', or quote a value that contains ',', ':' or '#'"),
    ("mapping values are not allowed", "unexpected ':' here (a value that contains ': ', or two keys on one line)",
     "quote the value, or put each key on its own line"),
    ("cannot start any token", "a character that cannot start a YAML value (such as @, ` or a tab)",
     "quote the value"),
    ("unexpected end of stream", "the file ends before a quote, bracket or value is closed",
     "close the quoted string or the bracket"),
    ("unknown escape character", "an unknown backslash escape in a double-quoted string",
     "write \\\\ for a backslash, or use single quotes"),
    ("hexdecimal number", "a \\x, \\u or \\U escape without its hexadecimal digits",
     "write \\\\ for a backslash, or use single quotes"),
    ("unicode character escape", "a \\u or \\U escape that is not a Unicode character",
     "write the character itself, or use single quotes"),
    ("'-' indicator", "a '- ' list item was expected at this indentation",
     "line up the list items, or quote a value that starts with '-'"),
    ("expected key", "a 'key: value' line was expected at this indentation",
     "check the indentation, and that each key is followed by ': '"),
    ("could not find expected ':'", "a key without ':' after it",
     "add ': ' after the key, or close the quote before it"),
    ("expected node content", "a value is missing here", "write the value, or remove the extra ',' or '-'"),
    ("alphabetic or numeric character", "an anchor (&) or alias (*) without a name",
     "quote a value that starts with & or *"),
    ("directive", "an unsupported YAML directive (a line starting with '%')", "remove the line"),
    ("tag", "an invalid tag (a value starting with '!')", "quote a value that starts with '!'"),
    ("uri", "an invalid tag (a value starting with '!')", "quote a value that starts with '!'"),
    ("incompatible yaml document", "an unsupported YAML version directive ('%YAML')", "remove the line"),
    ("<document start>", "text after the end of the document ('...' or '---')", "remove it, or quote it"),
    ("comment or line break", "unexpected text after a value", "quote the whole value"),
)

# Where the parser was, in the same terms.
_CONTEXTS: tuple[tuple[str, str], ...] = (
    ("flow sequence", "in a [ ] list"),
    ("flow mapping", "in a { } mapping"),
    ("block mapping", "in a mapping"),
    ("block collection", "in a list"),
    ("quoted scalar", "in a quoted string"),
    ("simple key", "in a key"),
    ("block scalar", "in a | or > text block"),
    ("plain scalar", "in a value"),
)

TAB_HINT = "YAML does not allow tabs for indentation; indent with spaces"


def syntax_message(problem: str | None, context: str | None, depth: int) -> tuple[str, str]:
    """ladder's (message, hint) for one of the parser's refusals."""
    lowered = (problem or "").lower()
    for words, message, hint in _PROBLEMS:
        if words.lower() in lowered:
            if "{depth}" in message:  # the same words as ladder's own depth check, which usually comes first
                return message.replace("{depth}", str(depth)), hint
            return f"invalid YAML: {message}", hint
    detail = f" (the YAML parser says: {problem})" if problem else ""
    return f"invalid YAML syntax{detail}", "check quoting, brackets and indentation around here"


def context_phrase(context: str | None) -> str:
    """Where the parser was ("in a [ ] list"), or '' when it does not say anything useful."""
    lowered = (context or "").lower()
    for words, phrase in _CONTEXTS:
        if words in lowered:
            return phrase
    return ""
