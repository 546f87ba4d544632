/* The counting kernel of helixnet.information: the contingency table of integer code columns in
 * one pass over the records.
 *
 * With numpy the same table takes several full passes over the records (the mixed-radix code as
 * a temporary int64 array, then np.bincount, which scans that array twice); here each record is
 * read once, its cell computed in registers and counted. The loops for two and three columns,
 * the common cases, are written out so that the compiler keeps everything in registers.
 *
 * count_cells(codes, sizes, counts) -> int
 *   codes:  sequence of 1-D C-contiguous arrays of one signed integer type (int8, int16, int32 or
 *           int64) and one length
 *   sizes:  sequence of ints, one per column; column j must hold values in [0, sizes[j])
 *   counts: writable C-contiguous int64 array of prod(sizes) cells; the counts are added to it
 * Returns -1, or the index of the first record with a value outside its range (counting stops
 * there, with the records before it counted).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
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

static PyMethodDef methods[] = {
    {"count_cells", count_cells, METH_VARARGS,
     "count_cells(codes, sizes, counts) -> int: add the count of every mixed-radix cell of the code\n"
     "columns to counts; -1, or the index of the first record with a value out of range."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_counting", NULL, -1, methods, NULL, NULL, NULL, NULL};

PyMODINIT_FUNC PyInit__counting(void) {
    PyObject *m = PyModule_Create(&module);
    if (m && PyModule_AddIntConstant(m, "MAX_COLUMNS", MAX_COLUMNS) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
