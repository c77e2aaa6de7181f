"""Reading an import file's rows and checking each: what it says, or why it is rejected.

A file is CSV with a header row, or JSON Lines (one JSON object a line); either way each
row is a mapping of keys to values, numbered by the line it starts on. A row is checked
alone here (its keys, dates, codes and vocabulary); whether the alert it ``follows`` exists
is checked once every row has been read (``hub.alert_import.plan``).
"""

from __future__ import annotations

import csv
import datetime
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

import pycountry

from hub.models.alerts import ARCHIVE_STARTS_ON, Gender, PerpetratorType, VictimKind, ViolationType
from hub.models.cases import JusticeStatus
from hub.models.texts import LANGUAGES
from hub.services.alerts import BODY_MAX_LENGTH, TITLE_MAX_LENGTH, VICTIMS_MAX

REQUIRED = ("external_id", "occurred_on", "country", "violations", "language", "title")
OPTIONAL = (
    "body",
    "perpetrator",
    "victims",
    "source_organisation",
    "subdivision",
    "follows",
    "justice",
)
EXTERNAL_ID_MAX_LENGTH = 128
VICTIM_NAME_MAX_LENGTH = 200


class Rejected(Exception):
    """A row's key whose value cannot be imported, and why."""

    def __init__(self, key: str, reason: str) -> None:
        super().__init__(f"{key}: {reason}")
        self.key = key
        self.reason = reason


@dataclass(frozen=True)
class Rejection:
    line: int
    key: str
    reason: str


@dataclass(frozen=True)
class ImportedAlert:
    """A row that can be imported: the alert it describes, keyed by (source, external_id)."""

    line: int
    source_organisation_id: int
    external_id: str
    occurred_on: datetime.date
    country_id: str
    subdivision: str | None
    violations: list[str]
    perpetrator: str
    language: str
    title: str
    body: str
    victims: list[dict[str, str | None]] = field(default_factory=list)
    follows: str | None = None
    """The external_id of the alert (of the same source) this one follows."""
    justice: str | None = None


@dataclass(frozen=True)
class Archive:
    """What rows are checked against: the countries and organisations the hub knows."""

    countries: frozenset[str]
    organisations: Mapping[str, int]
    """Ids by slug."""
    network_source: int | None
    """The organisation that files for the network itself (the network's convener)."""
    today: datetime.date


def read_rows(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """Each row of the file with the line it starts on: JSON Lines when the file's name
    ends in ``.jsonl`` or ``.ndjson``, or its first character is ``{``; CSV otherwise."""
    with path.open(encoding="utf-8-sig", newline="") as opened:
        first = opened.read(1)
        opened.seek(0)
        if path.suffix in (".jsonl", ".ndjson") or first == "{":
            yield from _json_lines(opened)
        else:
            yield from _csv_rows(opened)


def _json_lines(opened: Any) -> Iterator[tuple[int, dict[str, Any]]]:
    for number, line in enumerate(opened, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            yield number, {"~error": f"not JSON: {error.msg} at column {error.colno}"}
            continue
        yield number, row if isinstance(row, dict) else {"~error": "not a JSON object"}


def _csv_rows(opened: Any) -> Iterator[tuple[int, dict[str, Any]]]:
    reader = csv.DictReader(opened)
    missing = [key for key in REQUIRED if key not in (reader.fieldnames or ())]
    if missing:
        yield 1, {"~error": f"the header row has no column {', '.join(missing)}"}
        return
    line = reader.line_num + 1
    for row in reader:
        if None in row:
            yield line, {"~error": "more values than the header row has columns"}
        else:
            yield line, {key: value for key, value in row.items() if value not in ("", None)}
        line = reader.line_num + 1


def _text(row: Mapping[str, Any], key: str, longest: int, required: bool = False) -> str | None:
    value = row.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise Rejected(key, "is missing")
        return None
    if not isinstance(value, str):
        raise Rejected(key, f"must be text, got {json.dumps(value)}")
    value = value.strip()
    if len(value) > longest:
        raise Rejected(key, f"has {len(value)} characters: at most {longest}")
    return value


def _codes(value: Any) -> list[str]:
    """A ``;``-separated list (or, in JSON, a list of texts)."""
    parts = value if isinstance(value, list) else str(value).split(";")
    stripped = (str(part).strip() for part in parts)
    return [part for part in stripped if part]


Word = TypeVar("Word", ViolationType, PerpetratorType, VictimKind, Gender, JusticeStatus)


@cache
def _words_of(vocabulary: type[Word]) -> dict[str, Word]:
    """A vocabulary's words by GraphQL name (``LEGAL_ACTION``) and by value (``legal-action``),
    both upper-cased: looked up once per row and key, 100,000 rows at a time."""
    words = {word.name: word for word in vocabulary}
    words.update((word.value.upper(), word) for word in vocabulary)
    return words


def _word(vocabulary: type[Word], code: str, key: str) -> Word:
    """A vocabulary's word by its GraphQL name or its value, in any case."""
    found: Word | None = _words_of(vocabulary).get(code.upper())
    if found is None:
        names = ", ".join(word.name for word in vocabulary)
        raise Rejected(key, f"'{code}' is not one of {names}")
    return found


def _day(row: Mapping[str, Any], archive: Archive) -> datetime.date:
    text = _text(row, "occurred_on", 10, required=True)
    assert text is not None
    try:
        day = datetime.date.fromisoformat(text)
    except ValueError:
        raise Rejected("occurred_on", f"'{text}' is not a date (YYYY-MM-DD)") from None
    if day < ARCHIVE_STARTS_ON:
        raise Rejected("occurred_on", f"{day} is before the archive starts ({ARCHIVE_STARTS_ON})")
    if day > archive.today + datetime.timedelta(days=1):
        raise Rejected("occurred_on", f"{day} is in the future")
    return day


def _country(row: Mapping[str, Any], archive: Archive) -> tuple[str, str | None]:
    code = (_text(row, "country", 8, required=True) or "").upper()
    if code not in archive.countries:
        raise Rejected("country", f"'{code}' is not an ISO 3166-1 alpha-2 country code")
    subdivision = _text(row, "subdivision", 8)
    if subdivision is None:
        return code, None
    found = pycountry.subdivisions.get(code=subdivision.upper())  # type: ignore[no-untyped-call]
    if found is None:
        raise Rejected("subdivision", f"'{subdivision}' is not an ISO 3166-2 code")
    if found.country_code != code:
        raise Rejected("subdivision", f"'{found.code}' is not in {code}")
    return code, str(found.code)


def _victims(value: Any) -> list[dict[str, str | None]]:
    """``KIND``, ``KIND:Name`` or ``KIND:Name:GENDER``, ``;``-separated; in JSON also a
    list of objects with ``kind``, ``name`` and ``gender``."""
    entries = value if isinstance(value, list) else _codes(value)
    if len(entries) > VICTIMS_MAX:
        raise Rejected("victims", f"at most {VICTIMS_MAX} victims, got {len(entries)}")
    victims = []
    for entry in entries:
        if isinstance(entry, dict):
            kind, name, gender = entry.get("kind"), entry.get("name"), entry.get("gender")
        else:
            kind, name, gender = ([*str(entry).split(":", 2), None, None])[:3]
        if not kind:
            raise Rejected("victims", f"'{entry}' names no kind")
        word = _word(VictimKind, str(kind).strip(), "victims")
        name = str(name).strip() if name else None
        if name and len(name) > VICTIM_NAME_MAX_LENGTH:
            raise Rejected("victims", f"a name has at most {VICTIM_NAME_MAX_LENGTH} characters")
        sex = _word(Gender, str(gender).strip(), "victims") if gender else None
        if sex is not None and word is VictimKind.MEDIA_OUTLET:
            raise Rejected("victims", "a media outlet has no gender")
        victims.append({"name": name, "kind": word.value, "gender": sex.value if sex else None})
    return victims


def _source(row: Mapping[str, Any], archive: Archive) -> int:
    slug = _text(row, "source_organisation", 128)
    if slug is None:
        if archive.network_source is None:
            raise Rejected("source_organisation", "is missing, and the network has no convener")
        return archive.network_source
    found = archive.organisations.get(slug)
    if found is None:
        raise Rejected("source_organisation", f"no organisation has the slug '{slug}'")
    return found


def checked(line: int, row: Mapping[str, Any], archive: Archive) -> ImportedAlert:
    """The alert a row describes, or :class:`Rejected` naming its first bad key."""
    if "~error" in row:
        raise Rejected("row", str(row["~error"]))
    unknown = sorted(set(row) - {*REQUIRED, *OPTIONAL})
    if unknown:
        raise Rejected(unknown[0], "is not a key of the import format")
    external_id = _text(row, "external_id", EXTERNAL_ID_MAX_LENGTH, required=True)
    occurred_on = _day(row, archive)
    country, subdivision = _country(row, archive)
    violations = [
        _word(ViolationType, code, "violations").value for code in _codes(row.get("violations", ""))
    ]
    if not violations:
        raise Rejected("violations", "names no violation type")
    language = (_text(row, "language", 8, required=True) or "").lower()
    if language not in LANGUAGES:
        raise Rejected("language", f"'{language}' is not one of {', '.join(LANGUAGES)}")
    perpetrator = _text(row, "perpetrator", 64)
    justice = _text(row, "justice", 16)
    return ImportedAlert(
        line=line,
        source_organisation_id=_source(row, archive),
        external_id=external_id or "",
        occurred_on=occurred_on,
        country_id=country,
        subdivision=subdivision,
        violations=list(dict.fromkeys(violations)),
        perpetrator=(
            _word(PerpetratorType, perpetrator, "perpetrator").value
            if perpetrator
            else PerpetratorType.UNKNOWN.value
        ),
        language=language,
        title=_text(row, "title", TITLE_MAX_LENGTH, required=True) or "",
        body=_text(row, "body", BODY_MAX_LENGTH) or "",
        victims=_victims(row["victims"]) if row.get("victims") else [],
        follows=_text(row, "follows", EXTERNAL_ID_MAX_LENGTH),
        justice=_word(JusticeStatus, justice, "justice").value if justice else None,
    )
