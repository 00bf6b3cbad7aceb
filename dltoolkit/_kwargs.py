"""Loud keyword arguments: a misspelt one raises ``TypeError`` with a did-you-mean suggestion.

    model.fit(x, y, epoch=5)
    TypeError: fit() got an unexpected keyword argument 'epoch'; did you mean 'epochs'?

Python rejects unknown keywords by itself, but without a suggestion; ``strict_kwargs`` adds
it (``difflib.get_close_matches``), and ``check_kwargs`` does the same for functions that
take ``**kwargs`` on purpose (forwarding options) but know which names are valid.
"""
from __future__ import annotations

import difflib
import functools
import inspect
from typing import Callable, Iterable


def unknown_kwarg_error(func_name: str, name: str, valid: Iterable[str]) -> TypeError:
    """The ``TypeError`` for keyword ``name`` that ``func_name`` does not take."""
    valid = sorted(valid)
    close = difflib.get_close_matches(name, valid, n=1, cutoff=0.6)
    hint = f"; did you mean {close[0]!r}?" if close else f"; it takes: {', '.join(valid)}"
    return TypeError(f"{func_name}() got an unexpected keyword argument {name!r}{hint}")


def check_kwargs(func_name: str, given: Iterable[str], valid: Iterable[str]) -> None:
    """Raise ``unknown_kwarg_error`` for the first name in ``given`` that is not ``valid``."""
    valid = set(valid)
    for name in given:
        if name not in valid:
            raise unknown_kwarg_error(func_name, name, valid)


def strict_kwargs(func: Callable) -> Callable:
    """Decorator: unknown keyword arguments raise ``TypeError`` with a did-you-mean hint."""
    sig = inspect.signature(func)
    names = {n for n, p in sig.parameters.items()
             if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY) and n != "self"}

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        for name in kwargs:
            if name not in names:
                raise unknown_kwarg_error(func.__name__, name, names)
        return func(*args, **kwargs)

    return wrapper
