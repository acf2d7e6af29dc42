"""Start-up floor 2: a Typer command that loads one YAML file into a pydantic model.

``python bench/floor_stack.py FILE`` costs the interpreter, typer, PyYAML's C
parser, pydantic and one small file: the price of ladder's stack itself, before
any of ladder's own work. Single-file ladder commands are compared with it.
"""

from pathlib import Path

import typer

app = typer.Typer(add_completion=False)


@app.command()
def load(path: Path) -> None:
    """Read a framework file into a (deliberately small) pydantic model and print its id."""
    import yaml
    from pydantic import BaseModel, ConfigDict

    class Level(BaseModel):
        model_config = ConfigDict(extra="allow")
        id: str
        title: str

    class Document(BaseModel):
        model_config = ConfigDict(extra="allow")
        id: str
        name: str
        levels: list[Level]

    data = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    typer.echo(Document.model_validate(data).id)


if __name__ == "__main__":
    app()
