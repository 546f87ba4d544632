"""Integrity of the hand-labelled helix evaluation set (not the classifier's score on it)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

SET_DIR = Path(__file__).parent / "data" / "helix_evaluation"
HELD_OUT_COUNTRIES = {"AT", "FI", "PL", "PT"}


@pytest.fixture(scope="module")
def evaluation() -> pd.DataFrame:
    return pd.read_csv(SET_DIR / "evaluation.csv", dtype=str, keep_default_na=False)


def test_columns_and_size(evaluation: pd.DataFrame) -> None:
    assert list(evaluation.columns) == ["text", "helix", "source", "source_detail", "note", "cordis_activity_type"]
    assert len(evaluation) >= 300


def test_labels_in_vocabulary(evaluation: pd.DataFrame) -> None:
    bad = evaluation.loc[~evaluation["helix"].isin(["knowledge", "industry", "government", "civil", "unknown"]), "helix"]
    assert bad.empty, bad.unique()[:5]


def test_texts_present_and_unique(evaluation: pd.DataFrame) -> None:
    assert (evaluation["text"].str.strip() != "").all()
    duplicated = evaluation.loc[evaluation["text"].duplicated(keep=False), "text"]
    assert duplicated.empty, duplicated.unique()[:5]


def test_every_row_has_a_source(evaluation: pd.DataFrame) -> None:
    assert evaluation["source"].isin(["cordis", "wos", "scopus", "openalex"]).all()
    assert (evaluation["source_detail"].str.strip() != "").all()


def test_cordis_rows_only_from_held_out_countries(evaluation: pd.DataFrame) -> None:
    cordis = evaluation[evaluation["source"] == "cordis"]
    assert set(cordis["source_detail"].str[:2]) == HELD_OUT_COUNTRIES
    assert cordis["cordis_activity_type"].isin(["HES", "REC", "PRC", "PUB", "OTH"]).all()
    assert (evaluation.loc[evaluation["source"] != "cordis", "cordis_activity_type"] == "").all()


def test_readme_counts_match_the_file(evaluation: pd.DataFrame) -> None:
    readme = (SET_DIR / "README.md").read_text(encoding="utf-8")
    counts = pd.crosstab(evaluation["source"], evaluation["helix"])
    for source, row in counts.iterrows():
        cells = " | ".join(str(row.get(h, 0)) for h in ["knowledge", "industry", "government", "civil", "unknown"])
        assert f"| {source} | {cells} | {row.sum()} |" in readme
    assert f"**{len(evaluation)}**" in readme


def test_development_set_is_disjoint_and_well_formed(evaluation: pd.DataFrame) -> None:
    development = pd.read_csv(SET_DIR.parent / "helix_development" / "development.csv", dtype=str, keep_default_na=False)
    assert list(development.columns) == list(evaluation.columns)
    assert development["helix"].isin(["knowledge", "industry", "government", "civil", "unknown"]).all()
    assert not development["text"].duplicated().any()
    assert development["source"].isin(["cordis", "wos", "scopus", "openalex"]).all()
    # Only a count on failure: the evaluation strings are not to be shown while developing.
    assert development["text"].isin(set(evaluation["text"])).sum() == 0
    cordis = development[development["source"] == "cordis"]
    assert not set(cordis["source_detail"].str[:2]) & HELD_OUT_COUNTRIES


def test_weighted_scores_count_each_row_its_weight() -> None:
    from benchmarks.eval_classify import scores

    truth = pd.Series(["industry", "industry", "knowledge", "knowledge"])
    predicted = pd.Series(["industry", "industry", "industry", "knowledge"])
    # Unweighted: industry precision 2/3; with the knowledge rows weighted 1/4 (firms four times
    # as common in the population as in the sample): (1 + 1) / (1 + 1 + 0.25).
    weight = pd.Series([1.0, 1.0, 0.25, 0.25])
    plain, weighted = scores(truth, predicted), scores(truth, predicted, weight)
    assert plain.loc["industry", "precision"] == pytest.approx(2 / 3)
    assert weighted.loc["industry", "precision"] == pytest.approx(2 / 2.25)
    assert weighted.loc["knowledge", "recall"] == pytest.approx(0.25 / 0.5)
    assert weighted.loc["industry", "predicted"] == 3  # counts stay counts


def test_development_readme_counts_match_the_file() -> None:
    folder = SET_DIR.parent / "helix_development"
    development = pd.read_csv(folder / "development.csv", dtype=str, keep_default_na=False)
    readme = (folder / "README.md").read_text(encoding="utf-8")
    counts = development["helix"].value_counts()
    cells = " | ".join(f"**{counts.get(h, 0)}**" for h in ["knowledge", "industry", "government", "civil", "unknown"])
    assert f"| **all** | {cells} | **{len(development)}** |" in readme
    assert f"`development.csv`: {len(development)} organisation strings" in readme


@pytest.mark.parametrize("batch_file", ["publications_batch.csv", "publications_batch4.csv"])
def test_publications_batch_is_disjoint_and_counted_in_the_readme(evaluation: pd.DataFrame, batch_file: str) -> None:
    batch = pd.read_csv(SET_DIR / batch_file, dtype=str, keep_default_na=False)
    assert list(batch.columns) == ["text", "helix", "source", "source_detail", "stratum", "context", "note", "country"]
    assert batch["helix"].isin(["knowledge", "industry", "government", "civil", "unknown"]).all()
    assert batch["source"].isin(["wos", "scopus"]).all() and batch["source_detail"].str.contains("@").all()
    assert not batch["text"].duplicated().any()
    development = pd.read_csv(SET_DIR.parent / "helix_development" / "development.csv", dtype=str, keep_default_na=False)
    earlier = [pd.read_csv(SET_DIR / f, dtype=str, keep_default_na=False) for f in ("heldout_countries_batch.csv", "publications_batch.csv") if f != batch_file]
    for other in (evaluation, development, *earlier):  # counts only: the evaluation strings are not to be shown
        assert batch["text"].str.casefold().isin(set(other["text"].str.casefold())).sum() == 0
    readme = (SET_DIR / "README.md").read_text(encoding="utf-8")
    for stratum, row in pd.crosstab(batch["stratum"], batch["helix"]).iterrows():
        cells = " | ".join(str(row.get(h, 0)) for h in ["knowledge", "industry", "government", "civil", "unknown"])
        assert f"| {stratum} | {cells} | {row.sum()} |" in readme


def test_cordis_horizon_batch5_is_disjoint_stratified_and_counted_in_the_readme(evaluation: pd.DataFrame) -> None:
    batch = pd.read_csv(SET_DIR / "cordis_horizon_batch5.csv", dtype=str, keep_default_na=False)
    assert list(batch.columns) == list(evaluation.columns)
    assert batch["helix"].isin(["knowledge", "industry", "government", "civil", "unknown"]).all()
    assert (batch["source"] == "cordis").all()
    assert (batch["text"].str.strip() != "").all() and not batch["text"].str.casefold().duplicated().any()
    country = batch["source_detail"].str[:2]
    assert set(country) == HELD_OUT_COUNTRIES
    assert batch["source_detail"].str.contains("mjarmak/funding-search-engine@", regex=False).all()
    # Strata of the drawing script: 45 HES, 45 REC, 70 PRC, 45 PUB, 45 OTH, 62 or 63 per country.
    assert batch["cordis_activity_type"].value_counts().to_dict() == {"HES": 45, "REC": 45, "PRC": 70, "PUB": 45, "OTH": 45}
    assert country.value_counts().to_dict() == {"AT": 62, "FI": 62, "PL": 63, "PT": 63}
    development = pd.read_csv(SET_DIR.parent / "helix_development" / "development.csv", dtype=str, keep_default_na=False)
    others = [pd.read_csv(path, dtype=str, keep_default_na=False) for path in SET_DIR.glob("*.csv") if path.name != "cordis_horizon_batch5.csv"]
    for other in (development, *others):  # counts only: the other strings are not to be shown
        assert batch["text"].str.strip().str.casefold().isin(set(other["text"].str.strip().str.casefold())).sum() == 0
    readme = (SET_DIR / "README.md").read_text(encoding="utf-8").split("## A fifth held-out batch", 1)[1]
    helices = ["knowledge", "industry", "government", "civil", "unknown"]
    for code, row in pd.crosstab(country, batch["helix"]).iterrows():
        assert f"| {code} | {' | '.join(str(row.get(h, 0)) for h in helices)} | {row.sum()} |" in readme
    totals = batch["helix"].value_counts()
    assert f"| **batch 5** | {' | '.join(f'**{totals.get(h, 0)}**' for h in helices)} | **{len(batch)}** |" in readme
    for activity, row in pd.crosstab(batch["cordis_activity_type"], batch["helix"]).iterrows():
        assert f"| {activity} | {' | '.join(str(row.get(h, 0)) for h in helices)} | {row.sum()} |" in readme


@pytest.mark.parametrize("name", ["evaluation.csv", "cordis_horizon_batch5.csv"])
def test_second_labelling_answers_every_row_of_its_set(name: str) -> None:
    from benchmarks.eval_classify import answers, load

    data = load(SET_DIR / name)
    second = load(SET_DIR / "second_labeller" / name)
    assert answers(SET_DIR / "second_labeller" / name, data["text"]).isin(
        ["knowledge", "industry", "government", "civil", "unknown"]).all()
    assert second["sure"].isin(["yes", "no"]).all()
    assert (second["evidence"].str.strip() != "").all()


def test_answers_must_hold_the_sets_texts_in_order(tmp_path: Path) -> None:
    from benchmarks.eval_classify import answers

    path = tmp_path / "answers.csv"
    pd.DataFrame({"text": ["B", "A"], "helix": ["industry", "knowledge"]}).to_csv(path, index=False)
    assert answers(path, pd.Series(["B", "A"])).tolist() == ["industry", "knowledge"]
    with pytest.raises(SystemExit, match="order"):
        answers(path, pd.Series(["A", "B"]))
