"""The line each of ladder's file outputs carries, so --force replaces only ladder's own output."""

from __future__ import annotations

# The line every template starts with: `-o FILE --force` replaces only a file that has it (write.file.write_atomic).
MADE_BY = "# Made by `ladder template"


# The line `ladder import` writes under the modeline: `-o FILE --force` replaces only a file that has it.
MADE_BY_IMPORT = "# Made by `ladder import`"


# The first line of `ladder export --format markdown`: `-o FILE.md --force` replaces only a file that has it,
# and `ladder import` skips it.
MADE_BY_EXPORT = "<!-- Made by `ladder export --format markdown`"


# In the report's <head>: `-o FILE --force` replaces only a file that has it (write.file.write_atomic).
REPORT_GENERATOR = '<meta name="generator" content="ladder assess">'


# In the team page's <head>: `ladder team -o FILE --force` replaces only a file that has it.
TEAM_GENERATOR = '<meta name="generator" content="ladder team">'


# The first line of `ladder migrate -o FILE`: `--force` replaces only a file that has it.
MADE_BY_MIGRATE = "# Made by `ladder migrate"
