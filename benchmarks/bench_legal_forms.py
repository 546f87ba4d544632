"""Company legal forms on non-firms: CORDIS evidence per legal form and per co-occurring word class.

``python -m benchmarks legal_forms [--min-support N]``

Which words, next to a company legal form (GmbH, Ltd, AB, AS, S.A., ...), make a name a research
organisation, a public body or "not a firm"? The evidence is CORDIS's activityType of the named
H2020 organisations (``raw/spaghetti_odfest2017/stacked_dump.csv``; PRC -> industry, HES/REC ->
knowledge, PUB -> government, OTH -> other) of all countries except the held-out AT, FI, PL, PT
(their names are in the hand-labelled evaluation set; ``helices_data._cordis.HELD_OUT_COUNTRIES``).

The population: names whose rule decision (``method="rules"``) is a company legal-form rule
(``name:legal-form:...``) or one of the company combinations (``name:research-institute-company``,
``name:university-company``). All CORDIS countries (held-out ones removed) are split in two halves by sorted country code,
alternately (A: 1st, 3rd, ...; B: 2nd, 4th, ...). A word class or a single word is *chosen* on
one half when, there, it has at least ``--min-support`` names from at least two countries and at
least 90 % of them are knowledge (HES/REC) or not PRC; its agreement is then reported on the
other half, out of sample.

Printed: per half, the PRC share (agreement of the legal-form decision with CORDIS) overall and
per legal form; per word class of :data:`helixnet.NAME_WORD_CLASSES` (and the universities of
applied sciences; classes with fewer than 5 names left out) the shares PRC / knowledge / PUB / OTH
and the number of countries; and the words chosen on one half with their figures on the other.
"""

from __future__ import annotations

import argparse
import re

import pandas as pd

import helixnet as hx
from helixnet.helices_data._cordis import cordis_organisations

COMPANY_COMBINATIONS = ("name:research-institute-company", "name:university-company")
KNOWLEDGE = ("HES", "REC")


def whole_words(patterns) -> re.Pattern:
    """One regular expression matching any of the patterns as whole words of a normalised name."""
    return re.compile("(?<![A-Z0-9])(?:" + "|".join(f"(?:{p})" for p in patterns) + ")(?![A-Z0-9])")


def legal_form_names() -> pd.DataFrame:
    """CORDIS names decided by a company legal form (or a company combination), with their half."""
    orgs = cordis_organisations()
    countries = sorted(orgs["country"].dropna().unique())
    orgs["half"] = orgs["country"].map({c: "AB"[i % 2] for i, c in enumerate(countries)})
    decided = hx.classify_names(orgs["name"], method="rules")
    orgs["rule"] = decided["rule"].to_numpy()
    orgs["normalised"] = hx.normalise_name_for_rules(orgs["name"]).to_numpy()
    orgs = orgs[orgs["rule"].str.startswith("name:legal-form:") | orgs["rule"].isin(COMPANY_COMBINATIONS)]
    orgs = orgs[orgs["activityType"].isin(["PRC", *KNOWLEDGE, "PUB", "OTH"])]
    return orgs.reset_index(drop=True)


def shares(group: pd.DataFrame) -> pd.Series:
    kind = group["activityType"]
    return pd.Series({
        "n": len(group),
        "PRC": kind.eq("PRC").mean(),
        "knowledge": kind.isin(KNOWLEDGE).mean(),
        "PUB": kind.eq("PUB").mean(),
        "OTH": kind.eq("OTH").mean(),
        "countries": group["country"].nunique(),
    })


def by_half(frame: pd.DataFrame, key: pd.Series) -> pd.DataFrame:
    """shares() per key value and half, the halves side by side."""
    table = frame.groupby([key, frame["half"]]).apply(shares, include_groups=False).unstack("half")
    table.columns = [f"{stat} {half}" for stat, half in table.columns]
    order = [f"{stat} {half}" for stat in ("n", "PRC", "knowledge", "PUB", "OTH", "countries") for half in "AB"]
    return table.reindex(columns=order)


def word_classes() -> dict[str, re.Pattern]:
    classes = {name: patterns for name, patterns in hx.NAME_WORD_CLASSES.items() if patterns}
    rules = hx.NAME_RULES
    classes["university-of-applied-sciences"] = tuple(rules.loc[rules["rule"].str.startswith("name:university-of-applied-sciences"), "pattern"])
    return {name: whole_words(patterns) for name, patterns in classes.items()}


def chosen_words(frame: pd.DataFrame, min_support: int) -> pd.DataFrame:
    """Single words chosen on one half (>= 90 % knowledge or not PRC there), with the other half's figures."""
    words = frame.assign(word=frame["normalised"].str.split()).explode("word").drop_duplicates(["orgId", "word"])
    words = words.assign(not_prc=words["activityType"].ne("PRC"), knowledge=words["activityType"].isin(KNOWLEDGE))
    per_half = {
        half: group.groupby("word").agg(n=("not_prc", "size"), not_prc=("not_prc", "mean"),
                                        knowledge=("knowledge", "mean"), countries=("country", "nunique"))
        for half, group in words.groupby("half")
    }
    out = []
    for chosen_on, other in (("A", "B"), ("B", "A")):
        here = per_half[chosen_on]
        picked = here[(here["n"] >= min_support) & (here["countries"] >= 2) & ((here["not_prc"] >= 0.9) | (here["knowledge"] >= 0.9))]
        there = per_half[other].reindex(picked.index)
        both = pd.concat({"choice half": picked, "held-out half": there}, axis=1)
        out.append(both.set_axis(pd.MultiIndex.from_product([[chosen_on], picked.index], names=["chosen on", "word"])))
    return pd.concat(out) if out else pd.DataFrame()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks legal_forms", description=__doc__.splitlines()[0])
    parser.add_argument("--min-support", type=int, default=4, help="names a word needs on the choice half (default 4)")
    args = parser.parse_args(argv)
    pd.set_option("display.width", 250)
    pd.set_option("display.max_rows", 200)
    frame = legal_form_names()
    print(f"{len(frame)} names decided by a company legal form (half A {frame['half'].eq('A').sum()}, half B {frame['half'].eq('B').sum()})")
    print(by_half(frame, pd.Series("all", index=frame.index, name="all")).round(3).to_string())
    print("\nper legal form (names the legal-form rule decides):")
    print(by_half(frame, frame["rule"].rename("rule")).round(3).sort_values("n A", ascending=False).to_string())
    print("\nper word class next to the legal form:")
    rows = []
    for name, pattern in word_classes().items():
        hit = frame["normalised"].map(lambda text, p=pattern: p.search(text) is not None)
        if hit.sum() >= 5:
            rows.append(by_half(frame[hit], pd.Series(name, index=frame.index[hit], name="class")))
    classes = pd.concat(rows)
    print(classes.round(3).sort_values("PRC A").to_string())
    chosen_classes = [
        f"{name} (chosen on {half})" for name, row in classes.iterrows() for half in "AB"
        if row[f"n {half}"] >= args.min_support and row[f"countries {half}"] >= 2
        and (row[f"knowledge {half}"] >= 0.9 or row[f"PRC {half}"] <= 0.1)
    ]
    print("word classes chosen (>= 90 % knowledge or not PRC on a half): " + (", ".join(chosen_classes) or "none"))
    print(f"\nsingle words chosen on one half (>= {args.min_support} names, >= 2 countries, >= 90 % knowledge or not PRC):")
    chosen = chosen_words(frame, args.min_support)
    print(chosen.round(3).to_string() if len(chosen) else "none")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
