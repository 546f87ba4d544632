"""Maps, figures and the report."""

from __future__ import annotations

__all__: list[str] = []
