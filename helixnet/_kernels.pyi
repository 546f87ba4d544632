# Types of the compiled kernels (helixnet/_kernels.c), for type checkers and editors.
from collections.abc import Sequence

import numpy as np

MAX_COLUMNS: int

def count_cells(codes: Sequence[np.ndarray], sizes: Sequence[int], counts: np.ndarray, /) -> int:
    """Add the count of every mixed-radix cell of the code columns to ``counts``; -1, or the
    index of the first record with a value out of range."""

def masked_row_dots(
    left_indptr: np.ndarray,
    left_indices: np.ndarray,
    left_data: np.ndarray,
    right_indptr: np.ndarray,
    right_indices: np.ndarray,
    right_data: np.ndarray,
    rows: np.ndarray,
    cols: np.ndarray,
    out: np.ndarray,
    /,
) -> None:
    """``out[k]`` = row ``rows[k]`` of the left CSR matrix dotted with row ``cols[k]`` of the right."""

def upper_cooccurrences(
    indptr: np.ndarray,
    indices: np.ndarray,
    t_indptr: np.ndarray,
    t_indices: np.ndarray,
    share: np.ndarray | None,
    /,
) -> tuple[bytearray, bytearray, bytearray, bytearray | None]:
    """The entries above the diagonal of ``B @ B.T`` (int32 CSR ``B`` and ``B.T``), sorted by row and
    column: rows, columns and counts as int32 bytearrays, and with ``share`` (float64, one value per
    event) the float64 sums of ``share`` over each pair's shared events."""
