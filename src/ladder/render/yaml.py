"""Framework data -> readable YAML text that ladder's own strict loader reads back unchanged.

PyYAML already quotes what its YAML 1.1 resolver would misread (``yes``, ``2``,
``1:30``). Ladder's loader is stricter still (``y``, ``n``, ``yEs``, ``1_0``), so
every string is also checked with the loader's own ``resolve_plain`` and
double-quoted when a plain scalar would not read back as the same text.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import yaml

from ladder.models.framework import Framework
from ladder.yaml_scalars import resolve_plain

MODELINE = "# yaml-language-server: $schema=../schema/framework.schema.json"


_STR_TAG = "tag:yaml.org,2002:str"


# Characters YAML or libyaml treat as line breaks (or normalise) inside block scalars.
_BREAKS = ("\r", "\x85", "\u2028", "\u2029")


def dump_framework(framework: Framework | Mapping[str, Any], note: str = "") -> str:
    """YAML text of a framework: the modeline, ``note`` (a comment line) if given, keys in the model's
    field order, default values left out.

    A mapping is validated against the model first (pydantic ValidationError if it is not a framework).
    """
    model = framework if isinstance(framework, Framework) else Framework.model_validate(dict(framework))
    data = model.model_dump(mode="json", exclude_defaults=True)
    # schema_version has a default but says which format the file is in, so it is always written.
    data = {"schema_version": model.schema_version, **data}
    return f"{MODELINE}\n{note + chr(10) if note else ''}{dump_yaml(data)}"


def dump_yaml(data: object) -> str:
    """Block-style YAML for plain data (dicts, lists, str, int, float, bool, None), in the given key order."""
    return yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=1 << 30,  # never fold long sentences across lines
        indent=2,
    )


def needs_quotes(value: str) -> bool:
    """True when ladder's loader would not read ``value`` back as the same text from a plain scalar."""
    if not value or value != value.strip():
        return True
    resolved, why = resolve_plain(value)
    return why is not None or not isinstance(resolved, str)


class _Dumper(yaml.SafeDumper):
    """SafeDumper that indents list items under their key, as the bundled frameworks do."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        return super().increase_indent(flow, False)


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = None
    if any(ch in value for ch in _BREAKS):
        style = '"'  # escaped, so the exact characters survive
    elif "\n" in value:
        style = "|"  # PyYAML falls back to quoting when a literal block cannot hold the text
    elif needs_quotes(value):
        style = '"'
    return dumper.represent_scalar(_STR_TAG, value, style=style)


def _represent_float(dumper: yaml.SafeDumper, value: float) -> yaml.ScalarNode:
    # 2.0 reads better as 2, and the model's float fields accept integers.
    if value.is_integer() and abs(value) < 2**53:
        return dumper.represent_int(int(value))
    return dumper.represent_float(value)


_Dumper.add_representer(str, _represent_str)


_Dumper.add_representer(float, _represent_float)
