/* helixnet's three compiled kernels, plain C over the buffer protocol.
 *
 * count_cells(codes, sizes, counts) -> int
 *   The contingency table of integer code columns in one pass over the records (the counting
 *   step of helixnet.information). With numpy the same table takes several full passes (the
 *   mixed-radix code as a temporary int64 array, then np.bincount, which scans that array
 *   twice); here each record is read once, its cell computed in registers and counted. The
 *   loops for two and three columns, the common cases, are written out so that the compiler
 *   keeps everything in registers.
 *   codes:  sequence of 1-D C-contiguous arrays of one signed integer type (int8, int16, int32 or
 *           int64) and one length
 *   sizes:  sequence of ints, one per column; column j must hold values in [0, sizes[j])
 *   counts: writable C-contiguous int64 array of prod(sizes) cells; the counts are added to it
 *   Returns -1, or the index of the first record with a value outside its range (counting stops
 *   there, with the records before it counted).
 *
 * masked_row_dots(left_indptr, left_indices, left_data, right_indptr, right_indices, right_data,
 *                 rows, cols, out) -> None
 *   out[k] = sum over q of L[rows[k], q] * R[cols[k], q], for two CSR matrices L and R with
 *   sorted column indices (int64 indptr and indices, float64 data): the entries of L @ R.T at
 *   the given positions only (helixnet.network's masked products, for structural holes and
 *   brokerage). scipy would form the whole product first, which for a large collaboration graph
 *   has hundreds of millions of entries; here each wanted entry is one merge of two sorted rows.
 *
 * upper_cooccurrences(indptr, indices, t_indptr, t_indices, share) -> (rows, cols, counts, sums)
 *   The entries above the diagonal of B @ B.T, for the organisation x event incidence matrix B
 *   (0/1, CSR with int32 indptr and indices; t_indptr and t_indices are B.T in CSR, each event's
 *   organisations ascending), sorted by row then column: the ties of helixnet.build's
 *   projection. scipy would form the whole product (both triangles and the diagonal, each row's
 *   columns unsorted) and the triangle would then be cut out and ordered in further passes. Here
 *   a row-wise (Gustavson) product visits, for organisation i, only the partners j > i of each
 *   of its events (each event's list is sorted and organisations are taken in ascending order,
 *   so i's place in the list is a cursor that moves forward), adding them up in a dense
 *   accumulator; each row's columns are then sorted (insertion sort when short, radix sort when
 *   long) and written out in order. (The lower triangle and one counting sort by column into the
 *   upper one, tried first, took half again as long: its scattered writes miss the cache.)
 *   rows, cols, counts are bytearrays of int32; sums (None unless share, a float64 array with one
 *   value per event, is given) a bytearray of float64: the sum of share[e] over the shared
 *   events e, added in descending e like scipy's product, so bit for bit the same.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MAX_COLUMNS 32

/* A value is tested as unsigned, so one comparison also rejects negatives. */
#define VALUE(TYPE, column, i) ((uint64_t)(int64_t)((const TYPE *)(column))[i])

/* Columns and sizes are copied to locals first: out's stores could alias k (uint64_t and
 * int64_t may alias), which would make the compiler reload the sizes for every record. */
#define COUNT_TWO(TYPE)                                                          \
    {                                                                            \
        const TYPE *c0 = col[0], *c1 = col[1];                                   \
        const uint64_t k0 = k[0], k1 = k[1];                                     \
        for (Py_ssize_t i = 0; i < n; i++) {                                     \
            uint64_t x0 = (uint64_t)(int64_t)c0[i], x1 = (uint64_t)(int64_t)c1[i]; \
            if ((x0 >= k0) | (x1 >= k1)) return i;                               \
            out[x0 * k1 + x1]++;                                                 \
        }                                                                        \
        return -1;                                                               \
    }

#define COUNT_THREE(TYPE)                                                        \
    {                                                                            \
        const TYPE *c0 = col[0], *c1 = col[1], *c2 = col[2];                     \
        const uint64_t k0 = k[0], k1 = k[1], k2 = k[2];                          \
        for (Py_ssize_t i = 0; i < n; i++) {                                     \
            uint64_t x0 = (uint64_t)(int64_t)c0[i], x1 = (uint64_t)(int64_t)c1[i], \
                     x2 = (uint64_t)(int64_t)c2[i];                              \
            if ((x0 >= k0) | (x1 >= k1) | (x2 >= k2)) return i;                 \
            out[(x0 * k1 + x1) * k2 + x2]++;                                     \
        }                                                                        \
        return -1;                                                               \
    }

#define COUNT_ANY(TYPE)                                                          \
    for (Py_ssize_t i = 0; i < n; i++) {                                         \
        uint64_t cell = 0, bad = 0;                                              \
        for (int j = 0; j < ncol; j++) {                                         \
            uint64_t x = VALUE(TYPE, col[j], i);                                 \
            bad |= x >= k[j];                                                    \
            cell = cell * k[j] + x;                                              \
        }                                                                        \
        if (bad) return i;                                                       \
        out[cell]++;                                                             \
    }                                                                            \
    return -1;

/* Kept out of count_cells: inlined there, the loops run short of registers and spill. */
#if defined(__GNUC__)
#define NOINLINE __attribute__((noinline))
#elif defined(_MSC_VER)
#define NOINLINE __declspec(noinline)
#else
#define NOINLINE
#endif

/* count_<code type>_<counter type>: counters of 32 bits halve a small table, so that it stays
 * in the L1 cache; the caller adds them to the int64 counts afterwards. */
#define COUNT(TYPE, COUNTER)                                                     \
    static NOINLINE Py_ssize_t count_##TYPE##_##COUNTER(                         \
        const void *const *col, const uint64_t *k, int ncol, Py_ssize_t n, COUNTER *out) { \
        if (ncol == 2) { COUNT_TWO(TYPE) }                                       \
        if (ncol == 3) { COUNT_THREE(TYPE) }                                     \
        COUNT_ANY(TYPE)                                                          \
    }

COUNT(int8_t, int64_t)
COUNT(int16_t, int64_t)
COUNT(int32_t, int64_t)
COUNT(int64_t, int64_t)
COUNT(int8_t, uint32_t)
COUNT(int16_t, uint32_t)
COUNT(int32_t, uint32_t)
COUNT(int64_t, uint32_t)

#define SMALL_TABLE (1 << 16) /* cells counted with 32-bit counters (256 KiB) */

/* Whether the buffer holds native signed integers of 1, 2, 4 or 8 bytes. */
static int is_signed_integer(const Py_buffer *view) {
    const char *f = view->format ? view->format : "B";
    if (*f == '@' || *f == '=' || *f == '<') f++;
    if (f[0] == '\0' || f[1] != '\0' || strchr("bhilqn", f[0]) == NULL) return 0;
    return view->itemsize == 1 || view->itemsize == 2 || view->itemsize == 4 || view->itemsize == 8;
}

static int is_int64(const Py_buffer *view) {
    return view->itemsize == 8 && is_signed_integer(view);
}

static PyObject *count_cells(PyObject *Py_UNUSED(self), PyObject *args) {
    PyObject *codes_arg, *sizes_arg, *counts_arg;
    if (!PyArg_ParseTuple(args, "OOO:count_cells", &codes_arg, &sizes_arg, &counts_arg)) return NULL;
    PyObject *codes = NULL, *sizes = NULL, *result = NULL;
    Py_buffer views[MAX_COLUMNS], counts;
    const void *col[MAX_COLUMNS];
    uint64_t k[MAX_COLUMNS];
    Py_ssize_t opened = 0, nrec = 0, first_bad = -1;
    int have_counts = 0;
    uint64_t cells = 1;

    codes = PySequence_Fast(codes_arg, "count_cells: codes must be a sequence of arrays");
    if (!codes) goto done;
    sizes = PySequence_Fast(sizes_arg, "count_cells: sizes must be a sequence of ints");
    if (!sizes) goto done;
    Py_ssize_t ncol = PySequence_Fast_GET_SIZE(codes);
    if (ncol < 1 || ncol > MAX_COLUMNS || PySequence_Fast_GET_SIZE(sizes) != ncol) {
        PyErr_Format(PyExc_ValueError, "count_cells: need 1 to %d columns and one size per column", MAX_COLUMNS);
        goto done;
    }
    for (Py_ssize_t j = 0; j < ncol; j++) {
        if (PyObject_GetBuffer(PySequence_Fast_GET_ITEM(codes, j), &views[j], PyBUF_FORMAT | PyBUF_C_CONTIGUOUS) < 0)
            goto done;
        opened++;
        if (views[j].ndim != 1 || !is_signed_integer(&views[j]) || views[j].itemsize != views[0].itemsize) {
            PyErr_SetString(PyExc_TypeError, "count_cells: codes must be 1-D arrays of one native signed integer type");
            goto done;
        }
        Py_ssize_t len = views[j].len / views[j].itemsize;
        if (j > 0 && len != nrec) {
            PyErr_SetString(PyExc_ValueError, "count_cells: the code columns differ in length");
            goto done;
        }
        nrec = len;
        col[j] = views[j].buf;
        long long size = PyLong_AsLongLong(PySequence_Fast_GET_ITEM(sizes, j));
        if (size == -1 && PyErr_Occurred()) goto done;
        if (size < 1 || cells > (uint64_t)INT64_MAX / (uint64_t)size) {
            PyErr_SetString(PyExc_ValueError, "count_cells: sizes must be positive with a product that fits in int64");
            goto done;
        }
        k[j] = (uint64_t)size;
        cells *= (uint64_t)size;
    }
    if (PyObject_GetBuffer(counts_arg, &counts, PyBUF_FORMAT | PyBUF_C_CONTIGUOUS | PyBUF_WRITABLE) < 0) goto done;
    have_counts = 1;
    if (!is_int64(&counts) || (uint64_t)(counts.len / 8) != cells) {
        PyErr_SetString(PyExc_ValueError, "count_cells: counts must be an int64 array of prod(sizes) cells");
        goto done;
    }
    int64_t *out = (int64_t *)counts.buf;
    int n_columns = (int)ncol;
    /* PyMem_RawCalloc: allocated and freed without the GIL's protection being needed */
    uint32_t *small = (cells <= SMALL_TABLE && (uint64_t)nrec <= UINT32_MAX)
                          ? PyMem_RawCalloc((size_t)cells, sizeof(uint32_t)) : NULL;
    Py_BEGIN_ALLOW_THREADS
    if (small) {
        switch (views[0].itemsize) {
        case 1: first_bad = count_int8_t_uint32_t(col, k, n_columns, nrec, small); break;
        case 2: first_bad = count_int16_t_uint32_t(col, k, n_columns, nrec, small); break;
        case 4: first_bad = count_int32_t_uint32_t(col, k, n_columns, nrec, small); break;
        default: first_bad = count_int64_t_uint32_t(col, k, n_columns, nrec, small); break;
        }
        for (uint64_t c = 0; c < cells; c++) out[c] += small[c];
    } else {
        switch (views[0].itemsize) {
        case 1: first_bad = count_int8_t_int64_t(col, k, n_columns, nrec, out); break;
        case 2: first_bad = count_int16_t_int64_t(col, k, n_columns, nrec, out); break;
        case 4: first_bad = count_int32_t_int64_t(col, k, n_columns, nrec, out); break;
        default: first_bad = count_int64_t_int64_t(col, k, n_columns, nrec, out); break;
        }
    }
    Py_END_ALLOW_THREADS
    PyMem_RawFree(small);
    result = PyLong_FromSsize_t(first_bad);
done:
    if (have_counts) PyBuffer_Release(&counts);
    for (Py_ssize_t j = 0; j < opened; j++) PyBuffer_Release(&views[j]);
    Py_XDECREF(codes);
    Py_XDECREF(sizes);
    return result;
}

/* The sum of a[q] * b[q] over the indices q that two sorted index lists share. When one list is
 * much longer (a hub's row against a small firm's), each index of the shorter one is found in
 * the longer by a binary search that starts where the last one ended. */
static double row_dot(const int64_t *ai, const double *av, int64_t na,
                      const int64_t *bi, const double *bv, int64_t nb) {
    if (na > nb) {
        const int64_t *ti = ai; ai = bi; bi = ti;
        const double *tv = av; av = bv; bv = tv;
        int64_t tn = na; na = nb; nb = tn;
    }
    double sum = 0.0;
    if (na == 0) return sum;
    if (nb > 16 * na) {
        int64_t low = 0;
        for (int64_t x = 0; x < na && low < nb; x++) {
            int64_t high = nb, key = ai[x];
            while (low < high) {
                int64_t mid = low + (high - low) / 2;
                if (bi[mid] < key) low = mid + 1; else high = mid;
            }
            if (low < nb && bi[low] == key) sum += av[x] * bv[low++];
        }
        return sum;
    }
    int64_t x = 0, y = 0;
    while (x < na && y < nb) {
        if (ai[x] < bi[y]) x++;
        else if (ai[x] > bi[y]) y++;
        else { sum += av[x] * bv[y]; x++; y++; }
    }
    return sum;
}

/* Buffers of masked_row_dots, in argument order; int64 except the data arrays and out. */
enum { L_PTR, L_IDX, L_VAL, R_PTR, R_IDX, R_VAL, ROWS, COLS, OUT, N_ARRAYS };

static int is_float64(const Py_buffer *view) {
    const char *f = view->format ? view->format : "B";
    if (*f == '@' || *f == '=' || *f == '<') f++;
    return f[0] == 'd' && f[1] == '\0' && view->itemsize == 8;
}

static PyObject *masked_row_dots(PyObject *Py_UNUSED(self), PyObject *args) {
    PyObject *objects[N_ARRAYS];
    if (!PyArg_ParseTuple(args, "OOOOOOOOO:masked_row_dots", &objects[0], &objects[1], &objects[2], &objects[3],
                          &objects[4], &objects[5], &objects[6], &objects[7], &objects[8]))
        return NULL;
    Py_buffer v[N_ARRAYS];
    int opened = 0;
    PyObject *result = NULL;
    for (int a = 0; a < N_ARRAYS; a++) {
        int flags = PyBUF_FORMAT | PyBUF_C_CONTIGUOUS | (a == OUT ? PyBUF_WRITABLE : 0);
        if (PyObject_GetBuffer(objects[a], &v[a], flags) < 0) goto done;
        opened = a + 1;
        int wants_float = a == L_VAL || a == R_VAL || a == OUT;
        if (v[a].ndim != 1 || !(wants_float ? is_float64(&v[a]) : is_int64(&v[a]))) {
            PyErr_Format(PyExc_TypeError, "masked_row_dots: argument %d must be a 1-D %s array", a + 1,
                         wants_float ? "float64" : "int64");
            goto done;
        }
    }
    const int64_t *lp = v[L_PTR].buf, *li = v[L_IDX].buf, *rp = v[R_PTR].buf, *ri = v[R_IDX].buf;
    const double *lv = v[L_VAL].buf, *rv = v[R_VAL].buf;
    const int64_t *rows = v[ROWS].buf, *cols = v[COLS].buf;
    double *out = v[OUT].buf;
    Py_ssize_t n_left = v[L_PTR].len / 8 - 1, n_right = v[R_PTR].len / 8 - 1, n = v[ROWS].len / 8;
    Py_ssize_t nnz_left = v[L_IDX].len / 8, nnz_right = v[R_IDX].len / 8;
    if (n_left < 0 || n_right < 0 || v[L_VAL].len / 8 != nnz_left || v[R_VAL].len / 8 != nnz_right ||
        v[COLS].len / 8 != n || v[OUT].len / 8 != n || lp[0] != 0 || rp[0] != 0 || lp[n_left] != nnz_left ||
        rp[n_right] != nnz_right) {
        PyErr_SetString(PyExc_ValueError, "masked_row_dots: inconsistent CSR arrays or positions");
        goto done;
    }
    for (Py_ssize_t r = 0; r < n_left; r++) {
        if (lp[r] > lp[r + 1]) { PyErr_SetString(PyExc_ValueError, "masked_row_dots: left indptr decreases"); goto done; }
    }
    for (Py_ssize_t r = 0; r < n_right; r++) {
        if (rp[r] > rp[r + 1]) { PyErr_SetString(PyExc_ValueError, "masked_row_dots: right indptr decreases"); goto done; }
    }
    for (Py_ssize_t k = 0; k < n; k++) {
        if (rows[k] < 0 || rows[k] >= n_left || cols[k] < 0 || cols[k] >= n_right) {
            PyErr_Format(PyExc_ValueError, "masked_row_dots: position %zd is outside the matrices", k);
            goto done;
        }
    }
    Py_BEGIN_ALLOW_THREADS
    for (Py_ssize_t k = 0; k < n; k++) {
        int64_t i = rows[k], j = cols[k];
        out[k] = row_dot(li + lp[i], lv + lp[i], lp[i + 1] - lp[i], ri + rp[j], rv + rp[j], rp[j + 1] - rp[j]);
    }
    Py_END_ALLOW_THREADS
    result = Py_NewRef(Py_None);
done:
    for (int j = 0; j < opened; j++) PyBuffer_Release(&v[j]);
    return result;
}

static int is_int32(const Py_buffer *view) {
    return view->itemsize == 4 && is_signed_integer(view);
}

/* Sorts a row's columns (distinct values below 2^(8 * passes)): insertion sort for the many
 * short rows, a byte-wise radix sort through scratch (room for count values) for the long ones. */
static void sort_columns(int32_t *cols, int32_t count, int32_t *scratch, int passes) {
    if (count <= 48) {
        for (int32_t a = 1; a < count; a++) {
            int32_t value = cols[a], b = a - 1;
            while (b >= 0 && cols[b] > value) { cols[b + 1] = cols[b]; b--; }
            cols[b + 1] = value;
        }
        return;
    }
    int32_t *from = cols, *to = scratch;
    for (int pass = 0; pass < passes; pass++) {
        int shift = 8 * pass;
        int32_t start[257] = {0};
        for (int32_t a = 0; a < count; a++) start[((from[a] >> shift) & 0xFF) + 1]++;
        for (int d = 0; d < 256; d++) start[d + 1] += start[d];
        for (int32_t a = 0; a < count; a++) to[start[(from[a] >> shift) & 0xFF]++] = from[a];
        int32_t *swap = from; from = to; to = swap;
    }
    if (from != cols) memcpy(cols, from, (size_t)count * sizeof(int32_t));
}

/* The upper triangle of B @ B.T row by row, into rows/cols/counts/sums (room for all of them);
 * returns the number of entries, or -1 when B.T is not the transpose of B. Organisations are
 * taken in ascending order, so organisation i is the next not yet taken in each of its events'
 * (ascending) lists: cursor[e] says where, and its partners j > i follow it there. */
static int64_t upper_entries(const int32_t *ptr, const int32_t *idx, const int32_t *tptr, const int32_t *tidx,
                             const double *share, int32_t n, int32_t *acc, double *acc_sums, int32_t *cursor,
                             int32_t *scratch, int32_t *rows, int32_t *cols, int32_t *counts, double *sums) {
    int passes = 1;
    while (passes < 4 && ((int64_t)n >> (8 * passes)) > 0) passes++;
    int64_t size = 0;
    for (int32_t i = 0; i < n; i++) {
        int32_t *found = cols + size, count = 0;
        /* Events in descending order: scipy's (B diag(share)) @ B.T adds them so (its product
         * emits each row's entries in reverse), and floating-point sums depend on the order. */
        for (int32_t q = ptr[i + 1] - 1; q >= ptr[i]; q--) {
            int32_t e = idx[q], at = tptr[e] + cursor[e]++;
            if (at >= tptr[e + 1] || tidx[at] != i) return -1;
            double s = share ? share[e] : 0.0;
            for (int32_t r = at + 1; r < tptr[e + 1]; r++) {
                int32_t j = tidx[r];
                if (acc[j] == 0) found[count++] = j;
                acc[j]++;
                if (share) acc_sums[j] += s;
            }
        }
        sort_columns(found, count, scratch, passes);
        for (int32_t f = 0; f < count; f++) {
            int32_t j = found[f];
            rows[size + f] = i;
            counts[size + f] = acc[j];
            acc[j] = 0;
            if (share) { sums[size + f] = acc_sums[j]; acc_sums[j] = 0.0; }
        }
        size += count;
    }
    return size;
}

enum { U_PTR, U_IDX, U_TPTR, U_TIDX, U_N };

static PyObject *upper_cooccurrences(PyObject *Py_UNUSED(self), PyObject *args) {
    PyObject *objects[U_N], *share_arg;
    if (!PyArg_ParseTuple(args, "OOOOO:upper_cooccurrences", &objects[0], &objects[1], &objects[2], &objects[3], &share_arg))
        return NULL;
    Py_buffer v[U_N], share_view;
    int opened = 0, have_share = 0;
    PyObject *result = NULL, *out[4] = {NULL, NULL, NULL, NULL};
    int32_t *acc = NULL, *cursor = NULL, *scratch = NULL;
    double *acc_sums = NULL;
    for (int a = 0; a < U_N; a++) {
        if (PyObject_GetBuffer(objects[a], &v[a], PyBUF_FORMAT | PyBUF_C_CONTIGUOUS) < 0) goto done;
        opened = a + 1;
        if (v[a].ndim != 1 || !is_int32(&v[a])) {
            PyErr_Format(PyExc_TypeError, "upper_cooccurrences: argument %d must be a 1-D int32 array", a + 1);
            goto done;
        }
    }
    if (share_arg != Py_None) {
        if (PyObject_GetBuffer(share_arg, &share_view, PyBUF_FORMAT | PyBUF_C_CONTIGUOUS) < 0) goto done;
        have_share = 1;
        if (share_view.ndim != 1 || !is_float64(&share_view)) {
            PyErr_SetString(PyExc_TypeError, "upper_cooccurrences: share must be a 1-D float64 array or None");
            goto done;
        }
    }
    const int32_t *ptr = v[U_PTR].buf, *idx = v[U_IDX].buf, *tptr = v[U_TPTR].buf, *tidx = v[U_TIDX].buf;
    Py_ssize_t n = v[U_PTR].len / 4 - 1, m = v[U_TPTR].len / 4 - 1, nnz = v[U_IDX].len / 4;
    int ok = n >= 0 && m >= 0 && v[U_TIDX].len / 4 == nnz && ptr[0] == 0 && tptr[0] == 0 && ptr[n] == nnz && tptr[m] == nnz &&
             (!have_share || share_view.len / 8 == m);
    for (Py_ssize_t r = 0; ok && r < n; r++) ok = ptr[r] <= ptr[r + 1];
    for (Py_ssize_t r = 0; ok && r < m; r++) ok = tptr[r] <= tptr[r + 1];
    for (Py_ssize_t q = 0; ok && q < nnz; q++) ok = idx[q] >= 0 && idx[q] < m && tidx[q] >= 0 && tidx[q] < n;
    if (!ok) {
        PyErr_SetString(PyExc_ValueError, "upper_cooccurrences: inconsistent CSR arrays");
        goto done;
    }
    /* Room for every entry: no more than the pairs within events, nor than the pairs of rows.
     * The outputs are cut to size at the end; pages never written are never given memory. */
    int64_t room = (int64_t)n * (n - 1) / 2, pairs = 0;
    for (Py_ssize_t e = 0; e < m && pairs < room; e++) {
        int64_t size = tptr[e + 1] - tptr[e];
        pairs += size * (size - 1) / 2;
    }
    if (pairs < room) room = pairs;
    const double *share = have_share ? share_view.buf : NULL;
    for (int a = 0; a < 3; a++)
        if (!(out[a] = PyByteArray_FromStringAndSize(NULL, (Py_ssize_t)room * 4))) goto done;
    if (!(out[3] = share ? PyByteArray_FromStringAndSize(NULL, (Py_ssize_t)room * 8) : Py_NewRef(Py_None))) goto done;
    acc = PyMem_RawCalloc((size_t)n + 1, sizeof(int32_t));
    cursor = PyMem_RawCalloc((size_t)m + 1, sizeof(int32_t));
    scratch = PyMem_RawMalloc(((size_t)n + 1) * sizeof(int32_t)); /* a row has fewer than n partners */
    acc_sums = share ? PyMem_RawCalloc((size_t)n + 1, sizeof(double)) : NULL;
    if (!acc || !cursor || !scratch || (share && !acc_sums)) { PyErr_NoMemory(); goto done; }
    int64_t size;
    Py_BEGIN_ALLOW_THREADS
    size = upper_entries(ptr, idx, tptr, tidx, share, (int32_t)n, acc, acc_sums, cursor, scratch,
                         (int32_t *)PyByteArray_AS_STRING(out[0]), (int32_t *)PyByteArray_AS_STRING(out[1]),
                         (int32_t *)PyByteArray_AS_STRING(out[2]), share ? (double *)PyByteArray_AS_STRING(out[3]) : NULL);
    Py_END_ALLOW_THREADS
    if (size < 0) {
        PyErr_SetString(PyExc_ValueError, "upper_cooccurrences: inconsistent CSR arrays (B.T is not the transpose of B)");
        goto done;
    }
    for (int a = 0; a < 4; a++)
        if (out[a] != Py_None && PyByteArray_Resize(out[a], (Py_ssize_t)size * (a == 3 ? 8 : 4)) < 0) goto done;
    result = PyTuple_Pack(4, out[0], out[1], out[2], out[3]);
done:
    for (int a = 0; a < 4; a++) Py_XDECREF(out[a]);
    PyMem_RawFree(acc);
    PyMem_RawFree(cursor);
    PyMem_RawFree(scratch);
    PyMem_RawFree(acc_sums);
    if (have_share) PyBuffer_Release(&share_view);
    for (int j = 0; j < opened; j++) PyBuffer_Release(&v[j]);
    return result;
}

static PyMethodDef methods[] = {
    {"count_cells", count_cells, METH_VARARGS,
     "count_cells(codes, sizes, counts) -> int: add the count of every mixed-radix cell of the code\n"
     "columns to counts; -1, or the index of the first record with a value out of range."},
    {"masked_row_dots", masked_row_dots, METH_VARARGS,
     "masked_row_dots(left_indptr, left_indices, left_data, right_indptr, right_indices, right_data,\n"
     "rows, cols, out): out[k] = row rows[k] of the left CSR matrix dotted with row cols[k] of the right."},
    {"upper_cooccurrences", upper_cooccurrences, METH_VARARGS,
     "upper_cooccurrences(indptr, indices, t_indptr, t_indices, share) -> (rows, cols, counts, sums): the entries\n"
     "above the diagonal of B @ B.T (int32 CSR B and B.T), sorted by row and column, as int32 bytearrays;\n"
     "sums (float64) adds share[e] over the shared events e, or is None when share is None."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_kernels", NULL, -1, methods, NULL, NULL, NULL, NULL};

PyMODINIT_FUNC PyInit__kernels(void) {
    PyObject *m = PyModule_Create(&module);
    if (m && PyModule_AddIntConstant(m, "MAX_COLUMNS", MAX_COLUMNS) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
