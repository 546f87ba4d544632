"""Tests for the name model of helixnet.helices, the method switch and the shipped data files."""

from __future__ import annotations

import json
from importlib import resources

import numpy as np
import pandas as pd
import pytest

import helixnet as hx
from helixnet import helices
from helixnet.helices_data import word_list
from helixnet.errors import HelixDataError
from helixnet.helices_data import build_reliability
from helixnet.helices_data._reliability import rule_kind, rule_reliability

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
    assert both["confidence"].iloc[:2].tolist() == rules["confidence"].iloc[:2].tolist()  # the rules' reliability


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
    brands = set(word_list("firm_brands.csv", "brand"))
    assert {"PHILIPS", "SIEMENS", "BOSCH", "NOKIA", "IBM", "THALES", "AIRBUS"} <= brands
    # generic words are kept out by the filters of build_lists (they occur inside names, or are English words)
    assert not brands & {"POWER", "AIR", "MICRO", "GROUP", "ENERGY", "ALPHA", "ORANGE"}


def test_corporate_laboratories_are_industry() -> None:
    names = ["Philips Res Labs", "IBM Res Zurich", "Bosch Research", "Nokia Bell Labs", "Siemens Corporate Technology"]
    result = hx.classify_names(names, method="rules")
    assert result["helix"].tolist() == ["industry"] * 5
    assert result["rule"].str.startswith("name:firm-brand:").all()


def test_brands_decide_at_the_head_of_a_name_only() -> None:
    # Brands are learnt as leading words: inside a name the word is another organisation's
    # acronym ("USDA ARS": the Agricultural Research Service) or a person ("Lady Bird Johnson").
    result = hx.classify_names(["Nokia", "Robert Bosch Ctr Cyber Phys Syst", "Friends of Nokia", "Lady Bird Johnson Wildflower Ctr"], method="rules")
    assert result["rule"].tolist()[:2] == ["name:firm-brand:NOKIA", "name:firm-brand:BOSCH"]
    assert not result["rule"][2:].str.startswith("name:firm-brand").any()
    own = pd.DataFrame({"rule": ["name:firm-brand:ACME"], "helix": ["industry"], "priority": [5], "pattern": ["ACME"], "language": ["brand"]})
    mine = hx.classify_names(["Acme", "The Acme", "Friends of Acme"], method="rules", rules=own)
    assert mine["helix"].tolist() == ["industry", "industry", "unknown"]


def test_rule_fixes_by_class() -> None:
    cases = {
        "Claremont Grad Univ": "knowledge", "Grad Zagreb": "government",
        "German Hodgkin Study Group": "knowledge", "Childrens Oncology Grp": "knowledge",
        "Dept Mech Engn": "knowledge", "Department of Electrical Engineering": "knowledge",
        "Chemical Engineering": "knowledge", "Department of Health": "government",
        "Acme Engineering Ltd": "industry", "KU Leuven": "knowledge", "TU Wien": "knowledge", "EPFL": "knowledge",
        # Web of Science forms of universities whose other words read as legal forms (S.p.A., S.L.U., SE)
        "Bath Spa Univ": "knowledge", "Swedish Univ Agr Sci SLU": "knowledge", "SE Louisiana Univ": "knowledge",
        # funds are charities and conservation NGOs; a science fund is a public funder (government)
        "World Wildlife Fund": "civil", "Peregrine Fund": "civil", "Austrian Sci Fund": "government",
        "Univ Autonoma Metropolitana": "knowledge", "Citta Metropolitana di Torino": "government",
        # Web of Science forms of Asociación, Federation, Istituto, Akademie, Politehnica, district councils
        "Asociac Armonia": "civil", "Chinese Wild Bird Federat": "civil", "Ist Agr S Michele Alladige": "knowledge",
        "Akad Ved Ceske Republ": "knowledge", "Politehn Bucharest": "knowledge", "Guruve Rural Dist Council": "government",
    }
    result = hx.classify_names(list(cases), method="rules")
    assert dict(zip(cases, result["helix"])) == cases


@pytest.mark.slow
def test_firm_list_script_reproduces_the_shipped_brands() -> None:
    from helixnet.helices_data import _cordis, build_lists

    organisations = _cordis.cordis_organisations()  # the project's shared CORDIS data
    shipped = list(word_list("firm_brands.csv", "brand"))
    try:
        english = build_lists.common_english_words()
    except FileNotFoundError:  # no Debian wamerican here: the dictionary only removes words
        english = None
    brands = build_lists.firm_brands(organisations, english or set())
    assert {"PHILIPS", "SIEMENS", "BOSCH", "NOKIA", "IBM"} <= set(brands["brand"])
    # the shipped list also leaves out acronyms of ROR records that are no companies (ARS, UCB)
    assert {"ARS", "UCB"} <= set(brands["brand"]) - set(shipped)
    if english is None:
        assert set(shipped) <= set(brands["brand"])
    else:
        assert [b for b in brands["brand"] if b in set(shipped)] == shipped


def test_brands_that_other_organisations_bear_as_acronyms_are_left_out() -> None:
    from helixnet.helices_data import build_lists

    records = [(["government"], ["ARS"], ["Agricultural Research Service"]), (["company"], ["ACME"], ["Acme Inc"]),
               (["education", "funder"], ["U.C.B."], ["Université Claude Bernard"])]
    assert build_lists.non_firm_acronyms(records) == {"ARS", "UCB"}


def test_a_bare_legal_form_names_no_firm() -> None:
    result = hx.classify_names(["SLU", "UAB", "Inc", "Sp Zoo", "Acme Inc", "UAB Nova Fabrica"], method="both")
    assert result["helix"].tolist() == ["unknown"] * 4 + ["industry"] * 2
    assert result["rule"].tolist()[:4] == ["name:legal-form-only"] * 4


def test_cordis_short_names_of_one_helix_and_enough_letters() -> None:
    from helixnet.helices_data import build_lists

    rows = [("Qlse School of Things", "QLSE", "HES"), ("Qlse Institute", "QLSE", "REC"),  # knowledge twice: kept
            ("Zorbatrix SARL", "ZORBATRIX", "PRC"),  # a firm, nine letters: kept
            ("Zorb SARL", "ZORB", "PRC"),  # a firm, four letters: too short for industry
            ("Qmix Lab", "QMIX", "REC"), ("Qmix Ltd", "QMIX", "PRC"),  # two helices: left out
            ("Qpub Agency", "QPUB", "PUB"),  # government: left out
            ("Qdot Institute", "Q.D.O.T.", "REC"),  # written with dots: QDOT
            ("Quux Foundation", "QUUX FDN", "REC"),  # two words: no acronym
            ("National Aeronautics Something", "NASA", "REC")]  # a ROR name: ROR decides
    organisations = pd.DataFrame(rows, columns=["name", "shortName", "activityType"])
    table = build_lists.cordis_short_names(organisations, english=set())
    assert dict(zip(table["short_name"], table["helix"])) == {"QLSE": "knowledge", "ZORBATRIX": "industry", "QDOT": "knowledge"}
    assert table.set_index("short_name").loc["QLSE", "organisations"] == 2


def test_names_that_are_cordis_short_names_take_their_helix_where_nothing_else_decides() -> None:
    result = hx.classify_names(["LSE", "TRAGSA", "LSE Cities", "Utrecht University"], method="rules")
    assert result[["helix", "rule"]].values.tolist()[:2] == [["knowledge", "cordis:short-name"], ["industry", "cordis:short-name"]]
    assert result["rule"].iat[2] != "cordis:short-name" and result["rule"].iat[3] == "name:university(en)"


@pytest.mark.slow
def test_cordis_short_name_script_reproduces_the_shipped_list() -> None:
    from helixnet.helices_data import _cordis, build_lists

    shipped = list(word_list("cordis_short_names.csv", "short_name"))
    rebuilt = build_lists.cordis_short_names(_cordis.cordis_organisations(), build_lists.common_english_words())
    assert rebuilt["short_name"].tolist() == shipped


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


# --------------------------------------------------------------------------------------------
# The confidence of rule decisions: the measured reliability of their kind; min_confidence
# --------------------------------------------------------------------------------------------


def test_rule_confidence_is_the_measured_reliability_of_its_kind() -> None:
    reliability = rule_reliability()
    names = ["Utrecht University", "Fnordland Food Agency", "Zorblax Technologies GmbH", "Bosch Thermotechnik", "Siemens Healthineers"]
    result = hx.classify_names(names, method="rules")
    assert result["rule"].tolist()[:4] == ["name:university(en)", "name:agency(en)", "name:legal-form:GmbH", "name:firm-brand:BOSCH"]
    for rule, helix, confidence in result[["rule", "helix", "confidence"]].itertuples(index=False):
        assert confidence == reliability[(rule_kind(pd.Series([rule])).iat[0], helix)]
    assert reliability[("name:agency(en)", "government")] < 0.8 < 0.95 < reliability[("name:university(en)", "knowledge")]
    # Every brand is one kind; your own rules are taken as given.
    assert rule_kind(pd.Series(["name:firm-brand:BOSCH", "name:acronym:INRA", "name:association(elf:LYA0)", "ror:company"])).tolist() == [
        "name:firm-brand", "name:acronym", "name:association(elf)", "ror:company"]
    own = pd.concat([hx.NAME_RULES, pd.DataFrame([{**hx.NAME_RULES.iloc[0].to_dict(), "rule": "mine:zorblax", "helix": "civil",
                                                   "pattern": "ZORBLAX", "priority": 0}])], ignore_index=True)
    mine = hx.classify_names(["Zorblax Technologies GmbH"], rules=own, method="rules")
    assert mine[["helix", "rule", "confidence"]].values.tolist() == [["civil", "mine:zorblax", 1.0]]


def test_min_confidence_leaves_unsure_decisions_unknown_and_keeps_their_reason() -> None:
    names = ["Utrecht University", "Fnordland Food Agency", "Fnordly"]
    free = hx.classify_names(names, method="both", threshold=0.0)
    strict = hx.classify_names(names, method="both", threshold=0.0, min_confidence=0.9)
    assert free["helix"].iat[1] == "government" and free["confidence"].iat[1] < 0.9
    assert strict["helix"].tolist()[:2] == ["knowledge", "unknown"]
    assert strict["rule"].tolist() == free["rule"].tolist()  # the reason still shows
    assert strict["confidence"].tolist()[:2] == free["confidence"].tolist()[:2]
    # A model decision below min_confidence stays unknown too.
    model_probability = free["confidence"].iat[2]
    assert free["rule"].iat[2].startswith("model:")
    below = hx.classify_names(names, method="both", threshold=0.0, min_confidence=min(1.0, model_probability + 1e-9))
    assert below["helix"].iat[2] == "unknown"
    # Activity types and overrides are given, not guessed: min_confidence does not touch them.
    frame = pd.DataFrame({"organisation": ["1", "2"], "name": ["Fnordland Food Agency", "Fnordland Food Agency"], "activity_type": ["PUB", None]})
    given = hx.classify_helix(frame, min_confidence=0.99)
    assert given[["helix", "rule"]].values.tolist() == [["government", "activityType:PUB"], ["unknown", "name:agency(en)"]]


@pytest.mark.parametrize("bad", [-0.1, 1.5, "high", float("nan"), True])
def test_min_confidence_is_checked(bad) -> None:
    with pytest.raises(HelixDataError, match="min_confidence"):
        hx.classify_names(["Utrecht University"], min_confidence=bad)


def test_reliability_by_hand() -> None:
    # Two university decisions (one right), one legal form (right), one civil decision the reference cannot tell.
    # An institute (right) too: knowledge rules are right 2 times in 3.
    names = pd.Series(["Utrecht University", "Leiden University", "Acme B.V.", "Nederlandse Vereniging voor X", "Institute for X"])
    reference = pd.Series(["knowledge", "government", "industry", "industry", "knowledge"])
    civil_known = pd.Series([True, True, True, False, True])
    table = build_reliability.reliability_table(names, reference, civil_known).set_index(["rule_kind", "helix"])
    k = build_reliability.PSEUDO_DECISIONS
    assert table.loc[("name:university(en)", "knowledge"), ["decided", "agreeing"]].tolist() == [2, 1]
    assert table.loc[("name:university(en)", "knowledge"), "reliability"] == round((1 + k * 2 / 3) / (2 + k), 3)
    assert table.loc[("name:legal-form:B.V.", "industry"), "reliability"] == 1.0
    # Shipped rules that decided nothing: their family's share ("university" in other languages), shrunk alike...
    assert table.loc[("name:university(de)", "knowledge"), ["decided", "reliability"]].tolist() == [0, round((1 + k * 2 / 3) / (2 + k), 3)]
    assert table.loc[("name:institute(de)", "knowledge"), "reliability"] == round((1 + k * 2 / 3) / (1 + k), 3)
    # ... else their helix's pooled share (industry: 1 of 1), and no row for a helix no rule decided.
    assert table.loc[("name:legal-form:GmbH", "industry"), ["decided", "reliability"]].tolist() == [0, 1.0]
    assert ("name:association(many)", "civil") not in table.index
    assert not any(helix == "government" for _, helix in table.index)


def test_shipped_reliability_table_rebuilds_from_its_sources() -> None:
    names = build_reliability.reference_names()
    rebuilt = build_reliability.reliability_table(names["name"], names["reference"], names["civil_known"], names["cordis"])
    shipped = pd.read_csv(build_reliability.OUTPUT, dtype={"rule_kind": str, "helix": str})
    pd.testing.assert_frame_equal(rebuilt, shipped, check_dtype=False)
