"""Name rules alone against CORDIS's activityType on all 16,592 named H2020 organisations.

``python -m benchmarks classify [--no-abbreviations] [--errors N] [--seed S] [--million [N]]``

``--million``: the speed of :func:`helixnet.classify_names` on 1,000,000 organisation names, all
distinct (each CORDIS name with two words drawn from the words of other CORDIS names appended),
by the name rules alone and by the rules and the name model (``method="both"``) and the model
alone, with the ratio to the rules alone. Goal (issue 14): rules + model under 60 s.

The evaluation set is the node table of the ODFest 2017 H2020 network
(``raw/spaghetti_odfest2017/stacked_dump.csv``: orgId, name, activityType, country). Only the
ids and names go into :func:`helixnet.classify_helix`; the activity types are the reference
(HES/REC -> knowledge, PRC -> industry, PUB -> government). Some names in that file were
UTF-8 decoded as Mac Roman; they are repaired with ``s.encode("mac_roman").decode("utf-8")``
where that round trip works.

Printed: per helix the precision (share of the names put in that helix whose activityType agrees),
recall (share of the organisations of that activityType helix that the names put there), the
decided share and agreement, over the organisations whose activityType is HES, REC, PRC or PUB;
how the OTH organisations were classified; the time of the call (and on a table twice as large);
and a sample of the names it gets wrong, by kind (true -> predicted).

Goals (issue 2): decided >= 80 %, agreement >= 95 % of decided, precision >= 90 % per helix.
"Decided" is strict: a ``civil`` answer for an HES/REC/PRC/PUB organisation counts as decided and
wrong (an association that CORDIS registers as a research organisation); the line after the goals
also gives the figures counting only knowledge/industry/government answers.

Honesty note: this file is the evaluation set, and the figures are in-sample. The rules were
written from general knowledge of organisation naming, and then tuned while looking at the errors
printed here: to find missing generic words, to set the priorities between classes of rules (legal
forms vs institution words, ministries vs universities), and to choose the combination rules
(helixnet.NAME_COMBINATIONS: research institution + company legal form, university + legal form,
public hospital bodies, public body + research, energy agencies, research networks, associations
running a centre, non-profit foundations), which leave kinds of names that were split between
activity types here ``unknown``. Never to add names of particular organisations (the only names
are the short list of research-organisation acronyms, helixnet.RESEARCH_ORGANISATION_ACRONYMS).
Expect somewhat lower agreement on other data.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd

from ._common import SHARED_DATA

import helixnet as hx
from helixnet.helices_data._cordis import repair_mac_roman

STACKED_DUMP = SHARED_DATA / "raw" / "spaghetti_odfest2017" / "stacked_dump.csv"
TRUTH = {"HES": "knowledge", "REC": "knowledge", "PRC": "industry", "PUB": "government"}
HELICES = ("knowledge", "industry", "government")


def load() -> pd.DataFrame:
    raw = pd.read_csv(STACKED_DUMP, dtype=str, keep_default_na=False, na_values=[""],
                      usecols=["orgId", "name", "activityType", "country"])
    raw = raw[raw["name"].notna()].reset_index(drop=True)
    raw["name"] = raw["name"].map(repair_mac_roman)
    return raw


def evaluate(truth: pd.Series, predicted: pd.Series) -> pd.DataFrame:
    rows = {}
    for helix in HELICES:
        put_here = predicted == helix
        really = truth == helix
        rows[helix] = {
            "n": int(really.sum()),
            "predicted": int(put_here.sum()),
            "precision": (put_here & really).sum() / max(put_here.sum(), 1),
            "recall": (put_here & really).sum() / max(really.sum(), 1),
            "decided": (really & (predicted != "unknown")).sum() / max(really.sum(), 1),
            "agreement": (really & (predicted == truth)).sum() / max((really & (predicted != "unknown")).sum(), 1),
        }
    decided = predicted != "unknown"
    rows["all"] = {
        "n": len(truth),
        "predicted": int(decided.sum()),
        "precision": np.nan,
        "recall": (predicted == truth).sum() / len(truth),
        "decided": decided.mean(),
        "agreement": (predicted[decided] == truth[decided]).mean(),
    }
    return pd.DataFrame(rows).T


def distinct_names(names: pd.Series, n: int, seed: int) -> pd.Series:
    """n distinct names: real names, each with two words of other names appended."""
    rng = np.random.default_rng(seed)
    words = pd.Series(names.str.split().explode().dropna().unique())
    base = names.to_numpy(dtype=object)[rng.integers(0, len(names), n)]
    extra = words.to_numpy(dtype=object)[rng.integers(0, len(words), (n, 2))]
    made = pd.Series(base + " " + extra[:, 0] + " " + extra[:, 1], dtype=object).drop_duplicates()
    while len(made) < n:  # top up the few duplicates
        more = distinct_names(names, n - len(made) + 1000, seed + 1)
        made = pd.concat([made, more]).drop_duplicates()
    return made.iloc[:n].reset_index(drop=True)


def speed(names: pd.Series, n: int, seed: int) -> int:
    import gc

    table = distinct_names(names, n, seed)
    hx.classify_names(table.iloc[:1000], method="both")  # load the rule tables and the model once
    times = {}
    for method in ("rules", "both", "model"):
        gc.collect()
        start = time.perf_counter()
        result = hx.classify_names(table, method=method)
        times[method] = time.perf_counter() - start
        shares = result["helix"].value_counts(normalize=True).round(3).to_dict()
        print(f"method={method:5s}: {times[method]:6.1f} s for {len(table):,} distinct names "
              f"({times[method] / times['rules']:.2f} x rules alone); {shares}")
    goal = times["both"] < 60
    print(f"goal: rules + model (method='both') under 60 s: {'met' if goal else 'NOT met'}")
    return 0


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks classify")
    parser.add_argument("--no-abbreviations", action="store_true", help="without the Web of Science abbreviations")
    parser.add_argument("--errors", type=int, default=8, help="wrong names shown per kind")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--million", type=int, nargs="?", const=1_000_000, default=None, metavar="N",
                        help="time classify_names on N distinct names (default 1,000,000) instead")
    args = parser.parse_args(argv)
    if args.million is not None:
        return speed(load()["name"], args.million, args.seed)
    abbreviations = not args.no_abbreviations

    data = load()
    names_only = data[["orgId", "name"]].rename(columns={"orgId": "organisation"})
    seconds = []
    for _ in range(3):
        start = time.perf_counter()
        result = hx.classify_helix(names_only, abbreviations=abbreviations)
        seconds.append(time.perf_counter() - start)
    doubled = pd.concat([names_only, names_only.assign(name=names_only["name"] + " X")], ignore_index=True)
    start = time.perf_counter()
    hx.classify_helix(doubled, abbreviations=abbreviations)
    doubled_seconds = time.perf_counter() - start

    print(f"{len(data):,} named CORDIS organisations, name rules alone (abbreviations={abbreviations}), "
          f"{len(hx.NAME_RULES)} rule rows, {len(hx.NAME_COMBINATIONS)} combination rules")
    print("In-sample: the rules were tuned while looking at the errors on this same file (generic words, "
          "priorities and combination rules; no names of organisations), so expect lower agreement elsewhere.")
    print(f"classify_helix: {min(seconds):.3f} s ({len(names_only):,} names), "
          f"{doubled_seconds:.3f} s ({len(doubled):,} names)")

    scored = data["activityType"].isin(list(TRUTH))
    truth = data.loc[scored, "activityType"].map(TRUTH)
    predicted = result.loc[scored, "helix"]
    table = evaluate(truth, predicted)
    print(f"\nOn the {int(scored.sum()):,} organisations with activityType HES, REC, PRC or PUB:")
    with pd.option_context("display.float_format", "{:.3f}".format):
        print(table.to_string())
    overall = table.loc["all"]
    goals = {
        "decided >= 0.80": overall["decided"] >= 0.80,
        "agreement >= 0.95": overall["agreement"] >= 0.95,
        **{f"precision({h}) >= 0.90": table.loc[h, "precision"] >= 0.90 for h in HELICES},
    }
    print("goals: " + ", ".join(f"{k}: {'met' if ok else 'NOT met'}" for k, ok in goals.items()))
    civil = predicted == "civil"
    three = predicted.isin(HELICES)
    print(f"(strict: a civil decision counts as decided and wrong; {int(civil.sum())} of these organisations were put "
          f"in civil. Counting only knowledge/industry/government decisions: decided {three.mean():.3f}, "
          f"agreement {(predicted[three] == truth[three]).mean():.3f})")
    oth = data["activityType"] == "OTH"
    print(f"OTH organisations ({int(oth.sum())}): " + ", ".join(
        f"{k} {v}" for k, v in result.loc[oth, "helix"].value_counts().items()))

    print("\nBy activityType (rows) and predicted helix (columns):")
    print(pd.crosstab(data["activityType"], result["helix"]).to_string())

    print("\nRules that decided most (all 16,592):")
    print(hx.helix_rule_summary(result).head(25).to_string())

    wrong = scored & (result["helix"] != "unknown") & (result["helix"] != data["activityType"].map(TRUTH))
    print(f"\nWrong names by kind ({int(wrong.sum())} in all), a random sample of {args.errors} each:")
    kinds = pd.DataFrame({
        "kind": data.loc[wrong, "activityType"] + " -> " + result.loc[wrong, "helix"],
        "name": data.loc[wrong, "name"], "country": data.loc[wrong, "country"], "rule": result.loc[wrong, "rule"],
    })
    for kind, group in sorted(kinds.groupby("kind"), key=lambda kv: -len(kv[1])):
        print(f"  {kind} ({len(group)}):")
        sample = group.sample(min(args.errors, len(group)), random_state=args.seed)
        for _, row in sample.iterrows():
            print(f"      [{row['country']}] {row['name']}  <- {row['rule']}")
    undecided = scored & (result["helix"] == "unknown")
    print(f"\nUndecided ({int(undecided.sum())}), a random sample by activityType:")
    for code, group in data[undecided].groupby("activityType"):
        sample = group.sample(min(args.errors, len(group)), random_state=args.seed)
        print(f"  {code} ({len(group)}): " + " | ".join(sample["name"]))
    return 0
