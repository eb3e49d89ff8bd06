"""Realistic Dutch government organisations for demos, seeding and benchmarks.

The list is mixed in a fixed order, so the first N organisations are always the same N
(seeding twice with the same count, or a larger one, creates nothing twice). Beyond the
real organisations the names repeat with a number, so any count can be asked for.
"""

from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from tenants.models import OrganisationKind
from tenants.validation import SLUG_MAX_LENGTH


@dataclass(frozen=True, slots=True)
class DemoOrganisation:
    name: str
    slug: str
    kind: str


# (name, short slug): ministries are known by their abbreviation.
_MINISTRIES = [
    ("Ministerie van Algemene Zaken", "az"),
    ("Ministerie van Binnenlandse Zaken en Koninkrijksrelaties", "bzk"),
    ("Ministerie van Buitenlandse Zaken", "bz"),
    ("Ministerie van Defensie", "defensie"),
    ("Ministerie van Economische Zaken", "ez"),
    ("Ministerie van Financiën", "financien"),
    ("Ministerie van Infrastructuur en Waterstaat", "ienw"),
    ("Ministerie van Justitie en Veiligheid", "jenv"),
    ("Ministerie van Landbouw, Visserij, Voedselzekerheid en Natuur", "lvvn"),
    ("Ministerie van Onderwijs, Cultuur en Wetenschap", "ocw"),
    ("Ministerie van Sociale Zaken en Werkgelegenheid", "szw"),
    ("Ministerie van Volksgezondheid, Welzijn en Sport", "vws"),
    ("Ministerie van Volkshuisvesting en Ruimtelijke Ordening", "vro"),
    ("Ministerie van Klimaat en Groene Groei", "kgg"),
]

_PROVINCES = """
Groningen, Fryslân, Drenthe, Overijssel, Flevoland, Gelderland, Utrecht, Noord-Holland,
Zuid-Holland, Zeeland, Noord-Brabant, Limburg
"""

_WATER_BOARDS = """
Noorderzijlvest, Wetterskip Fryslân, Hunze en Aa's, Drents Overijsselse Delta, Vechtstromen,
Vallei en Veluwe, Rijn en IJssel, Zuiderzeeland, Hoogheemraadschap De Stichtse Rijnlanden,
Amstel Gooi en Vecht, Hoogheemraadschap Hollands Noorderkwartier,
Hoogheemraadschap van Rijnland, Hoogheemraadschap van Delfland,
Hoogheemraadschap van Schieland en de Krimpenerwaard, Hollandse Delta, Rivierenland,
Scheldestromen, Brabantse Delta, De Dommel, Aa en Maas, Limburg
"""

_AGENCIES = """
Belastingdienst, Rijkswaterstaat, Dienst Uitvoering Onderwijs, UWV, Sociale Verzekeringsbank,
Centraal Bureau voor de Statistiek, Rijksdienst voor Ondernemend Nederland,
Immigratie- en Naturalisatiedienst, Kadaster, Rijksvastgoedbedrijf, Logius,
Rijksinstituut voor Volksgezondheid en Milieu, Nederlandse Voedsel- en Warenautoriteit,
Inspectie Leefomgeving en Transport, Dienst Justitiële Inrichtingen, Centraal Justitieel
Incassobureau, Rijksdienst voor het Cultureel Erfgoed, Nationaal Archief, Dienst ICT
Uitvoering, Koninklijke Marechaussee, Autoriteit Persoonsgegevens, Rijksdienst voor
Identiteitsgegevens, Dienst Wegverkeer, Staatsbosbeheer, KNMI, Centraal Orgaan opvang
asielzoekers
"""

_SAFETY_REGIONS = """
Groningen, Fryslân, Drenthe, IJsselland, Twente, Noord- en Oost-Gelderland, Gelderland-Midden,
Gelderland-Zuid, Utrecht, Noord-Holland Noord, Zaanstreek-Waterland, Kennemerland,
Amsterdam-Amstelland, Gooi en Vechtstreek, Haaglanden, Hollands Midden, Rotterdam-Rijnmond,
Zuid-Holland Zuid, Zeeland, Midden- en West-Brabant, Brabant-Noord, Brabant-Zuidoost,
Limburg-Noord, Zuid-Limburg, Flevoland
"""

_MUNICIPALITIES = """
Aa en Hunze, Aalsmeer, Aalten, Achtkarspelen, Alblasserdam, Albrandswaard, Alkmaar, Almelo,
Almere, Alphen aan den Rijn, Alphen-Chaam, Altena, Ameland, Amersfoort, Amstelveen, Amsterdam,
Apeldoorn, Arnhem, Assen, Asten, Baarle-Nassau, Baarn, Barendrecht, Barneveld, Beek,
Beekdaelen, Beesel, Berg en Dal, Bergeijk, Bergen (L), Bergen (NH), Bergen op Zoom,
Berkelland, Bernheze, Best, Beuningen, Beverwijk, Bladel, Blaricum, Bloemendaal, Bodegraven-
Reeuwijk, Boekel, Borger-Odoorn, Borne, Borsele, Boxtel, Breda, Bronckhorst, Brummen,
Brunssum, Bunnik, Bunschoten, Buren, Capelle aan den IJssel, Castricum, Coevorden, Cranendonck,
Culemborg, Dalfsen, Dantumadiel, De Bilt, De Fryske Marren, De Ronde Venen, De Wolden, Delft,
Den Helder, Deurne, Deventer, Diemen, Dijk en Waard, Dinkelland, Doesburg, Doetinchem,
Dongen, Dordrecht, Drechterland, Drimmelen, Dronten, Druten, Duiven, Echt-Susteren,
Edam-Volendam, Ede, Eemnes, Eemsdelta, Eersel, Eijsden-Margraten, Eindhoven, Elburg, Emmen,
Enkhuizen, Enschede, Epe, Ermelo, Etten-Leur, Geertruidenberg, Geldrop-Mierlo, Gemert-Bakel,
Gennep, Gilze en Rijen, Goeree-Overflakkee, Goes, Goirle, Gooise Meren, Gorinchem, Gouda,
Groningen, Gulpen-Wittem, Haaksbergen, Haarlem, Haarlemmermeer, Halderberge, Hardenberg,
Harderwijk, Hardinxveld-Giessendam, Harlingen, Hattem, Heemskerk, Heemstede, Heerde,
Heerenveen, Heerlen, Heeze-Leende, Heiloo, Hellendoorn, Helmond, Hendrik-Ido-Ambacht,
Hengelo, Heumen, Heusden, Hillegom, Hilvarenbeek, Hilversum, Hoeksche Waard, Hof van Twente,
Hollands Kroon, Hoogeveen, Hoorn, Horst aan de Maas, Houten, Huizen, Hulst, IJsselstein,
Kaag en Braassem, Kampen, Kapelle, Katwijk, Kerkrade, Koggenland, Krimpen aan den IJssel,
Krimpenerwaard, Laarbeek, Land van Cuijk, Landgraaf, Landsmeer, Lansingerland, Laren, Leeuwarden,
Leiden, Leiderdorp, Leidschendam-Voorburg, Lelystad, Leusden, Lingewaard, Lisse, Lochem,
Loon op Zand, Lopik, Losser, Maasdriel, Maasgouw, Maashorst, Maassluis, Maastricht, Medemblik,
Meerssen, Meierijstad, Meppel, Middelburg, Midden-Delfland, Midden-Drenthe, Midden-Groningen,
Molenlanden, Montferland, Montfoort, Mook en Middelaar, Neder-Betuwe, Nederweert, Nieuwegein,
Nieuwkoop, Nijkerk, Nijmegen, Nissewaard, Noardeast-Fryslân, Noord-Beveland, Noordenveld,
Noordoostpolder, Noordwijk, Nuenen, Nunspeet, Oegstgeest, Oirschot, Oisterwijk, Oldambt,
Oldebroek, Oldenzaal, Olst-Wijhe, Ommen, Oost Gelre, Oosterhout, Ooststellingwerf, Oostzaan,
Opmeer, Opsterland, Oss, Oude IJsselstreek, Ouder-Amstel, Oudewater, Overbetuwe, Papendrecht,
Peel en Maas, Pekela, Pijnacker-Nootdorp, Purmerend, Putten, Raalte, Reimerswaal, Renkum,
Renswoude, Reusel-De Mierden, Rheden, Rhenen, Ridderkerk, Rijssen-Holten, Rijswijk, Roerdalen,
Roermond, Roosendaal, Rotterdam, Rozendaal, Rucphen, Schagen, Scherpenzeel, Schiedam,
Schiermonnikoog, Schouwen-Duiveland, 's-Gravenhage, 's-Hertogenbosch, Simpelveld,
Sint-Michielsgestel, Sittard-Geleen, Sliedrecht, Sluis, Smallingerland, Soest, Someren,
Son en Breugel, Stadskanaal, Staphorst, Stede Broec, Steenbergen, Steenwijkerland, Stein,
Stichtse Vecht, Súdwest-Fryslân, Terneuzen, Terschelling, Texel, Teylingen, Tholen, Tiel,
Tilburg, Tubbergen, Twenterand, Tynaarlo, Uitgeest, Uithoorn, Urk, Utrecht, Utrechtse
Heuvelrug, Vaals, Valkenburg aan de Geul, Valkenswaard, Veendam, Veenendaal, Veere, Veldhoven,
Velsen, Venlo, Venray, Vijfheerenlanden, Vlaardingen, Vlieland, Vlissingen, Voerendaal,
Voorne aan Zee, Voorschoten, Voorst, Vught, Waadhoeke, Waalre, Waalwijk, Waddinxveen,
Wageningen, Wassenaar, Waterland, Weert, West Betuwe, West Maas en Waal, Westerkwartier,
Westerveld, Westervoort, Westerwolde, Westland, Weststellingwerf, Wierden, Wijchen,
Wijdemeren, Wijk bij Duurstede, Winterswijk, Woensdrecht, Woerden, Wormerland, Woudenberg,
Zaanstad, Zaltbommel, Zandvoort, Zeewolde, Zeist, Zevenaar, Zoetermeer, Zoeterwoude,
Zuidplas, Zundert, Zutphen, Zwartewaterland, Zwijndrecht, Zwolle
"""


def demo_organisations(count: int, *, prefix: str = "demo") -> list[DemoOrganisation]:
    """The first `count` demo organisations; slugs start with `prefix-` (none when empty)."""
    base = _mixed_organisations()
    chosen: list[DemoOrganisation] = []
    for index in range(count):
        round_, position = divmod(index, len(base))
        name, slug, kind = base[position]
        slug = f"{prefix}-{slug}" if prefix else slug
        if round_:
            name, slug = f"{name} {round_ + 1}", _fit(slug, f"-{round_ + 1}")
        chosen.append(DemoOrganisation(name=name, slug=_fit(slug), kind=kind))
    return chosen


@cache
def _mixed_organisations() -> list[tuple[str, str, str]]:
    entries: list[tuple[str, str, str]] = [
        (name, slug, OrganisationKind.MINISTRY) for name, slug in _MINISTRIES
    ]
    entries += [
        (f"Provincie {place}", f"provincie-{_slugify(place)}", OrganisationKind.PROVINCE)
        for place in _names(_PROVINCES)
    ]
    entries += [
        (
            _water_board_name(board),
            f"ws-{_slugify(_strip_board_prefix(board))}",
            OrganisationKind.WATER_BOARD,
        )
        for board in _names(_WATER_BOARDS)
    ]
    entries += [(name, _slugify(name), OrganisationKind.AGENCY) for name in _names(_AGENCIES)]
    entries += [
        (f"Veiligheidsregio {region}", f"vr-{_slugify(region)}", OrganisationKind.OTHER)
        for region in _names(_SAFETY_REGIONS)
    ]
    entries += [
        (f"Gemeente {place}", f"gemeente-{_slugify(place)}", OrganisationKind.MUNICIPALITY)
        for place in _names(_MUNICIPALITIES)
    ]
    # A fixed shuffle: any first N holds a realistic mix of kinds, and is stable.
    random.Random(2024).shuffle(entries)
    slugs = [slug for _name, slug, _kind in entries]
    assert len(slugs) == len(set(slugs)), "demo slugs must be unique"
    return entries


def _names(block: str) -> list[str]:
    # Names may be wrapped over lines; a line ending in "-" continues the same word.
    joined = re.sub(r"-\n", "-", block.strip()).replace("\n", " ")
    return [" ".join(name.split()) for name in joined.split(",") if name.strip()]


def _water_board_name(board: str) -> str:
    if board.startswith(("Hoogheemraadschap", "Wetterskip")):
        return board
    return f"Waterschap {board}"


def _strip_board_prefix(board: str) -> str:
    return re.sub(r"^(Hoogheemraadschap( van)?|Wetterskip) ", "", board)


def _slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def _fit(slug: str, ending: str = "") -> str:
    # Schema names and domain labels have limits; a cut must not end on a hyphen.
    return slug[: SLUG_MAX_LENGTH - len(ending)].rstrip("-") + ending


# --- groups ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DemoGroup:
    name: str
    slug: str
    description: str  # sanitised HTML, as the group services store it
    visibility: str
    join_policy: str
    # "nl" or "en": the language its name and description are written in. Groups have no
    # language field; the hub recognises the language from the text.
    language: str
    tags: tuple[str, ...]
    member_count: int
    days_since_activity: float


# (Dutch topic, English topic, tags): the tags are the topic's own words a searcher uses.
_GROUP_TOPICS = [
    ("Omgevingswet", "Environment and Planning Act", ("omgevingswet", "ruimte", "vergunningen")),
    (
        "Digitale toegankelijkheid",
        "Digital accessibility",
        ("toegankelijkheid", "wcag", "digitaal"),
    ),
    ("Klimaatadaptatie", "Climate adaptation", ("klimaat", "water", "hittestress")),
    ("Wijkteams", "Neighbourhood teams", ("sociaal domein", "wijk", "zorg")),
    ("Open data", "Open data", ("open data", "data", "transparantie")),
    ("Inkoop en aanbesteding", "Procurement", ("inkoop", "aanbesteding", "contracten")),
    ("Energietransitie", "Energy transition", ("energie", "klimaat", "warmtenet")),
    ("Informatiebeveiliging", "Information security", ("bio", "security", "privacy")),
    ("Jeugdzorg", "Youth care", ("jeugd", "zorg", "sociaal domein")),
    ("Mobiliteit", "Mobility", ("verkeer", "fiets", "openbaar vervoer")),
    ("Woningbouw", "Housing construction", ("wonen", "bouwen", "ruimte")),
    ("Participatie", "Citizen participation", ("participatie", "inwoners", "democratie")),
    ("Archiefbeheer", "Records management", ("archief", "informatiebeheer", "woo")),
    ("Dienstverlening", "Public service delivery", ("dienstverlening", "klantcontact")),
    ("Circulaire economie", "Circular economy", ("circulair", "afval", "grondstoffen")),
    ("Privacy en AVG", "Privacy and GDPR", ("privacy", "avg", "gegevens")),
    ("Waterkwaliteit", "Water quality", ("water", "natuur", "kaderrichtlijn water")),
    ("Dijkversterking", "Dyke reinforcement", ("water", "veiligheid", "dijken")),
    ("Stikstof", "Nitrogen", ("stikstof", "natuur", "landbouw")),
    ("Armoedebestrijding", "Poverty reduction", ("armoede", "schulden", "sociaal domein")),
    ("Arbeidsmarkt", "Labour market", ("werk", "arbeidsmarkt", "re-integratie")),
    ("Cultureel erfgoed", "Cultural heritage", ("erfgoed", "cultuur", "monumenten")),
    ("Onderwijshuisvesting", "School buildings", ("onderwijs", "gebouwen")),
    ("Openbare orde", "Public order", ("veiligheid", "handhaving", "openbare orde")),
    ("Crisisbeheersing", "Crisis management", ("veiligheid", "crisis", "oefenen")),
    ("Wet open overheid", "Open Government Act", ("woo", "transparantie", "informatiebeheer")),
    ("Kunstmatige intelligentie", "Artificial intelligence", ("ai", "algoritmes", "data")),
    ("Common Ground", "Common Ground", ("architectuur", "api", "digitaal")),
    ("Duurzaam inkopen", "Sustainable procurement", ("inkoop", "duurzaamheid", "circulair")),
    ("Gezondheid en preventie", "Health and prevention", ("gezondheid", "preventie", "ggd")),
    ("Asiel en integratie", "Asylum and integration", ("integratie", "inburgering", "opvang")),
    ("Ondermijning", "Organised crime", ("veiligheid", "ondermijning", "handhaving")),
    ("Hybride werken", "Hybrid working", ("werk", "organisatie", "digitaal")),
    ("Biodiversiteit", "Biodiversity", ("natuur", "groen", "biodiversiteit")),
    ("Laadinfrastructuur", "EV charging", ("mobiliteit", "energie", "laadpalen")),
    ("Vergunningverlening", "Permits and licensing", ("vergunningen", "handhaving", "vth")),
]

_DUTCH_FORMS = (
    "Werkgroep {topic}", "Kennisnetwerk {topic}", "Platform {topic}", "{topic}",
    "Netwerk {topic}", "Leergemeenschap {topic}", "Programma {topic}", "Overleg {topic}",
    "Projectteam {topic}", "Community {topic}", "{topic} in de praktijk", "Vakgroep {topic}",
)  # fmt: skip
_ENGLISH_FORMS = (
    "{topic} working group", "{topic} network", "Community of practice: {topic}", "{topic}",
    "{topic} forum", "{topic} knowledge exchange", "{topic} programme", "{topic} peer group",
)  # fmt: skip
_DUTCH_PLACES = ("regio Noord", "regio Zuid", "de Randstad", "het platteland", "de binnenstad")
_ENGLISH_AUDIENCES = ("policy advisers", "project leaders", "data specialists", "managers")
_DUTCH_DESCRIPTIONS = (
    "Wij delen ervaringen en goede voorbeelden over {topic} en helpen elkaar verder.",
    "Voor beleidsmakers en uitvoerders die met {topic} aan de slag zijn in {place}.",
    "Een plek om vragen te stellen, documenten te delen en samen op te trekken rond {topic}.",
    "Maandelijks overleg over {topic}: nieuws, wetgeving en praktijkvoorbeelden.",
)
_ENGLISH_DESCRIPTIONS = (
    "We share experiences and good practice on {topic} and help each other move forward.",
    "For {audience} working on {topic} across government.",
    "A place to ask questions, share documents and work together on {topic}.",
    "A monthly meeting on {topic}: news, legislation and examples from practice.",
)
# (cumulative share, (visibility, join policy)): a majority public, some closed or secret.
_GROUP_KINDS = (
    (0.55, ("public", "open")),
    (0.70, ("public", "request")),
    (0.85, ("closed", "request")),
    (1.01, ("secret", "invitation")),
)
_EXTRA_TAGS = ("samenwerking", "kennisdeling", "pilot", "beleid", "uitvoering", "innovatie")


def demo_groups(count: int, *, organisation_slug: str) -> list[DemoGroup]:
    """The first `count` demo groups of one organisation, the same for every call.

    Each group comes from a random generator seeded with the organisation and the group's
    position, so a larger count keeps the groups of a smaller one (seeding is idempotent
    by slug). Sizes and activity are skewed like real platforms: most groups are small
    and quiet, a few are large and busy (a Pareto and an exponential distribution).
    """
    groups: list[DemoGroup] = []
    slugs: set[str] = set()
    for index in range(count):
        rng = random.Random(f"{organisation_slug}:{index}")
        dutch_topic, english_topic, topic_tags = rng.choice(_GROUP_TOPICS)
        language = "nl" if rng.random() < 0.75 else "en"
        if language == "nl":
            name = rng.choice(_DUTCH_FORMS).format(topic=dutch_topic)
            description = rng.choice(_DUTCH_DESCRIPTIONS).format(
                topic=dutch_topic.lower(), place=rng.choice(_DUTCH_PLACES)
            )
        else:
            name = rng.choice(_ENGLISH_FORMS).format(topic=english_topic)
            description = rng.choice(_ENGLISH_DESCRIPTIONS).format(
                topic=english_topic.lower(), audience=rng.choice(_ENGLISH_AUDIENCES)
            )
        slug = _slugify(name)[:70].rstrip("-")
        if slug in slugs:
            slug = f"{slug}-{index + 1}"
        slugs.add(slug)
        roll = rng.random()
        visibility, join_policy = next(kind for share, kind in _GROUP_KINDS if roll < share)
        tags = {*rng.sample(topic_tags, k=rng.randint(1, len(topic_tags)))}
        if rng.random() < 0.3:
            tags.add(rng.choice(_EXTRA_TAGS))
        groups.append(
            DemoGroup(
                name=name,
                slug=slug,
                description=f"<p>{description}</p>",
                visibility=visibility,
                join_policy=join_policy,
                language=language,
                tags=tuple(sorted(tags)),
                member_count=min(5000, int(rng.paretovariate(1.2) * 3) - 2),
                days_since_activity=min(730.0, rng.expovariate(1 / 45)),
            )
        )
    return groups
