"""Write `exampleland-2025-fr.xlsx`: the clean example as a country with its own French format.

The same cells as `exampleland-2025.xlsx`, with French sheet names, French headers and French
codes (sexe F/G/I, oui/non, prévenu/condamné...), as a submission arrives from a country that
keeps its own format. With the mapping profile `exampleland-fr.toml` beside it, jjind validates and
computes it to the same numbers as the template workbook (`tests/test_mapping.py`; worked through
in `docs/mapping.md`).

    python examples/make_mapped_example.py            # into examples/
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from openpyxl import Workbook, load_workbook

HERE = Path(__file__).resolve().parent
SHEETS = {
    "README": "LISEZMOI", "about": "Informations", "areas": "Zones",
    "sources": "Sources d'information", "population": "Population", "arrests": "Arrestations",
    "detention_census": "Recensement", "detention_register": "Registre des détentions",
    "deaths": "Décès", "decisions": "Décisions", "policy": "Politiques",
}  # fmt: skip
HEADERS = {
    "key": "Rubrique", "value": "Valeur", "area_code": "Code zone", "name": "Nom de l'institution",
    "parent_code": "Zone parente", "source_id": "Code source", "source_type": "Type de source",
    "place_type": "Type de lieu", "holds_adults": "Détient des adultes",
    "held_children_in_period": "A détenu des enfants",
    "last_independent_inspection": "Dernière inspection indépendante",
    "inspecting_body": "Organe d'inspection", "complaints_system": "Système de plaintes",
    "sex": "Sexe", "age_from": "Âge de", "age_to": "Âge à", "population": "Effectif",
    "year": "Année", "source_note": "Source des chiffres", "child_ref": "Référence enfant",
    "date_of_birth": "Date de naissance", "age": "Âge", "age_estimated": "Âge estimé",
    "arrest_date": "Date d'arrestation", "arresting_body": "Autorité", "offence": "Infraction",
    "outcome": "Suite donnée", "admission_date": "Date d'entrée", "legal_status": "Statut",
    "sentence_date": "Date du jugement", "detention_basis": "Fondement",
    "separated_from_adults": "Séparé des adultes",
    "family_contact_3_months": "Contact familial (3 mois)", "release_date": "Date de sortie",
    "release_type": "Motif de sortie", "aftercare": "Suivi après la sortie",
    "date_of_death": "Date du décès", "cause": "Cause", "decision_date": "Date de la décision",
    "deciding_body": "Instance", "decision": "Décision", "item": "Question", "answer": "Réponse",
    "evidence": "Texte de référence", "notes": "Remarques",
}  # fmt: skip
# The about sheet's keys, and the codes of the coded columns, as the country writes them.
KEYS = {
    "country": "Pays", "period_start": "Début de la période", "period_end": "Fin de la période",
    "census_date": "Date du recensement", "child_ref_scope": "Portée des références",
    "date_order": "Ordre des dates", "prepared_by": "Préparé par",
    "template_version": "Version du modèle",
}  # fmt: skip
YES_NO = {"yes": "oui", "no": "non", "unknown": "inconnu"}
CODES = {
    "sex": {"F": "F", "M": "G", "U": "I"},
    "legal_status": {"pre_sentence": "prévenu", "sentenced": "condamné"},
    "decision": {"custodial_sentence": "peine privative de liberté",
                 "non_custodial_sentence": "mesure non privative de liberté",
                 "diversion": "déjudiciarisation", "acquittal": "acquittement",
                 "dismissal": "classement sans suite", "other": "autre"},
    "source_type": {"police": "police", "place_of_detention": "lieu de détention",
                    "competent_authority": "autorité compétente",
                    "diversion_programme": "programme de déjudiciarisation", "other": "autre"},
    "release_type": {"end_of_sentence": "fin de peine", "early_release": "libération anticipée",
                     "released_before_sentence": "libéré avant jugement",
                     "transfer": "transfert", "death": "décès", "escape": "évasion",
                     "other": "autre"},
    **{f: YES_NO for f in ("holds_adults", "held_children_in_period", "complaints_system",
                            "age_estimated", "separated_from_adults", "family_contact_3_months",
                            "aftercare")},
}  # fmt: skip


def translate(source: Path, target: Path) -> None:
    """Copy every cell of `source` into `target`, in the French format above."""
    book = load_workbook(source)
    out = Workbook()
    out.remove(out.active)
    for sheet in book.worksheets:
        new = out.create_sheet(SHEETS.get(sheet.title, sheet.title))
        rows = list(sheet.iter_rows(values_only=True))
        fields = [str(h) if h is not None else None for h in rows[0]] if rows else []
        for i, row in enumerate(rows, start=1):
            for j, value in enumerate(row, start=1):
                name = fields[j - 1] if j <= len(fields) else None
                if sheet.title == "README":
                    shown = value
                elif i == 1:
                    shown = HEADERS.get(str(value), value)
                elif sheet.title == "about" and name == "key":
                    shown = KEYS.get(str(value), value)
                elif name in CODES and sheet.title not in ("population", "policy"):
                    shown = CODES[name].get(value, value) if isinstance(value, str) else value
                elif name == "sex" and sheet.title == "population":
                    shown = {"all": "ensemble", "M": "G"}.get(value, value)
                else:
                    shown = value
                cell = new.cell(i, j, shown)
                if isinstance(shown, dt.date | dt.datetime):
                    cell.number_format = "yyyy-mm-dd"
    out.properties.creator = "jjind examples"
    out.properties.created = out.properties.modified = dt.datetime(2026, 1, 1)
    out.save(target)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE, help="folder to write into")
    args = parser.parse_args()
    target = args.out / "exampleland-2025-fr.xlsx"
    translate(HERE / "exampleland-2025.xlsx", target)
    print(target)


if __name__ == "__main__":
    main()
