"""The report in headless Chromium: loads offline, no console error, the map inside draws."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import helixnet as hx

pytestmark = pytest.mark.browser

ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
XSS = '<img src=x onerror="window.__owned=1">'


@pytest.fixture(scope="module")
def report_path(tmp_path_factory):
    organisations, participations, events = hx.datasets.load_cordis_nl()
    tnode = organisations.index[organisations["name"].str.contains("TOEGEPAST", na=False)][0]
    organisations.loc[tnode, "name"] = XSS  # the strongest broker, so the name lands in the broker table
    path = tmp_path_factory.mktemp("report") / "report.html"
    page = hx.report(participations, organisations, events, path, title="Dutch <b>partners</b>", n_boot=50, progress=False)
    assert page.kind == "report"
    return path


def test_report_offline_without_errors(report_path):
    from playwright.sync_api import sync_playwright

    html = report_path.read_text(encoding="utf-8")
    assert XSS not in html.split("<iframe", 1)[0]  # escaped in the tables
    assert "&lt;img src=x" in html
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        errors: list[str] = []
        requests: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type in ("error", "warning") else None)
        page.on("pageerror", lambda e: errors.append(str(e)))

        def route(r):
            requests.append(r.request.url)
            r.continue_() if r.request.url == report_path.as_uri() else r.abort()

        page.route("**/*", route)
        page.goto(report_path.as_uri())
        assert page.title() == "Dutch <b>partners</b>"
        headings = page.locator("h2").all_inner_texts()
        # the page leads with the regional view, then the national figures
        assert headings[:5] == [
            "Synergy by province (NUTS-2)", "Synergy by NUTS-3 region",
            "Brainport Eindhoven (NL414 Zuidoost-Noord-Brabant) beside the Netherlands",
            "The data", "Synergy among the helices",
        ]
        assert {"The ecosystem map", "Clusters", "Brokers between helices"} <= set(headings)
        assert page.locator("svg").count() >= 5  # two regional, over time, Venn, decomposition
        # region codes shown with their names, in tables a reader sees
        provinces = page.locator("#regions-nuts2")
        assert provinces.is_visible()
        assert {"NL41 Noord-Brabant", "NL33 Zuid-Holland", "unplaced (partners without a region)"} <= set(
            provinces.locator("tbody th").all_inner_texts())
        assert "NL414 Zuidoost-Noord-Brabant" in page.locator("#regions-nuts3 tbody th").all_inner_texts()
        for table in ("#focus-mix", "#focus-synergy", "#focus-brokers", "#focus-ties"):
            assert page.locator(table).is_visible()
        assert "TECHNISCHE UNIVERSITEIT EINDHOVEN" in page.locator("#focus-brokers").inner_text()
        # one unit: every column of T, bands or Shapley values says mbit, and no other unit is printed
        text = page.locator("main").inner_text()
        assert not re.search(r"\b(bits?|nats?)\b", text)
        for header in page.locator("th").all_inner_texts():
            if header.endswith("(%)"):  # shares as percentages
                continue
            assert "share" not in header, header
            if re.search(r"\bT\b|T_g|band|CI|Shapley (value|SE)|entropy", header):
                assert "(mbit)" in header, header
        assert re.search(r"T here, -\d+\.\d\d mbit", text)
        assert XSS in page.locator("table").last.inner_text()  # shown as text
        # Chromium draws an iframe only once it is on screen, as a reader scrolls to it.
        page.locator("iframe").first.scroll_into_view_if_needed()
        map_frame = page.frames[1]
        # The map's Content Security Policy forbids eval, so poll rather than wait_for_function.
        for _ in range(300):
            if map_frame.evaluate("window.__helixnetReady") is not None:
                break
            page.wait_for_timeout(100)
        assert map_frame.evaluate("document.body.getAttribute('data-helixnet-ready')") == "1"
        assert page.evaluate("window.__owned") is None and map_frame.evaluate("window.__owned") is None
        # The map by place: every organisation with coordinates drawn, the others behind a check box.
        organisations = hx.datasets.load_cordis_nl().organisations
        participating = organisations[organisations["organisation"].isin(hx.datasets.load_cordis_nl().participations["organisation"])]
        placed = int(participating["latitude"].notna().sum())
        page.locator("iframe").nth(1).scroll_into_view_if_needed()
        geo_frame = page.frames[2]
        for _ in range(300):
            if geo_frame.evaluate("window.__helixnetReady") is not None:
                break
            page.wait_for_timeout(100)
        summary = geo_frame.evaluate("__helixnet.summary()")
        assert placed > 800 and summary["nodes"] == placed
        assert geo_frame.evaluate("__helixnet.drawnCounts()")["nodes"] == placed
        assert geo_frame.evaluate("__helixnet.data.filters.map(g => g.name)") == ["helix", "cluster", "ties", "place", "region"]
        assert geo_frame.evaluate("window.__owned") is None
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "report.png"), full_page=True)
        browser.close()
    assert errors == []
    assert requests == [report_path.as_uri()]
