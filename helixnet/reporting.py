"""The one-page report: data, synergy, Venn, decomposition, map, clusters and brokers.

One self-contained, offline HTML page. The figures are inline SVG (matplotlib draws text as
paths, so no outside string becomes markup), the tables are escaped by pandas, and the map is
the page of :func:`helixnet.ecosystem_map` (or :func:`helixnet.overview_map` for big networks)
inside a sandboxed ``<iframe srcdoc>`` that keeps its own Content Security Policy.
"""

from __future__ import annotations

import html as _html
import io
import logging
import os
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

import pandas as pd

from . import _validate as v
from .errors import HelixDataError
from .viz.html import HelixMap, ecosystem_map, overview_map

if TYPE_CHECKING:  # build is imported when the report runs
    from .build import Weighting

__all__ = ["report", "REPORT_MAP_MAX_NODES"]

logger = logging.getLogger("helixnet")

#: Networks with more organisations than this get the cluster overview map in the report.
REPORT_MAP_MAX_NODES = 3000

_STYLE = """
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#222;background:#fafafa}
main{max-width:1100px;margin:0 auto;padding:24px 32px 64px;background:#fff}
h1{font-size:26px;margin:0 0 4px}h2{font-size:20px;margin:36px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}
.sub{color:#666;margin:0 0 16px}.note{color:#555;font-size:13px}
.figures{display:flex;flex-wrap:wrap;gap:16px}.figures figure{margin:0;flex:1 1 420px}
figure svg{width:100%;height:auto}
table{border-collapse:collapse;font-size:13px;margin:8px 0}th,td{padding:3px 8px;border-bottom:1px solid #eee;text-align:right}
th:first-child,td:first-child{text-align:left}thead th{background:#f3f4f6}
.big{font-size:22px;font-weight:600}
iframe{width:100%;height:720px;border:1px solid #ddd}
"""


def _svg(figure) -> str:
    import matplotlib.pyplot as plt

    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight")
    plt.close(figure)
    text = buffer.getvalue()
    return text[text.index("<svg"):]


def _table(frame: pd.DataFrame, digits: int = 4) -> str:
    return frame.to_html(escape=True, border=0, float_format=lambda x: f"{x:.{digits}g}", na_rep="")


def _section(title: str, *parts: str) -> str:
    return f"<section><h2>{_html.escape(title)}</h2>{''.join(parts)}</section>"


def _p(text: str, cls: str = "") -> str:
    return f'<p class="{cls}">{_html.escape(text)}</p>' if cls else f"<p>{_html.escape(text)}</p>"


def _profile_summary(profile: pd.DataFrame) -> pd.DataFrame:
    """The columns of a cluster profile that fit a page: size, helix counts, mix entropy, leaders."""
    columns = ["size", *[h for h in v.HELICES if h in profile.columns], "entropy", "internal_share"]
    summary = profile[[c for c in columns if c in profile.columns]].copy()
    if "leader_names" in profile.columns:
        summary["leading organisations"] = profile["leader_names"].map(lambda names: "; ".join(map(str, names)))
    return summary


def report(
    participations: pd.DataFrame,
    organisations: pd.DataFrame,
    events: pd.DataFrame | None = None,
    path: str | os.PathLike | None = None,
    *,
    title: str = "Triple Helix report",
    helices: Sequence[str] = ("knowledge", "industry", "government"),
    by: str | None = None,
    weighting: Weighting = "fractional",
    n_boot: int = 500,
    seed: int = 0,
    map_max_nodes: int = REPORT_MAP_MAX_NODES,
    progress: bool = True,
) -> HelixMap:
    """The one-page report of a collaboration data set, as one offline HTML page.

    Sections: the data (organisations by helix, events, participations, years); the synergy
    :math:`T` of the helices' presence in events with its bootstrap confidence interval, with
    and without the events that have none of them, and per year with a band; the Venn diagram
    of events by helix presence; the decomposition :math:`T = T_0 + \\sum_g (n_g/N) T_g` over
    ``by``; the ecosystem map (the cluster overview above ``map_max_nodes`` organisations);
    the cluster profiles; and the strongest brokers between helices.

    Parameters
    ----------
    participations, organisations, events : DataFrame
        The documented tables (organisations need ``helix``; ``events`` gives ``year`` and
        the grouping column, else ``participations``' ``year`` is used).
    path : str or path, optional
        Also write the page there.
    title : str
        Page title (shown as text).
    helices : sequence of str
        The presence variables of the synergy (Leydesdorff's U, I, G by default).
    by : str, optional
        Event column to decompose T over; by default ``region`` if the events have one, else
        the first part of ``programme``.
    weighting : str
        Tie weights of the collaboration graph (see :func:`helixnet.collaboration_edges`).
    n_boot : int
        Bootstrap resamples of every confidence interval.
    seed : int
        Seed of the bootstraps, the clustering and the layout: the same data and seed give the
        same page.
    map_max_nodes : int
        Above this many organisations, the map is the cluster overview.
    progress : bool
        Progress bars on the bootstraps.

    Returns
    -------
    HelixMap
        With ``kind="report"``: ``.html``, ``.save(path)``, and display in notebooks.

    Examples
    --------
    >>> import pandas as pd
    >>> p = pd.DataFrame({"event": ["e1", "e1", "e2", "e2", "e3", "e3", "e4"],
    ...                   "organisation": ["u", "f", "u", "g", "f", "g", "u"]})
    >>> o = pd.DataFrame({"organisation": ["u", "f", "g"], "name": ["Uni", "Firm", "Ministry"],
    ...                   "helix": ["knowledge", "industry", "government"]})
    >>> page = report(p, o, n_boot=50, progress=False)
    >>> page.kind, page.n_nodes, "Synergy among the helices" in page.html
    ('report', 3, True)
    """
    # Functions, not modules: helixnet.clusters and helixnet.brokerage are the functions.
    from . import build, information
    from .presence import presence_table
    from .brokers import brokerage
    from .communities import cluster_profile, clusters
    from .viz import static

    v.require_frame(organisations, "organisations")
    v.require_columns(organisations, ["organisation", "helix"], "organisations")
    helices = list(helices)
    if events is None:
        v.require_columns(participations, ["event"], "participations")
        if "year" in participations.columns:
            events = participations.groupby("event", as_index=False)["year"].min()
        else:
            events = pd.DataFrame({"event": participations["event"].unique()})
    events = events.copy()
    if "year" in events.columns:  # text or dates in the year column: refused or repaired, as everywhere
        events["year"] = v.year_numbers(events["year"], "year", "events")
    if by is None:
        if "region" in events.columns:
            by = "region"
        elif "programme" in events.columns:
            by = "programme_part"
            events[by] = events["programme"].fillna("(none)").astype(str).str.split(";").str[0]
    elif by not in events.columns:
        raise HelixDataError(f"report: by={by!r} is not a column of the events table; it has {v.examples(list(events.columns), 12)}.")
    attributes = [c for c in ("year", by) if c and c in events.columns]

    presence = presence_table(participations, organisations, helices=helices, events=events, attributes=attributes)
    without_none = presence[presence[helices].sum(axis=1) > 0]
    G = build.collaboration_graph(participations, organisations, weighting=weighting)
    in_graph = organisations[organisations["organisation"].isin(G.nodes)]

    parts: list[str] = [f"<h1>{_html.escape(title)}</h1>"]
    source = organisations.attrs.get("source")
    parts.append(_p(f"Made by helixnet on {date.today().isoformat()}." + (f" {source}." if source else ""), "sub"))

    # --- Data
    by_helix = in_graph["helix"].value_counts().reindex(list(v.HELICES), fill_value=0)
    data_rows = pd.DataFrame({"organisations": by_helix, "share": by_helix / by_helix.sum()})
    facts = [
        f"{participations['event'].nunique():,} events, {len(participations):,} participations, "
        f"{G.number_of_nodes():,} organisations, {G.number_of_edges():,} ties ({weighting} weights)."
    ]
    if "year" in presence.columns and presence["year"].notna().any():
        facts.append(f"Years {int(presence['year'].min())} to {int(presence['year'].max())}.")
    parts.append(_section("The data", _p(" ".join(facts)), _table(data_rows.rename_axis("helix"))))

    # --- Synergy
    letters = ",".join(h[0].upper() for h in helices)
    ci_all = information.mutual_information_ci(presence, helices, n_boot=n_boot, seed=seed, progress=progress)
    ci_some = information.mutual_information_ci(without_none, helices, n_boot=n_boot, seed=seed, progress=progress)
    synergy = pd.DataFrame(
        {
            "events": [len(presence), len(without_none)],
            "T (mbit)": [1000 * ci_all["T"], 1000 * ci_some["T"]],
            f"{int(100 * ci_all['level'])}% CI low": [1000 * ci_all["lower"], 1000 * ci_some["lower"]],
            f"{int(100 * ci_all['level'])}% CI high": [1000 * ci_all["upper"], 1000 * ci_some["upper"]],
        },
        index=pd.Index([f"all events ({presence.attrs['none_count']:,} with none of {letters})", f"events with at least one of {letters}"], name=""),
    )
    synergy_parts = [
        _p(f"T({letters}) = {1000 * ci_all['T']:.2f} mbit over all events. "
           "Negative T in three dimensions is synergy: the relations among the helices reduce uncertainty.", "big"
           if len(helices) == 3 else ""),
        _table(synergy, 5),
        _p(f"Percentile bootstrap intervals from {n_boot} resamples of the events (seed {seed}). Whether the events with "
           "none of the helices count changes T; both readings are shown.", "note"),
    ]
    figures: list[str] = []
    if "year" in presence.columns and presence["year"].nunique() > 1:
        over_time = information.synergy_over_time(presence, helices, time="year")
        bands = []
        for year, group in presence.groupby("year"):
            if len(group) > 1:
                ci = information.mutual_information_ci(group, helices, n_boot=n_boot, seed=seed, progress=False)
                bands.append((year, ci["lower"], ci["upper"]))
        band = pd.DataFrame(bands, columns=["year", "lower", "upper"]).set_index("year")
        over_time = over_time.join(band)
        for column in ("T", "lower", "upper"):
            over_time[column] = 1000 * over_time[column]
        figures.append(f"<figure>{_svg(static.synergy_over_time_figure(over_time.reset_index(), unit='mbit', title='T per year, with 95% bootstrap band'))}</figure>")
    if len(helices) == 3:
        figures.append(f"<figure>{_svg(static.venn_figure(presence[helices], labels=helices, title='Events by helix presence'))}</figure>")
    synergy_parts.append(f'<div class="figures">{"".join(figures)}</div>')
    parts.append(_section("Synergy among the helices", *synergy_parts))

    # --- Decomposition
    if by and by in presence.columns:
        groups = presence.dropna(subset=[by])
        decomposition = information.decompose(groups, helices, by)
        parts.append(
            _section(
                f"Synergy decomposed by {by.replace('_', ' ')}",
                _p("T = T0 + sum over groups of (n_g / N) T_g: each group's contribution, and the between-group term T0.", "note"),
                f'<div class="figures"><figure>{_svg(static.decomposition_figure(decomposition, title=f"Contributions to T by {by}"))}</figure></div>',
                _table(decomposition, 4),
            )
        )

    # --- Map, clusters, brokers
    communities = clusters(G, seed=seed)
    if G.number_of_nodes() <= map_max_nodes:
        page = ecosystem_map(G, clusters=communities, title=title, seed=seed)
        kind = "map of every organisation"
    else:
        page = overview_map(G, communities, title=title, seed=seed)
        kind = "overview: one node per cluster; click a cluster for its members"
    srcdoc = _html.escape(page.html, quote=True)
    blocks = [
        _p(f"Interactive {kind}. Colours are helices; search, filters and details are in the map's panel.", "note"),
        f'<iframe title="ecosystem map" sandbox="allow-scripts" srcdoc="{srcdoc}"></iframe>',
    ]
    placed = sum(1 for _, lat in G.nodes(data="latitude") if lat is not None)
    if placed:  # organisations with coordinates (helixnet.assign_regions): the same map by place
        geo = ecosystem_map(G, clusters=communities, layout="geo", title=f"{title}: by place", seed=seed)
        blocks += [
            _p(f"The same organisations at their places ({placed:,} of {G.number_of_nodes():,} have coordinates; the "
               "others are behind the Place check box). The Region filter in the panel keeps one region's organisations.",
               "note"),
            f'<iframe title="ecosystem map by place" sandbox="allow-scripts" srcdoc="{_html.escape(geo.html, quote=True)}"></iframe>',
        ]
    parts.append(_section("The ecosystem map", *blocks))

    profile = cluster_profile(G, communities)
    modularity = communities.attrs.get("modularity")
    parts.append(
        _section(
            "Clusters",
            _p(f"{communities.nunique():,} clusters (Leiden, modularity {modularity:.3f}); the ten largest:" if modularity is not None
               else f"{communities.nunique():,} clusters; the ten largest:", "note"),
            _table(_profile_summary(profile.head(10)), 3),
        )
    )

    roles = brokerage(G, "helix")
    roles["between helices"] = roles["total"] - roles["coordinator"]
    names = pd.Series({n: G.nodes[n].get("name", n) for n in G.nodes}, name="name")
    leaders = roles.join(names).sort_values("between helices", ascending=False).head(10)
    leaders = leaders[["name", "helix", "between helices", "liaison", "itinerant", "representative", "gatekeeper", "coordinator"]]
    parts.append(
        _section(
            "Brokers between helices",
            _p("Gould-Fernandez brokerage roles: the two-paths i - j - k with no tie i - k that organisation j brokers, "
               "by the helices of i, j and k. 'Between helices' counts all roles but coordinator (all three of one helix).", "note"),
            _table(leaders, 6),
        )
    )

    html = (
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        f"<title>{_html.escape(title)}</title><style>{_STYLE}</style></head><body><main>"
        + "".join(parts)
        + "</main></body></html>"
    )
    result = HelixMap(html, n_nodes=page.n_nodes, n_edges=page.n_edges, kind="report", title=title)
    if path is not None:
        result.save(path)
    return result
