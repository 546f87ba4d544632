"""Triple Helix synergy (T_uig) of the Dutch Horizon 2020 projects, with and without the "none" cell.

Each project is a record with three presence variables: is a Dutch knowledge organisation
(university, research organisation), a Dutch firm, a Dutch public body among its partners?
T_uig < 0 is synergy (reduction of uncertainty, in millibits). Projects whose Dutch partners are
none of the three (only civil-society or unknown organisations) form the "000" cell; whether they
count changes T, so both are shown.

Run: python examples/synergy_cordis_nl.py
"""

import helixnet as hx
from helixnet.datasets import load_cordis_nl

UIG = ["knowledge", "industry", "government"]

organisations, participations, events = load_cordis_nl(partners="nl")
projects = hx.presence_table(participations, organisations, attributes=["year"], events=events)
none = projects.attrs["none_count"]
with_none = projects
without_none = projects[projects[UIG].sum(axis=1) > 0]

print(f"{len(projects):,} projects; {none:,} have no Dutch knowledge, industry or government partner")
print(f"T_uig with the none cell:    {1000 * hx.mutual_information(with_none, UIG):9.2f} mbit  (n = {len(with_none):,})")
print(f"T_uig without the none cell: {1000 * hx.mutual_information(without_none, UIG):9.2f} mbit  (n = {len(without_none):,})")

ci = hx.mutual_information_ci(with_none, UIG, n_boot=1000, seed=1, progress=False)
print(f"95% bootstrap interval (with none): [{1000 * ci['lower']:.2f}, {1000 * ci['upper']:.2f}] mbit")

print("\nSynergy table (with the none cell):")
print(hx.synergy_table(with_none, UIG)[["size", "H_mbit", "T_mbit"]].round(2).to_string())

print("\nT_uig per project start year:")
by_year = hx.synergy_over_time(with_none, UIG, time="year").rename(columns={"T_mbit": "with none"})
by_year["without none"] = hx.synergy_over_time(without_none, UIG, time="year")["T_mbit"]
by_year["n without"] = hx.synergy_over_time(without_none, UIG, time="year")["n"]
print(by_year[["n", "with none", "n without", "without none"]].round(2).to_string())
