"""The docstrings of the public API: numpydoc sections, one reference style, no dangling names.

For every function and class of ``helixnet.__all__``: a Parameters section when it takes an
argument (that names every argument), a Returns section (functions), an Examples section with a
doctest (the doctests themselves run with ``python -m pytest helixnet``), and references in the
one numpydoc style ``.. [1] Author, "Title", Journal vol (year) pages.``. Every ``helixnet.X``
written in the package's text or in docs/*.md must exist.
"""

from __future__ import annotations

import importlib
import inspect
import re
from pathlib import Path

import pytest

import helixnet

ROOT = Path(__file__).resolve().parents[1]

PUBLIC = sorted(
    name for name in helixnet.__all__ if inspect.isfunction(getattr(helixnet, name)) or inspect.isclass(getattr(helixnet, name))
)

_SECTION = re.compile(r"^([A-Z][A-Za-z ]+)\n-{3,}[ \t]*$", re.M)


def _sections(doc: str) -> dict[str, str]:
    """numpydoc sections of a (dedented) docstring: title -> body."""
    heads = list(_SECTION.finditer(doc))
    return {m.group(1): doc[m.end(): heads[i + 1].start() if i + 1 < len(heads) else len(doc)] for i, m in enumerate(heads)}


def _arguments(obj) -> list[str]:
    """The arguments a user passes: a class's own constructor's, a function's (no self, no *args/**kwargs)."""
    if inspect.isclass(obj):
        init = obj.__dict__.get("__init__")
        if init is None and not hasattr(obj, "_fields"):  # exceptions and classes using an inherited constructor
            return []
        target = init if init is not None else obj
    else:
        target = obj
    kinds = (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD)
    return [p.name for p in inspect.signature(target).parameters.values() if p.name != "self" and p.kind not in kinds]


def _documented(section: str) -> set[str]:
    """Names in the lines ``name : type`` / ``a, b : type`` / ``name`` of a Parameters section."""
    names: set[str] = set()
    for line in section.splitlines():
        if line and not line[0].isspace():
            names.update(n.strip().lstrip("*") for n in line.split(" : ")[0].split(","))
    return names


def test_the_public_api_is_large_enough_to_mean_something():
    assert len(PUBLIC) >= 60


@pytest.mark.parametrize("name", PUBLIC)
def test_numpydoc_sections(name):
    obj = getattr(helixnet, name)
    doc = inspect.getdoc(obj) or ""
    sections = _sections(doc)
    problems = []
    arguments = _arguments(obj)
    # the fields of a result class (a NamedTuple or dataclass) are its Attributes
    given = sections.get("Parameters", sections.get("Attributes") if inspect.isclass(obj) else None)
    if arguments and given is None:
        problems.append("no Parameters section")
    elif arguments:
        undocumented = [a for a in arguments if a not in _documented(given)]
        if undocumented:
            problems.append(f"Parameters does not name {undocumented}")
    if inspect.isfunction(obj) and "Returns" not in sections and "Yields" not in sections:
        problems.append("no Returns section")
    if ">>>" not in sections.get("Examples", ""):
        problems.append("no Examples section with a doctest")
    assert not problems, f"helixnet.{name}: {'; '.join(problems)}"


def _all_docstrings():
    for path in sorted((ROOT / "helixnet").rglob("*.py")):
        module_name = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        yield module_name, path.read_text(encoding="utf-8")


_YEAR = r"\((?:1[89]|20)\d\d\)"


def _one_style(entry: str) -> bool:
    """``.. [n] Author, "Title", Journal vol (year) pages.`` (a book: ``Author, Title, Publisher
    (year).``; a web page: ``Name, https://...``): numbered, the year in parentheses after the
    source, not after the authors ("Leydesdorff, L. (2003). Title") nor at the end (", 2003.")."""
    return bool(
        re.match(r"\.\. \[\d+\] \S", entry)
        and (re.search(_YEAR, entry) or re.search(r"https?://\S+$", entry))
        and not re.search(_YEAR + r"\. [A-Z]", entry)
        and not re.search(r", (?:1[89]|20)\d\d\.?$", entry)
    )


def test_the_reference_style_check_tells_styles_apart():
    assert _one_style('.. [1] M. E. J. Newman, "Mixing patterns in networks", Physical Review E 67 (2003) 026126.')
    assert _one_style(".. [1] H. Theil, Statistical Decomposition Analysis, North-Holland (1972).")
    assert _one_style(".. [1] vis-network, https://visjs.github.io/vis-network/docs/network/")
    assert not _one_style("Newman, M. E. J. (2001). Scientific collaboration networks. Physical Review E 64, 016132.")
    assert not _one_style(".. [1] Leydesdorff, L. (2003). The mutual information. Scientometrics 58(2), 445-467.")
    assert not _one_style('.. [1] M. E. J. Newman, "Mixing patterns in networks", Physical Review E 67, 026126, 2003.')


def test_references_in_one_style():
    """Every entry of a References section is a numbered ``.. [n]`` entry with the year in parentheses."""
    bad = []
    for module_name, text in _all_docstrings():
        for match in re.finditer(r"^( *)References\n\1-{3,}\n(.*?)(?=\n\s*\n|\n\1[A-Z][a-z]+\n\1---|\n *\"\"\"|\Z)", text, re.M | re.S):
            indent = len(match.group(1))
            entries: list[str] = []
            for line in match.group(2).splitlines():
                line = line[indent:]
                if line.startswith(".. ["):
                    entries.append(line)
                elif entries and line.startswith("   "):
                    entries[-1] += " " + line.strip()
                else:
                    entries.append(line)  # an entry not in the numbered style
            bad += [f"{module_name}: {entry[:90]}" for entry in entries if not _one_style(entry)]
    assert not bad, "references not in the style '.. [1] Author, \"Title\", Journal vol (year) pages.':\n" + "\n".join(bad)


def _resolve(dotted: str) -> bool:
    obj, path = helixnet, "helixnet"
    for part in dotted.split("."):
        if "*" in part:  # helixnet.read_* : at least one such name
            pattern = re.compile(re.escape(part).replace(r"\*", r"\w*") + r"\Z")
            return any(pattern.match(n) for n in dir(obj))
        if hasattr(obj, part):
            obj, path = getattr(obj, part), f"{path}.{part}"
            continue
        try:
            obj, path = importlib.import_module(f"{path}.{part}"), f"{path}.{part}"
        except ImportError:
            return False
    return True


_NAMED = re.compile(r"(?<![\w.])(?:helixnet|hx)((?:\.[A-Za-z_][\w*]*)+)")


def _named_in(text: str) -> set[str]:
    return {m.group(1)[1:] for m in _NAMED.finditer(text)}


def test_the_resolver_tells_names_apart():
    assert _resolve("presence_table") and _resolve("viz.static.venn_figure") and _resolve("read_*")
    assert not _resolve("centralities") and not _resolve("viz.nothing_here")
    assert _named_in("see ``helixnet.centrality(G)``, hx.venn_table. window.__helixnet.summary()") == {"centrality", "venn_table"}


def test_every_helixnet_name_in_the_package_and_docs_exists():
    sources = [(m, t) for m, t in _all_docstrings()]
    sources += [(str(p.relative_to(ROOT)), p.read_text(encoding="utf-8")) for p in sorted((ROOT / "docs").glob("*.md"))]
    sources.append(("README.md", (ROOT / "README.md").read_text(encoding="utf-8")))
    missing = sorted({f"{where}: helixnet.{name}" for where, text in sources for name in _named_in(text) if not _resolve(name)})
    assert not missing, "names that do not exist:\n" + "\n".join(missing)
