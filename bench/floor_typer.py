"""Start-up floor 1: the smallest Typer app, one command that does nothing.

``python bench/floor_typer.py`` costs the interpreter plus ``import typer`` and
Typer's argument parsing: no ladder command can start faster than this.
"""

import typer

app = typer.Typer(add_completion=False)


@app.command()
def hello() -> None:
    """Do nothing."""


if __name__ == "__main__":
    app()
