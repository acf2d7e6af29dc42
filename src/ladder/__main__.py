"""Allow ``python -m ladder``."""

from .cli import main

main()
