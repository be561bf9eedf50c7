"""A corpus of hostile documents, made on the fly: the files a stranger could send to take the
site down through text extraction, and the damaged files real people send by mistake.

Every file is small (at most a few hundred KB, most a few KB) and expands, when read naively,
into gigabytes of memory or minutes of work. `corpus()` returns them by name; the tests run
each through every entry point (apply form, staff upload, API, import, `outhire parse-resume`)
and bench/hostile.py measures the time and memory of each.

    .venv/bin/python -m outhire.candidates.tests.hostile_files OUT_DIR   # writes the files
"""

from __future__ import annotations

import functools
import io
import random
import sys
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

DOCX_CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    b'package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/>'
    b"</Types>"
)
W_NS = b"http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _zip(members: dict[str, bytes], *, level: int = 9) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _incompressible(size: int) -> bytes:
    """Random bytes, the same every run: padding that keeps a file under the zip-bomb ratio."""
    return random.Random(size).randbytes(size)


def _docx(document_xml: bytes, **extra: bytes) -> bytes:
    return _zip({"[Content_Types].xml": DOCX_CONTENT_TYPES, "word/document.xml": document_xml,
                 **extra})  # fmt: skip


def _odt(content_xml: bytes) -> bytes:
    return _zip(
        {"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": content_xml}
    )


def _repeat_deflated(pattern: bytes, total: int, *, head: bytes = b"", tail: bytes = b"") -> bytes:
    """zlib data of `head`, `pattern` repeated to `total` bytes and `tail`, made without holding
    `total` bytes in memory."""
    compressor = zlib.compressobj(9)
    chunk = pattern * max(1, (1 << 20) // len(pattern))
    out, written = [compressor.compress(head)], 0
    while written < total:
        piece = chunk[: total - written]
        out.append(compressor.compress(piece))
        written += len(piece)
    out.append(compressor.compress(tail))
    out.append(compressor.flush())
    return b"".join(out)


def _pdf(content: bytes, *, filters: str = "/FlateDecode", pages: int = 1,
         media_box: str = "0 0 612 792", repeat: int = 1) -> bytes:  # fmt: skip
    """A minimal valid PDF whose every page shows the same (already encoded) content stream,
    `repeat` times over (a page's contents may be an array of streams, the same one repeated)."""
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"",  # the page tree, filled in below
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d /Filter %s >>\nstream\n" % (len(content), filters.encode())
        + content
        + b"\nendstream",
    ]
    kids = []
    contents = b"[" + b" ".join([b"4 0 R"] * repeat) + b"]" if repeat > 1 else b"4 0 R"
    for _ in range(pages):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [%s] /Contents %s "
            b"/Resources << /Font << /F1 3 0 R >> >> >>" % (media_box.encode(), contents)
        )
        kids.append(b"%d 0 R" % len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), pages)
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
              % (len(objects) + 1, xref))  # fmt: skip
    return out.getvalue()


def normal_pdf() -> bytes:
    text = b"BT /F1 11 Tf 72 720 Td (Jane Doe - Senior Python Developer) Tj ET"
    return _pdf(zlib.compress(text))


# --- DOCX / ODT -------------------------------------------------------------------------------


def docx_lt_flood() -> bytes:
    """1.3 KB: a document.xml of a million '<' (a tag-stripping regex goes quadratic on it)."""
    return _docx(b"<w:document><w:body><w:p><w:r><w:t>" + b"<" * 1_000_000)


def docx_unclosed_break_flood() -> bytes:
    """1.1 MB: ninety 1 MB headers of '<' and '<w:br ' that never close, and 1 MB of padding
    that keeps the file under the zip-bomb ratio."""
    header = b"<w:hdr>" + b"<w:br a='1' <" * 80_000
    headers = {f"word/header{n}.xml": header for n in range(90)}
    return _docx(
        b"<w:document/>", **headers, **{"word/media/image1.png": _incompressible(1_100_000)}
    )


def docx_billion_laughs() -> bytes:
    """Entity expansion: ten levels of ten references each (a billion 'lol's)."""
    entities = [b'<!ENTITY lol0 "lol">']
    for level in range(1, 10):
        refs = b"".join(b"&lol%d;" % (level - 1) for _ in range(10))
        entities.append(b'<!ENTITY lol%d "%s">' % (level, refs))
    xml = (
        b'<?xml version="1.0"?><!DOCTYPE w:document [' + b"".join(entities) + b"]>"
        b'<w:document xmlns:w="' + W_NS + b'"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>'
        b"</w:body></w:document>"
    )
    return _docx(xml)


def docx_text_flood() -> bytes:
    """A valid document with ninety headers of 1 MB text each (a thousand times any resume)."""
    paragraph = b"<w:p><w:r><w:t>" + b"Python developer " * 50 + b"</w:t></w:r></w:p>"
    xml = (
        b'<w:hdr xmlns:w="' + W_NS + b'">' + paragraph * (1_000_000 // len(paragraph)) + b"</w:hdr>"
    )
    headers = {f"word/header{n}.xml": xml for n in range(90)}
    return _docx(b'<w:document xmlns:w="' + W_NS + b'"/>', **headers,
                 **{"word/media/image1.png": _incompressible(950_000)})  # fmt: skip


def docx_deep_nesting() -> bytes:
    """180,000 nested elements."""
    xml = b'<w:document xmlns:w="' + W_NS + b'">' + b"<w:r>" * 180_000
    return _docx(xml, **{"word/media/image1.png": _incompressible(60_000)})


def docx_zip_bomb() -> bytes:
    """A member that expands 1000 times (a classic zip bomb)."""
    return _docx(b"<w:document/>", **{"word/media/bomb.bin": b"\0" * 60_000_000})


def docx_many_members() -> bytes:
    """Twenty thousand empty members."""
    members = {f"word/header{n}.xml": b"" for n in range(20_000)}
    return _docx(b"<w:document/>", **members)


def docx_truncated() -> bytes:
    data = _docx(b'<w:document xmlns:w="' + W_NS + b'"><w:body><w:p><w:r><w:t>Jane</w:t>'
                 b"</w:r></w:p></w:body></w:document>")  # fmt: skip
    return data[: len(data) // 2]


def docx_encrypted() -> bytes:
    """What Word writes for a password-protected document: an OLE compound file."""
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4096


def odt_lt_flood() -> bytes:
    return _odt(b"<office:document-content><text:p>" + b"<" * 1_000_000)


# --- PDF --------------------------------------------------------------------------------------


def pdf_text_operator_flood() -> bytes:
    """About 40 KB: one page whose content stream is 40 MB of show-text operators."""
    return _pdf(_repeat_deflated(b"(abcdefgh) Tj ", 40_000_000, head=b"BT /F1 1 Tf ", tail=b" ET"))


def pdf_big_text_operator_flood() -> bytes:
    """About 300 KB: one page drawing 300 MB of text."""
    return _pdf(_repeat_deflated(b"(abcdefgh) Tj ", 300_000_000, head=b"BT /F1 1 Tf ", tail=b" ET"))


def pdf_compression_bomb() -> bytes:
    """A doubly deflated 20 MB content stream drawn 100 times: 2 GB from a few KB."""
    inner = _repeat_deflated(b"                                  (a) Tj\n", 20_000_000,
                             head=b"BT /F1 1 Tf ", tail=b" ET")  # fmt: skip
    return _pdf(zlib.compress(inner, 9), filters="[/FlateDecode /FlateDecode]", repeat=100)


def pdf_many_pages() -> bytes:
    """Twenty thousand pages sharing one content stream, each the size of a football field."""
    text = b"BT /F1 11 Tf 72 720 Td (page) Tj ET"
    return _pdf(zlib.compress(text), pages=20_000, media_box="0 0 14400 14400")


def pdf_truncated() -> bytes:
    data = normal_pdf()
    return data[: len(data) // 2]


def pdf_encrypted() -> bytes:
    """A PDF whose trailer says it is encrypted with a password we do not have."""
    data = normal_pdf()
    head, _, tail = data.rpartition(b"trailer\n<< ")
    encrypt = (
        b"/Encrypt << /Filter /Standard /V 2 /R 3 /Length 128 /P -4 "
        b"/O <" + b"00" * 32 + b"> /U <" + b"11" * 32 + b"> >> /ID [<01><01>] "
    )
    return head + b"trailer\n<< " + encrypt + tail


def pdf_garbage_after_header() -> bytes:
    return b"%PDF-1.4\n" + bytes(range(256)) * 400 + b"\n%%EOF\n"


# --- RTF, HTML, text --------------------------------------------------------------------------


def rtf_deep_groups() -> bytes:
    return b"{\\rtf1 " + b"{" * 2_000_000 + b"text" + b"}" * 10


def rtf_unicode_flood() -> bytes:
    return b"{\\rtf1\\uc1 " + b"\\u9731?" * 1_000_000 + b"}"


def html_comment_flood() -> bytes:
    return b"<html><body>" + b"<!--" * 1_000_000


def html_tag_flood() -> bytes:
    return b"<html><body>" + b"<a " * 2_000_000


def txt_one_long_line() -> bytes:
    return b"python " * 1_400_000


HOSTILE: dict[str, tuple[str, Callable[[], bytes]]] = {
    "docx-lt-flood.docx": ("a 1.3 KB DOCX of '<'", docx_lt_flood),
    "docx-unclosed-break-flood.docx": ("a DOCX of unclosed breaks", docx_unclosed_break_flood),
    "docx-billion-laughs.docx": ("entity expansion", docx_billion_laughs),
    "docx-text-flood.docx": ("90 MB of text", docx_text_flood),
    "docx-deep-nesting.docx": ("180,000 nested elements", docx_deep_nesting),
    "docx-zip-bomb.docx": ("a zip bomb", docx_zip_bomb),
    "docx-many-members.docx": ("20,000 ZIP members", docx_many_members),
    "docx-truncated.docx": ("cut in half", docx_truncated),
    "docx-encrypted.docx": ("password-protected", docx_encrypted),
    "odt-lt-flood.odt": ("an ODT of '<'", odt_lt_flood),
    "pdf-text-operator-flood.pdf": ("40 MB of text operators", pdf_text_operator_flood),
    "pdf-big-text-operator-flood.pdf": ("300 MB of text operators", pdf_big_text_operator_flood),
    "pdf-compression-bomb.pdf": ("a doubly deflated stream", pdf_compression_bomb),
    "pdf-many-pages.pdf": ("20,000 huge pages", pdf_many_pages),
    "pdf-truncated.pdf": ("cut in half", pdf_truncated),
    "pdf-encrypted.pdf": ("password-protected", pdf_encrypted),
    "pdf-garbage.pdf": ("a header and garbage", pdf_garbage_after_header),
    "rtf-deep-groups.rtf": ("two million nested groups", rtf_deep_groups),
    "rtf-unicode-flood.rtf": ("a million \\u escapes", rtf_unicode_flood),
    "html-comment-flood.html": ("a million unclosed comments", html_comment_flood),
    "html-tag-flood.html": ("two million unclosed tags", html_tag_flood),
    "txt-one-long-line.txt": ("a 10 MB line", txt_one_long_line),
}


def corpus() -> Iterator[tuple[str, bytes]]:
    """(file name, content) of every hostile file, made now."""
    for name, (_, make) in HOSTILE.items():
        yield name, make()


@functools.cache
def hostile_file(name: str) -> bytes:
    """One hostile file, made once per process: making the whole corpus takes seconds (the PDF
    text-operator flood alone 1-3 s), and a test that needs one file should not make all 22."""
    return HOSTILE[name][1]()


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "hostile-corpus")
    target.mkdir(parents=True, exist_ok=True)
    for name, data in corpus():
        (target / name).write_bytes(data)
        print(f"{len(data):>10,} bytes  {name}")
