"""Ranks across tracks and cumulative levels, as the source says them or the options decide.

A level's rank comes from the source: ladder's own export (``*Rank 3.*``), the number in the level codes of a
track (IC3, M3: each track's codes, so M3 sits beside IC3), a position in a table or list, or ``--parallel``
(A=B puts level A at B's rank; the levels after A on its track follow it). Never is each track counted from 1
unless ``--rank-from order`` says so: with several tracks and no rank in the source, import asks.
"""

from __future__ import annotations

import itertools
import re

from ladder.errors import InvalidFile, Location, UsageError
from ladder.importer.options import Options
from ladder.importer.parsed import Level, Parsed
from ladder.importer.text import code_number, plain

# What a source says when each level adds to the ones before it.
_CUMULATIVE = re.compile(
    r"\b(?:adds? to (?:the )?(?:expectations|those) of (?:the |all )?(?:earlier|previous|lower|prior|preceding)"
    r" levels?|levels? (?:are|is) cumulative|expectations (?:are|is) cumulative|builds? on (?:the )?(?:previous|"
    r"earlier|prior|preceding|lower) levels?|in addition to (?:those of |the expectations of )?(?:the )?"
    r"(?:previous|earlier|prior|preceding|lower) levels?)\b", re.I)


def settle_ranks(parsed: Parsed, file: str, options: Options) -> None:
    """Set each level's rank from its code, the user's mapping, or ask when tracks have none in common."""
    tracks = [t for t in parsed.tracks if parsed.levels_of(t)]
    for track in tracks:
        levels = parsed.levels_of(track)
        if any(lvl.parallel or (lvl.builds_on and lvl.rank is None and _on_other_track(parsed, lvl)) for lvl in levels):
            continue  # the source ranks this track against another one itself ('Parallel to S3', 'Builds on S2')
        numbers = [code_number(lvl.wanted) for lvl in levels]
        if options.rank_from == "code" and None in numbers:
            bad = levels[numbers.index(None)]
            raise InvalidFile(f"--rank-from code: level '{bad.title}' has no code with a number",
                              Location(file, bad.line, 1), "give it a code such as L3, or use --rank-from order")
        if options.rank_from != "order" and None not in numbers:
            for lvl, number in zip(levels, numbers):
                lvl.rank = lvl.rank if lvl.rank is not None else number
    for left, right in options.parallel:
        _parallel(parsed, left, right)
    unranked = [t for t in tracks if all(lvl.rank is None and not lvl.numbered and not lvl.parallel
                                         and not (lvl.builds_on and _on_other_track(parsed, lvl))
                                         for lvl in parsed.levels_of(t))]
    if len(tracks) > 1 and unranked and options.rank_from != "order":
        first = parsed.levels_of(unranked[0])[0]
        names = ", ".join(f"'{t.name or 'main'}'" for t in tracks)
        raise InvalidFile(f"the source does not say which levels of the tracks {names} are at the same rank",
                          Location(file, first.line, 1),
                          "pass --parallel 'LEVEL=LEVEL' (repeatable) to put two levels at one rank, or "
                          "--rank-from order to rank each track's levels by position from 1")


def _on_other_track(parsed: Parsed, level: Level) -> bool:
    base = (level.builds_on or "").casefold()
    return any(other.track is not level.track and base in (other.wanted.casefold(), other.title.casefold())
               for other in parsed.levels)


def _find(parsed: Parsed, name: str) -> Level:
    """The level a --parallel side names: by its code or title, or 'TRACK/LEVEL' where titles repeat."""
    track_name, slash, level_name = name.rpartition("/")
    wanted = plain(level_name).casefold()
    found = [lvl for lvl in parsed.levels
             if wanted in (lvl.wanted.casefold(), lvl.title.casefold(), *(a.casefold() for a in lvl.aliases))
             and (not slash or (lvl.track.name or "").casefold() == track_name.strip().casefold())]
    if not found:
        raise UsageError(f"--parallel: no level '{name}' in the source",
                         "name a level by its code or title as the source has it (TRACK/LEVEL where titles repeat)")
    if len({id(lvl.track) for lvl in found}) > 1:
        example = f"{found[0].track.name or 'main'}/{level_name.strip()}"
        raise UsageError(f"--parallel: '{name}' names levels on several tracks", f"say which, as {example}")
    return found[0]


def _parallel(parsed: Parsed, left: str, right: str) -> None:
    """--parallel A=B: A at B's rank (B's rank from its code or position), listed as parallel to it."""
    a, b = _find(parsed, left), _find(parsed, right)
    if a.track is b.track:
        raise UsageError(f"--parallel {left}={right}: both levels are on one track",
                         "parallel levels are on different tracks")
    if b.rank is None:
        b.rank = parsed.levels_of(b.track).index(b) + 1
    a.rank = b.rank
    a.parallel.append(b.wanted)
    after = parsed.levels_of(a.track)
    for k, lvl in enumerate(after[after.index(a) + 1:], 1):
        if lvl.rank is None:
            lvl.rank = a.rank + k


def cumulative(parsed: Parsed, options: Options) -> None:
    """Each level builds on the one before it on its track when the user says so, or the source does."""
    said = None
    if options.cumulative is None:
        texts = parsed.description + [text for _, text in parsed.principles]
        said = next((m.group(0) for text in texts if (m := _CUMULATIVE.search(text))), None)
    if not (options.cumulative or said):
        return
    for track in parsed.tracks:
        levels = sorted(parsed.levels_of(track), key=lambda lvl: lvl.rank if lvl.rank is not None else 0)
        for before, lvl in itertools.pairwise(levels):
            if lvl.builds_on is None:
                lvl.builds_on = before.title
                if said:
                    lvl.notes.append(f"Builds on '{before.title}' because the source says levels build on "
                                     f"earlier ones ('{said}').")


def apply_shared(parsed: Parsed, file: str) -> None:
    """A section for every level ('All Levels') becomes areas of each level of its track (of every track when
    it stands outside them): of the first level only when levels build on each other, since the others
    inherit it. Each such area says where it came from."""
    import copy

    for track, heading, line, areas in parsed.shared:
        for on in [track] if track is not None else [t for t in parsed.tracks if parsed.levels_of(t)]:
            levels = parsed.levels_of(on)
            chained = {lvl.builds_on for lvl in levels if lvl.builds_on}
            targets = levels[:1] if chained and len(levels) > 1 else levels
            for level in targets:
                for area in areas:
                    added = copy.deepcopy(area)
                    added.notes.append(f"From the source's '{heading}' section (line {line}): it applies to every "
                                       "level.")
                    level.areas.append(added)
