"""helixnet: network analysis of Triple Helix relations.

The public API is flat: ``import helixnet as hx`` then ``hx.mutual_information``,
``hx.collaboration_graph``, ``hx.brokerage``, ... Each module lists what it exports in its
``__all__``; this file re-exports them all.
"""

from __future__ import annotations

import logging

from . import datasets
from .brokerage import *  # noqa: F401,F403
from .build import *  # noqa: F401,F403
from .clusters import *  # noqa: F401,F403
from .errors import *  # noqa: F401,F403
from .helices import *  # noqa: F401,F403
from .information import *  # noqa: F401,F403
from .io import *  # noqa: F401,F403
from .network import *  # noqa: F401,F403
from .publications import *  # noqa: F401,F403
from .regions import *  # noqa: F401,F403
from .scale import *  # noqa: F401,F403
from .supply import *  # noqa: F401,F403
from .viz import *  # noqa: F401,F403

__version__ = "0.1.0"

logging.getLogger("helixnet").addHandler(logging.NullHandler())
