"""presence.presence_cells: a presence table's events per cell, against a brute-force count."""

from __future__ import annotations

from collections import Counter
from itertools import product

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import helixnet as hx
from helixnet.errors import HelixDataError
from helixnet.presence import presence_cells


@st.composite
def presence_tables(draw):
    n_columns = draw(st.integers(1, 4))
    rows = draw(st.lists(st.tuples(*[st.booleans()] * n_columns), max_size=30))
    columns = [f"h{j}" for j in range(n_columns)]
    table = pd.DataFrame(rows, columns=columns, dtype=bool) if rows else pd.DataFrame({c: pd.Series([], dtype=bool) for c in columns})
    counts = draw(st.one_of(st.none(), st.lists(st.integers(0, 9), min_size=len(rows), max_size=len(rows))))
    if counts is not None:
        table["count"] = counts
    return table, columns, counts


@given(presence_tables())
@settings(max_examples=200, deadline=None)
def test_cells_are_the_brute_force_count(case):
    table, columns, counts = case
    expected: Counter[str] = Counter()
    for i, row in enumerate(table[columns].itertuples(index=False)):
        expected["".join("1" if bit else "0" for bit in row)] += 1 if counts is None else counts[i]
    cells, none = presence_cells(table, columns)
    codes = ["".join(bits) for bits in product("01", repeat=len(columns))]
    assert list(cells) == codes[1:]
    assert cells == {code: expected[code] for code in codes[1:]}
    assert none == expected[codes[0]]


def test_none_comes_from_attrs_of_a_presence_table_without_those_events():
    p = pd.DataFrame({"event": ["e1", "e1", "e2", "e3"], "organisation": ["u", "f", "u", "c"]})
    o = pd.DataFrame({"organisation": ["u", "f", "c"], "helix": ["knowledge", "industry", "civil"]})
    table = hx.presence_table(p, o, include_none=False)
    cells, none = presence_cells(table, ["knowledge", "industry", "government"])
    assert none == 1 and cells["110"] == 1 and cells["100"] == 1 and sum(cells.values()) == 2


def test_venn_figure_counts_a_presence_table_as_its_cells():
    rng = np.random.default_rng(3)
    table = pd.DataFrame(rng.integers(0, 2, size=(40, 3)), columns=["knowledge", "industry", "government"])
    cells, none = presence_cells(table, list(table.columns))
    from_table = hx.venn_figure(table)
    from_counts = hx.venn_figure({**cells, "000": none})
    texts = [sorted(t.get_text() for t in fig.axes[0].texts) for fig in (from_table, from_counts)]
    assert texts[0] == texts[1]


@pytest.mark.parametrize(
    ("table", "message"),
    [
        (pd.DataFrame({"knowledge": [1]}), "no column 'industry'"),
        (pd.DataFrame({"knowledge": [1], "industry": [2]}), "only 0/1"),
        (pd.DataFrame({"knowledge": [1], "industry": ["x"]}), "0/1 or True/False"),
        (pd.DataFrame({"knowledge": [1], "industry": [0], "count": [-1]}), "'count' must hold finite numbers >= 0"),
    ],
)
def test_bad_tables_are_refused(table, message):
    with pytest.raises(HelixDataError, match=message):
        presence_cells(table, ["knowledge", "industry"])
