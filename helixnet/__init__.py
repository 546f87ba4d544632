"""helixnet: network analysis of Triple Helix relations.

The public API is flat: ``import helixnet as hx`` then ``hx.mutual_information``,
``hx.collaboration_graph``, ``hx.brokerage``, ... Each module lists what it exports in its
``__all__``; this file re-exports them all and lists them in its own ``__all__``.
"""

from __future__ import annotations

import logging

from . import (
    brokers,
    build,
    communities,
    datasets,
    errors,
    helices,
    information,
    io,
    network,
    presence,
    publications,
    regions,
    reporting,
    scale,
    supply,
    viz,
)
from .brokers import *  # noqa: F403
from .build import *  # noqa: F403
from .communities import *  # noqa: F403
from .errors import *  # noqa: F403
from .helices import *  # noqa: F403
from .information import *  # noqa: F403
from .io import *  # noqa: F403
from .network import *  # noqa: F403
from .presence import *  # noqa: F403
from .publications import *  # noqa: F403
from .regions import *  # noqa: F403
from .reporting import *  # noqa: F403
from .scale import *  # noqa: F403
from .supply import *  # noqa: F403
from .viz import *  # noqa: F403

__version__ = "0.1.0"

__all__ = [
    "__version__",
    "datasets",
    "scale",
    *brokers.__all__,
    *build.__all__,
    *communities.__all__,
    *errors.__all__,
    *helices.__all__,
    *information.__all__,
    *io.__all__,
    *network.__all__,
    *presence.__all__,
    *publications.__all__,
    *regions.__all__,
    *reporting.__all__,
    *scale.__all__,
    *supply.__all__,
    *viz.__all__,
]

logging.getLogger("helixnet").addHandler(logging.NullHandler())
