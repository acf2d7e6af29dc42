"""What the user can decide about an import: the options that settle an ambiguous structure."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Options:
    """Import options; None (or empty) means "read it from the source, and ask when it cannot tell"."""

    fmt: str | None = None  # --from: md, csv, tsv, html, yaml, json, xlsx
    org: str | None = None  # --org: the framework id
    name: str | None = None  # --name: the framework name
    organisation: str | None = None  # --organisation: the organisation's name
    tracks_at: int | None = None  # --tracks-at h1: heading depth of tracks (Markdown, HTML)
    levels_at: int | None = None  # --levels-at h2: heading depth of levels
    table: int | None = None  # --table N: which table (1-based) is the ladder
    cumulative: bool | None = None  # --cumulative / --not-cumulative: each level builds on the one before
    rank_from: str | None = None  # --rank-from code|order: ranks from the number in level codes, or source order
    parallel: tuple[tuple[str, str], ...] = field(default_factory=tuple)  # --parallel M4=L4: same rank
    topics: str | None = None  # --topics tracks|areas: what the topics of a topics × levels file are
