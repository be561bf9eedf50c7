"""Files to import in the tests: a CSV export of another system, resumes, a zip of them."""

from __future__ import annotations

import io
import zipfile

HEADER = "Candidate ID,First Name,Last Name,E-mail Address,Mobile,Company,Job Title,City,Tags,Notes"
ROWS = [
    "1,Ada,Lovelace,ada@example.org,+44 20 7946 0018,Analytical Engines,Analyst,London,"
    "maths;poetry,Met at a fair",
    "2,Grace,Hopper,grace@example.org,,US Navy,Rear Admiral,Arlington,cobol,",
    "3,Alan,Turing,alan@example.org,+44 161 496 0000,Bletchley Park,,Manchester,,",
]  # fmt: skip


def csv_bytes(*rows: str, header: str = HEADER, encoding: str = "utf-8") -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode(encoding)


def make_pdf(lines: list[str]) -> bytes:
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    for n, line in enumerate(lines):
        pdf.drawString(72, 800 - 16 * n, line)
    pdf.save()
    return buffer.getvalue()


def make_docx(lines: list[str]) -> bytes:
    import docx

    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def make_zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


RESUME = [
    "Grace Hopper",
    "Senior Software Engineer",
    "grace.hopper@example.org",
    "",
    "Experience",
    "Senior Software Engineer, Remington Rand",
    "Jan 2015 - Present",
    "",
    "Skills",
    "Python, COBOL, PostgreSQL",
]

JSON_RESUME = {
    "basics": {
        "name": "Margaret Hamilton",
        "label": "Software Engineer",
        "email": "margaret@example.org",
        "phone": "+1 617 555 0100",
        "summary": "Led the Apollo flight software team.",
        "location": {"city": "Boston", "region": "MA", "countryCode": "US"},
        "profiles": [{"network": "GitHub", "url": "https://github.com/mhamilton"}],
    },
    "work": [
        {"name": "MIT Instrumentation Lab", "position": "Director", "startDate": "1965-01"},
        {"name": "Lincoln Lab", "position": "Programmer", "startDate": "1961", "endDate": "1963"},
    ],
    "education": [{"institution": "Earlham College", "studyType": "BA", "area": "Mathematics"}],
    "skills": [{"name": "Assembly", "level": "Master"}, {"name": "Systems design"}],
}
