"""The measured reliability of the name rules' and the ROR lookup's decisions (``rule_reliability.csv``).

Shared by :mod:`helixnet.helices` (a decision's ``confidence``) and the script that builds the
table (``python -m helixnet.helices_data.build_reliability``, where the measure is described).
"""

from __future__ import annotations

import functools
from importlib import resources

import pandas as pd

# Rules that name what they found count as one kind: every brand, acronym and GLEIF association form.
_NAMED_RULE = r"^(name:(?:firm-brand|acronym)):.*$"
_ELF_FORM = r"^name:association\(elf:[^)]*\)$"


def rule_kind(rules: pd.Series) -> pd.Series:
    """The kind of each rule label whose reliability is measured ("name:firm-brand:BOSCH" -> "name:firm-brand")."""
    return rules.astype(str).str.replace(_NAMED_RULE, r"\1", regex=True).str.replace(_ELF_FORM, "name:association(elf)", regex=True)


@functools.cache
def rule_reliability() -> dict[tuple[str, str], float]:
    """(rule kind, helix) -> reliability, from ``rule_reliability.csv``."""
    with resources.files("helixnet.helices_data").joinpath("rule_reliability.csv").open("r", encoding="utf-8") as handle:
        table = pd.read_csv(handle, dtype={"rule_kind": str, "helix": str})
    return {(kind, helix): float(value) for kind, helix, value in zip(table["rule_kind"], table["helix"], table["reliability"])}
