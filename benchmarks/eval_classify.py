"""Helix classification scored on the held-out, hand-labelled evaluation set.

``python -m benchmarks.eval_classify [--method rules|model|both] [--set PATH]``

The set (``tests/data/helix_evaluation/evaluation.csv``, see its README) holds organisation
strings from CORDIS organisations of held-out countries and from Web of Science, Scopus and
OpenAlex exports of other projects, each labelled by hand. Only the texts go into
:func:`helixnet.classify_names` (or :func:`helixnet.classify_helix` with ``method=`` when
``--method`` is given, with the set's ``country`` column where it has one, as the publication
readers give it); the hand labels are the reference.

Printed, overall and per source:

- per helix: support (rows labelled so), predicted (rows put there), precision (share of the rows
  put in that helix whose label agrees) and recall (share of the rows labelled so that were put
  there);
- the unknown share (rows answered ``unknown``) and the accuracy over all rows;
- the confusion matrix (rows: hand label, columns: answer).

Rows labelled ``unknown`` (a human could not decide) count in the unknown share and the
confusion matrix, not in precision or recall of any helix.

The CORDIS rows were drawn with the same number per activityType (HES, REC, PRC, PUB, OTH),
which CORDIS does not have: firms are about half of its organisations. So the CORDIS rows are
scored once more with each row weighted by its activityType's share among the CORDIS
organisations of the rows' countries over its share among the set's CORDIS rows: the figures a
random stream of those countries' CORDIS names would give (when the shared data are there). Goal (issue 14): precision >= 0.95
per helix, unknown <= 10 %.

With ``--answers PATH`` (a CSV with the set's ``text`` in the same order and a ``helix`` column,
such as ``second_labeller/evaluation.csv``) nothing is classified: those answers are scored as the
classifier's would be, so a second hand labelling measures how far two labellers agree.

Keep this set apart from rule and model development: do not tune on its rows.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

import helixnet as hx

EVALUATION_SET = Path(__file__).resolve().parents[1] / "tests" / "data" / "helix_evaluation" / "evaluation.csv"
HELICES = ("knowledge", "industry", "government", "civil")
LABELS = (*HELICES, "unknown")


def load(path: Path = EVALUATION_SET) -> pd.DataFrame:
    """The evaluation set as strings (empty cells stay empty strings)."""
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def classify(texts: pd.Series, method: str | None, min_confidence: float | None = None, countries: pd.Series | None = None) -> pd.Series:
    """Helix of each text; ``method`` and ``min_confidence`` are passed only when given (older
    versions lack them); ``countries`` (a set's ``country`` column, ISO codes) go in the column
    ``country``, which versions before the country lookup ignore."""
    options = {} if min_confidence is None else {"min_confidence": min_confidence}
    if method is None:
        return hx.classify_names(texts, **options)["helix"]
    frame = pd.DataFrame({"name": texts}, index=texts.index)
    if countries is not None:
        frame["country"] = countries.replace("", None)
    return hx.classify_helix(frame, method=method, **options)["helix"]


def answers(path: Path, texts: pd.Series) -> pd.Series:
    """The ``helix`` column of ``path``, checked to answer ``texts`` row by row."""
    given = load(path)
    if given["text"].tolist() != texts.tolist():
        raise SystemExit(f"{path} does not hold the set's texts in the set's order")
    return pd.Series(given["helix"].to_numpy(), index=texts.index)


def scores(truth: pd.Series, predicted: pd.Series, weight: pd.Series | None = None) -> pd.DataFrame:
    """Support, predicted count, precision and recall per helix (each row counted ``weight`` times)."""
    weight = pd.Series(1.0, index=truth.index) if weight is None else weight
    rows = {}
    for helix in HELICES:
        labelled = truth == helix
        put_here = predicted == helix
        hits = weight[labelled & put_here].sum()
        rows[helix] = {
            "support": int(labelled.sum()),
            "predicted": int(put_here.sum()),
            "precision": hits / weight[put_here].sum() if put_here.any() else float("nan"),
            "recall": hits / weight[labelled].sum() if labelled.any() else float("nan"),
        }
    return pd.DataFrame(rows).T


def prevalence_weights(cordis: pd.DataFrame) -> pd.Series | None:
    """Per CORDIS row: its activityType's share among the CORDIS organisations of the rows'
    countries (``source_detail`` starts with the country code: "PL; 999...", "FR 999...") over its share among these rows;
    None without the shared data."""
    from helixnet.helices_data._cordis import stacked_dump_path

    try:
        path = stacked_dump_path()
    except FileNotFoundError:
        return None
    countries = cordis["source_detail"].str.extract(r"^([A-Z]{2})\b", expand=False).dropna().unique()
    organisations = pd.read_csv(path, dtype=str, usecols=["orgId", "activityType", "country"]).dropna()
    organisations = organisations[organisations["country"].isin(countries)].drop_duplicates("orgId")
    population = organisations["activityType"].value_counts(normalize=True)
    sample = cordis["cordis_activity_type"].value_counts(normalize=True)
    return cordis["cordis_activity_type"].map(population / sample).astype(float)


def confusion(truth: pd.Series, predicted: pd.Series) -> pd.DataFrame:
    """Counts of hand label (rows) x answer (columns), every label shown."""
    table = pd.crosstab(truth.rename("label"), predicted.rename("answer"))
    return table.reindex(index=list(LABELS), columns=list(LABELS), fill_value=0)


def report(name: str, truth: pd.Series, predicted: pd.Series, matrix: bool, weight: pd.Series | None = None) -> None:
    print(f"\n== {name}: {len(truth)} rows")
    table = scores(truth, predicted, weight)
    print(table.to_string(formatters={"support": "{:.0f}".format, "predicted": "{:.0f}".format,
                                      "precision": "{:.3f}".format, "recall": "{:.3f}".format}))
    weight = pd.Series(1.0, index=truth.index) if weight is None else weight
    unknown, right = weight[predicted == "unknown"].sum() / weight.sum(), weight[predicted == truth].sum() / weight.sum()
    print(f"unknown share {unknown:.3f}   accuracy {right:.3f}")
    if matrix:
        print(confusion(truth, predicted).to_string())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--method", default=None, help="passed to classify_helix(method=...); default: classify_names")
    parser.add_argument("--set", type=Path, default=EVALUATION_SET, help="evaluation CSV")
    parser.add_argument("--min-confidence", type=float, default=None, help="passed to classify_helix(min_confidence=...)")
    parser.add_argument("--answers", type=Path, default=None, help="score this CSV's helix column instead of classifying")
    args = parser.parse_args(argv)
    data = load(args.set)
    if args.answers is None:
        predicted = classify(data["text"], args.method, args.min_confidence, data.get("country"))
        print(f"helixnet {getattr(hx, '__version__', '?')}, method={args.method or 'classify_names'}, "
              f"min_confidence={args.min_confidence}, set={args.set}")
    else:
        predicted = answers(args.answers, data["text"])
        print(f"answers {args.answers}, set={args.set}")
    report("all sources", data["helix"], predicted, matrix=True)
    for source, part in data.groupby("source", sort=True):
        report(f"source {source}", part["helix"], predicted[part.index], matrix=False)
    cordis = data[data["source"] == "cordis"]
    weight = prevalence_weights(cordis) if len(cordis) else None
    if weight is not None:
        report("source cordis, weighted by activityType prevalence (counts unweighted)", cordis["helix"],
               predicted[cordis.index], matrix=False, weight=weight)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
