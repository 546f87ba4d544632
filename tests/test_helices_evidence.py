"""How helixnet.helices weighs its evidence: OpenAlex types against names, rules against the name
model (per-helix thresholds, the model's veto on weak industry rules), and the word lists."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import helixnet as hx
from helixnet import helices
from helixnet.helices_data import word_list
from helixnet.errors import HelixDataError

REAL = Path(__file__).parent / "data" / "real"


def _classify(names: list[str], types: list[str | None], method: str = "both") -> pd.DataFrame:
    return hx.classify_helix(pd.DataFrame({"name": names, "openalex_type": types}), method=method)


# --------------------------------------------------------------------------------------------
# OpenAlex types are evidence, weighed against the name
# --------------------------------------------------------------------------------------------


def test_weak_openalex_type_gives_way_to_a_knowledge_name() -> None:
    result = _classify(
        ["Stanford University", "Yale University", "UCL", "Universidad Nacional de Imaginaria", "German Historical Institute"],
        ["funder", "funder", "funder", "government", "nonprofit"],
    )
    assert result["helix"].tolist() == ["knowledge"] * 5
    assert result["rule"].tolist() == [
        "name:university(en)+openalex:funder", "name:university(en)+openalex:funder",
        "name:university-acronym+openalex:funder", "name:university(es)+openalex:government",
        "name:institute(en)+openalex:nonprofit",
    ]
    assert (result["confidence"] == 1.0).all()


def test_funder_type_gives_way_to_any_helix_of_the_name() -> None:
    # "funder" is a role: OpenAlex gives it to firms and charities as well as to public funders
    result = _classify(["Shell (Netherlands)", "Wellcome Trust", "Ministry of Health", "National Science Foundation"],
                       ["funder"] * 4)
    assert result["helix"].tolist() == ["industry", "civil", "government", "government"]
    assert result["rule"].tolist() == ["ror:company+openalex:funder", "name:trust(en)+openalex:funder",
                                       "name:ministry(en)+openalex:funder", "name:public-research-funder(en)+openalex:funder"]


def test_weak_openalex_type_stands_where_the_name_says_nothing_else() -> None:
    result = _classify(
        ["Deutsche Forschungsgemeinschaft", "Acme Ltd", "Acme Ltd", "Zorblax",
         "National Institute for Public Health and the Environment", "Austrian Academy of Sciences"],
        ["funder", "nonprofit", "government", "government", "government", "government"],
    )
    # a funder no name rule decides, a company form typed nonprofit (a non-profit company) or
    # government (a state company), no rule: the type's verdict stands; the model does not outweigh
    # a type; a public research institute or academy typed government stays government (only
    # universities, colleges and schools outweigh "government")
    assert result["rule"].tolist() == [
        "openalex:funder", "openalex:nonprofit", "openalex:government", "openalex:government",
        "openalex:government", "openalex:government",
    ]
    assert result["helix"].tolist() == ["government", "civil", "government", "government", "government", "government"]


def test_strong_openalex_types_are_verdicts() -> None:
    result = _classify(["University Spin-off Labs", "Acme Ltd", "Institute X"], ["company", "education", "company"])
    assert result["rule"].tolist() == ["openalex:company", "openalex:education", "openalex:company"]


def test_openalex_main_type_of_several(tmp_path: Path) -> None:
    def work(institutions: list[dict]) -> dict:
        return {"id": f"https://openalex.org/W{len(institutions)}{abs(hash(json.dumps(institutions))) % 1000}",
                "publication_year": 2024, "title": "t",
                "authorships": [{"institutions": institutions}]}

    institutions = [
        {"id": "https://openalex.org/I1", "display_name": "Stanford University", "type": ["funder", "education"]},
        {"id": "https://openalex.org/I2", "display_name": "Acme Research", "types": ["funder", "company"]},
        {"id": "https://openalex.org/I3", "display_name": "Wellcome Trust", "type": ["funder"]},
        {"id": "https://openalex.org/I4", "display_name": "Yale University", "type": "funder"},
    ]
    path = tmp_path / "works.json"
    path.write_text(json.dumps([work(institutions)]), encoding="utf-8")
    orgs = hx.read_publications(path).organisations.set_index("openalex_id")
    assert orgs["openalex_type"].to_dict() == {
        "https://openalex.org/I1": "education", "https://openalex.org/I2": "company",
        "https://openalex.org/I3": "funder", "https://openalex.org/I4": "funder",
    }
    assert orgs["helix"].to_dict() == {
        "https://openalex.org/I1": "knowledge", "https://openalex.org/I2": "industry",
        "https://openalex.org/I3": "civil", "https://openalex.org/I4": "knowledge",  # a trust, a university
    }


def test_real_openalex_file_types_and_names() -> None:
    orgs = hx.read_publications(REAL / "openalex_2022_tu9_works.json").organisations
    strong = orgs["openalex_type"].isin(["education", "company", "facility", "healthcare", "archive"])
    assert (orgs.loc[strong, "rule"] == "openalex:" + orgs.loc[strong, "openalex_type"]).all()
    weak = orgs["openalex_type"].isin(list(hx.helices.OPENALEX_WEAK_TYPES))
    by_rules = hx.classify_names(orgs.loc[weak, "name"], method="rules")
    strong = by_rules["rule"].isin(helices._strong_knowledge_rules())
    types = orgs.loc[weak, "openalex_type"]
    outweighed = (types.eq("funder") & by_rules["helix"].ne("unknown")) | (
        by_rules["helix"].eq("knowledge") & (types.eq("nonprofit") | strong))
    assert outweighed.any() and (~outweighed).any()  # both kinds occur in this file
    assert (orgs.loc[weak, "helix"][outweighed] == by_rules["helix"][outweighed]).all()
    expected = by_rules["rule"][outweighed] + "+openalex:" + orgs.loc[weak, "openalex_type"][outweighed]
    assert (orgs.loc[weak, "rule"][outweighed] == expected).all()
    kept = orgs.loc[weak][~outweighed]
    assert (kept["rule"] == "openalex:" + kept["openalex_type"]).all()
    named = orgs.set_index("name")
    assert named.loc["Austrian Academy of Sciences", "rule"] == "openalex:government"  # an academy, not a university
    assert named.loc["German Historical Institute", "helix"] == "knowledge"  # typed nonprofit
    assert named.loc["DataCite", "helix"] == "civil"  # typed nonprofit, no name rule


# --------------------------------------------------------------------------------------------
# Rules and the name model
# --------------------------------------------------------------------------------------------


def test_default_thresholds_per_helix() -> None:
    names = ["Zorblax Technologies", "Universität Nirgendwo", "Ministerio de Asuntos Imaginarios", "Qwv"]
    free = hx.classify_names(names, method="model", threshold=0.0)
    default = hx.classify_names(names, method="model")
    limits = free["helix"].map(helices.MODEL_THRESHOLDS)
    expected = np.where(free["confidence"] >= limits, free["helix"], "unknown")
    assert default["helix"].tolist() == expected.tolist()
    assert "government" not in set(default["helix"])  # the model never decides government by default


def test_threshold_mapping() -> None:
    names = ["Zorblax Technologies", "Universität Nirgendwo"]
    free = hx.classify_names(names, method="model", threshold=0.0)
    result = hx.classify_names(names, method="model", threshold={"industry": 0.0, "knowledge": 1.0, "government": 0.0})
    assert result["helix"].tolist() == [free["helix"].iat[0] if free["helix"].iat[0] != "knowledge" else "unknown",
                                        "unknown" if free["helix"].iat[1] == "knowledge" else free["helix"].iat[1]]


@pytest.mark.parametrize("threshold", [{"industry": 0.5}, {"industry": 0.5, "knowledge": 2.0, "government": 0.5},
                                       {"industry": 0.5, "knowledge": 0.5, "government": 0.5, "civil": 0.5}])
def test_bad_threshold_mapping(threshold: dict) -> None:
    with pytest.raises(HelixDataError, match="threshold"):
        hx.classify_names(["X"], threshold=threshold)


def test_model_vetoes_weak_industry_rules() -> None:
    names = ["Acme Industries", "Zorblax Solutions", "Union of Cardboard Industries", "Nordic Trading House",
             "Nordic Cluster Services", "Acme Ltd"]
    rules = hx.classify_names(names, method="rules")
    both = hx.classify_names(names, method="both")
    weak = rules["rule"].isin(helices._weak_industry_rules())
    assert weak.sum() >= 3
    industry = helices._model_probabilities(helices.normalise_name_for_rules(pd.Series(names)).tolist())[:, 1]
    assert helices.MODEL_HELICES[1] == "industry"
    for i in range(len(names)):
        if not weak.iat[i]:
            assert both.iloc[i][["helix", "rule"]].tolist() == rules.iloc[i][["helix", "rule"]].tolist()
        elif industry[i] >= helices.MODEL_VETO:
            assert both.iloc[i][["helix", "rule"]].tolist() == ["industry", rules["rule"].iat[i]]
        else:
            assert both["helix"].iat[i] == "unknown"
            assert both["rule"].iat[i] == f"{rules['rule'].iat[i]}+model:{np.floor(industry[i] * 100) / 100:.2f}"


# --------------------------------------------------------------------------------------------
# Word lists and rule classes
# --------------------------------------------------------------------------------------------


def test_universities_by_acronym_and_corporate_laboratories() -> None:
    knowledge = ["ETH Zurich", "ETH", "MIT", "UCL", "KU Leuven", "TU Wien", "EPFL", "UCLA"]
    industry = ["Microsoft Research", "Google Research", "IBM Res Zurich", "Microsoft Res Asia", "Philips Res Labs"]
    for method in ("rules", "both"):
        result = hx.classify_names(knowledge + industry, method=method)
        assert result["helix"].tolist() == ["knowledge"] * len(knowledge) + ["industry"] * len(industry)


def test_ror_brands_are_no_university_acronyms_nor_cordis_brands() -> None:
    ror = set(word_list("firm_brands_ror.csv", "brand"))
    assert {"MICROSOFT", "GOOGLE"} <= ror
    assert not ror & set(word_list("university_acronyms.csv", "acronym"))
    assert not ror & set(word_list("firm_brands.csv", "brand"))
    assert not ror & {"ABLE", "TOTAL", "CUSTOM", "EIGHT"}  # English words led by too few companies


def test_no_university_acronym_is_a_word_of_public_or_civil_bodies_names() -> None:
    # Words of the names of CORDIS public and civil bodies are words of a language ("Città
    # metropolitana", Estonian "amet": office), and the acronym list must not vouch for itself.
    from helixnet.helices_data._cordis import cordis_organisations

    cordis = cordis_organisations()
    others = cordis.loc[~cordis["activityType"].isin(["HES", "REC"]), "name"].reset_index(drop=True)
    result = hx.classify_names(others, method="rules")
    clashing = result["rule"].eq("name:university-acronym") | result["helix"].isin(["government", "civil"])
    words = {w for name in helices.normalise_name_for_rules(others[clashing.to_numpy()]) for w in name.split()}
    assert not words & set(word_list("university_acronyms.csv", "acronym"))
    assert hx.classify_names(["Fondazione Città della Speranza", "Veeteede Amet", "Studio Legale Rossi", "MIT"],
                             method="rules")["helix"].tolist() == ["unknown", "unknown", "unknown", "knowledge"]


def test_an_industry_word_outranks_a_university_acronym() -> None:
    result = hx.classify_names(["KU Systems", "TU Solutions", "KU"], method="rules")
    assert result["rule"].tolist() == ["name:industry-word(many)", "name:industry-word(many)", "name:university-acronym"]


@pytest.mark.parametrize(
    "name, helix, rule",
    [
        ("Open Data Institute LBG", "unknown", "name:non-profit-company(many)"),  # limited by guarantee
        # Chinese key laboratories are research units, also where the accrediting ministry is named
        ("Tianjin Key Lab Adv Joining Technol", "knowledge", "name:key-laboratory(many)"),
        ("Key Laboratory of Geotechnical and Underground Engineering of Ministry of Education", "knowledge",
         "name:key-laboratory(many)"),
        ("Key Lab Forest Ecol & Environm State Forestry Adm", "knowledge", "name:key-laboratory(many)"),
        ("Sinopec Key Lab Petr Explorat Co Ltd", "industry", "name:legal-form:Ltd"),  # a firm's own laboratory
        # "Sci & Technol" is a field, not the firm word Technol; a stronger rule still decides
        ("Empa Mat Sci & Technol", "unknown", "name:science-and-technology(wos)"),
        ("Parc Sci & Technol Luminy", "unknown", "name:science-and-technology(wos)"),
        ("Korea Inst Sci & Technol", "knowledge", "name:institute(wos)"),
        ("TechnipFMC Technol", "industry", "name:industry-word(wos)"),
        ("Acme Community Interest Company", "unknown", "name:non-profit-company(many)"),
        ("Mondragon Goi Eskola Politeknikoa S.Coop.", "knowledge", "name:university(eu)"),
        ("Compagnie Intercommunale Liégeoise des Eaux", "government", "name:intermunicipal(many)"),
        ("Intergemeentelijke Vereniging voor Afvalbeheer", "government", "name:intermunicipal(many)"),
        ("Latvian Wood Construction Cluster", "civil", "name:network(en)"),
        # hospitals: the owner (public, church, private, university) is not in the name
        ("Mem Sloan Kettering Canc Ctr", "unknown", "name:hospital(wos)"),
        ("Peoples Hosp Zoucheng", "unknown", "name:hospital(wos)"),
        ("CHU Caen", "knowledge", "name:university-hospital"),  # Centre Hospitalier Universitaire
        ("UMC Utrecht", "knowledge", "name:university-hospital"),
        ("Dept Clin Sci", "knowledge", "name:academic-department"),  # Clin: Clinical, not a clinic
        # a church's hospital is a private non-profit one; a church's university hospital is a university's
        ("Ente Ecclesiastico Ospedale Generale Regionale F Miulli", "civil", "name:church-hospital"),
        ("Catholic Hosp Pouma", "civil", "name:church-hospital"),
        ("Catholic Univ Hosp", "knowledge", "name:university-hospital"),
        ("ARNAS Osped Civ", "unknown", "name:hospital(wos)"),  # Osped: the Italian Ospedale
        # a Web of Science abbreviation of a word is no university acronym (Hist: History)
        ("Field Museum Nat Hist", "unknown", "none"),
        # field, biological, marine and experiment stations are research stations
        ("Archbold Biol Stn", "knowledge", "name:research-station(wos)"),
        ("Kristineberg Marine Biological Station", "knowledge", "name:research-station(en)"),
        ("Budongo Conservat Field Stn", "knowledge", "name:research-station(wos)"),
        # a training and research hospital is a hospital (Turkish Ministry of Health hospitals)
        ("Haseki Training & Res Hosp", "unknown", "name:training-research-hospital"),
        # an Italian city is a municipality as "Citta di" or "Citta Metropolitana", not by the word alone
        ("Citta Metropolitana di Torino", "government", "name:municipality(it)"),
        ("Associazione Citta Europea dei Mestieri d'Arte", "civil", "name:association(many)"),
        ("Fac Sci & Tech", "knowledge", "name:faculty(wos)"),
        ("Ctr Interdisciplinaire Rech Ions Lasers", "knowledge", "name:research(wos)"),
        ("Acme Gesellschaft für Gassysteme mit beschränkter Haftung", "industry", "name:legal-form:GmbH"),
        ("Software Competence Center Hagenberg", "unknown", "name:industry-word-centre"),
        # "Associates": all 14 CORDIS names with it are PRC (consultancies: "Hatch Associates Ltd")
        ("Crehan, Kusano & Associates", "industry", "name:industry-word(many)"),
        ("Vlaamse Instelling voor Technologisch Onderzoek N.V.", "unknown", "name:research-institute-company"),
        ("Bundesverwaltungsamt", "government", "name:agency(de)"),
        # national parks are public bodies; a park's conservancy is civil
        ("Kruger Natl Pk", "government", "name:national-park(wos)"),
        ("Parque Nacional de Doñana", "government", "name:national-park(many)"),
        ("Nationalpark Bayerischer Wald", "government", "name:national-park(many)"),
        ("Golden Gate National Parks Conservancy", "civil", "name:forum-alliance(many)"),
        # conservation NGOs; conservation divisions, services and park bodies are not surely NGOs
        ("Conservat Int", "civil", "name:conservation(wos)"),
        ("Amphibian and Reptile Conservation", "civil", "name:conservation(many)"),
        ("Wildlife Conservat Div", "unknown", "name:conservation-unit"),
        ("Soil Conservat Serv Iceland", "unknown", "name:conservation-unit"),
        ("Dept Conservat", "government", "name:department(wos)"),
        ("Wildlife Conservat Soc", "civil", "name:association(wos)"),
        ("Rhein Westfal TH Aachen", "knowledge", "name:technische-hochschule(wos)"),
        # a country, state or province and policy areas alone: a public body, unless ROR knows the name
        ("Environm Canada", "government", "name:public-body-of-place"),
        ("NSW Fisheries", "government", "name:public-body-of-place"),
        ("Colorado Parks and Wildlife", "government", "name:public-body-of-place"),
        ("Statistics Netherlands", "government", "name:public-body-of-place"),
        ("Massachusetts Div Fisheries & Wildlife", "government", "name:public-body-of-place"),  # a state's division
        ("Shiga Prefecture Fisheries Div", "government", "name:public-body-of-place"),
        ("Fish Pool", "industry", "ror:company"),
        # foundations with Inc, Ltd or GmbH are non-profits; a foundation's limited partnership is a firm
        ("Samuel Roberts Noble Fdn Inc", "unknown", "name:foundation-company"),
        ("The Marine Foundation Limited", "unknown", "name:foundation-company"),
        ("Fiege Logistik Stiftung & Co. KG", "industry", "name:legal-form:KG"),  # Pool is a Congolese department; ROR knows the firm
        ("Western Forestry", "unknown", "none"),  # a compass word is no place
        ("Environment Canada Research Ltd", "industry", "name:legal-form:Ltd"),  # more than a place and policy areas
    ],
)
def test_rule_classes(name: str, helix: str, rule: str) -> None:
    result = hx.classify_names([name], method="rules")
    assert (result["helix"].iat[0], result["rule"].iat[0]) == (helix, rule)


def test_the_model_outranks_the_conservation_rule() -> None:
    # "Lab Conservat Biol" is a laboratory: the rule alone says NGO, the model is sure it is research
    names = ["Lab Conservat Biol", "Conservat Int"]
    assert hx.classify_names(names, method="rules")["helix"].tolist() == ["civil", "civil"]
    both = hx.classify_names(names, method="both")
    assert both["helix"].tolist() == ["knowledge", "civil"]
    assert both["rule"].iat[0].startswith("model:") and both["confidence"].iat[0] >= helices.MODEL_THRESHOLDS["knowledge"]
    assert both["rule"].iat[1] == "name:conservation(wos)"
