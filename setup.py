"""The one part of the build that pyproject.toml cannot state without an experimental setuptools
feature: the C counting kernel of the information measures (helixnet/_counting.c).

It is optional: where no C compiler is found the install goes on, and numpy computes the same
counts, up to about twice as slowly on millions of records.
"""

from setuptools import Extension, setup

setup(ext_modules=[Extension("helixnet._counting", ["helixnet/_counting.c"], optional=True)])
