"""Tests for the name model of helixnet.helices, the method switch and the shipped data files."""

from __future__ import annotations

import json
from importlib import resources

import numpy as np
import pandas as pd
import pytest

import helixnet as hx
from helixnet import helices
from helixnet.errors import HelixDataError

# Names written for these tests, not taken from the training data.
UNSEEN = {
    "knowledge": ["Universität Nirgendwo", "Instituto de Investigación Imaginaria", "Università degli Studi di Fantasia"],
    "industry": ["Zorblax Technologies GmbH", "Quintavo Solutions S.r.l.", "Bravemont Industries Ltd"],
    "government": ["Ministerio de Asuntos Imaginarios", "Gemeente Nergenshuizen", "Stadt Irgendwoburg"],
}


@pytest.mark.parametrize("helix", sorted(UNSEEN))
def test_model_classifies_unseen_names(helix: str) -> None:
    result = hx.classify_names(UNSEEN[helix], method="model", threshold=0.5)
    assert result["helix"].tolist() == [helix] * 3
    assert result["rule"].str.fullmatch(r"model:0\.\d\d|model:1\.00").all()
    assert (result["confidence"] >= 0.5).all()


def test_model_probabilities_are_distributions_and_deterministic() -> None:
    names = helices.normalise_name_for_rules(pd.Series([n for group in UNSEEN.values() for n in group])).tolist()
    first = helices._model_probabilities(names)
    second = helices._model_probabilities(list(reversed(names)))[::-1]
    assert np.allclose(first.sum(axis=1), 1.0)
    assert ((first >= 0) & (first <= 1)).all()
    assert np.array_equal(first, second)  # one name's answer does not depend on the others


def test_rule_in_result_names_the_model_probability() -> None:
    result = hx.classify_names(["Quintavo Solutions S.r.l.", "Zorblax"], method="model", threshold=0.0)
    for rule, confidence in zip(result["rule"], result["confidence"]):
        assert rule == f"model:{np.floor(confidence * 100) / 100:.2f}"


def test_threshold_leaves_unsure_names_unknown() -> None:
    names = ["Zorblax", "Universität Nirgendwo", "Qwv"]
    free = hx.classify_names(names, method="model", threshold=0.0)
    assert (free["helix"] != "unknown").all()
    cut = sorted(free["confidence"])[1]  # between the least and the most sure name
    strict = hx.classify_names(names, method="model", threshold=float(cut) + 1e-9)
    below = free["confidence"] <= cut
    assert (strict.loc[below, "helix"] == "unknown").all()
    assert (strict.loc[below, "rule"] == "none").all()
    assert np.allclose(strict.loc[below, "confidence"], free.loc[below, "confidence"])  # still reported
    assert (strict.loc[~below, "helix"] == free.loc[~below, "helix"]).all()
    assert (hx.classify_names(names, method="model", threshold=1.0)["helix"] == "unknown").all()


def test_method_switch() -> None:
    names = ["Utrecht University", "Zorblax Technologies GmbH", "Fnordly"]
    rules = hx.classify_names(names, method="rules")
    model = hx.classify_names(names, method="model", threshold=0.0)
    both = hx.classify_names(names, method="both", threshold=0.0)
    assert rules["rule"].tolist()[:2] == ["name:university(en)", "name:legal-form:GmbH"]
    assert rules["rule"].iat[2] == "none" and np.isnan(rules["confidence"].iat[2])
    assert model["rule"].str.startswith("model:").all()
    # both: the rules where they match, the model for the rest
    assert both["rule"].tolist()[:2] == rules["rule"].tolist()[:2]
    assert both.iloc[2].tolist() == model.iloc[2].tolist()
    assert (both["confidence"].iloc[:2] == 1.0).all()


def test_model_never_refines_cordis_oth() -> None:
    frame = pd.DataFrame({"name": ["Fnordly", "Nederlandse Vereniging voor X"], "activity_type": ["OTH", "OTH"]})
    result = hx.classify_helix(frame, method="both", threshold=0.0)
    assert result["rule"].tolist() == ["activityType:OTH", "activityType:OTH+name:association(many)"]


def test_rules_that_say_unknown_are_not_overruled_by_the_model() -> None:
    result = hx.classify_names(["Gemeinnützige Forschungs GmbH"], method="both", threshold=0.0)
    assert result["helix"].iat[0] == "unknown" and result["rule"].iat[0] != "none"


def test_empty_and_missing_names_are_not_sent_to_the_model() -> None:
    result = hx.classify_names(["", None, "   "], method="model", threshold=0.0)
    assert result["helix"].tolist() == ["unknown"] * 3
    assert result["confidence"].isna().all()


@pytest.mark.parametrize("method, threshold", [("neural", 0.9), ("both", 1.5), ("both", -0.1), ("both", True)])
def test_bad_method_or_threshold(method: str, threshold: float) -> None:
    with pytest.raises(HelixDataError, match="method|threshold"):
        hx.classify_names(["X"], method=method, threshold=threshold)


def test_data_files_load() -> None:
    data = helices._rule_data()
    assert {"priorities", "rules", "wos_rules", "word_classes", "combinations"} <= set(data)
    assert len(hx.NAME_RULES) > 700 and set(hx.NAME_RULES["helix"]) <= {*hx.helices.MODEL_HELICES, "civil", "unknown"}
    for key in ("firm_brands.csv", "university_acronyms.csv", "name_model.npz", "name_rules.json"):
        assert resources.files("helixnet.helices_data").joinpath(key).is_file()
    model = helices._name_model()
    assert model["coef"].shape == (helices.MODEL_BUCKETS, 3) and model["temperature"] > 0
    with resources.files("helixnet.helices_data").joinpath("name_model.npz").open("rb") as handle:
        stored = np.load(handle, allow_pickle=False)  # arrays only: loads without pickle
        assert set(stored["held_out"]) == {"AT", "PT", "PL", "FI"}
    json.loads(resources.files("helixnet.helices_data").joinpath("name_rules.json").read_text())


def test_firm_list_holds_the_cordis_brands() -> None:
    brands = set(helices._word_list("firm_brands.csv", "brand"))
    assert {"PHILIPS", "SIEMENS", "BOSCH", "NOKIA", "IBM", "THALES", "AIRBUS"} <= brands
    # generic words are kept out by the filters of build_lists (they occur inside names, or are English words)
    assert not brands & {"POWER", "AIR", "MICRO", "GROUP", "ENERGY", "ALPHA", "ORANGE"}


def test_corporate_laboratories_are_industry() -> None:
    names = ["Philips Res Labs", "IBM Res Zurich", "Bosch Research", "Nokia Bell Labs", "Siemens Corporate Technology"]
    result = hx.classify_names(names, method="rules")
    assert result["helix"].tolist() == ["industry"] * 5
    assert result["rule"].str.startswith("name:firm-brand:").all()


def test_rule_fixes_by_class() -> None:
    cases = {
        "Claremont Grad Univ": "knowledge", "Grad Zagreb": "government",
        "German Hodgkin Study Group": "knowledge", "Childrens Oncology Grp": "knowledge",
        "Dept Mech Engn": "knowledge", "Department of Electrical Engineering": "knowledge",
        "Chemical Engineering": "knowledge", "Department of Health": "government",
        "Acme Engineering Ltd": "industry", "KU Leuven": "knowledge", "TU Wien": "knowledge", "EPFL": "knowledge",
    }
    result = hx.classify_names(list(cases), method="rules")
    assert dict(zip(cases, result["helix"])) == cases


@pytest.mark.slow
def test_firm_list_script_reproduces_the_shipped_brands() -> None:
    from helixnet.helices_data import _cordis, build_lists

    organisations = _cordis.cordis_organisations()  # the project's shared CORDIS data
    shipped = list(helices._word_list("firm_brands.csv", "brand"))
    try:
        english = build_lists.common_english_words()
    except FileNotFoundError:  # no Debian wamerican here: the dictionary only removes words
        english = None
    brands = build_lists.firm_brands(organisations, english or set())
    assert {"PHILIPS", "SIEMENS", "BOSCH", "NOKIA", "IBM"} <= set(brands["brand"])
    if english is None:
        assert set(shipped) <= set(brands["brand"])
    else:
        assert brands["brand"].tolist() == shipped


def test_model_decides_clear_unseen_knowledge_names_by_default() -> None:
    # MODEL_THRESHOLDS lets the model decide knowledge (out of fold precision >= .95 on ROR names)
    result = hx.classify_names(UNSEEN["knowledge"], method="model")
    assert result["helix"].tolist() == ["knowledge"] * 3


@pytest.mark.parametrize("types, expected", [
    (["education"], "knowledge"), (["facility", "funder"], "knowledge"), (["Company"], "industry"),
    (["government", "funder"], "government"), (["nonprofit"], None), (["healthcare"], None),
    (["funder"], None), (["education", "company"], None), (["education", "nonprofit"], None), ([], None),
])
def test_ror_training_labels(types: list[str], expected: str | None) -> None:
    from helixnet.helices_data.train import ror_record_helix

    assert ror_record_helix({"types": types}) == expected


def test_ror_training_country_from_v1_and_v2_records() -> None:
    from helixnet.helices_data.train import ror_record_country

    assert ror_record_country({"locations": [{"geonames_details": {"country_code": "de"}}]}) == "DE"
    assert ror_record_country({"country": {"country_code": "PT"}}) == "PT"
    assert ror_record_country({"country": {"country_code": "uk"}}) == "GB"  # ISO, as CORDIS's codes are read
    assert ror_record_country({}) == ""


def test_ror_training_data_leaves_out_held_out_countries_and_unclear_names() -> None:
    from helixnet.helices_data.train import ror_training_data

    def record(name: str, kind: str, country: str) -> dict:
        return {"types": [kind], "names": [{"types": ["ror_display"], "value": name}],
                "locations": [{"geonames_details": {"country_code": country}}]}

    records = [record("Universität Nirgendwo (Germany)", "education", "DE"), record("Universität Irgendwo", "education", "AT"),
               record("Nowhere Museum of Art", "government", "DE"), record("Москва Университет", "education", "RU"),
               record("Ministerio de Asuntos Imaginarios", "government", "ES")]
    data = ror_training_data(records)
    assert sorted(zip(data["name"], data["helix"], data["country"])) == [
        ("Ministerio de Asuntos Imaginarios", "government", "ES"), ("Universität Nirgendwo", "knowledge", "DE")]


def test_cordis_training_countries_are_iso_codes_as_ror_writes_them() -> None:
    # CORDIS writes UK and EL, ROR GB and GR: grouped by the codes as written, the cross-validation
    # of the name model would put one country in training and test at once.
    from helixnet.helices_data import _cordis
    from helixnet.helices_data.train import check_countries

    raw = pd.read_csv(_cordis.stacked_dump_path(), dtype=str, usecols=["country"])["country"]
    countries = set(_cordis.cordis_organisations()["country"].dropna())
    assert {"UK", "EL"} <= set(raw) and {"GB", "GR"} <= countries
    assert not countries & {"UK", "EL", *_cordis.HELD_OUT_COUNTRIES}
    assert "AT" in set(_cordis.cordis_organisations(held_out=())["country"])
    assert "GB" not in set(_cordis.cordis_organisations(held_out=("UK",))["country"])  # held out in either spelling
    check_countries(pd.DataFrame({"country": sorted(countries)}))


@pytest.mark.parametrize("country", ["UK", "EL", "AT", "FI", "PL", "PT"])
def test_training_refuses_eu_codes_and_held_out_countries(country: str) -> None:
    from helixnet.helices_data.train import check_countries

    with pytest.raises(SystemExit, match=country):
        check_countries(pd.DataFrame({"country": ["DE", country]}))
