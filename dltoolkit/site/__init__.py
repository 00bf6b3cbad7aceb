"""The static course site: ``dltoolkit site build`` (see :mod:`dltoolkit.site.build`)."""


def build_site(out="site", *, root=None):
    """Render the executed lessons and the exercises to HTML in ``out``; see ``build.build_site``."""
    from .build import build_site as _build

    return _build(out, root=root)


__all__ = ["build_site"]
