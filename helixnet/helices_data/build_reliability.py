"""Build ``rule_reliability.csv``: how often each kind of name-rule and ROR decision is right.

``python -m helixnet.helices_data.build_reliability``

A rule's decision is compared with a reference on two sets of names (the helix of every decision
of :func:`helixnet.classify_names` with ``method="rules"``: name rules and the ROR lookup):

- the CORDIS H2020 organisations of every country but the held-out ones (``_cordis``), with the
  activity type as the reference: HES and REC knowledge, PRC industry, PUB government. OTH
  ("other") rows are left out: the type names no helix. CORDIS has no type for civil society
  (chambers are PUB or PRC there), so civil decisions are measured on the development set alone.
  The mapping differs from the hand labels of the evaluation set in about one row in ten (see its
  README).
- the hand-labelled development set (``tests/data/helix_development/development.csv``), with its
  labels as the reference (a decision on a row labelled unknown is counted wrong).

Both are in sample: the rules were developed on them. The held-out evaluation set is not read.

Per kind of rule (:func:`helixnet.helices_data._reliability.rule_kind`: "name:firm-brand:BOSCH" counts as
"name:firm-brand") and helix: ``decided`` names, ``agreeing`` ones, and the ``reliability``
(agreeing + k * pooled) / (decided + k), with ``k = PSEUDO_DECISIONS`` and ``pooled`` the share of
agreeing decisions of all kinds that give the same helix: a kind seen on few names is pulled toward
what rules of its helix achieve; a shipped rule that decided none of the names gets the share of
its family (the same rule in other languages: "name:ministry(pl)" that of the other ministry rules),
else that pooled share. :func:`helixnet.classify_helix` reports the reliability as the
``confidence`` of a decision, and ``min_confidence`` leaves the decisions below it unknown.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

from .._files import atomic_write
from ._cordis import cordis_organisations

HERE = Path(__file__).parent
OUTPUT = HERE / "rule_reliability.csv"
DEVELOPMENT_SET = HERE.parents[1] / "tests" / "data" / "helix_development" / "development.csv"
CORDIS_REFERENCE = {"HES": "knowledge", "REC": "knowledge", "PRC": "industry", "PUB": "government"}
PSEUDO_DECISIONS = 10


def reference_names(development: Path = DEVELOPMENT_SET) -> pd.DataFrame:
    """Columns name, reference, civil_known (does the reference tell civil society?) and cordis
    (a CORDIS organisation's name): CORDIS names (HES/REC/PRC/PUB mapped) and the development
    set's labels."""
    cordis = cordis_organisations()
    cordis = cordis[cordis["activityType"].isin(list(CORDIS_REFERENCE))]
    hand = pd.read_csv(development, dtype=str, keep_default_na=False)
    return pd.concat([
        pd.DataFrame({"name": cordis["name"].to_numpy(), "reference": cordis["activityType"].map(CORDIS_REFERENCE).to_numpy(),
                      "civil_known": False, "cordis": True}),
        pd.DataFrame({"name": hand["text"].to_numpy(), "reference": hand["helix"].to_numpy(), "civil_known": True,
                      "cordis": hand["source"].eq("cordis").to_numpy()}),
    ], ignore_index=True)


def reliability_table(names: pd.Series, reference: pd.Series, civil_known: pd.Series, cordis: pd.Series | None = None) -> pd.DataFrame:
    """Per rule kind and helix: decided, agreeing and reliability (see the module docstring); a
    civil decision counts only where ``civil_known``, a CORDIS short-name decision only where the
    name is not a CORDIS organisation's (``cordis``: its own short name would look it up)."""
    from ..helices import NAME_COMBINATIONS, NAME_RULES, classify_names
    from ._reliability import rule_kind
    from ._ror import CIVIL_BODY, RESEARCH_BODY, ror_record_decision

    result = classify_names(names.reset_index(drop=True), method="rules")
    reference = reference.reset_index(drop=True)
    decided = ~result["helix"].eq("unknown") & (result["helix"].ne("civil") | civil_known.reset_index(drop=True))
    if cordis is not None:
        decided &= ~(result["rule"].eq("cordis:short-name") & cordis.reset_index(drop=True))
    frame = pd.DataFrame({
        "rule_kind": rule_kind(result["rule"][decided]),
        "helix": result["helix"][decided],
        "agree": (result["helix"] == reference)[decided],
    })
    table = frame.groupby(["rule_kind", "helix"]).agg(decided=("agree", "size"), agreeing=("agree", "sum")).reset_index()
    # The shipped rules that decided none of these names get their helix's pooled share,
    # and so do the ROR decisions of the codes build_ror adds (research and civil bodies), and the
    # lookup among the names of an organisation's country (the reference names have no country), and
    # the knowledge of a leading acronym (the reference names are rarely written in mixed case).
    added = [ror_record_decision(codes, "") for codes in ("G" + RESEARCH_BODY, "N" + RESEARCH_BODY, "N" + CIVIL_BODY)]
    every = [d for d in (ror_record_decision(codes, "") for codes in ("E", "F", "C", "G", "U")) if d[0] is not None] + added
    ror = ([(helix, f"ror:{kind}") for helix, kind in added] + [(helix, f"ror:{kind}(country)") for helix, kind in every]
           + [(helix, f"ror:{kind}(lead-acronym)") for helix, kind in every if helix == "knowledge"])
    ror += [("government", "name:public-body-of-place")]  # decided in code, not a row of the rules table
    ror_rules = pd.DataFrame({"rule": [rule for _, rule in ror], "helix": [helix for helix, _ in ror]})
    shipped = pd.concat([NAME_RULES[["rule", "helix"]], NAME_COMBINATIONS[["rule", "helix"]], ror_rules], ignore_index=True)
    shipped = pd.DataFrame({"rule_kind": rule_kind(shipped["rule"]), "helix": shipped["helix"]})
    unseen = shipped[shipped["helix"].ne("unknown")].drop_duplicates().merge(table[["rule_kind", "helix"]], how="left", indicator=True)
    unseen = unseen[unseen["_merge"].eq("left_only")].drop(columns="_merge").assign(decided=0, agreeing=0)
    table = pd.concat([table, unseen], ignore_index=True)
    pooled = frame.groupby("helix")["agree"].mean()
    prior = table["helix"].map(pooled)
    # ... or, where rules of its family decided some ("name:ministry(pl)": the other ministry rules), their share (shrunk alike).
    frame["family"], table["family"] = _family(frame["rule_kind"]), _family(table["rule_kind"])
    family = frame.groupby(["family", "helix"])["agree"].agg(["sum", "size"]).reset_index()
    family["share"] = (family["sum"] + PSEUDO_DECISIONS * family["helix"].map(pooled)) / (family["size"] + PSEUDO_DECISIONS)
    by_family = table.merge(family, on=["family", "helix"], how="left")["share"].set_axis(table.index)
    prior = prior.where(table["decided"].gt(0) | by_family.isna(), by_family)
    table["reliability"] = ((table["agreeing"] + PSEUDO_DECISIONS * prior) / (table["decided"] + PSEUDO_DECISIONS)).round(3)
    table = table[table["reliability"].notna()].drop(columns="family")  # unseen rules of a helix no rule decided
    return table.sort_values(["rule_kind", "helix"], kind="stable").reset_index(drop=True)


def _family(kinds: pd.Series) -> pd.Series:
    """The rule kind without its language or variant: "name:ministry(pl)" -> "name:ministry"."""
    return kinds.str.replace(r"\(.*\)$", "", regex=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m helixnet.helices_data.build_reliability")
    parser.parse_args(argv)
    names = reference_names()
    table = reliability_table(names["name"], names["reference"], names["civil_known"], names["cordis"])
    with atomic_write(OUTPUT, "w") as handle:
        table.to_csv(handle, index=False)
    print(f"{OUTPUT.name}: {len(table)} rule kinds from {len(names)} names, {int(table['decided'].sum())} decided")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
