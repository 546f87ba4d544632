"""Train the name model of helixnet.helices on CORDIS and ROR organisation names and store it as arrays.

``python -m helixnet.helices_data.train ROR_GIT_DIR [--cv-only]``

Data, all countries except the held-out ones (``HELD_OUT_COUNTRIES``: their names are in the
evaluation set):

- the named H2020 organisations of CORDIS (ODFest 2017 node table, see ``_cordis``), labelled by
  ``activityType``: HES and REC -> knowledge, PRC -> industry, PUB -> government. OTH ("other")
  is left out: it is not a helix but a remainder (associations, foundations, non-profit research
  centres, international bodies, public-private partnerships), and the name rules put the CORDIS
  OTH names into all five classes.
- the records of a ROR snapshot that are not withdrawn (``ROR_GIT_DIR``, the git directory of
  ror-community/ror-records, read as ``build_ror`` reads it, without its 2021 extract; the record's country from its
  location): each record's display name, labels and aliases (Latin script; ROR's appended
  "(Country)" removed), labelled by the record's type where that type is one Triple Helix sphere
  (:data:`ROR_TYPE_HELIX`: education and facility -> knowledge, company -> industry, government
  -> government; "funder" beside one of them changes nothing). Nonprofit, healthcare, archive
  and other records, and records of two spheres, are left out; so are the government names that
  the ROR lookup of helices would not call government either (research institutes, museums,
  libraries, hospitals) unless a name rule does, and names that records of two spheres bear.
  Every :data:`WOS_SHARE`-th ROR name is added again in its Web of Science form where that
  differs (``wos_abbreviations.csv``: "NATL OCEANOG CTR"), so that the model sees names as WoS
  addresses write them.

No "civil" class: no source gives clean civil examples (CORDIS OTH and ROR nonprofit mix
research organisations, associations and charities); civil society is left to the name rules.

Model: TF-IDF over hashed character 2- to 5-grams of ``normalise_name_for_rules`` (helices'
``model_features``, numpy only), multinomial logistic regression (scikit-learn, lbfgs,
class weights balanced), probabilities calibrated by one temperature fitted on out-of-fold scores
(cross-validation grouped by country, the ISO code for CORDIS and ROR alike (CORDIS's UK and EL read as
GB and GR, ``helixnet._countries``): no country is in training and test at once). Stored in
``name_model.npz``: the buckets seen in training, their idf and coefficients (float16: the
probabilities differ from float64 ones by less than 1e-3), the intercepts, the temperature:
arrays only, no pickle, read with numpy alone (``helices._name_model``).

Printed: out-of-fold precision per helix at several thresholds on the names the model is asked
about with ``method="both"`` (CORDIS names, OTH ones counted wrong, that no rule and no ROR name
decides), the same on the ROR names no name rule decides, and the calibration (reliability bins).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

from .._countries import EU_TO_ISO, iso_country
from ._cordis import HELD_OUT_COUNTRIES, cordis_organisations
from .build_lists import ror_json_records

HERE = Path(__file__).parent
LABELS = {"HES": "knowledge", "REC": "knowledge", "PRC": "industry", "PUB": "government"}
#: ROR types whose records are one helix (see :func:`ror_record_helix`).
ROR_TYPE_HELIX = {"education": "knowledge", "facility": "knowledge", "company": "industry", "government": "government"}
#: Every WOS_SHARE-th ROR name is added in its Web of Science form as well.
WOS_SHARE = 2
C_REGULARISATION = 10.0
FOLDS = 5
THRESHOLDS_REPORTED = (0.5, 0.7, 0.8, 0.9, 0.95, 0.98, 0.99)


def cordis_training_data() -> pd.DataFrame:
    """CORDIS names with a helix (columns name, helix, country, source="cordis")."""
    data = cordis_organisations()
    data = data[data["activityType"].isin(list(LABELS))].copy()
    data["helix"] = data["activityType"].map(LABELS)
    data["source"] = "cordis"
    return data[["name", "helix", "country", "source"]].reset_index(drop=True)


def ror_record_helix(record: dict) -> str | None:
    """The helix of a ROR record's types where it is unambiguous for Triple Helix, else None.

    Education and facility are knowledge, company industry, government government; "funder" beside
    one of them says nothing more (universities and ministries fund); any other type (nonprofit,
    healthcare, archive, other) or two helices at once leave the record out.
    """
    types = {t.lower() for t in record.get("types", [])} - {"funder"}
    helices = {ROR_TYPE_HELIX.get(t) for t in types}
    return helices.pop() if len(helices) == 1 and None not in helices else None


def ror_record_country(record: dict) -> str:
    """ISO country code of a ROR record (v2 ``locations``, v1 ``country``), "" when it has none."""
    for location in record.get("locations") or []:
        code = (location.get("geonames_details") or {}).get("country_code")
        if code:
            return iso_country(str(code))
    return iso_country(str((record.get("country") or {}).get("country_code") or ""))


def ror_training_data(records) -> pd.DataFrame:
    """ROR names with a helix (columns name, helix, country, source="ror"); see the module docstring."""
    from ..helices import classify_names, normalise_name_for_rules
    from .build_ror import TRAILING_PARENTHESIS, is_latin, record_names

    held_out = {iso_country(code) for code in HELD_OUT_COUNTRIES}
    rows = []
    for record in records:
        helix = ror_record_helix(record)
        country = ror_record_country(record)
        if helix is None or not country or country in held_out:
            continue
        names, _ = record_names(record)
        for name in {TRAILING_PARENTHESIS.sub("", n) for n in names}:
            if name and is_latin(name):
                rows.append((name, helix, country))
    data = pd.DataFrame(rows, columns=["name", "helix", "country"])
    normalised = normalise_name_for_rules(data["name"])
    # ROR types research institutes, museums, libraries and hospitals "government", not Triple Helix
    # government: a government name is kept where the ROR lookup of helices (which leaves those
    # names to the rules) or a name rule calls it government.
    government = data["helix"].eq("government")
    decided = classify_names(data.loc[government, "name"], method="rules")
    clear = decided["rule"].eq("ror:government") | decided["helix"].eq("government")
    unclear = pd.Series(False, index=data.index)
    unclear[government] = ~clear.to_numpy()
    data = data[~unclear & normalised.ne("")]
    # a name that records of two helices bear teaches nothing
    helices_per_name = data.assign(key=normalised).groupby("key")["helix"].transform("nunique")
    data = data[helices_per_name.eq(1)].drop_duplicates(["name", "country"])
    data["source"] = "ror"
    return data.reset_index(drop=True)


def wos_forms_of(names: pd.Series) -> pd.Series:
    """Web of Science forms of normalised names (``wos_abbreviations.csv``), "" where nothing changes."""
    from ._ror import wos_form, wos_short_forms

    short = wos_short_forms()
    forms = names.map(lambda name: wos_form(name, short))
    return forms.where(forms.ne(names) & forms.str.contains(" ", regex=False), "")


def training_data(ror_dir: Path | None) -> pd.DataFrame:
    """CORDIS and (with ``ror_dir``) ROR names: columns name, normalised, helix, country, source.

    Every ``WOS_SHARE``-th ROR name is added again in its Web of Science form where that differs (source "ror-wos"), so that the model sees addresses as WoS writes them.
    """
    from ..helices import normalise_name_for_rules

    parts = [cordis_training_data()]
    if ror_dir is not None:
        parts.append(ror_training_data(ror_json_records(ror_dir)))
    data = pd.concat(parts, ignore_index=True)
    data["normalised"] = normalise_name_for_rules(data["name"])
    if ror_dir is not None:
        ror = data[data["source"] == "ror"]
        forms = wos_forms_of(ror["normalised"])
        chosen = forms.ne("") & (np.arange(len(ror)) % WOS_SHARE == 0)
        wos = ror[chosen].assign(normalised=forms[chosen], source="ror-wos")
        data = pd.concat([data, wos], ignore_index=True)
    check_countries(data)
    return data[data["normalised"].ne("")].reset_index(drop=True)


def check_countries(data: pd.DataFrame) -> None:
    """Fail unless ``country`` is one ISO code per country and no held-out country is in ``data``.

    CORDIS writes the United Kingdom and Greece as UK and EL, ROR as GB and GR: grouped by the
    codes as written, one country would be two groups and sit in training and test at once.
    """
    eu = sorted(set(data["country"]) & set(EU_TO_ISO))
    held_out = sorted(set(data["country"]) & {iso_country(c) for c in HELD_OUT_COUNTRIES})
    if eu or held_out:
        raise SystemExit(f"training countries must be ISO codes without the held-out ones; found EU codes {eu}, held-out {held_out}")


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


def cross_validate(data: pd.DataFrame, other: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, float]:
    """Out-of-fold scores of ``data`` and ``other`` (GroupKFold by country) and the fitted temperature.

    ``other`` (the CORDIS OTH names) is never trained on; each of its names is scored by the
    model of the fold that holds its country out.
    """
    from sklearn.model_selection import GroupKFold

    from ..helices import MODEL_HELICES, model_features

    truth = data["helix"].map({h: i for i, h in enumerate(MODEL_HELICES)}).to_numpy()
    countries = pd.concat([data["country"], other["country"]]).unique()
    fold_of_country = dict(zip(countries, np.zeros(len(countries), dtype=np.int64)))
    for k, (_, test) in enumerate(GroupKFold(n_splits=FOLDS).split(data, truth, groups=data["country"])):
        fold_of_country.update(dict.fromkeys(data["country"].iloc[test].unique(), k))
    fold = data["country"].map(fold_of_country).to_numpy()
    other_fold = other["country"].map(fold_of_country).fillna(-1).astype(np.int64).to_numpy()
    names = data["normalised"].tolist()
    other_names = other["normalised"].tolist()
    scores = np.zeros((len(data), len(MODEL_HELICES)))
    other_scores = np.full((len(other), len(MODEL_HELICES)), np.nan)
    for k in range(FOLDS):
        train = np.flatnonzero(fold != k)
        idf = _idf([names[i] for i in train])
        model = _fit(model_features([names[i] for i in train], idf), truth[train])
        test = np.flatnonzero(fold == k)
        scores[test] = model.decision_function(model_features([names[i] for i in test], idf))
        here = np.flatnonzero(other_fold == k)
        if len(here):
            other_scores[here] = model.decision_function(model_features([other_names[i] for i in here], idf))
        print(f"fold {k}: {len(test):,} names of {data['country'].iloc[test].nunique()} countries")
    return scores, other_scores, _temperature(scores, truth)


def report(data: pd.DataFrame, other: pd.DataFrame, scores: np.ndarray, other_scores: np.ndarray, temperature: float) -> None:
    """Print out-of-fold precision per helix at several thresholds, on the names the model is asked about."""
    from ..helices import MODEL_HELICES, classify_names

    classes = list(MODEL_HELICES)
    every = pd.concat([data.assign(truth=data["helix"]), other.assign(truth="other")], ignore_index=True)
    probability = _softmax(np.vstack([scores, other_scores]) / temperature)
    scored = ~np.isnan(probability).any(axis=1)
    rules = classify_names(every["normalised"], method="rules")["rule"].to_numpy(dtype=str)
    every["asked"] = (rules == "none") & scored  # with method="both": no rule and no ROR name decided
    every["no_name_rule"] = ((rules == "none") | np.char.startswith(rules, "ror:")) & scored
    every["predicted"] = np.asarray(classes, dtype=object)[np.nan_to_num(probability).argmax(axis=1)]
    every["top"] = np.nan_to_num(probability).max(axis=1)
    print(f"Grouped cross-validation ({FOLDS} folds by country; countries {', '.join(HELD_OUT_COUNTRIES)} held out of "
          f"everything); temperature {temperature}")
    overall = every[scored & every["truth"].ne("other")]
    print(f"all training names out of fold: accuracy {(overall['predicted'] == overall['truth']).mean():.3f} "
          f"({len(overall):,} names)")
    populations = {
        "CORDIS names no rule and no ROR name decides (OTH counted wrong)": every["source"].eq("cordis") & every["asked"],
        "ROR names (and WoS forms) no name rule decides": every["source"].str.startswith("ror") & every["no_name_rule"],
    }
    for title, population in populations.items():
        part = every[population]
        print(f"\n{title}: {len(part):,} names ({part['truth'].value_counts().to_dict()})")
        rows = []
        for threshold in THRESHOLDS_REPORTED:
            row = {"threshold": threshold}
            for helix in classes:
                taken = part[(part["predicted"] == helix) & (part["top"] >= threshold)]
                row[f"{helix} n"] = len(taken)
                row[f"{helix} precision"] = (taken["truth"] == helix).mean() if len(taken) else np.nan
            row["decided"] = (part["top"] >= threshold).mean()
            rows.append(row)
        with pd.option_context("display.float_format", "{:.3f}".format, "display.width", 250):
            print(pd.DataFrame(rows).set_index("threshold").to_string())
    part = every[scored & every["truth"].ne("other")]
    bins = np.digitize(part["top"], [0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99])
    reliability = pd.DataFrame({"bin": bins, "p": part["top"], "right": part["predicted"] == part["truth"]}).groupby("bin").agg(
        n=("p", "size"), mean_probability=("p", "mean"), accuracy=("right", "mean"))
    print("\nCalibration (top probability bins, out of fold, all training names):")
    print(reliability.to_string())


def _idf(names: list[str]) -> np.ndarray:
    from ..helices import MODEL_BUCKETS, ngram_counts

    _, bucket, _ = ngram_counts(names)
    document_frequency = np.bincount(bucket, minlength=MODEL_BUCKETS)
    idf = np.zeros(MODEL_BUCKETS)
    seen = document_frequency > 0
    idf[seen] = np.log((1 + len(names)) / (1 + document_frequency[seen])) + 1.0
    return idf


def _check_stored_precision(model, idf: np.ndarray, features: np.ndarray, names: list[str]) -> None:
    """Fail unless float16 idf and coefficients give the float64 model's probabilities to 1e-3."""
    from ..helices import model_features

    idf16 = np.zeros_like(idf)
    idf16[features] = idf[features].astype(np.float16)
    coef16 = model.coef_.astype(np.float16).astype(np.float64)
    exact = _softmax(model.decision_function(model_features(names, idf)))
    stored = _softmax(model_features(names, idf16) @ coef16.T + model.intercept_)
    difference = float(np.abs(exact - stored).max())
    print(f"float16 storage: largest probability difference {difference:.2e} over the training names")
    if difference > 1e-3:
        raise SystemExit("float16 storage changes the probabilities by more than 1e-3; store float32")


def main(argv: list[str] | None = None) -> int:
    from ..helices import MODEL_HELICES, model_features, normalise_name_for_rules

    parser = argparse.ArgumentParser(prog="python -m helixnet.helices_data.train")
    parser.add_argument("ror", type=Path, help="git directory of a ror-community/ror-records snapshot")
    parser.add_argument("--cv-only", action="store_true", help="cross-validate only, do not write the model")
    args = parser.parse_args(argv)
    data = training_data(args.ror)
    print(f"training names: {data.groupby(['source', 'helix']).size().to_dict()}")
    other = cordis_organisations()
    other = other[other["activityType"].eq("OTH")].assign(source="cordis")
    other["normalised"] = normalise_name_for_rules(other["name"])
    scores, other_scores, temperature = cross_validate(data, other)
    report(data, other, scores, other_scores, temperature)
    if args.cv_only:
        return 0
    names = data["normalised"].tolist()
    truth = data["helix"].map({h: i for i, h in enumerate(MODEL_HELICES)}).to_numpy()
    idf = _idf(names)
    model = _fit(model_features(names, idf), truth)
    features = np.flatnonzero(idf > 0)
    _check_stored_precision(model, idf, features, names)
    np.savez_compressed(
        HERE / "name_model.npz",
        classes=np.array(MODEL_HELICES),
        features=features.astype(np.int32),
        idf=idf[features].astype(np.float16),
        coef=model.coef_[:, features].astype(np.float16),
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
