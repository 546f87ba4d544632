"""The compiled projection (helixnet._kernels.upper_cooccurrences) against scipy's product, bit for bit."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st

import helixnet as hx
from helixnet import build


def test_the_projection_kernel_is_built():
    assert build._upper_cooccurrences is not None  # see test_the_counting_kernel_is_built


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_kernel_edges_equal_scipy_bit_for_bit(data):
    rng = np.random.default_rng(data.draw(st.integers(0, 2**32 - 1)))
    n = data.draw(st.integers(1, 300))
    participations = pd.DataFrame({
        "event": rng.integers(0, data.draw(st.integers(1, 40)), n).astype(str),
        "organisation": [f"o{x}" for x in rng.integers(0, data.draw(st.integers(1, 60)), n)],
    })
    weighting = data.draw(st.sampled_from(hx.WEIGHTINGS))
    max_participants = data.draw(st.sampled_from([None, 3, 8]))
    try:
        ours = hx.collaboration_edges(participations, weighting=weighting, max_participants=max_participants)
    except hx.HelixDataError:  # every event too big: scipy's path must refuse it too
        with pytest.raises(hx.HelixDataError), pytest.MonkeyPatch.context() as patch:
            patch.setattr(build, "_upper_cooccurrences", None)
            hx.collaboration_edges(participations, weighting=weighting, max_participants=max_participants)
        return
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(build, "_upper_cooccurrences", None)
        theirs = hx.collaboration_edges(participations, weighting=weighting, max_participants=max_participants)
    pd.testing.assert_frame_equal(ours, theirs, check_exact=True)
    assert np.array_equal(ours["weight"].to_numpy().view(np.int64), theirs["weight"].to_numpy().view(np.int64))
    assert ours.attrs == theirs.attrs


def test_kernel_matches_a_hand_computed_product():
    # organisations 0..3; events: {0, 1, 2}, {0, 1}, {3}
    incidence = sp.csr_matrix(np.array([[1, 1, 0], [1, 1, 0], [1, 0, 0], [0, 0, 1]], dtype=np.int32))
    by_event = incidence.tocsc()
    share = np.array([0.5, 1.0, 0.0])
    rows, cols, counts, sums = build._upper_cooccurrences(incidence.indptr, incidence.indices, by_event.indptr, by_event.indices, share)
    assert np.frombuffer(rows, np.int32).tolist() == [0, 0, 1]
    assert np.frombuffer(cols, np.int32).tolist() == [1, 2, 2]
    assert np.frombuffer(counts, np.int32).tolist() == [2, 1, 1]
    assert np.frombuffer(sums, np.float64).tolist() == [1.5, 0.5, 0.5]
    assert build._upper_cooccurrences(incidence.indptr, incidence.indices, by_event.indptr, by_event.indices, None)[3] is None


def test_kernel_refuses_what_it_cannot_read():
    incidence = sp.csr_matrix(np.array([[1, 1], [1, 0]], dtype=np.int32))
    by_event = incidence.tocsc()
    call = build._upper_cooccurrences
    with pytest.raises(TypeError, match="int32"):
        call(incidence.indptr.astype(np.int64), incidence.indices, by_event.indptr, by_event.indices, None)
    with pytest.raises(TypeError, match="float64"):
        call(incidence.indptr, incidence.indices, by_event.indptr, by_event.indices, np.ones(2, np.float32))
    with pytest.raises(ValueError, match="inconsistent"):
        call(incidence.indptr, incidence.indices + 5, by_event.indptr, by_event.indices, None)
    with pytest.raises(ValueError, match="inconsistent"):
        call(incidence.indptr, incidence.indices, by_event.indptr, by_event.indices, np.ones(3))


@pytest.mark.parametrize(("organisations", "events", "largest"), [(300, 40, 250), (70_000, 30, 400)])
def test_kernel_sorts_long_rows_like_scipy(organisations, events, largest):
    # Rows with more than 48 partners are sorted by the radix sort: one byte per pass, two passes
    # below 65,536 organisations and three above. Every organisation takes part (pairs of
    # neighbours), the big events draw from all of them.
    rng = np.random.default_rng(organisations)
    everyone = np.arange(organisations)
    frames = [pd.DataFrame({"event": [f"p{i // 2}" for i in everyone], "organisation": everyone})]
    for event in range(events):
        members = rng.choice(organisations, size=rng.integers(2, largest), replace=False)
        frames.append(pd.DataFrame({"event": f"e{event}", "organisation": members}))
    participations = pd.concat(frames, ignore_index=True)
    participations["organisation"] = participations["organisation"].map("o{:06d}".format)
    for weighting in ("count", "fractional"):
        ours = hx.collaboration_edges(participations, weighting=weighting)
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(build, "_upper_cooccurrences", None)
            theirs = hx.collaboration_edges(participations, weighting=weighting)
        assert ours["source"].nunique() > 48 and ours.groupby("source").size().max() > 48
        pd.testing.assert_frame_equal(ours, theirs, check_exact=True)


def test_kernel_refuses_a_transpose_that_is_not_one():
    incidence = sp.csr_matrix(np.array([[1, 1], [1, 0]], dtype=np.int32))
    by_event = incidence.tocsc()
    swapped = by_event.indices.copy()
    swapped[:2] = swapped[1::-1]  # event 0's organisations out of order: B.T no longer matches B
    with pytest.raises(ValueError, match="transpose"):
        build._upper_cooccurrences(incidence.indptr, incidence.indices, by_event.indptr, swapped, None)
