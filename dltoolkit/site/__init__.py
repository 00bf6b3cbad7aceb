"""The static course site: ``dltoolkit site build`` (see :mod:`dltoolkit.site.build`)."""
from .build import build_site

__all__ = ["build_site"]
