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
