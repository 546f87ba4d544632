"""Name-rule families against CORDIS evidence, per co-occurring word class and per single word.

``python -m benchmarks rule_evidence [--family FAMILY] [--min-support N]``

Which words, next to a rule family's word, flip its decision? E.g. which words next to a company
legal form (GmbH, Ltd, AB, ...) make a name a research organisation or "not a firm"; which words
next to "institute" make it a public body or "not knowledge". The evidence is CORDIS's
activityType of the named H2020 organisations (``raw/spaghetti_odfest2017/stacked_dump.csv``;
PRC -> industry, HES/REC -> knowledge, PUB -> government, OTH -> other) of all countries except
the held-out AT, FI, PL, PT (their names are in the hand-labelled evaluation set;
``helices_data._cordis.HELD_OUT_COUNTRIES``).

The population: names whose rule decision (``method="rules"``) is one of the family's rules
(``--family institute``: ``name:institute(en)``, ``name:institute(fr)``, ...; ``legal-form``: the
company legal-form rules ``name:legal-form:...`` and the company combinations
``name:research-institute-company``, ``name:university-company``). All CORDIS countries
(held-out ones removed) are split in two halves by sorted country code, alternately (A: 1st,
3rd, ...; B: 2nd, 4th, ...). A word class or a single word is *chosen* on one half when, there,
it has at least ``--min-support`` names from at least two countries and at least 90 % of them
are of one of the family's alternatives (legal forms: knowledge, or not PRC; knowledge families:
PUB, or not knowledge; government families: knowledge, or not PUB); its figures are then
reported on the other half, out of sample.

Printed: per half, the share of the family's own activity type (its agreement with CORDIS)
overall and per rule; per word class of :data:`helixnet.NAME_WORD_CLASSES` (and the universities
of applied sciences; classes with fewer than 5 names left out) the shares PRC / knowledge / PUB /
OTH and the number of countries; and the words chosen on one half with their figures on the other.
"""

from __future__ import annotations

import argparse
import re
from dataclasses import dataclass

import pandas as pd

import helixnet as hx
from helixnet.helices_data._cordis import cordis_organisations

COMPANY_COMBINATIONS = ("name:research-institute-company", "name:university-company")
KNOWLEDGE = ("HES", "REC")


@dataclass(frozen=True)
class Family:
    """A rule family: its rules, the activity types that agree with it, and its alternatives."""

    rules: tuple[str, ...]  # rule names or prefixes ending in "(" or ":"
    agrees: tuple[str, ...]
    # (column name, activity types) whose >= 90 % share on a half chooses a word or class
    alternatives: tuple[tuple[str, tuple[str, ...]], ...]

    def selects(self, rule: pd.Series) -> pd.Series:
        prefixes = tuple(r for r in self.rules if r.endswith(("(", ":")))
        return rule.str.startswith(prefixes) | rule.isin(self.rules)


ALL_TYPES = ("PRC", *KNOWLEDGE, "PUB", "OTH")
_NOT_PRC = tuple(t for t in ALL_TYPES if t != "PRC")
_NOT_KNOWLEDGE = tuple(t for t in ALL_TYPES if t not in KNOWLEDGE)
_NOT_PUB = tuple(t for t in ALL_TYPES if t != "PUB")
_KNOWLEDGE_FAMILY = (("PUB", ("PUB",)), ("not_knowledge", _NOT_KNOWLEDGE))
_GOVERNMENT_FAMILY = (("knowledge", KNOWLEDGE), ("not_pub", _NOT_PUB))

FAMILIES: dict[str, Family] = {
    "legal-form": Family(("name:legal-form:", *COMPANY_COMBINATIONS), ("PRC",), (("not_prc", _NOT_PRC), ("knowledge", KNOWLEDGE))),
    **{name: Family((f"name:{name}(",), KNOWLEDGE, _KNOWLEDGE_FAMILY)
       for name in ("institute", "research", "hospital", "science", "laboratory")},
    **{name: Family((f"name:{name}(",), ("PUB",), _GOVERNMENT_FAMILY)
       for name in ("department", "health-authority", "veterans-affairs", "national-archive-library")},
}


def whole_words(patterns) -> re.Pattern:
    """One regular expression matching any of the patterns as whole words of a normalised name."""
    return re.compile("(?<![A-Z0-9])(?:" + "|".join(f"(?:{p})" for p in patterns) + ")(?![A-Z0-9])")


def family_names(family: Family) -> pd.DataFrame:
    """CORDIS names decided by one of the family's rules, with their half."""
    orgs = cordis_organisations()
    countries = sorted(orgs["country"].dropna().unique())
    orgs["half"] = orgs["country"].map({c: "AB"[i % 2] for i, c in enumerate(countries)})
    decided = hx.classify_names(orgs["name"], method="rules")
    orgs["rule"] = decided["rule"].to_numpy()
    orgs["normalised"] = hx.normalise_name_for_rules(orgs["name"]).to_numpy()
    orgs = orgs[family.selects(orgs["rule"].astype(str))]
    orgs = orgs[orgs["activityType"].isin(ALL_TYPES)]
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


def class_table(frame: pd.DataFrame) -> pd.DataFrame:
    """by_half() per word class found in at least 5 names of the frame."""
    rows = []
    for name, pattern in word_classes().items():
        hit = frame["normalised"].map(lambda text, p=pattern: p.search(text) is not None)
        if hit.sum() >= 5:
            rows.append(by_half(frame[hit], pd.Series(name, index=frame.index[hit], name="class")))
    return pd.concat(rows) if rows else pd.DataFrame()


def alternative_share(table: pd.DataFrame, types: tuple[str, ...], half: str) -> pd.Series:
    """Share of the activity types in a by_half() table, from its per-type columns."""
    columns = {"PRC": "PRC", "HES": "knowledge", "REC": "knowledge", "PUB": "PUB", "OTH": "OTH"}
    return sum(table[f"{column} {half}"] for column in dict.fromkeys(columns[t] for t in types))


def chosen_classes(classes: pd.DataFrame, family: Family, min_support: int) -> list[str]:
    chosen = []
    for name, row in classes.iterrows():
        for half in "AB":
            if row[f"n {half}"] < min_support or row[f"countries {half}"] < 2:
                continue
            hits = [label for label, types in family.alternatives
                    if alternative_share(row.to_frame().T, types, half).iloc[0] >= 0.9]
            if hits:
                chosen.append(f"{name} (chosen on {half}: {', '.join(hits)})")
    return chosen


def chosen_words(frame: pd.DataFrame, family: Family, min_support: int) -> pd.DataFrame:
    """Single words chosen on one half (>= 90 % of an alternative there), with the other half's figures."""
    words = frame.assign(word=frame["normalised"].str.split()).explode("word").drop_duplicates(["orgId", "word"])
    words = words.assign(**{label: words["activityType"].isin(types) for label, types in family.alternatives})
    labels = [label for label, _ in family.alternatives]
    per_half = {
        half: group.groupby("word").agg(n=(labels[0], "size"), **{label: (label, "mean") for label in labels},
                                        countries=("country", "nunique"))
        for half, group in words.groupby("half")
    }
    out = []
    for chosen_on, other in (("A", "B"), ("B", "A")):
        here = per_half[chosen_on]
        strong = pd.concat([here[label] >= 0.9 for label in labels], axis=1).any(axis=1)
        picked = here[(here["n"] >= min_support) & (here["countries"] >= 2) & strong]
        there = per_half[other].reindex(picked.index)
        both = pd.concat({"choice half": picked, "held-out half": there}, axis=1)
        out.append(both.set_axis(pd.MultiIndex.from_product([[chosen_on], picked.index], names=["chosen on", "word"])))
    return pd.concat(out) if out else pd.DataFrame()


def report(family_name: str, min_support: int) -> None:
    family = FAMILIES[family_name]
    agrees = "/".join(family.agrees)
    alternatives = " or ".join(label for label, _ in family.alternatives)
    frame = family_names(family)
    print(f"{len(frame)} names decided by the {family_name} rules (half A {frame['half'].eq('A').sum()}, half B {frame['half'].eq('B').sum()}); agreeing activity type: {agrees}")
    if frame.empty:
        print("no CORDIS name is decided by these rules: nothing to measure")
        return
    print(by_half(frame, pd.Series("all", index=frame.index, name="all")).round(3).to_string())
    print(f"\nper {'legal form' if family_name == 'legal-form' else 'rule'} (names the rule decides):")
    print(by_half(frame, frame["rule"].rename("rule")).round(3).sort_values("n A", ascending=False).to_string())
    print(f"\nper word class next to the {family_name} word:")
    classes = class_table(frame)
    agree_column = "PRC A" if family.agrees == ("PRC",) else "PUB A" if family.agrees == ("PUB",) else "knowledge A"
    print(classes.round(3).sort_values(agree_column).to_string() if len(classes) else "none")
    chosen = chosen_classes(classes, family, min_support) if len(classes) else []
    print(f"word classes chosen (>= 90 % {alternatives} on a half): " + (", ".join(chosen) or "none"))
    print(f"\nsingle words chosen on one half (>= {min_support} names, >= 2 countries, >= 90 % {alternatives}):")
    words = chosen_words(frame, family, min_support)
    print(words.round(3).to_string() if len(words) else "none")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks rule_evidence", description=__doc__.splitlines()[0])
    parser.add_argument("--family", choices=sorted(FAMILIES), default="legal-form", help="the rule family (default legal-form)")
    parser.add_argument("--min-support", type=int, default=4, help="names a word needs on the choice half (default 4)")
    args = parser.parse_args(argv)
    pd.set_option("display.width", 250)
    pd.set_option("display.max_rows", 300)
    report(args.family, args.min_support)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
