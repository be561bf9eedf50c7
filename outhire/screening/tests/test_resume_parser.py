"""The resume parser on small hand-written resumes, hostile input and the date and phone rules."""

from __future__ import annotations

import random
import time

import pytest

from outhire.screening import taxonomy
from outhire.screening.resume_parser import parse_date_range, parse_resume

CLASSIC = """Jane Q. Doe
Senior Software Engineer
Austin, TX | jane.doe@example.com | (512) 555-0175
linkedin.com/in/janedoe | https://github.com/janedoe

SUMMARY
Backend engineer with 8 years of experience building payment systems.

WORK EXPERIENCE

Senior Software Engineer
Globex Corporation - Austin, TX
Jan 2019 - Present
• Led the move of billing to Python and PostgreSQL.
• Mentored four engineers.

Software Engineer, Initech Inc, Dallas
03/2015 – 12/2018
Built REST APIs in Java and Spring Boot.

EDUCATION
Bachelor of Science in Computer Science
University of Texas at Austin
2014

SKILLS
Python, Postgres, JS, k8s, Docker, MS Excel

LANGUAGES
English (native), Spanish (intermediate)

CERTIFICATIONS
AWS Certified Solutions Architect, 2020
"""

INDIAN_LAYOUT = """Ravi Kumar
Test Engineer - Wipro Technologies

Pune, Maharashtra - Email me on Indeed: indeed.com/r/Ravi-Kumar/0a1b2c3d4e5f

WORK EXPERIENCE

Test Engineer

Wipro Technologies -  Pune, Maharashtra -

June 2016 to Present

Manual and automation testing with Selenium.

EDUCATION

B.Tech in Electronics and Communication

JNTU College of Engineering -  Hyderabad, Telangana

2012 to 2016

SKILLS

SELENIUM (2 years), JAVA (2 years), SQL (Less than 1 year)

Phone: 98450 12345
"""


def _skill_names(text: str) -> list[str]:
    return [s["name"] for s in parse_resume(text).resume["skills"]]


def test_it_reads_the_basics():
    basics = parse_resume(CLASSIC).resume["basics"]
    assert basics["name"] == "Jane Q. Doe"
    assert basics["label"] == "Senior Software Engineer"
    assert basics["email"] == "jane.doe@example.com"
    assert basics["phone"] == "+15125550175"
    assert basics["location"]["city"] == "Austin"
    assert basics["location"]["countryCode"] == "US"
    networks = {p["network"]: p for p in basics["profiles"]}
    assert networks["LinkedIn"]["username"] == "janedoe"
    assert networks["GitHub"]["url"] == "https://github.com/janedoe"


def test_it_reads_work_history_in_two_layouts():
    work = parse_resume(CLASSIC).resume["work"]
    assert [(w["name"], w["position"]) for w in work] == [
        ("Globex Corporation", "Senior Software Engineer"),
        ("Initech Inc", "Software Engineer"),
    ]
    assert work[0]["startDate"] == "2019-01" and "endDate" not in work[0]
    assert (work[1]["startDate"], work[1]["endDate"]) == ("2015-03", "2018-12")
    assert "PostgreSQL" in work[0]["summary"]


def test_it_reads_education_skills_languages_and_certificates():
    resume = parse_resume(CLASSIC).resume
    (edu,) = resume["education"]
    assert edu["studyType"] == "Bachelor of Science"
    assert edu["area"] == "Computer Science"
    assert edu["institution"] == "University of Texas at Austin"
    assert edu["endDate"] == "2014"
    # a listed skill keeps the resume's words; the taxonomy names it for matching and search
    skills = [s["name"] for s in resume["skills"]]
    assert skills[:6] == ["Python", "Postgres", "JS", "k8s", "Docker", "MS Excel"]
    assert [taxonomy.canonical(s) for s in skills[:6]] == [
        "Python",
        "PostgreSQL",
        "JavaScript",
        "Kubernetes",
        "Docker",
        "Microsoft Excel",
    ]
    assert resume["languages"] == [
        {"language": "English", "fluency": "Native"},
        {"language": "Spanish", "fluency": "Intermediate"},
    ]
    assert resume["certificates"][0]["name"].startswith("AWS Certified Solutions Architect")
    assert resume["certificates"][0]["date"] == "2020"
    assert resume["meta"]["statedYearsExperience"] == 8


def test_it_reads_the_job_board_layout_and_guesses_the_phone_region():
    resume = parse_resume(INDIAN_LAYOUT).resume
    basics = resume["basics"]
    assert basics["name"] == "Ravi Kumar"
    assert basics["label"] == "Test Engineer"
    assert basics["location"] == {"city": "Pune", "region": "Maharashtra", "countryCode": "IN"}
    assert basics["phone"] == "+919845012345"  # no +91 written: region from the location
    assert basics["profiles"][0]["url"] == "https://indeed.com/r/Ravi-Kumar/0a1b2c3d4e5f"
    (job,) = resume["work"]
    assert (job["name"], job["position"]) == ("Wipro Technologies", "Test Engineer")
    assert "location" not in job  # the candidate's place is in basics; a job's is not reported
    (edu,) = resume["education"]
    assert (edu["studyType"], edu["area"]) == ("B.Tech", "Electronics and Communication")
    assert edu["institution"] == "JNTU College of Engineering"
    assert edu["endDate"] == "2016"
    assert {"Selenium", "Java", "SQL"} <= {s["name"] for s in resume["skills"]}


def test_it_leaves_a_phone_without_country_as_found_when_the_region_is_unknown():
    basics = parse_resume("Sam Lee\nsam@example.org\nPhone: 0301 234 5678\n").resume["basics"]
    assert basics["phone"] == "0301 234 5678"


def test_it_keeps_an_international_number_in_e164():
    text = "Anna Schmidt\nMunich\nTel: +49 89 1234567\n"
    assert parse_resume(text).resume["basics"]["phone"] == "+49891234567"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Jan 2019 - Present", ("2019-01", "")),
        ("2015 to 2018", ("2015", "2018")),
        ("03/2017 – 11/2019", ("2017-03", "2019-11")),
        ("September 2012 — June 2014", ("2012-09", "2014-06")),
        ("Feb '11 - Jun '14", ("2011-02", "2014-06")),
        ("2020-04 to till date", ("2020-04", "")),
        ("worked from Mar 2010 until Dec 2012 there", ("2010-03", "2012-12")),
    ],
)
def test_it_reads_date_ranges(text, expected):
    assert parse_date_range(text) == expected


def test_it_refuses_backwards_or_non_date_ranges():
    assert parse_date_range("2018 - 2015") is None
    assert parse_date_range("Call 555-1234") is None


def test_it_sums_experience_without_counting_overlaps_twice():
    text = (
        "EXPERIENCE\nDeveloper\nAcme Ltd\nJan 2010 - Dec 2011\n"
        "Consultant\nGlobex Inc\nJan 2011 - Dec 2012\n"
    )
    assert parse_resume(text).resume["meta"]["totalYearsExperience"] == 3.0


def test_it_warns_about_what_it_could_not_find():
    result = parse_resume("just some words")
    assert "no name found" in result.warnings
    assert "no work history found" in result.warnings


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\x00\x01\x02" * 1000,
        "a" * 1_000_000,
        "EXPERIENCE\n" + "2019 - 2020\n" * 5000,
        "Name: \nEDUCATION\n" + "B.Sc " * 10000,
        "http://" + "x" * 50000,
        "{" * 10000 + "\ud800",
        "+" + "9" * 100,
    ],
)
def test_it_never_raises_on_junk(text):
    result = parse_resume(text)
    assert isinstance(result.resume, dict)


def test_it_never_raises_on_random_text():
    rng = random.Random(1234)
    alphabet = "abcXYZ019 \n\t-–,.:;|/()@+#•\u00e9\u4e2d\x00\x7f"
    for _ in range(80):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 3000)))
        assert isinstance(parse_resume(text).resume, dict)


def test_it_never_raises_with_hypothesis():
    hypothesis = pytest.importorskip("hypothesis")
    from hypothesis import strategies as st

    @hypothesis.settings(max_examples=60, deadline=None, database=None)
    @hypothesis.given(st.text(max_size=2000))
    def check(text):
        assert isinstance(parse_resume(text).resume, dict)

    check()


@pytest.mark.parametrize(
    "name", ["Ji-woo Park", "Sean O'Brien", "Awa N’Diaye", "Anne-Marie Le Gall"]
)
def test_it_reads_names_with_hyphens_and_apostrophes(name):
    resume = parse_resume(
        f"{name}\n{name.split()[0].lower()}@example.org\n\nSKILLS\nPython\n"
    ).resume
    assert resume["basics"]["name"] == name


def test_it_lists_declared_skills_and_keeps_prose_mentions_for_matching():
    text = (
        "Maya Rao\nWORK EXPERIENCE\nAnalyst\nAcme Ltd\n2019 - 2021\n"
        "Worked with the sales team on Tableau dashboards.\n"
    )
    resume = parse_resume(text).resume
    assert resume["skills"] == []  # no skills section: nothing declared
    assert "Tableau" in resume["meta"]["mentionedSkills"]


def test_it_reads_a_label_line_inside_a_section_as_part_of_it():
    text = (
        "Maya Rao\nTECHNICAL SKILLS\nTools: Selenium, JIRA\nLanguages: C, Core Java\n"
        "Database: SQL\nPROJECTS\nBilling\nTechnologies: J2EE, Oracle\n"
        "Responsibilities: wrote the test plan\n"
    )
    resume = parse_resume(text).resume
    skills = {s["name"] for s in resume["skills"]}
    assert {"selenium", "jira", "sql"} <= {s.casefold() for s in skills}
    assert "C" in skills or "Core Java" in skills or "Java" in skills
    # a project's "Technologies:" line stays in the project, spoken languages are not skills
    assert not {"J2EE", "Responsibilities", "English"} & skills
    assert resume["languages"] == []


def test_it_drops_dates_labels_and_html_entities_from_skill_items():
    text = (
        "Maya Rao\nSKILLS\nRecruitment &amp; Retention, Payroll\nTeam Size: 4\n"
        "Duration: September 2014 to December 2014\nand uninstalling\n"
    )
    skills = _skill_names(text)
    assert "Recruitment & Retention" in skills and "Payroll" in skills
    assert not [s for s in skills if "amp" in s.split() or "2014" in s]
    assert not {"Team Size", "Duration", "and uninstalling"} & set(skills)


def test_a_job_boards_skills_list_wrapped_inside_an_item_keeps_the_item_whole():
    # the job board writes the list as one paragraph and wraps it at a width, anywhere
    text = (
        "Maya Rao\nSKILLS\n\nSQL (3 years), MICROSOFT VISUAL\nSTUDIO (6 years), DNS. (Less than 1\n"
        "year), Hardware\ntroubleshooting. (Less than 1 year), Jira (2 years)\n"
        "Confluence, Git\n"
    )
    skills = _skill_names(text)
    assert "SQL" in skills and "DNS" in skills and "Jira" in skills
    assert "Microsoft Visual Studio" in skills  # out of its capitals
    assert "Hardware troubleshooting" in skills
    assert "Confluence" in skills and "Git" in skills  # after a whole item, a new line
    assert not {"STUDIO", "Studio", "year", "Hardware"} & set(skills)


def test_a_skill_in_capitals_is_written_as_a_name():
    text = (
        "Maya Rao\nSKILLS\n"
        "JAVA, MS OFFICE, PROJECT MANAGEMENT, SOAP UI, DHCP, MATLAB SIMULINK, CUSTOMER SUPPORT\n"
    )
    skills = _skill_names(text)
    # the taxonomy's spelling when it is the same words ("Java", "Project management");
    # otherwise words of five letters or more lose their capitals, and initials ("MS",
    # "DHCP") and the acronyms the taxonomy knows ("MATLAB") keep them
    assert skills == [
        "Java",
        "MS Office",
        "Project management",
        "SOAP UI",
        "DHCP",
        "MATLAB Simulink",
        "Customer Support",
    ]


def test_two_spellings_in_the_list_are_kept_and_a_sentence_adds_no_third():
    text = (
        "Maya Rao\nSKILLS\nAngularJS, Angular, MS Excel\n"
        "Experienced in building dashboards in Microsoft Excel and Angular for clients.\n"
    )
    skills = _skill_names(text)
    assert skills == ["AngularJS", "Angular", "MS Excel"]


def test_it_reads_client_and_employer_in_the_job_board_layout():
    text = (
        "Maya Rao\nWORK EXPERIENCE\nPMO Analyst\n"
        "Northwind Bank, Contoso BPO Ltd -  Bengaluru, Karnataka -\n"
        "October 2016 to May 2017\nRan the weekly status meeting.\n"
    )
    (job,) = parse_resume(text).resume["work"]
    assert job["name"] == "Contoso BPO Ltd"  # the client the employer placed them with is not
    assert job["position"] == "PMO Analyst"
    assert "Bengaluru" not in str(job)


@pytest.mark.parametrize(
    ("written", "employer"),
    [
        ("Deutsche Bank - Contoso BPO Ltd", "Contoso BPO Ltd"),
        ("UBS- Contoso BPO Ltd", "Contoso BPO Ltd"),
        ("Contoso Technologies- Client- Initech Systems, Inc", "Contoso Technologies"),
        ("Initech Systems, Inc", "Initech Systems, Inc"),
        ("Contoso Ltd, Barclays", "Contoso Ltd, Barclays"),
        ("Northwind Traders, Retail Division", "Northwind Traders, Retail Division"),
    ],
)
def test_the_employer_is_not_the_client_it_placed_them_with(written, employer):
    text = (
        f"Maya Rao\nWORK EXPERIENCE\nAnalyst\n\n{written} -  Pune, Maharashtra -\n\n"
        "October 2016 to May 2017\n"
    )
    (job,) = parse_resume(text).resume["work"]
    assert job["name"] == employer


def test_it_refuses_sentences_and_skills_as_titles_and_employers():
    text = (
        "Maya Rao\nWORK EXPERIENCE\nWorked as a support engineer\nData Mining -\n"
        "2015 to 2017\nBuilt reports.\n"
    )
    for job in parse_resume(text).resume["work"]:
        assert job["position"] != "Worked as a support engineer"
        assert job["name"] != "Data Mining"


def test_it_reads_head_of_analytics_as_the_title_not_the_employer():
    # seen in the demo: "Head of Analytics at Head of Analytics" ("Analytics" ends company names)
    text = (
        "Mia Jones\nHead of Analytics\n\nEXPERIENCE\n"
        "2025 – Present   Head of Analytics, Quantum Retail Group\n"
        "Director of Sales | Globex | 2019 - 2024\n"
    )
    resume = parse_resume(text).resume
    assert [(w["position"], w["name"]) for w in resume["work"]] == [
        ("Head of Analytics", "Quantum Retail Group"),
        ("Director of Sales", "Globex"),
    ]


NHS = "Northgate NHS Foundation Trust"


@pytest.mark.parametrize(
    ("job_lines", "employer"),
    [
        (f"Registered Nurse (ICU), {NHS}\n2019 - Present", NHS),
        (
            "Registered Nurse (ICU, HDU) | St Aidan's Hospital | 2019 - Present",
            "St Aidan's Hospital",
        ),
        (f"Registered Nurse (ICU)\n2019 - Present\n{NHS}", NHS),
    ],
)
def test_it_keeps_a_bracketed_ward_in_the_title_and_never_makes_it_the_employer(
    job_lines, employer
):
    text = f"Amy Clark\nRegistered Nurse (ICU)\n\nEXPERIENCE\n{job_lines}\nCared for patients.\n"
    resume = parse_resume(text).resume
    assert resume["basics"]["label"] == "Registered Nurse (ICU)"
    (job,) = resume["work"]
    assert job["position"].startswith("Registered Nurse (ICU")
    assert job["position"].count("(") == job["position"].count(")")
    assert job["name"] == employer


def test_it_never_takes_the_place_after_an_employer_for_the_employer():
    text = (
        "Amy Clark\nEXPERIENCE\nSenior ICU Nurse\nHarbourview Care – Cork\n"
        "January 2025 – Present\nLed the night shift.\n"
    )
    (job,) = parse_resume(text).resume["work"]
    assert job["name"] == "Harbourview Care"
    assert "Cork" not in str(job)


@pytest.mark.parametrize(
    ("contact", "phone", "location"),
    [
        ("London, UK | amy@example.org | 07911 123456", "+447911123456",
         {"city": "London", "countryCode": "GB"}),
        ("12 Baker Street, London NW1 6XE\nMobile: +44 (0)7911 123456", "+447911123456",
         {"city": "London", "countryCode": "GB", "postalCode": "NW1 6XE"}),
        ("Leeds LS1 4AP, United Kingdom\nTel: 0113 496 0000", "+441134960000",
         {"city": "Leeds", "countryCode": "GB", "postalCode": "LS1 4AP"}),
        ("CONTACT\namy@example.org\n07911 123 456\nManchester, UK", "+447911123456",
         {"city": "Manchester", "countryCode": "GB"}),
    ],
)  # fmt: skip
def test_it_reads_a_uk_phone_and_location_for_the_apply_form(contact, phone, location):
    from outhire.careers.apply.rules import prefill_from_resume

    text = f"Amy Clark\nStaff Nurse\n{contact}\n\nSKILLS\nTriage\n"
    resume = parse_resume(text).resume
    assert resume["basics"]["phone"] == phone
    assert resume["basics"]["location"] == location
    prefill = prefill_from_resume(resume)
    assert prefill["phone"] == phone
    assert prefill["location"] == f"{location['city']}, United Kingdom"


def test_it_does_not_join_a_zip_code_to_the_phone_on_the_next_line():
    text = "Sam Lee\nNurse\nAustin, TX 78701\n(512) 555-0175\n"
    basics = parse_resume(text).resume["basics"]
    assert basics["phone"] == "+15125550175"
    assert basics["location"] == {
        "city": "Austin", "region": "TX", "countryCode": "US", "postalCode": "78701"
    }  # fmt: skip


def test_it_tells_schools_named_after_a_level_and_column_labels_from_degrees():
    text = (
        "Ravi Kumar\nEDUCATION\nB.Sc in Physics\nAndhra University\n2010\n"
        "University / Board\nSSC\nIndira Gandhi High School\n2004\n"
        "https://www.indeed.com/r/Ravi-Kumar/0a1b2c\n"
    )
    education = parse_resume(text).resume["education"]
    institutions = [e.get("institution") for e in education]
    assert "Andhra University" in institutions and "Indira Gandhi High School" in institutions
    assert "University / Board" not in institutions
    assert not [i for i in institutions if i and "indeed" in i]
    assert "Indira Gandhi High School" not in [e.get("studyType") for e in education]


def test_it_needs_a_year_or_a_school_for_a_degree_outside_an_education_section():
    text = "Ravi Kumar\nSKILLS\nIntermediate SQL\nPROJECTS\nOracle master data cleanup\n"
    assert parse_resume(text).resume["education"] == []


def test_it_reads_skills_from_a_sentence_in_the_skills_section_but_not_across_items():
    text = (
        "Maya Rao\nSKILLS\nProficient in Python and PostgreSQL for data pipelines.\n"
        "risk, management\n"
    )
    skills = _skill_names(text)
    assert "Python" in skills and "PostgreSQL" in skills
    assert "Risk management" not in skills  # two items, not one skill
    assert not [s for s in skills if len(s.split()) > 5]


def test_a_job_under_an_unknown_heading_ends_the_skills_section():
    text = (
        "Al Bo\nSKILLS\nJava (2015 - 2018), Python\nOperating Systems: Windows, Linux\n"
        "Web Developer\nAcme Ltd\n2019 - 2021\nBuilt things with Docker and Kafka\n"
    )
    resume = parse_resume(text).resume
    skills = {s["name"] for s in resume["skills"]}
    assert {"Java", "Python", "Windows", "Linux"} <= skills
    assert not {"Web Developer", "Acme Ltd", "Docker"} & skills
    assert [(w["position"], w["name"]) for w in resume["work"]] == [("Web Developer", "Acme Ltd")]


def test_a_project_s_client_and_tools_are_not_the_employer():
    text = (
        "Deepa S\nWORK EXPERIENCE\nTest Engineer\nClient: TNT Express\n: WinScp, Putty\n"
        "Mar 2016 - Oct 2016\nTested the CRM.\n"
    )
    (job,) = parse_resume(text).resume["work"]
    assert job["position"] == "Test Engineer"
    assert job["name"] not in {"TNT Express", "WinScp"}


@pytest.mark.parametrize(
    ("under_the_title", "jobs"),
    [
        ("Amazon", [("Software Development Engineer", "Amazon")]),
        (
            "Contoso Technologies Pvt Ltd",
            [("Software Development Engineer", "Contoso Technologies Pvt Ltd")],
        ),
        # a label, a skill, a place or a sentence under the title is no employer
        ("Responsibilities", []),
        ("Key Achievements", []),
        ("Java", []),
        ("Mumbai", []),
        ("Built the billing service.", []),
    ],
)
def test_a_job_boards_job_with_neither_dates_nor_place(under_the_title, jobs):
    # the job board's layout: each line set apart by blank lines, no dash after the employer
    text = (
        "Maya Rao\nWORK EXPERIENCE\n\nSoftware Development Engineer\n\n"
        f"{under_the_title}\n\nWorked on the catalogue for two years.\n"
    )
    work = parse_resume(text).resume["work"]
    assert [(job["position"], job["name"]) for job in work] == jobs


@pytest.mark.parametrize(
    "dates",
    [
        "• Period: July '17 - Till Date",
        "Title: WMI, Period: Oct '2010 - Dec '2011",
        "PERIOD\nOctober 2013 to November 2014",
        "Duration:\nOctober 2013 to November 2014",
    ],
)
def test_the_label_of_a_row_of_dates_is_not_an_employer(dates):
    text = (
        "Deepa S\nWORK EXPERIENCE\nTeam Lead\n\nMicrosoft -\n\nJuly 2010 to Present\n\n"
        f"• Role: Team Lead\n{dates}\n• Description: Power BI for the community.\n"
    )
    work = parse_resume(text).resume["work"]
    assert [(job["position"], job["name"]) for job in work][0] == ("Team Lead", "Microsoft")
    for job in work:
        assert job["name"].casefold() not in {"period", "duration", "title: wmi"}
        assert "WMI" not in job["position"] and "Period" not in job["position"]


@pytest.mark.parametrize(
    "text",
    [
        "a@" * 100_000,
        "linkedin.com/x " * 13_000,
        "in.linkedin.com/in/a\n" * 9_000,
        "x.com/" * 33_000,
        "SKILLS\nPython\n" + "\n" * 150_000 + "Web Developer\n2019 - 2021\n",
        ")" * 199_000,
        ("Client: X\n: a, b\n" * 5_000) + "Jan 2019 - Present\n",
        "".join(f"Engineer, Acme{i} Ltd\n2019 - 2020\n" for i in range(8_000)),
        "".join(f"Engineer, Acme{i} Ltd\n{1950 + i % 70} - 2020\n" for i in range(8_000)),
        "SKILLS\n" + "Acme Ltd - Pune\n" * 12_000,
    ],
    ids=[
        "at-signs",
        "links",
        "wrapped-links",
        "dot-com",
        "blank-lines",
        "brackets",
        "labels",
        "jobs-same-dates",
        "jobs",
        "employers-in-skills",
    ],  # fmt: skip
)
def test_it_reads_hostile_text_in_linear_time(text):
    # each takes 0.02-0.3 s; a step that went quadratic took 1-115 s
    start = time.process_time()
    assert isinstance(parse_resume(text).resume, dict)
    assert time.process_time() - start < 5


@pytest.mark.parametrize(
    ("headline", "label"),
    [
        ("Registered Nurse – ICU", "Registered Nurse"),
        ("Registered Nurse - Intensive Care", "Registered Nurse"),
        ("Analyst | Finance", "Analyst"),
    ],
)
def test_a_ward_or_department_after_the_headline_is_not_an_employer(headline, label):
    # seen by people: "Registered Nurse at ICU" as the candidate's current role
    text = (
        f"Amy Clark\n{headline}\nLeeds, UK\n\n"
        "EXPERIENCE\nNurse, Leeds General Hospital\n2019 - Present\n"
    )
    resume = parse_resume(text).resume
    assert resume["basics"]["label"] == label
    assert [w["name"] for w in resume["work"]] == ["Leeds General Hospital"]


@pytest.mark.parametrize("title", ["Project Manager / Technology Lead", "Technology Analyst"])
def test_titles_that_start_like_a_project_label_are_titles(title):
    text = f"Sai Ram\nWORK EXPERIENCE\n{title}\n\nInfosys Limited -\n\nFebruary 2015 to Present\n"
    (job,) = parse_resume(text).resume["work"]
    assert (job["position"], job["name"]) == (title, "Infosys Limited")


def test_a_numbered_project_label_is_neither_title_nor_employer():
    text = (
        "Deepa Rao\nWORK EXPERIENCE\nTest Engineer\n\nInfosys Ltd -\n\nApril 2017 to Present\n\n"
        "Duration\n: Mar 2016 - Oct 2016\n03 Project Name: CRM Sales\n\nClient: TNT Express\n"
        "Tested the CRM.\n\n02 Project Name: CDB UI Changes\n\nJan 2016 - Feb 2016\n"
    )
    work = parse_resume(text).resume["work"]
    assert [(w["position"], w["name"]) for w in work] == [("Test Engineer", "Infosys Ltd")]


@pytest.mark.parametrize(
    ("text", "jobs"),
    [
        (
            "Yogi P\nWORK EXPERIENCE\nDeveloper\n\nInfosys Limited -\n\nOctober 2015 to Present\n\n"
            "Infosys Limited Senior Systems Engineer 01st Oct 2015 - till date\n\n"
            "Infosys Limited -  Mysore, Karnataka -\n\nSeptember 2014 to December 2014\n\n"
            "Software Test Engineer\n\nInfosys Limited -\n\nSeptember 2014 to December 2014\n",
            [("Infosys Limited", "Developer"), ("Infosys Limited", "Software Test Engineer")],
        ),
        # the first reading's title holds the second reading's title and employer
        (
            "Arun J\nWORK EXPERIENCE\nTest Engineer (Contoso Ltd\n\nNorthwind Technologies -\n\n"
            "June 2014 to March 2016\n\nPharmaceuticals\nTested the trials portal.\n"
            "Jun 2014 - Mar 2016 Test Engineer (Contoso Ltd.) Project Domain: Banking\n"
            "Tested the payments.\n",
            [("Northwind Technologies", "Test Engineer (Contoso Ltd)")],
        ),
        # without dates, written again with labels; the labelled employer is the name with its
        # legal form, not what the dash adds to it
        (
            "Maya Rao\nWORK EXPERIENCE\n\nTechnical support engineer\n\nMicrosoft\n\n"
            "Position: TECHNICAL SUPPORT ENGINEER\n\n"
            "Company: Microsoft Corporation - Global Technical Support Center, Bangalore\n\n"
            "Responsibilities\n\nAnswered escalated calls.\n",
            [("Microsoft Corporation", "Technical support engineer")],
        ),
    ],
)
def test_a_job_written_again_is_one_job(text, jobs):
    work = parse_resume(text).resume["work"]
    assert [(w["name"], w["position"]) for w in work] == jobs


def test_two_roles_held_over_the_same_months_stay_two_jobs():
    text = (
        "Anu K\nWORK EXPERIENCE\nChief Coordinator\n\nAcme Ltd -\n\nJune 2011 to July 2013\n\n"
        "Volunteer Trainer\n\nAcme Ltd -\n\nJune 2011 to July 2013\n"
    )
    work = parse_resume(text).resume["work"]
    assert [w["position"] for w in work] == ["Chief Coordinator", "Volunteer Trainer"]


def test_a_page_footer_link_between_employer_and_dates_is_passed_over():
    text = (
        "Nidhi P\nWORK EXPERIENCE\nTest Engineer\n\nInfosys Limited -\n\n"
        "https://www.indeed.com/r/Nidhi-P/b4b383dbe14789c5?isid=rex-download\n\n\n"
        "July 2014 to January 2016\n\nProject Description:\n"
        "Order Management Fulfillment (OMFUL), which belongs to the Telecommunication domain\n"
    )
    (job,) = parse_resume(text).resume["work"]
    assert (job["position"], job["name"]) == ("Test Engineer", "Infosys Limited")


@pytest.mark.parametrize(
    ("headline", "label", "employer"),
    [
        ("DevOps Consultant with Contoso Limited", "DevOps Consultant", "Contoso Limited"),
        ("FI/CO Consultant in Contoso Tech - SAP FICO", "FI/CO Consultant", "Contoso Tech"),
        ("Contoso group as a Test Analyst", "Test Analyst", "Contoso group"),
        ("Systems Engineer, Contoso Systems, Pune", "Systems Engineer", "Contoso Systems"),
        ("Specialist in Data Analytics", "Specialist in Data Analytics", None),
        ("Head of Sales, EMEA", "Head of Sales", None),
    ],
)
def test_a_headline_s_joining_words_part_title_and_employer(headline, label, employer):
    text = f"Amy Clark\n{headline}\n\nPune, Maharashtra\n\nSUMMARY\nTen years in the trade.\n"
    resume = parse_resume(text).resume
    assert resume["basics"]["label"] == label
    assert [w["name"] for w in resume["work"]] == ([employer] if employer else [])


def test_a_wrapped_sentence_or_a_bullet_under_the_name_is_no_headline():
    text = (
        "Sri H\nBangalore, Karnataka\n\nTo further my career with a growing firm that will\n"
        "knowledge as a Technical Lead.\n• Working with Contoso Ltd as a Software Test Engineer\n"
    )
    assert parse_resume(text).resume["basics"]["label"] == ""


def test_a_title_in_an_employer_on_a_job_line_is_split():
    text = "Hemil B\nWORK EXPERIENCE\nJr. Developer in True Vision Technology\n-\n2015 - 2016\n"
    (job,) = parse_resume(text).resume["work"]
    assert (job["position"], job["name"]) == ("Jr. Developer", "True Vision Technology")


@pytest.mark.parametrize(
    ("headline", "label"),
    [
        (
            "Software Development Engineer with 6 months of experience in Java, C,",
            "Software Development Engineer",
        ),
        ("A QA Professional with 8+ Yrs of exp looking for SDET roles", "QA Professional"),
    ],
)
def test_a_headline_s_years_of_experience_are_not_part_of_the_title(headline, label):
    text = f"Sam Gupta\n{headline}\nVelocity and web development.\n\nBangalore, Karnataka\n"
    assert parse_resume(text).resume["basics"]["label"] == label


@pytest.mark.parametrize(
    ("written", "study_type"),
    [
        ("PGDBM in Business Management", "PGDBM"),
        ("P.G.D.C.A in Computer Applications", "P.G.D.C.A"),
        ("B E in Production Engineering", "B E"),
        ("B B M in Education", "B B M"),
    ],
)
def test_post_graduate_diplomas_and_a_spaced_be_are_degrees(written, study_type):
    text = f"Sam Gupta\nEDUCATION\n{written}\n\nNarsee Monji -  Hyderabad, Telangana\n\n2012\n"
    (entry,) = parse_resume(text).resume["education"]
    assert (entry.get("studyType"), entry["institution"]) == (study_type, "Narsee Monji")


def test_an_activity_that_names_a_school_is_not_an_institution():
    text = (
        "Sam Gupta\nEDUCATION\nB.E in Computer Science\n\n"
        "Contoso Institute of Technology\n\n2015\n\nDid compering in college events\n\n"
        "(WAC) in inter Air Force School football championship 2012\n"
    )
    institutions = [e.get("institution") for e in parse_resume(text).resume["education"]]
    assert institutions == ["Contoso Institute of Technology"]
    # a school's initials are no sentence's "I"
    text = "Sam Gupta\nEDUCATION\nB.Tech in CSE\n\nI.I.T. Delhi\n\n2015\n"
    assert [e.get("institution") for e in parse_resume(text).resume["education"]] == [
        "I.I.T. Delhi"
    ]


@pytest.mark.parametrize(
    ("line", "city"),
    [
        ("Orrisha - Email me on Indeed: indeed.com/r/Sameer-K/0771f65bfa7aff96", "Orrisha"),
        ("Bengaluru, Karnataka - Email me on Indeed: indeed.com/r/S-K/07", "Bengaluru"),
        ("- Email me on Indeed: indeed.com/r/Sameer-K/0771f65bfa7aff96", None),
        ("Software Engineer - Email me on Indeed: indeed.com/r/Sameer-K/07", None),
    ],
)
def test_the_place_a_job_board_writes_before_its_contact_line_is_the_location(line, city):
    text = (
        f"Sameer Kujur\n{line}\n\nWORK EXPERIENCE\n\nApp developer\n\nMicrosoft -\n\n2016 to 2018\n"
    )
    assert parse_resume(text).resume["basics"]["location"].get("city") == city


def test_a_degree_wrapped_over_two_lines_is_one_degree():
    text = (
        "Sam Gupta\nEDUCATION\nPost Graduate Diploma in Business Administration in Marketing and\n"
        "Human Resource\n\nMount Carmel Institute of Management -  Bengaluru, Karnataka\n\n"
        "June 2007 to May 2009\n"
    )
    (entry,) = parse_resume(text).resume["education"]
    assert entry["institution"] == "Mount Carmel Institute of Management"
    assert entry["area"].endswith("Marketing and Human Resource")
    assert entry["endDate"].startswith("2009")


@pytest.mark.parametrize(
    ("written", "employer"),
    [
        ("Contoso Systems (Pune)", "Contoso Systems"),
        ("Contoso Systems Limited (Bangalore, Karnataka)", "Contoso Systems Limited"),
        ("Contoso Bangalore", "Contoso"),
        ("Process Associate@ Contoso Ltd", "Contoso Ltd"),
        ("Bank of Baroda", "Bank of Baroda"),
        ("Contoso India", "Contoso India"),
    ],
)
def test_the_city_after_an_employer_is_not_part_of_the_employer(written, employer):
    text = f"Maya Rao\nWORK EXPERIENCE\nAnalyst\n{written}\nOctober 2016 to May 2017\n"
    (job,) = parse_resume(text).resume["work"]
    assert job["name"] == employer
    # a job's place is not reported: the candidate's location is where they live
    assert "location" not in job


def test_places_links_personal_details_and_employers_in_a_skills_list_are_not_skills():
    text = (
        "Maya Rao\nSKILLS\nPython, Pune, Maharashtra, jane@example.com, https://example.org/jane\n"
        "Willing to relocate to: Delhi\nContoso India Pvt Ltd, AR, Private VLAN\n"
        "Address translation, SQL Developer\n"
    )
    skills = {s["name"].casefold() for s in parse_resume(text).resume["skills"]}
    assert not skills & {"pune", "maharashtra", "delhi", "contoso india pvt ltd"}
    assert not [s for s in skills if "@" in s or "example.org" in s or "relocate" in s]
    assert {"python", "ar", "private vlan", "address translation"} <= skills
    assert any("sql developer" in s for s in skills)


def test_other_information_after_the_skills_is_not_skills():
    text = (
        "Maya Rao\nComputer Skills\nMS Excel, Networking\n\nOther Information\n"
        "● Regular Swimmer.\n● Interested in playing Table Tennis, Lawn Tennis.\n"
    )
    skills = {s["name"].casefold() for s in parse_resume(text).resume["skills"]}
    assert "networking" in skills
    assert not [s for s in skills if "tennis" in s or "swimmer" in s or "information" in s]


def test_professional_exposure_is_a_work_heading_not_a_title():
    text = (
        "Deepa S\nPROFESSIONAL EXPOSURE\nSoftware Testing Projects\n\nCiti Bank -\n\n2005 to 2005\n"
    )
    for job in parse_resume(text).resume["work"]:
        assert job["position"].casefold() != "professional exposure"


@pytest.mark.parametrize(
    "text",
    [
        "Mia Jones\nHead of Analytics at Head of Analytics\n",
        "Mia Jones\nHead of Analytics - Head of Analytics\n\n"
        "EXPERIENCE\nHead of Analytics 2019 - Present\n",
        "Mia Jones\n\nEXPERIENCE\nHead of Analytics\n2019 - Present\nLed the analytics team.\n",
        "Mia Jones\n\nEXPERIENCE\n2019 - Present\nHead of Analytics\nLed the analytics team.\n",
    ],
)
def test_the_employer_is_never_the_title_again_nor_a_sentence(text):
    # seen by people: "Head of Analytics at Head of Analytics" as the current role
    resume = parse_resume(text).resume
    assert resume["basics"]["label"] == "Head of Analytics"
    for job in resume["work"]:
        assert job["position"] == "Head of Analytics"
        assert job["name"] == ""


@pytest.mark.parametrize(
    "text",
    [
        "Amy Clark\nRegistered Nurse (ICU\n\nEXPERIENCE\nRegistered Nurse (ICU\n2018 - Present\n",
        "Amy Clark\nRegistered Nurse (ICU at St Aidan's Hospital)\n",
        "Amy Clark\nRegistered Nurse (ICU at ICU\n",
        "Amy Clark\nRegistered Nurse (ICU) at ICU\n",
        "Amy Clark\nRegistered Nurse\n\nWork\nRegistered Nurse (ICU, 2018 - Present\n",
    ],
)
def test_a_bracket_left_open_is_closed_and_a_ward_is_never_the_employer(text):
    # seen by people: "Registered Nurse (ICU at ICU" (title "Registered Nurse (ICU", employer "ICU")
    resume = parse_resume(text).resume
    titles = [resume["basics"]["label"], *(job["position"] for job in resume["work"])]
    for title in titles:
        assert title.startswith("Registered Nurse")
        assert title.count("(") == title.count(")")
    for job in resume["work"]:
        assert job["name"] not in {"ICU", "Amy Clark"}


@pytest.mark.parametrize(
    ("contact", "phone", "location"),
    [
        ("Bristol, UK | 07700 900 123 | amy@example.org", "+447700900123",
         {"city": "Bristol", "countryCode": "GB"}),
        ("Phone: +44 7700 900123\nLocation: Harrogate, North Yorkshire", "+447700900123",
         {"city": "Harrogate", "region": "North Yorkshire", "countryCode": "GB"}),
        ("07700 900123 · amy@example.org · Reading, Berkshire", "+447700900123",
         {"city": "Reading", "region": "Berkshire", "countryCode": "GB"}),
        ("Tel: (020) 7946 0000\n4 Mill Lane, Guildford, Surrey GU1 3AA", "+442079460000",
         {"city": "Guildford", "region": "Surrey", "countryCode": "GB", "postalCode": "GU1 3AA"}),
        ("14 Queen's Road, Sale, M33 6QZ\nM: 07700 900123", "+447700900123",
         {"city": "Sale", "countryCode": "GB", "postalCode": "M33 6QZ"}),
        ("Nurse | Swansea | 07700 900123", "+447700900123",
         {"city": "Swansea", "countryCode": "GB"}),
        ("CONTACT\nMobile 07700900123\nCheltenham", "+447700900123",
         {"city": "Cheltenham", "countryCode": "GB"}),
    ],
)  # fmt: skip
def test_uk_formats_fill_the_apply_forms_phone_and_location(contact, phone, location):
    # 07700 900nnn is the UK's range for examples: a possible number, not an allocated one
    from outhire.careers.apply.rules import prefill_from_resume

    resume = parse_resume(f"Amy Clark\n{contact}\n\nEXPERIENCE\nNurse, 2019 - Present\n").resume
    assert resume["basics"]["phone"] == phone
    assert resume["basics"]["location"] == location
    prefill = prefill_from_resume(resume)
    assert prefill["phone"] == phone
    assert prefill["location"].startswith(location["city"])
    assert prefill["location"].endswith("United Kingdom")


def test_a_possible_number_far_down_the_text_is_not_the_phone():
    filler = "Worked on billing.\n" * 150
    text = f"Amy Clark\nLeeds, UK\n\nEXPERIENCE\n{filler}Reference number 07700 900123\n"
    assert parse_resume(text).resume["basics"]["phone"] == ""


def test_a_skills_tables_label_column_is_not_part_of_the_skill():
    text = (
        "Amy Clark\n\nTECHNICAL SKILLS\n"
        "Tools JDeveloper, Enterprise Manager\n"
        "Programming Languages XML, C++\n"
        "Operating System Unix and Windows\n"
        "Database Administration\n"
        "Windows 8.1 and\n"
    )
    names = _skill_names(text)
    assert "Tools JDeveloper" not in names
    assert "Programming Languages XML" not in names
    assert {"C++", "Database Administration"} <= set(names)
    assert not any(n.endswith(" and") for n in names)  # a fragment of a wrapped line
    assert not any("Unix and Windows" in n for n in names)  # two skills, not one


def test_the_end_of_a_wrapped_bracket_is_not_an_employer():
    text = (
        "Amy Clark\n\nEXPERIENCE\nNetwork Engineer, Initech Ltd\nJanuary 2010 to December 2011\n\n"
        "Tested the Cisco 12000 Gigabit\nSwitching Router)\n\nMay 2012 to June 2014\n\n"
        "Virtualization)\n"
    )
    names = {job["name"] for job in parse_resume(text).resume["work"]}
    assert names <= {"Initech Ltd", ""}


def test_the_degree_search_on_lower_cased_text_finds_what_the_case_blind_search_finds():
    # the parser searches the lower-cased text with DEGREE_RE's pattern compiled without
    # IGNORECASE (three times faster): that is the same search only while the pattern's own
    # letters are lower case
    import re

    from outhire.screening import resume_lexicon as lex
    from outhire.screening.resume_parser import _degree_matches

    assert not re.findall(r"(?<!\\)[A-Z]", lex.DEGREE_RE.pattern)
    text = "B.Tech in ECE\nMASTER OF SCIENCE\nHigher Secondary (12th)\nİstanbul MBA\nBE, 2015"
    found = sorted(m.group().casefold() for m in _degree_matches(text))
    assert found == sorted(
        m.group().casefold()
        for pattern in (lex.DEGREE_RE, lex.DEGREE_ABBR_RE)
        for m in pattern.finditer(text)
    )


def test_the_end_of_a_wrapped_sentence_above_the_dates_is_not_an_employer():
    text = (
        "Amy Clark\n\nEXPERIENCE\nBackup Administrator, Initech Ltd\nMay 2015 to April 2018\n\n"
        "Worked in Helpdesk, Access Management Team, Desktop Support, Data Center Operations and\n"
        "Backup Management\n"
        "September 2008 to December 2013\n"
    )
    names = [job["name"] for job in parse_resume(text).resume["work"]]
    assert "Backup Management" not in names
    assert "Initech Ltd" in names


@pytest.mark.parametrize(
    "line",
    [
        "Leeds, UK - Email me on Indeed: indeed.com/r/Amy-Clark/2bf1c4b058984738",
        "Volunteer, Leeds, UK 02/14 - 04/14",
        "Leeds, UK | Ref 0770-0900123X",
    ],
)
def test_digits_in_a_link_a_date_or_a_code_are_no_possible_phone(line):
    assert parse_resume(f"Amy Clark\n{line}\n").resume["basics"]["phone"] == ""


def test_an_employer_inside_a_word_of_the_title_is_still_the_employer():
    text = "Amy Clark\n\nEXPERIENCE\nStafford Site Manager, Ford\n2019 - Present\n"
    (job,) = parse_resume(text).resume["work"]
    assert (job["position"], job["name"]) == ("Stafford Site Manager", "Ford")


def test_a_note_wrapped_under_the_dates_and_a_lone_date_are_not_employers():
    text = (
        "Amy Clark\n\nEXPERIENCE\nNetwork Engineer, Initech Ltd\nJanuary 2012 to December 2014\n"
        "• Built the lab.\n\nJanuary 2010 to December 2011\n\n(Cisco 12000 Gigabit\n"
        "Switching Router)\n\n02/2008 to 02/2009\n02/2008\n"
    )
    names = {job["name"] for job in parse_resume(text).resume["work"]}
    assert names <= {"Initech Ltd", ""}


def test_only_the_candidate_s_own_place_is_a_location():
    text = (
        "Maya Rao\nPune, Maharashtra\nmaya@example.com\nWORK EXPERIENCE\nTest Engineer\n"
        "Contoso Technologies -  Chennai, Tamil Nadu -\nJune 2015 to Present\n"
        "Analyst\nFabrikam Ltd (Mumbai)\nMay 2012 to May 2015\n"
    )
    resume = parse_resume(text).resume
    assert resume["basics"]["location"] == {
        "city": "Pune",
        "region": "Maharashtra",
        "countryCode": "IN",
    }
    assert [(w["name"], w.get("location")) for w in resume["work"]] == [
        ("Contoso Technologies", None),
        ("Fabrikam Ltd", None),
    ]


@pytest.mark.parametrize(
    ("employers", "named"),
    [
        # one employer written with and without its legal form or its line of business
        (["Contoso", "Contoso Limited"], ["Contoso Limited", "Contoso Limited"]),
        (["CONTOSO LTD.", "Contoso"], ["CONTOSO LTD", "CONTOSO LTD"]),
        (["Fabrikam", "Fabrikam Technologies"], ["Fabrikam Technologies"] * 2),
        # of two legal forms, the latest job's (written first)
        (["Contoso Ltd", "Contoso Limited"], ["Contoso Ltd", "Contoso Ltd"]),
        (["Contoso", "Contoso Pvt Ltd", "Contoso Limited"], ["Contoso Pvt Ltd"] * 3),
        # a short name that begins two different employers is left as written
        (
            ["Tata Motors", "Tata", "Tata Consultancy Services"],
            ["Tata Motors", "Tata", "Tata Consultancy Services"],
        ),
        # different employers stay different
        (["Contoso Ltd", "Northwind Ltd"], ["Contoso Ltd", "Northwind Ltd"]),
    ],
)
def test_an_employer_written_two_ways_is_named_one_way(employers, named):
    jobs = "".join(
        f"Analyst\n{name} -\n{2020 - 2 * k} to {2021 - 2 * k}\n\n"
        for k, name in enumerate(employers)
    )
    work = parse_resume(f"Maya Rao\nWORK EXPERIENCE\n{jobs}").resume["work"]
    assert [w["name"] for w in work] == named


def test_a_job_after_a_skills_list_inside_the_work_section_is_a_job():
    text = (
        "Maya Rao\nWORK EXPERIENCE\n\nArchitect\n\nContoso India -  Hyderabad, Telangana -\n\n"
        "February 2016 to Present\n\nKey Skills\n\nSr consultant\n\n"
        "Contoso India -  Hyderabad, Telangana -\n\nJune 2008 to March 2016\n\n"
        "Sr Test Engineer\n\nContoso India -  Hyderabad, Telangana -\n\n"
        "February 2005 to June 2008\n\nEDUCATION\n"
    )
    work = parse_resume(text).resume["work"]
    assert [(w["position"], w["startDate"]) for w in work] == [
        ("Architect", "2016-02"),
        ("Sr consultant", "2008-06"),
        ("Sr Test Engineer", "2005-02"),
    ]


def test_a_clause_in_a_skills_list_is_read_as_a_sentence_not_an_item():
    text = "Maya Rao\nSKILLS\nABAP, BAPI\n• Worked on SAP Workflow, SRM\n• It provides services\n"
    names = _skill_names(text)
    assert "ABAP" in names and "SRM" in names
    assert not [n for n in names if n.casefold().startswith(("worked", "it "))], names


def test_a_projects_labelled_title_is_neither_a_job_title_nor_an_employer():
    text = (
        "Maya Rao\nWORK EXPERIENCE\nTest Manager\n\nContoso SSI -  Bangalore, Karnataka -\n\n"
        "May 2008 to November 2012\n\nLed a team of test leads and test\nEngineers.\n\n"
        "Title: UBS - Fusion HCM SAAS Implementation\n\n"
        "Title: Payroll Upgrade\nDuration: Jan 2011 - Mar 2011\n\nEDUCATION\n"
    )
    work = parse_resume(text).resume["work"]
    assert [(w["position"], w["name"]) for w in work][0] == ("Test Manager", "Contoso SSI")
    assert not [w for w in work if "UBS" in w["name"] or "Payroll" in w["position"]], work


def test_a_skills_section_written_as_sentences_gives_the_skills_they_name():
    text = (
        "Maya Rao\nPROFESSIONAL SKILLS\n"
        "• Possess excellent interpersonal, communication and organizational skills with proven\n"
        "abilities in team management, customer relationship management and planning.\n"
        "• Wide experience with Microsoft SharePoint and SQL Server in the support of the bank\n"
        "• Able to coordinate with different support teams like Training, MIS, Technology and\n"
        "Quality to successfully implement projects for the organization\n"
        "EDUCATION\n"
    )
    names = _skill_names(text)
    assert "SQL Server" in names or "Microsoft SQL Server" in names, names
    assert not [n for n in names if n.casefold().startswith(("possess", "abilities", "quality to"))]


def test_c_cpp_and_csharp_are_three_skills():
    text = "Maya Rao\nSKILLS\nC, C++, Java, C#\nPython, c++\n"
    names = _skill_names(text)
    assert names == ["C", "C++", "Java", "C#", "Python"]


@pytest.mark.parametrize(
    ("job_line", "position", "employer"),
    [
        # the employer in brackets after the title, with its legal form
        ("Jun 2014 - Mar 2016 Test Engineer (Contoso Ltd.)", "Test Engineer", "Contoso Ltd"),
        # a project's label after the job is the project's, not the employer's
        (
            "Jun 2014 - Mar 2016 Test Engineer (Contoso Ltd.) Project Domain: Banking",
            "Test Engineer",
            "Contoso Ltd",
        ),
        (
            "Jun 2014 - Mar 2016 Test Engineer, Contoso Pvt Ltd Client: Northwind Bank",
            "Test Engineer",
            "Contoso Pvt Ltd",
        ),
        # a bracket without a legal form is part of the title
        (
            "Jun 2014 - Mar 2016 Registered Nurse (ICU), Northgate NHS Trust",
            "Registered Nurse (ICU)",
            "Northgate NHS Trust",
        ),
        # "in" before an employer with its legal form parts them; "in Oncology" does not
        (
            "Senior System Engineer in Infosys Limited\nAugust 2011 to November 2013",
            "Senior System Engineer",
            "Infosys Limited",
        ),
        ("Analyst in Contoso Pvt. Ltd, Pune\n2011 to 2013", "Analyst", "Contoso Pvt. Ltd"),
        ("Specialist in Oncology\nAugust 2011 to November 2013", "Specialist in Oncology", ""),
    ],
)
def test_a_job_line_s_title_employer_and_project_label(job_line, position, employer):
    text = f"Maya Rao\nWORK EXPERIENCE\n{job_line}\nTested the billing system.\n"
    (job,) = parse_resume(text).resume["work"]
    assert (job["position"], job["name"]) == (position, employer)


@pytest.mark.parametrize(
    "heading",
    [
        "Projects Summary:",
        "INTERN DETAILS",
        "TECHNICAL EXPERIENCE SUMMARY",
        "Project and Internship:",
        "Workshops attended:",
        "TOTAL EXPERIENCE",
        "Project 1:",
        "Project 01: Service Assurance Enablement",
    ],
)
def test_a_project_internship_or_experience_summary_heading_ends_the_skills(heading):
    text = (
        "Maya Rao\nSKILLS\nJava, SQL\n"
        f"{heading}\nTraining at Contoso on Python, Angular\n"
        "3+ years of disaster recovery on Oracle Applications and Database.\n"
    )
    names = _skill_names(text)
    assert names == ["Java", "SQL"]


def test_dot_net_keeps_its_dot_in_a_skills_list():
    text = "Maya Rao\nSKILLS\nC#, .NET, SQL\n• .NET\n...Python\n"
    names = _skill_names(text)
    assert names == ["C#", ".NET", "SQL", "Python"]


def test_a_job_board_job_without_dates_is_a_job():
    text = (
        "Maya Rao\nWORK EXPERIENCE\nAccountant\nContoso India Ltd -  Pune, Maharashtra\n"
        "I am working as accountant.\n\nAnalyst\nFabrikam Ltd -\nJune 2012 to May 2015\n"
        "Reconciled the ledgers.\n"
    )
    work = parse_resume(text).resume["work"]
    assert [(w["name"], w["position"], w.get("startDate")) for w in work] == [
        ("Contoso India Ltd", "Accountant", None),
        ("Fabrikam Ltd", "Analyst", "2012-06"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        # the dates come first: the lines under them are the dated job's, not another job
        "Maya Rao\nWORK EXPERIENCE\nJune 2015 to Present\nTest Engineer\nContoso Ltd -\nTested.\n",
        # a duty with a dash under a title is no employer
        "Maya Rao\nWORK EXPERIENCE\nAnalyst\nWorked on billing - payments\n",
        # outside a work section "Title" / "X - Place" may be anything (here, the header)
        "Maya Rao\nTest Engineer\nContoso Ltd - Pune, Maharashtra\nSKILLS\nJava\n",
    ],
)
def test_no_undated_job_is_made_from_other_lines(text):
    work = parse_resume(text).resume["work"]
    assert all(w.get("startDate") for w in work)


def test_a_dated_job_s_details_under_it_are_not_one_more_job():
    text = (
        "Maya Rao\nWORK EXPERIENCE\nTechnical Support Engineer\nContoso -  Bengaluru, Karnataka -\n"
        "July 2013 to October 2015\nPosition: TECHNICAL SUPPORT ENGINEER\n"
        "Company: Contoso Corporation - Contoso Global Support Center\nAnswered the calls.\n"
    )
    work = parse_resume(text).resume["work"]
    assert [(w["position"], w["name"]) for w in work] == [("Technical Support Engineer", "Contoso")]


@pytest.mark.parametrize(
    "heading",
    ["SKILLS:-", "Skills :-", "KEY SKILLS:", "SKILLS AND COMPETENCIES", "Knowledge and Skills"],
)
def test_a_heading_ending_in_punctuation_opens_the_section(heading):
    text = (
        f"Maya Rao\n{heading}\n\n• Messaging: MS Exchange, Lotus Notes\n\n• Networking: DNS, DHCP\n"
    )
    names = _skill_names(text)
    assert "DNS" in names and "DHCP" in names and any("Exchange" in n for n in names)


def test_a_skills_heading_in_capitals_with_the_first_row_of_its_table_beside_it():
    text = (
        "Maya Rao\nADDITIONAL INFORMATION\n\nSKILLS ETL: Microsoft SSIS\nReporting: Power BI\n"
        "Database: MS SQL SERVER 2016\nLanguages: SQL, PL/SQL\n\nSTRENGTHS:\n"
        "• Quickly integrates into a new environment\n"
    )
    names = _skill_names(text)
    assert {"Power BI", "SQL", "PL/SQL"} <= set(names)
    assert any("SSIS" in n for n in names)
    assert not any("environment" in n.casefold() for n in names)


def test_the_bullets_under_a_one_line_skills_heading_are_its_list():
    text = (
        "Maya Rao\nADDITIONAL INFORMATION\n\nSKILL SET • ASP.NET, C# • QA tools\n\n"
        "• VB, VB.net, ASP • Technical specifications creation\n\n• Java/C/C++ • System backups\n\n"
        "I declare that the above is true.\n"
    )
    names = _skill_names(text)
    assert {"ASP.NET", "C#", "C++"} <= set(names)
    assert "System backups" in names
    # the list ends where its bullets end
    assert not any("declare" in n for n in names)


def test_a_one_line_skills_label_in_a_summary_holds_only_its_line():
    text = (
        "Maya Rao\nSUMMARY\nSkills: Python, SQL\nSeasoned analyst who built the reporting for "
        "three banks.\nWORK EXPERIENCE\nAnalyst\nContoso - January 2015 to Present\n"
    )
    assert _skill_names(text) == ["Python", "SQL"]


def test_a_skills_table_without_heading_under_additional_information():
    text = (
        "Maya Rao\nADDITIONAL INFORMATION\n\nOperating Systems Windows 10 / 8 / 7\n\n"
        "Tools HP-UFT, HP-ALM, SOAP UI, Jenkins\n\nMethodologies STLC, Agile and waterfall.\n"
    )
    names = _skill_names(text)
    assert {"Jenkins", "SOAP UI"} <= set(names) or {"Jenkins", "SoapUI"} <= set(names)
    assert any("Windows" in n for n in names)


def test_a_job_after_a_skills_table_inside_the_work_section_is_still_a_job():
    text = (
        "Maya Rao\nWORK EXPERIENCE\n\nTechnical Expertise:-\nLanguages C, C++, C#.NET.\n"
        "Databases MySQL, MS Access.\n\nJr. Developer\n\nContoso Technologies Pvt. Ltd -  Pune, "
        "Maharashtra\n\nDatabase designing and user side coding\n"
    )
    resume = parse_resume(text).resume
    assert [(w["position"], w["name"]) for w in resume["work"]] == [
        ("Jr. Developer", "Contoso Technologies Pvt. Ltd")
    ]
    names = [s["name"] for s in resume["skills"]]
    assert "C++" in names and "MySQL" in names
    assert not any("Contoso" in n or "Developer" in n for n in names)


@pytest.mark.parametrize("label", ["Skills: Python, SQL", "SKILLS: Python, SQL"])
def test_contact_lines_under_a_one_line_skills_label_are_not_skills(label):
    text = (
        f"Maya Rao\nData Analyst\n{label}\nAddress: 12 Baker Street, London NW1 6XE\n"
        "Phone: 07700 900123\nEmail: maya@example.com\n\nWORK EXPERIENCE\nAnalyst\n"
        "Contoso - January 2015 to Present\n"
    )
    resume = parse_resume(text).resume
    assert [s["name"] for s in resume["skills"]] == ["Python", "SQL"]
    assert resume["basics"]["location"]["city"] == "London"
    assert resume["basics"]["phone"] == "+447700900123"


@pytest.mark.parametrize("heading", ["INTERESTS", "ADDITIONAL INFORMATION"])
def test_spoken_languages_and_hobbies_are_not_a_skills_table(heading):
    text = (
        "Maya Rao\nWORK EXPERIENCE\nAnalyst\nContoso - January 2015 to Present\n"
        f"{heading}\nLanguages English, Hindi, Tamil\nMarital Status: Single\n"
        "Hobbies: Cricket, reading novels\n"
    )
    assert parse_resume(text).resume["skills"] == []


def test_a_comma_list_wrapped_inside_a_known_skill_keeps_the_skill_whole():
    text = (
        "Stephanie Wilson\nSkills\nSales, CRM, Interpersonal skills, Microsoft\n"
        "Excel, Microsoft PowerPoint, Social\nMedia Marketing\nPython, Java\nGit, Jira\n"
    )
    skills = _skill_names(text)
    assert "Microsoft Excel" in skills and "Social media marketing" in skills
    assert not {"Microsoft", "Excel", "Social", "Media Marketing"} & set(skills)
    # two rows of a list, each ending in a whole skill, stay two rows
    assert {"Java", "Git"} <= set(skills) and "Java Git" not in skills


def test_a_jobs_summary_keeps_a_duty_per_line():
    text = (
        "Sam Lee\nWORK EXPERIENCE\nSales Executive, Fabrikam Inc  Nov 2023 - Present\n"
        "Beat the annual quota by 26%\n"
        "Grew the key accounts from 400k to 3.8m a year, working with the regional team and the\n"
        "partner network across the three states.\n"
        "• Ran the weekly pipeline review\n  in Salesforce\n"
    )
    (job,) = parse_resume(text).resume["work"]
    assert job["summary"].split("\n") == [
        "Beat the annual quota by 26%",
        "Grew the key accounts from 400k to 3.8m a year, working with the regional team and the "
        "partner network across the three states.",
        "Ran the weekly pipeline review in Salesforce",
    ]


@pytest.mark.parametrize(
    ("employer_line", "employer"),
    [
        ("Technology/Tools: Microsoft SharePoint 2013 -", ""),  # a project's labelled row
        ("Hyderabad from 2016 -", ""),  # dates
        ("Pharmaceuticals and Life Sciences Domain -", ""),  # an industry
        ("ASSISTANTBUSINESSDEVELOPMENTMANAGER -  Dubai, AE -", ""),  # words run together
        ("Training in Contoso Limited -  Mysore, Karnataka -", "Contoso Limited"),
        ("Contoso Limited -  Mysore, Karnataka -", "Contoso Limited"),
    ],
)
def test_a_job_boards_employer_field_holding_something_else_names_no_employer(
    employer_line, employer
):
    text = f"Maya Rao\nWORK EXPERIENCE\n\nTest Engineer\n\n{employer_line}\n\nAugust 2011 to 2015\n"
    (job,) = parse_resume(text).resume["work"]
    assert (job["position"], job["name"]) == ("Test Engineer", employer)


def test_rep_is_a_title_and_a_line_opening_with_an_action_verb_is_not():
    text = (
        "Jo Bloggs\nWORK EXPERIENCE\n\nBusiness Development Rep\n\nOracle -\n\n"
        "September 2011 to April 2013\n\nDeployed chef for configuration management\n\n"
        "Cisco Bangalore -  Bengaluru, Karnataka -\n\nSeptember 2016 to Present\n\n"
        "SKILLS\nJava, Conducted training for new joiners, Automated build tools\n"
    )
    resume = parse_resume(text).resume
    positions = [job["position"] for job in resume["work"]]
    assert "Business Development Rep" in positions
    assert not any(p.startswith("Deployed") for p in positions)
    skills = [s["name"] for s in resume["skills"]]
    assert "Java" in skills and "Automated build tools" in skills
    assert not [s for s in skills if s.startswith("Conducted")]


def test_skills_table_rows_under_additional_information_are_skills_and_only_they():
    text = (
        "Kartik Sharma\nSKILLS\nSAP Security\n\nADDITIONAL INFORMATION\n\n"
        "Operating systems: Windows 8, 10.\nLanguages: C, C++, C#\nRole: System admin\n"
        "I enjoy trekking and reading about Python history.\n"
    )
    resume = parse_resume(text).resume
    skills = [s["name"] for s in resume["skills"]]
    assert {"SAP Security", "Windows 8", "C", "C++", "C#"} <= set(skills)
    assert not {"System admin", "Python"} & set(skills)  # a job's row; the prose after
    assert resume["languages"] == []  # "Languages: C, C++" names no spoken language


def test_a_word_starting_with_o_keeps_its_o_and_o_alone_is_a_bullet():
    text = (
        "Nina Park\nSKILLS\n"
        "o Python\no  Java\noperations management, online marketing\norganization design\n"
    )
    skills = [name.casefold() for name in _skill_names(text)]
    assert {"python", "java", "operations management", "online marketing"} <= set(skills)
    assert "organization design" in skills
    assert not [s for s in skills if s.startswith(("perations", "nline", "rganization"))]


def test_an_expertise_paragraph_a_pdf_wrapped_badly_is_read_as_prose():
    # the short lines between the long ones ("providing", "by") are the sentences' words
    expertise = (
        "Involved and excelling in enterprise-wide initiatives, complex and critical business\n"
        "providing\n"
        "distinctive leadership at the following levels and always with the customer in mind\n"
        "for\n"
        "● Account Management: Understanding the services of the organization in the account\n"
        "by\n"
        "suggesting the right processes and technology for Python teams in every department\n"
        "financial\n"
        "performance\n"
    )
    text = f"Omar Haddad\nSKILLS\nJava, SQL\n\nADDITIONAL INFORMATION\n\nExpertise\n{expertise}"
    skills = _skill_names(text)
    assert {"Java", "SQL", "Python"} <= set(skills)  # Python: the taxonomy, in a sentence
    assert not {"providing", "by", "financial"} & {s.casefold() for s in skills}
    assert not [s for s in skills if len(s.split()) > 4]
    # a list's wrapped line stays a list line: the items on it are skills
    listed = (
        "Nina Park\nSKILLS\n\nGood listener,take up responsibilities,good at communication,\n"
        "teamwork,excellent in various sports like cricket,cycling,running,swimming and more\n"
        "fluent in English,kannada, known languages hindi,telugu and tamil and others too\n"
    )
    skills = _skill_names(listed)
    assert "Good listener" in skills


def test_a_tables_label_cell_and_an_award_are_no_skills():
    text = (
        "Lena Fox\nTECHNICAL SKILLS\n\nOperating Systems\nWindows, Linux\nTools\nJIRA, Git\n"
        "Primary Skill Category\nDevOps\n\nREWARDS AND RECOGNITIONS\n"
        "Spot Awards, Client appreciation award 2016\n"
    )
    skills = _skill_names(text)
    assert {"Windows", "Linux", "Jira", "Git", "DevOps"} <= set(skills)
    assert not {"Operating Systems", "Tools", "Primary Skill Category"} & set(skills)
    assert not [s for s in skills if "ward" in s.casefold()]
    # in a list of subjects, the same words are a skill
    subjects = "Ravi Nair\nSKILLS\nNetworking, Operating Systems, Speech recognition\n"
    skills = [name.casefold() for name in _skill_names(subjects)]
    assert {"operating systems", "speech recognition"} <= set(skills)
