"""UNiDAYS' competency framework JSON (``content/competencies/*.json``).

The shape::

    {"title": "Engineering", "summary": "…",
     "topics": [{"title": "IT", "path": "it", "summary": "…",
                 "levels": [{"title": "n00b", "path": "n00b", "summary": "…", "criteria": ["…", …]}, …]}, …]}

Topics are either roles, each with its own levels (tracks), or skill areas of one role (areas); the shape is
the same. ``--topics tracks|areas`` decides; without it the file's summary decides when it says so plainly
("each Engineering role has …", "every topic is a role" for tracks; "each topic is a skill area", "skill
areas" for areas) and nowhere says the other; otherwise the import asks.

Mapping into the parsed form:
  title, summary          -> the framework's title and description
  --topics tracks:
    topics[i]             -> a track named by its title, its summary the track's description, id its path
    topics[i].levels[j]   -> a level on it titled exactly as the source, id "<topic path>-<level path>", its
                             summary the level's summary, its criteria the expectations (one area, unnamed);
                             levels of one path in several topics share a rank and are parallel to each other
  --topics areas:
    levels by path        -> the levels of one track (titled as the first topic has it; other titles are aliases)
    topics[i]             -> a principle headed by its title (its summary the text), and an area of each level
                             it has: the topic level's criteria its expectations, its summary the area's note
Ranks follow the order of the level paths across topics (a path first seen after another comes after it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ladder.errors import InvalidFile, Location, UsageError
from ladder.importer.frontmatter import Values
from ladder.importer.options import Options
from ladder.importer.parsed import Area, Bullet, Level, Parsed, Track, check_levels
from ladder.importer.text import slug
from ladder.load.document import Path_

TOPIC_CHOICES = ("tracks", "areas")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_TOPIC = re.compile(r"\btopics?\b", re.I)
_ROLE = re.compile(r"\broles?\b", re.I)
_AREA = re.compile(r"\b(?:skills?|areas?|categor(?:y|ies))\b", re.I)
_EACH_ROLE = re.compile(r"\b(?:each|every)\s+(?:[\w-]+\s+){0,2}?roles?\b", re.I)  # "each Engineering role"
_SKILL_AREAS = re.compile(r"\b(?:skill|competency)\s+(?:areas?|categor(?:y|ies))\b", re.I)
ASK = ("cannot tell what the topics are: pass --topics tracks (each topic is a role with its own levels) or "
       "--topics areas (each topic is a skill area of one role)")


@dataclass
class _Topic:
    """A topic as read: its title, summary, path and levels (path, title, summary, bullets, line)."""

    title: str
    summary: str
    path: str
    line: int
    levels: list[tuple[str, str, str, list[Bullet], int]] = field(default_factory=list)


def is_unidays(data: dict[str, object]) -> bool:
    """UNiDAYS' shape: topics whose items hold their own levels."""
    topics = data.get("topics")
    return isinstance(topics, list) and any(isinstance(t, dict) and "levels" in t for t in topics)


def read_unidays(values: Values, options: Options) -> Parsed:
    """A UNiDAYS competency framework into the parsed form; see the module docstring."""
    parsed = Parsed(title=values.text(("title",), "the framework's title") or None)
    summary = values.text(("summary",), "the framework's summary")
    parsed.description = [summary] if summary else []
    topics = [_topic(values, ("topics", i)) for i in range(len(values.items(("topics",), "the topics")))]
    mode = topics_mode(options, summary, values.at(("summary",) if summary else ()))
    ranks = _ranks(topics)
    check_levels(len(ranks) * (len(topics) if mode == "tracks" else 1), values.file, values.line(("topics",)))
    if mode == "tracks":
        _as_tracks(parsed, topics, ranks)
    else:
        _as_areas(parsed, topics, ranks)
    values.skip_rest((), {"title", "summary", "topics"})
    return parsed


def topics_mode(options: Options, summary: str, where: Location) -> str:
    """tracks or areas: the option, else what the summary says plainly, else ask (InvalidFile)."""
    if options.topics is not None:
        if options.topics not in TOPIC_CHOICES:
            raise UsageError(f"--topics '{options.topics}' is not a choice", "use --topics tracks or --topics areas")
        return options.topics
    said = {mode for sentence in _SENTENCE_END.split(summary) if (mode := _sentence_says(sentence))}
    if len(said) == 1:
        return said.pop()
    raise InvalidFile(ASK, where)


def _sentence_says(sentence: str) -> str | None:
    """What one sentence of the summary says the topics are: a sentence about the topics that names skills or
    areas says areas ("each topic is a skill area of one role"), else one naming roles says tracks; a sentence
    not about topics says tracks for "each … role" and areas for "skill areas"."""
    if _TOPIC.search(sentence):
        return "areas" if _AREA.search(sentence) else "tracks" if _ROLE.search(sentence) else None
    return "tracks" if _EACH_ROLE.search(sentence) else "areas" if _SKILL_AREAS.search(sentence) else None


def _topic(values: Values, path: Path_) -> _Topic:
    values.mapping(path, "each topic")
    title = values.text(path + ("title",), "the topic's title", required=True)
    topic = _Topic(title, values.text(path + ("summary",), "the topic's summary"),
                   _path(values, path, title), values.line(path))
    for j in range(len(values.items(path + ("levels",), "the topic's levels"))):
        level: Path_ = path + ("levels", j)
        values.mapping(level, "each level")
        name = values.text(level + ("title",), "the level's title", required=True)
        bullets = [Bullet(text, line) for text, line in values.texts(level + ("criteria",), "the criteria")]
        topic.levels.append((_path(values, level, name), name, values.text(level + ("summary",), "the level's "
                             "summary"), bullets, values.line(level)))
    values.skip_rest(path, {"title", "summary", "path", "levels"})
    return topic


def _path(values: Values, path: Path_, title: str) -> str:
    """The entry's path as an id fragment (from its title when it has none)."""
    given = values.get(path + ("path",))
    text = values.ident(path + ("path",), "the path") if given not in (None, "") else title
    return slug(text, 40) or slug(title, 40) or "level"


def _ranks(topics: list[_Topic]) -> dict[str, int]:
    """Level paths in order across topics: a path first seen after another comes right after it."""
    order: list[str] = []
    for topic in topics:
        previous = -1
        for path, *_ in topic.levels:
            if path not in order:
                order.insert(previous + 1, path)
            previous = order.index(path)
    return {path: rank for rank, path in enumerate(order, 1)}


def _as_tracks(parsed: Parsed, topics: list[_Topic], ranks: dict[str, int]) -> None:
    """Each topic a track of its own levels; one path in several topics is one rank, parallel."""
    same: dict[str, list[Level]] = {}
    for topic in topics:
        track = Track(topic.title, [topic.summary] if topic.summary else [], topic.path)
        parsed.tracks.append(track)
        for path, title, summary, bullets, line in topic.levels:
            level = Level(f"{topic.path}-{path}", title, track, line, rank=ranks[path])
            level.summary = [summary] if summary else []
            level.areas = [Area(None, line, bullets)] if bullets else []
            parsed.levels.append(level)
            same.setdefault(path, []).append(level)
    for levels in same.values():
        for level in levels:
            level.parallel = [other.wanted for other in levels if other.track is not level.track]


def _as_areas(parsed: Parsed, topics: list[_Topic], ranks: dict[str, int]) -> None:
    """The levels by path on one track; each topic a principle and an area of every level it has."""
    track = parsed.track(None)
    levels: dict[str, Level] = {}
    for path, rank in sorted(ranks.items(), key=lambda item: item[1]):
        title = next(t for topic in topics for p, t, *_ in topic.levels if p == path)
        line = next(line for topic in topics for p, *_, line in topic.levels if p == path)
        levels[path] = Level(path, title, track, line, rank=rank)
        parsed.levels.append(levels[path])
    for topic in topics:
        if topic.summary:
            parsed.principles.append((topic.title, topic.summary))
        for path, title, summary, bullets, line in topic.levels:
            level = levels[path]
            if title != level.title and title not in level.aliases:
                level.aliases.append(title)
            if bullets:
                level.areas.append(Area(topic.title, line, bullets, [summary] if summary else []))
            elif summary:
                level.notes.append(f"{topic.title}: {summary}")
