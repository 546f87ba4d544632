"""Maps and figures: self-contained interactive HTML maps (:mod:`helixnet.viz.html`),
static matplotlib figures (:mod:`helixnet.viz.static`)."""

from __future__ import annotations

from . import html as _html_module
from . import static as _static_module
from .html import *  # noqa: F401,F403
from .static import *  # noqa: F401,F403

__all__: list[str] = [*_html_module.__all__, *_static_module.__all__]
