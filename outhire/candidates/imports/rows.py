"""Reading candidates out of another system's export: CSV files and JSON Resume files.

Plain Python with no Django imports, so it can be tested and benchmarked on its own. It turns
bytes into `Row`s of cleaned values, each with the problems found in it; deciding what to do
with a row (create, match, refuse) is the job of the rest of `outhire.candidates.imports`.

- `decode` reads UTF-8 (with or without BOM), UTF-16 with a BOM, then Windows-1252 or Latin-1;
  a mostly-UTF-8 file with a few broken rows stays UTF-8, and those rows are refused;
- `sniff_delimiter` picks `,` `;` tab or `|` by which gives the most rows as wide as the header;
- `guess_mapping` names a candidate field for each column from the header names other ATSs use;
- `csv_rows` and `json_resume_rows` yield one `Row` per record, numbered as a spreadsheet shows
  it (the header is row 1) or by position in the JSON list (the first resume is 1).

A problem's reason never repeats the value: values are personal data, and the error report is
kept and downloaded.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

# Exports quote formula cells (outhire.lib.spreadsheet_csv); an import takes the quote off again
from outhire.lib.spreadsheet_csv import undo_formula_guard


def gettext_noop(message: str) -> str:
    """Marks a message for the catalogues (`outhire makemessages` looks for this name); it is
    translated where it is shown, with `gettext`. This module has no Django imports."""
    return message


MAX_COLUMNS = 200
PREVIEW_BYTES = 256 * 1024
DELIMITERS = (",", ";", "\t", "|")


class ImportFileError(ValueError):
    """The whole file cannot be imported; `str(error)` is a sentence for the uploader."""


@dataclass(frozen=True)
class ImportField:
    key: str
    label: str
    max_length: int = 0
    # May several columns feed it (e-mail, phone, tags, notes) or be joined (location, address)?
    many: bool = False
    aliases: tuple[str, ...] = ()


# The candidate fields a column can be mapped to, in the order the mapping page lists them.
# Aliases are header names as `_normalise_header` leaves them: lower case, letters and digits.
FIELDS = [
    ImportField(
        "first_name",
        gettext_noop("First name"),
        100,
        aliases=("firstname", "givenname", "forename", "first"),
    ),
    ImportField(
        "last_name",
        gettext_noop("Last name"),
        100,
        aliases=("lastname", "surname", "familyname", "last", "lastnamesurname"),
    ),
    ImportField(
        "full_name",
        gettext_noop("Full name (split into first and last)"),
        200,
        aliases=("name", "fullname", "candidatename", "candidate", "displayname", "contactname"),
    ),
    ImportField(
        "email",
        gettext_noop("E-mail addresses"),
        254,
        many=True,
        aliases=(
            "email",
            "emails",
            "emailaddress",
            "emailaddresses",
            "mail",
            "primaryemail",
            "workemail",
            "personalemail",
            "homeemail",
            "otheremail",
            "secondaryemail",
            "email1",
            "email2",
            "email3",
        ),
    ),
    ImportField(
        "phone",
        gettext_noop("Phone numbers"),
        30,
        many=True,
        aliases=(
            "phone",
            "phones",
            "phonenumber",
            "phonenumbers",
            "mobile",
            "mobilephone",
            "mobilenumber",
            "cell",
            "cellphone",
            "telephone",
            "tel",
            "homephone",
            "workphone",
            "otherphone",
            "contactnumber",
            "phone1",
            "phone2",
        ),
    ),
    ImportField(
        "location",
        gettext_noop("Location (city, region)"),
        200,
        many=True,
        aliases=("location", "city", "town", "citystate", "state", "region", "country", "county"),
    ),
    ImportField(
        "address",
        gettext_noop("Postal address"),
        1000,
        many=True,
        aliases=(
            "address",
            "streetaddress",
            "street",
            "address1",
            "address2",
            "addressline1",
            "addressline2",
            "postcode",
            "postalcode",
            "zip",
            "zipcode",
        ),
    ),
    ImportField(
        "current_title",
        gettext_noop("Current title"),
        200,
        aliases=(
            "title",
            "jobtitle",
            "currenttitle",
            "currentjobtitle",
            "position",
            "currentposition",
            "headline",
            "role",
            "occupation",
        ),
    ),
    ImportField(
        "current_employer",
        gettext_noop("Current employer"),
        200,
        aliases=(
            "company",
            "companyname",
            "employer",
            "currentemployer",
            "currentcompany",
            "organisation",
            "organization",
        ),
    ),
    ImportField(
        "linkedin_url",
        gettext_noop("LinkedIn profile"),
        300,
        aliases=("linkedin", "linkedinurl", "linkedinprofile", "linkedinprofileurl"),
    ),
    ImportField("github_url", gettext_noop("GitHub profile"), 300, aliases=("github", "githuburl")),
    ImportField(
        "portfolio_url",
        gettext_noop("Portfolio or website"),
        300,
        aliases=("website", "portfolio", "portfoliourl", "url", "personalwebsite", "homepage"),
    ),
    ImportField(
        "source",
        gettext_noop("Source"),
        200,
        aliases=("source", "candidatesource", "leadsource", "origin"),
    ),
    ImportField(
        "source_detail",
        gettext_noop("Source detail"),
        200,
        aliases=("sourcedetail", "sourcedetails", "sourcename", "referredby", "referrer"),
    ),
    ImportField(
        "language",
        gettext_noop("Language (what we write to them in)"),
        40,
        aliases=("language", "lang", "preferredlanguage", "languagecode", "locale"),
    ),
    ImportField(
        "tags", gettext_noop("Tags"), 60, many=True, aliases=("tags", "tag", "labels", "keywords")
    ),
    ImportField(
        "summary",
        gettext_noop("Summary"),
        10_000,
        aliases=("summary", "about", "bio", "profile", "profilesummary", "overview"),
    ),
    ImportField(
        "notes",
        gettext_noop("Notes (provider staff only)"),
        10_000,
        many=True,
        aliases=("notes", "note", "comments", "comment", "remarks"),
    ),
    ImportField(
        "resume",
        gettext_noop("Resume file name (in the zip)"),
        255,
        aliases=(
            "resume",
            "cv",
            "resumefile",
            "resumefilename",
            "cvfile",
            "cvfilename",
            "attachment",
            "filename",
        ),
    ),
    ImportField(
        "external_id",
        gettext_noop("Id in the other system"),
        100,
        aliases=(
            "id",
            "candidateid",
            "externalid",
            "recordid",
            "applicantid",
            "personid",
            "contactid",
            "candidatenumber",
            "candidateref",
            "candidatereference",
        ),
    ),
]
FIELDS_BY_KEY = {f.key: f for f in FIELDS}
IGNORE = ""
FIELD_CHOICES = [(IGNORE, gettext_noop("Ignore this column"))] + [(f.key, f.label) for f in FIELDS]
NAME_FIELDS = {"first_name", "full_name"}

# Contained in a header name, these decide the field when no alias matches exactly.
_HEADER_HINTS = [
    ("linkedin", "linkedin_url"),
    ("github", "github_url"),
    ("email", "email"),
    ("phone", "phone"),
    ("mobile", "phone"),
    ("firstname", "first_name"),
    ("lastname", "last_name"),
    ("surname", "last_name"),
    ("employer", "current_employer"),
    ("company", "current_employer"),
    ("jobtitle", "current_title"),
    ("resume", "resume"),
    ("note", "notes"),
    ("tag", "tags"),
]

# Words of a "Source" column as other systems write it, and the source they stand for.
SOURCE_WORDS = {
    "careers_site": ("careers site", "career site", "careers page", "website", "company website"),
    "job_board": ("job board", "indeed", "monster", "stepstone", "glassdoor", "totaljobs"),
    "referral": ("referral", "employee referral", "referred"),
    "social": ("social", "social media", "linkedin", "facebook", "twitter", "x", "instagram"),
    "sourced": ("sourced", "sourced by a recruiter", "headhunted", "direct sourcing"),
    "event": ("event", "career fair", "job fair", "networking", "event or networking"),
    "agency": ("agency", "recruitment agency", "staffing agency"),
    "import": ("import", "imported"),
    "other": ("other",),
}
_SOURCES = {word: key for key, words in SOURCE_WORDS.items() for word in (key, *words)}

# The languages of settings.LANGUAGES (a test checks they agree), and the words a "Language"
# column of another system may hold for each.
LANGUAGE_WORDS = {
    "en-gb": ("en", "english", "englisch", "inglés", "ingles", "anglais", "engels"),
    "de": ("german", "deutsch", "alemán", "aleman", "allemand", "duits"),
    "es": ("spanish", "español", "espanol", "spanisch", "espagnol", "spaans"),
    "fr": ("french", "français", "francais", "französisch", "francés", "frances", "frans"),
    "nl": ("dutch", "nederlands", "niederländisch", "neerlandés", "néerlandais", "flemish"),
}
_LANGUAGES = {word: key for key, words in LANGUAGE_WORDS.items() for word in (key, *words)}

# Same rule as the candidate form's phone field.
PHONE_RE = re.compile(r"^\+?[\d\s().\-/]{5,30}$")
EMAIL_RE = re.compile(
    r"^[\w.!#$%&'*+/=?^`{|}~-]{1,64}@(?:[^\W_](?:[\w-]{0,61}[^\W_])?\.)+[^\W\d_]{2,63}$"
)
URL_RE = re.compile(r"^https?://[^\s/?#.][^\s/?#]*\.[^\s/?#]+(?:[/?#]\S*)?$", re.IGNORECASE)
# Control characters, and the stand-ins `decode` leaves for bytes that were not text
_JUNK_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\udc80-\udcff]")
_CONTROL_BYTES = [bytes([b]) for b in range(32) if b not in (9, 10, 12, 13)]
_NON_ASCII_TEXT_RE = re.compile(r"[\x80-\ud7ff\ue000-\U0010ffff]")
_LIST_SPLIT_RE = re.compile(r"[;,\n]")
_PHONE_SPLIT_RE = re.compile(r"[;,\n]")

_BINARY_FILES = [
    (b"PK\x03\x04", gettext_noop("This is a ZIP archive or an Excel workbook (.xlsx), not a CSV "
     "file. Open it in your spreadsheet program, save it as CSV (UTF-8) and upload that.")),
    (b"\xd0\xcf\x11\xe0", gettext_noop("This is an old Excel (.xls) or Word file, not a CSV file. "
     "Save it as CSV (UTF-8) and upload that.")),
    (b"%PDF-", gettext_noop("This is a PDF, not a CSV file. Resumes go in a zip beside the CSV.")),
    (b"\x1f\x8b", gettext_noop("This is a compressed (gzip) file. Unpack it and upload the CSV "
     "inside.")),
]  # fmt: skip


@dataclass
class Row:
    """One record of the file, cleaned: what it says about one person, and what is wrong."""

    number: int
    values: dict[str, str] = field(default_factory=dict)
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    external_id: str = ""
    resume_file: str = ""
    resume: dict | None = None  # a JSON Resume object, for the profile
    # (field, reason): the field is the column's header, or a JSON path
    errors: list[tuple[str, str]] = field(default_factory=list)
    # Where the name came from, to point at it when a new candidate has none
    name_field: str = "first_name"

    @property
    def has_identity(self) -> bool:
        """Holds something that tells one person from another (not just a name)."""
        return bool(
            self.external_id or self.emails or self.phones or self.values.get("linkedin_url")
        )


# --- Decoding and splitting into records ------------------------------------------------------


def decode(data: bytes) -> tuple[str, str]:
    """The file's text and the name of its encoding, or ImportFileError.

    A file that is UTF-8 except for a few broken bytes stays UTF-8: the broken bytes become
    stand-ins (surrogate escapes) that `csv_rows` refuses row by row, instead of every accented
    name in the file being misread as Windows-1252.
    """
    if not data.strip(b" \t\r\n\xef\xbb\xbf"):
        raise ImportFileError(gettext_noop("The file is empty. Choose the file again."))
    for signature, message in _BINARY_FILES:
        if data.startswith(signature):
            raise ImportFileError(message)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise ImportFileError(
                gettext_noop(
                    "This file says it is UTF-16 text but is not. Save it as CSV (UTF-8) and "
                    "upload it again."
                )
            ) from None
    sample = data[:65536]
    # A stray control byte is one broken row; many make a binary file.
    controls = sum(sample.count(byte) for byte in _CONTROL_BYTES)
    if controls > max(8, len(sample) // 100):
        raise ImportFileError(
            gettext_noop(
                "This file holds binary data, not text. Upload a CSV file (or a JSON Resume file)."
            )
        )
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", "surrogateescape"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", "surrogateescape")
    if _NON_ASCII_TEXT_RE.search(text):
        return text, "utf-8"
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def decode_as(data: bytes, encoding: str) -> str:
    """The text of a file whose encoding `decode` already found."""
    if encoding == "utf-8-sig":
        return data[3:].decode("utf-8", "surrogateescape")
    if encoding == "utf-8":
        return data.decode("utf-8", "surrogateescape")
    return data.decode(encoding, "replace")


def sniff_delimiter(text: str) -> str:
    """The delimiter under which the first lines have the most rows as wide as the header."""
    lines = [line for line in text[:PREVIEW_BYTES].splitlines()[:30] if line.strip()][:20]
    best, best_score = ",", (0, 0)
    for delimiter in DELIMITERS:
        try:
            widths = [len(r) for r in csv.reader(lines, delimiter=delimiter)]
        except csv.Error:
            continue
        if not widths or widths[0] < 2:
            continue
        score = (sum(1 for w in widths if w == widths[0]), widths[0])
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _records(text: str, delimiter: str) -> Iterator[tuple[int, list[str] | None, str]]:
    """(record number, cells or None, problem) for every record, blank ones included."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    number = 0
    while True:
        number += 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            # The reader starts afresh on the next line, so one bad record costs one row.
            yield number, None, f"could not be read as CSV ({error})"
            continue
        yield number, cells, ""


def read_header(text: str, delimiter: str) -> tuple[int, list[str]]:
    """(row number, column names) of the first non-blank record."""
    for number, cells, problem in _records(text, delimiter):
        if problem:
            raise ImportFileError(f"The first row (the column names) {problem}.")
        if cells and any(c.strip() for c in cells):
            if len(cells) > MAX_COLUMNS:
                raise ImportFileError(
                    f"The file has {len(cells)} columns; at most {MAX_COLUMNS} can be imported."
                )
            if _JUNK_RE.search("".join(cells)):
                raise ImportFileError(
                    gettext_noop(
                        "The first row (the column names) holds binary data or characters that "
                        "are not text. Is this a CSV file?"
                    )
                )
            names = [c.strip().lstrip("\ufeff").strip() for c in cells]
            return number, [name[:100] or f"Column {i + 1}" for i, name in enumerate(names)]
    raise ImportFileError(gettext_noop("The file has no rows: not even a row of column names."))


def _data_records(text: str, delimiter: str) -> Iterator[tuple[int, list[str] | None, str]]:
    records = _records(text, delimiter)
    for _number, cells, problem in records:
        if not problem and cells and any(c.strip() for c in cells):
            break
    for number, cells, problem in records:
        if problem or (cells and any(c.strip() for c in cells)):
            yield number, cells, problem


def count_rows(text: str, delimiter: str) -> int:
    """How many records follow the header, blank ones not counted."""
    return sum(1 for _ in _data_records(text, delimiter))


@dataclass
class Preview:
    encoding: str
    delimiter: str
    header: list[str]
    rows: list[list[str]]


def preview(data: bytes, *, rows: int = 5) -> Preview:
    """The encoding, delimiter, column names and first rows of a CSV file (ImportFileError)."""
    text, encoding = decode(data)
    delimiter = sniff_delimiter(text)
    _, header = read_header(text, delimiter)
    return Preview(encoding, delimiter, header, sample_rows(text, delimiter, len(header), rows))


def sample_rows(text: str, delimiter: str, width: int, rows: int = 5) -> list[list[str]]:
    """The first rows after the header, cut to the header's width, for people to look at."""
    sample = []
    for _number, cells, _problem in _data_records(text[: PREVIEW_BYTES * 4], delimiter):
        if cells is not None:
            cells = (cells + [""] * width)[:width]
            sample.append([_JUNK_RE.sub("\ufffd", c)[:200] for c in cells])
        if len(sample) >= rows:
            break
    return sample


# --- The mapping ------------------------------------------------------------------------------


def _normalise_header(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.casefold())


def guess_mapping(header: list[str]) -> list[str]:
    """A candidate field (or IGNORE) for each column, from its name; each single field once."""
    guesses = []
    for name in header:
        key = _normalise_header(name)
        guess = next((f.key for f in FIELDS if key in f.aliases), IGNORE)
        if not guess:
            guess = next((f for hint, f in _HEADER_HINTS if hint in key), IGNORE)
        guesses.append(guess)
    used: set[str] = set()
    mapping = []
    for guess in guesses:
        if guess and not FIELDS_BY_KEY[guess].many and guess in used:
            guess = IGNORE
        used.add(guess)
        mapping.append(guess)
    if "first_name" in used and "full_name" in used:
        mapping = [IGNORE if m == "full_name" else m for m in mapping]
    return mapping


def mapping_problems(mapping: list[str], columns: int) -> list[str]:
    """Sentences saying what is wrong with a mapping; empty when it can be used."""
    if len(mapping) != columns:
        return [f"The mapping names {len(mapping)} columns; the file has {columns}."]
    problems = []
    unknown = sorted({m for m in mapping if m and m not in FIELDS_BY_KEY})
    if unknown:
        problems.append("Unknown candidate fields: " + ", ".join(unknown) + ".")
    for f in FIELDS:
        if not f.many and mapping.count(f.key) > 1:
            problems.append(f"Only one column can be “{f.label}”.")
    if not NAME_FIELDS & set(mapping):
        problems.append(
            gettext_noop("Choose the column that holds the first name (or the full name).")
        )
    return problems


# --- Cleaning values --------------------------------------------------------------------------


def split_full_name(name: str) -> tuple[str, str]:
    """("Ada", "Lovelace") from "Ada Lovelace" or "Lovelace, Ada"; first word, then the rest."""
    name = " ".join(name.split())
    if "," in name:
        last, _, first = name.partition(",")
        return first.strip(), last.strip()
    first, _, last = name.partition(" ")
    return first, last


def normalise_url(value: str) -> str:
    """A profile link with its scheme: "linkedin.com/in/ada" -> "https://linkedin.com/in/ada"."""
    if value and not re.match(r"^[a-z][a-z0-9+.-]*://", value, re.IGNORECASE):
        value = "https://" + value.removeprefix("//")
    return value


def source_of(text: str) -> tuple[str, str]:
    """(source key, detail) of a "Source" cell: a known source, or "other" with the text."""
    key = _SOURCES.get(" ".join(text.casefold().replace("_", " ").split()))
    return (key, "") if key else ("other", text)


def language_of(text: str) -> str:
    """The code of the language a "Language" cell names ("de", "de-AT", "German", "Deutsch"),
    or "" when it names none we write in."""
    words = " ".join(text.casefold().replace("_", "-").split())
    return _LANGUAGES.get(words) or _LANGUAGES.get(words.split("-")[0], "")


def _clean_into(row: Row, key: str, raw: str, where: str) -> None:
    """Check one value of field `key` and put it into the row, or note why not."""
    spec = FIELDS_BY_KEY[key]
    value = undo_formula_guard(raw.strip())
    if not value:
        return
    if _JUNK_RE.search(value):
        row.errors.append(
            (where, gettext_noop("holds binary data or characters that are not text"))
        )
        return
    if key in {"email", "phone", "tags"}:
        parts = [
            p.strip() for p in (_PHONE_SPLIT_RE if key == "phone" else _LIST_SPLIT_RE).split(value)
        ]
        parts = [p for p in parts if p]
        if key == "email":
            bad = [p for p in parts if len(p) > spec.max_length or not EMAIL_RE.match(p)]
            if bad:
                row.errors.append((where, gettext_noop("is not a valid e-mail address")))
                return
            row.emails += parts
        elif key == "phone":
            if any(not PHONE_RE.match(p) for p in parts):
                row.errors.append(
                    (
                        where,
                        gettext_noop("is not a phone number (digits, spaces and + ( ) - . / only)"),
                    )
                )
                return
            row.phones += parts
        else:
            if any(len(p) > spec.max_length for p in parts):
                row.errors.append((where, f"has a tag longer than {spec.max_length} characters"))
                return
            row.tags += parts
        return
    if len(value) > spec.max_length:
        row.errors.append(
            (where, f"is too long: {len(value):,} characters, at most {spec.max_length:,}")
        )
        return
    if key == "notes":
        row.notes.append(value)
    elif key == "external_id":
        row.external_id = value
    elif key == "resume":
        row.resume_file = value
    elif key == "full_name":
        first, last = split_full_name(value)
        if len(first) > 100 or len(last) > 100:
            row.errors.append(
                (where, gettext_noop("is too long: first and last name may have 100 characters"))
            )
            return
        # Explicit first and last name columns are read after this one, so they win.
        row.values["first_name"], row.values["last_name"] = first, last
        row.name_field = where
    elif key in {"linkedin_url", "github_url", "portfolio_url"}:
        url = normalise_url(value)
        if len(url) > spec.max_length or not URL_RE.match(url):
            row.errors.append((where, gettext_noop("is not a web address")))
            return
        row.values[key] = url
    elif key == "source":
        source, detail = source_of(value)
        row.values["source"] = source
        if detail:
            row.values.setdefault("source_detail", detail[:200])
    elif key == "language":
        code = language_of(value)
        if not code:
            row.errors.append(
                (where, "is not a language we write in (" + ", ".join(LANGUAGE_WORDS) + ")")
            )
            return
        row.values["language"] = code
    elif key in {"location", "address"}:
        joined = ", ".join(p for p in (row.values.get(key, ""), value) if p)
        if len(joined) > spec.max_length:
            row.errors.append((where, f"makes the {key} longer than {spec.max_length} characters"))
            return
        row.values[key] = joined
    else:
        if key == "first_name":
            row.name_field = where
        row.values[key] = value


def csv_rows(text: str, delimiter: str, mapping: list[str]) -> Iterator[Row]:
    """One cleaned Row per record after the header (blank records are skipped)."""
    _, header = read_header(text, delimiter)
    width = len(header)
    # Explicit first/last name columns go after a full name column, so they win.
    order = sorted(
        (i for i, key in enumerate(mapping) if key),
        key=lambda i: (mapping[i] in {"first_name", "last_name"}, i),
    )
    name_column = next(
        (header[i] for key in ("first_name", "full_name") for i in order if mapping[i] == key),
        "first_name",
    )
    for number, cells, problem in _data_records(text, delimiter):
        row = Row(number, name_field=name_column)
        if problem:
            row.errors.append(("", problem))
            yield row
            continue
        if len(cells) != width:
            extra = cells[width:]
            if len(cells) < width or any(c.strip() for c in extra):
                row.errors.append(
                    ("", f"has {len(cells)} cells where the header has {width} columns")
                )
                yield row
                continue
        for index in order:
            _clean_into(row, mapping[index], cells[index], header[index])
        yield row


# --- JSON Resume ------------------------------------------------------------------------------


def load_json_resumes(data: bytes) -> list:
    """The resumes of a JSON Resume file: one object, or a list of them (ImportFileError)."""
    text, _ = decode(data)
    if _JUNK_RE.search(text):
        raise ImportFileError(
            gettext_noop("This file holds characters that are not text; it is not JSON.")
        )
    try:
        document = json.loads(text)
    except ValueError as error:
        where = f" (line {error.lineno}, column {error.colno})" if hasattr(error, "lineno") else ""
        raise ImportFileError(f"This is not valid JSON{where}.") from None
    except RecursionError:
        raise ImportFileError(
            gettext_noop("This JSON is nested too deeply to be a resume.")
        ) from None
    if isinstance(document, dict):
        return [document]
    if isinstance(document, list):
        return document
    raise ImportFileError(
        gettext_noop("A JSON Resume file holds one resume object, or a list of them.")
    )


def _text(value) -> str:
    return value.strip() if isinstance(value, str) else ""


def json_resume_row(number: int, resume) -> Row:
    """A Row from one JSON Resume object (jsonresume.org schema v1); the resume rides along."""
    row = Row(number, name_field="basics.name")
    if not isinstance(resume, dict):
        row.errors.append(("", gettext_noop("is not a JSON Resume object")))
        return row
    basics = resume.get("basics") or {}
    if not isinstance(basics, dict):
        row.errors.append(("basics", gettext_noop("must be an object")))
        return row
    for key in ("work", "education", "skills"):
        if resume.get(key) is not None and not (
            isinstance(resume[key], list) and all(isinstance(i, dict) for i in resume[key])
        ):
            row.errors.append((key, gettext_noop("must be a list of objects")))
    if row.errors:
        return row
    if _text(basics.get("name")):
        _clean_into(row, "full_name", _text(basics.get("name")), "basics.name")
    for key, path in (("email", "basics.email"), ("phone", "basics.phone")):
        if _text(basics.get(key)):
            _clean_into(row, key, _text(basics[key]), path)
    current = next(
        (w for w in resume.get("work") or [] if not w.get("endDate") and w.get("name")), None
    )
    label = _text(basics.get("label")) or _text((current or {}).get("position"))
    if label:
        _clean_into(row, "current_title", label, "basics.label")
    if current:
        _clean_into(row, "current_employer", _text(current.get("name")), "work.name")
    if _text(basics.get("summary")):
        _clean_into(row, "summary", _text(basics["summary"]), "basics.summary")
    location = basics.get("location") or {}
    if isinstance(location, dict):
        place = ", ".join(
            _text(location.get(k)) for k in ("city", "region") if _text(location.get(k))
        )
        if place:
            _clean_into(row, "location", place, "basics.location")
        address = _text(location.get("address"))
        if address:
            # The postal address, completed by the parts it does not already hold
            parts = [address] + [
                _text(location.get(k))
                for k in ("postalCode", "city", "countryCode")
                if _text(location.get(k)) and _text(location.get(k)) not in address
            ]
            _clean_into(row, "address", ", ".join(parts), "basics.location")
    links = [("basics.url", _text(basics.get("url")))]
    for i, profile in enumerate(basics.get("profiles") or []):
        if isinstance(profile, dict):
            links.append((f"basics.profiles.{i}.url", _text(profile.get("url"))))
    for path, url in links:
        if not url:
            continue
        key = (
            "linkedin_url"
            if "linkedin.com" in url.casefold()
            else "github_url"
            if "github.com" in url.casefold()
            else "portfolio_url"
        )
        if key not in row.values:
            _clean_into(row, key, url, path)
    extra = (
        (resume.get("meta") or {}).get("outhire") if isinstance(resume.get("meta"), dict) else None
    )
    if isinstance(extra, dict):
        # What an Outhire export adds beyond the schema: every address, number and tag
        for key, path in (("email", "emails"), ("phone", "phones"), ("tags", "tags")):
            values = extra.get(path)
            if isinstance(values, list):
                text = ";".join(v for v in values if isinstance(v, str))
                if text:
                    _clean_into(row, key, text, f"meta.outhire.{path}")
        employer = _text(extra.get("currentEmployer"))
        if employer and "current_employer" not in row.values:
            _clean_into(row, "current_employer", employer, "meta.outhire.currentEmployer")
    row.emails = list(dict.fromkeys(row.emails))
    row.phones = list(dict.fromkeys(row.phones))
    row.resume = _sane_resume(resume, basics)
    return row


def _sane_resume(resume: dict, basics: dict) -> dict:
    """The parts of a JSON Resume the profile is filled from, each of the type it expects."""

    def objects(value) -> list[dict]:
        return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []

    basics = {k: v for k, v in basics.items() if isinstance(v, str | int | float)} | {
        "profiles": objects(basics.get("profiles")),
        "location": basics["location"] if isinstance(basics.get("location"), dict) else {},
    }
    meta = resume.get("meta") if isinstance(resume.get("meta"), dict) else {}
    return {
        "basics": basics,
        "work": objects(resume.get("work")),
        "education": objects(resume.get("education")),
        "skills": objects(resume.get("skills")),
        "meta": meta,
    }


def json_resume_rows(resumes: list) -> Iterator[Row]:
    for number, resume in enumerate(resumes, start=1):
        yield json_resume_row(number, resume)
