"""The ROR name lookup of helixnet.helices: exact normalised names of ROR records decide the helix
by the record's type (rule ``ror:<type>``), and the table built by helixnet.helices_data.build_ror."""

from __future__ import annotations

import json
import subprocess
from unittest import mock
from importlib import resources
from pathlib import Path

import pandas as pd
import pytest

import helixnet as hx
from helixnet import helices
from helixnet.helices_data._ror import CIVIL_BODY, RESEARCH_BODY, ROR_RESEARCH, ROR_UNIVERSITY, ror_company_sites, ror_decisions, ror_names, ror_record_decision
from helixnet.helices_data import _ror, build_ror, build_wos_abbreviations
from helixnet.helices_data.build_lists import ror_json_records
from helixnet.helices_data.build_ror import (TYPE_CODES, dump_tables_records, main as build_ror_main, record_names, ror_extract_records,
                                            ror_name_table)


def test_the_shipped_table_loads_and_holds_normalised_names_and_type_codes() -> None:
    table = ror_names()
    assert len(table) > 100_000
    names = pd.Series(list(table)[::997], dtype=object)
    assert helices.normalise_name_for_rules(names).tolist() == names.tolist()  # keys are already normalised
    codes = set("".join(TYPE_CODES.values())) | {RESEARCH_BODY, CIVIL_BODY, "|"}
    assert all(set(types) <= codes for types in table.values())
    assert table["STANFORD UNIVERSITY"] == "EU"  # education and funder in ROR v2


@pytest.mark.parametrize(("name", "helix", "rule"), [
    ("TU Delft", "knowledge", "ror:education"),
    ("ETH Zurich", "knowledge", "ror:education"),
    ("ETH Zürich", "knowledge", "ror:education"),  # diacritics are normalised away on both sides
    ("Stanford University", "knowledge", "ror:education"),  # education before funder
    ("Siemens", "industry", "ror:company"),  # a brand alone, as ROR names the firm
    ("Sony (Japan)", "industry", "ror:company"),  # ROR's appended country, as ROR writes it
    ("Sony", "industry", "ror:company"),  # and without it
    ("Sony Interactive Entertainment (United States)", "industry", "ror:company"),
    ("Ministry of Agriculture and Forestry of Turkey", "government", "ror:government"),
])
def test_lookup_on_hand_cases(name: str, helix: str, rule: str) -> None:
    normalised = helices.normalise_name_for_rules(pd.Series([name]))
    found_helix, found_rule = ror_decisions(normalised)
    assert (found_helix[0], found_rule[0]) == (helix, rule)


@pytest.mark.parametrize(("name", "helix", "rule"), [
    ("TU Delft", "knowledge", "ror:education"),  # before the weak university-acronym rule
    ("ETH Zurich", "knowledge", "ror:education"),
    ("Adeka (Japan)", "industry", "ror:company"),  # no rule matches
    ("Advanced Engineering Services (Japan)", "industry", "ror:company"),  # the industry word is weaker
    ("Stanford University", "knowledge", "name:university(en)"),  # the rules decide first
    ("Siemens AG", "industry", "name:legal-form:AG"),
    ("Ministry of Agriculture and Forestry of Turkey", "government", "name:ministry(en)"),
    ("INSERM", "knowledge", "name:acronym:INSERM"),  # a ROR government record
])
def test_lookup_decides_after_the_name_rules(name: str, helix: str, rule: str) -> None:
    for method in ("rules", "both"):
        result = hx.classify_names([name], method=method)
        assert result[["helix", "rule"]].values.tolist() == [[helix, rule]]


@pytest.mark.parametrize("name", ["4Science", "Water Research Institute", "Ministry of Health"])
def test_names_ror_gives_two_helices_stay_with_the_rules(name: str) -> None:
    normalised = helices.normalise_name_for_rules(pd.Series([name]))
    assert "|" in ror_names()[normalised.iat[0]]  # several ROR records bear the name
    assert ror_decisions(normalised)[0].tolist() == [None]
    assert not hx.classify_names([name], method="rules")["rule"].iat[0].startswith("ror:")


@pytest.mark.parametrize(("types", "name", "helix"), [
    ("EU", "ETH ZURICH", "knowledge"),
    ("FG", "AGRICULTURAL RESEARCH CENTER", "knowledge"),  # a facility before government
    ("G", "INSTITUT NATIONAL DE LA SANTE ET DE LA RECHERCHE MEDICALE", None),  # a government record named like research: the rules decide
    ("G", "MINISTRY OF HEALTH", "government"),
    ("H", "CHARITE UNIVERSITATSMEDIZIN BERLIN", "knowledge"),
    ("H", "ST MARY S HOSPITAL", None),
    ("N", "RED CROSS", None),  # nonprofits: research nonprofits and charities alike; the rules decide
    ("N", "FUNDACIO CATALANA PER A LA RECERCA I LA INNOVACIO", None),
    ("NU", "IKEA FOUNDATION", None),  # nonprofit before funder: the rules decide
    ("G", "BUNDESANSTALT FUR MATERIALFORSCHUNG UND PRUFUNG", None),  # research inside a compound
    ("G", "NATIONAL MUSEUM OF NATURAL HISTORY", None),  # museums, libraries, archives, galleries, hospitals
    ("G", "STAATSBIBLIOTHEK ZU BERLIN", None),
    ("G", "NATIONAL GALLERY OF ART", None),
    ("G", "ROYAL OBSERVATORY", None),
    ("G", "COUNTY HOSPITAL", None),
    ("A", "STATENS MUSEUM FOR KUNST", None),  # archives decide nothing
    ("AG", "NATIONAL ARCHIVES", None),
    ("F", "GERMAN NATIONAL LIBRARY OF ECONOMICS", "knowledge"),  # a facility: a research infrastructure
    ("U", "NATIONAL SCIENCE FUND", "government"),
    ("OU", "SOME FUND", None),  # a funder with another type: the rules decide
    ("U", "YALE UNIVERSITY", None),
    ("CU", "SONY", "industry"),
    ("O", "SOMETHING", None),
])
def test_record_types_to_helix(types: str, name: str, helix: str | None) -> None:
    assert ror_record_decision(types, name)[0] == helix


def _record(name: str, types: list[str], aliases: tuple[str, ...] = (), acronyms: tuple[str, ...] = ()) -> dict:
    names = [{"value": name, "types": ["ror_display", "label"], "lang": "en"}]
    names += [{"value": a, "types": ["alias"], "lang": None} for a in aliases]
    names += [{"value": a, "types": ["acronym"], "lang": None} for a in acronyms]
    return {"names": names, "types": types, "status": "active"}


def test_build_table_from_hand_made_records() -> None:
    records = [
        _record("Acme Kabushiki Kaisha (Japan)", ["company"], acronyms=("AKK",)),
        _record("Universität Nirgendwo", ["education", "funder"], aliases=("Nirgendwo University",), acronyms=("UNW", "SHR")),
        _record("Nirgendwo Foundation", ["nonprofit"], acronyms=("SHR",)),  # SHR is shared: left out
        _record("Twin Name", ["company"]),
        _record("Twin Name", ["government"]),
        _record("東京大学", ["education"], acronyms=("CAT",)),  # not Latin; CAT a common word
        {"name": "Old Schema Institute", "types": ["Facility"], "aliases": ["OSI Lab"], "acronyms": ["OSIX"],
         "labels": [{"label": "Institut de l'Ancien Schéma", "iso639": "fr"}]},
    ]
    table = ror_name_table(records, english={"CAT"})
    got = dict(zip(table["name"], table["types"]))
    assert got == {
        "ACME KABUSHIKI KAISHA JAPAN": "C", "ACME KABUSHIKI KAISHA": "C", "ACME": "C", "AKK": "C",
        "UNIVERSITAT NIRGENDWO": "EU", "NIRGENDWO UNIVERSITY": "EU", "UNW": "EU",
        "NIRGENDWO FOUNDATION": "N",
        "TWIN NAME": "C|G",
        "OLD SCHEMA INSTITUTE": "F", "OSI LAB": "F", "OSIX": "F", "INSTITUT DE L ANCIEN SCHEMA": "F",
    }


def _built_decisions(records: list[dict]) -> dict[str, str | None]:
    """The helix the ROR lookup gives each name of a table built from ``records``."""
    table = ror_name_table(records, english=set())
    return {name: ror_record_decision(types, name)[0] for name, types in zip(table["name"], table["types"])}


def test_nonprofit_records_named_as_associations_or_for_research_give_their_acronyms_that_helix() -> None:
    records = [
        _record("Nordland Society of Marine Biology", ["nonprofit"], acronyms=("NOSOMB",)),
        _record("Nordland Marine Research Institute", ["nonprofit"], acronyms=("NOMARI",)),
        _record("Nordland Heritage Foundation", ["nonprofit"], acronyms=("NOHEFO",)),
        _record("Nordland Science Association", ["nonprofit", "funder"], acronyms=("NOSCAS",)),
        _record("Nordland Society for Cancer Research", ["nonprofit"], acronyms=("NOSCARE",)),
        _record("Nordland Institute of Certified Accountants", ["nonprofit"], acronyms=("NICA",)),
    ]
    decisions = _built_decisions(records)
    assert decisions["NOSOMB"] == "civil"  # a learned society's acronym
    assert decisions["NOMARI"] == "knowledge"  # a research nonprofit's acronym
    assert decisions["NOSCARE"] is None  # a learned society named for research: neither, the rules decide
    assert decisions["NICA"] is None  # an institute that does no research
    assert decisions["NOHEFO"] is None  # the rules leave foundations undecided
    assert decisions["NOSCAS"] is None  # a nonprofit that funds: not a plain nonprofit record


def test_government_records_that_name_a_research_body_give_knowledge_to_their_acronyms() -> None:
    records = [
        _record("Nordland Institute of Marine Research", ["government"], acronyms=("NIMARE",)),
        _record("Ministry of Research of Nordland", ["government"], acronyms=("MIRENO",)),
        _record("Nordland Office of Naval Research", ["government", "funder"], acronyms=("NONARE",)),
        _record("Nordland Marine Research Council", ["government"], acronyms=("NOMARC",)),
        _record("Nordland Statistics Bureau", ["government"], acronyms=("NOSTAB",)),
    ]
    decisions = _built_decisions(records)
    assert decisions["NIMARE"] == "knowledge"  # the research institute's acronym
    assert decisions["NOSTAB"] == "government"  # a government body
    assert decisions["MIRENO"] == "government"  # the rules read a ministry in its name
    assert decisions["NONARE"] == "government"  # an office of research funds research
    assert decisions["NOMARC"] == "government"  # a research council funds research
    assert decisions["NORDLAND INSTITUTE OF MARINE RESEARCH"] == "knowledge"


def _git_snapshot(root: Path, files: dict[str, object]) -> Path:
    """A git repository holding ``files`` (path -> JSON value) in one commit; its git directory."""
    for path, value in files.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(json.dumps(value), encoding="utf-8")
    git = ["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@t.invalid"]
    subprocess.run(git + ["init", "-q"], check=True)
    subprocess.run(git + ["add", "."], check=True)
    subprocess.run(git + ["commit", "-q", "-m", "snapshot"], check=True)
    return root / ".git"


def test_closed_organisations_are_read_and_withdrawn_records_are_not(tmp_path: Path) -> None:
    def record(name: str, status: str) -> dict:
        return {"name": name, "types": ["Facility"], "status": status, "acronyms": ["MI"]}

    snapshot = _git_snapshot(tmp_path, {
        "v1.0/01.json": record("Merged Institute", "active"),
        "v1.9/01.json": record("Merged Institute", "inactive"),  # the newest version decides
        "v1.9/02.json": record("Duplicate Institute", "withdrawn"),
        "v1.10/03.json": record("Open Institute", "active"),
        "v2.1/04.json": {"names": [{"value": "Closed Lab", "types": ["ror_display"]}, {"value": "CLB", "types": ["acronym"]}],
                         "types": ["facility"], "status": "inactive"},
    })
    records = {record_names(r)[0][0]: record_names(r)[1] for r in ror_json_records(snapshot)}
    # Closed organisations keep their names, not their acronyms (an acronym outlives its organisation).
    assert records == {"Merged Institute": [], "Open Institute": ["MI"], "Closed Lab": []}


def test_the_2021_extract_adds_only_records_the_snapshot_lacks(tmp_path: Path) -> None:
    snapshot = _git_snapshot(tmp_path / "records", {
        "v1.0/01.json": {"name": "Renamed Lab", "types": ["Facility"], "status": "active"},
    })
    extract = _git_snapshot(tmp_path / "extract", {
        "data/nz.json": [{"name": "Renamed Lab", "country_code": "NZ", "country_name": "New Zealand", "types": ["Company"]},
                         {"name": "Kiwi Widgets (New Zealand)", "country_code": "NZ", "country_name": "New Zealand",
                          "types": ["Company"]}],
        "data/us.json": [{"name": "Standards Bureau", "country_code": "US", "country_name": "United States",
                          "types": ["Government"]}],
    })
    added = list(ror_extract_records(extract, {"Renamed Lab"}))
    assert added == [{"name": "Kiwi Widgets (New Zealand)", "types": ["Company"], "country": {"country_code": "NZ"}},
                     {"name": "Standards Bureau", "types": ["Government"], "country": {"country_code": "US"}}]
    # The whole build: the snapshot's newer type wins for a name both hold.
    output = tmp_path / "ror_names.csv.gz"
    import helixnet.helices_data.build_ror as build_ror
    with mock.patch.object(build_ror, "OUTPUT", output), mock.patch.object(build_ror, "COUNTRY_OUTPUT", tmp_path / "by_country.csv.gz"):
        assert build_ror_main([str(snapshot), "--registry-extract", str(extract)]) == 0
    table = pd.read_csv(output, dtype=str, keep_default_na=False)
    assert dict(zip(table["name"], table["types"])) == {
        "RENAMED LAB": "F", "KIWI WIDGETS NEW ZEALAND": "C", "KIWI WIDGETS": "C", "STANDARDS BUREAU": "G"}


def test_the_2021_dump_tables_give_the_records_the_snapshot_lacks_with_their_acronyms() -> None:
    ror = "https://ror.org/"
    tables = {
        "ror_orgs": pd.DataFrame({"id": [ror + "01aaaaa11", ror + "02bbbbb22", ror + "03ccccc33"],
                                  "name": ["Newer Lab", "Quarvik Institute of Marine Research", "Zyxor Holdings"],
                                  "country_code": ["NZ", "NO", "US"]}),
        "ror_aliases": pd.DataFrame({"id": [ror + "02bbbbb22"], "aliases": ["Quarvik Marine"]}),
        "ror_acronyms": pd.DataFrame({"id": [ror + "02bbbbb22", ror + "01aaaaa11"], "acronyms": ["QIMR", "NL"]}),
        "ror_types": pd.DataFrame({"id": [ror + "02bbbbb22", ror + "03ccccc33", ror + "03ccccc33"],
                                   "types": ["Facility", "Company", "Funder"]}),
    }
    records = dump_tables_records(tables, known_ids={"01aaaaa11"})  # ror-records holds a newer version of the first
    assert records == [
        {"id": ror + "02bbbbb22", "name": "Quarvik Institute of Marine Research", "aliases": ["Quarvik Marine"],
         "acronyms": ["QIMR"], "types": ["Facility"], "country": {"country_code": "NO"}},
        {"id": ror + "03ccccc33", "name": "Zyxor Holdings", "aliases": [], "acronyms": [], "types": ["Company", "Funder"],
         "country": {"country_code": "US"}},
    ]
    table = ror_name_table(records, english=set())
    assert dict(zip(table["name"], table["types"]))["QIMR"] == "F"  # the acronym decides as the record's type


def test_firm_names_are_also_kept_without_their_trailing_legal_forms() -> None:
    records = [
        _record("Widgetron Electronics Co., Ltd.", ["company"]),  # both forms go: WIDGETRON ELECTRONICS
        _record("Zyxor Corporation (United States)", ["company"]),
        _record("Exponent, Inc.", ["company"]),  # a common English word alone: not kept
        _record("Blue Sky Inc", ["company"]),  # common English words only: not kept
        _record("PSE AG", ["company"]),  # one word of three letters: not kept
        _record("Quarvik GmbH", ["company"]),
        _record("Quarvik", ["education"]),  # a university bears the short name: not kept as a firm's
        _record("Norvane Ltd", ["company"], acronyms=("NORV",)),
        _record("Nordic Norvane Society", ["nonprofit"], acronyms=("NORVANE",)),  # and as an acronym
        _record("Strolm Stiftung GmbH", ["nonprofit"]),  # not a firm by its ROR type
    ]
    table = ror_name_table(records, english={"EXPONENT", "BLUE", "SKY"})
    got = dict(zip(table["name"], table["types"]))
    assert got["WIDGETRON ELECTRONICS"] == "C"
    assert got["ZYXOR"] == "C"
    for absent in ("EXPONENT", "BLUE SKY", "PSE", "STROLM STIFTUNG", "WIDGETRON ELECTRONICS CO"):
        assert absent not in got
    assert got["QUARVIK"] == "E"  # the university's own name, not joined by the firm's
    assert got["NORVANE"] == "NS"  # the society's acronym (a civil body), not joined by the firm's short name
    assert got["NORV"] == "C"


@pytest.mark.parametrize(("name", "ror_name"), [
    ("Elsevier", "Elsevier BV"),
    ("Yonex", "Yonex Co Ltd"),
    ("MannKind", "MannKind Corporation"),
    ("Ishikawajima-Harima Heavy Industries", "Ishikawajima-Harima Heavy Industries Co Ltd"),
])
def test_firms_written_without_their_legal_form_are_found(name: str, ror_name: str) -> None:
    normalised = helices.normalise_name_for_rules(pd.Series([name, ror_name]))
    assert normalised.iat[1] in ror_names()  # ROR writes the legal form
    assert ror_decisions(normalised)[0].tolist() == ["industry", "industry"]
    assert hx.classify_names([name], method="rules")[["helix", "rule"]].values.tolist() == [["industry", "ror:company"]]


def test_common_words_that_many_firm_records_bear_are_multinationals_names() -> None:
    countries = ["France", "Germany", "Japan", "Brazil", "India"]
    records = [_record(f"Shell ({c})", ["company"]) for c in countries]  # five firm records: a multinational
    records += [_record("Total SE", ["company"])] + [_record(f"Total ({c})", ["company"]) for c in countries[:4]]
    records += [_record(f"Access ({c})", ["company"]) for c in countries[:4]]  # four: a common word still
    records += [_record(f"Element ({c})", ["company"]) for c in countries[:3]] + [_record("Element Inc", ["company"])] * 2
    table = ror_name_table(records, english={"SHELL", "TOTAL", "ACCESS", "ELEMENT"})
    got = dict(zip(table["name"], table["types"]))
    assert got["SHELL"] == "C" and got["TOTAL"] == "C"  # Total: four by name, one before a legal form
    assert "ACCESS" not in got
    assert got["ELEMENT"] == "C"  # five records, three by name and two before a legal form


def test_a_name_that_other_records_bear_as_acronym_decides_nothing() -> None:
    records = [_record("Qubc", ["company"]), _record("University of Qubec Columbia", ["education"], acronyms=("QUBC",)),
               _record("Xy", ["company"]), _record("Xy Institute", ["facility"], acronyms=("XY",))]
    got = dict(zip(*ror_name_table(records, english=set())[["name", "types"]].T.values))
    assert got["QUBC"] == "C|E"
    assert got["XY"] == "C"  # two letters: acronyms that short are not read
    assert hx.classify_names(["UBC"], method="rules")["rule"].iat[0] != "ror:company"  # a firm's name, the university's acronym


@pytest.mark.parametrize("name", ["Shell", "Intel", "Nestle"])
def test_multinationals_named_by_a_common_word_are_firms(name: str) -> None:
    assert hx.classify_names([name], method="rules")[["helix", "rule"]].values.tolist() == [["industry", "ror:company"]]
    site = hx.classify_names([f"{name} Res Ctr"], method="rules")
    assert site[["helix", "rule"]].values.tolist() == [["industry", "ror:company(research-site)"]]


@pytest.mark.parametrize("name", ["Apple", "Exponent"])
def test_firm_names_that_are_common_english_words_are_not_keyed_without_their_legal_form(name: str) -> None:
    assert name.upper() not in ror_names()
    assert ror_decisions(pd.Series([name.upper()]))[0].tolist() == [None]


def test_wos_abbreviations_learnt_from_hand_made_addresses() -> None:
    parts = ["Natl Oceanog Ctr", "Natl Inst Hlth", "Univ Oxford", "Univ Bristol", "Ctr Hist Sci", "Oxford"]
    ror_names = ["NATIONAL OCEANOGRAPHY CENTRE", "NATIONAL INSTITUTES OF HEALTH", "UNIVERSITY OF OXFORD",
                 "UNIVERSITY OF BRISTOL", "CENTRE D HISTOIRE DES SCIENCES", "OXFORD INSTRUMENTS"]
    evidence = build_wos_abbreviations.abbreviation_evidence(parts, ror_names)
    assert evidence[("UNIVERSITY", "UNIV")] == {"UNIV OXFORD", "UNIV BRISTOL"}
    assert evidence[("OF", "")] == {"NATL INST HLTH", "UNIV OXFORD", "UNIV BRISTOL"}  # left out
    assert evidence[("CENTRE", "CTR")] == {"NATL OCEANOG CTR", "CTR HIST SCI"}
    assert all(len(p.split()) > 1 for shown in evidence.values() for p in shown)  # "Oxford" gives no evidence
    table = build_wos_abbreviations.abbreviation_table(evidence)
    kept = set(zip(table["word"], table["abbreviation"]))
    assert {("UNIVERSITY", "UNIV"), ("OF", ""), ("NATIONAL", "NATL"), ("CENTRE", "CTR"),
            ("OCEANOGRAPHY", "OCEANOG")} <= kept  # twice seen, or a long cut
    assert ("HEALTH", "HLTH") not in kept  # seen once and no cut
    assert ("INSTITUTES", "INST") not in kept  # a cut, but of less than half the word


def test_wos_forms_keep_the_types_of_every_name_that_gives_them() -> None:
    table = pd.DataFrame({"name": ["NATIONAL OCEANOGRAPHY CENTRE", "UNIVERSITY OF X", "UNIVERSITE DE X", "CENTRE OF Y",
                                   "CENTER Y", "CTR Y", "UNIVERSITY", "CENTRE Z", "CENTER Z"],
                          "types": ["F", "E", "E", "G", "C", "N", "E", "G", "C"]})
    abbreviations = pd.DataFrame({"word": ["NATIONAL", "OCEANOGRAPHY", "CENTRE", "CENTER", "UNIVERSITY", "UNIVERSITE", "OF", "DE"],
                                  "abbreviation": ["NATL", "OCEANOG", "CTR", "CTR", "UNIV", "UNIV", "", ""],
                                  "support": [2] * 8, "example": [""] * 8})
    forms = build_wos_abbreviations.wos_forms(table, abbreviations)
    # CTR Y: three kinds of records, the ROR name CTR Y among them; UNIV a single word.
    assert forms.values.tolist() == [["CTR Y", "C|G|N"], ["CTR Z", "C|G"], ["NATL OCEANOG CTR", "F"], ["UNIV X", "E"]]
    lookup = dict(zip(table["name"], table["types"]))
    forms_by_name = dict(forms.values.tolist())
    with mock.patch.object(_ror, "wos_short_forms", return_value=_ror.short_forms(abbreviations)):
        assert _ror.ror_decision("UNIVERSITE X", lookup, forms_by_name) == ("knowledge", "education")
        assert _ror.ror_decision("NATL OCEANOGRAPHY CENTER", lookup, forms_by_name) == ("knowledge", "facility")
        assert _ror.ror_decision("CENTER Z", lookup, forms_by_name) == ("industry", "company")  # its own ROR name
        assert _ror.ror_decision("CTR Z", lookup, forms_by_name) == (None, None)  # two kinds of records


def test_short_forms_leave_an_abbreviation_as_it_is() -> None:
    abbreviations = pd.DataFrame({"word": ["MEDICINE", "MEDICAL", "MED", "D", "DOCTOR"],
                                  "abbreviation": ["MED", "MED", "", "", "D"],
                                  "support": [40, 30, 2, 90, 3], "example": [""] * 5})
    short = _ror.short_forms(abbreviations)
    assert short["MEDICINE"] == "MED" and "MED" not in short  # MED abbreviates far more often than it is left out
    assert short["D"] == ""  # d' is left out more often than it abbreviates DOCTOR
    assert _ror.wos_form("WEILL CORNELL MED", short) == "WEILL CORNELL MED"


def test_shipped_wos_abbreviations_and_forms() -> None:
    table = pd.read_csv(resources.files("helixnet.helices_data").joinpath("wos_abbreviations.csv"), dtype=str, keep_default_na=False)
    pairs = set(zip(table["word"], table["abbreviation"]))
    assert {("NATIONAL", "NATL"), ("CENTRE", "CTR"), ("INSTITUTE", "INST"), ("RESEARCH", "RES"), ("OF", "")} <= pairs
    result = hx.classify_names(["Natl Oceanog Ctr", "Ctr Estudis Avancats Blanes"], method="rules")
    assert result["rule"].tolist() == ["ror:facility", "ror:facility"]
    plain = hx.classify_names(["Natl Oceanog Ctr"], method="rules", abbreviations=False)
    # the Web of Science forms of ROR names go with the abbreviation rules; without them a name rule
    # decides (a centre named after a science field)
    assert plain["rule"].tolist() == ["name:research-centre(science)"]


# --- Variants of a name that the exact ROR lookup misses: extras around a ROR name ---------------

def _ror_helix(name: str) -> str | None:
    """The exact ROR decision of a name as written (the oracle the variants are checked against)."""
    return ror_decisions(helices.normalise_name_for_rules(pd.Series([name])))[0][0]


@pytest.mark.parametrize(("name", "variant", "helix", "rule"), [
    ("Centre de Recerca en Economia Internacional (CREI)", "Centre de Recerca en Economia Internacional",
     "knowledge", "ror:facility(parenthesis)"),
    ("Integrated Marine Observing System Node (IMOS)", "IMOS", "knowledge", "ror:facility(acronym)"),
    ("Current affiliation: CIRAD", "CIRAD", "knowledge", "ror:facility(prefix)"),
    ("Present address: Ericsson", "Ericsson", "industry", "ror:company(prefix)"),
])
def test_variants_decide_as_the_ror_name_inside_them(name: str, variant: str, helix: str, rule: str) -> None:
    assert _ror_helix(name) is None  # the exact name is not decided by ROR
    assert _ror_helix(variant) == helix  # its variant is, unambiguously
    assert hx.classify_names([name], method="rules")[["helix", "rule"]].values.tolist() == [[helix, rule]]


@pytest.mark.parametrize(("name", "rule"), [
    ("INCO (Industrial del Conejo)", "none"),  # an acronym alone outside the parentheses: not ROR's INCO
    ("Ministry of Health (RDW)", "name:ministry(en)"),  # a stronger rule of the full name decides first
    ("Hoofdkantoor Dienst Wegverkeer (CIRAD)", "none"),  # the acronym does not abbreviate the name: another organisation's
    ("Sony (Japan)", "name:firm-brand:SONY"),  # the exact name is ROR's already; nothing else is tried
])
def test_variants_do_not_decide_where_they_should_not(name: str, rule: str) -> None:
    assert hx.classify_names([name], method="rules")["rule"].tolist() == [rule]


def test_a_ror_university_outranks_a_firm_brand_but_a_ror_facility_does_not() -> None:
    result = hx.classify_names(["Tata Inst Fundamental Res", "Tata Steel", "IBM Res"], method="rules")
    assert result["rule"].tolist() == ["ror:education", "name:firm-brand:TATA", "name:firm-brand:IBM"]
    assert _ror_helix("IBM Res") == "knowledge"  # ROR types IBM Research a facility: the brand decides


@pytest.mark.parametrize(("name", "lead", "rule"), [
    ("CSIRO Entomol", "CSIRO", "ror:government-research-body(lead-acronym)"),  # a ROR government record named as a research body
    ("SARDI Aquat Sci", "SARDI", "ror:facility(lead-acronym)"),
    ("SAEON Fynbos Node", "SAEON", "ror:facility(lead-acronym)"),
])
def test_a_leading_research_acronym_makes_its_units_knowledge(name: str, lead: str, rule: str) -> None:
    assert _ror_helix(name) is None and _ror_helix(lead) == "knowledge"
    assert hx.classify_names([name], method="rules")[["helix", "rule"]].values.tolist() == [["knowledge", rule]]


@pytest.mark.parametrize(("name", "helix", "rule"), [
    ("CSIRO ENTOMOL", "unknown", "none"),  # all in capitals: the first word need not be an acronym
    ("USDA ARS", "unknown", "none"),  # a public body's acronym: its services are not all government
    ("ASML Veldhoven", "unknown", "none"),  # a firm's acronym: a subsidiary need not be a firm (RTI Int is a research institute)
    ("VITO Energy Technol", "industry", "name:industry-word(wos)"),  # a rule read the rest of the name: it decides
])
def test_a_leading_acronym_decides_only_for_research_and_only_where_nothing_else_did(name: str, helix: str, rule: str) -> None:
    assert _ror_helix(name.split()[0]) is not None
    assert hx.classify_names([name], method="rules")[["helix", "rule"]].values.tolist() == [[helix, rule]]


@pytest.mark.parametrize("name", ["Ericsson Res", "Ericsson Research", "Ericsson Research Stockholm", "Ericsson Res Stockholm Sweden",
                                  "Eramet Research", "Ericsson R&D Center", "Pfizer Global R&D", "Hitachi Cent Res Lab",
                                  "Novartis Inst BioMed Res", "Ericsson Denmark Res Ctr", "Tencent AI Lab",
                                  # with a legal form that leaves a research institute undecided
                                  "Ericsson Research Institute Europe GmbH", "Ericsson Denmark Res Ctr ApS"])
def test_corporate_research_sites_led_by_a_ror_company_are_industry(name: str) -> None:
    company = name.split()[0]
    assert _ror_helix(company) == "industry"
    result = hx.classify_names([name], method="both")
    assert result[["helix", "rule"]].values.tolist() == [["industry", "ror:company(research-site)"]]


@pytest.mark.parametrize("name", ["Ericsson Europe", "Ericsson Stockholm", "Ericsson Stockholm Sweden", "Eramet International", "Tencent Amer"])
def test_subsidiaries_named_by_place_after_a_ror_company_are_industry(name: str) -> None:
    assert _ror_helix(name.split()[0]) == "industry"
    result = hx.classify_names([name], method="both")
    assert result[["helix", "rule"]].values.tolist() == [["industry", "ror:company(subsidiary)"]]


@pytest.mark.parametrize("name", ["Ericsson Europe Foundation", "Ericsson Stockholm Sweden Europe", "Advanced Space Europe"])
def test_subsidiaries_need_only_places_after_a_distinctive_company(name: str) -> None:
    assert helices._company_extension(helices.normalise_name_for_rules(pd.Series([name])).iat[0]) is None


@pytest.mark.parametrize(("name", "company"), [
    ("Advanced Space Research", "Advanced Space"),  # a ROR company named with common English words
    ("Ericsson Research Foundation", None),  # a foundation is not a research site
    ("Ericsson Telia Research", None),  # a ROR company name plus another organisation's words
    ("Ericsson Research University of Oslo", None),
])
def test_research_sites_need_a_distinctive_company_and_only_site_words(name: str, company: str | None) -> None:
    if company is not None:
        assert _ror_helix(company) == "industry"  # ROR does know the company
    assert helices._company_extension(helices.normalise_name_for_rules(pd.Series([name])).iat[0]) is None
    assert hx.classify_names([name], method="rules")["rule"].iat[0] != "ror:company(research-site)"


def test_the_shipped_research_site_companies_are_distinctive_ror_companies() -> None:
    sites = sorted(ror_company_sites())
    assert len(sites) > 1000 and "ERICSSON" in sites
    helix, _ = ror_decisions(pd.Series(sites, dtype=object), abbreviations=False)
    assert set(helix) == {"industry"}
    assert not any(ROR_RESEARCH.search(s) or ROR_UNIVERSITY.search(s) for s in sites)
    assert "ADVANCED SPACE" not in sites


# --- Names that records of several countries bear: the address's country decides ------------------

def _located(record: dict, country: str) -> dict:
    return {**record, "locations": [{"geonames_details": {"country_code": country}}]}


def test_country_table_keeps_names_of_several_countries_per_country() -> None:
    records = [
        _located(_record("Institut de Recherche Zeta", ["government"], acronyms=("IRZ",)), "FR"),
        _located(_record("Irz Holdings", ["company"], acronyms=("IRZ",)), "US"),
        _located(_record("Ministry of Widgets", ["government"]), "SA"),
        _located(_record("Ministry of Widgets", ["government"]), "OM"),
        _located(_record("Only Here Lab", ["facility"], acronyms=("OHL",)), "DE"),
        _located(_record("Other Here Firm", ["company"], acronyms=("OHL",)), "DE"),  # one country: tells nothing
        _located(_record("Cat Society", ["nonprofit"], acronyms=("CAT",)), "GB"),
        _located(_record("Cat Corp", ["company"], acronyms=("CAT",)), "US"),  # a common word: left out
        {"name": "Nowhere Agency", "types": ["Government"], "country": {"country_code": None}},
        _located(_record("Nowhere Agency", ["company"]), "NZ"),  # a bearer of unknown country: left out
    ]
    table = build_ror.ror_country_table(records, english={"CAT"})
    assert table.values.tolist() == [["IRZ", "FR", "GR"], ["IRZ", "US", "C"], ["MINISTRY OF WIDGETS", "OM", "G"],
                                     ["MINISTRY OF WIDGETS", "SA", "G"]]
    # (IRZ in France gets the research-body code: its names read as a research institute.)


def test_a_name_of_several_countries_is_decided_by_the_address_country() -> None:
    assert "IRD" not in ror_names()  # several records bear it
    frame = pd.DataFrame({"name": ["IRD", "IRD", "NIH", "IRD"], "country": ["FR", "ZZ", "US", None]})
    result = hx.classify_helix(frame, method="both")
    assert result["rule"].tolist()[:3] == ["ror:government-research-body(country)", "none", "ror:government-research-body(country)"]
    assert result["helix"].tolist() == ["knowledge", "unknown", "knowledge", "unknown"]
    assert result["confidence"].iat[0] == pytest.approx(helices.rule_reliability()[("ror:government-research-body(country)", "knowledge")])
    assert hx.classify_helix(frame, country=None)["helix"].eq("unknown").all()
    # a CORDIS code is read as ISO (UK is GB); a name a rule decides is not looked up again
    cordis = hx.classify_helix(pd.DataFrame({"name": ["MRC", "Ministry of Defence"], "country": ["UK", "UK"]}), method="rules")
    assert cordis["rule"].tolist() == ["ror:government(country)", "name:ministry(en)"]
    assert hx.classify_helix(frame, min_confidence=0.99)["helix"].eq("unknown").all()
