"""The demo's resumes as real files: PDF through reportlab, DOCX through python-docx.

Plain Python, no Django. A resume becomes a list of blocks (heading, job line, bullet...) in one of
several wordings and orders, then a file in one of three layouts per format, so the resume parser
meets the variety real uploads have: section headings worded differently, job lines in different
orders, a two-column PDF whose sidebar comes out of the text first, a DOCX whose contact details
sit in a table.

Speed matters because the demo seeds a thousand of these: the PDF is drawn on a canvas (about
3 ms), and the DOCX writer reuses one python-docx document, emptying its body between resumes
(opening python-docx's template costs 12 ms), and sets paragraph styles by id (python-docx looks
the default style up on every assignment by name or object, about 1 ms a paragraph).
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass
from datetime import datetime

from outhire.demo.people import Job, Person, Resume, Study
from outhire.demo.words import MONTH_NAMES

HEADINGS = {
    "summary": ("PROFILE", "Professional Summary", "Summary", "About Me", "Profile"),
    "work": ("WORK EXPERIENCE", "Professional Experience", "Experience", "Employment History",
             "Career History", "Work History"),
    "education": ("EDUCATION", "Education", "Education & Training", "Academic Background",
                  "Qualifications"),
    "skills": ("SKILLS", "Key Skills", "Core Competencies", "Skills & Expertise", "Skills"),
    "tech_skills": ("TECHNICAL SKILLS", "Technical Skills", "Tools and Technologies"),
    "languages": ("LANGUAGES", "Languages"),
    "certificates": ("CERTIFICATIONS", "Certifications", "Licences & Certifications",
                     "Training & Certifications"),
    "contact": ("CONTACT", "Contact"),
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Block:
    kind: str  # name, headline, contact, heading, text, job, job_detail, bullet, item
    text: str
    column: str = "main"  # "side" for the sidebar of a two-column layout


# --- Wording -------------------------------------------------------------------------------------


def _month(d, style: int) -> str:
    return (f"{MONTH_NAMES[d.month - 1][:3]} {d.year}", f"{MONTH_NAMES[d.month - 1]} {d.year}",
            f"{d.month:02d}/{d.year}", str(d.year))[style]  # fmt: skip


def _dates(job: Job, style: int, dash: str, present: str) -> str:
    end = _month(job.end, style) if job.end else present
    return f"{_month(job.start, style)}{dash}{end}"


def _job_blocks(job: Job, form: int, style: int, dash: str, present: str) -> list[Block]:
    dates = _dates(job, style, dash, present)
    where = f"{job.employer}, {job.city.split(',')[0]}"
    if form == 0:
        head = [Block("job", job.title), Block("job_detail", where), Block("job_detail", dates)]
    elif form == 1:
        head = [Block("job", f"{job.title} | {job.employer} | {dates}")]
    elif form == 2:
        head = [Block("job", f"{job.employer} – {job.city.split(',')[0]}"),
                Block("job_detail", f"{job.title}, {dates}")]  # fmt: skip
    else:
        head = [Block("job", f"{dates}   {job.title}, {job.employer}")]
    return head + [Block("bullet", b) for b in job.bullets]


def _study_blocks(study: Study, form: int) -> list[Block]:
    if form == 0:
        return [
            Block("job", f"{study.degree} in {study.field}"),
            Block("job_detail", f"{study.institution}, {study.start_year} – {study.end_year}"),
        ]
    if form == 1:
        return [
            Block("job", study.institution),
            Block("job_detail", f"{study.degree} {study.field}, {study.end_year}"),
        ]
    return [Block("item", f"{study.end_year}   {study.degree} {study.field}, {study.institution}")]
    # fmt: skip


def _contact_blocks(r: Resume, form: int, column: str) -> list[Block]:
    links = [u for u in (r.linkedin, r.github) if u]
    if form == 0:
        lines = [" | ".join((r.place, r.email, r.phone))]
        lines += [" | ".join(links)] if links else []
    elif form == 1:
        lines = [r.email, r.phone, r.place, *links]
    else:
        lines = [f"Email: {r.email}", f"Phone: {r.phone}", f"Location: {r.place}"]
        lines += [f"LinkedIn: {r.linkedin}"] if r.linkedin else []
        lines += [f"GitHub: {r.github}"] if r.github else []
    return [Block("contact", line, column) for line in lines]


def resume_blocks(p: Person) -> list[Block]:
    """The resume of `p` as blocks, worded and ordered in one of its several ways."""
    rng = random.Random(f"wording:{p.index}")  # noqa: S311 - layout choices, not secrets
    r = p.resume
    sidebar = p.file_type == "pdf" and p.layout == 1
    side = "side" if sidebar else "main"

    def heading(key: str, column: str = "main") -> Block:
        return Block("heading", rng.choice(HEADINGS[key]), column)

    blocks = [Block("name", r.name), Block("headline", r.headline)]
    if sidebar and rng.random() < 0.5:
        # A "Contact" heading puts the details in a section of their own, after the header
        blocks.append(heading("contact", side))
    blocks += _contact_blocks(r, 1 if sidebar else rng.randrange(3), side)

    skills_key = "tech_skills" if p.family.key in {"software", "data"} else "skills"
    skills = [heading(skills_key, side)]
    if sidebar or rng.random() < 0.35:
        skills += [Block("item", s, side) for s in r.skills]
    else:
        skills.append(Block("text", ", ".join(r.skills), side))
    languages = [heading("languages", side)]
    if sidebar or rng.random() < 0.5:
        languages += [Block("item", f"{name} ({level})", side) for name, level in r.languages]
    else:
        joined = ", ".join(f"{name} ({level})" for name, level in r.languages)
        languages.append(Block("text", joined, side))
    certificates = []
    if r.certificates:
        certificates = [heading("certificates", side)]
        certificates += [Block("item", f"{name} ({year})", side) for name, year in r.certificates]

    summary = [heading("summary"), Block("text", r.summary)] if rng.random() < 0.85 else []
    work = [heading("work")]
    form, style = rng.randrange(4), rng.randrange(4)
    dash = rng.choice((" – ", " - ", " – ", " to "))
    present = rng.choice(("Present", "Present", "present", "Current", "now"))
    for job in r.jobs:
        work += _job_blocks(job, form, style, dash, present)
    education = [heading("education")]
    study_form = rng.randrange(3)
    for study in r.education:
        education += _study_blocks(study, study_form)

    if sidebar:
        return blocks + skills + languages + certificates + summary + work + education
    if rng.random() < 0.3:
        return blocks + summary + skills + work + education + certificates + languages
    return blocks + summary + work + education + skills + certificates + languages


def resume_text(p: Person) -> str:
    """What the resume says, one block a line (for tests and for reading a resume quickly)."""
    return "\n".join(b.text for b in resume_blocks(p))


# --- PDF -----------------------------------------------------------------------------------------

PAGE_WIDTH, PAGE_HEIGHT = 595.27, 841.89  # A4 in points
MARGIN = 48


class _PdfPage:
    """A cursor over reportlab's canvas: writes wrapped lines down a column, page after page."""

    def __init__(self, canvas, fonts: tuple[str, str, str]) -> None:
        self.c = canvas
        self.regular, self.bold, self.italic = fonts
        self.y = PAGE_HEIGHT - MARGIN

    def write(self, text: str, *, x: float, width: float, font: str, size: float,
              indent: float = 0, after: float = 0) -> None:  # fmt: skip
        from reportlab.lib.utils import simpleSplit

        for n, line in enumerate(simpleSplit(text, font, size, width - indent) or [""]):
            if self.y < MARGIN + size:
                self.c.showPage()
                self.y = PAGE_HEIGHT - MARGIN
            self.c.setFont(font, size)
            self.c.drawString(x + (indent if n else 0), self.y - size, line)
            self.y -= size * 1.3
        self.y -= after

    def rule(self, x: float, width: float) -> None:
        self.c.setLineWidth(0.5)
        self.c.line(x, self.y + 2, x + width, self.y + 2)
        self.y -= 4


def render_pdf(p: Person) -> bytes:
    """The resume as a PDF: classic, two columns with a sidebar, or a compact serif layout."""
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    c = Canvas(buffer, pagesize=(PAGE_WIDTH, PAGE_HEIGHT), invariant=1, pageCompression=1)
    c.setAuthor(p.resume.name)
    c.setTitle(f"CV {p.resume.name}")
    serif = p.layout == 2
    fonts = ("Times-Roman", "Times-Bold", "Times-Italic") if serif else (
        "Helvetica", "Helvetica-Bold", "Helvetica-Oblique")  # fmt: skip
    page = _PdfPage(c, fonts)
    blocks = resume_blocks(p)
    full = PAGE_WIDTH - 2 * MARGIN
    if p.layout == 1:
        side_width = 150
        c.setFillGray(0.93)
        c.rect(0, 0, MARGIN + side_width + 8, PAGE_HEIGHT, stroke=0, fill=1)
        c.setFillGray(0)
        top = [b for b in blocks if b.kind in {"name", "headline"}]
        _pdf_blocks(page, top, x=MARGIN, width=full)
        start = page.y
        _pdf_blocks(page, [b for b in blocks if b.column == "side"], x=MARGIN, width=side_width)
        page.y = start
        main = [b for b in blocks if b.column == "main" and b not in top]
        _pdf_blocks(page, main, x=MARGIN + side_width + 24, width=full - side_width - 24)
    else:
        _pdf_blocks(page, blocks, x=MARGIN, width=full, size=10.5 if serif else 9.5)
    c.save()
    return buffer.getvalue()


def _pdf_blocks(page: _PdfPage, blocks: list[Block], *, x: float, width: float,
                size: float = 9.5) -> None:  # fmt: skip
    for block in blocks:
        if block.kind == "name":
            page.write(block.text, x=x, width=width, font=page.bold, size=20, after=2)
        elif block.kind == "headline":
            page.write(block.text, x=x, width=width, font=page.regular, size=12, after=4)
        elif block.kind == "heading":
            page.y -= 8
            page.write(block.text, x=x, width=width, font=page.bold, size=11.5)
            page.rule(x, width)
        elif block.kind == "job":
            page.y -= 3
            page.write(block.text, x=x, width=width, font=page.bold, size=size + 0.5)
        elif block.kind == "job_detail":
            page.write(block.text, x=x, width=width, font=page.italic, size=size)
        elif block.kind == "bullet":
            page.write(f"• {block.text}", x=x + 6, width=width - 6, font=page.regular, size=size,
                       indent=8)  # fmt: skip
        else:
            page.write(block.text, x=x, width=width, font=page.regular, size=size)


# --- DOCX ----------------------------------------------------------------------------------------


class DocxWriter:
    """Writes resumes as DOCX with one python-docx document, reused (see the module docstring)."""

    def __init__(self) -> None:
        from docx import Document

        self.document = Document()
        self.body = self.document.element.body
        # stylesWithEffects is Word 2010's second copy of the styles; without it a save takes
        # 5 ms instead of 7 and the file is 22 kB instead of 36.
        for rel_id, rel in list(self.document.part.rels.items()):
            if rel.reltype.endswith("/stylesWithEffects"):
                self.document.part.drop_rel(rel_id)
        styles = self.document.styles
        self.style_ids = {name: styles[name].style_id
                          for name in ("Title", "Subtitle", "Heading 1", "Heading 2",
                                       "List Bullet")}  # fmt: skip

    def _paragraph(self, container, text: str = "", *, style: str = "", bold: bool = False,
                   italic: bool = False, size: float = 0):  # fmt: skip
        from docx.shared import Pt

        paragraph = container.add_paragraph()
        if style:
            paragraph._p.style = self.style_ids[style]
        if text:
            run = paragraph.add_run(text)
            run.bold = bold or None
            run.italic = italic or None
            if size:
                run.font.size = Pt(size)
        return paragraph

    def render(self, p: Person) -> bytes:
        """The resume as a DOCX: Word's own styles, a table header, or plain paragraphs."""
        for element in list(self.body)[:-1]:  # keep the section properties, drop the rest
            self.body.remove(element)
        properties = self.document.core_properties
        properties.author = properties.last_modified_by = p.resume.name
        properties.title = f"CV {p.resume.name}"
        properties.created = properties.modified = datetime(2026, 1, 1)
        properties.revision = 1 + p.index % 7
        blocks = resume_blocks(p)
        doc = self.document
        if p.layout == 1:
            header = [b for b in blocks if b.kind in {"name", "headline", "contact"}]
            table = doc.add_table(rows=1, cols=2)
            left, right = table.rows[0].cells
            left.paragraphs[0].add_run(p.resume.name).bold = True
            self._paragraph(left, p.resume.headline, italic=True)
            right.paragraphs[0].add_run(header[2].text)
            for block in header[3:]:
                self._paragraph(right, block.text)
            blocks = [b for b in blocks if b not in header]
        for block in blocks:
            self._docx_block(block, p.layout)
        buffer = io.BytesIO()
        doc.save(buffer)
        return buffer.getvalue()

    def _docx_block(self, block: Block, layout: int) -> None:
        doc, plain = self.document, layout == 2
        if block.kind == "name":
            if plain:
                self._paragraph(doc, block.text, bold=True, size=18)
            else:
                self._paragraph(doc, block.text, style="Title")
        elif block.kind == "headline":
            self._paragraph(doc, block.text, style="" if plain else "Subtitle", italic=plain)
        elif block.kind == "heading":
            if plain:
                self._paragraph(doc, block.text.upper(), bold=True, size=12)
            else:
                self._paragraph(doc, block.text, style="Heading 1" if layout == 0 else "Heading 2")
        elif block.kind == "job":
            self._paragraph(doc, block.text, bold=True)
        elif block.kind == "job_detail":
            self._paragraph(doc, block.text, italic=True)
        elif block.kind == "bullet":
            if plain:
                self._paragraph(doc, f"• {block.text}")
            else:
                self._paragraph(doc, block.text, style="List Bullet")
        else:
            self._paragraph(doc, block.text)


def render(p: Person, docx_writer: DocxWriter | None = None) -> bytes:
    """The resume of `p` as a file of its type (PDF or DOCX)."""
    if p.file_type == "pdf":
        return render_pdf(p)
    return (docx_writer or DocxWriter()).render(p)
