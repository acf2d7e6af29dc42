"""A job family of the Financial Times' engineering-progression tool (``data/job-families/*.yml``).

The shape::

    name: Engineering                       # the family
    summary: "…"
    levels:      [{id: junior, name: Junior Engineer}, …]
    themes:      [{id: communication, name: Communication, summary: "…"}, …]
    competencies:
      - {id: …, level: junior, theme: communication, summary: "…", proficiency: Awareness}

Mapping into the parsed form (the same for every family: only the levels and themes differ):
  name, summary              -> the framework's title and description
  levels[i]                  -> a level titled ``name`` exactly, id ``id``, ranked by position. A parenthetical
                                that partitions levels ("Senior 2 (Individual Contributor)" and "Senior 2 (People
                                Manager)": one name, two or more qualifiers) makes tracks: each qualifier a track
                                named by it; the variants of one level share a rank and are parallel to each
                                other; every other level is on a track named after the family
  themes[j]                  -> a principle headed by the theme's name, its summary the text; and the area of
                                that name in each level that has a competency of the theme (in theme order)
  competencies[k].summary    -> one expectation (verbatim) in its level's area of its theme
  competencies[k].proficiency -> "Proficiency: X", a note of that area
Other top-level text (``googleSheetId``) is recorded as the tool's metadata, not placed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ladder.errors import listing
from ladder.importer.frontmatter import Values
from ladder.importer.parsed import Area, Bullet, Level, Parsed, check_levels
from ladder.importer.text import slug
from ladder.load.document import Path_


@dataclass
class _Theme:
    name: str
    index: int
    areas: dict[int, Area] = field(default_factory=dict)  # id(level) -> the theme's area in that level


def is_ft(data: dict[str, object]) -> bool:
    """FT's shape: a list of levels and a list of competencies (themes are checked when read)."""
    return isinstance(data.get("levels"), list) and "competencies" in data


def read_ft(values: Values) -> Parsed:
    """An FT job family into the parsed form; see the module docstring."""
    parsed = Parsed(title=values.text(("name",), "the job family's name") or None)
    summary = values.text(("summary",), "the job family's summary")
    parsed.description = [summary] if summary else []
    levels = _levels(values, parsed)
    themes = _themes(values, parsed)
    for k in range(len(values.items(("competencies",), "the competencies"))):
        _competency(values, ("competencies", k), levels, themes)
    order = {id(area): theme.index for theme in themes.values() for area in theme.areas.values()}
    for level in parsed.levels:
        level.areas.sort(key=lambda area: order[id(area)])
    values.skip_rest((), {"name", "summary", "levels", "themes", "competencies"})
    return parsed


def _levels(values: Values, parsed: Parsed) -> dict[str, Level]:
    """The levels by the source's id, on their tracks, with ranks and parallel variants."""
    entries = values.items(("levels",), "the levels")
    check_levels(len(entries), values.file, values.line(("levels",)))
    main = parsed.track(parsed.title)
    by_id: dict[str, Level] = {}
    read: list[tuple[Level, str | None, str | None]] = []  # level, base name, qualifier
    for i in range(len(entries)):
        path: Path_ = ("levels", i)
        values.mapping(path, "each level")
        source_id = values.ident(path + ("id",), "the level's id")
        if source_id in by_id:
            values.fail(path + ("id",), f"two levels have the id '{source_id}'", "give each level its own id")
        title = values.text(path + ("name",), "the level's name", required=True)
        level = by_id[source_id] = Level(slug(source_id, 60) or f"level-{i + 1}", title, main, values.line(path))
        read.append((level, *_qualified(title)))
        parsed.levels.append(level)
    _split_variants(parsed, read)
    return by_id


def _qualified(title: str) -> tuple[str, str] | tuple[None, None]:
    """'Senior 2 (People Manager)' -> ('Senior 2', 'People Manager'); (None, None) without a final parenthetical."""
    base, _, rest = title.rpartition("(")
    qualifier = rest[:-1].strip() if rest.endswith(")") else ""
    if not base.strip() or not qualifier or ")" in qualifier:
        return None, None
    return base.strip(), qualifier


def _split_variants(parsed: Parsed, read: list[tuple[Level, str | None, str | None]]) -> None:
    """Qualifiers that partition one level name into variants make tracks; ranks by position, shared by variants."""
    variants: dict[str, list[Level]] = {}
    for level, base, _ in read:
        if base is not None:
            variants.setdefault(base.casefold(), []).append(level)
    qualifiers = {id(level): qualifier for level, _, qualifier in read}
    rank, ranked = 0, dict[int, int]()
    for level, base, _ in read:
        group = variants.get(base.casefold(), []) if base is not None else []
        if len({(qualifiers[id(lvl)] or "").casefold() for lvl in group}) < 2:
            group = [level]
        key = id(group[0])
        if key not in ranked:
            rank += 1
            ranked[key] = rank
        level.rank = ranked[key]
        if len(group) > 1:
            level.track = parsed.track(qualifiers[id(level)])
            level.parallel = [lvl.wanted for lvl in group if lvl is not level]


def _themes(values: Values, parsed: Parsed) -> dict[str, _Theme]:
    """The themes by id; each one's summary a principle under its name."""
    themes: dict[str, _Theme] = {}
    for j in range(len(values.items(("themes",), "the themes"))):
        path: Path_ = ("themes", j)
        values.mapping(path, "each theme")
        theme_id = values.ident(path + ("id",), "the theme's id")
        name = values.text(path + ("name",), "the theme's name", required=True)
        summary = values.text(path + ("summary",), "the theme's summary")
        if summary:
            parsed.principles.append((name, summary))
        themes.setdefault(theme_id, _Theme(name, j))
    return themes


def _competency(values: Values, path: Path_, levels: dict[str, Level], themes: dict[str, _Theme]) -> None:
    """One competency: an expectation in its level's area of its theme, its proficiency a note of that area."""
    values.mapping(path, "each competency")
    level_id = values.ident(path + ("level",), "the competency's level")
    theme_id = values.ident(path + ("theme",), "the competency's theme")
    if level_id not in levels:
        values.fail(path + ("level",), f"the competency names the level '{level_id}', which 'levels' does not have",
                    f"use one of the level ids: {listing(levels)}")
    if theme_id not in themes:
        values.fail(path + ("theme",), f"the competency names the theme '{theme_id}', which 'themes' does not have",
                    f"use one of the theme ids: {listing(themes)}")
    level, theme = levels[level_id], themes[theme_id]
    summary = values.text(path + ("summary",), "the competency's summary")
    proficiency = values.text(path + ("proficiency",), "the competency's proficiency")
    note = f"Proficiency: {proficiency}"
    if not summary:  # an area needs an expectation: the proficiency alone is a note of the level
        if proficiency:
            level.notes.append(f"{theme.name}: {note}")
        return
    area = theme.areas.get(id(level))
    if area is None:
        area = theme.areas[id(level)] = Area(theme.name, values.line(path))
        level.areas.append(area)
    area.bullets.append(Bullet(summary, values.line(path + ("summary",))))
    if proficiency and note not in area.notes:
        area.notes.append(note)
