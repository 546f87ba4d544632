"""The errors helixnet raises on bad input.

Every message names the column (or row, record, node), shows a few offending values, and
says how to fix the input.
"""

from __future__ import annotations

__all__ = ["HelixDataError", "HelixWarning"]


class HelixDataError(ValueError):
    """Input data that helixnet cannot use as it is.

    A subclass of :class:`ValueError`, so code that catches ``ValueError`` keeps working.
    """


class HelixWarning(UserWarning):
    """A documented repair of the input (reported, never silent)."""
