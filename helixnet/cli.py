"""The ``helixnet`` command.

Exit codes: 0 success; 1 an unexpected internal error (a bug: please report it with
``--debug``'s traceback); 2 a usage error (bad options); 3 input data helixnet cannot use
(a :class:`~helixnet.errors.HelixDataError`, the message says what to fix); 4 a file that
cannot be read or written (an output path is checked before the work starts); 130 interrupted
(Ctrl-C). Every output file is written to a temporary file and moved into place when complete,
so a failed or interrupted run leaves no partial file and any old file unchanged.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path
from typing import Callable

import pandas as pd

from ._files import atomic_write, check_output_path
from .publications import PUBLICATION_FORMATS
from .errors import HelixDataError, HelixOutputError

__all__: list[str] = []

EXAMPLES = ("cordis-nl", "cordis-nl-all")

EXIT_INTERNAL, EXIT_USAGE, EXIT_DATA, EXIT_FILE, EXIT_INTERRUPTED = 1, 2, 3, 4, 130

logger = logging.getLogger("helixnet")


def _load(args: argparse.Namespace):
    """The data a subcommand works on: a bundled example or the user's files."""
    from . import datasets, io
    from ._validate import require_columns
    from .helices import classify_helix
    from .publications import read_publications
    from .regions import assign_regions

    publications, helices = args.publications, args.helices
    sources = [name for name, given in (("PARTICIPATIONS", args.participations), ("--example", args.example),
                                        ("--publications", publications)) if given]
    if len(sources) > 1:
        raise _UsageError(f"give one source of data, not {' and '.join(sources)}")
    if args.projects and not args.cordis:
        raise _UsageError("--projects is the CORDIS project.csv and needs --cordis (it would be ignored without it)")
    if args.merges and not publications:
        raise _UsageError("--merges changes how publication addresses are merged and needs --publications")
    if args.example:
        data = datasets.load_cordis_nl(partners="all" if args.example == "cordis-nl-all" else "nl")
    elif publications:
        merges = None
        if args.merges:
            merges = io.read_table(args.merges, encoding=args.encoding, what=args.merges)
            require_columns(merges, ["variant", "name"], args.merges)
        data = read_publications(publications, args.publications_format, merges=merges,
                                 encoding=None if args.encoding == "utf-8" else args.encoding)
        # Their regions, for the regional views: by postcode (and city in the Netherlands).
        data = data._replace(organisations=data.organisations.join(assign_regions(data.organisations), on="organisation"))
    elif not args.participations:
        raise _UsageError("give a PARTICIPATIONS file, --publications EXPORT... or --example cordis-nl")
    elif args.cordis:
        data = io.read_cordis(args.participations, args.projects, encoding=args.encoding)
    else:
        reader = {"sep": args.sep, "encoding": args.encoding}
        columns = _column_mapping(args.column)
        organisations = io.read_organisations(args.organisations, columns=_only(columns, "organisation"), **reader) if args.organisations else None
        if organisations is not None and "helix" not in organisations.columns and "name" in organisations.columns:
            organisations = organisations.join(classify_helix(organisations))
            logger.info("%s has no helix column: helices classified from the names and the other columns "
                        "(check them with helixnet organisations)", args.organisations)
        participations = io.read_participations(args.participations, organisations, columns=columns, **reader)
        events = pd.DataFrame({"event": participations["event"].unique()})
        data = datasets.CollaborationData(organisations, participations, events)
    if helices:
        _override_helices(data.organisations, helices, args.encoding)
    return data


def _override_helices(organisations: pd.DataFrame | None, path: str, encoding: str) -> None:
    """Set the helices of ``--helices FILE`` (columns organisation, helix: e.g. the reviewed output
    of ``helixnet organisations``) in ``organisations``, in place; rule "override", confidence 1.

    The leading quote that helixnet's CSV files put before a cell starting with = + - @ (against
    formula injection) is taken off the ids again.
    """
    from . import io
    from ._validate import require_columns, undo_spreadsheet_safe
    from .helices import classify_helix

    if organisations is None:
        raise _UsageError("--helices needs organisations to set helices on: give --organisations FILE as well")
    table = io.read_table(path, encoding=encoding, what=path)
    require_columns(table, ["organisation", "helix"], path)
    table = table.dropna(subset=["helix"])
    wanted = pd.Series(table["helix"].str.strip().to_numpy(), index=table["organisation"].map(undo_spreadsheet_safe))
    # classify_helix with overrides alone checks the labels and the ids and decides nothing else.
    decided = classify_helix(organisations, overrides=wanted, name=None, activity_type=None, nace=None, openalex_type=None)
    chosen = decided["rule"] == "override"
    changed = int((chosen & (decided["helix"] != organisations.get("helix"))).sum())
    for column in ("helix", "rule", "confidence"):
        organisations.loc[chosen, column] = decided.loc[chosen, column]
    logger.info("--helices %s: the helices of %d organisations set, %d of them changed", path, int(chosen.sum()), changed)


def _column_mapping(pairs: list[str] | None) -> dict[str, str] | None:
    """``--column OLD=NEW`` options as the readers' ``columns`` mapping."""
    if not pairs:
        return None
    mapping = {}
    for pair in pairs:
        old, sep, new = pair.partition("=")
        if not sep or not old or not new:
            raise _UsageError(f"--column {pair}: write OLD=NEW, e.g. --column projectID=event")
        mapping[old] = new
    return mapping


def _only(columns: dict[str, str] | None, target: str) -> dict[str, str] | None:
    """The part of a column mapping that renames onto ``target`` (the organisations table's id)."""
    return {k: val for k, val in (columns or {}).items() if val == target} or None


# API arguments named in HelixDataError messages, and the option that does the same here.
_API_TO_CLI = (
    (r"encoding='([^']+)'(?: or '([^']+)')?", lambda m: f"--encoding {m.group(1)}" + (f" or --encoding {m.group(2)}" if m.group(2) else "")),
    (r"pass a column mapping, e\.g\. columns=\{'([^']+)': '([^']+)'\}", lambda m: f"use --column {m.group(1)}={m.group(2)}"),
    (r"missing='(\w+)'", lambda m: f"--missing {m.group(1)}"),
    (r"max_participants=\.\.\.", lambda m: "--max-participants N"),
    (r"pass format= one of ([\w, ]+)", lambda m: f"use --publications-format (one of {m.group(1)})"),
    (r"^overrides: column 'overrides' has (.*?) \(helixnet\.classify_helix assigns them\)\.",
     lambda m: f"--helices: the helix column has {m.group(1)}"),
    (r"^overrides: (organisation id\(s\) .*) are not in the table; .*",
     lambda m: f"--helices: {m.group(1)} are not in the data; give the file that helixnet organisations wrote for the same input files"),
)


def _for_command_line(message: str) -> str:
    """A HelixDataError message with API fixes named as this command's options, safe to print."""
    import re

    from ._validate import terminal_safe

    for pattern, option in _API_TO_CLI:
        message = re.sub(pattern, option, message)
    return terminal_safe(message)


class _UsageError(Exception):
    """Options that do not make a command (printed with the subcommand's usage line, exit 2)."""


def _usage(args: argparse.Namespace, message: str) -> int:
    args.parser.print_usage(sys.stderr)
    print(f"helixnet {args.command}: error: {message}", file=sys.stderr)
    return EXIT_USAGE


def _add_data_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("participations", nargs="?", help="participations table (CSV or Parquet): columns event, organisation; "
                        "for measures and map also a graph file (.gexf, .graphml)")
    parser.add_argument("--organisations", metavar="FILE", help="organisations table: organisation, name, helix, ...")
    parser.add_argument("--cordis", action="store_true", help="PARTICIPATIONS is an official CORDIS organization.csv export")
    parser.add_argument("--projects", metavar="FILE", help="with --cordis: the CORDIS project.csv of the same export")
    parser.add_argument("--example", choices=EXAMPLES, help="use bundled data instead of a file (cordis-nl: Dutch H2020 partners)")
    parser.add_argument("--publications", nargs="+", metavar="EXPORT",
                        help="Web of Science, Scopus or OpenAlex export files instead of PARTICIPATIONS (one event per "
                        "publication, one organisation per institution, its helix classified; see helixnet organisations)")
    parser.add_argument("--publications-format", choices=("auto", *PUBLICATION_FORMATS), default="auto",
                        help="the format of the --publications files (default auto: told apart by their first line)")
    parser.add_argument("--merges", metavar="FILE",
                        help="with --publications: CSV of variant,name: count the printed name 'variant' as 'name' (merge "
                        "two spellings of one institution, or keep one apart), e.g. the table of helixnet.name_merges edited")
    parser.add_argument("--helices", metavar="FILE",
                        help="CSV of organisation,helix that overrides the classification, e.g. the reviewed output of "
                        "helixnet organisations")
    _add_reader_options(parser)
    parser.add_argument("--column", action="append", metavar="OLD=NEW",
                        help="rename a column of your files onto helixnet's, e.g. --column projectID=event (repeatable)")


def _add_reader_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--encoding", default="utf-8", help="text encoding of the CSV files (default utf-8; e.g. latin-1, cp1252)")
    parser.add_argument("--sep", metavar="CHAR", help="CSV separator (default: found among , ; tab |)")


def _check_output(path: str, suffixes: tuple[str, ...], what: str) -> Path:
    """Check an output path before the work starts: its suffix (if ``suffixes``), its directory."""
    if suffixes and not path.lower().endswith(suffixes):
        raise _UsageError(f"-o {path}: {what}, use a name ending in {' or '.join(suffixes)}")
    return check_output_path(path)


def _summary(data, G) -> str:
    organisations, participations, events = data
    lines = [f"{participations['event'].nunique():,} events, {len(participations):,} participations, "
             f"{G.number_of_nodes():,} organisations"]
    if organisations is not None and "helix" in organisations.columns:
        counts = organisations.loc[organisations["organisation"].isin(G.nodes), "helix"].value_counts()
        lines.append("by helix: " + ", ".join(f"{helix} {n:,}" for helix, n in counts.items()))
    if "year" in participations.columns and participations["year"].notna().any():
        lines.append(f"years {int(participations['year'].min())}-{int(participations['year'].max())}")
    import networkx as nx

    components = nx.number_connected_components(G)
    lines.append(f"graph: {G.number_of_edges():,} ties, density {nx.density(G):.5f}, {components:,} components")
    top = sorted(G.degree, key=lambda item: -item[1])[:5]
    from ._validate import terminal_safe

    lines.append("most connected: " + "; ".join(f"{terminal_safe(G.nodes[n].get('name', n))} ({d})" for n, d in top))
    return "\n".join(lines)


def _cmd_graph(args: argparse.Namespace) -> int:
    from . import build, io

    out = Path(args.output) if args.output else None
    vosviewer = out is not None and (out.suffix.lower() == ".txt" or args.output.endswith("vosviewer"))
    if vosviewer and out is not None:
        stem = out.with_suffix("")
        pair = [check_output_path(f"{stem}_map.txt"), check_output_path(f"{stem}_network.txt")]
    elif out is not None:
        _check_output(args.output, (".gexf", ".graphml"), "use a .gexf, .graphml or .txt (VOSviewer) file name")
    data = _load(args)
    G = build.collaboration_graph(data.participations, data.organisations, weighting=args.weighting,
                                  max_participants=args.max_participants)
    print(_summary(data, G))
    if vosviewer:
        io.write_vosviewer(G, *pair)
        print(f"wrote {pair[0]} and {pair[1]}")
    elif out is not None:
        (io.write_gexf if out.suffix.lower() == ".gexf" else io.write_graphml)(G, out)
        print(f"wrote {out}")
    return 0


def _emit(table: pd.DataFrame, fmt: str, output: str | None) -> None:
    """Print or write a result table as a readable table, CSV or JSON.

    CSV cells that a spreadsheet would run as a formula (text starting with =, +, -, @, tab or
    carriage return) get a leading single quote, as OWASP's CSV injection guidance says.
    """
    from ._validate import spreadsheet_safe_frame, terminal_safe

    if fmt == "csv":
        text = spreadsheet_safe_frame(table).to_csv()
    elif fmt == "json":
        text = table.reset_index().to_json(orient="records", indent=2, double_precision=15)
    else:
        text = table.to_string(float_format=lambda x: f"{x:.6g}")
    if not output:
        text = terminal_safe(text)
    if output:
        with atomic_write(output) as handle:
            handle.write(text + ("" if text.endswith("\n") else "\n"))
        print(f"wrote {output}")
    else:
        print(text)


def _cmd_synergy(args: argparse.Namespace) -> int:
    from . import information, io, presence

    if args.ci is not None and args.ci < 1:
        return _usage(args, f"--ci {args.ci}: the number of bootstrap resamples must be >= 1 (leave --ci out for no interval)")
    if args.output:
        check_output_path(args.output)
    if args.example:
        organisations, participations, events = _load(args)
        data = presence.presence_table(participations, organisations, events=events, attributes=["year"])
        columns = args.columns.split(",") if args.columns else ["knowledge", "industry", "government"]
    elif args.file:
        if not args.columns:
            return _usage(args, "--columns is required with a FILE, e.g. --columns knowledge,industry,government")
        data = io.read_table(args.file, sep=args.sep, encoding=args.encoding, what=args.file)
        columns = args.columns.split(",")
        from ._validate import require_columns

        require_columns(data, columns + ([args.weights] if args.weights else []), args.file)
    else:
        return _usage(args, "give a FILE of records (one row per case) or --example cordis-nl")
    if args.weights:
        from ._validate import require_weights

        data[args.weights] = require_weights(data[args.weights], args.weights, "--weights")
    if args.by:
        table = information.decompose(data, columns, args.by.split(","), weights=args.weights, missing=args.missing)
    else:
        table = information.synergy_table(data, columns, weights=args.weights, missing=args.missing)
    _emit(table, args.format, args.output)
    if args.ci:
        ci = information.mutual_information_ci(data, columns, weights=args.weights, n_boot=args.ci, seed=args.seed,
                                               missing=args.missing, progress=not args.quiet)
        print("\n" + ci.to_string(float_format=lambda x: f"{x:.6g}"))
    return 0


def _graph(args: argparse.Namespace):
    """A graph file (GEXF, GraphML) given as the first argument, or the graph built from data."""
    import networkx as nx

    from . import build

    source = getattr(args, "participations", None)
    if source and Path(source).suffix.lower() in (".gexf", ".graphml"):
        if not Path(source).exists():
            raise FileNotFoundError(2, "No such file", source)
        try:
            G = nx.read_gexf(source) if source.lower().endswith(".gexf") else nx.read_graphml(source)
        except (nx.NetworkXError, SyntaxError, ValueError, KeyError, IndexError) as error:  # ElementTree's ParseError is a SyntaxError
            raise HelixDataError(f"{source!r} is not a readable {Path(source).suffix} graph file ({error}); "
                                 "write it again, e.g. with helixnet graph ... -o graph.gexf.") from None
        return G, None
    data = _load(args)
    return build.collaboration_graph(data.participations, data.organisations, weighting=args.weighting,
                                     max_participants=args.max_participants), data


def _cmd_measures(args: argparse.Namespace) -> int:
    from .brokers import brokerage
    from .communities import cluster_roles, clusters
    from .network import centrality

    if args.output:
        _check_output(args.output, (".csv", ".parquet"), "measures are a table")
    G, _ = _graph(args)
    table = centrality(G, betweenness_samples=args.betweenness_samples, seed=args.seed, progress=not args.quiet)
    communities = clusters(G, seed=args.seed)
    table = table.join(communities).join(cluster_roles(G, communities).drop(columns=["cluster", "degree"]))
    if any("helix" in d for _, d in G.nodes(data=True)):
        roles = brokerage(G, "helix").drop(columns=["helix"], errors="ignore")
        table = table.join(roles.add_prefix("brokerage_"))
    names = {n: d.get("name") for n, d in G.nodes(data=True)}
    table.insert(0, "name", table.index.map(names))
    table.insert(1, "helix", table.index.map({n: d.get("helix", "unknown") for n, d in G.nodes(data=True)}))
    table.index.name = "organisation"
    from ._validate import spreadsheet_safe_frame, terminal_safe

    if args.output:
        if args.output.lower().endswith(".parquet"):
            with atomic_write(args.output, "wb") as handle:
                table.to_parquet(handle)
        else:
            with atomic_write(args.output, newline="") as handle:
                spreadsheet_safe_frame(table).to_csv(handle)  # names starting with = + - @ quoted (CSV injection)
        print(f"wrote {args.output}: {len(table):,} organisations x {table.shape[1]} measures")
    else:
        print(terminal_safe(table.sort_values("degree", ascending=False).head(20).to_string(float_format=lambda x: f"{x:.4g}")))
    return 0


def _cmd_map(args: argparse.Namespace) -> int:
    from .communities import clusters
    from .viz import ecosystem_map, overview_map

    _check_output(args.output, (".html", ".htm"), "a map is an HTML page")
    if args.overview and args.layout != "auto":
        return _usage(args, f"--layout {args.layout}: the overview map places clusters itself; leave out --layout or --overview")
    G, _ = _graph(args)
    communities = clusters(G, seed=args.seed)
    if args.overview:
        page = overview_map(G, communities, args.output, title=args.title, seed=args.seed)
    else:
        page = ecosystem_map(G, args.output, clusters=communities, title=args.title, seed=args.seed, layout=args.layout)
    print(f"wrote {args.output}: {page.n_nodes:,} nodes, {page.n_edges:,} ties")
    return 0


def _cmd_organisations(args: argparse.Namespace) -> int:
    from ._validate import spreadsheet_safe_frame, terminal_safe

    if args.output:
        _check_output(args.output, (".csv",), "the organisations are a CSV table to review")
    data = _load(args)
    if data.organisations is None:
        raise _UsageError("no organisations to list: give --organisations FILE with PARTICIPATIONS")
    table = data.organisations.copy()
    events = data.participations.groupby("organisation")["event"].nunique()
    table["events"] = table["organisation"].map(events).fillna(0).astype(int)
    if "addresses" in table.columns:  # publications: one address as printed, to tell which organisation it is
        table["address"] = table["addresses"].map(lambda found: found[0] if len(found) else None)
    shown = [c for c in ("organisation", "name", "helix", "rule", "confidence", "country", "city", "nuts3", "region_name", "events",
                         "address") if c in table.columns]
    table = table[shown].sort_values(["events", "organisation"], ascending=[False, True])
    counts = table["helix"].value_counts() if "helix" in table.columns else pd.Series(dtype=int)
    print(f"{len(table):,} organisations; by helix: " + ", ".join(f"{h} {n:,}" for h, n in counts.items()))
    if "confidence" in table.columns:
        unsure = int(((table["confidence"] < args.review_below) & (table["helix"] != "unknown")).sum())
        print(f"{unsure:,} decided with confidence below {args.review_below:g} and "
              f"{int(counts.get('unknown', 0)):,} unknown: check these first")
    if args.output:
        with atomic_write(args.output, newline="") as handle:
            spreadsheet_safe_frame(table).to_csv(handle, index=False)  # names starting with = + - @ quoted (CSV injection)
        print(f"wrote {args.output}; correct its helix column and pass it back with --helices {args.output}")
    else:
        print(terminal_safe(table.head(20).to_string(index=False, float_format=lambda x: f"{x:.2f}")))
    return 0


def _cmd_report(args: argparse.Namespace) -> int:
    from .reporting import report

    if args.ci < 1:
        return _usage(args, f"--ci {args.ci}: the number of bootstrap resamples must be >= 1")
    _check_output(args.output, (".html", ".htm"), "the report is an HTML page")
    data = _load(args)
    title = args.title or ("Dutch partners in Horizon 2020 projects" if args.example == "cordis-nl" else "Triple Helix report")
    page = report(data.participations, data.organisations, data.events, args.output, title=title, by=args.by,
                  weighting=args.weighting, max_participants=args.max_participants, n_boot=args.ci, seed=args.seed,
                  progress=not args.quiet, focus_region=args.focus_region)
    print(f"wrote {args.output} ({len(page.html) / 1e6:.1f} MB, offline, one file)")
    return 0


def build_parser() -> argparse.ArgumentParser:
    from .build import WEIGHTINGS

    parser = argparse.ArgumentParser(
        prog="helixnet",
        description="Triple Helix network analysis: synergy, collaboration graphs, brokerage, maps.",
        epilog="Exit codes: 0 ok, 1 internal error, 2 usage error, 3 bad input data, 4 file error "
        "(output paths are checked before the work starts), 130 interrupted (Ctrl-C). Outputs are written "
        "atomically: a failed or interrupted run leaves no partial file and an old file unchanged.",
    )
    parser.add_argument("--quiet", action="store_true", help="no progress bars or log messages")
    parser.add_argument("--debug", action="store_true", help="show tracebacks and debug logging")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    graph = commands.add_parser("graph", help="build the collaboration graph, print a summary, write it for Gephi/VOSviewer")
    _add_data_options(graph)
    graph.add_argument("--max-participants", type=int, metavar="N",
                        help="leave out events with more than N participants (each ties all its members to each other)")
    graph.add_argument("--weighting", choices=WEIGHTINGS, default="count", help="tie weights (default: count)")
    graph.add_argument("-o", "--output", metavar="FILE", help="graph.gexf, graph.graphml, or name.txt for VOSviewer map and network files")
    graph.set_defaults(run=_cmd_graph, parser=graph)

    synergy = commands.add_parser(
        "synergy",
        help="entropies and mutual information (T) of every subset of columns, or T decomposed by group",
        description="H and T of every subset of the columns (bits and millibits, like th4), or with --by "
        "the decomposition T = T0 + sum of group contributions. Negative T in three dimensions is synergy.",
    )
    synergy.add_argument("file", nargs="?", help="records: one row per case (CSV or Parquet), or a contingency table with --weights")
    synergy.add_argument("--columns", help="comma-separated columns, e.g. knowledge,industry,government")
    synergy.add_argument("--weights", metavar="COL", help="column holding counts (the file is a contingency table)")
    synergy.add_argument("--by", metavar="GROUP", help="decompose T over this column (comma-separated for nested groups)")
    synergy.add_argument("--ci", type=int, metavar="N", help="also a bootstrap confidence interval of T from N resamples")
    synergy.add_argument("--seed", type=int, default=0, help="seed of the bootstrap (default 0)")
    synergy.add_argument("--format", choices=("table", "csv", "json"), default="table")
    synergy.add_argument("-o", "--output", metavar="FILE", help="write the table to FILE instead of printing it")
    synergy.add_argument("--example", choices=EXAMPLES, help="presence of knowledge, industry, government in the bundled projects")
    synergy.add_argument("--missing", choices=("error", "category", "drop"), default="error",
                         help="empty fields: an error (default), a category of their own, or records dropped and counted")
    _add_reader_options(synergy)
    # of the data options, synergy takes --example only
    synergy.set_defaults(run=_cmd_synergy, parser=synergy, participations=None, publications=None, cordis=False,
                         projects=None, helices=None, publications_format="auto", merges=None)

    measures = commands.add_parser(
        "measures", help="centralities, clusters, cluster roles and brokerage per organisation, as CSV"
    )
    _add_data_options(measures)
    measures.add_argument("--max-participants", type=int, metavar="N",
                        help="leave out events with more than N participants (each ties all its members to each other)")
    measures.add_argument("--weighting", choices=WEIGHTINGS, default="count", help="tie weights when building from data")
    measures.add_argument("--betweenness-samples", type=int, metavar="K", help="pivot-sampled betweenness from K sources")
    measures.add_argument("--seed", type=int, default=0)
    measures.add_argument("-o", "--output", metavar="FILE", help="measures.csv or measures.parquet (default: print the 20 most connected)")
    measures.set_defaults(run=_cmd_measures, parser=measures)

    map_ = commands.add_parser("map", help="an interactive, offline HTML map of the ecosystem")
    _add_data_options(map_)
    map_.add_argument("--max-participants", type=int, metavar="N",
                        help="leave out events with more than N participants (each ties all its members to each other)")
    map_.add_argument("--weighting", choices=WEIGHTINGS, default="count", help="tie weights when building from data")
    map_.add_argument("--overview", action="store_true", help="one node per cluster, for big networks")
    map_.add_argument("--layout", choices=["auto", "clusters", "fr", "drl", "kk", "circle", "geo"], default="auto",
                      help="node placement: a force layout (auto: by size; clusters: each cluster in its own region) "
                           "or geo: the organisations' coordinates (latitude/longitude columns, e.g. from --example cordis-nl)")
    map_.add_argument("--title", help="page title")
    map_.add_argument("--seed", type=int, default=0, help="seed of the clustering and the layout")
    map_.add_argument("-o", "--output", metavar="FILE", required=True, help="map.html")
    map_.set_defaults(run=_cmd_map, parser=map_)

    organisations = commands.add_parser(
        "organisations",
        help="the organisations with their helix, the rule that decided it and its confidence, as CSV to review",
        description="List the organisations of the data with the helix of each, the rule that decided it, its "
        "confidence and the number of events, most active first. Correct the helix column where it is wrong and "
        "pass the file to any command with --helices FILE.",
    )
    _add_data_options(organisations)
    organisations.add_argument("--review-below", type=float, default=0.9, metavar="P",
                               help="count the decisions with confidence below P as to check (default 0.9)")
    organisations.add_argument("-o", "--output", metavar="FILE", help="organisations.csv (default: print the 20 most active)")
    organisations.set_defaults(run=_cmd_organisations, parser=organisations)

    report = commands.add_parser(
        "report", help="one offline HTML page: data, synergy with CI, Venn, decomposition, map, clusters, brokers"
    )
    _add_data_options(report)
    report.add_argument("--weighting", choices=WEIGHTINGS, default="fractional", help="tie weights (default: fractional)")
    report.add_argument("--max-participants", type=int, metavar="N",
                        help="leave events with more than N participants out of the ties (map, clusters, brokers); the synergy counts them")
    report.add_argument("--by", metavar="COLUMN", help="event column to decompose T over (default: region, else programme)")
    report.add_argument("--ci", type=int, default=500, metavar="N", help="bootstrap resamples (default 500)")
    report.add_argument("--focus-region", metavar="NUTS", default="NL414",
                        help="NUTS code of the region shown beside the national figures (default NL414, Brainport Eindhoven)")
    report.add_argument("--seed", type=int, default=0)
    report.add_argument("--title", help="page title")
    report.add_argument("-o", "--output", metavar="FILE", required=True, help="report.html")
    report.set_defaults(run=_cmd_report, parser=report)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.debug else logging.WARNING if args.quiet else logging.INFO,
                        format="helixnet: %(message)s")
    run: Callable[[argparse.Namespace], int] = args.run
    try:
        return run(args)
    except _UsageError as error:
        return _usage(args, str(error))
    except KeyboardInterrupt:
        if args.debug:
            raise
        print(f"helixnet {args.command}: interrupted; no partial output was written", file=sys.stderr)
        return EXIT_INTERRUPTED
    except HelixDataError as error:
        if args.debug:
            raise
        print(f"helixnet {args.command}: bad input: {_for_command_line(str(error))}", file=sys.stderr)
        return EXIT_DATA
    except HelixOutputError as error:
        if args.debug:
            raise
        print(f"helixnet {args.command}: {error}", file=sys.stderr)
        return EXIT_FILE
    except OSError as error:
        if args.debug:
            raise
        print(f"helixnet {args.command}: {error.strerror or error}: {error.filename or ''}".rstrip(": "), file=sys.stderr)
        return EXIT_FILE
    except Exception as error:  # one line, not a traceback, unless --debug
        if args.debug:
            raise
        print(f"helixnet {args.command}: internal error: {type(error).__name__}: {error} (run with --debug for the traceback)", file=sys.stderr)
        return EXIT_INTERNAL
