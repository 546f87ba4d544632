"""Readers and writers: real export formats, ids as text, every bad input named."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

import helixnet as hx
from helixnet import HelixDataError

DATA = Path(__file__).parent / "data"


def test_read_cordis_export():
    organisations, participations, events = hx.read_cordis(DATA / "cordis_organization.csv", DATA / "cordis_project.csv")
    assert participations["event"].tolist() == ["101000001"] * 3 + ["101000002"] * 2
    assert participations["organisation"].iloc[0] == "00999123"  # leading zeros kept
    assert participations["amount"].tolist() == [1250000.5, 300000.0, 50000.0, 99.5, 10.0]  # decimal commas
    assert participations["year"].tolist() == [2021, 2021, 2021, 2022, 2022]
    by_id = organisations.set_index("organisation")
    assert len(by_id) == 4
    assert by_id.loc["00999123", ["helix", "rule"]].tolist()[0] == "knowledge"
    assert by_id.loc["888777666", "helix"] == "industry"
    assert by_id.loc["555444333", "helix"] == "government"
    assert by_id.loc["00999123", "region"] == "NL414"
    assert by_id.loc["00999123", "city"] == "EINDHOVEN"
    assert events.set_index("event").loc["101000001", "title"] == 'Smart grids; for the "Brainport" region'
    assert events.set_index("event").loc["101000001", "total_cost"] == 2000000.75
    assert events.set_index("event").loc["101000002", "programme"] == "HORIZON"
    G = hx.collaboration_graph(participations, organisations)
    assert G.number_of_edges() == 4


def test_read_cordis_missing_project(tmp_path):
    projects = pd.read_csv(DATA / "cordis_project.csv", sep=";", dtype=str).iloc[:1]
    with pytest.raises(HelixDataError, match="missing from project.csv: '101000002'"):
        hx.read_cordis(DATA / "cordis_organization.csv", projects)


def test_read_cordis_wrong_file():
    with pytest.raises(HelixDataError, match="no column 'projectID'"):
        hx.read_cordis(DATA / "cordis_project.csv")


def test_ids_stay_text(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text("project,pic,year,amount\n001,00123,2020,1.5\n001,123,2020,\n")
    p = hx.read_participations(path, columns={"project": "event", "pic": "organisation"})
    assert p["event"].tolist() == ["001", "001"]
    assert p["organisation"].tolist() == ["00123", "123"]
    assert p["year"].tolist() == [2020, 2020]
    assert p["amount"].isna().tolist() == [False, True]


def test_parquet_roundtrip(tmp_path):
    path = tmp_path / "o.parquet"
    pd.DataFrame({"organisation": ["007"], "name": ["Bond B.V."], "helix": ["industry"]}).to_parquet(path)
    assert hx.read_organisations(path)["organisation"].tolist() == ["007"]


def test_non_utf8_file(tmp_path):
    path = tmp_path / "o.csv"
    path.write_bytes("organisation,name\n1,Universit\xe9 de Lille\n".encode("latin-1"))
    with pytest.raises(HelixDataError, match="not valid utf-8.*encoding='latin-1'"):
        hx.read_organisations(path)
    assert hx.read_organisations(path, encoding="latin-1")["name"].tolist() == ["Université de Lille"]


@pytest.mark.parametrize(
    "table, message",
    [
        (pd.DataFrame({"id": ["1"]}), "no column 'organisation'"),
        (pd.DataFrame({"organisation": []}), "empty"),
        (pd.DataFrame({"organisation": ["1", None]}), "missing id"),
        (pd.DataFrame({"organisation": ["1", "1"], "name": ["A", "B"]}), "'1' appear more than once with different attributes"),
        (pd.DataFrame({"organisation": ["1"], "helix": ["academia"]}), "unknown helix label.*'academia'"),
        (pd.DataFrame({"organisation": ["1"], "employees": ["many"]}), "non-numeric.*'many'"),
    ],
)
def test_bad_organisations(table, message):
    with pytest.raises(HelixDataError, match=message):
        hx.read_organisations(table)


def test_identical_repeated_organisations_are_merged_and_counted():
    o = hx.read_organisations(pd.DataFrame({"organisation": ["1", "1", "2"], "name": ["A", "A", "B"]}))
    assert o["organisation"].tolist() == ["1", "2"]
    assert o.attrs["merged_duplicates"] == 1


@pytest.mark.parametrize(
    "table, kwargs, message",
    [
        (pd.DataFrame({"event": ["e"]}), {}, "no column 'organisation'"),
        (pd.DataFrame({"event": ["e"], "organisation": ["x"]}), {"organisations": pd.DataFrame({"organisation": ["a"]})}, "not in the organisations table: 'x'"),
        (pd.DataFrame({"event": ["e"], "organisation": ["a"], "amount": [-5]}), {}, "negative"),
        (pd.DataFrame({"event": ["e"], "organisation": ["a"], "year": ["2020a"]}), {}, "non-numeric"),
        (pd.DataFrame({"e": ["e"], "organisation": ["a"]}), {"columns": {"project": "event"}}, "no column 'project'"),
        ("no/such/file.csv", {}, "no such file"),
    ],
)
def test_bad_participations(table, kwargs, message):
    with pytest.raises(HelixDataError, match=message):
        hx.read_participations(table, **kwargs)


@pytest.fixture
def messy_graph():
    G = nx.Graph()
    G.add_node("a", name="Univ <A> & co", helix="knowledge", size=3, country=float("nan"), tags=["x", "y"])
    G.add_node("b", name="B", helix="industry", size=2.5)
    G.add_edge("a", "b", weight=1.5, count=2)
    return G


def test_gexf_and_graphml_roundtrip(tmp_path, messy_graph):
    hx.write_gexf(messy_graph, tmp_path / "g.gexf")
    hx.write_graphml(messy_graph, tmp_path / "g.graphml")
    for G in (nx.read_gexf(tmp_path / "g.gexf"), nx.read_graphml(tmp_path / "g.graphml")):
        assert set(G.nodes) == {"a", "b"}
        assert G.nodes["a"]["name"] == "Univ <A> & co"
        assert "country" not in G.nodes["a"]  # NaN left out, not written as "nan"
        assert G.nodes["a"]["tags"] == "x;y"
        assert G.nodes["a"]["size"] == 3.0 and G.nodes["b"]["size"] == 2.5
        assert G.edges["a", "b"]["weight"] == 1.5


def test_vosviewer_files(tmp_path, messy_graph):
    hx.write_vosviewer(messy_graph, tmp_path / "map.txt", tmp_path / "network.txt")
    items = pd.read_csv(tmp_path / "map.txt", sep="\t")
    assert items.columns.tolist() == ["id", "label", "description", "cluster", "weight<Links>", "weight<Total link strength>"]
    assert items["label"].tolist() == ["Univ <A> & co", "B"]
    assert items["cluster"].tolist() == [1, 2]
    links = pd.read_csv(tmp_path / "network.txt", sep="\t", header=None)
    assert links.values.tolist() == [[1, 2, 1.5]]


CORDIS_HEADER = "projectID;projectAcronym;organisationID;name;activityType;country;role;ecContribution;netEcContribution\n"


def test_read_cordis_decimal_point_and_decimal_comma(tmp_path):
    # Both styles occur in CORDIS exports; "." is a decimal mark unless the column uses ",".
    point = tmp_path / "point.csv"
    point.write_text(CORDIS_HEADER + "1;A;7;Univ X;HES;NL;coordinator;779463.75;1000\n"
                     "1;A;8;Y BV;PRC;NL;participant;12.5;\n")
    amounts = hx.read_cordis(point).participations["amount"].tolist()
    assert amounts == [779463.75, 12.5]
    comma = tmp_path / "comma.csv"
    comma.write_text(CORDIS_HEADER + '1;A;7;Univ X;HES;NL;coordinator;"779463,75";1000\n'
                     '1;A;8;Y BV;PRC;NL;participant;"1.234.567,5";\n')
    assert hx.read_cordis(comma).participations["amount"].tolist() == [779463.75, 1234567.5]


def test_read_cordis_comma_separated_file_names_sep(tmp_path):
    path = tmp_path / "organization.csv"
    path.write_text(CORDIS_HEADER.replace(";", ",") + "1,A,7,Univ X,HES,NL,coordinator,779463.75,1000\n")
    with pytest.raises(HelixDataError, match=r"pass sep=','") as error:
        hx.read_cordis(path)
    assert "columns=" not in str(error.value)
    data = hx.read_cordis(path, sep=",")
    assert data.participations["amount"].tolist() == [779463.75]


def test_read_cordis_rows_longer_than_the_header_are_an_error_not_a_shift(tmp_path):
    # pandas would take the surplus leading fields as the index and shift every value one
    # column on (the name read as the project id); helixnet names the rows instead.
    path = tmp_path / "organization.csv"
    path.write_text('projectID;organisationID;name;country\n1;7;Univ "X; Y";NL\n2;8;Z BV;NL;extra\n3;9;W;NL\n')
    with pytest.raises(HelixDataError, match=r"2 row\(s\).*header's 4.*row 1 \(ending on line 2\): 5 fields.*row 2 \(ending on line 3\): 5 fields"):
        hx.read_cordis(path)


def test_read_cordis_tab_separated_file_names_sep_even_with_semicolons_inside(tmp_path):
    # The FP1-FP3 exports are tab-separated and hold ";" in addresses further down.
    path = tmp_path / "organizations.csv"
    path.write_text("projectID\torganisationID\tname\tstreet\tcountry\n"
                    "1\t7\tUniv X\tA 1\tNL\n2\t8\tTNO\tPO BOX 6012;SCHOEMAKERSTRAAT,97\tNL\n")
    with pytest.raises(HelixDataError, match=r"separated by '\\t', not ';'.*pass sep='\\t'"):
        hx.read_cordis(path)
    assert hx.read_cordis(path, sep="\t").participations["organisation"].tolist() == ["7", "8"]


OLD_LAYOUT = "projectRcn;projectID;projectAcronym;role;id;name;shortName;activityType;ecContribution;country\n"


def test_read_cordis_older_layout_id_column(tmp_path):
    # cordis-h2020organizations.csv (before 2021) and the FP files call the organisation's id "id".
    path = tmp_path / "cordis-h2020organizations.csv"
    path.write_text(OLD_LAYOUT + "1;633053;A;coordinator;999;Univ X;UX;HES;100,5;EL\n"
                                 "2;633054;B;participant;999;Univ X;UX;HES;7;EL\n")
    data = hx.read_cordis(path)
    assert data.participations[["event", "organisation", "amount"]].values.tolist() == [["633053", "999", 100.5], ["633054", "999", 7.0]]
    assert data.organisations[["organisation", "country", "helix"]].values.tolist() == [["999", "GR", "knowledge"]]
    assert data.organisations.attrs["organisation_ids"] == "organisationID"


def test_read_cordis_without_organisation_ids_uses_name_and_country(tmp_path):
    # FP1-FP3: no id in any row; the same name in two countries stays two organisations.
    path = tmp_path / "organizations.csv"
    path.write_text(OLD_LAYOUT + "1;P1;;coordinator;;CNR;;;;IT\n1;P1;;participant;;Siemens AG;;;;DE\n"
                                 "2;P2;;participant;;CNR;;;;IT\n2;P2;;participant;;Siemens AG;;;;AT\n")
    data = hx.read_cordis(path)
    assert data.organisations.attrs["organisation_ids"] == "name|country"
    assert data.participations["organisation"].tolist() == ["CNR|IT", "Siemens AG|DE", "CNR|IT", "Siemens AG|AT"]
    assert len(data.organisations) == 3
    # Some ids missing (not all): an error, as before.
    path.write_text(OLD_LAYOUT + "1;P1;;coordinator;5;CNR;;;;IT\n1;P1;;participant;;Siemens AG;;;;DE\n")
    with pytest.raises(HelixDataError, match="missing id"):
        hx.read_cordis(path)
