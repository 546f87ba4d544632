"""Train the name model of helixnet.helices on CORDIS organisation names and store it as arrays.

``python -m helixnet.helices_data.train [--cv-only]``

Data: the named H2020 organisations of CORDIS (ODFest 2017 node table, see ``_cordis``), all
countries except the held-out ones (``HELD_OUT_COUNTRIES``: their names are in the evaluation set).
Labels from ``activityType``: HES and REC -> knowledge, PRC -> industry, PUB -> government. OTH
("other") is left out: it is not a helix but a remainder (associations, foundations, non-profit
research centres, international bodies, public-private partnerships), and the name rules put the
CORDIS OTH names into all five classes; training it as "civil" would teach the model noise.
Civil society is left to the name rules.

Model: TF-IDF over hashed character 2- to 5-grams of ``normalise_name_for_rules`` (helices'
``model_features``, numpy only), multinomial logistic regression (scikit-learn, lbfgs,
class weights balanced), probabilities calibrated by one temperature fitted on out-of-fold scores
(cross-validation grouped by country: no country is in training and test at once). Stored in
``name_model.npz``: the buckets seen in training, their idf and coefficients, the intercepts,
the temperature: arrays only, no pickle, read with numpy alone (``helices._name_model``).

Printed: the grouped cross-validation (accuracy, per-helix precision and recall at the chosen
threshold and without one, by fold's countries) and the calibration (reliability bins).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

from ._cordis import HELD_OUT_COUNTRIES, cordis_organisations

HERE = Path(__file__).parent
LABELS = {"HES": "knowledge", "REC": "knowledge", "PRC": "industry", "PUB": "government"}
C_REGULARISATION = 10.0
FOLDS = 5


def training_data() -> pd.DataFrame:
    data = cordis_organisations()
    data = data[data["activityType"].isin(list(LABELS))].copy()
    data["helix"] = data["activityType"].map(LABELS)
    return data.reset_index(drop=True)


def _fit(features, labels: np.ndarray):
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=C_REGULARISATION, class_weight="balanced", max_iter=2000)
    return model.fit(features, labels)


def _softmax(scores: np.ndarray) -> np.ndarray:
    scores = scores - scores.max(axis=1, keepdims=True)
    e = np.exp(scores)
    return e / e.sum(axis=1, keepdims=True)


def _temperature(scores: np.ndarray, truth: np.ndarray) -> float:
    """The temperature that minimises the log loss of softmax(scores / T) (golden-section search)."""
    def loss(t: float) -> float:
        p = _softmax(scores / t)
        return float(-np.log(np.clip(p[np.arange(len(truth)), truth], 1e-12, None)).mean())

    lo, hi = 0.2, 5.0
    for _ in range(60):
        a, b = lo + 0.382 * (hi - lo), lo + 0.618 * (hi - lo)
        if loss(a) < loss(b):
            hi = b
        else:
            lo = a
    return round((lo + hi) / 2, 4)


def cross_validate(data: pd.DataFrame, threshold: float) -> tuple[np.ndarray, float]:
    """Out-of-fold scores (GroupKFold by country) and the fitted softmax temperature; prints the figures."""
    from sklearn.model_selection import GroupKFold

    from ..helices import MODEL_HELICES, model_features, normalise_name_for_rules

    names = normalise_name_for_rules(data["name"]).tolist()
    truth = data["helix"].map({h: i for i, h in enumerate(MODEL_HELICES)}).to_numpy()
    scores = np.zeros((len(data), len(MODEL_HELICES)))
    fold = np.zeros(len(data), dtype=np.int64)
    for k, (train, test) in enumerate(GroupKFold(n_splits=FOLDS).split(names, truth, groups=data["country"])):
        idf = _idf([names[i] for i in train])
        model = _fit(model_features([names[i] for i in train], idf), truth[train])
        scores[test] = model.decision_function(model_features([names[i] for i in test], idf))
        fold[test] = k
    t = _temperature(scores, truth)
    probability = _softmax(scores / t)
    predicted = probability.argmax(axis=1)
    confident = probability.max(axis=1) >= threshold
    print(f"Grouped cross-validation ({FOLDS} folds by country; {len(data):,} organisations; "
          f"countries {', '.join(HELD_OUT_COUNTRIES)} held out of everything); temperature {t}")
    rows = []
    for k in range(FOLDS):
        here = fold == k
        countries = data.loc[here, "country"].value_counts()
        row = {"fold": k, "countries": ", ".join(countries.index[:6]) + (" ..." if len(countries) > 6 else ""),
               "n": int(here.sum()), "accuracy": (predicted[here] == truth[here]).mean(),
               f"decided@{threshold}": confident[here].mean(),
               f"accuracy@{threshold}": (predicted[here & confident] == truth[here & confident]).mean()}
        for i, h in enumerate(MODEL_HELICES):
            put = here & confident & (predicted == i)
            row[f"precision({h})"] = (truth[put] == i).mean() if put.any() else np.nan
        rows.append(row)
    with pd.option_context("display.float_format", "{:.3f}".format, "display.width", 250):
        print(pd.DataFrame(rows).set_index("fold").to_string())
        overall = []
        for i, h in enumerate(MODEL_HELICES):
            put, really = predicted == i, truth == i
            overall.append({"helix": h, "n": int(really.sum()),
                            "precision": (put & really).sum() / max(put.sum(), 1),
                            "recall": (put & really).sum() / max(really.sum(), 1),
                            f"precision@{threshold}": (put & really & confident).sum() / max((put & confident).sum(), 1),
                            f"recall@{threshold}": (put & really & confident).sum() / max(really.sum(), 1)})
        print(pd.DataFrame(overall).set_index("helix").to_string())
        print(f"all: accuracy {(predicted == truth).mean():.3f}; at threshold {threshold}: decided "
              f"{confident.mean():.3f}, accuracy {(predicted[confident] == truth[confident]).mean():.3f}")
        top = probability.max(axis=1)
        bins = np.digitize(top, [0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99])
        reliability = pd.DataFrame({"bin": bins, "p": top, "right": predicted == truth}).groupby("bin").agg(
            n=("p", "size"), mean_probability=("p", "mean"), accuracy=("right", "mean"))
        print("Calibration (top probability bins, out of fold):")
        print(reliability.to_string())
    return scores, t


def _idf(names: list[str]) -> np.ndarray:
    from ..helices import MODEL_BUCKETS, ngram_counts

    _, bucket, _ = ngram_counts(names)
    document_frequency = np.bincount(bucket, minlength=MODEL_BUCKETS)
    idf = np.zeros(MODEL_BUCKETS)
    seen = document_frequency > 0
    idf[seen] = np.log((1 + len(names)) / (1 + document_frequency[seen])) + 1.0
    return idf


def main(argv: list[str] | None = None) -> int:
    from ..helices import (
        MODEL_HELICES,
        MODEL_THRESHOLD,
        model_features,
        normalise_name_for_rules,
    )

    parser = argparse.ArgumentParser(prog="python -m helixnet.helices_data.train")
    parser.add_argument("--cv-only", action="store_true", help="cross-validate only, do not write the model")
    args = parser.parse_args(argv)
    data = training_data()
    _, temperature = cross_validate(data, MODEL_THRESHOLD)
    if args.cv_only:
        return 0
    names = normalise_name_for_rules(data["name"]).tolist()
    truth = data["helix"].map({h: i for i, h in enumerate(MODEL_HELICES)}).to_numpy()
    idf = _idf(names)
    model = _fit(model_features(names, idf), truth)
    features = np.flatnonzero(idf > 0)
    np.savez_compressed(
        HERE / "name_model.npz",
        classes=np.array(MODEL_HELICES),
        features=features.astype(np.int32),
        idf=idf[features].astype(np.float32),
        coef=model.coef_[:, features].astype(np.float32),
        intercept=model.intercept_.astype(np.float64),
        temperature=np.float64(temperature),
        held_out=np.array(HELD_OUT_COUNTRIES),
        n_training=np.int64(len(data)),
    )
    size = (HERE / "name_model.npz").stat().st_size
    print(f"name_model.npz: {len(features):,} buckets, {size / 1024:.0f} KiB, trained on {len(data):,} names")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
