"""The helixnet command: every subcommand on the bundled data and on files, exit codes, one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

import helixnet as hx
from helixnet.cli import EXIT_DATA, EXIT_USAGE, main

REAL = Path(__file__).parent / "data" / "real"


def test_graph_example_writes_gexf(tmp_path, capsys):
    out = tmp_path / "g.gexf"
    assert main(["--quiet", "graph", "--example", "cordis-nl", "-o", str(out)]) == 0
    text = capsys.readouterr().out
    assert "5,405 events, 9,092 participations, 2,061 organisations" in text
    assert "graph: 5,883 ties" in text
    G = nx.read_gexf(out)
    assert G.number_of_nodes() == 2061 and G.number_of_edges() == 5883


def test_graph_vosviewer(tmp_path):
    assert main(["--quiet", "graph", "--example", "cordis-nl", "-o", str(tmp_path / "nl.txt")]) == 0
    items = pd.read_csv(tmp_path / "nl_map.txt", sep="\t")
    links = pd.read_csv(tmp_path / "nl_network.txt", sep="\t", header=None)
    assert len(items) == 2061 and len(links) == 5883


def test_synergy_file_matches_library(tmp_path, capsys):
    records = pd.DataFrame({"u": [0, 1, 1, 0, 1, 0, 1, 1], "i": [0, 0, 1, 1, 1, 0, 1, 0], "g": [1, 0, 1, 0, 0, 0, 1, 1]})
    path = tmp_path / "records.csv"
    records.to_csv(path, index=False)
    assert main(["--quiet", "synergy", str(path), "--columns", "u,i,g", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    last = next(r for r in rows if r["subset"] == "u,i,g")
    assert last["T"] == pytest.approx(hx.mutual_information(records.astype(str), ["u", "i", "g"]), abs=1e-12)


def test_synergy_example_by_year(capsys):
    assert main(["--quiet", "synergy", "--example", "cordis-nl", "--by", "year", "--format", "csv"]) == 0
    table = pd.read_csv(pd.io.common.StringIO(capsys.readouterr().out))
    assert set(table.columns) >= {"n", "T", "contribution"}


def test_measures_from_graph_file(tmp_path):
    G = nx.karate_club_graph()
    for n in G:
        G.nodes[n]["helix"] = ["knowledge", "industry", "government"][n % 3]
    hx.write_gexf(G, tmp_path / "k.gexf")
    out = tmp_path / "m.csv"
    assert main(["--quiet", "measures", str(tmp_path / "k.gexf"), "-o", str(out)]) == 0
    table = pd.read_csv(out, dtype={"organisation": str}).set_index("organisation")
    assert len(table) == 34
    assert table.loc["0", "degree"] == G.degree(0)
    assert {"betweenness", "cluster", "participation", "brokerage_liaison"} <= set(table.columns)


def test_bad_data_is_one_line_and_exit_3(tmp_path, capsys):
    path = tmp_path / "p.csv"
    path.write_text("project,organisation\n1,a\n")
    assert main(["graph", str(path)]) == EXIT_DATA
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "no column 'event'" in err[0]


def test_usage_errors(tmp_path, capsys):
    assert main(["graph"]) == EXIT_USAGE
    assert main(["--quiet", "map", "--example", "cordis-nl", "-o", str(tmp_path / "map.png")]) == EXIT_USAGE
    with pytest.raises(SystemExit) as exit_info:
        main(["synergy", "--format", "xml"])
    assert exit_info.value.code == EXIT_USAGE


def test_python_m_and_help_on_every_subcommand():
    for command in ([], ["graph"], ["synergy"], ["measures"], ["map"], ["organisations"], ["report"]):
        done = subprocess.run([sys.executable, "-m", "helixnet", *command, "--help"], capture_output=True, text=True)
        assert done.returncode == 0 and "usage: helixnet" in done.stdout


def test_import_leaves_the_heavy_back_ends_for_their_first_use():
    # igraph (with its plotting back end), matplotlib and scipy.linalg cost ~0.8 s together; a
    # command such as `helixnet synergy` or a Dask worker should not pay for them
    code = "import sys, helixnet; print(sorted(m for m in ('igraph', 'matplotlib', 'scipy.linalg') if m in sys.modules))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert loaded == "[]"


def test_map_by_place_and_the_report_of_another_region(tmp_path, capsys):
    """--layout geo places organisations at their coordinates; --focus-region picks the region the report sets beside the country."""
    out = tmp_path / "geo.html"
    assert main(["--quiet", "map", "--example", "cordis-nl", "--layout", "geo", "-o", str(out)]) == 0
    organisations, participations, _ = hx.datasets.load_cordis_nl()
    G = hx.collaboration_graph(participations, organisations)
    assert sum(1 for _, d in G.nodes(data=True) if d.get("latitude") is not None) > 800
    by_place = hx.ecosystem_map(G, clusters=hx.clusters(G, seed=0), seed=0, layout="geo").html
    assert out.read_text(encoding="utf-8") == by_place  # the command draws what the library draws
    assert by_place != hx.ecosystem_map(G, clusters=hx.clusters(G, seed=0), seed=0).html  # ...by place, not by force
    assert main(["--quiet", "map", "--example", "cordis-nl", "--layout", "geo", "--overview", "-o", str(out)]) == EXIT_USAGE
    assert "--layout geo" in capsys.readouterr().err
    report = tmp_path / "delft.html"
    assert main(["--quiet", "report", "--example", "cordis-nl", "--ci", "5", "--focus-region", "NL333", "-o", str(report)]) == 0
    page = report.read_text(encoding="utf-8")
    assert "NL333" in page and "Delft en Westland" in page
    assert main(["--quiet", "report", "--example", "cordis-nl", "--ci", "5", "--max-participants", "30", "-o", str(report)]) == 0
    assert "those with more than 30 participants; the synergy counts every event" in report.read_text(encoding="utf-8")


def test_publication_exports_reviewed_and_read_back(tmp_path, capsys):
    """organisations lists what read_publications gives; a corrected helix read back with --helices decides."""
    exports = [str(REAL / "wos_plain_2015_tethne_wos2.txt"), str(REAL / "scopus_2015-2016_tethne.csv")]
    review = tmp_path / "organisations.csv"
    assert main(["--quiet", "organisations", "--publications", *exports, "-o", str(review)]) == 0
    expected = hx.read_publications(exports).organisations.set_index("organisation")
    listed = pd.read_csv(review, dtype={"organisation": str}, keep_default_na=False).set_index("organisation")
    assert sorted(listed.index) == sorted(expected.index)
    assert (listed["helix"] == expected.loc[listed.index, "helix"]).all()
    assert (listed["rule"] == expected.loc[listed.index, "rule"]).all()
    assert list(listed["events"]) == sorted(listed["events"], reverse=True) and listed["events"].max() >= 2
    assert all(listed.loc[i, "address"] == expected.loc[i, "addresses"][0] for i in listed.index)  # to tell which one it is
    placed = hx.assign_regions(hx.read_publications(exports).organisations)  # regions for the regional views
    assert listed["nuts3"].fillna("").to_dict() == placed["nuts3"].reindex(listed.index).fillna("").to_dict()
    unknown = listed.index[listed["helix"] == "unknown"]
    assert f"{len(unknown)} unknown" in capsys.readouterr().out
    listed.loc[unknown[0], "helix"] = "government"
    listed.reset_index().to_csv(tmp_path / "reviewed.csv", index=False)
    graph = tmp_path / "reviewed.gexf"
    assert main(["--quiet", "graph", "--publications", *exports, "--helices", str(tmp_path / "reviewed.csv"), "-o", str(graph)]) == 0
    nodes = dict(nx.read_gexf(graph).nodes(data=True))
    assert nodes[unknown[0]]["helix"] == "government"
    assert all(nodes[n]["helix"] == expected.loc[n, "helix"] for n in nodes if n != unknown[0])


def test_helices_file_round_trips_quoted_ids_and_names_its_errors(tmp_path, capsys):
    """Ids that helixnet's CSV quotes against formula injection ('-x) are found again; bad files are one-line errors."""
    (tmp_path / "p.csv").write_text("event,organisation\ne1,-acme\ne1,=uni\ne2,-acme\ne2,city\n")
    (tmp_path / "o.csv").write_text("organisation,name\n-acme,Acme B.V.\n=uni,Universiteit Utrecht\ncity,Gemeente Utrecht\n")
    data = [str(tmp_path / "p.csv"), "--organisations", str(tmp_path / "o.csv")]
    review = tmp_path / "review.csv"
    assert main(["--quiet", "organisations", *data, "-o", str(review)]) == 0
    text = review.read_text()
    assert "'-acme" in text and "'=uni" in text  # quoted as a spreadsheet needs
    review.write_text(text.replace("'-acme,Acme B.V.,industry", "'-acme,Acme B.V.,civil"))
    graph = tmp_path / "g.gexf"
    assert main(["--quiet", "graph", *data, "--helices", str(review), "-o", str(graph)]) == 0
    helices = {n: d["helix"] for n, d in nx.read_gexf(graph).nodes(data=True)}
    assert helices == {"-acme": "civil", "=uni": "knowledge", "city": "government"}
    capsys.readouterr()
    review.write_text(text.replace("'-acme,Acme B.V.,industry", "'-acme,Acme B.V.,industy"))
    assert main(["--quiet", "graph", *data, "--helices", str(review)]) == EXIT_DATA
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "--helices" in err[0] and "'industy'" in err[0]
    review.write_text("organisation,helix\nother,civil\n")
    assert main(["--quiet", "graph", *data, "--helices", str(review)]) == EXIT_DATA
    assert "--helices: organisation id(s) 'other' are not in the data" in capsys.readouterr().err
    assert main(["--quiet", "graph", "--example", "cordis-nl", "--publications", str(REAL / "scopus_2015-2016_tethne.csv")]) == EXIT_USAGE
    assert "give one source of data" in capsys.readouterr().err


def test_publication_format_named_on_the_command_line(tmp_path, capsys):
    odd = tmp_path / "odd.csv"
    odd.write_text('"https://www.scopus.com/inward/record.uri?eid=2-s2.0-1","x"\n', encoding="utf-8")
    assert main(["--quiet", "graph", "--publications", str(odd)]) == EXIT_DATA
    err = capsys.readouterr().err
    assert "cannot tell the format" in err and "use --publications-format (one of wos," in err and "format=" not in err
    assert main(["--quiet", "graph", "--publications", str(odd), "--publications-format", "scopus"]) == EXIT_DATA
    assert "no 'Affiliations' column" in capsys.readouterr().err
    wos = str(REAL / "wos_plain_2015_tethne_wos2.txt")
    assert main(["--quiet", "graph", "--publications", wos, "--publications-format", "wos_plain"]) == 0
    assert "50 events" in capsys.readouterr().out


def test_publication_names_merged_or_kept_apart_from_the_command_line(tmp_path, capsys):
    wos = str(REAL / "wos_plain_2015_tethne_wos2.txt")
    organisations = hx.read_publications(wos).organisations
    country = organisations["country"].value_counts().index[0]
    first, second = organisations.loc[organisations["country"] == country, "name"].iloc[:2]  # two of one country
    merges = tmp_path / "merges.csv"
    pd.DataFrame({"variant": [second], "name": [first]}).to_csv(merges, index=False)
    out = tmp_path / "merged.csv"
    assert main(["--quiet", "organisations", "--publications", wos, "--merges", str(merges), "-o", str(out)]) == 0
    merged = pd.read_csv(out)
    assert len(merged) == len(organisations) - 1 and second not in set(merged["name"])
    expected = hx.read_publications(wos, merges={second: first}).organisations  # what the library does
    assert sorted(merged["organisation"]) == sorted(expected["organisation"])
    assert main(["--quiet", "graph", "--example", "cordis-nl", "--merges", str(merges)]) == EXIT_USAGE
    assert "--merges" in capsys.readouterr().err
