"""Look up objects by Keras-style string name, with errors that list the valid names."""
from __future__ import annotations

from typing import Any, Callable, Mapping


def lookup(kind: str, name_or_obj: Any, table: Mapping[str, Any]) -> Any:
    """Return ``table[name]`` for a string name, or the object itself if it is not a string.

    Unknown names raise ``ValueError`` naming the kind and listing every valid name,
    so a student who types ``"relu6"`` or ``"Adam "`` sees what they can write instead.
    """
    if not isinstance(name_or_obj, str):
        return name_or_obj
    key = name_or_obj.strip().lower()
    if key in table:
        return table[key]
    valid = ", ".join(sorted(table))
    raise ValueError(f"unknown {kind} {name_or_obj!r}; valid names are: {valid}")


def register(table: dict, *names: str) -> Callable[[Any], Any]:
    """Decorator adding an object to ``table`` under each of ``names``."""

    def deco(obj: Any) -> Any:
        for n in names:
            table[n] = obj
        return obj

    return deco
