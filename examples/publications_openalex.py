"""From an OpenAlex export to Triple Helix measures.

Runs on the small OpenAlex file of the test data (tests/data/publications/openalex.json), or on
your own export: ``python examples/publications_openalex.py works.jsonl``. An OpenAlex export is a
JSON list of works, an API page ({"meta": ..., "results": [...]}) or JSON Lines (one work per
line); Web of Science and Scopus exports are read the same way (format="auto").
"""

from __future__ import annotations

import sys
from pathlib import Path

import helixnet as hx

DEFAULT = Path(__file__).resolve().parents[1] / "tests" / "data" / "publications" / "openalex.json"


def main(argv: list[str]) -> int:
    path = Path(argv[0]) if argv else DEFAULT
    organisations, participations, events = hx.read_publications(path)
    print(f"{len(events)} works, {len(organisations)} organisations, "
          f"{events.attrs['no_address']} work(s) without any address")

    # Each organisation's helix and the rule that decided it (OpenAlex type first, then the name).
    print(organisations[["organisation", "name", "helix", "rule"]].to_string(index=False))

    # Spelling variants merged into one organisation (edit and pass back with merges=...).
    merges = hx.name_merges(organisations)
    print(f"{len(merges)} merged spelling(s)")

    # Whole and fractional counting of the works per helix.
    whole = hx.helix_counts(participations, organisations, counting="whole")["papers"]
    fractional = hx.helix_counts(participations, organisations, counting="fractional")["papers"]
    print("papers per helix (whole | fractional):")
    for helix in whole.index:
        print(f"  {helix:<11} {whole[helix]:5.0f} | {fractional[helix]:6.2f}")

    # The seven Venn counts (works without an address fall into "none" when events are given).
    counts = hx.venn_counts(participations, organisations, events=events)
    print("Venn counts:", counts.to_dict())

    # Leydesdorff's T(U, I, G) on the presence table, without the "none" cell.
    table = hx.venn_table(counts.drop("none").to_dict(), none=0)
    T = hx.mutual_information(table, ["knowledge", "industry", "government"], weights="count")
    print(f"T_uig = {1000 * T:.1f} mbit (negative = synergy)")

    # The co-authorship graph with fractional counting (each work weighs the same).
    G = hx.collaboration_graph(participations, organisations, weighting="fractional")
    print(f"graph: {G.number_of_nodes()} organisations, {G.number_of_edges()} ties")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
