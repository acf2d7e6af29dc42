"""ladder: career ladders as data."""

__version__ = "0.1.0"
