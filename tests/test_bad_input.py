"""A catalogue of bad and hostile inputs (issue 16): every public reader, builder, measure,
writer, map and CLI command gets either a HelixDataError naming the problem and a fix, or the
exact correct result. No raw exception, no silent wrong result.

Each case is one line: the call, and the phrase its message must hold (ERRORS) or the value it
must return (RESULTS). The counts are asserted at the end, so the catalogue cannot shrink unseen.
"""

from __future__ import annotations

import math
import warnings

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import helixnet as hx
from helixnet import _validate as v
from helixnet.cli import main
from helixnet.errors import HelixDataError, HelixWarning

# Small inputs shared by the cases (never modified by a call: readers copy).
P = pd.DataFrame({"event": ["e1", "e1", "e1", "e2", "e2"], "organisation": ["a", "b", "c", "a", "b"],
                  "year": [2014, 2014, 2014, 2020, 2020], "country": ["NL", "NL", "DE", "NL", "NL"]})
O = pd.DataFrame({"organisation": ["a", "b", "c"], "name": ["A", "B", "C"],
                  "helix": ["knowledge", "industry", "government"], "country": ["NL", "NL", "DE"]})
R = pd.DataFrame({"u": [1, 0, 1, 1], "i": [1, 1, 0, 0], "g": [0, 1, 1, 0]})


def graph(**helix: str) -> nx.Graph:
    G = nx.Graph([("a", "b"), ("b", "c"), ("a", "c"), ("c", "d")])
    nx.set_node_attributes(G, {"a": "knowledge", "b": "industry", "c": "government", "d": "industry", **helix}, "helix")
    nx.set_edge_attributes(G, 1.0, "weight")
    return G


G = graph()
OS = O.assign(helix=["Industry", "industry", "government"])  # a label in another case


def with_column(frame: pd.DataFrame, **columns) -> pd.DataFrame:
    return frame.assign(**columns)


# --------------------------------------------------------------------------------------------
# Python API: (call, phrase of the HelixDataError message)
# --------------------------------------------------------------------------------------------

SCALARS = [  # (function taking the value, argument name in the message, bad values)
    (lambda x: hx.collaboration_graph(P, O, max_participants=x), "max_participants", [0, -1, 1, True, "10", 2.5, math.nan]),
    (lambda x: hx.collaboration_edges(P, years=x), "years", [2020, "2014-2020", (2014,), (2014, 2015, 2016), {2014, 2020}]),
    (lambda x: hx.collaboration_graph(P, O, country=x), "country", [1, True, ("NL",)]),
    (lambda x: hx.collaboration_edges(P, weighting=x), "weighting", ["pmi", "Count", None, 1]),
    (lambda x: hx.mutual_information_ci(R, ["u", "i", "g"], n_boot=x, progress=False), "n_boot", [0, -5, True, "100", 2.5]),
    (lambda x: hx.mutual_information_ci(R, ["u", "i", "g"], n_boot=5, seed=x, progress=False), "seed", [-1, "1", 1.5, True]),
    (lambda x: hx.independence_test(R, ["u", "i"], n_perm=x), "n_perm", [0, True, "9", 1.0]),
    (lambda x: hx.centrality(G, betweenness_samples=x), "betweenness_samples", [0, True, "10", 2.5, -3]),
    (lambda x: hx.centrality(G, seed=x), "seed", [-1, "x", 0.5]),
    (lambda x: hx.clusters(G, resolution=x), "resolution", [0, -1, "1", True, math.nan, math.inf]),
    (lambda x: hx.clusters(G, seed=x), "seed", [-2, "0"]),
    (lambda x: hx.backbone(G, alpha=x), "alpha", [0, 1.5, "0.05", True, math.nan]),
    (lambda x: hx.entropy(R, ["u"], base=x), "base", [0, -2, "2", True, math.inf]),
    (lambda x: hx.synergy_over_time(R.assign(year=[1, 1, 2, 2]), ["u", "i"], window=x), "window", [0, True, "2", 1.5]),
]
SCALAR_CASES = [pytest.param(f, name, x, id=f"{name}={x!r}") for f, name, values in SCALARS for x in values]


def _csv(tmp, text: str | bytes, name: str = "t.csv"):
    path = tmp / name
    (path.write_bytes if isinstance(text, bytes) else path.write_text)(text)
    return path


FILES = [  # (file content, reader, phrase)
    (b"", "read_table", "is empty (0 bytes)"),
    (b"PK\x03\x04\x14\x00\x06\x00rest of a workbook", "read_table", "Excel workbook"),
    (b"PK\x03\x04\x14\x00\x06\x00rest of a workbook", "read_participations", "pandas.read_excel"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 old xls", "read_organisations", "save it as CSV"),
    (b"event,organisation,organisation\ne,a,b\n", "read_participations", "more than one column named 'organisation'"),
    (b"organisation,name,name\na,A,B\n", "read_organisations", "more than one column named 'name'"),
    (b"event,organisation\n\xe9,a\n", "read_participations", "encoding='latin-1'"),
    (b"\n\n\n", "read_table", "no columns"),
    (b"event,organisation\ne1,\n", "read_participations", "missing id"),
    (b"event,organisation,amount\ne1,a,inf\n", "read_participations", "infinite"),
    (b"event,organisation,amount\ne1,a,1e400\n", "read_participations", "infinite"),
    (b"event,organisation,amount\ne1,a,-5\n", "read_participations", "negative"),
    (b"event,organisation,year\ne1,a,twenty\n", "read_participations", "not years"),
    (b"event,organisation,year\ne1,a,2020.5\n", "read_participations", "not whole numbers"),
    (b"organisation,helix\na,Industry\n", "read_organisations", "str.lower()"),
    (b"organisation,helix\na,academia\n", "read_organisations", "unknown helix label"),
    (b"organisation,size\na,big\n", "read_organisations", "non-numeric"),
    (b"organisation,name\na,A\na,B\n", "read_organisations", "more than once with different attributes"),
    (b"pic;name\n1;A\n", "read_organisations", "no column 'organisation'"),
    (b"PAR1 not really parquet", "read_table", "could not be read as Parquet"),
]
FILE_CASES = [pytest.param(content, reader, phrase, id=f"{reader}:{phrase}") for content, reader, phrase in FILES]


def _weighted_graph(weight) -> nx.Graph:
    """Four organisations, one tie carrying ``weight``."""
    G = nx.Graph()
    G.add_edge("a", "b", weight=weight)
    G.add_edge("c", "d", weight=1.0)
    nx.set_node_attributes(G, "industry", "helix")
    return G


def _cordis_with_text_years():
    organisations, participations, events = hx.datasets.load_cordis_nl()
    events = events.copy()
    events["year"] = events["year"].astype(str)
    events.loc[events.index[:3], "year"] = "twenty"
    return participations, organisations, events

ERRORS = [
    # readers given objects
    (lambda: hx.read_table(42), "expected a file path or a pandas DataFrame"),
    (lambda: hx.read_table("/no/such/file.csv"), "no such file"),
    (lambda: hx.read_table("/tmp"), "is a directory"),
    (lambda: hx.read_participations(pd.DataFrame()), "is empty"),
    (lambda: hx.read_participations(pd.DataFrame([[1, 2, 3]], columns=["event", "organisation", "event"])), "more than one column named 'event'"),
    (lambda: hx.read_participations(pd.DataFrame({"event": ["e"], "organisation": ["a"]}), sep=1), "sep must be a string"),
    (lambda: hx.read_participations(pd.DataFrame({"event": ["e", "f"], "organisation": ["a", 123.0]})), "would become ids such as '123.0'"),
    (lambda: hx.read_participations(pd.DataFrame({"event": [1.0], "organisation": ["a"]})), "floating-point"),
    (lambda: hx.read_participations(pd.DataFrame({"event": [" "], "organisation": ["a"]})), "empty id"),
    (lambda: hx.read_participations(pd.DataFrame({"event": ["e"], "organisation": ["a"], "amount": [math.inf]})), "infinite"),
    (lambda: hx.read_participations(pd.DataFrame({"event": ["e"], "organisation": ["a"], "amount": ["1e400"]})), "infinite"),
    (lambda: hx.read_participations(pd.DataFrame({"event": ["e"], "organisation": ["a"]}), pd.DataFrame({"organisation": ["b"]})), "not in the organisations table"),
    (lambda: hx.read_participations(pd.DataFrame({"projectID": ["e"]}), columns={"projectID": "event"}), "no column 'organisation'"),
    (lambda: hx.read_participations(pd.DataFrame({"e": ["e"]}), columns={"projectID": "event"}), "no column 'projectID'"),
    (lambda: hx.read_organisations(OS), "str.lower()"),
    (lambda: hx.read_organisations(O.assign(helix=[" knowledge", "industry", "government"])), "differ from the vocabulary only in case or spaces"),
    (lambda: hx.read_organisations(O.assign(helix=["knowledge", None, "government"])), "use 'unknown'"),
    (lambda: hx.read_cordis(pd.DataFrame({"projectID": ["1"], "organisationID": ["x"], "name": ["X BV"]}), pd.DataFrame({"id": ["1"], "startDate": ["not a date"]})), "not dates"),
    (lambda: hx.read_cordis(pd.DataFrame({"projectID": ["1"], "organisationID": ["x"], "name": ["X BV"]}), pd.DataFrame({"id": ["1"], "endDate": ["2020-13-45"]})), "YYYY-MM-DD"),
    (lambda: hx.read_cordis(pd.DataFrame({"projectID": ["1"], "organisationID": ["x"], "name": ["X BV"]}), pd.DataFrame({"id": ["2"]})), "missing from project.csv"),
    (lambda: hx.read_cordis(pd.DataFrame({"projectID": ["1"]})), "no column 'organisationID'"),
    # builders: filters that would remove everything, helix labels in another case, ids
    (lambda: hx.collaboration_graph(P, O, years=(2020, 2014)), "is reversed"),
    (lambda: hx.collaboration_graph(P, O, years=(2030, 2040)), "the data span 2014-2020"),
    (lambda: hx.collaboration_edges(P.drop(columns="year"), years=(2014, 2020)), "needs a 'year' column"),
    (lambda: hx.collaboration_edges(P.assign(year=[2014, None, 2014, 2020, 2020]), years=(2014, 2020)), "'year' is missing"),
    (lambda: hx.collaboration_edges(P.assign(year=["2014", "x", "2014", "2020", "2020"]), years=(2014, 2020)), "not years"),
    (lambda: hx.collaboration_graph(P, O, country="FR"), "the data have 'DE', 'NL'"),
    (lambda: hx.collaboration_edges(P.drop(columns="country"), country="NL"), "needs a 'country' column"),
    (lambda: hx.collaboration_graph(P.iloc[:3], O, max_participants=2), "removes every event"),
    # ... also where a years filter has emptied other events first
    (lambda: hx.collaboration_edges(pd.DataFrame({"event": ["e1"] * 3 + ["e2"] * 2, "organisation": list("abcxy"),
                                                  "year": [2010] * 3 + [2020] * 2}), max_participants=2, years=(2009, 2011)),
     "removes every event"),
    (lambda: hx.collaboration_graph(P, OS), "str.lower()"),
    (lambda: hx.collaboration_edges(P, organisations=OS), "unknown helix label"),
    (lambda: hx.collaboration_graph(P, O.iloc[:2]), "not in the organisations table"),
    (lambda: hx.collaboration_graph(P.assign(organisation=["a", "b", None, "a", "b"])), "missing id"),
    (lambda: hx.collaboration_graph(P.assign(organisation=["a", "b", "", "a", "b"])), "empty id"),
    (lambda: hx.collaboration_graph(P.assign(organisation=["a", "b", 3.0, "a", "b"])), "'123.0'"),
    (lambda: hx.collaboration_graph(P.rename(columns={"event": "projectID"})), "columns={'projectID': 'event'}"),
    (lambda: hx.collaboration_graph([("e", "a")]), "must be a pandas DataFrame"),
    (lambda: hx.collaboration_graph(pd.concat([P, P.iloc[:0]], axis=1)), "more than one column named"),
    (lambda: hx.bipartite_graph(P, OS), "unknown helix label"),
    (lambda: hx.bipartite_graph(P.iloc[:0]), "is empty"),
    (lambda: hx.bipartite_graph(P, events=pd.DataFrame({"id": ["e1"]})), "no column 'event'"),
    # measures on tables
    (lambda: hx.synergy_table(pd.DataFrame({"a": ["1", "1.0", "0", "0"], "b": ["1", "0", "1", "0"]}), ["a", "b"]), "'1' and '1.0'"),
    (lambda: hx.mutual_information(pd.DataFrame({"a": [1, "1", 0, 0], "b": [1, 0, 1, 0]}, dtype=object), ["a", "b"]), "more than one way"),
    (lambda: hx.entropy(pd.DataFrame({"a": ["2", " 2", "3"]}), ["a"]), "one spelling"),
    (lambda: hx.synergy_table(R.assign(w=0), ["u", "i", "g"], weights="w"), "all 0"),
    (lambda: hx.mutual_information_ci(R.assign(w=0), ["u", "i", "g"], weights="w", n_boot=5, progress=False), "all 0"),
    (lambda: hx.synergy_table(R.assign(w=[1, -1, 1, 1]), ["u", "i", "g"], weights="w"), "negative, NaN or infinite"),
    (lambda: hx.synergy_table(R.assign(w=[1, math.nan, 1, 1]), ["u", "i", "g"], weights="w"), "negative, NaN or infinite"),
    (lambda: hx.synergy_table(R.assign(w=["1", "x", "1", "1"]), ["u", "i", "g"], weights="w"), "non-numeric"),
    (lambda: hx.synergy_table(R.assign(u=[1, None, 1, 1]), ["u", "i", "g"]), "missing='category'"),
    (lambda: hx.synergy_table(R, ["u", "i", "x"]), "no column 'x'"),
    (lambda: hx.presence_table(P, OS), "unknown helix label"),
    (lambda: hx.presence_table(P, O, helices=("knowledge", "Industry")), "helices must be distinct names"),
    (lambda: hx.mutual_information_ci(R, ["u", "i", "g"], n_boot=5, level=1.5, progress=False), "level must be between 0 and 1"),
    # measures on graphs made elsewhere: the helix attribute is checked like a column
    (lambda: hx.brokerage(graph(a="Industry")), "'Industry'"),
    (lambda: hx.brokerage(graph(a="Industry")), "nx.set_node_attributes"),
    (lambda: hx.mixing_matrix(graph(b=" industry")), "unknown label"),
    (lambda: hx.mixing_matrix(graph(b="KNOWLEDGE")), "only in case or spaces"),
    (lambda: hx.assortativity(graph(c="Government")), "unknown label"),
    (lambda: hx.ei_index(graph(c="firm")), "unknown label"),
    (lambda: hx.brokerage(graph(), attribute=3), "name of a node attribute"),
    (lambda: hx.ecosystem_map(graph(a="Industry"), None), "unknown helix label"),
    (lambda: hx.ecosystem_map(graph(), None, layout={n: ("a", "b") for n in "abcd"}), "are not two numbers"),
    (lambda: hx.ecosystem_map(graph(), None, layout={n: (1,) for n in "abcd"}), "are not two numbers"),
    (lambda: hx.ecosystem_map(graph(), None, layout={"a": (0, 0)}), "no position"),
    (lambda: hx.ecosystem_map(graph(), None, layout="spring-ish"), "layout must be one of"),
    (lambda: hx.ecosystem_map(nx.Graph(), None), "no nodes"),
    (lambda: hx.ecosystem_map("graph", None), "must be a networkx graph"),
    (lambda: hx.ecosystem_map(_weighted_graph(float("nan")), None), "tie weights must be finite"),
    (lambda: hx.ecosystem_map(_weighted_graph(float("inf")), None, size="strength"), "size='strength'"),
    (lambda: hx.ecosystem_map(_weighted_graph(-2.0), None), "tie weights must be finite"),
    (lambda: hx.ecosystem_map(_weighted_graph("heavy"), None), "tie weights must be finite"),
    (lambda: hx.report(*_cordis_with_text_years(), "unused.html", n_boot=2, progress=False), "not years: 'twenty'"),
    (lambda: hx.venn_table({"U": 5, "I": 5, "G": 5, "UI": 4, "UG": 1, "IG": 1, "UIG": 6}, cells="overlapping"), "impossible"),
    (lambda: hx.overview_map(graph(), {n: 0 for n in "abcd"}, None, backbone=-1), "backbone"),
    (lambda: hx.overview_map(graph(), {n: 0 for n in "abcd"}, None, backbone=True), "backbone"),
    (lambda: hx.centrality(nx.Graph()), "no nodes"),
    (lambda: hx.cluster_profile(graph(), {n: 0 for n in "abcd"}, top=-1), "top must be"),
    (lambda: hx.cluster_profile(graph(), {n: 0 for n in "abcd"}, top="3"), "top must be"),
    # writers
    (lambda: hx.write_vosviewer(nx.Graph(), "/tmp/m.txt", "/tmp/n.txt"), "no nodes"),
    (lambda: hx.write_vosviewer("G", "/tmp/m.txt", "/tmp/n.txt"), "expected a networkx graph"),
    (lambda: hx.write_vosviewer(graph(), "/tmp/m.txt", "/tmp/n.txt", clusters={"a": 1}), "no entry for node"),
    (lambda: hx.write_gexf([("a", "b")], "/tmp/g.gexf"), "expected a networkx graph"),
    (lambda: hx.write_graphml(None, "/tmp/g.graphml"), "expected a networkx graph"),
    (lambda: hx.write_gexf(nx.Graph([("a\x01", "b"), ("a\x02", "b")]), "/tmp/g.gexf"), "would become one node"),
    # the scalar helper itself
    (lambda: v.check_scalar(np.bool_(True), "k", int), "True_ (bool)"),
    (lambda: v.check_scalar(5, "k", int, max_val=5, include_boundaries="left"), "< 5"),
    (lambda: v.check_scalar(0, "k", float, min_val=0, include_boundaries="right"), "> 0"),
    (lambda: v.check_scalar("c", "k", str, choices=("a", "b")), "one of 'a', 'b'"),
    (lambda: v.check_scalar(None, "k", int), "got None"),
    (lambda: v.check_year_range((2014.5, 2020)), "years[0] must be a whole number"),
    (lambda: v.check_year_range((2014, "2020")), "years[1] must be a whole number"),
]
ERROR_CASES = [pytest.param(f, phrase, id=f"{i:03d}:{phrase[:40]}") for i, (f, phrase) in enumerate(ERRORS)]


def _run(call):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", HelixWarning)
        return call()


@pytest.mark.parametrize(("call", "name", "value"), SCALAR_CASES)
def test_scalar_argument_refused(call, name, value):
    with pytest.raises(HelixDataError, match=name.replace("[", r"\[")):
        _run(lambda: call(value))


@pytest.mark.parametrize(("content", "reader", "phrase"), FILE_CASES)
def test_file_refused(tmp_path, content, reader, phrase):
    name = "t.parquet" if content.startswith(b"PAR1") else "t.csv"
    path = _csv(tmp_path, content, name)
    with pytest.raises(HelixDataError) as error:
        getattr(hx, reader)(path)
    assert phrase in str(error.value), str(error.value)


@pytest.mark.parametrize(("call", "phrase"), ERROR_CASES)
def test_error(call, phrase):
    with pytest.raises(HelixDataError) as error:
        _run(call)
    assert phrase in str(error.value), str(error.value)
    assert isinstance(error.value, ValueError)


# --------------------------------------------------------------------------------------------
# Exact correct results (the repair is reported, nothing lost)
# --------------------------------------------------------------------------------------------


def _edges(*args, **kwargs) -> list[tuple]:
    e = hx.collaboration_edges(*args, **kwargs)
    return list(zip(e["source"], e["target"], e["count"]))


def _read_text(tmp_path, text: str | bytes, *, how="read_table", **kwargs):
    path = tmp_path / "t.csv"
    (path.write_bytes if isinstance(text, bytes) else path.write_text)(text)
    table = getattr(hx, how)(path, **kwargs)
    return [list(table.columns), table.astype(object).where(table.notna(), None).values.tolist()]


DATES = P.assign(year=pd.to_datetime(["2014-03-01"] * 3 + ["2020-07-01"] * 2))
RESULTS = [
    (lambda: _edges(P, country="nl"), [("a", "b", 2)]),  # case-insensitive country code
    (lambda: _edges(P, country=" NL "), [("a", "b", 2)]),
    (lambda: _edges(P, organisations=O.assign(country=["nl", "NL", "de"]), country="NL"), [("a", "b", 2)]),
    (lambda: _edges(P, years=(2014, 2014)), [("a", "b", 1), ("a", "c", 1), ("b", "c", 1)]),
    (lambda: _edges(P, years=(2015, 2020)), [("a", "b", 1)]),
    (lambda: _edges(DATES, years=(2015, 2020)), [("a", "b", 1)]),  # dates used as their year (warned)
    (lambda: _edges(P.assign(year=["2014"] * 3 + ["2020"] * 2), years=(2020, 2020)), [("a", "b", 1)]),
    (lambda: _edges(P, max_participants=2), [("a", "b", 1)]),
    (lambda: _edges(P, max_participants=np.int64(3)), [("a", "b", 2), ("a", "c", 1), ("b", "c", 1)]),
    (lambda: _edges(P.set_index(pd.Index([0, 0, 1, 1, 1])), country="NL"), [("a", "b", 2)]),  # repeated index
    (lambda: sorted(hx.bipartite_graph(P.set_index(pd.Index([0, 0, 0, 0, 0]))).edges), sorted([("a", "event:e1"), ("b", "event:e1"), ("c", "event:e1"), ("a", "event:e2"), ("b", "event:e2")])),
    (lambda: hx.read_participations(DATES)["year"].tolist(), [2014.0, 2014.0, 2014.0, 2020.0, 2020.0]),
    (lambda: hx.read_participations(pd.DataFrame({"event": [1, 2], "organisation": ["007", "42"]}))["event"].tolist(), ["1", "2"]),
    (lambda: hx.read_organisations(pd.DataFrame({"organisation": ["1", "1"], "helix": ["industry", "industry"]})).attrs["merged_duplicates"], 1),
    (lambda: hx.mixing_matrix(graph(), weight=None).loc["industry", "government"], 2.0),
    (lambda: hx.brokerage(graph())["total"].tolist(), hx.brokerage(graph(a="knowledge"))["total"].tolist()),
    (lambda: hx.synergy_table(pd.DataFrame({"a": ["1", "1", "0", "0"], "b": ["1", "0", "1", "0"]}), ["a", "b"]).shape, (3, 8)),
    (lambda: v.check_scalar(np.int64(3), "k", int), 3),
    (lambda: type(v.check_scalar(np.int64(3), "k", int)), int),
    (lambda: v.check_scalar(2, "k", float, min_val=0, include_boundaries="neither"), 2),
    (lambda: v.check_scalar(np.float32(0.5), "k", float, max_val=1), 0.5),
    (lambda: v.check_scalar(None, "k", int, allow_none=True), None),
    (lambda: v.check_year_range([2014, 2020]), (2014, 2020)),
    (lambda: v.spreadsheet_safe("=HYPERLINK(1)"), "'=HYPERLINK(1)"),
    (lambda: v.spreadsheet_safe("+31 20"), "'+31 20"),
    (lambda: v.spreadsheet_safe("-x"), "'-x"),
    (lambda: v.spreadsheet_safe("@SUM(A1)"), "'@SUM(A1)"),
    (lambda: v.spreadsheet_safe("\tcmd"), "'\tcmd"),
    (lambda: v.spreadsheet_safe("\rcmd"), "'\rcmd"),
    (lambda: v.spreadsheet_safe("Philips"), "Philips"),
    (lambda: v.spreadsheet_safe(-1.5), -1.5),
    (lambda: v.terminal_safe("ACME\x1b]0;pwned\x07"), "ACME\\x1b]0;pwned\\x07"),
    (lambda: v.terminal_safe("Café Zoë"), "Café Zoë"),
    (lambda: v.xml_safe("a\x00b\x1fc\td"), ("a\ufffdb\ufffdc\td", 2)),
]
RESULT_CASES = [pytest.param(f, expected, id=f"{i:03d}") for i, (f, expected) in enumerate(RESULTS)]

FILE_RESULTS = [  # (content, reader, expected columns and rows)
    (b"\xef\xbb\xbfevent,organisation\ne1,a\n", "read_table", [["event", "organisation"], [["e1", "a"]]]),
    (b"\xef\xbb\xbfevent;organisation\ne1;a\n", "read_table", [["event", "organisation"], [["e1", "a"]]]),
    (b"event|organisation\ne1|a\n", "read_table", [["event", "organisation"], [["e1", "a"]]]),
    (b"event\torganisation\ne1\ta\n", "read_table", [["event", "organisation"], [["e1", "a"]]]),
    (b"organisation\nabc\nbca\n", "read_table", [["organisation"], [["abc"], ["bca"]]]),
    (b"name\nAnna, Bob\n", "read_table", [["name"], [["Anna, Bob"]]]),
    (b'event,organisation\n"e;1",a\n', "read_table", [["event", "organisation"], [["e;1", "a"]]]),
    (b"event,organisation\nNA,00123\n", "read_participations", [["event", "organisation"], [["NA", "00123"]]]),
    (b"event,organisation,year\ne,a,2020\n", "read_participations", [["event", "organisation", "year"], [["e", "a", 2020.0]]]),
    (b"event,organisation,amount\ne,a,1e3\n", "read_participations", [["event", "organisation", "amount"], [["e", "a", 1000.0]]]),
]


@pytest.mark.parametrize(("call", "expected"), RESULT_CASES)
def test_correct_result(call, expected):
    assert _run(call) == expected


@pytest.mark.parametrize(("content", "reader", "expected"), [pytest.param(*case, id=f"{i}") for i, case in enumerate(FILE_RESULTS)])
def test_file_read_correctly(tmp_path, content, reader, expected):
    assert _read_text(tmp_path, content, how=reader) == expected


def test_dates_as_years_are_reported():
    with pytest.warns(HelixWarning, match="holds dates"):
        hx.collaboration_edges(DATES, years=(2014, 2020))


def test_latin1_file_read_with_encoding(tmp_path):
    assert _read_text(tmp_path, "event,organisation\né,a\n".encode("latin-1"), encoding="latin-1")[1] == [["é", "a"]]


def test_large_event_warns_with_tie_count_and_option():
    big = pd.DataFrame({"event": "e", "organisation": [f"o{i}" for i in range(1500)]})  # 1,124,250 ties
    with pytest.warns(HelixWarning, match=r"1,124,250 ties.*max_participants"):
        hx.collaboration_edges(big)
    with warnings.catch_warnings():
        warnings.simplefilter("error", HelixWarning)
        hx.collaboration_edges(big.iloc[:1000])  # 499,500 ties: no warning


def test_dask_path_refuses_what_pandas_refuses():
    dd = pytest.importorskip("dask.dataframe")
    for bad, phrase in ((P.assign(organisation=["a", "", "c", "a", "b"]), "empty id"),
                        (P.assign(year=[2014, None, 2014, 2020, 2020]), "'year' is missing")):
        with pytest.raises(HelixDataError, match=phrase):
            hx.collaboration_edges(bad, years=(2014, 2020))
        with pytest.raises(HelixDataError, match=phrase):
            hx.collaboration_edges(dd.from_pandas(bad, npartitions=2), years=(2014, 2020))
    with pytest.raises(HelixDataError, match="str.lower"):
        hx.collaboration_edges(dd.from_pandas(P, npartitions=2), organisations=OS)
    lower = hx.collaboration_edges(dd.from_pandas(P, npartitions=2), country="nl")
    assert list(zip(lower["source"], lower["target"])) == [("a", "b")]


def test_writers_repair_control_characters(tmp_path):
    G = nx.Graph()
    G.add_node("a\x01", name="ACME\x0bB.V.", helix="industry")
    G.add_edge("a\x01", "b", weight=1.0)
    with pytest.warns(HelixWarning, match="XML forbids"):
        hx.write_gexf(G, tmp_path / "g.gexf")
    with pytest.warns(HelixWarning, match="XML forbids"):
        hx.write_graphml(G, tmp_path / "g.graphml")
    for H in (nx.read_gexf(tmp_path / "g.gexf"), nx.read_graphml(tmp_path / "g.graphml")):
        assert H.nodes["a\ufffd"]["name"] == "ACME\ufffdB.V." and H.has_edge("a\ufffd", "b")


def test_vosviewer_names_with_tabs_and_newlines(tmp_path):
    G = nx.Graph([("a", "b")])
    G.nodes["a"]["name"] = 'Tab\there\nnew "q"'
    with pytest.warns(HelixWarning, match="tabs, line breaks or quotes"):
        hx.write_vosviewer(G, tmp_path / "m.txt", tmp_path / "n.txt")
    lines = (tmp_path / "m.txt").read_text().splitlines()
    assert len(lines) == 3 and all(len(line.split("\t")) == 6 for line in lines)
    assert lines[1].split("\t")[1] == "Tab here new  q "


# --------------------------------------------------------------------------------------------
# The command line: (arguments, files, exit code, phrase on stderr or stdout)
# --------------------------------------------------------------------------------------------

PARTS = "event,organisation\ne1,a\ne1,b\ne2,a\ne2,c\n"
ORGS = "organisation,name,helix\na,=HYPERLINK(\"x\"),knowledge\nb,\x1b]0;title\x07Evil,industry\nc,C,government\n"
RECORDS = "u,i,g,w\n1,1,0,2\n0,1,1,3\n1,0,1,1\n"
CLI = [
    (["graph", "{p}"], {"p": ""}, 3, "is empty (0 bytes)"),
    (["graph", "{p}"], {"p": b"PK\x03\x04xx"}, 3, "Excel workbook"),
    (["graph", "{p}"], {"p": "event,organisation\n\xe9,a\n".encode("latin-1")}, 3, "--encoding latin-1"),
    (["graph", "{p}", "--encoding", "latin-1"], {"p": "event,organisation\n\xe9,a\n\xe9,b\n".encode("latin-1")}, 0, "1 events"),
    (["graph", "{p}", "--sep", "|"], {"p": "event|organisation\ne|a\ne|b\n"}, 0, "1 ties"),
    (["graph", "{p}"], {"p": "projectID,organisation\ne,a\n"}, 3, "--column projectID=event"),
    (["graph", "{p}", "--column", "projectID=event"], {"p": "projectID,organisation\ne,a\ne,b\n"}, 0, "1 ties"),
    (["graph", "{p}", "--column", "projectID"], {"p": PARTS}, 2, "write OLD=NEW"),
    (["graph", "{p}", "--projects", "{p}"], {"p": PARTS}, 2, "needs --cordis"),
    (["graph", "{p}", "--organisations", "{o}"], {"p": PARTS, "o": ORGS}, 0, "\\x1b]0;title\\x07Evil"),
    (["graph", "{p}", "--organisations", "{o}"], {"p": PARTS, "o": ORGS.replace("industry", "Industry")}, 3, "str.lower()"),
    (["graph", "{p}", "--max-participants", "1"], {"p": PARTS}, 3, "max_participants must be a whole number >= 2"),
    (["graph", "{p}", "--max-participants", "2"], {"p": PARTS}, 0, "2 ties"),
    (["graph", "{p}"], {"p": "event,organisation,organisation\ne,a,b\n"}, 3, "more than one column named"),
    (["graph", "{d}"], {}, 3, "is a directory"),
    (["measures", "{g}"], {"g": "<gexf><broken"}, 3, "not a readable .gexf graph file"),
    (["measures", "{p}", "--organisations", "{o}", "-o", "{out}"], {"p": PARTS, "o": ORGS}, 0, "wrote"),
    (["synergy", "{r}", "--columns", "u,i,g", "--weights", "x"], {"r": RECORDS}, 3, "no column 'x'"),
    (["synergy", "{r}", "--columns", "u,i,g", "--ci", "0"], {"r": RECORDS}, 2, "--ci 0"),
    (["synergy", "{r}", "--columns", "u,i,g", "--weights", "w", "--ci", "-3"], {"r": RECORDS}, 2, ">= 1"),
    (["synergy", "{r}", "--columns", "u,i,g", "--weights", "w"], {"r": RECORDS.replace("2", "zwei")}, 3, "non-numeric"),
    (["synergy", "{r}", "--columns", "u,i,g"], {"r": "u,i,g\n1,,0\n0,1,1\n"}, 3, "--missing category"),
    (["synergy", "{r}", "--columns", "u,i,g", "--missing", "drop"], {"r": "u,i,g\n1,,0\n0,1,1\n1,1,1\n"}, 0, "u,i,g"),
    (["synergy", "{r}", "--columns", "u,i,g", "--sep", ";"], {"r": RECORDS.replace(",", ";")}, 0, "u,i,g"),
    (["report", "{p}", "--ci", "0", "-o", "{out}.html"], {"p": PARTS}, 2, "--ci 0"),
]
CLI_CASES = [pytest.param(*case, id=f"{i:02d}:{case[3][:30]}") for i, case in enumerate(CLI)]


@pytest.mark.parametrize(("argv", "files", "code", "phrase"), CLI_CASES)
def test_command_line(tmp_path, capsys, argv, files, code, phrase):
    paths = {"d": str(tmp_path), "out": str(tmp_path / "out.csv")}
    for key, content in files.items():
        path = tmp_path / f"{key}.{'gexf' if key == 'g' else 'csv'}"
        (path.write_bytes if isinstance(content, bytes) else path.write_text)(content)
        paths[key] = str(path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", HelixWarning)
        assert main(["--quiet", *(a.format(**paths) for a in argv)]) == code, capsys.readouterr()
    out = capsys.readouterr()
    assert phrase in out.out + out.err
    assert "\x1b" not in out.out + out.err  # no terminal control characters from the data


def test_measures_csv_is_safe_against_formula_injection(tmp_path):
    (tmp_path / "p.csv").write_text(PARTS)
    (tmp_path / "o.csv").write_text(ORGS)
    assert main(["--quiet", "measures", str(tmp_path / "p.csv"), "--organisations", str(tmp_path / "o.csv"), "-o", str(tmp_path / "m.csv")]) == 0
    table = pd.read_csv(tmp_path / "m.csv", dtype=str)
    assert table.set_index("organisation").loc["a", "name"] == "'=HYPERLINK(\"x\")"


# --------------------------------------------------------------------------------------------
# Property tests: random bytes, unicode names and tables
# --------------------------------------------------------------------------------------------

PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@PROPERTY
@given(st.binary(max_size=300))
def test_random_bytes_read_or_refused(tmp_path, content):
    path = tmp_path / "random.csv"
    path.write_bytes(content)
    for reader in (hx.read_table, hx.read_participations, hx.read_organisations):
        try:
            reader(path)
        except HelixDataError:
            pass


names = st.text(st.characters(codec="utf-8"), min_size=1, max_size=12)


@PROPERTY
@given(st.lists(st.tuples(names, names), min_size=1, max_size=12))
def test_random_tables_build_or_refused(pairs):
    table = pd.DataFrame(pairs, columns=["event", "organisation"])
    try:
        edges = hx.collaboration_edges(table)
    except HelixDataError:
        assert (table["event"].str.strip() == "").any() or (table["organisation"].str.strip() == "").any()
        return
    expected = set()
    for _, group in table.drop_duplicates().groupby("event"):
        members = sorted(group["organisation"])
        expected |= {(a, b) for i, a in enumerate(members) for b in members[i + 1:]}
    assert set(zip(edges["source"], edges["target"])) == expected


@PROPERTY
@given(st.lists(st.tuples(names, names, names), min_size=1, max_size=10))
def test_random_names_round_trip_through_gexf_and_graphml(tmp_path, triples):
    G = nx.Graph()
    for a, b, name in triples:
        G.add_edge(a, b, weight=1.0)
        G.nodes[a]["name"] = name
    clean = {n: v.xml_safe(str(n))[0] for n in G}
    if len(set(clean.values())) < len(clean):
        with pytest.raises(HelixDataError, match="would become one node"):
            hx.write_gexf(G, tmp_path / "g.gexf")
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", HelixWarning)
        hx.write_gexf(G, tmp_path / "g.gexf")
        hx.write_graphml(G, tmp_path / "g.graphml")
    expected_edges = {frozenset((clean[a], clean[b])) for a, b in G.edges}
    for H in (nx.read_gexf(tmp_path / "g.gexf"), nx.read_graphml(tmp_path / "g.graphml")):
        assert set(H.nodes) == set(clean.values())
        assert {frozenset(e) for e in H.edges} == expected_edges
        for n, d in G.nodes(data=True):
            if "name" in d:
                assert H.nodes[clean[n]]["name"] == v.xml_safe(d["name"])[0]


def test_catalogue_size():
    errors = len(SCALAR_CASES) + len(FILE_CASES) + len(ERROR_CASES) + sum(1 for c in CLI if c[2] != 0)
    correct = len(RESULT_CASES) + len(FILE_RESULTS) + sum(1 for c in CLI if c[2] == 0)
    assert errors + correct >= 200, (errors, correct)
