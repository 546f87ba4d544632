"""Data of helixnet.helices: name rules, firm brands, university acronyms and the name model."""

from __future__ import annotations

import functools
import io
from importlib import resources

import pandas as pd


def word_list(filename: str, column: str) -> tuple[str, ...]:
    """One column of a CSV word list of helices_data (built by ``helixnet.helices_data.build_lists``)."""
    return tuple(_word_table(filename)[column])


@functools.cache
def _word_table(filename: str) -> pd.DataFrame:
    """A CSV word list of helices_data, read once however many of its columns are asked for."""
    text = resources.files("helixnet.helices_data").joinpath(filename).read_text(encoding="utf-8")
    return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, comment="#")
