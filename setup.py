"""The one part of the build that pyproject.toml cannot state without an experimental setuptools
feature: helixnet's compiled kernels (helixnet/_kernels.c): the counting pass of the information
measures, the masked sparse products of structural holes and brokerage, and the collaboration
projection (the ties above the diagonal of B B^T, sorted).

It is optional: where no C compiler is found the install goes on, and numpy and scipy compute the
same results, more slowly.
"""

from setuptools import Extension, setup

setup(ext_modules=[Extension("helixnet._kernels", ["helixnet/_kernels.c"], optional=True)])
