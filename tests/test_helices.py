"""Tests for helixnet.helices: the helix classifier and its name rules."""

from __future__ import annotations

import csv
import functools
import gzip
import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import helixnet as hx

# The rule tests run the name rules alone (method="rules"); the name model and the combination
# have their own tests in test_helices_model.py.
classify_rules = functools.partial(hx.classify_names, method="rules")
classify_helix_rules = functools.partial(hx.classify_helix, method="rules")
from helixnet import helices
from helixnet.helices_data._ror import ror_record_decision
from helixnet.errors import HelixDataError
from helixnet.helices import normalise_name_for_rules

# --------------------------------------------------------------------------------------------
# An independent oracle for the name rules: every rule searched on the whole normalised name with
# explicit word boundaries, the lowest (priority, table row) wins. No buckets, no n-grams. The
# combination rules (hx.NAME_COMBINATIONS) come after the table rows (a single rule wins a tie);
# each of their word classes is searched pattern by pattern, with no word screening.
# --------------------------------------------------------------------------------------------


_ORACLE_CACHE: dict[tuple[int, bool], tuple] = {}


def _word_regex(pattern: str) -> re.Pattern:
    return re.compile(rf"(?<![A-Z0-9])(?:{pattern})(?![A-Z0-9])")


_CLASS_REGEXES = {name: [_word_regex(p) for p in patterns] for name, patterns in hx.NAME_WORD_CLASSES.items()}


_PORTUGUESE_FUNCTION_WORDS = {"DA", "DO", "DAS", "DOS", "PARA", "NA", "NAS", "NOS", "PELA", "PELO", "PELAS", "PELOS", "EM", "COM", "AO", "AOS"}


def brute_force(names: list[str], rules: pd.DataFrame = hx.NAME_RULES, abbreviations: bool = True) -> list[tuple[str, str]]:
    key = (id(rules), abbreviations)
    if key not in _ORACLE_CACHE:
        table = (rules if abbreviations else rules[rules["language"] != "wos"]).reset_index(drop=True)
        compiled = [_word_regex(p) for p in table["pattern"]]
        _ORACLE_CACHE[key] = (rules, compiled, table["priority"].tolist(), table["helix"].tolist(), table["rule"].tolist(),
                              table["language"].tolist())
    _, compiled, priority, helix, rule, language = _ORACLE_CACHE[key]
    combos = hx.NAME_COMBINATIONS
    ror_priority = json.loads((Path(helices.__file__).parent / "helices_data" / "name_rules.json").read_text())["priorities"]["ror"]
    out = []
    for text in normalise_name_for_rules(pd.Series(names, dtype=object)):
        best, best_key = None, None
        words = text.split()
        if _PORTUGUESE_FUNCTION_WORDS & set(words):  # "para as": the article, not the legal form AS
            words = [w for k, w in enumerate(words) if not (w == "AS" and 0 < k < len(words) - 1)]
        rule_text = " ".join(words)
        # brand rules match the first word, or the second after ROBERT or THE
        head = " ".join(words[:2]) if words[:1] in (["ROBERT"], ["THE"]) and len(words) > 1 else " ".join(words[:1])
        if text:
            for i, regex in enumerate(compiled):
                if (best is None or (priority[i], i) < best_key) and regex.search(head if language[i] == "brand" else rule_text):
                    best, best_key = (helix[i], rule[i]), (priority[i], i)
            for j, combo in enumerate(combos.itertuples(index=False)):
                candidate_key = (int(combo.priority), len(compiled) + j)
                if best is not None and candidate_key > best_key:
                    continue
                if all(any(r.search(rule_text) for r in _CLASS_REGEXES[c]) for c in combo.classes):
                    best, best_key = (combo.helix, combo.rule), candidate_key
        if best is not None and best[1].startswith("name:legal-form:") and _only_legal_forms(rule_text):
            best = ("unknown", "name:legal-form-only")
        if text in _ror_oracle_table() and (best is None or best_key[0] > ror_priority):
            # the ROR lookup: an exact name whose ROR records all give one helix
            decisions = [ror_record_decision(types, text) for types in _ror_oracle_table()[text].split("|")]
            if len({h for h, _ in decisions}) == 1 and decisions[0][0] is not None:
                best = (decisions[0][0], f"ror:{decisions[0][1]}")
        out.append(("unknown", "none") if best is None else best)
    return out


def _only_legal_forms(text: str) -> bool:
    """Whether nothing is left of a normalised name once every company legal form is cut out of it."""
    # "[A-Z0-9]+ AD": the Bulgarian AD after the firm's name; the form itself is AD
    forms = [_word_regex(p.removeprefix("[A-Z0-9]+ ")) for p in hx.NAME_WORD_CLASSES["company-legal-form"]]
    rest = text
    for regex in sorted(forms, key=lambda r: -len(r.pattern)):
        rest = regex.sub(" ", rest)
    return not rest.strip()


@functools.cache
def _ror_oracle_table() -> dict[str, str]:
    with gzip.open(Path(helices.__file__).parent / "helices_data" / "ror_names.csv.gz", "rt", encoding="ascii") as handle:
        return {row["name"]: row["types"] for row in csv.DictReader(handle)}


def names_of(result: pd.DataFrame) -> list[tuple[str, str]]:
    return list(zip(result["helix"], result["rule"]))


# --------------------------------------------------------------------------------------------
# Name rules per language
# --------------------------------------------------------------------------------------------

CASES = [
    # Dutch
    ("Universiteit Utrecht", "knowledge", "name:university(nl)"),
    ("Rijksuniversiteit Groningen", "knowledge", "name:university(nl)"),
    ("Hogeschool van Amsterdam", "knowledge", "name:university-of-applied-sciences(nl)"),
    ("Nederlandse Organisatie voor Toegepast Natuurwetenschappelijk Onderzoek TNO", "knowledge", "name:acronym:TNO"),
    # institutes of national research networks, whatever else the name says
    ("Sieć Badawcza Łukasiewicz - Instytut Nowych Technologii", "knowledge", "name:acronym:LUKASIEWICZ"),
    ("INESC Norte - Inovação e Serviços", "knowledge", "name:acronym:INESC"),
    ("Gemeente Eindhoven", "government", "name:municipality(nl)"),
    ("Provincie Noord-Brabant", "government", "name:region(many)"),
    ("Ministerie van Economische Zaken", "government", "name:ministry(nl)"),
    ("Philips Electronics Nederland B.V.", "industry", "name:legal-form:B.V."),
    ("Koninklijke KPN N.V.", "industry", "name:legal-form:N.V."),
    ("Koninklijke Nederlandse Vereniging", "civil", "name:association(many)"),
    ("Academisch Ziekenhuis Maastricht", "knowledge", "name:university-hospital"),
    # English
    ("University of Oxford", "knowledge", "name:university(en)"),
    ("Imperial College of Science, Technology and Medicine", "knowledge", "name:college(en)"),
    ("Ministry of Defence", "government", "name:ministry(en)"),
    ("Municipality of Athens", "government", "name:municipality(en)"),
    ("Kent County Council", "government", "name:municipality(en)"),
    ("Rolls-Royce PLC", "industry", "name:legal-form:PLC"),
    ("Acme Widgets Ltd", "industry", "name:legal-form:Ltd"),
    ("Acme Widgets Limited", "industry", "name:legal-form:Ltd"),
    ("Acme Inc.", "industry", "name:legal-form:Inc"),
    ("The Welding Institute", "knowledge", "name:institute(en)"),
    ("Medical Research Council", "government", "name:public-research-funder(en)"),
    ("Agence Nationale de la Recherche", "government", "name:national-agency(many)"),
    ("Norges forskningsråd", "government", "name:public-research-funder(many)"),
    ("Bulgarian National Science Fund", "government", "name:public-research-funder(en)"),
    ("Oklahoma Medical Research Foundation", "unknown", "name:research-funder(en)"),
    ("National Research Council", "unknown", "name:research-performing-council(en)"),
    ("Stadt Wien", "government", "name:municipality(de)"),
    ("Sodra Skogsagarna Ekonomisk Forening", "industry", "name:legal-form:ek. for."),
    ("Deutsche Wissenschaftliche Gesellschaft", "knowledge", "name:science(many)"),
    ("Gemeinnützige Forschungsinstitut GmbH", "unknown", "name:non-profit-company(many)"),
    ("International Water Association", "civil", "name:association(many)"),
    # German
    ("Technische Universität München", "knowledge", "name:university(de)"),
    ("Hochschule für Technik und Wirtschaft Berlin", "knowledge", "name:university-of-applied-sciences(de)"),
    ("Fachhochschule Burgenland GmbH", "knowledge", "name:university-of-applied-sciences(de)"),
    ("Fraunhofer-Gesellschaft zur Förderung der angewandten Forschung e.V.", "knowledge", "name:acronym:FRAUNHOFER"),
    ("Max-Planck-Gesellschaft zur Förderung der Wissenschaften e.V.", "knowledge", "name:acronym:MAX PLANCK"),
    ("Siemens Aktiengesellschaft", "industry", "name:legal-form:AG"),
    ("Robert Bosch GmbH", "industry", "name:legal-form:GmbH"),
    ("Infineon Technologies AG", "industry", "name:legal-form:AG"),
    ("Bundesministerium für Bildung und Forschung", "government", "name:ministry(de)"),
    ("Umweltbundesamt", "government", "name:agency(de)"),
    ("Landeshauptstadt München", "government", "name:municipality(de)"),
    ("Deutsches Zentrum für Luft- und Raumfahrt (DLR)", "knowledge", "name:acronym:DLR"),
    ("Forschungszentrum Jülich", "knowledge", "name:research(de)"),
    ("Industrie- und Handelskammer Dresden", "civil", "name:chamber(many)"),
    # Czech: institutes of the Academy of Sciences (AV CR, AS CR; REC in CORDIS), not joint-stock companies (AS)
    ("USTAV ORGANICKE CHEMIE A BIOCHEMIE, AV CR, V.V.I.", "knowledge", "name:acronym:AV CR"),
    ("Inst Phys AS CR", "knowledge", "name:acronym:AS CR"),
    ("Astronomicky ustav AVCR", "knowledge", "name:acronym:AVCR"),
    ("Skoda Auto AS", "industry", "name:legal-form:a.s."),
    ("Chambre de Commerce et d'Industrie de Région Occitanie", "civil", "name:chamber(many)"),
    # association legal forms (ISO 20275 ELF list) and membership bodies
    ("Türkiye Çevre Koruma Derneği", "civil", "name:association(elf:LYA0)"),
    ("Mittetulundusühing Eesti Loodusfoto", "civil", "name:association(elf:PRTB)"),
    ("Nordhafenin Luonto ry", "civil", "name:association(elf:UXEW)"),
    ("Suomen Luonnonsuojeluliitto ry", "civil", "name:federation(many)"),  # liitto (federation) and ry both say civil
    ("Česká společnost pro X, z.s.", "civil", "name:association(many)"),
    ("Latvijas Dabas Fonda biedrība", "civil", "name:association(many)"),
    ("Scottish Renewables Association Limited", "civil", "name:association-company"),
    ("Bayern Photonics Cluster GmbH", "civil", "name:association-company"),
    ("Glastonbury Music Festival Ltd", "civil", "name:festival(many)"),
    ("European Alliance for Mental Health", "civil", "name:forum-alliance(many)"),
    # government bodies
    ("Swedish Civil Contingencies Agency", "government", "name:agency(en)"),
    ("Agency for Science and Research Policy", "unknown", "name:research-funder(combination)"),
    ("Maa- ja Ruumiamet", "government", "name:agency(et)"),
    ("Statens Vegvesen", "government", "name:state-body(nordic)"),
    ("Statens Serum Institut", "knowledge", "name:institute(fr)"),
    ("Uppsala län", "government", "name:region(many)"),
    ("Landesarchiv Baden-Württemberg", "government", "name:national-archive-library(many)"),
    ("London Fire Brigade", "government", "name:police-defence(many)"),
    ("Hellenic Armed Forces", "government", "name:police-defence(many)"),
    ("Asian Development Bank", "government", "name:international-organisation(many)"),
    # French
    ("Université de Lyon", "knowledge", "name:university(fr)"),
    ("Centre National de la Recherche Scientifique CNRS", "knowledge", "name:acronym:CNRS"),
    ("Ministère de l'Économie", "government", "name:ministry(fr)"),
    ("Thales SA", "industry", "name:legal-form:S.A."),
    ("Thales S.A.", "industry", "name:legal-form:S.A."),
    ("Air Liquide S.A.S.", "industry", "name:legal-form:SAS"),
    ("Mairie de Paris", "government", "name:municipality(fr)"),
    ("Laboratoire National de Métrologie", "knowledge", "name:laboratory(many)"),
    ("Ecole Polytechnique", "knowledge", "name:polytechnic(fr)"),
    ("Ecole des Mines", "knowledge", "name:school(fr)"),
    ("Commission Européenne", "government", "name:commission(many)"),
    # Italian, Spanish, Portuguese
    ("Università degli Studi di Padova", "knowledge", "name:university(it)"),
    ("Politecnico di Milano", "knowledge", "name:polytechnic(it)"),
    ("Consiglio Nazionale delle Ricerche", "knowledge", "name:research(it)"),
    ("Comune di Milano", "government", "name:municipality(it)"),
    ("Leonardo S.p.A.", "industry", "name:legal-form:S.p.A."),
    ("Rossi S.r.l.", "industry", "name:legal-form:S.r.l."),
    ("Universidad Politécnica de Madrid", "knowledge", "name:university(es)"),
    ("Ayuntamiento de Valencia", "government", "name:municipality(es)"),
    ("Fundación Centro Tecnológico de Componentes", "knowledge", "name:technology-centre(many)"),
    ("Construcciones Pérez S.L.", "industry", "name:legal-form:S.L."),
    ("Agencia de Medio Ambiente", "government", "name:agency(es)"),
    ("Universidade de Lisboa", "knowledge", "name:university(pt)"),
    ("Câmara Municipal de Lisboa", "government", "name:municipality(pt)"),
    ("Direcção Regional de Agricultura do Sul", "government", "name:department(many)"),
    ("Inspecção-Geral das Actividades do Norte", "government", "name:office(many)"),
    ("Agrupamento de Escolas de Vila Nova", "knowledge", "name:secondary-school(many)"),
    ("Silva & Filhos Lda.", "industry", "name:legal-form:Lda"),
    # Polish, Czech, Hungarian, Nordic, Baltic, Greek
    ("Regionalna Dyrekcja Ochrony Środowiska w Nowym Mieście", "government", "name:department(many)"),
    ("Nowak Systemy Sp Zoo", "industry", "name:legal-form:Sp. z o.o."),
    ("Nowak Systemy Spółka Akcyjna", "industry", "name:legal-form:Sp. z o.o."),
    ("Pomorskie Voivodeship", "government", "name:region(many)"),
    ("Kolegium Nauk Społecznych", "knowledge", "name:college(pl)"),
    ("Verein zur Förderung von Fachhochschul-Studiengängen Nordstadt", "knowledge", "name:university-of-applied-sciences(de)"),
    ("Deutscher Volkshochschul-Verband e.V.", "civil", "name:association(many)"),
    ("Abwasserverband Nordtal", "government", "name:intermunicipal(many)"),
    ("Zweckverband Nahverkehr Nordstadt", "government", "name:intermunicipal(many)"),
    ("Landschaftsverband Nordland", "government", "name:intermunicipal(many)"),
    ("Kansallisarkisto", "government", "name:national-archive-library(many)"),
    ("Wojewódzka Inspekcja Transportu Drogowego", "government", "name:office(many)"),
    ("Politechnika Warszawska", "knowledge", "name:polytechnic(pl)"),
    ("Uniwersytet Jagielloński", "knowledge", "name:university(pl)"),
    ("Instytut Chemii", "knowledge", "name:institute(pl)"),
    ("Nowak Sp. z o.o.", "industry", "name:legal-form:Sp. z o.o."),
    ("Ministerstwo Cyfryzacji", "government", "name:ministry(pl)"),
    ("Univerzita Karlova", "knowledge", "name:university(cs)"),
    ("Novak s.r.o.", "industry", "name:legal-form:s.r.o."),
    ("Budapesti Műszaki és Gazdaságtudományi Egyetem", "knowledge", "name:university(hu)"),
    ("Ericsson AB", "industry", "name:legal-form:AB"),
    ("Kungliga Tekniska Högskolan", "knowledge", "name:university-of-applied-sciences(nordic)"),
    ("Chalmers Tekniska Hoegskola AB", "knowledge", "name:university-of-applied-sciences(nordic)"),
    ("Göteborgs Universitet", "knowledge", "name:university(nordic)"),
    ("Novo Nordisk A/S", "industry", "name:legal-form:a.s."),
    ("Københavns Kommune", "government", "name:municipality(nordic)"),
    ("Nokia Oyj", "industry", "name:legal-form:Oy"),
    ("Helsingin Yliopisto", "knowledge", "name:university(fi)"),
    ("Teknologian tutkimuskeskus VTT Oy", "knowledge", "name:acronym:VTT"),
    ("SINTEF AS", "knowledge", "name:acronym:SINTEF"),
    ("Tartu Ülikool", "knowledge", "name:university(et)"),
    ("Ethniko Kentro Erevnas", "knowledge", "name:research(el)"),
    ("Zagreb d.o.o.", "industry", "name:legal-form:d.o.o."),
    ("Acme Makine Sanayi ve Ticaret Anonim Şirketi", "industry", "name:legal-form:A.S.(tr)"),
    ("Papadopoulos & Sia O.E.", "industry", "name:legal-form:A.E."),
    ("Acme Symvouleftiki Etairia Periorismenis Efthinis", "industry", "name:legal-form:A.E."),
    ("Ontomatix AD", "industry", "name:legal-form:OOD"),
    ("Nordbygg Handelsbolag", "industry", "name:legal-form:AB"),
    ("Nordbygg KB", "industry", "name:legal-form:AB"),
    ("Saphyr SAGL", "industry", "name:legal-form:S.r.l."),
    ("Rokoko Sensors IVS", "industry", "name:legal-form:A/S"),
    ("Acme Korlatolt Felelossegutarsasag", "industry", "name:legal-form:Kft."),  # glued, as CORDIS has it
    ("Acme Saglik Ticaretlimited Sirketi", "industry", "name:legal-form:Ltd Sti"),
    ("Centro Hospitalar de Nenhures EPE", "government", "name:public-hospital"),  # EPE: Portuguese public entity
    # statutory boards are public bodies; university boards and research boards keep their rule
    ("Northshore Harbour Board", "government", "name:board(en)"),
    ("Board of Trustees of Northshore University", "knowledge", "name:university(en)"),
    ("Northshore Health Research Board", "unknown", "name:research-funder(en)"),
    ("Acme Circuit Boards", "unknown", "none"),
    # charitable trusts are civil; health and social care trusts and NHS hospital trusts are public bodies
    ("Northshore Wildlife Trust", "civil", "name:trust(en)"),
    ("Northshore Health and Social Care Trust", "government", "name:health-authority(many)"),
    ("Northshore Hospitals NHS Foundation Trust", "government", "name:public-hospital"),
    # German aid charities; Geburtshilfe (obstetrics) is no charity
    ("Nordhafener Krebshilfe e.V.", "civil", "name:aid-charity(de)"),
    ("Welthungerhilfe Landesbüro", "civil", "name:aid-charity(de)"),
    ("Praxis für Geburtshilfe", "unknown", "none"),
    # Web of Science "Invest" is Spanish/Portuguese research only with "Cient" or after "Ctr"
    ("Ctr Invest Nordhafen", "knowledge", "name:research(wos)"),
    ("Consejo Nordico Invest Cient", "knowledge", "name:research(wos)"),
    ("Invest in Nordhafen", "unknown", "none"),
    # research and science foundations in Web of Science form are funders too (undecided)
    ("Res Fdn Nordhafen", "unknown", "name:research-funder(en)"),
    ("Natl Sci Fdn", "government", "name:public-research-funder(wos)"),
    ("Deutsche Gesellschaft für Neurologie", "civil", "name:learned-society(de)"),
    ("Ove Arup & Partners", "industry", "name:industry-word(many)"),
    ("Regierungspräsidium Nordhafen", "government", "name:agency(de)"),
    ("Landratsamt Nordhafen", "government", "name:agency(de)"),
    ("Ehrenamt Nordhafen", "unknown", "none"),  # volunteering, not an office
    ("Obshtina Nordhafen", "government", "name:municipality(many)"),
    ("Nordhafeni Linnavalitsus", "government", "name:municipality(many)"),
    ("Vlaams Gewest", "government", "name:region(many)"),
    ("Stad Nordhafen", "government", "name:municipality(many)"),
    ("Nordhafenes Planosanas Regions", "government", "name:region(many)"),
    ("Nordhafen-Argo ERIC", "knowledge", "name:research-infrastructure(eu)"),
    ("Eric Nordhafen Centre", "unknown", "none"),  # Eric, a first name
    ("Nordhafen Hafrannsoknastofnun", "knowledge", "name:research(nordic)"),
    ("Koninklijke Sterrenwacht Nordhafen", "knowledge", "name:observatory(many)"),
    ("Proefstation Nordhafen", "knowledge", "name:research-station(en)"),
    ("Nordhafen Il Milli Egitim Mudurlugu", "government", "name:office(many)"),
    ("Partners In Health", "unknown", "name:partners-non-firm(en)"),
    ("Kings Hlth Partners", "unknown", "name:partners-non-firm(en)"),
    ("Deutsch Gesell Psychosomat Frauenheilkunde", "civil", "name:learned-society(wos)"),
    ("Deutsche Gesellschaft für Holzforschung", "knowledge", "name:research(de)"),  # a research word decides first
    ("Hlth Sci Fdn Nordhafen", "unknown", "name:research-funder(en)"),
    # charities and relief organisations; a charity hospital stays a hospital
    ("Nordhafen Relief Services", "civil", "name:non-profit(many)"),
    ("Caritas Nordhafen", "civil", "name:non-profit(many)"),
    ("Charity Hospital Nordhafen", "unknown", "name:hospital(en)"),  # a hospital's owner is not in its name
    # common misspellings of University in affiliation strings
    ("Nordhafen Univesity", "knowledge", "name:university(en)"),
    ("Univeristy of Nordhafen", "knowledge", "name:university(en)"),
    # Serbian/Bosnian associations and Greek cooperatives
    ("Udruzenje Nordhafen", "civil", "name:association(many)"),
    ("Agrotikos Synetairismos Nordhafen", "industry", "name:legal-form:cooperative"),
    # Finnish regional councils and ELY centres, other Finnish federations, German and Austrian states
    ("Pirkanmaan liitto", "government", "name:region(fi)"),
    ("Varsinais-Suomen liitto", "government", "name:region(fi)"),
    ("Kaakkois-Suomen ELY-keskus", "government", "name:region(fi)"),
    ("Nordhafenin Opettajien Liitto", "civil", "name:federation(many)"),
    ("Kuntaliitto", "civil", "name:federation(many)"),
    ("Land Niederösterreich", "government", "name:region(de)"),
    ("Land Rheinland-Pfalz", "government", "name:region(de)"),
    # Red Cross societies (also those of public law) and Misericordia charities; Polish enterprises
    ("Nordhafener Rotes Kreuz", "civil", "name:red-cross(many)"),
    ("Suomen Punainen Risti", "civil", "name:red-cross(many)"),
    ("Santa Casa da Misericórdia de Nordhafen", "civil", "name:red-cross(many)"),
    ("Miejskie Przedsiębiorstwo Komunikacyjne w Nordhafen", "industry", "name:company(pl)"),
    # joint municipal authorities, parishes and churches, societies, unions, professional orders, utilities
    ("Nordhafenin koulutuskuntayhtymä", "unknown", "none"),  # joint municipal authorities run colleges and hospitals too
    ("Nordhafenin ev.lut. seurakuntayhtymä", "civil", "name:church(many)"),
    ("Parafia Rzymskokatolicka w Nordhafen", "civil", "name:church(many)"),
    ("Suomen Nordhafen-Seura", "civil", "name:association(many)"),
    ("Związek Pracodawców Nordhafen", "civil", "name:federation(many)"),
    ("Związek Międzygminny Nordhafen", "government", "name:intermunicipal(many)"),
    ("Sindicato dos Professores de Nordhafen", "civil", "name:federation(many)"),
    ("Ordem dos Engenheiros", "civil", "name:chamber(many)"),
    ("Syndicat mixte de Nordhafen", "government", "name:intermunicipal(many)"),
    ("Stadtwerke Nordhafen", "industry", "name:municipal-utility(de)"),
    # Web of Science forms: societies, public services and surveys; the Italian societa is no society
    ("Nordhafen Canc Soc", "civil", "name:association(wos)"),
    ("Royal Soc Nordhafen", "civil", "name:association(wos)"),
    ("Nordhafen Natl Hlth Serv Trust", "government", "name:public-service(wos)"),
    ("Geol Survey Nordhafen", "government", "name:public-service(wos)"),
    ("Nordhafen Soc. Cons. a r.l.", "unknown", "name:societa(it)"),
    ("Nordhafen Soc. Coop. Agricola", "unknown", "name:societa(it)"),
    # military hospitals are government, a university hospital of the forces knowledge
    ("Nordhafen Armed Forces Gen Hosp", "government", "name:military-hospital"),
    ("Walter Reed Army Med Ctr", "government", "name:military-hospital"),
    ("Bundeswehrkrankenhaus Nordhafen", "government", "name:military-hospital"),
    ("Nordhafen Univ Hosp Mil", "knowledge", "name:university-hospital"),
    ("Nordhafen Army Medical University", "knowledge", "name:university(en)"),
    # nothing to go on
    ("Land Nordhafen", "unknown", "none"),  # "Land" alone is a word of many names
    ("Quorblex", "unknown", "none"),  # an invented name (Cofely, a firm, is in ROR)
    ("Stichting Natuur en Milieu", "unknown", "none"),
    ("Jan Jansen", "unknown", "none"),
]


@pytest.mark.parametrize("name, helix, rule", CASES)
def test_name_rules_by_language(name: str, helix: str, rule: str) -> None:
    result = classify_rules([name])
    assert (result["helix"].iat[0], result["rule"].iat[0]) == (helix, rule)


# Combination rules (hx.NAME_COMBINATIONS) and the priority changes that came with them. Made-up
# names of each kind.
COMBINATION_CASES = [
    # university and teaching hospitals are knowledge, also where a public body runs them (the
    # labelling guide); a public hospital without a university word is government, a private one undecided
    ("Centre Hospitalier Universitaire de Nulleville", "knowledge", "name:university-hospital"),
    ("Riverside Teaching Hospitals NHS Foundation Trust", "knowledge", "name:university-hospital"),
    ("Azienda Ospedaliero-Universitaria di Nullaterra", "knowledge", "name:university-hospital"),
    ("Riverside Hospitals NHS Foundation Trust", "government", "name:public-hospital"),
    ("Azienda Ospedaliera di Nullaterra", "government", "name:public-hospital"),
    ("Riverside Teaching Hosp NHS Trust", "knowledge", "name:university-hospital"),  # Web of Science forms too
    ("Ctr Hosp Nulleville", "government", "name:public-hospital"),
    ("Centre Hospitalier Privé de Nulleville", "unknown", "name:private-hospital"),
    ("Landeskrankenhaus Nordhafen", "government", "name:public-hospital"),
    ("SPZOZ Szpital Miejski w Nibylandii", "government", "name:public-hospital"),
    ("Penn State Nordhafen Med Ctr", "unknown", "name:hospital(wos)"),  # State: a university's, not the state's
    # a research institution with a company legal form: undecided
    ("Institut für Angewandte Akustik GmbH", "unknown", "name:research-institute-company"),
    ("Nordisk Havforskningsinstitutt AS", "unknown", "name:research-institute-company"),
    ("Svenska Materialinstitutet AB", "unknown", "name:research-institute-company"),
    ("Steiermark Forschungsgesellschaft m.b.H.", "unknown", "name:research-institute-company"),
    ("Centro de Investigación Marina S.L.", "unknown", "name:research-institute-company"),
    ("Acme Research Institute Ltd", "unknown", "name:research-institute-company"),
    ("Alpine Inst Technol GmbH", "unknown", "name:research-institute-company"),  # the Web of Science forms
    ("Alpine Res Forsch Gesell mbH", "unknown", "name:research-institute-company"),
    ("Alpine Res Ctr Pharmaceut Engn GmbH", "unknown", "name:research-institute-company"),
    # ... but a research word alone with a legal form is a firm, and research acronyms still decide
    ("Acme Research Ltd", "industry", "name:legal-form:Ltd"),
    ("Acme Forschung und Entwicklung GmbH", "industry", "name:legal-form:GmbH"),
    # CORDIS (python -m benchmarks rule_evidence --family legal-form, two halves of the countries): a legal form next to
    # a research word is PRC for 78 % / 85 %, next to a discipline 96 % / 100 %, next to an
    # industry word 99 % / 99 %; no word class next to a legal form reaches 90 % knowledge or not PRC
    ("Nordwind Research GmbH", "industry", "name:legal-form:GmbH"),
    ("Lakeside Centre for Applied Mathematics Ltd", "industry", "name:legal-form:Ltd"),
    ("Baltic Marine Engineering Services AB", "industry", "name:legal-form:AB"),
    ("Nordwind Research Institute GmbH", "unknown", "name:research-institute-company"),  # knowledge only 41 % / 27 %
    ("Helmholtz-Zentrum für Meeresforschung GmbH", "knowledge", "name:acronym:HELMHOLTZ"),
    # a university with a company legal form is a (private) university; its firms, foundations and
    # research companies, and schools with a legal form, stay undecided
    ("Alpine Private University GmbH", "knowledge", "name:university-with-legal-form"),
    ("Universidad Privada del Norte S.A.", "knowledge", "name:university-with-legal-form"),
    ("Midlands University Enterprises Limited", "unknown", "name:university-company"),
    ("Innovationsgesellschaft Technische Universität Nordstadt mbH", "unknown", "name:university-company"),
    ("Lakeside University Research Foundation Inc", "unknown", "name:university-company"),
    ("Lakeside University Press Ltd", "unknown", "name:university-company"),
    ("Lakeside Language School Ltd", "unknown", "name:university-company"),
    ("Fachhochschule Alpenland GmbH", "knowledge", "name:university-of-applied-sciences(de)"),
    ("FH Alpenland Gesellschaft mbH", "knowledge", "name:university-of-applied-sciences(de)"),
    ("Wyższa Szkoła Zarządzania w Nowym Mieście sp. z o.o.", "knowledge", "name:higher-school(pl)"),
    ("Nadmorska Szkoła Wyższa", "knowledge", "name:higher-school(pl)"),
    ("Cooperativa de Ensino Superior do Vale, CRL", "knowledge", "name:higher-education(pt)"),
    ("Alpenländische Forschungsförderungsgesellschaft mbH", "unknown", "name:research-funder-company"),
    # public bodies with a company legal form: regional development agencies are government,
    # energy agencies undecided (as without a legal form)
    ("Nordstadt Wirtschaftsförderung GmbH", "government", "name:development-agency-company"),
    ("Agencja Rozwoju Regionalnego Pomorze S.A.", "government", "name:development-agency-company"),
    ("Sociedad para el Desarrollo Regional de Nortelandia SA", "government", "name:development-agency-company"),
    ("Nordstadt Energy Agency Ltd", "unknown", "name:energy-agency"),
    ("Nordstadt Development Partners Ltd", "industry", "name:legal-form:Ltd"),
    # Spanish and Portuguese public institutes that run a public service; research institutes stay knowledge
    ("Instituto Regional de Fomento de Nortelandia", "government", "name:public-institute(es/pt)"),
    ("Instituto da Segurança Social do Norte", "government", "name:public-institute(es/pt)"),
    ("Instituto do Emprego e Formação Profissional da Serra", "government", "name:public-institute(es/pt)"),
    ("Instituto Nortenho de Oceanografia", "knowledge", "name:institute(es)"),
    # the Portuguese article "as" is no legal form AS; AS before or after a name is
    ("Autoridade Regional para as Condições do Trabalho", "government", "name:authority(many)"),
    ("Associação Nortenha para as Energias Renováveis", "civil", "name:association(many)"),
    ("AS Nordlys Telekom", "industry", "name:legal-form:a.s."),
    ("Fjordkraft Energi AS", "industry", "name:legal-form:a.s."),
    ("Kemi Ammattikorkeakoulu Oy", "knowledge", "name:university-of-applied-sciences(fi)"),
    ("University of Somewhere Higher Education Corporation", "knowledge", "name:higher-education(en)"),
    # public hospital bodies are government; other hospitals stay undecided
    ("Azienda Ospedaliera di Nordovest", "government", "name:public-hospital"),
    ("Somewhere General Hospital NHS Foundation Trust", "government", "name:public-hospital"),
    ("Sint Anna Ziekenhuis", "unknown", "name:hospital(nl)"),
    ("Acme Hospital Ltd", "industry", "name:legal-form:Ltd"),
    # ministries outrank universities and higher education
    ("Ministero dell'Università e della Ricerca", "government", "name:ministry(it)"),
    ("Ministry of Higher Education and Scientific Research", "government", "name:ministry(en)"),
    # a public body together with research: funder or performer, undecided
    ("Agenzia Regionale per la Ricerca", "unknown", "name:research-funder(combination)"),
    ("Styrelsen for Forskning og Uddannelse", "unknown", "name:research-funder(combination)"),
    ("Fonds zur Förderung der Forschung", "unknown", "name:research-funder(combination)"),
    ("Consiglio Nazionale delle Ricerche", "knowledge", "name:research(it)"),  # councils are not in the class
    # research and education networks
    ("Nordland Research and Education Network", "unknown", "name:research-network"),
    ("Rede Académica de Ensino", "unknown", "name:research-network"),
    # energy agencies
    ("Agencia Provincial de la Energía", "unknown", "name:energy-agency"),
    ("Energieagentur Nordland", "unknown", "name:energy-agency"),
    ("Agencia de Medio Ambiente", "government", "name:agency(es)"),
    # associations running a centre, non-profit foundations
    ("Proefcentrum voor de Sierteelt VZW", "unknown", "name:association-centre"),
    ("Association Centre Européen des Textiles", "unknown", "name:association-centre"),
    ("Fondazione Mario Rossi ONLUS", "unknown", "name:non-profit-foundation"),
    ("Association des Amis du Vin", "civil", "name:association(many)"),
    # a centre named after a discipline or a science field is a research centre (WoS forms too)
    ("Lakeside Centre for Applied Mathematics", "knowledge", "name:research-centre(discipline)"),
    ("Nordhafen Ctr Molec Med", "knowledge", "name:research-centre(discipline)"),
    ("Ctr Oceanog Nordhafen", "knowledge", "name:research-centre(science)"),
    ("Baltic Centre for Political Sciences", "knowledge", "name:research-centre(science)"),
    # ... but a science centre (a museum) or a science exchange centre is not
    ("Nordhafen Science Centre", "unknown", "none"),
    # CORDIS (python -m benchmarks rule_evidence --family institute, two halves of the countries):
    # "institute" is HES/REC for 83 % / 78 % of 337 / 391 names; next to "national" 86 % / 85 % of
    # 81; no word class or word next to it reaches 90 % PUB or not knowledge, so none flips it
    ("National Institute of Hydrology and Water Management", "knowledge", "name:institute(en)"),
    ("Institutul National de Cercetare-Dezvoltare pentru Fizica Pamantului", "knowledge", "name:institute(ro)"),
]


@pytest.mark.parametrize("name, helix, rule", COMBINATION_CASES)
def test_combination_rules(name: str, helix: str, rule: str) -> None:
    result = classify_rules([name])
    assert (result["helix"].iat[0], result["rule"].iat[0]) == (helix, rule)
    assert names_of(result) == brute_force([name])


def test_combination_table_is_consistent() -> None:
    combos = hx.NAME_COMBINATIONS
    assert list(combos.columns) == ["rule", "helix", "priority", "classes"]
    assert set(combos["helix"]) <= set(hx.helices.v.HELICES)
    for classes in combos["classes"]:
        assert len(classes) >= 2 and set(classes) <= set(hx.NAME_WORD_CLASSES)
    for patterns in hx.NAME_WORD_CLASSES.values():
        assert patterns
        for pattern in patterns:
            re.compile(pattern)
    # the company legal forms class is derived from the rule table
    legal = set(hx.NAME_RULES.loc[hx.NAME_RULES["rule"].str.startswith("name:legal-form:")
                                  & (hx.NAME_RULES["language"] != "wos"), "pattern"])
    assert set(hx.NAME_WORD_CLASSES["company-legal-form"]) <= legal


def test_rule_evidence_benchmark_families_name_existing_rules() -> None:
    from benchmarks.bench_rule_evidence import FAMILIES, alternative_share

    rules = pd.Series(pd.concat([hx.NAME_RULES["rule"], hx.NAME_COMBINATIONS["rule"]]).unique())
    for name, family in FAMILIES.items():
        assert family.selects(rules).any(), name
    assert set(rules[FAMILIES["institute"].selects(rules)]) >= {"name:institute(en)", "name:institute(it)"}
    assert not FAMILIES["institute"].selects(pd.Series(["name:research-institute-company"])).any()
    # the "not knowledge" share sums PRC, PUB and OTH once each (REC and HES share one column)
    row = pd.DataFrame({"PRC A": [0.1], "knowledge A": [0.6], "PUB A": [0.2], "OTH A": [0.1]})
    not_knowledge = dict(FAMILIES["institute"].alternatives)["not_knowledge"]
    assert alternative_share(row, not_knowledge, "A").iat[0] == pytest.approx(0.4)
    assert alternative_share(row, ("HES", "REC"), "A").iat[0] == pytest.approx(0.6)


def test_combinations_with_an_oth_activity_type_fall_back_to_civil() -> None:
    frame = pd.DataFrame({"name": ["Institut für Angewandte Akustik GmbH", "Fondazione Mario Rossi ONLUS"],
                          "activity_type": ["OTH", "REC"]})
    assert names_of(classify_helix_rules(frame)) == [("civil", "activityType:OTH"), ("knowledge", "activityType:REC")]


def test_fast_matcher_equals_brute_force_on_hand_cases() -> None:
    names = [c[0] for c in CASES + COMBINATION_CASES] + ["Co-operative Group", "UNIV CALIF BERKELEY", "Minist Hlth", "Natl Lab Bldg",
                                     "x y z", "", "   ", "ÆØÅ Ærø Kommune"]
    assert names_of(classify_rules(names)) == brute_force(names)
    assert names_of(classify_rules(names, abbreviations=False)) == brute_force(names, abbreviations=False)


def test_every_rule_alternative_is_cut_into_as_many_words_as_it_matches() -> None:
    # The matcher tries an alternative on word n-grams as long as its spaces say; a space inside a group
    # or an optional space ("AIDS ?HILFE", "(?!THE )X ERIC") would make it match nothing there.
    patterns = list(hx.NAME_RULES["pattern"]) + [p for ps in hx.NAME_WORD_CLASSES.values() for p in ps]
    alternatives = [a for p in patterns for a in helices._split_alternatives(p)]
    assert [a for a in alternatives if len(helices._top_level_words(a)) != a.count(" ") + 1] == []
    assert helices._top_level_words("(?!THE )[A-Z0-9]+ ERIC") == ["(?!THE )[A-Z0-9]+", "ERIC"]  # the check can fail


def test_fast_matcher_finds_every_multi_word_rule_amid_other_words() -> None:
    # The matcher builds word n-grams only where each word can stand at its place in some rule; every
    # plain multi-word alternative of the rules and word classes, between other words, must still be found.
    plain = re.compile(r"[A-Z0-9]+(?: [A-Z0-9]+)+")
    patterns = list(hx.NAME_RULES["pattern"]) + [p for ps in hx.NAME_WORD_CLASSES.values() for p in ps]
    phrases = sorted({a for p in patterns for a in helices._split_alternatives(p) if plain.fullmatch(a)})
    assert len(phrases) > 150
    names = [f"Zzz {phrase} Qqq" for phrase in phrases] + [f"{phrase} Tele" for phrase in phrases] + ["AIDSHILFE Wien", "Mat Sci Engn"]
    assert names_of(classify_rules(names)) == brute_force(names)


# --------------------------------------------------------------------------------------------
# Whole words, case and diacritics
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["COMMISSIONING SERVICE POINT", "Cofely", "Cosmo", "Gmbhx Works", "SASKIA", "Abba", "Bvba-like", "NVIDIA",
     "Spabad", "Limitedness", "Incubator Foo", "Universe Foo", "Stadtwerke"],
)
def test_rules_never_match_inside_words(name: str) -> None:
    result = classify_rules([name], abbreviations=False)
    rule = result["rule"].iat[0]
    for short in ("legal-form:Co", "legal-form:S.A.", "legal-form:SAS", "legal-form:AB", "legal-form:GmbH",
                  "legal-form:N.V.", "legal-form:S.p.A.", "legal-form:Ltd", "legal-form:Inc", "university",
                  "municipality(de)"):
        assert short not in rule, (name, rule)


def test_commission_is_not_co_and_co_is_a_legal_form() -> None:
    result = classify_rules(["EUROPEAN COMMISSION", "Tata & Co.", "Mitsubishi Co., Ltd.", "Cofely"])
    # Cofely: no legal form inside the word; the ROR lookup, after the rules, knows the firm.
    assert result["rule"].tolist() == ["name:commission(many)", "name:legal-form:Co", "name:legal-form:Ltd", "ror:company"]


@pytest.mark.parametrize(
    "variants",
    [
        ["Université de Lyon", "UNIVERSITE DE LYON", "université de lyon", "Universite de Lyon"],
        ["Technische Universität Berlin", "TECHNISCHE UNIVERSITAT BERLIN", "technische universität berlin"],
        ["Ministère de la Culture", "MINISTERE DE LA CULTURE", "ministère de la culture"],
        ["Łódź Sp. z o.o.", "LODZ SP. Z O.O.", "lodz sp z o o", "Lodz SP.Z O.O."],
        ["Københavns Kommune", "KOBENHAVNS KOMMUNE", "københavns kommune"],
    ],
)
def test_case_and_diacritics_do_not_matter(variants: list[str]) -> None:
    result = classify_rules(variants)
    assert result["rule"].nunique() == 1 and result["helix"].iat[0] != "unknown", result


def test_normalisation() -> None:
    names = pd.Series(["Philips B.V.", "A/S Foo", "Ges.m.b.H.", "Co-operative", "Straße", None, "Ærø"], index=list("abcdefg"))
    out = normalise_name_for_rules(names)
    assert out.index.tolist() == list("abcdefg")
    assert out.tolist() == ["PHILIPS BV", "AS FOO", "GES MBH", "COOPERATIVE", "STRASSE", None, "AERO"]


def test_web_of_science_abbreviations() -> None:
    names = ["Univ Calif Berkeley", "Max Planck Inst Biochem", "Chinese Acad Sci", "Minist Hlth", "Univ Hosp Zurich",
             "Lawrence Berkeley Natl Lab", "IBM Corp", "Dept Agr"]
    with_abbreviations = classify_rules(names)
    assert with_abbreviations["helix"].tolist() == ["knowledge", "knowledge", "knowledge", "government", "knowledge",
                                                    "knowledge", "industry", "government"]
    without = classify_rules(names, abbreviations=False)
    assert without["helix"].iat[0] == "unknown" and without["helix"].iat[3] == "unknown"


def test_web_of_science_public_body_abbreviations() -> None:
    names = ["Ohio Environm Protect Off", "Natl Bur Stand", "Hong Kong Airport Author", "Orange Cty Sanitat Dist",
             "City Toronto", "City Univ London", "Portland VA Med Ctr", "Univ VA", "Oak Ridge Natl Labs"]
    result = classify_rules(names)
    assert result["helix"].tolist() == ["government", "government", "government", "government",
                                        "government", "knowledge", "government", "knowledge", "knowledge"]
    assert result["rule"].iat[6] == "name:veterans-affairs(wos)" and result["rule"].iat[7] == "name:university(wos)"


# --------------------------------------------------------------------------------------------
# Precedence: override > activityType > NACE > OpenAlex > name
# --------------------------------------------------------------------------------------------


def _all_evidence() -> pd.DataFrame:
    return pd.DataFrame({
        "organisation": ["a", "b", "c", "d", "e", "f"],
        "name": ["Acme B.V."] * 6,
        "activity_type": ["HES", "HES", None, None, None, None],
        "nace": ["84.11", "84.11", "84.11", None, None, None],
        "openalex_type": ["nonprofit", "nonprofit", "nonprofit", "nonprofit", "other", None],
    })


def test_precedence() -> None:
    result = classify_helix_rules(_all_evidence(), overrides={"a": "civil"})
    assert names_of(result) == [
        ("civil", "override"),
        ("knowledge", "activityType:HES"),
        ("government", "nace:84.11"),
        ("civil", "openalex:nonprofit"),
        ("industry", "name:legal-form:B.V."),  # OpenAlex "other" decides nothing
        ("industry", "name:legal-form:B.V."),
    ]


def test_each_source_can_be_switched_off() -> None:
    frame = _all_evidence()
    result = classify_helix_rules(frame, activity_type=None, nace=None, openalex_type=None)
    assert set(result["rule"]) == {"name:legal-form:B.V."}
    result = classify_helix_rules(frame, name=None, activity_type=None, nace=None)
    assert result["rule"].tolist()[:4] == ["openalex:nonprofit"] * 4 and result["helix"].iat[5] == "unknown"


def test_cordis_activity_type_column_name_and_codes() -> None:
    frame = pd.DataFrame({"name": ["x", "y", "z", "w", "v"], "activityType": ["HES", "REC", "PRC", "PUB", " pub "]})
    result = classify_helix_rules(frame)
    assert result["helix"].tolist() == ["knowledge", "knowledge", "industry", "government", "government"]
    assert result["rule"].tolist()[:4] == ["activityType:HES", "activityType:REC", "activityType:PRC", "activityType:PUB"]


def test_oth_is_refined_by_name_but_never_to_industry() -> None:
    frame = pd.DataFrame({
        "name": ["Universiteit Twente", "Acme B.V.", "Nederlandse Vereniging X", "Gemeente Delft", "Stichting Y", None,
                 "Acme gGmbH"],
        "activity_type": ["OTH"] * 7,
    })
    result = classify_helix_rules(frame)
    assert names_of(result) == [
        ("knowledge", "activityType:OTH+name:university(nl)"),
        ("civil", "activityType:OTH"),
        ("civil", "activityType:OTH+name:association(many)"),
        ("government", "activityType:OTH+name:municipality(nl)"),
        ("civil", "activityType:OTH"),
        ("civil", "activityType:OTH"),
        ("civil", "activityType:OTH"),
    ]


@pytest.mark.parametrize(
    "code, helix, rule",
    [("85.42", "knowledge", "nace:85.42"), ("8542", "knowledge", "nace:85.42"), ("P85.42", "knowledge", "nace:85.42"),
     ("72.19", "knowledge", "nace:72.19"), ("72", "knowledge", "nace:72"), ("84.11", "government", "nace:84.11"),
     ("99.00", "government", "nace:99.00"), ("94.11", "civil", "nace:94.11"), ("88.10", "civil", "nace:88.10"),
     ("86.10", "knowledge", "nace:86.10"), ("86.21", "industry", "nace:86.21"), ("62.01", "industry", "nace:62.01"),
     ("01.11", "industry", "nace:01.11"), ("P", "knowledge", "nace:P"), ("o", "government", "nace:O"),
     ("C", "industry", "nace:C")],
)
def test_nace_codes(code: str, helix: str, rule: str) -> None:
    result = classify_helix_rules(pd.DataFrame({"name": ["zzz"], "nace": [code]}))
    assert (result["helix"].iat[0], result["rule"].iat[0]) == (helix, rule)


def test_nace_section_t_decides_nothing() -> None:
    result = classify_helix_rules(pd.DataFrame({"name": ["Acme GmbH"], "nace": ["97.00"]}))
    assert result["rule"].iat[0] == "name:legal-form:GmbH"


@pytest.mark.parametrize("kind", sorted(hx.OPENALEX_TYPE_HELIX))
def test_openalex_types(kind: str) -> None:
    result = classify_helix_rules(pd.DataFrame({"name": ["zzz"], "openalex_type": [kind.capitalize()]}))
    expected = hx.OPENALEX_TYPE_HELIX[kind]
    if expected is None:
        assert (result["helix"].iat[0], result["rule"].iat[0]) == ("unknown", "none")
    else:
        assert (result["helix"].iat[0], result["rule"].iat[0]) == (expected, f"openalex:{kind}")


def test_overrides_match_ids_as_strings_or_the_index() -> None:
    frame = pd.DataFrame({"organisation": ["00123", "7"], "name": ["Acme GmbH", "Acme GmbH"]})
    result = classify_helix_rules(frame, overrides=pd.Series({"00123": "knowledge"}))
    assert result["helix"].tolist() == ["knowledge", "industry"]
    indexed = pd.DataFrame({"name": ["Acme GmbH", "Foo"]}, index=[10, 11])
    result = classify_helix_rules(indexed, overrides={11: "government"})
    assert result.index.tolist() == [10, 11]
    assert names_of(result) == [("industry", "name:legal-form:GmbH"), ("government", "override")]


def test_result_is_indexed_like_the_input() -> None:
    frame = pd.DataFrame({"name": ["Universiteit Leiden", "Acme B.V.", None]}, index=["x", "y", "z"])
    result = classify_helix_rules(frame)
    assert result.index.equals(frame.index)
    assert list(result.columns) == ["helix", "rule", "confidence"]
    assert result.loc["z", ["helix", "rule"]].tolist() == ["unknown", "none"]
    assert np.isnan(result.loc["z", "confidence"])


# --------------------------------------------------------------------------------------------
# Rule table and summary
# --------------------------------------------------------------------------------------------


def test_rule_table_is_exported_and_extendable() -> None:
    assert {"rule", "helix", "priority", "pattern", "language"} <= set(hx.NAME_RULES.columns)
    assert set(hx.NAME_RULES["helix"]) <= set(hx.helices.v.HELICES)
    for pattern in hx.NAME_RULES["pattern"]:
        re.compile(pattern)
    extra = pd.DataFrame([{"rule": "name:kibbutz(he)", "helix": "civil", "priority": 1, "pattern": "KIBBUTZ",
                           "language": "he"}])
    rules = pd.concat([hx.NAME_RULES, extra], ignore_index=True)
    result = classify_rules(["Kibbutz Foo Ltd", "Acme Ltd"], rules=rules)
    assert names_of(result) == [("civil", "name:kibbutz(he)"), ("industry", "name:legal-form:Ltd")]
    assert names_of(result) == brute_force(["Kibbutz Foo Ltd", "Acme Ltd"], rules=rules)


def test_acronym_list_is_short() -> None:
    # 25 acronyms and names of national research organisations and networks of institutes, and the Czech
    # Academy of Sciences in four spellings (AS CR, ASCR, AV CR, AVCR): a deliberate list, not a list of
    # organisations' names.
    assert len(hx.RESEARCH_ORGANISATION_ACRONYMS) <= 29


def test_summary_counts() -> None:
    names = ["Utrecht University", "Leiden University", "Shell B.V.", "Foo", "Bar", "Gemeente Delft"]
    result = classify_rules(names)
    summary = hx.helix_rule_summary(result)
    expected = result.groupby(["rule", "helix"]).size()
    assert summary["count"].sum() == len(names)
    for (rule, helix), count in expected.items():
        row = summary.loc[rule]
        assert row["helix"] == helix and row["count"] == count
    assert summary["count"].is_monotonic_decreasing
    assert np.isclose(summary["share"].sum(), 1.0)
    by_source = hx.helix_rule_summary(classify_helix_rules(_all_evidence(), overrides={"a": "civil"}), by="source")
    assert by_source.groupby(level=0)["count"].sum().to_dict() == {"override": 1, "activityType": 1, "nace": 1,
                                                                   "openalex": 1, "name": 2}


# --------------------------------------------------------------------------------------------
# Bad input
# --------------------------------------------------------------------------------------------


def test_not_a_dataframe() -> None:
    with pytest.raises(HelixDataError, match="DataFrame"):
        classify_helix_rules(["Universiteit Utrecht"])


def test_empty() -> None:
    with pytest.raises(HelixDataError, match="empty"):
        classify_helix_rules(pd.DataFrame({"name": []}))


def test_missing_name_column() -> None:
    with pytest.raises(HelixDataError, match="'name'"):
        classify_helix_rules(pd.DataFrame({"title": ["x"]}))
    with pytest.raises(HelixDataError, match="'org_name'"):
        classify_helix_rules(pd.DataFrame({"name": ["x"]}), name="org_name")


def test_missing_explicit_optional_column() -> None:
    with pytest.raises(HelixDataError, match="'type'"):
        classify_helix_rules(pd.DataFrame({"name": ["x"]}), activity_type="type")


def test_unknown_override_label() -> None:
    frame = pd.DataFrame({"organisation": ["1"], "name": ["x"]})
    with pytest.raises(HelixDataError, match="'university'"):
        classify_helix_rules(frame, overrides={"1": "university"})


def test_override_id_not_in_table() -> None:
    frame = pd.DataFrame({"organisation": ["1"], "name": ["x"]})
    with pytest.raises(HelixDataError, match="'2'"):
        classify_helix_rules(frame, overrides={"2": "industry"})


def test_overrides_wrong_type() -> None:
    with pytest.raises(HelixDataError, match="dict or Series"):
        classify_helix_rules(pd.DataFrame({"name": ["x"]}), overrides=[("1", "industry")])


def test_unknown_activity_type() -> None:
    with pytest.raises(HelixDataError, match="'XYZ'"):
        classify_helix_rules(pd.DataFrame({"name": ["x", "y"], "activity_type": ["HES", "XYZ"]}))


def test_bad_nace_codes() -> None:
    with pytest.raises(HelixDataError, match="'banana'"):
        classify_helix_rules(pd.DataFrame({"name": ["x"], "nace": ["banana"]}))
    with pytest.raises(HelixDataError, match="'00.12'"):
        classify_helix_rules(pd.DataFrame({"name": ["x"], "nace": ["00.12"]}))


def test_unknown_openalex_type() -> None:
    with pytest.raises(HelixDataError, match="'school'"):
        classify_helix_rules(pd.DataFrame({"name": ["x"], "openalex_type": ["school"]}))


def test_bad_rule_tables() -> None:
    base = hx.NAME_RULES.head(3)
    with pytest.raises(HelixDataError, match="regular expression"):
        classify_rules(["x"], rules=pd.concat([base, base.head(1).assign(pattern="UNI(")]))
    with pytest.raises(HelixDataError, match="'academia'"):
        classify_rules(["x"], rules=base.assign(helix="academia"))
    with pytest.raises(HelixDataError, match="'pattern'"):
        classify_rules(["x"], rules=base.drop(columns="pattern"))
    with pytest.raises(HelixDataError, match="priority"):
        classify_rules(["x"], rules=base.assign(priority="high"))
    with pytest.raises(HelixDataError, match="DataFrame"):
        classify_rules(["x"], rules=[("a", "b")])


def test_summary_bad_input() -> None:
    with pytest.raises(HelixDataError, match="'rule'"):
        hx.helix_rule_summary(pd.DataFrame({"helix": ["knowledge"]}))
    with pytest.raises(HelixDataError, match="by"):
        hx.helix_rule_summary(classify_rules(["x"]), by="country")


# --------------------------------------------------------------------------------------------
# Properties on random names
# --------------------------------------------------------------------------------------------

VOCABULARY = ["Universiteit", "University", "of", "GmbH", "B.V.", "Gemeente", "Co", "COMMISSION", "Instituut",
              "Forschungsinstitut", "Sp.", "z", "o.o.", "Hospital", "City", "Council", "County", "Société", "Anonyme",
              "Ministère", "Asociación", "Covexa", "Ltd", "Univ", "Inst", "Ærø", "Müller", "A/S", "Research",
              "Foundation", "Agencia", "Nationale", "TNO", "Max", "Planck", "e.V.", "Stadt", "zzz", "-", "&", "Region",
              "Institute", "Forschungszentrum", "Centre", "Centro", "Association", "VZW", "Fondazione", "ONLUS", "Energía",
              "Agency", "NHS", "Trust", "Network", "Academic", "Fund", "Ministero", "Università", "AB", "AS", "Azienda"]

random_names = st.lists(st.sampled_from(VOCABULARY), min_size=0, max_size=7).map(" ".join)


@settings(max_examples=80, deadline=None)
@given(st.lists(random_names, min_size=1, max_size=25))
def test_fast_matcher_equals_brute_force(names: list[str]) -> None:
    assert names_of(classify_rules(names)) == brute_force(names)


@settings(max_examples=30, deadline=None)
@given(st.lists(random_names, min_size=1, max_size=12))
def test_each_name_is_classified_on_its_own(names: list[str]) -> None:
    together = names_of(classify_rules(names))
    alone = [names_of(classify_rules([name]))[0] for name in names]
    assert together == alone


@settings(max_examples=60, deadline=None)
@given(st.lists(random_names, min_size=1, max_size=25))
def test_case_does_not_matter(names: list[str]) -> None:
    assert names_of(classify_rules(names)) == names_of(classify_rules([n.lower() for n in names]))


# --------------------------------------------------------------------------------------------
# Real data: the bundled Dutch organisations
# --------------------------------------------------------------------------------------------


def test_name_rules_agree_with_cordis_on_bundled_dutch_organisations() -> None:
    organisations = hx.datasets.load_cordis_nl().organisations
    named = organisations[organisations["name"].notna()]
    truth = named["activity_type"].map({"HES": "knowledge", "REC": "knowledge", "PRC": "industry", "PUB": "government"})
    scored = truth.notna()
    result = classify_helix_rules(named[["organisation", "name"]])  # names only
    decided = scored & (result["helix"] != "unknown")
    # measured: 808 scored, 86.0 % decided, 99.0 % agreement (87.0 %, 98.7 % before the combination rules)
    assert scored.sum() >= 800
    assert decided.sum() / scored.sum() >= 0.85
    assert (result["helix"][decided] == truth[decided]).mean() >= 0.97
    # and the loader's own classification follows activityType first
    assert (organisations.loc[organisations["activity_type"] == "PRC", "rule"] == "activityType:PRC").all()


@pytest.mark.parametrize("name, helix", [
    # English words that public-body and civil rules know in another sense
    ("Creative Agency Brand Vision", "industry"), ("Talent Agency", "industry"), ("German Environment Agency", "government"),
    ("Wireless LAN Solutions", "industry"), ("Ostergotlands lan", "government"),
    ("Circuit Board Technologies", "industry"), ("Board Games Factory", "unknown"), ("The British Library Board", "government"),
    ("Off Grid Solar", "unknown"), ("Texas Gen Land Off", "government"),
    ("Author Solutions", "industry"), ("Singapore Land Author", "government"),
    ("CTY Logistics", "unknown"), ("Jefferson Cty West Virginia LEPC", "government"),
    ("VA Tech Wabag", "unknown"), ("Charles George VA Med Ctr", "government"),
    ("Smart Camera Systems", "industry"), ("Camera di Commercio di Milano", "civil"),
    ("Camera dei Deputati", "government"), ("Tweede Kamer der Staten-Generaal", "government"),
    ("AD Astra Rocket", "unknown"), ("Volt AD", "industry"),
])
def test_words_with_an_everyday_sense_decide_only_in_their_public_sense(name: str, helix: str) -> None:
    assert classify_rules([name])["helix"].iat[0] == helix
