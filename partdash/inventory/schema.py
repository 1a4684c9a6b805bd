"""The canonical columns of an inventory row (SPEC section 3), with their labels.

Header matching on import, the detail view's field labels, the template's header row
and the codebook all read ``FIELDS``; the value vocabularies live in ``vocab``.
"""

from __future__ import annotations

from dataclasses import dataclass

from partdash.inventory.vocab import CODED_FIELDS, FOLLOWUP_FIELDS, normalise_token


@dataclass(frozen=True)
class Field:
    name: str
    kind: str  # text | code | codes | nis | mdrc | date | int | number | yes_no | url | coord
    required: bool
    fr: str
    nl: str
    en: str
    aliases: tuple[str, ...] = ()

    def label(self, lang: str) -> str:
        return getattr(self, lang if lang in ("fr", "nl", "en") else "en")


def _f(name, kind, required, fr, nl, en, *aliases) -> Field:
    return Field(name, kind, required, fr, nl, en, tuple(aliases))


FIELDS: tuple[Field, ...] = (
    _f("id", "text", True, "Identifiant", "Identificatie", "Identifier", "code", "ref", "nr"),
    _f("title_fr", "text", False, "Titre (FR)", "Titel (FR)", "Title (FR)", "titre", "intitule"),
    _f("title_nl", "text", False, "Titre (NL)", "Titel (NL)", "Title (NL)", "titel"),
    _f("title_en", "text", False, "Titre (EN)", "Titel (EN)", "Title (EN)", "title"),
    _f("summary_fr", "text", False, "Résumé (FR)", "Samenvatting (FR)", "Summary (FR)", "resume", "description"),
    _f("summary_nl", "text", False, "Résumé (NL)", "Samenvatting (NL)", "Summary (NL)", "samenvatting", "beschrijving"),
    _f("summary_en", "text", False, "Résumé (EN)", "Samenvatting (EN)", "Summary (EN)", "summary"),
    _f(
        "organiser",
        "text",
        True,
        "Organisateur",
        "Organisator",
        "Organiser",
        "organisateur",
        "organisator",
        "organizer",
    ),
    _f(
        "organiser_service",
        "text",
        False,
        "Service organisateur",
        "Organiserende dienst",
        "Organising service",
        "service",
        "dienst",
    ),
    _f(
        "organiser_level",
        "code",
        True,
        "Niveau de l'organisateur",
        "Niveau van de organisator",
        "Organiser level",
        "niveau",
        "level",
    ),
    _f("perimeter", "code", True, "Périmètre", "Perimeter", "Perimeter", "perimetre", "schaal"),
    _f(
        "communes",
        "nis",
        False,
        "Communes",
        "Gemeenten",
        "Communes",
        "commune",
        "gemeente",
        "municipality",
        "municipalities",
    ),
    _f("quartiers", "mdrc", False, "Quartiers", "Wijken", "Neighbourhoods", "quartier", "wijk", "neighbourhoods"),
    _f("themes", "codes", True, "Thèmes", "Thema's", "Themes", "theme", "thema", "thematique"),
    _f(
        "participation_level",
        "code",
        True,
        "Niveau de participation",
        "Participatieniveau",
        "Participation level",
        "niveaudeparticipation",
    ),
    _f(
        "selection",
        "codes",
        False,
        "Sélection des participants",
        "Selectie van deelnemers",
        "Selection of participants",
        "selectie",
    ),
    _f("formats", "codes", False, "Formats", "Formats", "Formats", "format", "methode", "methodes", "methods"),
    _f("mobilisation", "codes", False, "Mobilisation", "Mobilisatie", "Mobilisation", "mobilization"),
    _f("publics", "codes", False, "Publics cibles", "Doelgroepen", "Target publics", "public", "doelgroep"),
    _f("framework", "code", False, "Cadre", "Kader", "Framework", "cadre", "kader"),
    _f("start_date", "date", True, "Date de début", "Begindatum", "Start date", "debut", "start", "begin"),
    _f("end_date", "date", False, "Date de fin", "Einddatum", "End date", "fin", "end", "einde"),
    _f("status", "code", False, "Statut", "Status", "Status", "statut"),
    _f("recurrence", "code", False, "Récurrence", "Herhaling", "Recurrence", "frequence"),
    _f(
        "participants", "int", False, "Participants", "Deelnemers", "Participants", "deelnemers", "nombredeparticipants"
    ),
    _f("budget_eur", "number", False, "Budget (EUR)", "Budget (EUR)", "Budget (EUR)", "budget"),
    _f(
        "mandate_communicated",
        "yes_no",
        False,
        "Mandat communiqué",
        "Mandaat gecommuniceerd",
        "Mandate communicated",
        "mandat",
    ),
    _f("results_published", "yes_no", False, "Résultats publiés", "Resultaten gepubliceerd", "Results published"),
    _f(
        "feedback_to_participants",
        "yes_no",
        False,
        "Retour aux participants",
        "Terugkoppeling naar deelnemers",
        "Feedback to participants",
        "feedback",
    ),
    _f(
        "integrated_in_decision",
        "yes_no",
        False,
        "Intégré dans une décision",
        "Verwerkt in een beslissing",
        "Integrated in a decision",
    ),
    _f("response_obligation", "yes_no", False, "Obligation de réponse", "Antwoordplicht", "Obligation to respond"),
    _f(
        "evaluation_done",
        "yes_no",
        False,
        "Évaluation réalisée",
        "Evaluatie uitgevoerd",
        "Evaluation done",
        "evaluation",
    ),
    _f("proposals_total", "int", False, "Propositions (total)", "Voorstellen (totaal)", "Proposals (total)"),
    _f("proposals_adopted", "int", False, "Propositions adoptées", "Voorstellen aangenomen", "Proposals adopted"),
    _f("proposals_modified", "int", False, "Propositions modifiées", "Voorstellen gewijzigd", "Proposals modified"),
    _f("proposals_rejected", "int", False, "Propositions rejetées", "Voorstellen verworpen", "Proposals rejected"),
    _f("url", "url", False, "Lien", "Link", "Link", "lien", "site", "source", "website"),
    _f("updated", "date", False, "Mis à jour", "Bijgewerkt", "Updated", "miseajour", "bijgewerkt"),
    _f("lat", "coord", False, "Latitude", "Breedtegraad", "Latitude", "latitude"),
    _f("lon", "coord", False, "Longitude", "Lengtegraad", "Longitude", "longitude", "lng"),
    _f("x", "coord", False, "X (Lambert 72)", "X (Lambert 72)", "X (Lambert 72)"),
    _f("y", "coord", False, "Y (Lambert 72)", "Y (Lambert 72)", "Y (Lambert 72)"),
)

FIELD_BY_NAME = {f.name: f for f in FIELDS}
COLUMN_ORDER = tuple(f.name for f in FIELDS if f.kind != "coord")
COORD_COLUMNS = ("lat", "lon", "x", "y")
DATE_FIELDS = tuple(f.name for f in FIELDS if f.kind == "date")
INT_FIELDS = tuple(f.name for f in FIELDS if f.kind == "int")
PROPOSAL_FIELDS = ("proposals_total", "proposals_adopted", "proposals_modified", "proposals_rejected")
TEXT_SEARCH_FIELDS = ("title_fr", "title_nl", "title_en", "summary_fr", "summary_nl", "summary_en", "organiser")

assert set(CODED_FIELDS) | set(FOLLOWUP_FIELDS) <= set(FIELD_BY_NAME)


def _header_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for f in FIELDS:
        for text in (f.name, f.fr, f.nl, f.en, *f.aliases):
            table.setdefault(normalise_token(text), f.name)
    return table


_HEADERS = _header_table()


def match_header(header: str) -> str | None:
    """The canonical field a column header names (canonical name or FR/NL/EN label), or None."""
    return _HEADERS.get(normalise_token(header))
