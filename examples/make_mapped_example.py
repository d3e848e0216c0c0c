"""Write the clean example in a French and a Spanish country's own format (`--lang fr|es`).

`exampleland-2025-fr.xlsx` and `exampleland-2025-es.xlsx` each hold the same cells as
`exampleland-2025.xlsx`, with the sheet names, headers and codes of a country that keeps its own
format: French (sexe F/G/I, oui/non, prévenu/condamné...) or Spanish (sexo H/M for hombre/mujer,
sí/no, prisión preventiva/penado...). Some of these are jjind's own French or Spanish labels, most
are not, and the Spanish `M` (mujer) is jjind's code for male. With the mapping profile beside
each (`exampleland-fr.toml`, `exampleland-es.toml`), jjind validates and computes both to the
same numbers as the template workbook (`tests/test_mapping.py`; worked through in
`docs/mapping.md`). The document and zip times are fixed: the same script writes the same bytes.

    python examples/make_mapped_example.py               # both, into examples/
    python examples/make_mapped_example.py --lang es --out /tmp/ex
"""

from __future__ import annotations

import argparse
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from make_examples import save_fixed  # this folder: the script's own (sys.path[0])
from openpyxl import Workbook, load_workbook

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "exampleland-2025.xlsx"
STAMP = dt.datetime(2026, 1, 1)  # the workbooks' document and zip times


@dataclass(frozen=True)
class Format:
    """A country's own format: what it calls each sheet, header, about key and code."""

    sheets: dict[str, str]  # form (or README) → sheet name
    headers: dict[str, str]  # field → header
    keys: dict[str, str]  # about key → the about sheet's key
    codes: dict[str, dict[str, str]]  # field → code → value, in the record forms and sources
    population_sex: dict[str, str]  # the population sheet's sex codes (F, M, all)


FRENCH_YES_NO = {"yes": "oui", "no": "non", "unknown": "inconnu"}
FRENCH = Format(
    sheets={
        "README": "LISEZMOI", "about": "Informations", "areas": "Zones",
        "sources": "Sources d'information", "population": "Population",
        "arrests": "Arrestations", "detention_census": "Recensement",
        "detention_register": "Registre des détentions", "deaths": "Décès",
        "decisions": "Décisions", "policy": "Politiques",
    },
    headers={
        "key": "Rubrique", "value": "Valeur", "area_code": "Code zone",
        "name": "Nom de l'institution", "parent_code": "Zone parente",
        "source_id": "Code source", "source_type": "Type de source",
        "place_type": "Type de lieu", "holds_adults": "Détient des adultes",
        "held_children_in_period": "A détenu des enfants",
        "last_independent_inspection": "Dernière inspection indépendante",
        "inspecting_body": "Organe d'inspection", "complaints_system": "Système de plaintes",
        "sex": "Sexe", "age_from": "Âge de", "age_to": "Âge à", "population": "Effectif",
        "year": "Année", "source_note": "Source des chiffres", "child_ref": "Référence enfant",
        "date_of_birth": "Date de naissance", "age": "Âge", "age_estimated": "Âge estimé",
        "arrest_date": "Date d'arrestation", "arresting_body": "Autorité",
        "offence": "Infraction", "outcome": "Suite donnée", "admission_date": "Date d'entrée",
        "legal_status": "Statut", "sentence_date": "Date du jugement",
        "detention_basis": "Fondement", "separated_from_adults": "Séparé des adultes",
        "family_contact_3_months": "Contact familial (3 mois)",
        "release_date": "Date de sortie", "release_type": "Motif de sortie",
        "aftercare": "Suivi après la sortie", "transferred_from": "Transféré de",
        "date_of_death": "Date du décès",
        "cause": "Cause", "decision_date": "Date de la décision", "deciding_body": "Instance",
        "decision": "Décision", "item": "Question", "answer": "Réponse",
        "evidence": "Texte de référence", "notes": "Remarques",
    },
    keys={
        "country": "Pays", "period_start": "Début de la période",
        "period_end": "Fin de la période", "census_date": "Date du recensement",
        "child_ref_scope": "Portée des références", "date_order": "Ordre des dates",
        "prepared_by": "Préparé par", "template_version": "Version du modèle",
    },
    codes={
        "sex": {"F": "F", "M": "G", "U": "I"},
        "legal_status": {"pre_sentence": "prévenu", "sentenced": "condamné"},
        "decision": {"custodial_sentence": "peine privative de liberté",
                     "non_custodial_sentence": "mesure non privative de liberté",
                     "diversion": "déjudiciarisation", "acquittal": "acquittement",
                     "dismissal": "classement sans suite", "other": "autre"},
        "source_type": {"police": "police", "place_of_detention": "lieu de détention",
                        "competent_authority": "autorité compétente",
                        "diversion_programme": "programme de déjudiciarisation",
                        "other": "autre"},
        "release_type": {"end_of_sentence": "fin de peine",
                         "early_release": "libération anticipée",
                         "released_before_sentence": "libéré avant jugement",
                         "transfer": "transfert", "death": "décès", "escape": "évasion",
                         "other": "autre"},
        **{f: FRENCH_YES_NO for f in ("holds_adults", "held_children_in_period",
                                      "complaints_system", "age_estimated",
                                      "separated_from_adults", "family_contact_3_months",
                                      "aftercare")},
    },
    population_sex={"all": "ensemble", "M": "G"},
)  # fmt: skip

# Spanish: a few headers and codes are jjind's own Spanish labels ("Sexo", "Fecha de ingreso",
# "absolución"), most are the country's. Sex is H (hombre) / M (mujer): jjind reads M as male.
SPANISH_YES_NO = {"yes": "sí", "no": "no", "unknown": "no consta"}
SPANISH = Format(
    sheets={
        "README": "LÉAME", "about": "Datos generales", "areas": "Zonas", "sources": "Fuentes",
        "population": "Población", "arrests": "Detenciones policiales",
        "detention_census": "Censo de internos", "detention_register": "Registro de ingresos",
        "deaths": "Fallecimientos", "decisions": "Resoluciones", "policy": "Políticas",
    },
    headers={
        "key": "Concepto", "value": "Dato", "area_code": "Código de zona",
        "name": "Denominación", "parent_code": "Zona superior", "source_id": "Código fuente",
        "source_type": "Tipo de fuente", "place_type": "Tipo de centro",
        "holds_adults": "Alberga adultos",
        "held_children_in_period": "Internó menores en el periodo",
        "last_independent_inspection": "Última inspección independiente",
        "inspecting_body": "Órgano inspector", "complaints_system": "Sistema de quejas",
        "sex": "Sexo", "age_from": "Edad desde", "age_to": "Edad hasta",
        "population": "Habitantes", "year": "Año", "source_note": "Fuente de los datos",
        "child_ref": "Referencia del menor", "date_of_birth": "Fecha de nacimiento",
        "age": "Edad", "age_estimated": "Edad aproximada", "arrest_date": "Fecha de detención",
        "arresting_body": "Cuerpo actuante", "offence": "Delito", "outcome": "Resultado",
        "admission_date": "Fecha de ingreso", "legal_status": "Situación procesal",
        "sentence_date": "Fecha de sentencia", "detention_basis": "Base legal",
        "separated_from_adults": "Separado de adultos",
        "family_contact_3_months": "Contacto familiar (3 meses)",
        "release_date": "Fecha de salida", "release_type": "Motivo de salida",
        "aftercare": "Seguimiento posterior", "transferred_from": "Trasladado desde",
        "date_of_death": "Fecha de fallecimiento",
        "cause": "Causa", "decision_date": "Fecha de resolución", "deciding_body": "Órgano",
        "decision": "Fallo", "item": "Pregunta", "answer": "Respuesta",
        "evidence": "Norma de referencia", "notes": "Observaciones",
    },
    keys={
        "country": "País", "period_start": "Inicio del periodo", "period_end": "Fin del periodo",
        "census_date": "Fecha del censo", "child_ref_scope": "Ámbito de las referencias",
        "date_order": "Formato de fecha", "prepared_by": "Elaborado por",
        "template_version": "Versión de la plantilla",
    },
    codes={
        "sex": {"F": "M", "M": "H", "U": "no consta"},
        "legal_status": {"pre_sentence": "prisión preventiva", "sentenced": "penado"},
        "decision": {"custodial_sentence": "pena privativa de libertad",
                     "non_custodial_sentence": "medida en medio abierto",
                     "diversion": "mediación extrajudicial", "acquittal": "absolución",
                     "dismissal": "sobreseimiento", "other": "otra"},
        "source_type": {"police": "policía", "place_of_detention": "centro de internamiento",
                        "competent_authority": "autoridad judicial",
                        "diversion_programme": "programa de mediación", "other": "otro"},
        "release_type": {"end_of_sentence": "cumplimiento de condena",
                         "early_release": "libertad anticipada",
                         "released_before_sentence": "libertad provisional",
                         "transfer": "traslado", "death": "fallecimiento", "escape": "fuga",
                         "other": "otro"},
        "deciding_body": {"court": "juzgado de menores", "prosecutor": "fiscalía"},
        **{f: SPANISH_YES_NO for f in ("holds_adults", "held_children_in_period",
                                       "complaints_system", "age_estimated",
                                       "separated_from_adults", "family_contact_3_months",
                                       "aftercare")},
    },
    population_sex={"all": "ambos", "F": "M", "M": "H"},
)  # fmt: skip
FORMATS = {"fr": FRENCH, "es": SPANISH}


def translate(source: Path, target: Path, fmt: Format) -> None:
    """Copy every cell of `source` into `target`, in the country's format `fmt`."""
    book = load_workbook(source)
    out = Workbook()
    out.remove(out.active)
    for sheet in book.worksheets:
        new = out.create_sheet(fmt.sheets.get(sheet.title, sheet.title))
        rows = list(sheet.iter_rows(values_only=True))
        fields = [str(h) if h is not None else None for h in rows[0]] if rows else []
        for i, row in enumerate(rows, start=1):
            for j, value in enumerate(row, start=1):
                name = fields[j - 1] if j <= len(fields) else None
                if sheet.title == "README":
                    shown = value
                elif i == 1:
                    shown = fmt.headers.get(str(value), value)
                elif sheet.title == "about" and name == "key":
                    shown = fmt.keys.get(str(value), value)
                elif name in fmt.codes and sheet.title not in ("population", "policy"):
                    shown = fmt.codes[name].get(value, value) if isinstance(value, str) else value
                elif name == "sex" and sheet.title == "population":
                    shown = fmt.population_sex.get(value, value)
                else:
                    shown = value
                cell = new.cell(i, j, shown)
                if isinstance(shown, dt.date | dt.datetime):
                    cell.number_format = "yyyy-mm-dd"
    out.properties.creator = "jjind examples"
    save_fixed(out, target, STAMP)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE, help="folder to write into")
    parser.add_argument("--lang", choices=list(FORMATS), action="append",
                        help="the format to write (repeat for more; default: all)")  # fmt: skip
    args = parser.parse_args()
    for lang in args.lang or list(FORMATS):
        target = args.out / f"exampleland-2025-{lang}.xlsx"
        translate(SOURCE, target, FORMATS[lang])
        print(target)


if __name__ == "__main__":
    main()
