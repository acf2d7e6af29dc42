"""Allow ``python -m ladder``."""

from ladder.cli import main

main()
