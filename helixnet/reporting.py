"""The one-page report: the regional view first, then data, synergy, Venn, decomposition, map,
clusters and brokers.

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
from typing import NamedTuple, TYPE_CHECKING

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


def _table(frame: pd.DataFrame, table_id: str | None = None) -> str:
    # The report's numbers come formatted (mbit, percentages); other floats get four digits.
    return frame.to_html(escape=True, border=0, float_format=lambda x: f"{x:.4g}", na_rep="", table_id=table_id)


def _section(title: str, *parts: str) -> str:
    return f"<section><h2>{_html.escape(title)}</h2>{''.join(parts)}</section>"


def _p(text: str, cls: str = "") -> str:
    return f'<p class="{cls}">{_html.escape(text)}</p>' if cls else f"<p>{_html.escape(text)}</p>"


def _profile_summary(profile: pd.DataFrame) -> pd.DataFrame:
    """The columns of a cluster profile that fit a page: size, helix counts, mix entropy, leaders."""
    columns = ["size", *[h for h in v.HELICES if h in profile.columns], "entropy", "internal_share"]
    summary = profile[[c for c in columns if c in profile.columns]].copy()
    for column, show in (("entropy", _mbit), ("internal_share", _percent)):  # the report's one unit
        if column in summary:
            summary[column] = summary[column].map(show)
    summary = summary.rename(columns={"entropy": "helix-mix entropy (mbit)", "internal_share": "internal ties (%)"})
    if "leader_names" in profile.columns:
        summary["leading organisations"] = profile["leader_names"].map(lambda names: "; ".join(map(str, names)))
    return summary


# The names of the Horizon 2020 programme parts that CORDIS codes (the bundled events' ``programme``
# column), after Regulation (EU) No 1291/2013 establishing Horizon 2020, Annex I, and CORDIS's
# programme structure. No maintained package lists them; 17 short codes are data enough to keep here.
PROGRAMME_PART_NAMES = {
    "ERC": "European Research Council",
    "FET": "Future and Emerging Technologies",
    "MSCA": "Marie Sklodowska-Curie actions",
    "RI": "Research infrastructures",
    "LEIT": "Leadership in enabling and industrial technologies",
    "ARF": "Access to risk finance",
    "Innovation in SMEs": "",
    "SC1": "Health, demographic change and wellbeing",
    "SC2": "Food security, bioeconomy, marine and maritime research",
    "SC3": "Secure, clean and efficient energy",
    "SC4": "Smart, green and integrated transport",
    "SC5": "Climate action, environment, resource efficiency and raw materials",
    "SC6": "Europe in a changing world: inclusive, innovative and reflective societies",
    "SC7": "Secure societies",
    "SEWP": "Spreading excellence and widening participation",
    "SWAFS": "Science with and for society",
    "Euratom": "Euratom research and training programme",
}

#: The region shown beside the national figures by default: Brainport Eindhoven.
FOCUS_REGION = "NL414"

_REGION_LEVELS = {"nuts2": "province (NUTS-2)", "nuts3": "NUTS-3 region"}
_UNPLACED = "unplaced"
# A bootstrap of a handful of rows says nothing about a region: its band is left blank.
_MIN_BAND_ROWS = 10


def _programme_label(code: object) -> str:
    name = PROGRAMME_PART_NAMES.get(str(code))
    return f"{code} {name}" if name else str(code)


def _mbit(bits: float) -> str:
    """A value in bits, printed in millibits (the report's one unit)."""
    return "" if pd.isna(bits) else f"{round(1000 * bits, 2) + 0.0:.2f}"  # + 0.0: no "-0.00"


def _percent(share: float) -> str:
    return "" if pd.isna(share) else f"{round(100 * share, 1) + 0.0:.1f}"


def _region_names(codes) -> dict[str, str]:
    """NUTS names of the codes, from the version CORDIS uses (2021) and else 2016 or 2024."""
    from .regions import nuts_regions

    names: dict[str, str] = {}
    for version in (2021, 2016, 2024):
        table = nuts_regions(version)["name"]
        names.update({code: table[code] for code in codes if code not in names and code in table.index})
    return names


class _Terms(NamedTuple):
    """How the page names events and the organisations that take part in them."""

    event: str
    events: str
    members: str


_PROJECT_TERMS = _Terms("project", "projects", "partners")
_PUBLICATION_TERMS = _Terms("publication", "publications", "organisations")


def _terms(events: pd.DataFrame | None) -> _Terms:
    """Publications (read by :func:`helixnet.read_publications`, which records each one's format) or projects."""
    return _PUBLICATION_TERMS if events is not None and "source_format" in events.columns else _PROJECT_TERMS


def _region_label(code: object, names: dict[str, str]) -> str:
    if code == _UNPLACED:
        return "unplaced (partners without a region)"
    name = names.get(str(code))
    return f"{code} {name}" if name else str(code)


def _regional_table(presence: pd.DataFrame, helices: list[str], level: str, n_boot: int, seed: int) -> pd.DataFrame:
    """Per region (in bits): n, share, own T with its band, contribution and Shapley value.

    Sorted by Shapley value, most synergy first; attrs T, T0 (decompose) and the Shapley method.
    """
    from . import information

    decomposition = information.decompose(presence, helices, by=level)
    shapley = information.synergy_shapley(presence, helices, by=level, seed=seed)
    bands = {}
    for code, group in presence.groupby(level):
        if len(group) >= _MIN_BAND_ROWS:
            ci = information.mutual_information_ci(group, helices, n_boot=n_boot, seed=seed, progress=False)
            bands[code] = (ci["lower"], ci["upper"])
    band = pd.DataFrame.from_dict(bands, orient="index", columns=["lower", "upper"])
    shapley_columns = {"shapley": "shapley", "share": "shapley_share", **({"se": "shapley_se"} if "se" in shapley else {})}
    table = decomposition.join(shapley[list(shapley_columns)].rename(columns=shapley_columns)).join(band)
    table = table.sort_values("shapley", kind="stable")
    table.attrs = {**decomposition.attrs, "shapley_method": shapley.attrs["method"], "shapley_samples": shapley.attrs.get("samples")}
    return table


def _regional_display(table: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """The regional table as printed: labels with names, mbit and percentages."""
    shown = pd.DataFrame(index=pd.Index([_region_label(code, names) for code in table.index], name="region"))
    shown["Shapley rank"] = range(1, len(table) + 1)
    shown["rows"] = table["n"].to_numpy()
    shown["rows (%)"] = [_percent(x) for x in table["share"]]
    shown["own T_g (mbit)"] = [_mbit(x) for x in table["T"]]
    shown["95% band low (mbit)"] = [_mbit(x) for x in table["lower"]]
    shown["95% band high (mbit)"] = [_mbit(x) for x in table["upper"]]
    shown["contribution (n_g/N) T_g (mbit)"] = [_mbit(x) for x in table["contribution"]]
    shown["Shapley value (mbit)"] = [_mbit(x) for x in table["shapley"]]
    if "shapley_se" in table:
        shown["Shapley SE (mbit)"] = [_mbit(x) for x in table["shapley_se"]]
    shown["Shapley share of T (%)"] = [_percent(x) for x in table["shapley_share"]]
    return shown


def _regional_sections(
    participations: pd.DataFrame,
    organisations: pd.DataFrame,
    G,
    helix_roles: pd.DataFrame,
    helices: list[str],
    national: pd.Series,
    *,
    n_boot: int,
    seed: int,
    focus_region: str | None,
    terms: _Terms,
) -> list[str]:
    """The regional view: T by region (per NUTS level), the Shapley ranking, and the focus region."""
    from .presence import presence_table
    from .viz import static

    levels = [level for level in _REGION_LEVELS if level in organisations.columns and organisations[level].notna().any()]
    if not levels:
        return [_section("Regions", _p(
            "No regional view: the organisations table has no nuts2 or nuts3 column with values, so no organisation "
            "has a region. helixnet.assign_regions(organisations) places organisations by NUTS code, postcode or city; "
            "join its columns to the organisations and make the report again.", "note"))]
    placed = organisations[levels].notna()
    codes = pd.unique(organisations[levels].stack().astype(str))
    names = _region_names(codes)
    n_organisations = len(organisations)
    unplaced_orgs = organisations.loc[~placed[levels[0]], "organisation"]
    unplaced_participations = int(participations["organisation"].isin(unplaced_orgs).sum())
    placement = "; ".join(
        f"{int(placed[level].sum()):,} of {n_organisations:,} organisations ({_percent(placed[level].mean())}%) are placed "
        f"in a {_REGION_LEVELS[level]}" for level in levels
    )
    parts: list[str] = []
    presences: dict[str, pd.DataFrame] = {}
    for level in levels:
        presence = presence_table(participations, organisations, helices=helices, by=level, assign="partners")
        presences[level] = presence
        table = _regional_table(presence, helices, level, n_boot, seed)
        shown = _regional_display(table, names)
        figure_frame = pd.DataFrame(
            {column: 1000 * table[column].to_numpy() for column in ("contribution", "T", "lower", "upper")}, index=shown.index
        )
        figure_frame.attrs = {"T": 1000 * table.attrs["T"], "T0": 1000 * table.attrs["T0"]}
        n_rows, n_unplaced = presence.attrs["n_rows"], presence.attrs["unplaced"]
        reasons = "; ".join(f"{reason}: {count:,}" for reason, count in presence.attrs["unplaced_reasons"].items())
        method = table.attrs["shapley_method"]
        if method == "exact":
            method = f"exact, over all {2 ** len(table):,} sets of regions"
        else:
            method = (f"sampled: the mean marginal contribution over {table.attrs['shapley_samples']:,} random orders of the "
                      f"regions (seed {seed}), with its standard error")
        parts.append(_section(
            f"Synergy by {_REGION_LEVELS[level]}",
            _p(f"Regional view: each {terms.event} counts once for every {_REGION_LEVELS[level]} among its {terms.members}, "
               f"with the helices of that region's own {terms.members} only (hx.presence_table(..., by=\"{level}\", "
               f"assign=\"partners\")). The records are the {n_rows:,} {terms.event}-region rows of "
               f"{presence.attrs['n_events']:,} {terms.events}, so T here, {_mbit(table.attrs['T'])} mbit, is the T of those "
               f"rows, not of the {terms.events}.", "note"),
            _p(f"Unplaced: {n_unplaced:,} of the {n_rows:,} rows ({_percent(n_unplaced / n_rows)}%) hold {terms.members} without a "
               f"region ({reasons}); they are the group 'unplaced' in the table and the figure, not dropped. {placement}; "
               f"the {len(unplaced_orgs):,} organisations without a region have {unplaced_participations:,} of the "
               f"{len(participations):,} participations.", "note"),
            f'<div class="figures"><figure>{_svg(static.regional_synergy_figure(figure_frame, unit="mbit", title=f"T by {_REGION_LEVELS[level]}: contribution and own T with 95% band"))}</figure></div>',
            _p(f"T = T0 + the sum of the contributions: {_mbit(table.attrs['T'])} mbit = {_mbit(table.attrs['T0'])} mbit between "
               f"regions + {_mbit(table['contribution'].sum())} mbit. The Shapley values ({method}) share all of T, T0 "
               f"included, and sum to {_mbit(table['shapley'].sum())} mbit; the table is ranked by them, most synergy "
               f"(most negative) first. Bands: percentile bootstrap, {n_boot} resamples of each region's rows (seed "
               f"{seed}), left blank for regions with fewer than {_MIN_BAND_ROWS} rows. A region's own T_g is 0 when one "
               "helix is absent from all its rows or present in all of them: T in three dimensions needs all three to vary.", "note"),
            _table(shown, f"regions-{level}"),
        ))
    if focus_region is not None:
        parts.append(_focus_section(
            focus_region, participations, organisations, G, helix_roles, helices, national, presences, names,
            n_boot=n_boot, seed=seed, terms=terms,
        ))
    return parts


def _band_row(data: pd.DataFrame, helices: list[str], n_boot: int, seed: int) -> dict[str, object]:
    from . import information

    ci = information.mutual_information_ci(data, helices, n_boot=n_boot, seed=seed, progress=False)
    return {"rows": len(data), "T (mbit)": _mbit(ci["T"]), "95% band low (mbit)": _mbit(ci["lower"]),
            "95% band high (mbit)": _mbit(ci["upper"])}


def _focus_section(
    focus: str,
    participations: pd.DataFrame,
    organisations: pd.DataFrame,
    G,
    helix_roles: pd.DataFrame,
    helices: list[str],
    national: pd.Series,
    presences: dict[str, pd.DataFrame],
    names: dict[str, str],
    *,
    n_boot: int,
    seed: int,
    terms: _Terms,
) -> str:
    """One region beside the national figures: helix mix, T with band, brokers, ties outside."""
    import networkx as nx

    from .brokers import brokerage
    from .presence import presence_table

    level = {4: "nuts2", 5: "nuts3"}.get(len(focus))  # NUTS-2 codes have four characters, NUTS-3 five
    if level not in presences or not organisations[level].isin([focus]).any():
        known = sorted(set(organisations[level].dropna().astype(str))) if level in presences else []
        return _section("Focus region", _p(
            f"No organisation is placed in {focus!r}, the region the report shows beside the national figures; pass "
            f"focus_region= a NUTS-2 or NUTS-3 code of the data" + (f", e.g. {v.examples(known, 5)}." if known else "."), "note"))
    label = _region_label(focus, names)
    heading = f"Brainport Eindhoven ({label})" if focus == "NL414" else label
    countries = organisations["country"].dropna().unique().tolist() if "country" in organisations.columns else []
    nation = "the Netherlands" if countries == ["NL"] else "all organisations"
    inside = organisations[level].isin([focus]).to_numpy()
    members = organisations.loc[inside, "organisation"]

    # Helix mix: organisations and participations by helix, the region beside the nation.
    helix_of = organisations.set_index("organisation")["helix"]
    participation_helix = participations["organisation"].map(helix_of)
    in_region = participations["organisation"].isin(members)
    columns = {}
    for where, orgs, parts in ((label, organisations.loc[inside, "helix"], participation_helix[in_region]),
                               (nation, organisations["helix"], participation_helix)):
        for what, values in (("organisations", orgs), ("participations", parts)):
            counts = values.value_counts().reindex(list(v.HELICES), fill_value=0)
            columns[(where, what)] = counts
            columns[(where, f"{what} (%)")] = [_percent(x) for x in counts / max(counts.sum(), 1)]
    mix = pd.DataFrame(columns).rename_axis("helix")

    # T with its band: the region's own partners, its projects whole, its province, the nation.
    presence = presences[level]
    whole = presence_table(participations, organisations, helices=helices, by=level, assign="participating")
    rows = {
        f"{label}: its own {terms.members}' side of its {terms.events} (regional view)": _band_row(presence[presence[level] == focus], helices, n_boot, seed),
        f"{label}: the {terms.events} it takes part in, with all their {terms.members} in the data": _band_row(whole[whole[level] == focus], helices, n_boot, seed),
    }
    if level == "nuts3" and "nuts2" in presences:
        province = presences["nuts2"]
        rows[f"{_region_label(focus[:4], names)}, its province (regional view)"] = _band_row(province[province["nuts2"] == focus[:4]], helices, n_boot, seed)
    rows[f"{nation}: all {terms.event}-region rows (regional view by {level})"] = _band_row(presence, helices, n_boot, seed)
    rows[f"{nation}: all {terms.events}"] = {"rows": int(national["n"]), "T (mbit)": _mbit(national["T"]),
                                     "95% band low (mbit)": _mbit(national["lower"]), "95% band high (mbit)": _mbit(national["upper"])}
    synergy = pd.DataFrame.from_dict(rows, orient="index").rename_axis("")

    # Brokers: the region's organisations ranked by their brokerage between helices in the whole
    # network; their brokerage across the region's border from the same graph grouped by region.
    region_of = organisations.set_index("organisation")[level]
    by_region = nx.Graph()
    by_region.add_nodes_from((node, {"region_group": region_of.get(node) if pd.notna(region_of.get(node)) else _UNPLACED}) for node in G)
    by_region.add_edges_from(G.edges())
    region_roles = brokerage(by_region, "region_group")
    in_graph = [node for node in members if node in G]
    brokers = pd.DataFrame({
        "name": [G.nodes[node].get("name", node) for node in in_graph],
        "helix": helix_roles.loc[in_graph, "helix"].to_numpy(),
        "between helices": (helix_roles.loc[in_graph, "total"] - helix_roles.loc[in_graph, "coordinator"]).to_numpy(),
        "liaison (three helices)": helix_roles.loc[in_graph, "liaison"].to_numpy(),
        "across the region's border": (region_roles.loc[in_graph, "representative"] + region_roles.loc[in_graph, "gatekeeper"]).to_numpy(),
        "between two other regions": (region_roles.loc[in_graph, "itinerant"] + region_roles.loc[in_graph, "liaison"]).to_numpy(),
    }, index=pd.Index(in_graph, name="organisation"))
    brokers = brokers.sort_values(["between helices", "across the region's border"], ascending=False, kind="stable").head(10)

    # Ties outside: where the tie weight of the region's organisations goes.
    inside_set = set(in_graph)
    weight_to: dict[str, float] = {}
    for a, b, weight in G.edges(data="weight", default=1.0):
        for source, target in ((a, b), (b, a)):
            if source in inside_set and source != target:
                region = region_of.get(target)
                key = _UNPLACED if pd.isna(region) else str(region)
                weight_to[key] = weight_to.get(key, 0.0) + float(weight)
    total = sum(weight_to.values())
    within = weight_to.get(focus, 0.0)
    unplaced = weight_to.get(_UNPLACED, 0.0)
    outside = pd.Series({code: w for code, w in weight_to.items() if code not in (focus, _UNPLACED)}, dtype=float)
    top = outside.sort_values(ascending=False, kind="stable").head(8)
    partners = pd.DataFrame(
        {"tie weight": [f"{w:.1f}" for w in top], "of all its tie weight (%)": [_percent(w / total) for w in top]},
        index=pd.Index([_region_label(code, names) for code in top.index], name="partner region"),
    )
    abroad = "" if nation != "the Netherlands" else " Partners abroad are not in the data (its organisations are all Dutch)."
    ties = (f"Of the tie weight of its {len(in_graph):,} organisations in the collaboration graph ({total:,.1f}), "
            f"{_percent(within / total if total else float('nan'))}% is with other organisations of {focus}, "
            f"{_percent(outside.sum() / total if total else float('nan'))}% with organisations of other regions and "
            f"{_percent(unplaced / total if total else float('nan'))}% with organisations without a region.{abroad} "
            "The partner regions with the most tie weight:")

    return _section(
        f"{heading} beside {nation}",
        _p(f"{len(members):,} organisations placed in {label} take part {int(in_region.sum()):,} times "
           f"({_percent(in_region.mean())}% of all participations).", "note"),
        "<h3>Helix mix</h3>", _table(mix, "focus-mix"),
        "<h3>Synergy</h3>", _table(synergy, "focus-synergy"),
        _p(f"Percentile bootstrap bands, {n_boot} resamples of the rows (seed {seed}). The regional view counts only the "
           f"region's own {terms.members} in each of its {terms.events}; the second row takes its {terms.events} whole.", "note"),
        "<h3>Strongest brokers</h3>",
        _p("Its organisations ranked by Gould-Fernandez brokerage between helices in the whole collaboration graph (as in "
           "the national broker table below: two-paths i - j - k with no tie i - k, all roles but coordinator). "
           f"'Across the region's border' counts the same two-paths with the organisations grouped by {level} instead of "
           "helix (representative and gatekeeper roles: one end inside the region, one outside); organisations without "
           "a region count as one group outside.", "note"),
        _table(brokers, "focus-brokers"),
        "<h3>Ties outside the region</h3>", _p(ties), _table(partners, "focus-ties"),
    )


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
    max_participants: int | None = None,
    n_boot: int = 500,
    seed: int = 0,
    map_max_nodes: int = REPORT_MAP_MAX_NODES,
    progress: bool = True,
    focus_region: str | None = FOCUS_REGION,
) -> HelixMap:
    """The one-page report of a collaboration data set, as one offline HTML page.

    The page leads with the regional view when the organisations have ``nuts2``/``nuts3``
    columns (as :func:`helixnet.assign_regions` gives them and
    :func:`helixnet.datasets.load_cordis_nl` carries them): T by province and by NUTS-3 region
    with each region's contribution, its own T with a bootstrap band and its Shapley value
    (regional view: ``presence_table(..., assign="partners")``, unplaced rows as their own
    group), then ``focus_region`` beside the national figures (helix mix, T, brokers, ties to
    other regions). Without region columns a sentence says why the regional view is missing.
    Then: the data (organisations by helix, events, participations, years); the synergy
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
    max_participants : int, optional
        Leave the events with more than this many participants out of the ties (the map, the
        clusters and the brokers), as :func:`helixnet.collaboration_edges` does; a paper of a
        consortium of hundreds of institutions ties each to all the others. The synergy and the
        counts take every event; the page says how many events the ties leave out.
    n_boot : int
        Bootstrap resamples of every confidence interval.
    seed : int
        Seed of the bootstraps, the clustering and the layout: the same data and seed give the
        same page.
    map_max_nodes : int
        Above this many organisations, the map is the cluster overview.
    progress : bool
        Progress bars on the bootstraps.
    focus_region : str or None
        NUTS-2 or NUTS-3 code of the region shown beside the national figures (Brainport
        Eindhoven, ``"NL414"``, by default); None leaves that section out.

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
    focus_region = v.check_scalar(focus_region, "focus_region", str, allow_none=True)
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
    G = build.collaboration_graph(participations, organisations, weighting=weighting, max_participants=max_participants)
    in_graph = organisations[organisations["organisation"].isin(G.nodes)]
    roles = brokerage(G, "helix")

    parts: list[str] = [f"<h1>{_html.escape(title)}</h1>"]
    source = organisations.attrs.get("source")
    parts.append(_p(f"Made by helixnet on {date.today().isoformat()}." + (f" {source}." if source else ""), "sub"))

    # --- Data
    by_helix = in_graph["helix"].value_counts().reindex(list(v.HELICES), fill_value=0)
    data_rows = pd.DataFrame({"organisations": by_helix, "share (%)": [_percent(x) for x in by_helix / by_helix.sum()]})
    facts = [
        f"{participations['event'].nunique():,} events, {len(participations):,} participations, "
        f"{G.number_of_nodes():,} organisations, {G.number_of_edges():,} ties ({weighting} weights)."
    ]
    if max_participants is not None:
        facts.append(f"The ties, the map, the clusters and the brokers leave out {G.graph['dropped_events']:,} of the "
                     f"{participations['event'].nunique():,} events, those with more than {max_participants:,} participants; "
                     "the synergy counts every event.")
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
            "T (mbit)": [_mbit(ci_all["T"]), _mbit(ci_some["T"])],
            f"{int(100 * ci_all['level'])}% CI low (mbit)": [_mbit(ci_all["lower"]), _mbit(ci_some["lower"])],
            f"{int(100 * ci_all['level'])}% CI high (mbit)": [_mbit(ci_all["upper"]), _mbit(ci_some["upper"])],
        },
        index=pd.Index([f"all events ({presence.attrs['none_count']:,} with none of {letters})", f"events with at least one of {letters}"], name=""),
    )
    synergy_parts = [
        _p(f"T({letters}) = {_mbit(ci_all['T'])} mbit over all events. "
           "Negative T in three dimensions is synergy: the relations among the helices reduce uncertainty.", "big"
           if len(helices) == 3 else ""),
        _table(synergy),
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

    # The page leads with the regional view: right after the title.
    national = pd.Series({"n": len(presence), "T": ci_all["T"], "lower": ci_all["lower"], "upper": ci_all["upper"]})
    parts[2:2] = _regional_sections(participations, organisations, G, roles, helices, national,
                                    n_boot=n_boot, seed=seed, focus_region=focus_region, terms=_terms(events))

    # --- Decomposition
    if by and by in presence.columns:
        groups = presence.dropna(subset=[by])
        decomposition = information.decompose(groups, helices, by)
        label = _programme_label if by == "programme_part" else str
        shown = pd.DataFrame(
            {
                "events": decomposition["n"].to_numpy(),
                "events (%)": [_percent(x) for x in decomposition["share"]],
                "T_g (mbit)": [_mbit(x) for x in decomposition["T"]],
                "contribution (n_g/N) T_g (mbit)": [_mbit(x) for x in decomposition["contribution"]],
            },
            index=pd.Index([label(g) for g in decomposition.index], name=by.replace("_", " ")),
        )
        in_mbit = pd.DataFrame({"contribution": 1000 * decomposition["contribution"].to_numpy()}, index=shown.index)
        in_mbit.attrs = {"T": 1000 * decomposition.attrs["T"], "T0": 1000 * decomposition.attrs["T0"]}
        parts.append(
            _section(
                f"Synergy decomposed by {by.replace('_', ' ')}",
                _p(f"T = T0 + sum over groups of (n_g / N) T_g: each group's contribution, and the between-group term "
                   f"T0 = {_mbit(decomposition.attrs['T0'])} mbit"
                   + (" (a project in several programme parts counts in its first)." if by == "programme_part" else "."), "note"),
                f'<div class="figures"><figure>{_svg(static.decomposition_figure(in_mbit, unit="mbit", title=f"Contributions to T by {by}"))}</figure></div>',
                _table(shown),
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
            _table(_profile_summary(profile.head(10))),
        )
    )

    roles["between helices"] = roles["total"] - roles["coordinator"]
    names = pd.Series({n: G.nodes[n].get("name", n) for n in G.nodes}, name="name")
    leaders = roles.join(names).sort_values("between helices", ascending=False).head(10)
    leaders = leaders[["name", "helix", "between helices", "liaison", "itinerant", "representative", "gatekeeper", "coordinator"]]
    parts.append(
        _section(
            "Brokers between helices",
            _p("Gould-Fernandez brokerage roles: the two-paths i - j - k with no tie i - k that organisation j brokers, "
               "by the helices of i, j and k. 'Between helices' counts all roles but coordinator (all three of one helix).", "note"),
            _table(leaders),
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
