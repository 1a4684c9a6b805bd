"""The controlled vocabularies of the canonical inventory format (SPEC section 3).

This module is the single source of truth for every coded field: validation, import
matching, UI labels, sidebar filters, the XLSX template's drop-down lists and the
codebook are all derived from ``VOCABULARIES``. Adding a code here is enough for it to
be accepted on import, offered as a filter and documented.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

LANGS = ("fr", "nl", "en")


@dataclass(frozen=True)
class Term:
    code: str
    fr: str
    nl: str
    en: str
    aliases: tuple[str, ...] = ()

    def label(self, lang: str) -> str:
        return getattr(self, lang if lang in LANGS else "en")


@dataclass(frozen=True)
class Vocabulary:
    field: str
    terms: tuple[Term, ...]
    multi: bool = False
    ordered: bool = False

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(t.code for t in self.terms)

    def label(self, code: str, lang: str) -> str:
        for term in self.terms:
            if term.code == code:
                return term.label(lang)
        return str(code)

    def labels(self, lang: str) -> dict[str, str]:
        return {t.code: t.label(lang) for t in self.terms}


def normalise_token(text: str) -> str:
    """Case-, accent-, space- and punctuation-insensitive key used to match input values."""
    decomposed = unicodedata.normalize("NFKD", str(text))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return "".join(ch for ch in stripped.lower() if ch.isalnum())


def _v(field: str, *terms: tuple, multi: bool = False, ordered: bool = False) -> Vocabulary:
    return Vocabulary(field, tuple(Term(*t) for t in terms), multi=multi, ordered=ordered)


VOCABULARIES: dict[str, Vocabulary] = {
    v.field: v
    for v in (
        _v(
            "organiser_level",
            ("communal", "Communal", "Gemeentelijk", "Communal", ("commune", "cpas", "ocmw", "gemeente")),
            ("regional", "Régional", "Gewestelijk", "Regional", ("region", "gewest", "parlement")),
            ("community", "Communautaire", "Gemeenschap", "Community", ("cocof", "vgc", "cocom", "ggc")),
            ("other", "Autre", "Andere", "Other"),
        ),
        _v(
            "perimeter",
            ("neighbourhood", "Quartier", "Wijk", "Neighbourhood", ("neighborhood",)),
            ("commune", "Commune", "Gemeente", "Commune", ("municipality",)),
            ("multi_commune", "Plusieurs communes", "Meerdere gemeenten", "Several communes", ("multicommunes",)),
            ("region", "Région", "Gewest", "Region", ("regional", "regionwide")),
        ),
        _v(
            "themes",
            (
                "urban_planning",
                "Aménagement du territoire, espace public, quartier",
                "Ruimtelijke ordening, openbare ruimte, wijk",
                "Urban planning, public space, neighbourhood",
                (
                    "amenagementduterritoire",
                    "ruimtelijkeordening",
                    "urbanisme",
                    "stedenbouw",
                    "espacepublic",
                    "openbareruimte",
                ),
            ),
            ("mobility", "Mobilité", "Mobiliteit", "Mobility"),
            (
                "environment_climate",
                "Environnement et climat",
                "Milieu en klimaat",
                "Environment and climate",
                ("environnement", "milieu", "climat", "klimaat", "environment", "climate"),
            ),
            ("housing", "Logement", "Huisvesting", "Housing", ("wonen",)),
            (
                "social_health",
                "Social et santé",
                "Welzijn en gezondheid",
                "Social affairs and health",
                ("social", "sante", "gezondheid", "welzijn", "health"),
            ),
            (
                "culture_sport_leisure",
                "Culture, sport et loisirs",
                "Cultuur, sport en vrije tijd",
                "Culture, sport and leisure",
                ("culture", "cultuur", "sport"),
            ),
            (
                "education_youth",
                "Enseignement et jeunesse",
                "Onderwijs en jeugd",
                "Education and youth",
                ("jeunesse", "jeugd", "onderwijs", "education"),
            ),
            (
                "economy_employment",
                "Économie et emploi",
                "Economie en werk",
                "Economy and employment",
                ("economie", "emploi", "werk", "economy"),
            ),
            (
                "security_cleanliness",
                "Sécurité et propreté",
                "Veiligheid en netheid",
                "Safety and cleanliness",
                ("securite", "proprete", "veiligheid", "netheid"),
            ),
            (
                "governance_democracy",
                "Gouvernance et démocratie",
                "Bestuur en democratie",
                "Governance and democracy",
                ("democratie", "democracy", "bestuur", "gouvernance"),
            ),
            (
                "inclusion_diversity",
                "Inclusion et diversité",
                "Inclusie en diversiteit",
                "Inclusion and diversity",
                ("inclusion", "inclusie", "diversite", "diversiteit"),
            ),
            ("other", "Autre", "Andere", "Other"),
            multi=True,
        ),
        _v(
            "participation_level",
            ("information", "Information", "Informatie", "Information"),
            ("consultation", "Consultation", "Consultatie", "Consultation", ("overleg", "raadpleging")),
            (
                "co_construction",
                "Co-construction",
                "Co-creatie",
                "Co-construction",
                ("cocreatie", "coproduction", "coproductie"),
            ),
            ("co_decision", "Co-décision", "Medebeslissing", "Co-decision", ("codecision", "cobeslissing")),
            ordered=True,
        ),
        _v(
            "selection",
            (
                "open",
                "Appel ouvert",
                "Open oproep",
                "Open call",
                ("volontaires", "vrijwilligers", "volunteers", "appelouvert"),
            ),
            ("sortition", "Tirage au sort", "Loting", "Sortition", ("tirageausort", "random", "lottrekking")),
            ("targeted", "Public ciblé", "Doelpubliek", "Targeted publics", ("publiccible", "targeted")),
            ("stakeholders", "Parties prenantes", "Belanghebbenden", "Stakeholders", ("associations", "stakeholder")),
            multi=True,
        ),
        _v(
            "formats",
            (
                "public_meeting",
                "Réunion publique",
                "Openbare vergadering",
                "Public meeting",
                ("reunionpublique", "publiekevergadering"),
            ),
            ("workshop", "Atelier", "Workshop", "Workshop", ("ateliers",)),
            ("walk", "Balade", "Wandeling", "Walk", ("marche", "promenade")),
            ("survey", "Enquête", "Bevraging", "Survey", ("questionnaire", "vragenlijst", "enquete")),
            ("online_platform", "Plateforme en ligne", "Onlineplatform", "Online platform", ("online", "platform")),
            (
                "citizens_panel",
                "Panel citoyen",
                "Burgerpanel",
                "Citizens' panel",
                ("assembleecitoyenne", "burgerraad", "jury", "commissiondeliberative", "deliberatievecommissie"),
            ),
            (
                "neighbourhood_council",
                "Conseil de quartier",
                "Wijkraad",
                "Neighbourhood council",
                ("wijkcomite", "comitedequartier"),
            ),
            (
                "participatory_budget",
                "Budget participatif",
                "Burgerbegroting",
                "Participatory budget",
                ("participatievebegroting",),
            ),
            ("call_for_projects", "Appel à projets", "Projectoproep", "Call for projects", ("appelaprojets",)),
            ("public_inquiry", "Enquête publique", "Openbaar onderzoek", "Public inquiry", ("enquetepublique",)),
            ("exhibition", "Exposition", "Tentoonstelling", "Exhibition", ("expo",)),
            ("other", "Autre", "Andere", "Other"),
            multi=True,
        ),
        _v(
            "mobilisation",
            ("letters", "Courriers", "Brieven", "Letters", ("toutesboites", "huisaanhuisbrief")),
            (
                "posters_flyers",
                "Affiches et flyers",
                "Affiches en flyers",
                "Posters and flyers",
                ("affiches", "flyers"),
            ),
            ("social_media", "Réseaux sociaux", "Sociale media", "Social media", ("reseauxsociaux",)),
            (
                "website_newsletter",
                "Site web et newsletter",
                "Website en nieuwsbrief",
                "Website and newsletter",
                ("siteweb", "website", "newsletter", "nieuwsbrief"),
            ),
            ("door_to_door", "Porte-à-porte", "Huis-aan-huis", "Door to door", ("porteaporte", "huisaanhuis")),
            (
                "associations_social_work",
                "Associations et travail social",
                "Verenigingen en sociaal werk",
                "Associations and social work",
            ),
            (
                "street_events",
                "Présence en rue",
                "Aanwezigheid op straat",
                "Street presence and events",
                ("evenements",),
            ),
            ("press", "Presse", "Pers", "Press"),
            ("other", "Autre", "Andere", "Other"),
            multi=True,
        ),
        _v(
            "publics",
            (
                "all_residents",
                "Tous les habitants",
                "Alle bewoners",
                "All residents",
                ("touslesbruxellois", "iedereen", "everyone"),
            ),
            ("youth", "Jeunes", "Jongeren", "Young people", ("jeunesse",)),
            ("seniors", "Seniors", "Senioren", "Older people", ("aines", "ouderen")),
            ("families", "Familles", "Gezinnen", "Families"),
            ("vulnerable", "Publics fragilisés", "Kwetsbare groepen", "Vulnerable groups", ("fragiles", "kwetsbaren")),
            ("newcomers", "Primo-arrivants", "Nieuwkomers", "Newcomers"),
            ("associations", "Associations", "Verenigingen", "Associations"),
            (
                "businesses",
                "Commerçants et entreprises",
                "Handelaars en bedrijven",
                "Shopkeepers and businesses",
                ("commercants", "handelaars", "entreprises", "bedrijven"),
            ),
            ("users", "Usagers", "Gebruikers", "Users"),
            ("other", "Autre", "Andere", "Other"),
            multi=True,
        ),
        _v(
            "framework",
            (
                "cqd",
                "Contrat de quartier durable",
                "Duurzaam wijkcontract",
                "Sustainable neighbourhood contract",
                ("contratdequartier", "wijkcontract", "dwc"),
            ),
            ("cru", "Contrat de rénovation urbaine", "Stadsvernieuwingscontract", "Urban renewal contract", ("svc",)),
            ("good_move", "Good Move", "Good Move", "Good Move"),
            ("pad", "Plan d'aménagement directeur", "Richtplan van aanleg", "Master development plan", ("rpa",)),
            (
                "deliberative_committee",
                "Commission délibérative",
                "Overlegcommissie",
                "Deliberative committee",
                ("commissiondeliberative", "deliberatievecommissie"),
            ),
            (
                "climate_assembly",
                "Assemblée citoyenne pour le climat",
                "Burgerassemblee voor het klimaat",
                "Citizens' Assembly for the Climate",
            ),
            ("participatory_budget", "Budget participatif", "Burgerbegroting", "Participatory budget"),
            ("none", "Aucun", "Geen", "None", ("aucune", "geen")),
            ("other", "Autre", "Andere", "Other"),
        ),
        _v(
            "status",
            ("planned", "Prévu", "Gepland", "Planned", ("avenir", "prevue")),
            ("ongoing", "En cours", "Lopend", "Ongoing", ("encours", "lopend", "bezig")),
            ("completed", "Terminé", "Afgerond", "Completed", ("termine", "afgelopen", "fini", "done")),
            ordered=True,
        ),
        _v(
            "recurrence",
            ("one_off", "Ponctuel", "Eenmalig", "One-off", ("unique", "oneoff", "eenmalig")),
            ("recurring", "Récurrent", "Terugkerend", "Recurring", ("annuel", "jaarlijks", "yearly")),
            ("permanent", "Permanent", "Permanent", "Permanent", ("structurel", "vast")),
            ordered=True,
        ),
        _v(
            "participation_staff",
            ("none", "Aucun", "Geen", "None"),
            ("officer", "Agent de participation", "Participatieambtenaar", "Participation officer"),
            ("service", "Service participation", "Participatiedienst", "Participation service"),
            ordered=True,
        ),
        _v(
            "yes_no",
            ("yes", "Oui", "Ja", "Yes", ("true", "1", "y", "o", "j", "vrai", "waar")),
            ("no", "Non", "Nee", "No", ("false", "0", "n", "faux", "onwaar", "neen")),
        ),
    )
}

# Coded fields of an inventory row, mapped to their vocabulary (follow-up fields share yes_no).
FOLLOWUP_FIELDS = (
    "mandate_communicated",
    "results_published",
    "feedback_to_participants",
    "integrated_in_decision",
    "response_obligation",
    "evaluation_done",
)
FOLLOWUP_CHAIN = FOLLOWUP_FIELDS[:4]
CODED_FIELDS = (
    "organiser_level",
    "perimeter",
    "themes",
    "participation_level",
    "selection",
    "formats",
    "mobilisation",
    "publics",
    "framework",
    "status",
    "recurrence",
)
MULTI_FIELDS = tuple(f for f in CODED_FIELDS if VOCABULARIES[f].multi) + ("communes", "quartiers")


def vocabulary_for(field: str) -> Vocabulary:
    if field in FOLLOWUP_FIELDS:
        return VOCABULARIES["yes_no"]
    return VOCABULARIES[field]


def _build_matchers() -> dict[str, dict[str, str]]:
    matchers: dict[str, dict[str, str]] = {}
    for field, vocab in VOCABULARIES.items():
        table: dict[str, str] = {}
        for term in vocab.terms:
            for text in (term.code, term.fr, term.nl, term.en, *term.aliases):
                table.setdefault(normalise_token(text), term.code)
        matchers[field] = table
    return matchers


_MATCHERS = _build_matchers()


def match_code(field: str, value: str) -> str | None:
    """The code that ``value`` names in ``field``'s vocabulary (code or any label), or None."""
    vocab = vocabulary_for(field)
    return _MATCHERS[vocab.field].get(normalise_token(value))
