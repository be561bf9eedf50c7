"""Word lists for the resume parser: headings, job titles, company suffixes, degrees, places.

General English resume vocabulary (and the degree names of the largest resume-writing countries),
not words picked from any evaluation file.
"""

from __future__ import annotations

import re

# section key -> headings that open it (compared lower-cased, without punctuation)
SECTION_HEADINGS: dict[str, tuple[str, ...]] = {
    "work": (
        "work experience", "experience", "professional experience", "employment history",
        "employment", "work history", "career history", "professional background",
        "relevant experience", "internships", "internship", "internship experience",
        "job history", "positions held", "career", "employment details", "work details",
        "experience details", "professional experience details", "organizational experience",
        "organisational experience", "working experience", "industrial experience",
        "work experience details", "employment record", "professional history", "career profile",
        "experiences", "professional employment", "previous experience", "past experience",
        "professional exposure", "work exposure", "industrial exposure", "corporate exposure",
        "total experience",
        "internship details", "intern details",
        # a summary of experience may list jobs with their dates; its prose makes no job
        "experience summary", "technical experience summary", "professional experience summary",
    ),
    "education": (
        "education", "educational qualification", "educational qualifications",
        "academic qualification", "academic qualifications", "academics", "academic background",
        "education and training", "qualifications", "academic details", "educational details",
        "education details", "academic profile", "educational background", "academic credentials",
        "education & training", "scholastic profile", "academic record", "qualification",
        "educational profile", "education and qualifications", "education background",
    ),
    "skills": (
        "skills", "technical skills", "key skills", "core skills", "it skills", "computer skills",
        "skill set", "skillset", "skills set", "core competencies", "competencies",
        "areas of expertise", "expertise", "technical expertise", "technical proficiency",
        "technologies", "technical skill set", "technical knowledge", "software skills",
        "professional skills", "skills and abilities", "skills & abilities", "key competencies",
        "skills summary", "summary of skills", "tools", "tools and technologies",
        "technical competencies", "skill", "soft skills", "personal skills", "strengths",
        "key strengths", "skills & expertise", "skills and expertise", "skill highlights",
        "areas of strength", "technical summary", "it proficiency", "software",
        "skills and competencies", "skills & competencies", "skills and knowledge",
        "technical skills and competencies", "knowledge and skills",
    ),
    "summary": (
        "summary", "profile", "professional summary", "objective", "career objective",
        "about me", "personal statement", "profile summary", "executive summary",
        "professional profile", "career summary", "overview", "introduction", "objectives",
        "carrier objective", "summary of qualifications", "professional overview",
    ),
    "languages": (
        "languages", "languages known", "language skills", "linguistic skills", "language",
        "language proficiency", "spoken languages",
    ),
    "certificates": (
        "certifications", "certificates", "certification", "licenses", "licences",
        "certifications/licenses", "certifications and licenses", "courses", "trainings",
        "training", "professional development", "certifications & trainings",
        "training and certifications", "certifications and training", "accreditations",
        "professional certifications", "training & certifications", "courses and certifications",
    ),
    "projects": (
        "projects", "academic projects", "key projects", "project details", "personal projects",
        "project experience", "projects undertaken", "project undertaken", "project profile",
        "project summary", "projects summary", "project and internship",
        "projects and internships", "project and internships",
    ),
    "other": (
        "awards", "achievements", "honors", "honours", "accomplishments", "awards and honors",
        "additional information", "interests",
        "hobbies", "references", "declaration", "links", "publications", "volunteer",
        "volunteering", "activities", "extra curricular activities", "extracurricular activities",
        "co curricular activities", "personal profile",
        "hobbies and interests", "areas of interest", "area of interest", "patents", "groups",
        "military service", "affiliations", "memberships", "professional affiliations",
        "strengths and hobbies", "achievements and awards", "other information",
        "other details", "miscellaneous", "interests and hobbies", "hobbies & interests",
        "workshops", "workshops attended", "trainings attended", "training attended",
        "workshops and trainings", "seminars and workshops", "seminars attended",
    ),
    # read with the header for the contact details
    "contact": (
        "contact", "contact information", "contact details", "contact info", "get in touch",
        "personal details", "personal information", "personal data", "address",
    ),
}  # fmt: skip

HEADING_TO_SECTION = {h: key for key, hs in SECTION_HEADINGS.items() for h in hs}

TITLE_WORDS = frozenset(
    """
        engineer engineers developer developers manager consultant analyst architect
        administrator designer lead leader head director officer executive specialist associate
        intern trainee tester programmer scientist researcher accountant assistant coordinator
        supervisor representative advisor adviser technician operator clerk auditor recruiter
        partner president vp chief cto ceo cfo coo cio founder co-founder owner instructor
        teacher lecturer professor tutor nurse physician doctor pharmacist therapist chef cook
        driver agent sales salesman editor writer journalist photographer artist attorney lawyer
        paralegal counsel planner strategist buyer merchandiser receptionist secretary cashier
        technologist expert practitioner member staff fellow apprentice smts sde sdet devops qa
        hr professional mts controller economist statistician surveyor inspector estimator
        superintendent foreman mechanic electrician labourer laborer worker guard steward scrum
        product owner webmaster dba sme faculty principal matron midwife paramedic carer
        caregiver radiographer sonographer dentist surgeon optometrist psychologist counsellor
        counselor librarian translator interpreter solicitor barrister broker underwriter
        actuary bookkeeper teller chemist biologist physicist machinist welder plumber
        carpenter fitter installer courier dispatcher trainer investigator rep
        """.split()  # noqa: SIM905
)

TITLE_MODIFIERS = frozenset(
    """
        senior sr junior jr principal staff lead chief assistant associate deputy trainee
        """.split()  # noqa: SIM905
)

COMPANY_SUFFIX_RE = re.compile(
    r"\b(?:ltd|limited|inc|incorporated|corp|corporation|llc|llp|plc|pvt|private|gmbh|ag|sa|"
    r"s\.a|bv|nv|co|company|companies|group|holdings|technologies|technology|tech|solutions|"
    r"services|systems|consulting|consultancy|consultants|labs|laboratories|software|bank|"
    r"infotech|infosystems|enterprises|industries|international|global|associates|partners|"
    r"networks|communications|telecom|pharmaceuticals|pharma|motors|airlines|insurance|"
    r"financial|capital|ventures|media|studios|foundation|hospital|hospitals|healthcare|"
    r"agency|firm|retail|stores|logistics|automation|analytics|digital|informatics|"
    r"infosys|wipro|accenture|cognizant|capgemini|deloitte|ibm|microsoft|oracle|amazon|google)\b\.?",
    re.IGNORECASE,
)

INSTITUTION_RE = re.compile(
    r"\b(?:university|universit[yéà]|universidad|college|institute|institution|school|academy|"
    r"polytechnic|vidyalaya|vidyapeeth|vidyapith|mahavidyalaya|campus|conservatory|seminary|"
    r"faculty of|iit|iim|nit|iiit|bits|board of|kendriya|gymnasium|lyceum|hochschule)\b",
    re.IGNORECASE,
)

# Degree names, long forms (any case) and abbreviations (exact case: "BE", "MS", "BA" are words).
DEGREE_RE = re.compile(
    r"\b(?:bachelor(?:'?s)?|master(?:'?s)?|doctor(?:ate)?|ph\.?\s?d|b\.?\s?tech|m\.?\s?tech|"
    r"b-tech|m-tech|b\.\s?e\b|m\.\s?e\b|b\.?\s?sc|m\.?\s?sc|b\.?\s?com|m\.?\s?com|b\.?\s?c\.?\s?a\b|"
    r"m\.?\s?c\.?\s?a\b|m\.?\s?b\.?\s?a\b|b\.?\s?b\.?\s?[am]\b|post\s?graduat\w*|"
    # post-graduate diplomas: PGDM, PGDBM, PGDBA, P.G.D.C.A
    r"p\.?\s?g\.?\s?d\.?\s?(?:c\.?\s?a|b\.?\s?m|b\.?\s?a|m)\b\.?|"
    r"under\s?graduat\w*|graduation|diploma|associate'?s? degree|high school|higher secondary|"
    r"senior secondary|secondary school|intermediate|matriculation|s\.?s\.?c\b|h\.?s\.?c\b|"
    r"s\.?s\.?l\.?c|cbse|icse|12th|10th|xii(?:th)?|llb|ll\.b|llm|mbbs|bds|b\.?\s?pharm|m\.?\s?pharm|"
    r"b\.?\s?ed\b|m\.?\s?ed\b|b\.?\s?arch|m(?:\.\s?|\s)arch|a-levels?|gcse|btec|hnd|ged|mphil|m\.?\s?phil|"
    r"bsba|bsc|msc|mba|bba|bca|mca|bba|bfa|mfa|b\.?s\.?c\.?s|aas|bsn|msn|b\.?eng|m\.?eng|"
    r"engineering degree|degree in|degree)\b",
    re.IGNORECASE,
)
DEGREE_ABBR_RE = re.compile(
    r"(?<![\w.])(?:BE|ME|BA|MA|BS|MS|B\.S\.?|M\.S\.?|B\.A\.?|M\.A\.?|AA|AS|MD|JD|DBA|CA|CPA|"
    r"B\.E\.?|M\.E\.?|B\.Sc\.?|M\.Sc\.?|HSC|SSC|X|XII|[BM] E(?= in\b|$))(?![\w])"
)

# Words that start a piece of a sentence, not a skill's name ("and uninstalling", "in this
# project").
CONNECTIVES = frozenset(
    """
        and or in of on at to for with from by the a an as when while which that this these
        those who where using used via etc also including such like
        """.split()  # noqa: SIM905
)

# First words of a sentence about a job, never of an employer's name ("Worked in ...").
SENTENCE_STARTS = frozenset(
    """
        worked working work responsible handling handled involved managed managing leading led
        providing provided performed performing currently presently previously also and which
        have has had am was is i we
        deployed developed designed implemented created built maintained configured supported
        prepared coordinated conducted ensured monitored analysed analyzed tested wrote
        migrated installed resolved achieved delivered mentored reviewed
        participated assisted completed
        """.split()  # noqa: SIM905
)

# Wards, units and departments: after a title ("Registered Nurse – ICU", "Analyst - Finance")
# they say where in the employer one works, and are never the employer.
DEPARTMENTS = frozenset(
    department.strip()
    for department in """
        icu|hdu|nicu|picu|ccu|itu|a&e|a & e|er|ed|or|emergency|emergency department|theatres|
        operating theatre|cardiology|oncology|paediatrics|pediatrics|surgery|general surgery|
        maternity|midwifery|radiology|orthopaedics|orthopedics|neurology|neonatal|
        intensive care|critical care|acute medicine|general medicine|outpatients|inpatients|
        community|mental health|palliative care|renal|dialysis|endoscopy|pharmacy|physiotherapy|
        sales|marketing|finance|
        accounts|hr|human resources|it|operations|procurement|logistics|legal|compliance|audit|
        customer service|support|engineering|research|r&d|quality|qa|production|maintenance|
        administration|admin|front office|back office|head office|headquarters|retail
        """.split("|")  # noqa: SIM905
)

# Field labels of a job or a project block that stray into a skills section; never skills.
NON_SKILL_LABELS = frozenset(
    label.strip()
    for label in """
        company|company name|employer|organisation|organization|client|client name|designation|
        role|position|job title|title|duration|period|team size|project|project name|
        project title|project description|description|responsibilities|roles and responsibilities|
        key responsibilities|environment|location|place|date|from|to|present|till date
        """.split("|")  # noqa: SIM905
)

# The labels a job board's job block carries on lines of their own, under the title where an
# employer might be: never an employer.
JOB_BLOCK_LABELS = NON_SKILL_LABELS | frozenset(
    label.strip()
    for label in """
        achievements|key achievements|accomplishments|highlights|key highlights|duties|
        job profile|job description|job responsibilities|summary|deliverables|key deliverables|
        key result areas|tasks|projects|project details|responsibility
        """.split("|")  # noqa: SIM905
)

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip

COUNTRIES = {
    "india": "IN", "united states": "US", "usa": "US", "u.s.a": "US", "us": "US",
    "united states of america": "US", "united kingdom": "GB", "uk": "GB", "england": "GB",
    "scotland": "GB", "wales": "GB", "canada": "CA", "australia": "AU", "germany": "DE",
    "france": "FR", "spain": "ES", "italy": "IT", "netherlands": "NL", "belgium": "BE",
    "ireland": "IE", "switzerland": "CH", "austria": "AT", "sweden": "SE", "norway": "NO",
    "denmark": "DK", "finland": "FI", "poland": "PL", "portugal": "PT", "singapore": "SG",
    "malaysia": "MY", "uae": "AE", "united arab emirates": "AE", "dubai": "AE",
    "saudi arabia": "SA", "qatar": "QA", "china": "CN", "japan": "JP", "south africa": "ZA",
    "nigeria": "NG", "kenya": "KE", "brazil": "BR", "mexico": "MX", "philippines": "PH",
    "pakistan": "PK", "bangladesh": "BD", "sri lanka": "LK", "nepal": "NP", "new zealand": "NZ",
    "indonesia": "ID", "vietnam": "VN", "thailand": "TH", "egypt": "EG", "israel": "IL",
    "turkey": "TR", "russia": "RU", "ukraine": "UA", "romania": "RO", "czech republic": "CZ",
    "hungary": "HU", "greece": "GR", "argentina": "AR", "chile": "CL", "colombia": "CO",
    "in": "IN", "u.k": "GB", "great britain": "GB", "britain": "GB", "northern ireland": "GB",
    "the netherlands": "NL", "holland": "NL", "luxembourg": "LU", "iceland": "IS",
    "estonia": "EE", "latvia": "LV", "lithuania": "LT", "bulgaria": "BG", "serbia": "RS",
    "croatia": "HR", "slovenia": "SI", "slovakia": "SK", "south korea": "KR", "korea": "KR",
    "taiwan": "TW", "hong kong": "HK", "peru": "PE", "morocco": "MA", "ghana": "GH",
    "ethiopia": "ET", "uganda": "UG", "tanzania": "TZ", "oman": "OM", "kuwait": "KW",
    "bahrain": "BH", "jordan": "JO", "lebanon": "LB", "cyprus": "CY", "malta": "MT",
}  # fmt: skip

# first-level regions that name their country (US states by code and name, Indian states,
# Canadian provinces, Australian states)
REGION_COUNTRY = {
    **{
        s: "US"
        for s in (
            """
            AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV
            NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC
            """.split()  # noqa: SIM905
        )
    },
    **{
        s.casefold(): "US"
        for s in (
            "Alabama",
            "Alaska",
            "Arizona",
            "Arkansas",
            "California",
            "Colorado",
            "Connecticut",
            "Delaware",
            "Florida",
            "Georgia",
            "Hawaii",
            "Idaho",
            "Illinois",
            "Indiana",
            "Iowa",
            "Kansas",
            "Kentucky",
            "Louisiana",
            "Maine",
            "Maryland",
            "Massachusetts",
            "Michigan",
            "Minnesota",
            "Mississippi",
            "Missouri",
            "Montana",
            "Nebraska",
            "Nevada",
            "New Hampshire",
            "New Jersey",
            "New Mexico",
            "New York",
            "North Carolina",
            "North Dakota",
            "Ohio",
            "Oklahoma",
            "Oregon",
            "Pennsylvania",
            "Rhode Island",
            "South Carolina",
            "South Dakota",
            "Tennessee",
            "Texas",
            "Utah",
            "Vermont",
            "Virginia",
            "Washington",
            "West Virginia",
            "Wisconsin",
            "Wyoming",
        )
    },
    **{
        s.casefold(): "IN"
        for s in (
            "Andhra Pradesh",
            "Arunachal Pradesh",
            "Assam",
            "Bihar",
            "Chhattisgarh",
            "Goa",
            "Gujarat",
            "Haryana",
            "Himachal Pradesh",
            "Jharkhand",
            "Karnataka",
            "Kerala",
            "Madhya Pradesh",
            "Maharashtra",
            "Manipur",
            "Meghalaya",
            "Mizoram",
            "Nagaland",
            "Odisha",
            "Orissa",
            "Punjab",
            "Rajasthan",
            "Sikkim",
            "Tamil Nadu",
            "Telangana",
            "Tripura",
            "Uttar Pradesh",
            "Uttarakhand",
            "West Bengal",
            "Delhi",
            "Chandigarh",
            "Jammu and Kashmir",
            "Puducherry",
            "Pondicherry",
            "Jammu",
            "Kashmir",
        )
    },
    **{
        s.casefold(): "CA"
        for s in (
            "Ontario",
            "Quebec",
            "British Columbia",
            "Alberta",
            "Manitoba",
            "Saskatchewan",
            "Nova Scotia",
            "New Brunswick",
            "ON",
            "QC",
            "BC",
            "AB",
        )
    },
    **{
        s.casefold(): "AU"
        for s in ("New South Wales", "Victoria", "Queensland", "Tasmania", "NSW", "QLD")
    },
}

# Large cities, so that "Pune" or "London" alone in a job line reads as a place, not a company.
CITIES = frozenset(
    c.casefold()
    for c in (
        "Mumbai",
        "Bombay",
        "Delhi",
        "New Delhi",
        "Bangalore",
        "Bengaluru",
        "Hyderabad",
        "Chennai",
        "Madras",
        "Kolkata",
        "Calcutta",
        "Pune",
        "Ahmedabad",
        "Surat",
        "Jaipur",
        "Lucknow",
        "Kanpur",
        "Nagpur",
        "Indore",
        "Thane",
        "Bhopal",
        "Visakhapatnam",
        "Patna",
        "Vadodara",
        "Ghaziabad",
        "Ludhiana",
        "Agra",
        "Nashik",
        "Noida",
        "Gurgaon",
        "Gurugram",
        "Faridabad",
        "Coimbatore",
        "Kochi",
        "Cochin",
        "Mysore",
        "Mysuru",
        "Mangalore",
        "Trivandrum",
        "Thiruvananthapuram",
        "Bhubaneswar",
        "Bhubaneshwar",
        "Chandigarh",
        "Navi Mumbai",
        "Vijayawada",
        "Madurai",
        "Dehradun",
        "Ranchi",
        "Raipur",
        "Guwahati",
        "Jodhpur",
        "Gwalior",
        "Varanasi",
        "Allahabad",
        "Amritsar",
        "Aurangabad",
        "Hubli",
        "Belgaum",
        "Salem",
        "Tiruchirappalli",
        "Trichy",
        "Warangal",
        "Guntur",
        "Nellore",
        "Jamshedpur",
        "Dhanbad",
        "Kota",
        "Udaipur",
        "Ajmer",
        "Meerut",
        "Mohali",
        "Panaji",
        "New York",
        "Los Angeles",
        "Chicago",
        "Houston",
        "Phoenix",
        "Philadelphia",
        "San Antonio",
        "San Diego",
        "Dallas",
        "San Jose",
        "Austin",
        "Jacksonville",
        "San Francisco",
        "Columbus",
        "Seattle",
        "Denver",
        "Boston",
        "Washington",
        "Nashville",
        "Detroit",
        "Portland",
        "Las Vegas",
        "Atlanta",
        "Miami",
        "Minneapolis",
        "Pittsburgh",
        "Cleveland",
        "Charlotte",
        "Raleigh",
        "Baltimore",
        "St. Louis",
        "Tampa",
        "Orlando",
        "Salt Lake City",
        "Sacramento",
        "Kansas City",
        "Cincinnati",
        "Indianapolis",
        "Milwaukee",
        "New Orleans",
        "Buffalo",
        "Richmond",
        "Newark",
        "Jersey City",
        "Irvine",
        "Palo Alto",
        "Mountain View",
        "Sunnyvale",
        "Redmond",
        "Cambridge",
        "Oxford",
        "London",
        "Manchester",
        "Birmingham",
        "Leeds",
        "Glasgow",
        "Edinburgh",
        "Liverpool",
        "Bristol",
        "Sheffield",
        "Cardiff",
        "Belfast",
        "Dublin",
        "Paris",
        "Berlin",
        "Munich",
        "Hamburg",
        "Frankfurt",
        "Madrid",
        "Barcelona",
        "Rome",
        "Milan",
        "Amsterdam",
        "Rotterdam",
        "Brussels",
        "Zurich",
        "Geneva",
        "Vienna",
        "Stockholm",
        "Oslo",
        "Copenhagen",
        "Helsinki",
        "Warsaw",
        "Prague",
        "Budapest",
        "Lisbon",
        "Athens",
        "Toronto",
        "Montreal",
        "Vancouver",
        "Calgary",
        "Ottawa",
        "Sydney",
        "Melbourne",
        "Brisbane",
        "Perth",
        "Auckland",
        "Singapore",
        "Hong Kong",
        "Tokyo",
        "Shanghai",
        "Beijing",
        "Shenzhen",
        "Seoul",
        "Dubai",
        "Abu Dhabi",
        "Doha",
        "Riyadh",
        "Jeddah",
        "Muscat",
        "Kuwait",
        "Manila",
        "Jakarta",
        "Kuala Lumpur",
        "Bangkok",
        "Karachi",
        "Lahore",
        "Islamabad",
        "Dhaka",
        "Colombo",
        "Kathmandu",
        "Cairo",
        "Lagos",
        "Nairobi",
        "Johannesburg",
        "Cape Town",
        "Sao Paulo",
        "Mexico City",
        "Buenos Aires",
        "Tel Aviv",
        "Istanbul",
        "Moscow",
        "Kyiv",
        # United Kingdom and Ireland
        "Newcastle",
        "Newcastle upon Tyne",
        "Nottingham",
        "Leicester",
        "Coventry",
        "Bradford",
        "Brighton",
        "Southampton",
        "Portsmouth",
        "Reading",
        "Aberdeen",
        "Dundee",
        "Swansea",
        "Plymouth",
        "York",
        "Bath",
        "Exeter",
        "Norwich",
        "Derby",
        "Stoke-on-Trent",
        "Wolverhampton",
        "Sunderland",
        "Milton Keynes",
        "Luton",
        "Bournemouth",
        "Hull",
        "Preston",
        "Inverness",
        "Stirling",
        "Canterbury",
        "Guildford",
        "Croydon",
        "Cork",
        "Galway",
        "Limerick",
        "Waterford",
        "Derry",
        # continental Europe
        "Utrecht",
        "The Hague",
        "Eindhoven",
        "Antwerp",
        "Ghent",
        "Lyon",
        "Marseille",
        "Toulouse",
        "Nice",
        "Bordeaux",
        "Lille",
        "Nantes",
        "Strasbourg",
        "Cologne",
        "Stuttgart",
        "Düsseldorf",
        "Dusseldorf",
        "Leipzig",
        "Dresden",
        "Hanover",
        "Nuremberg",
        "Bremen",
        "Valencia",
        "Seville",
        "Bilbao",
        "Malaga",
        "Porto",
        "Turin",
        "Naples",
        "Florence",
        "Bologna",
        "Krakow",
        "Wroclaw",
        "Gdansk",
        "Poznan",
        "Gothenburg",
        "Malmo",
        "Bergen",
        "Aarhus",
        "Tallinn",
        "Riga",
        "Vilnius",
        "Bucharest",
        "Sofia",
        "Belgrade",
        "Zagreb",
        "Ljubljana",
        "Bratislava",
        "Luxembourg",
        "Basel",
        "Bern",
        "Lausanne",
        "Salzburg",
        "Graz",
    )
)

# United Kingdom: the counties, nations and regions people write after their town ("Harrogate,
# North Yorkshire", "Reading, Berkshire"), and towns of the UK beyond the large cities above,
# so that a UK resume's header place is read and names its country (the phone number's region).
# Public geography (ceremonial and historic counties, the nations, the ITL1 regions).
UK_REGIONS = frozenset(
    r.strip().casefold()
    for r in """
        Bedfordshire|Berkshire|Bristol|Buckinghamshire|Cambridgeshire|Cheshire|City of London|
        Cornwall|Cumbria|Derbyshire|Devon|Dorset|Durham|County Durham|East Riding of Yorkshire|
        East Sussex|Essex|Gloucestershire|Greater London|Greater Manchester|Hampshire|
        Herefordshire|Hertfordshire|Isle of Wight|Kent|Lancashire|Leicestershire|Lincolnshire|
        Merseyside|Norfolk|North Yorkshire|Northamptonshire|Northumberland|Nottinghamshire|
        Oxfordshire|Rutland|Shropshire|Somerset|South Yorkshire|Staffordshire|Suffolk|Surrey|
        Tyne and Wear|Warwickshire|West Midlands|West Sussex|West Yorkshire|Wiltshire|
        Worcestershire|Middlesex|Yorkshire|Hants|Herts|Bucks|Berks|Oxon|Lancs|Yorks|Glos|
        Wilts|Notts|Leics|Northants|Cambs|Worcs|Staffs|Beds|
        Aberdeenshire|Angus|Argyll and Bute|Ayrshire|Fife|Highland|Lanarkshire|Lothian|
        Midlothian|West Lothian|East Lothian|Moray|Perth and Kinross|Renfrewshire|
        Dumfries and Galloway|Scottish Borders|Stirlingshire|
        Anglesey|Cardiff|Carmarthenshire|Ceredigion|Conwy|Denbighshire|Flintshire|Gwynedd|
        Monmouthshire|Pembrokeshire|Powys|Glamorgan|Vale of Glamorgan|Gwent|
        Antrim|County Antrim|Armagh|County Armagh|Down|County Down|Fermanagh|Londonderry|
        County Londonderry|Tyrone|County Tyrone|
        North East England|North West England|Yorkshire and the Humber|East Midlands|
        East of England|South East England|South West England|South East|South West|North West|
        North East
        """.split("|")  # noqa: SIM905
    if r.strip()
)

UK_TOWNS = frozenset(
    t.strip().casefold()
    for t in """
        Aberystwyth|Aldershot|Altrincham|Andover|Ashford|Aylesbury|Ayr|Banbury|Bangor|Barnet|
        Barnsley|Barnstaple|Basildon|Basingstoke|Bedford|Birkenhead|Blackburn|Blackpool|
        Bolton|Bracknell|Bromley|Burnley|Bury|Bury St Edmunds|Camberley|Carlisle|Chatham|
        Chelmsford|Cheltenham|Chester|Chesterfield|Chichester|Colchester|Crawley|Darlington|
        Doncaster|Dorchester|Dudley|Dumfries|Dunfermline|Eastbourne|Enfield|Epsom|Falkirk|
        Farnborough|Folkestone|Gateshead|Gillingham|Gloucester|Grimsby|Guildford|Halifax|
        Harlow|Harrogate|Harrow|Hartlepool|Hastings|Hemel Hempstead|Hereford|High Wycombe|
        Huddersfield|Ilford|Ipswich|Kettering|Kidderminster|Kilmarnock|Kingston upon Thames|
        Kingston upon Hull|Kirkcaldy|Lancaster|Leamington Spa|Lincoln|Lisburn|Livingston|
        Llandudno|Loughborough|Lowestoft|Macclesfield|Maidenhead|Maidstone|Mansfield|Margate|
        Middlesbrough|Motherwell|Newport|Newry|Northampton|Nuneaton|Oldham|Paisley|Perth|
        Peterborough|Poole|Reigate|Rochdale|Rotherham|Rugby|Runcorn|Salford|Salisbury|
        Scarborough|Scunthorpe|Shrewsbury|Slough|Solihull|Southend-on-Sea|Southend|Southport|
        St Albans|St Helens|Stafford|Stevenage|Stockport|Stockton-on-Tees|Stratford-upon-Avon|
        Sutton|Swindon|Tamworth|Taunton|Telford|Torquay|Truro|Tunbridge Wells|Wakefield|
        Walsall|Warrington|Watford|Wembley|Weston-super-Mare|Widnes|Wigan|Winchester|Windsor|
        Woking|Worcester|Worthing|Wrexham|Yeovil|Sale|Crewe|Durham|Kendal|Keswick|Whitby|
        Harlow|Epping|Romford|Twickenham|Richmond upon Thames|Hounslow|Uxbridge|Kingston|
        Greenwich|Stratford|Canary Wharf|Westminster|Camden|Hackney|Islington|Southwark|
        Lambeth|Wandsworth|Hammersmith|Ealing|Brent|Haringey|Lewisham|Bexley|Hillingdon|
        Belfast|Londonderry|Armagh|Omagh|Enniskillen|Ballymena|Coleraine|Craigavon
        """.split("|")  # noqa: SIM905
    if t.strip()
)

# UK town names that are also large places elsewhere: they say nothing of the country alone.
UK_AMBIGUOUS = frozenset(
    (
        "cambridge",
        "richmond",
        "bath",
        "perth",
        "boston",
        "hamilton",
        "kingston",
        "windsor",
        "durham",
        "worcester",
        "lancaster",
        "plymouth",
        "portsmouth",
        "newcastle",
        "salem",
        "dover",
        "reading",
        "oxford",
        "york",
        "birmingham",
        "manchester",
        "newport",
        "bangor",
        "stratford",
        "sutton",
        "lincoln",
        "chester",
        "sale",
        "bury",
    )
)
