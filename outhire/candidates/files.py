"""Uploaded documents: what a file really is (by content, not by name) and its text.

Plain Python with no Django imports. `inspect_document` refuses anything we should not store
(empty, too large, encrypted, damaged, zip bombs, unknown binary) with a `DocumentError` whose
message can be shown to the person who uploaded the file. `extract_text` turns an accepted file
into plain text of at most MAX_TEXT_CHARS characters, quickly:

- PDF through pypdfium2 (PDFium, BSD-3/Apache-2.0): about 20x faster than pypdf on real resumes
  (measured in bench/parse.py), at most PAGE_MAX_CHARS characters a page;
- DOCX and ODT read from their ZIP with capped reads, their XML streamed through expat (linear
  time; a document type declaration, and so any entity expansion, is refused);
- RTF through a small linear-time tokenizer, HTML through a forward scan.

Each reader stops at the text limit. What no reader can bound by itself (PDFium's memory on a
page of a million text operators, a parser's worst case) is bounded by running both functions
in a child process with time and memory limits: `outhire.candidates.reading`.
"""

from __future__ import annotations

import codecs
import hashlib
import html
import io
import re
import zipfile
from dataclasses import dataclass
from enum import StrEnum
from xml.parsers import expat


def gettext_noop(message: str) -> str:
    """Marks a message for the catalogues (`outhire makemessages` looks for this name); it is
    translated where it is shown (`DocumentError.translated`). This module has no Django
    imports: it also runs in a bare child process (`outhire.candidates.reading`)."""
    return message


# Zip bomb limits for DOCX/ODT: a real resume has a few dozen members, expands to a few MB.
ZIP_MAX_MEMBERS = 1000
ZIP_MAX_TOTAL_UNCOMPRESSED = 100 * 1024 * 1024
ZIP_MAX_RATIO = 100
ZIP_RATIO_FLOOR = 1024 * 1024  # members smaller than this may compress as well as they like
XML_MAX_BYTES = 50 * 1024 * 1024
PDF_MAX_PAGES = 60
# Text kept of one document: a long resume is 20,000 characters; beyond this cap the rest is
# dropped (docs/parsing.md), so search and parsing never see a 9-million-character "resume".
MAX_TEXT_CHARS = 200_000
# A dense page holds about 6,000 characters; one that claims more is cut.
PAGE_MAX_CHARS = 20_000


class DocumentKind(StrEnum):
    PDF = "pdf"
    DOCX = "docx"
    ODT = "odt"
    RTF = "rtf"
    HTML = "html"
    TXT = "txt"


# What a download is served as. HTML goes out as an opaque download so a browser never renders it.
DOWNLOAD_CONTENT_TYPES = {
    DocumentKind.PDF: "application/pdf",
    DocumentKind.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    DocumentKind.ODT: "application/vnd.oasis.opendocument.text",
    DocumentKind.RTF: "application/rtf",
    DocumentKind.HTML: "application/octet-stream",
    DocumentKind.TXT: "text/plain; charset=utf-8",
}
KIND_LABELS = {
    DocumentKind.PDF: "PDF",
    DocumentKind.DOCX: "Word (DOCX)",
    DocumentKind.ODT: "OpenDocument (ODT)",
    DocumentKind.RTF: "RTF",
    DocumentKind.HTML: "HTML",
    DocumentKind.TXT: gettext_noop("plain text"),
}
EXTENSIONS = {
    DocumentKind.PDF: {"pdf"},
    DocumentKind.DOCX: {"docx"},
    DocumentKind.ODT: {"odt"},
    DocumentKind.RTF: {"rtf"},
    DocumentKind.HTML: {"html", "htm", "xhtml"},
    DocumentKind.TXT: {"txt", "text", "md"},
}
SUPPORTED = gettext_noop(
    "Upload a PDF, Word (DOCX), OpenDocument (ODT), RTF, HTML or plain text file."
)


class DocumentError(ValueError):
    """A file we refuse; `str(error)` is an English sentence for the person who uploaded it,
    `error.translated()` the same sentence in the active language."""

    def __init__(self, message: str, params: dict | None = None) -> None:
        self.message, self.params = message, params or {}
        super().__init__(message % self.params if self.params else message)

    def translated(self) -> str:
        """The sentence in the active language (a parameter such as "plain text" too)."""
        from django.utils.translation import gettext

        if not self.params:
            return gettext(self.message)
        params = {k: gettext(v) if isinstance(v, str) else v for k, v in self.params.items()}
        return gettext(self.message) % params


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    kind: DocumentKind
    size: int
    sha256: str
    content_type: str
    extension: str
    extension_matches: bool
    note: str = ""
    # The note's message and parameters, for `translated_note`.
    note_message: tuple[str, dict] | None = None

    @property
    def label(self) -> str:
        return KIND_LABELS[self.kind]

    def translated_note(self) -> str:
        """`note` in the active language."""
        if self.note_message is None:
            return self.note
        return DocumentError(*self.note_message).translated()


def _megabytes(n: int) -> str:
    return f"{n / (1024 * 1024):.1f}".rstrip("0").rstrip(".") + " MB"


def inspect_document(data: bytes, filename: str, *, max_bytes: int) -> DocumentInfo:
    """Decide what `data` is by its content and check it is safe to keep, or raise DocumentError."""
    info = sniff_document(data, filename, max_bytes=max_bytes)
    if info.kind is DocumentKind.PDF:
        _check_pdf(data)
    elif info.kind in (DocumentKind.DOCX, DocumentKind.ODT):
        _check_zip_document(data, info.kind)
    return info


def sniff_document(data: bytes, filename: str, *, max_bytes: int) -> DocumentInfo:
    """What `inspect_document` says of a file, without its deep checks (opening the PDF,
    unpacking the document's main part): cheap, bounded by the file's size."""
    size = len(data)
    if size == 0:
        raise DocumentError(
            gettext_noop("The file is empty (0 bytes). Please choose the file again.")
        )
    if size > max_bytes:
        raise DocumentError(
            gettext_noop("The file is %(size)s, larger than the %(limit)s limit."),
            {"size": _megabytes(size), "limit": _megabytes(max_bytes)},
        )
    kind = sniff_kind(data)
    given = filename.rsplit(".", 1)[-1].casefold() if "." in filename else ""
    matches = given in EXTENSIONS[kind]
    note, note_params = "", {}
    if not matches:
        note = (
            gettext_noop(
                'The file name has ".%(extension)s" but the file is %(kind)s; it was read as such.'
            )
            if given
            else gettext_noop(
                "The file name has no extension but the file is %(kind)s; it was read as such."
            )
        )
        note_params = {"extension": given, "kind": KIND_LABELS[kind]}
    return DocumentInfo(
        kind=kind,
        size=size,
        sha256=hashlib.sha256(data).hexdigest(),
        content_type=DOWNLOAD_CONTENT_TYPES[kind],
        extension=sorted(EXTENSIONS[kind])[0] if kind is not DocumentKind.HTML else "html",
        extension_matches=matches,
        note=note % note_params if note else "",
        note_message=(note, note_params) if note else None,
    )


_IMAGE = gettext_noop("This is an image, not a document. %(supported)s")
_PROGRAM = gettext_noop("This is a program, not a document. %(supported)s")
_ARCHIVE = gettext_noop("This is a compressed archive, not a document. %(supported)s")
_BINARY_SIGNATURES = [
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", gettext_noop("This is an old Word (.doc) file or a "
     "password-protected Office document, which we can't read. Save it as PDF or DOCX and "
     "upload it again.")),
    (b"\x89PNG", _IMAGE),
    (b"\xff\xd8\xff", _IMAGE),
    (b"GIF8", _IMAGE),
    (b"II*\x00", _IMAGE),
    (b"MM\x00*", _IMAGE),
    (b"MZ", _PROGRAM),
    (b"\x7fELF", _PROGRAM),
    (b"\x1f\x8b", _ARCHIVE),
    (b"Rar!", _ARCHIVE),
    (b"7z\xbc\xaf", _ARCHIVE),
]  # fmt: skip
_HTML_START_RE = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S
)  # noqa: E501


def sniff_kind(data: bytes) -> DocumentKind:
    head = data[:1024]
    if b"%PDF-" in head:
        return DocumentKind.PDF
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _zip_kind(data)
    for signature, message in _BINARY_SIGNATURES:
        if head.startswith(signature):
            raise DocumentError(message, {"supported": SUPPORTED})
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"{\\rtf"):
        return DocumentKind.RTF
    if not _is_text(data):
        raise DocumentError(
            gettext_noop("This file type is not supported. %(supported)s"), {"supported": SUPPORTED}
        )
    if _HTML_START_RE.match(_decode(head[:1024]).encode("utf-8", "ignore")):
        return DocumentKind.HTML
    return DocumentKind.TXT


def _is_text(data: bytes) -> bool:
    sample = data[:65536]
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return True
    if b"\x00" in sample:
        return False
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls <= len(sample) // 200


def _decode(data: bytes) -> str:
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", "replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", "replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start >= len(data) - 3:  # a character cut in two where a limit cut the file
            return data[: error.start].decode("utf-8")
        return data.decode("cp1252", "replace")


# ---------------------------------------------------------------------------- PDF


def _open_pdf(data: bytes):
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).casefold():
            raise DocumentError(
                gettext_noop(
                    "This PDF is password-protected. Remove the password and upload it again."
                )
            ) from None
        raise DocumentError(
            gettext_noop(
                "This PDF is damaged or incomplete (it may have been cut off while uploading)."
            )
        ) from None


def _check_pdf(data: bytes) -> None:
    if b"%%EOF" not in data[-2048:]:
        raise DocumentError(
            gettext_noop(
                "This PDF is damaged or incomplete (it may have been cut off while uploading)."
            )
        )
    pdf = _open_pdf(data)
    try:
        if len(pdf) == 0:
            raise DocumentError(gettext_noop("This PDF has no pages."))
    finally:
        pdf.close()


def _pdf_text(data: bytes, limit: int) -> str:
    pdf = _open_pdf(data)
    out: list[str] = []
    size = 0
    try:
        for index in range(min(len(pdf), PDF_MAX_PAGES)):
            page = pdf[index]
            textpage = page.get_textpage()
            try:
                count = min(textpage.count_chars(), PAGE_MAX_CHARS, limit - size)
                out.append(textpage.get_text_range(0, count) if count > 0 else "")
            finally:
                textpage.close()
                page.close()
            size += len(out[-1]) + 1
            if size >= limit:
                break
    finally:
        pdf.close()
    return "\n".join(out).replace("\r\n", "\n").replace("\r", "\n")


# ---------------------------------------------------------------------------- DOCX / ODT

ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


def _zip_kind(data: bytes) -> DocumentKind:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        names = set(zf.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise DocumentError(
            gettext_noop(
                "This file is a damaged ZIP archive (a DOCX or ODT file that was cut off?)."
            )
        ) from None
    if "word/document.xml" in names and "[Content_Types].xml" in names:
        return DocumentKind.DOCX
    if "mimetype" in names and "content.xml" in names:
        mimetype = _read_member(zf, "mimetype", 200).strip()
        if mimetype == ODT_MIMETYPE:
            return DocumentKind.ODT
        raise DocumentError(
            gettext_noop(
                "This OpenDocument file is not a text document (a spreadsheet or "
                "presentation?). %(supported)s"
            ),
            {"supported": SUPPORTED},
        )
    raise DocumentError(
        gettext_noop("This ZIP archive is not a Word (DOCX) or OpenDocument (ODT) document.")
    )


def _check_zip_document(data: bytes, kind: DocumentKind) -> None:
    zf = zipfile.ZipFile(io.BytesIO(data))
    infos = zf.infolist()
    if len(infos) > ZIP_MAX_MEMBERS:
        raise DocumentError(
            gettext_noop(
                "This %(kind)s file holds %(parts)s parts, more than any real document; it "
                "was refused as a possible zip bomb."
            ),
            {"kind": KIND_LABELS[kind], "parts": len(infos)},
        )
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise DocumentError(
                gettext_noop(
                    "This document is password-protected. Remove the password and upload it again."
                )
            )
        total += info.file_size
        if info.file_size > ZIP_RATIO_FLOOR and info.file_size > ZIP_MAX_RATIO * max(
            info.compress_size, 1
        ):
            raise DocumentError(
                gettext_noop(
                    "This %(kind)s file expands more than %(ratio)s times when unpacked; "
                    "it was refused as a possible zip bomb."
                ),
                {"kind": KIND_LABELS[kind], "ratio": ZIP_MAX_RATIO},
            )
    if total > ZIP_MAX_TOTAL_UNCOMPRESSED:
        raise DocumentError(
            gettext_noop(
                "This %(kind)s file unpacks to %(total)s, more than the "
                "%(limit)s a document may; it was refused as a possible "
                "zip bomb."
            ),
            {
                "kind": KIND_LABELS[kind],
                "total": _megabytes(total),
                "limit": _megabytes(ZIP_MAX_TOTAL_UNCOMPRESSED),
            },
        )
    if total > ZIP_RATIO_FLOOR and total > ZIP_MAX_RATIO * max(len(data), 1):
        raise DocumentError(
            gettext_noop(
                "This %(kind)s file expands more than %(ratio)s times when unpacked; "
                "it was refused as a possible zip bomb."
            ),
            {"kind": KIND_LABELS[kind], "ratio": ZIP_MAX_RATIO},
        )
    main = "word/document.xml" if kind is DocumentKind.DOCX else "content.xml"
    try:
        _read_member(zf, main, XML_MAX_BYTES)
    except DocumentError:
        raise
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, KeyError):
        raise DocumentError(
            gettext_noop(
                "This %(kind)s file is damaged and can't be read. Save it again and re-upload it."
            ),
            {"kind": KIND_LABELS[kind]},
        ) from None


def _read_member(zf: zipfile.ZipFile, name: str, limit: int) -> bytes:
    """Read a ZIP member but never more than `limit` bytes, whatever its header claims."""
    with zf.open(name) as fh:
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise DocumentError(
            gettext_noop(
                "This document unpacks to more than a document may; it was refused as a "
                "possible zip bomb."
            )
        )
    return data


W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006}"
_XML_CHUNK = 256 * 1024


class _XMLText:
    """Text of a DOCX or ODT part, read by expat as a stream: linear time, no entities.

    A document type declaration (the only way to declare entities, and so to expand a
    "billion laughs") makes the part unreadable; no office program writes one. Reading stops
    once `limit` characters are collected, so a part with a hundred times a resume's text costs
    no more than the limit.
    """

    def __init__(self, *, limit: int, odt: bool) -> None:
        self.out: list[str] = []
        self.size = 0
        self.limit = limit
        self.odt = odt
        self._in_text = 0  # depth inside w:t (DOCX) or text:p / text:h (ODT)
        self._skip = 0  # depth inside mc:Fallback (a copy of the text before it)
        self._in_tab_stops = False  # a w:tab inside w:tabs is a tab stop, not a tab
        self.parser = expat.ParserCreate(namespace_separator="}")
        self.parser.buffer_text = True
        self.parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        self.parser.StartDoctypeDeclHandler = self._refuse_doctype
        self.parser.StartElementHandler = self._start
        self.parser.EndElementHandler = self._end
        self.parser.CharacterDataHandler = self._data

    def _refuse_doctype(self, *args) -> None:
        raise DocumentError(
            gettext_noop("This document declares its own entities, which no office program does.")
        )

    def _add(self, text: str) -> None:
        if self._skip:
            return
        self.out.append(text)
        self.size += len(text)

    def _start(self, name: str, attrs: dict) -> None:
        if name == MC_NS + "Fallback":
            self._skip += 1
        elif self.odt:
            if name in (TEXT_NS + "p", TEXT_NS + "h"):
                self._in_text += 1
            elif self._in_text and name == TEXT_NS + "s":
                count = attrs.get(TEXT_NS + "c", "1")
                self._add(" " * min(int(count) if count.isdigit() else 1, 100))
            elif self._in_text and name == TEXT_NS + "tab":
                self._add("\t")
            elif self._in_text and name == TEXT_NS + "line-break":
                self._add("\n")
        elif name == W_NS + "t":
            self._in_text += 1
        elif name in (W_NS + "br", W_NS + "cr"):
            self._add("\n")
        elif name == W_NS + "tab" and not self._in_tab_stops:
            self._add("\t")
        elif name == W_NS + "tabs":
            self._in_tab_stops = True

    def _end(self, name: str) -> None:
        if name == MC_NS + "Fallback":
            self._skip -= 1
        elif self.odt:
            if name in (TEXT_NS + "p", TEXT_NS + "h"):
                self._in_text -= 1
                self._add("\n")
        elif name == W_NS + "t":
            self._in_text -= 1
        elif name == W_NS + "p":
            self._add("\n")
        elif name == W_NS + "tabs":
            self._in_tab_stops = False

    def _data(self, data: str) -> None:
        if self._in_text > 0:
            self._add(data)

    def read(self, xml: bytes) -> str:
        try:
            for offset in range(0, len(xml), _XML_CHUNK):
                self.parser.Parse(xml[offset : offset + _XML_CHUNK], False)
                if self.size >= self.limit:
                    break
            else:
                self.parser.Parse(b"", True)
        except expat.ExpatError:
            # What came before the damage is kept; a part damaged from the start has no text.
            if not self.size:
                raise DocumentError(
                    gettext_noop("This document's text is damaged and can't be read.")
                ) from None
        return "".join(self.out)[: self.limit]


def _docx_text(data: bytes, limit: int) -> str:
    zf = zipfile.ZipFile(io.BytesIO(data))
    names = zf.namelist()
    parts = sorted(n for n in names if re.fullmatch(r"word/header\d*\.xml", n))
    parts.append("word/document.xml")
    out: list[str] = []
    size = 0
    for name in parts:
        text = _XMLText(limit=limit - size, odt=False).read(_read_member(zf, name, XML_MAX_BYTES))
        out.append(text)
        size += len(text) + 1
        if size >= limit:
            break
    return "\n".join(out)


def _odt_text(data: bytes, limit: int) -> str:
    zf = zipfile.ZipFile(io.BytesIO(data))
    return _XMLText(limit=limit, odt=True).read(_read_member(zf, "content.xml", XML_MAX_BYTES))


# ---------------------------------------------------------------------------- RTF

_RTF_TOKEN_RE = re.compile(
    r"\\([a-zA-Z]{1,32})(-?\d{1,10})? ?|\\'([0-9a-fA-F]{2})|\\(.)|([{}])|([^\\{}\r\n]+)|[\r\n]+",
    re.S,
)
_RTF_SKIP_DESTINATIONS = frozenset(
    """
        fonttbl colortbl stylesheet info pict object header footer headerl headerr footerl
        footerr themedata colorschememapping datastore latentstyles rsidtbl listtable
        listoverridetable generator xmlnstbl mmathPr filetbl revtbl fldinst
        """.split()  # noqa: SIM905
)
_RTF_BREAKS = {"par": "\n", "line": "\n", "row": "\n", "page": "\n", "sect": "\n", "tab": "\t",
               "cell": "\t", "emdash": "—", "endash": "–", "bullet": "•", "lquote": "‘",
               "rquote": "’", "ldblquote": "“", "rdblquote": "”", "~": " "}  # fmt: skip


def _rtf_text(data: bytes, limit: int) -> str:
    text = data.decode("latin-1")
    out: list[str] = []
    stack: list[tuple[bool, int]] = []
    skipping, uc, pending_skip = False, 1, 0
    for n, m in enumerate(_RTF_TOKEN_RE.finditer(text)):
        if n % 4096 == 0 and len(out) >= limit:
            break  # every piece is at least one character, so the text is past the limit
        if len(stack) > 1000:
            # Deeper than any real document: the rest is group braces, not text.
            raise DocumentError(gettext_noop("This RTF file nests deeper than any real document."))
        word, arg, hexcode, symbol, brace, plain = m.groups()
        if pending_skip and (plain or hexcode):
            if plain:
                plain = plain[pending_skip:]
                pending_skip = 0
            else:
                pending_skip -= 1
                continue
        if brace == "{":
            stack.append((skipping, uc))
        elif brace == "}":
            skipping, uc = stack.pop() if stack else (False, 1)
        elif symbol is not None:
            if symbol == "*":
                skipping = True
            elif not skipping and symbol in "\\{}":
                out.append(symbol)
            elif not skipping and symbol in "~-_":
                out.append(" " if symbol == "~" else "-")
        elif word is not None:
            if word in _RTF_SKIP_DESTINATIONS:
                skipping = True
            elif word == "uc" and arg:
                uc = max(0, min(int(arg), 4))
            elif word == "u" and arg and not skipping:
                code = int(arg) % 65536
                out.append(chr(code) if code < 0xD800 or code > 0xDFFF else "\ufffd")
                pending_skip = uc
            elif not skipping and word in _RTF_BREAKS:
                out.append(_RTF_BREAKS[word])
        elif hexcode is not None and not skipping:
            out.append(bytes([int(hexcode, 16)]).decode("cp1252", "replace"))
        elif plain and not skipping:
            out.append(plain)
    return "".join(out)


# ---------------------------------------------------------------------------- HTML


_HTML_BLOCKS = frozenset(
    """
        p div br li ul ol tr td th h1 h2 h3 h4 h5 h6 section article header footer table
        title dt dd address blockquote pre hr
        """.split()  # noqa: SIM905
)
_HTML_HIDDEN = frozenset({"script", "style", "noscript", "template", "head"})
_HTML_TAG_RE = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]{0,30})")


def _html_text(data: bytes, limit: int) -> str:
    """The text of an HTML page by one forward scan.

    Not the standard library's HTMLParser: it rescans unclosed comments and tags from their
    start, so a page of a million "<!--" takes minutes. Here every search moves forward, and
    whatever is left unclosed at the end is dropped as markup.
    """
    text = _decode(data)
    out: list[str] = []
    size, i, n = 0, 0, len(text)
    while i < n and size < limit:
        j = text.find("<", i)
        if j < 0:
            j = n
        if j > i:
            out.append(text[i:j])
            size += j - i
        if j >= n:
            break
        if text.startswith("<!--", j):
            end = text.find("-->", j + 4)
            i = n if end < 0 else end + 3
            continue
        tag = _HTML_TAG_RE.match(text, j)
        if tag is None:
            if text.startswith(("<!", "<?"), j):  # doctype, processing instruction
                end = text.find(">", j)
                i = n if end < 0 else end + 1
            else:
                out.append("<")  # a lone "<" in the text
                size += 1
                i = j + 1
            continue
        end = text.find(">", tag.end())
        if end < 0:
            break
        i = end + 1
        closing, name = tag.group(1), tag.group(2).lower()
        if name in _HTML_HIDDEN and not closing:
            close = re.compile(rf"</{name}\s*>", re.I).search(text, i)
            i = n if close is None else close.end()
        elif name in _HTML_BLOCKS:
            out.append("\n")
    return html.unescape("".join(out))


# ---------------------------------------------------------------------------- entry point

_BLANK_LINES_RE = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)+")


def extract_text(data: bytes, kind: DocumentKind | str, *, limit: int = MAX_TEXT_CHARS) -> str:
    """Plain text of a document inspect_document accepted, at most `limit` characters;
    DocumentError if it can't be read.

    Every reader stops once it has `limit` characters, so the work is bounded by the limit, not
    by what the file claims. Time and memory of the PDF engine are bounded by running this in a
    child process (`outhire.candidates.reading`).
    """
    kind = DocumentKind(kind)
    try:
        if kind is DocumentKind.PDF:
            text = _pdf_text(data, limit)
        elif kind is DocumentKind.DOCX:
            text = _docx_text(data, limit)
        elif kind is DocumentKind.ODT:
            text = _odt_text(data, limit)
        elif kind is DocumentKind.RTF:
            text = _rtf_text(data, limit)
        elif kind is DocumentKind.HTML:
            text = _html_text(data[: limit * 8], limit)
        else:
            text = _decode(data[: limit * 4])
    except DocumentError:
        raise
    except (zipfile.BadZipFile, KeyError, OSError, EOFError, ValueError, IndexError):
        raise DocumentError(
            gettext_noop("This %(kind)s file is damaged and its text can't be read."),
            {"kind": KIND_LABELS[kind]},
        ) from None
    text = text[:limit].replace("\x00", "")
    return _BLANK_LINES_RE.sub("\n\n", text).strip()
