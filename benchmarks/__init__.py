"""Side-by-side benchmarks of helixnet and its peer libraries.

Run one with ``python -m benchmarks NAME`` (``python -m benchmarks`` lists them). Each
benchmark is a module ``benchmarks/bench_NAME.py`` with a ``main()`` that runs helixnet and the
peer on the same input in one process, checks that they agree, and prints both times and the
ratio.
"""
