"""Document checks and text extraction on fixtures made here: good files, hostile files."""

from __future__ import annotations

import hashlib
import io
import zipfile

import pytest

from outhire.candidates.files import (
    MAX_TEXT_CHARS,
    DocumentError,
    DocumentKind,
    extract_text,
    inspect_document,
)

MB = 1024 * 1024
LIMIT = 10 * MB


def make_pdf(text_lines: list[str]) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    y = 800
    for line in text_lines:
        c.drawString(50, y, line)
        y -= 16
    c.save()
    return buf.getvalue()


def make_encrypted_pdf() -> bytes:
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    enc = pdfencrypt.StandardEncryption("user-secret", "owner-secret", canPrint=0)
    c = canvas.Canvas(buf, encrypt=enc)
    c.drawString(50, 800, "Secret resume")
    c.save()
    return buf.getvalue()


def make_docx(paragraphs: list[str]) -> bytes:
    import docx

    document = docx.Document()
    for p in paragraphs:
        document.add_paragraph(p)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def make_odt(paragraphs: list[str]) -> bytes:
    body = "".join(f"<text:p>{p}</text:p>" for p in paragraphs)
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">'
        f"<office:body><office:text>{body}</office:text></office:body>"
        "</office:document-content>"
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.text", zipfile.ZIP_STORED)
        zf.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
        zf.writestr("META-INF/manifest.xml", "<manifest/>")
    return buf.getvalue()


@pytest.fixture(scope="module")
def pdf_bytes() -> bytes:
    return make_pdf(["Jane Doe", "Senior Python Developer", "jane@example.com"])


def test_it_reads_a_pdf_by_content(pdf_bytes):
    info = inspect_document(pdf_bytes, "resume.pdf", max_bytes=LIMIT)
    assert info.kind is DocumentKind.PDF
    assert info.sha256 == hashlib.sha256(pdf_bytes).hexdigest()
    assert info.content_type == "application/pdf"
    assert info.extension_matches
    text = extract_text(pdf_bytes, info.kind)
    assert "Jane Doe" in text and "Senior Python Developer" in text


def test_it_reports_the_real_type_behind_a_wrong_extension(pdf_bytes):
    info = inspect_document(pdf_bytes, "resume.docx", max_bytes=LIMIT)
    assert info.kind is DocumentKind.PDF
    assert not info.extension_matches
    assert ".docx" in info.note and "PDF" in info.note


def test_it_reads_docx_and_odt_whatever_their_names():
    docx_bytes = make_docx(["John Smith", "Data Engineer at Initech"])
    info = inspect_document(docx_bytes, "cv.pdf", max_bytes=LIMIT)
    assert info.kind is DocumentKind.DOCX
    assert "Data Engineer at Initech" in extract_text(docx_bytes, info.kind)

    odt_bytes = make_odt(["Maria Garcia", "Accountant &amp; auditor"])
    info = inspect_document(odt_bytes, "cv", max_bytes=LIMIT)
    assert info.kind is DocumentKind.ODT
    assert "Accountant & auditor" in extract_text(odt_bytes, info.kind)


def test_it_reads_rtf_html_and_text():
    rtf = rb"{\rtf1\ansi{\fonttbl{\f0 Arial;}}\f0 Jos\'e9 Silva\par Caf\u233? manager\par}"
    info = inspect_document(rtf, "cv.rtf", max_bytes=LIMIT)
    assert info.kind is DocumentKind.RTF
    text = extract_text(rtf, info.kind)
    assert "José Silva" in text and "Café manager" in text and "Arial" not in text

    page = b"<!DOCTYPE html><html><head><script>alert(1)</script></head><body><p>Ann Lee</p></body>"
    info = inspect_document(page, "cv.txt", max_bytes=LIMIT)
    assert info.kind is DocumentKind.HTML
    assert info.content_type == "application/octet-stream"  # never rendered inline
    assert extract_text(page, info.kind) == "Ann Lee"

    plain = "Zoë Brown\nNurse".encode()
    info = inspect_document(plain, "cv.txt", max_bytes=LIMIT)
    assert info.kind is DocumentKind.TXT
    assert extract_text(plain, info.kind) == "Zoë Brown\nNurse"


def test_it_refuses_an_empty_file():
    with pytest.raises(DocumentError, match="empty"):
        inspect_document(b"", "resume.pdf", max_bytes=LIMIT)


def test_it_refuses_a_file_over_the_limit():
    with pytest.raises(DocumentError, match="larger than the 1 MB limit"):
        inspect_document(b"a" * (MB + 1), "resume.txt", max_bytes=MB)


def test_it_refuses_a_truncated_pdf(pdf_bytes):
    with pytest.raises(DocumentError, match="damaged or incomplete"):
        inspect_document(pdf_bytes[: len(pdf_bytes) // 2], "resume.pdf", max_bytes=LIMIT)


def test_it_refuses_a_corrupt_pdf_with_an_end_marker():
    junk = b"%PDF-1.7\n" + b"\x13\x37garbage" * 50 + b"\n%%EOF\n"
    with pytest.raises(DocumentError, match="damaged or incomplete"):
        inspect_document(junk, "resume.pdf", max_bytes=LIMIT)


def test_it_refuses_an_encrypted_pdf():
    with pytest.raises(DocumentError, match="password-protected"):
        inspect_document(make_encrypted_pdf(), "resume.pdf", max_bytes=LIMIT)


def test_it_refuses_a_zip_bomb_by_ratio():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", b"\0" * (60 * MB))
    with pytest.raises(DocumentError, match="zip bomb"):
        inspect_document(buf.getvalue(), "resume.docx", max_bytes=LIMIT)


def test_it_refuses_a_zip_bomb_by_member_count():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        zf.writestr("content.xml", "<x/>")
        for i in range(1200):
            zf.writestr(f"p/{i}", "")
    with pytest.raises(DocumentError, match="zip bomb"):
        inspect_document(buf.getvalue(), "resume.odt", max_bytes=LIMIT)


def test_it_caps_what_it_unpacks_whatever_the_zip_headers_claim(monkeypatch):
    # Reads stop at the cap instead of trusting the sizes the archive declares.
    import outhire.candidates.files as files

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", b"<w:p>" * 1000)
    monkeypatch.setattr(files, "XML_MAX_BYTES", 1000)
    with pytest.raises(DocumentError, match="zip bomb"):
        inspect_document(buf.getvalue(), "resume.docx", max_bytes=LIMIT)


def test_it_refuses_a_zip_that_is_not_a_document():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("photos/cat.jpg", b"\xff\xd8\xff" + b"x" * 100)
    with pytest.raises(DocumentError, match="not a Word \\(DOCX\\) or OpenDocument"):
        inspect_document(buf.getvalue(), "resume.docx", max_bytes=LIMIT)


def test_it_refuses_a_truncated_docx():
    data = make_docx(["Jane Doe"])
    with pytest.raises(DocumentError, match="damaged"):
        inspect_document(data[: len(data) // 2], "resume.docx", max_bytes=LIMIT)


def test_it_refuses_binary_junk():
    junk = bytes(range(256)) * 64
    with pytest.raises(DocumentError, match="not supported"):
        inspect_document(junk, "resume.pdf", max_bytes=LIMIT)


def test_it_names_images_and_legacy_word_files():
    with pytest.raises(DocumentError, match="image"):
        inspect_document(b"\x89PNG\r\n\x1a\n" + b"\0" * 100, "resume.pdf", max_bytes=LIMIT)
    with pytest.raises(DocumentError, match=r"old Word \(\.doc\)"):
        inspect_document(
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "cv.doc", max_bytes=LIMIT
        )


def test_it_keeps_at_most_the_text_limit_of_a_huge_single_line():
    line = ("Python Django PostgreSQL " * 200_000).encode()  # ~5 MB, no newline
    info = inspect_document(line, "resume.txt", max_bytes=LIMIT)
    text = extract_text(line, info.kind)
    assert info.kind is DocumentKind.TXT
    assert len(text) == MAX_TEXT_CHARS - 1  # the cut leaves a trailing space, stripped
    assert text.startswith("Python Django PostgreSQL Python")


def test_it_cuts_a_utf8_character_split_by_the_limit_without_mojibake():
    text = extract_text(("é" * 300_000).encode(), DocumentKind.TXT)
    assert set(text) == {"é"} and len(text) == MAX_TEXT_CHARS


def test_it_caps_huge_rtf_and_html_text():
    rtf = b"{\\rtf1 " + b"word \\b bold\\b0 " * 100_000 + b"}"
    html_page = b"<html><body>" + b"<span>cell</span>" * 100_000 + b"</body></html>"
    rtf_text = extract_text(rtf, inspect_document(rtf, "a.rtf", max_bytes=LIMIT).kind)
    html_text = extract_text(html_page, inspect_document(html_page, "a.html", max_bytes=LIMIT).kind)
    assert "bold" in rtf_text and len(rtf_text) <= MAX_TEXT_CHARS
    assert "cell" in html_text and len(html_text) <= MAX_TEXT_CHARS
