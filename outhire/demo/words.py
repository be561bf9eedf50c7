"""Word lists for the demo people: names, countries, role families, sources.

Plain data, like the resume parser's lexicon. Names come from several cultures and are all
encodable in cp1252 (the PDF standard fonts); phone patterns follow each country's numbering
plan; employers are invented; every skill is a canonical name of the skills taxonomy
(`outhire/screening/data/skills.json`), which a test checks.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# --- Names ---------------------------------------------------------------------------------------

# culture -> (female first names, male first names, last names)
NAMES: dict[str, tuple[str, str, str]] = {
    "english": (
        "Emma Olivia Charlotte Sophie Hannah Grace Lucy Katherine Rebecca Elizabeth Jennifer Amy "
        "Megan Laura Rachel Stephanie Margaret Chloe",
        "James Oliver Jonathan William Thomas Daniel Michael Christopher Matthew Benjamin Samuel "
        "Joseph Robert Nicholas Alexander Jack Henry Ryan",
        "Smith Jones Taylor Brown Williams Wilson Johnson Davies Robinson Wright Thompson Evans "
        "Walker White Roberts Green Hall Wood Clarke Hughes Edwards Turner Bennett Fletcher "
        "Harrison Murphy Kelly",
    ),
    "german": (
        "Anna Lena Julia Katharina Sophie Laura Lea Sarah Johanna Miriam Franziska Jana",
        "Lukas Jonas Felix Maximilian Jürgen Tobias Florian Sebastian Matthias Stefan Moritz "
        "Niklas",
        "Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Koch Richter "
        "Klein Wolf Schröder Neumann Braun Zimmermann Krüger Hartmann",
    ),
    "french": (
        "Camille Chloé Léa Manon Inès Juliette Élodie Claire Margaux Sophie",
        "Lucas Hugo Théo Louis Antoine Mathieu Julien Nicolas Guillaume Rémi",
        "Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Lefèvre Girard "
        "Fournier Mercier",
    ),
    "hispanic": (
        "María Lucía Sofía Carmen Valentina Isabel Paula Elena Ana Gabriela Daniela",
        "José Carlos Javier Miguel Alejandro Diego Pablo Andrés Luis Fernando Mateo",
        "García Rodríguez Martínez López Hernández González Pérez Sánchez Ramírez Torres Flores "
        "Ruiz Morales Ortiz Castillo Navarro",
    ),
    "italian": (
        "Giulia Francesca Chiara Sara Martina Alessia Valentina Federica",
        "Marco Alessandro Luca Giuseppe Matteo Andrea Davide Stefano",
        "Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci Marino Greco Bruno Conti",
    ),
    "dutch": (
        "Sanne Lotte Femke Anouk Eva Lieke Iris Maaike",
        "Daan Sem Thijs Ruben Bram Jeroen Joost Pieter",
        "de Jong Jansen de Vries van den Berg Bakker Visser Smit Meijer de Boer Mulder Bos "
        "Vermeulen",
    ),
    "nordic": (
        "Ingrid Astrid Freja Sofie Maja Linnea Sigrid Karin",
        "Erik Lars Magnus Søren Anders Johan Henrik Mikael",
        "Andersson Johansson Nilsen Hansen Larsen Lindqvist Berg Eriksson Jensen Dahl",
    ),
    "polish": (
        "Anna Katarzyna Magdalena Agnieszka Joanna Aleksandra Natalia Zuzanna",
        "Piotr Tomasz Pawel Krzysztof Michal Jakub Marcin Kamil",
        "Nowak Kowalski Wisniewski Wójcik Kaminski Lewandowski Zielinski Szymanski Dabrowski "
        "Kozlowski",
    ),
    "indian": (
        "Priya Ananya Kavya Divya Aishwarya Neha Pooja Sneha Lakshmi Meera Shreya Deepika",
        "Arjun Rahul Vikram Rohan Aditya Siddharth Karthik Rajesh Suresh Anil Pranav Varun",
        "Sharma Patel Iyer Reddy Nair Gupta Singh Kumar Rao Menon Krishnan Desai Mehta Joshi "
        "Raghunathan Chatterjee Banerjee Pillai",
    ),
    "chinese": (
        "Wei Mei Xiu Ying Li Na Jing Hui Yan Fang Xin Yu",
        "Wei Jun Hao Ming Jian Tao Lei Chen Yong Bo",
        "Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Lin",
    ),
    "japanese": (
        "Yuki Haruka Aiko Sakura Misaki Naomi Emi Yui",
        "Hiroshi Takeshi Kenji Daisuke Haruto Ren Sota Yuto",
        "Sato Suzuki Takahashi Tanaka Watanabe Ito Yamamoto Nakamura Kobayashi Kato",
    ),
    "korean": (
        "Ji-woo Seo-yeon Min-ji Ha-eun Soo-jin Eun-ji",
        "Min-jun Seo-jun Ji-hoon Hyun-woo Dong-hyun Jae-won",
        "Kim Lee Park Choi Jung Kang Cho Yoon Jang Lim",
    ),
    "vietnamese": (
        "Linh Trang Mai Thao Huong Ngoc Anh",
        "Minh Tuan Duc Quang Huy Long Nam",
        "Nguyen Tran Le Pham Hoang Vu Dang Bui Do",
    ),
    "filipino": (
        "Maria Kristine Angelica Jasmine Patricia Rosalie Joy",
        "Mark Paolo Carlo Miguel Jerome Rafael Jun",
        "Santos Reyes Cruz Bautista Ocampo Garcia Mendoza Villanueva Aquino Ramos",
    ),
    "nigerian": (
        "Chiamaka Ngozi Adaeze Funmilayo Temitope Yetunde Amaka Folake",
        "Chinedu Oluwaseun Emeka Tunde Babatunde Ikenna Segun Obinna",
        "Okafor Adeyemi Okonkwo Balogun Eze Olawale Nwosu Adebayo Ogunleye Chukwu",
    ),
    "kenyan": (
        "Wanjiru Akinyi Njeri Atieno Wambui Nyambura",
        "Kamau Otieno Mwangi Kiprono Ochieng Mutua",
        "Kamau Otieno Mwangi Wanjiku Odhiambo Kariuki Njoroge Kiprotich",
    ),
    "arabic": (
        "Fatima Layla Mariam Nour Yasmin Salma Huda Aisha",
        "Mohammed Omar Ahmed Youssef Khalid Hassan Karim Tariq",
        "Haddad Khalil Mansour Saleh Nasser Hamdan Farouk Rahman Aziz Darwish",
    ),
    "turkish": (
        "Elif Zeynep Ayse Merve Esra Defne",
        "Mehmet Emre Burak Can Murat Kerem",
        "Yilmaz Kaya Demir Sahin Çelik Yildiz Aydin Öztürk Arslan Dogan",
    ),
    "brazilian": (
        "Ana Beatriz Larissa Camila Fernanda Juliana Mariana",
        "João Pedro Gabriel Rafael Thiago Lucas Felipe",
        "Silva Santos Oliveira Souza Lima Pereira Costa Almeida Ferreira Carvalho",
    ),
    "irish": (
        "Aoife Niamh Siobhan Ciara Orla Róisín Saoirse",
        "Cian Conor Seán Darragh Eoin Padraig Oisín",
        "Murphy Kelly Byrne Ryan Walsh Doyle McCarthy Gallagher Brennan Quinn Fitzgerald",
    ),
}

# Names people shorten or spell differently on a second application
NICKNAMES = {
    "Jonathan": "Jon", "William": "Will", "Thomas": "Tom", "Michael": "Mike",
    "Christopher": "Chris", "Daniel": "Dan", "Matthew": "Matt", "Benjamin": "Ben",
    "Samuel": "Sam", "Joseph": "Joe", "Robert": "Rob", "Nicholas": "Nick", "Alexander": "Alex",
    "Katherine": "Kate", "Rebecca": "Becky", "Elizabeth": "Liz", "Jennifer": "Jen",
    "Stephanie": "Steph", "Margaret": "Maggie", "Maximilian": "Max", "Katharina": "Kathi",
    "Franziska": "Franzi", "Aleksandra": "Ola", "Guillaume": "Guillaume", "Alejandro": "Alex",
    "Mohammed": "Mohamed", "Babatunde": "Tunde", "Oluwaseun": "Seun", "Giuseppe": "Beppe",
}  # fmt: skip

# --- Countries -----------------------------------------------------------------------------------


# Each "#" is a random digit. Where the regulator reserves numbers for drama (Ofcom, ACMA,
# ARCEP, Bundesnetzagentur, PTS, NANP 555-01xx) the pattern uses them.
@dataclass(frozen=True)
class Country:
    code: str
    name: str
    short: str  # how people write it after a city: "UK", "Germany"
    cities: tuple[str, ...]
    phones: tuple[str, ...]
    cultures: dict[str, int]
    languages: tuple[str, ...]  # the local language first


COUNTRIES = {
    c.code: c
    for c in (
        Country("GB", "United Kingdom", "UK",
                ("London", "Manchester", "Leeds", "Bristol", "Birmingham", "Edinburgh", "Glasgow"),
                ("020 7946 0###", "0113 496 0###", "0161 496 0###", "0117 496 0###"),
                {"english": 55, "indian": 12, "irish": 6, "nigerian": 6, "polish": 6,
                 "chinese": 4, "arabic": 4, "filipino": 3, "italian": 2, "hispanic": 2},
                ("English",)),
        Country("IE", "Ireland", "Ireland", ("Dublin", "Cork", "Galway"),
                ("085 ### ####", "087 ### ####"),
                {"irish": 60, "english": 10, "polish": 10, "indian": 8, "brazilian": 6,
                 "filipino": 6}, ("English", "Irish")),
        Country("US", "United States", "USA",
                ("New York, NY", "Chicago, IL", "Austin, TX", "Seattle, WA", "Boston, MA",
                 "Atlanta, GA", "Denver, CO", "San Francisco, CA"),
                ("(212) 555-01##", "(312) 555-01##", "(512) 555-01##", "(206) 555-01##",
                 "(617) 555-01##"),
                {"english": 48, "hispanic": 16, "indian": 10, "chinese": 6, "korean": 4,
                 "vietnamese": 4, "nigerian": 4, "irish": 4, "filipino": 4}, ("English",)),
        Country("CA", "Canada", "Canada", ("Toronto, ON", "Vancouver, BC", "Montreal, QC"),
                ("416 555 01##", "604 555 01##", "514 555 01##"),
                {"english": 45, "french": 15, "chinese": 12, "indian": 12, "filipino": 8,
                 "arabic": 8}, ("English", "French")),
        Country("AU", "Australia", "Australia", ("Sydney", "Melbourne", "Brisbane", "Perth"),
                ("0491 570 ###", "02 5550 ####", "03 7010 ####"),
                {"english": 60, "chinese": 12, "indian": 10, "vietnamese": 8, "filipino": 5,
                 "italian": 5}, ("English",)),
        Country("DE", "Germany", "Germany",
                ("Berlin", "Berlin", "Hamburg", "Munich", "Frankfurt", "Cologne", "Leipzig"),
                ("030 23125 ###", "040 66969 ###", "089 99998 ###", "069 90009 ###"),
                {"german": 64, "turkish": 10, "polish": 6, "arabic": 5, "indian": 5,
                 "italian": 4, "filipino": 3, "english": 3}, ("German",)),
        Country("NL", "Netherlands", "Netherlands", ("Amsterdam", "Rotterdam", "Utrecht"),
                ("06 1### ####", "020 7## ####"),
                {"dutch": 70, "turkish": 8, "indian": 8, "english": 6, "german": 4,
                 "brazilian": 4}, ("Dutch",)),
        Country("FR", "France", "France", ("Paris", "Lyon", "Marseille", "Toulouse"),
                ("01 99 00 ## ##", "06 39 98 ## ##"),
                {"french": 72, "arabic": 14, "vietnamese": 4, "italian": 4, "hispanic": 6},
                ("French",)),
        Country("ES", "Spain", "Spain", ("Madrid", "Barcelona", "Valencia"),
                ("612 ### ###", "699 ### ###"),
                {"hispanic": 85, "arabic": 5, "english": 5, "italian": 5}, ("Spanish",)),
        Country("PL", "Poland", "Poland", ("Warsaw", "Krakow", "Wroclaw", "Gdansk"),
                ("512 ### ###", "601 ### ###"), {"polish": 94, "english": 3, "german": 3},
                ("Polish",)),
        Country("SE", "Sweden", "Sweden", ("Stockholm", "Gothenburg", "Malmo"),
                ("070-1740 6##", "08-465 004 ##"), {"nordic": 85, "arabic": 8, "polish": 7},
                ("Swedish",)),
        Country("IN", "India", "India",
                ("Bengaluru, Karnataka", "Pune, Maharashtra", "Hyderabad, Telangana",
                 "Chennai, Tamil Nadu", "Mumbai, Maharashtra", "Gurugram, Haryana"),
                ("98### #####", "99### #####", "70### #####"), {"indian": 100},
                ("Hindi", "English")),
        Country("SG", "Singapore", "Singapore", ("Singapore",), ("8### ####", "9### ####"),
                {"chinese": 60, "indian": 20, "filipino": 10, "english": 10},
                ("English", "Malay")),
        Country("AE", "United Arab Emirates", "UAE", ("Dubai", "Abu Dhabi"),
                ("050 ### ####", "055 ### ####"),
                {"arabic": 40, "indian": 30, "filipino": 15, "english": 10, "kenyan": 5},
                ("Arabic", "English")),
        Country("ZA", "South Africa", "South Africa", ("Cape Town", "Johannesburg"),
                ("082 ### ####", "072 ### ####"), {"english": 60, "indian": 15, "dutch": 25},
                ("English",)),
        Country("NG", "Nigeria", "Nigeria", ("Lagos", "Abuja"), ("0803 ### ####", "0806 ### ####"),
                {"nigerian": 100}, ("English",)),
        Country("KE", "Kenya", "Kenya", ("Nairobi", "Mombasa"), ("0712 ######", "0722 ######"),
                {"kenyan": 100}, ("English",)),
        Country("BR", "Brazil", "Brazil", ("São Paulo", "Rio de Janeiro"),
                ("(11) 9####-####", "(21) 9####-####"), {"brazilian": 90, "japanese": 5,
                                                          "italian": 5}, ("Portuguese",)),
        Country("JP", "Japan", "Japan", ("Tokyo", "Osaka"), ("090-####-####", "080-####-####"),
                {"japanese": 100}, ("Japanese",)),
    )
}  # fmt: skip

COUNTRY_WEIGHTS = {
    "GB": 22, "DE": 14, "US": 14, "IE": 5, "NL": 6, "FR": 4, "ES": 3, "PL": 4, "SE": 2, "IN": 9,
    "CA": 4, "AU": 3, "SG": 2, "AE": 2, "ZA": 2, "NG": 1, "KE": 1, "BR": 1, "JP": 1,
}  # fmt: skip

# The language of a culture, for the resume's languages section
CULTURE_LANGUAGE = {
    "english": "English", "german": "German", "french": "French", "hispanic": "Spanish",
    "italian": "Italian", "dutch": "Dutch", "nordic": "Swedish", "polish": "Polish",
    "indian": "Hindi", "chinese": "Chinese", "japanese": "Japanese", "korean": "Korean",
    "vietnamese": "Vietnamese", "filipino": "Filipino", "nigerian": "Yoruba", "kenyan": "Swahili",
    "arabic": "Arabic", "turkish": "Turkish", "brazilian": "Portuguese", "irish": "English",
}  # fmt: skip

# --- Role families -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Family:
    key: str
    label: str
    titles: tuple[tuple[str, ...], ...]  # by level: junior, mid, senior, lead
    skills: tuple[tuple[str, ...], ...]  # per specialism, canonical taxonomy names
    common: tuple[str, ...]  # skills any specialism may add
    specialisms: tuple[str, ...]  # a word for each skills tuple, used in tags and pools
    employers: tuple[str, ...]
    bullets: tuple[str, ...]  # achievements, with {fields} filled per person
    degrees: tuple[tuple[str, str], ...]  # (degree, field)
    certificates: tuple[str, ...]
    domain: str  # "... years of experience in {domain}"
    countries: dict[str, int] = field(default_factory=dict)  # extra weight per country


# fmt: off
_FAMILIES = (
    Family(
        "software", "Software engineering",
        (("Junior Software Engineer", "Graduate Developer", "Junior Web Developer"),
         ("Software Engineer", "Backend Developer", "Full Stack Developer"),
         ("Senior Software Engineer", "Senior Backend Engineer", "Senior Full Stack Developer"),
         ("Lead Software Engineer", "Engineering Manager", "Principal Engineer")),
        (("Python", "Django", "FastAPI", "PostgreSQL", "Redis", "Flask", "pytest"),
         ("Java", "Spring Boot", "Hibernate", "Maven", "Apache Kafka", "JUnit", "Oracle Database"),
         ("JavaScript", "TypeScript", "React", "Node.js", "Next.js", "GraphQL", "Jest", "CSS"),
         ("C#", ".NET", "ASP.NET", "Entity Framework", "Microsoft SQL Server", "Microsoft Azure"),
         ("Go", "Kubernetes", "Terraform", "Linux", "PostgreSQL", "Ansible")),
        ("Git", "Docker", "Amazon Web Services", "REST", "Microservices", "Agile", "Scrum",
         "Continuous integration", "Unit testing", "Jira"),
        ("Python", "Java", "frontend", ".NET", "Go"),
        ("Kestrel Payments GmbH", "Brightwater Software Ltd", "Initech", "Hooli Labs",
         "Contoso Ltd", "Fabrikam Inc", "Acme Robotics", "Lumen Digital", "Quill & Ledger",
         "Northstar Systems", "Bluebird Technologies", "Parcelwise", "Tidewater Software",
         "Orbital Apps BV", "Cobalt Cloud Solutions"),
        ("Built and ran {skill} services handling {big} requests a day",
         "Cut page load times by {pct}% by profiling and caching",
         "Led a team of {team} engineers delivering a new {skill} platform",
         "Automated builds and deployments, from weekly releases to daily ones",
         "Mentored {n} junior developers and ran the team's code reviews",
         "Designed the public REST API used by {n} partner integrations",
         "Raised test coverage from {low}% to {high}%",
         "Migrated a legacy monolith to {skill} without downtime",
         "Worked with product and design in two-week Scrum sprints",
         "Was on call for a platform with {sla}% uptime"),
        (("BSc", "Computer Science"), ("BEng", "Software Engineering"),
         ("MSc", "Computer Science"), ("B.Tech", "Information Technology"),
         ("BSc", "Mathematics")),
        ("AWS Certified Solutions Architect – Associate", "Certified Kubernetes Administrator",
         "Professional Scrum Master I", "Oracle Certified Professional, Java SE 11 Developer",
         "Microsoft Certified: Azure Developer Associate"),
        "software development",
        {"DE": 4, "GB": 4, "NL": 3, "PL": 4, "IN": 8, "US": 4},
    ),
    Family(
        "data", "Data and analytics",
        (("Junior Data Analyst", "Graduate Data Analyst"),
         ("Data Analyst", "Data Scientist", "Data Engineer", "BI Developer"),
         ("Senior Data Scientist", "Senior Data Engineer", "Senior BI Analyst"),
         ("Lead Data Scientist", "Head of Analytics", "Data Engineering Manager")),
        (("Python", "Pandas", "NumPy", "scikit-learn", "Machine learning", "Statistics"),
         ("SQL", "Power BI", "Tableau", "Microsoft Excel", "Data visualisation",
          "Business intelligence"),
         ("Apache Spark", "Airflow", "Snowflake", "ETL", "Data warehousing", "Python"),
         ("Deep learning", "PyTorch", "TensorFlow", "Natural language processing", "Python")),
        ("SQL", "Git", "Data analysis", "Statistics", "Amazon Web Services", "Agile",
         "Stakeholder management"),
        ("machine learning", "BI", "data engineering", "deep learning"),
        ("Brightwater Analytics", "Borealis Bank", "Meridian Health", "Insight Lane Ltd",
         "Datapoint Consulting", "Contoso Ltd", "Northwind Traders", "Parcelwise",
         "Harbor Logistics", "Quantum Retail Group"),
        ("Built a churn model that kept {pct}% more customers",
         "Automated {n} weekly reports with {skill}, saving the team a day a week",
         "Designed the data warehouse behind the finance dashboards",
         "Ran A/B tests for the pricing team and presented results to the board",
         "Built data pipelines loading {big} rows a day",
         "Trained {n} analysts in {skill} and SQL"),
        (("BSc", "Statistics"), ("MSc", "Data Science"), ("BSc", "Economics"),
         ("MSc", "Applied Mathematics"), ("PhD", "Physics")),
        ("Microsoft Certified: Power BI Data Analyst Associate", "Tableau Desktop Specialist",
         "Google Cloud Professional Data Engineer", "Databricks Certified Data Engineer"),
        "data analysis and machine learning",
        {"GB": 3, "US": 3, "IN": 4, "DE": 2},
    ),
    Family(
        "nursing", "Nursing and healthcare",
        (("Newly Qualified Nurse", "Healthcare Assistant", "Staff Nurse"),
         ("Staff Nurse", "Registered Nurse", "Theatre Nurse"),
         ("Senior Staff Nurse", "Charge Nurse", "Clinical Nurse Specialist"),
         ("Ward Manager", "Nurse Practitioner", "Matron")),
        (("intensive care medicine", "resuscitation", "specialist nursing care",
          "infection control", "anaesthetics"),
         ("paediatrics", "nursing principles", "infection control", "Communication"),
         ("palliative care", "nursing principles", "specialist nursing care", "Communication"),
         ("primary care", "public health", "infection control", "clinical reports")),
        ("Teamwork", "Attention to detail", "Time management", "Communication",
         "leadership in nursing", "Microsoft Office"),
        ("ICU", "paediatric", "palliative care", "community"),
        ("St Aidan's Hospital", "Meridian Health", "Northgate NHS Foundation Trust",
         "Spreeufer Klinikum GmbH", "Riverside Community Health", "Lindenhof Klinik Berlin",
         "St. Luke's Medical Center", "Westfield Care Group", "Harbourview Hospital"),
        ("Cared for up to {icu} ventilated patients per shift",
         "Administered medication and monitored patients after surgery",
         "Trained {n} newly qualified nurses on the ward",
         "Led the ward's infection control audit, with {pct}% fewer infections",
         "Coordinated discharges with social services and families",
         "Kept accurate clinical records in the electronic patient record",
         "Took charge of a {beds}-bed ward on night shifts"),
        (("BSc (Hons)", "Nursing"), ("BSc", "Adult Nursing"), ("BSN", "Nursing"),
         ("Diploma", "Nursing"), ("MSc", "Advanced Clinical Practice")),
        ("Advanced Life Support (ALS)", "Basic Life Support (BLS)",
         "Fachweiterbildung Intensivpflege und Anästhesie", "NMC registration",
         "Paediatric Immediate Life Support"),
        "nursing",
        {"DE": 10, "GB": 8, "IE": 6, "AU": 2, "IN": 2},
    ),
    Family(
        "finance", "Finance and accounting",
        (("Accounts Payable Clerk", "Junior Accountant", "Finance Assistant"),
         ("Accountant", "Financial Analyst", "Credit Risk Analyst"),
         ("Senior Accountant", "Senior Financial Analyst", "Finance Business Partner"),
         ("Finance Manager", "Financial Controller", "Head of Finance")),
        (("Accounting", "Accounts payable", "Accounts receivable", "Financial reporting",
          "SAP FICO"),
         ("Financial analysis", "Budgeting", "financial forecasting", "Microsoft Excel",
          "Power BI"),
         ("Risk management", "Compliance", "Banking", "Statistics", "SAS"),
         ("Auditing", "Taxation", "Financial reporting", "Accounting", "internal auditing")),
        ("Microsoft Excel", "Attention to detail", "Stakeholder management", "ERP", "VBA",
         "QuickBooks", "Communication"),
        ("accounting", "FP&A", "risk", "audit"),
        ("Borealis Bank", "Fabrikam Inc", "Northwind Traders", "Ledgerline Accountants LLP",
         "Silverfin Capital", "Contoso Ltd", "Harbor Logistics", "Quantum Retail Group",
         "Meridian Health"),
        ("Closed the month in {days} working days, down from {days2}",
         "Built the {year} budget and rolling forecast in Excel and Power BI",
         "Reconciled {n} bank accounts and intercompany balances every month",
         "Prepared statutory accounts and worked with external auditors",
         "Cut overdue receivables by {pct}%",
         "Automated the monthly variance report with VBA"),
        (("BA", "Accounting and Finance"), ("BSc", "Economics"), ("MSc", "Finance"),
         ("B.Com", "Accounting"), ("MBA", "Finance")),
        ("ACCA", "CIMA", "CFA Level II", "Chartered Accountant (ACA)", "FRM Part I"),
        "finance and accounting",
        {"GB": 4, "IE": 3, "IN": 3, "US": 2},
    ),
    Family(
        "sales", "Sales",
        (("Sales Development Representative", "Inside Sales Representative"),
         ("Account Executive", "Business Development Manager", "Sales Executive"),
         ("Senior Account Executive", "Key Account Manager", "Enterprise Account Manager"),
         ("Sales Manager", "Head of Sales", "Regional Sales Director")),
        (("Sales", "Negotiation", "Salesforce", "Account management"),
         ("Sales", "CRM", "Presentation skills", "Market research"),
         ("Account management", "Stakeholder management", "Negotiation", "Salesforce")),
        ("Communication", "Microsoft Excel", "Microsoft PowerPoint", "Time management",
         "Interpersonal skills"),
        ("SaaS", "field sales", "key accounts"),
        ("Acme Robotics", "Lumen Digital", "Hooli Labs", "Northwind Traders",
         "Brightline Media Group", "Parcelwise", "Contoso Ltd", "Fabrikam Inc"),
        ("Beat the annual quota by {pct}% ({money} new business)",
         "Opened {n} new enterprise accounts in the DACH region",
         "Built the outbound playbook used by {team} SDRs",
         "Ran the weekly pipeline review in Salesforce",
         "Grew the key accounts from {money} to {money2} a year"),
        (("BA", "Business Administration"), ("BSc", "Marketing"), ("BA", "Economics"),
         ("MBA", "Business Administration")),
        ("MEDDIC sales qualification", "Salesforce Certified Administrator",
         "Sandler Sales Training"),
        "B2B sales",
        {"GB": 3, "DE": 3, "US": 3},
    ),
    Family(
        "marketing", "Marketing",
        (("Marketing Assistant", "Marketing Coordinator"),
         ("Marketing Executive", "Digital Marketing Specialist", "Content Marketing Manager"),
         ("Senior Marketing Manager", "Senior Digital Marketing Manager"),
         ("Marketing Manager", "Head of Marketing")),
        (("Digital marketing", "Search engine optimisation", "Google Analytics",
          "Social media marketing"),
         ("Content writing", "Marketing", "Adobe InDesign", "Adobe Photoshop"),
         ("Market research", "Marketing", "Event management", "marketing mix")),
        ("Communication", "Creativity", "Project management", "Microsoft Excel", "Figma"),
        ("digital", "content", "brand"),
        ("Brightline Media Group", "Lumen Digital", "Quantum Retail Group", "Northwind Traders",
         "Meridian Health", "Acme Robotics", "Fabrikam Inc"),
        ("Grew organic traffic by {pct}% in a year through SEO and content",
         "Ran campaigns with a {money} yearly budget",
         "Launched the new brand across {n} markets",
         "Wrote and edited the company blog and newsletter ({big} subscribers)",
         "Organised {n} trade shows and customer events"),
        (("BA", "Marketing"), ("BA", "Communications"), ("BA", "English Literature"),
         ("MSc", "Digital Marketing")),
        ("Google Analytics Certification", "HubSpot Inbound Marketing",
         "CIM Certificate in Professional Marketing"),
        "marketing",
        {"GB": 2, "NL": 2, "ES": 2},
    ),
    Family(
        "hr", "Human resources",
        (("HR Assistant", "HR Coordinator", "Recruitment Coordinator"),
         ("HR Generalist", "Recruiter", "Talent Acquisition Specialist", "Payroll Specialist"),
         ("Senior Recruiter", "HR Business Partner", "Senior Talent Acquisition Partner"),
         ("HR Manager", "Head of People", "Talent Acquisition Manager")),
        (("Recruitment", "Onboarding", "Human resources", "Workday"),
         ("Employee relations", "Performance management", "employment law", "Human resources"),
         ("Payroll", "Human resources", "GDPR", "Microsoft Excel"),
         ("Training and development", "Change management", "coaching techniques",
          "Performance management")),
        ("Communication", "Interpersonal skills", "Microsoft Office", "Stakeholder management",
         "Negotiation"),
        ("recruitment", "ER", "payroll", "L&D"),
        ("Northwind Talent Partners", "Peoplewise Ltd", "Meridian Health", "Borealis Bank",
         "Contoso Ltd", "Harbor Logistics", "Quantum Retail Group"),
        ("Hired {hires} people a year across engineering and operations",
         "Cut time to hire from {days2} to {days} weeks",
         "Rolled out a new HR system to {n} countries",
         "Advised managers on {n} employee relations cases a quarter",
         "Ran the graduate programme with {n} graduates a year"),
        (("BA", "Human Resource Management"), ("BA", "Psychology"),
         ("MSc", "Human Resource Management"), ("BA", "Business Administration")),
        ("CIPD Level 5 Associate Diploma", "SHRM-CP", "LinkedIn Certified Recruiter"),
        "human resources and recruitment",
        {"GB": 3, "IE": 2, "US": 2},
    ),
    Family(
        "logistics", "Logistics and supply chain",
        (("Warehouse Associate", "Logistics Assistant", "Forklift Operator"),
         ("Logistics Coordinator", "Transport Planner", "Supply Chain Analyst"),
         ("Warehouse Supervisor", "Senior Logistics Coordinator", "Senior Buyer"),
         ("Logistics Manager", "Operations Manager", "Head of Supply Chain")),
        (("Inventory management", "Supply chain management", "SAP MM", "ERP"),
         ("multimodal transport logistics", "hazardous freight regulations", "customs law",
          "Operations management"),
         ("Procurement", "Vendor management", "Negotiation", "Supply chain management"),
         ("Six Sigma", "Lean project management", "Operations management",
          "Quality management")),
        ("Microsoft Excel", "Teamwork", "Time management", "Problem solving", "Leadership"),
        ("warehouse", "freight", "procurement", "lean"),
        ("Harbor Logistics", "Parcelwise", "Kestrel Freight GmbH", "Northwind Traders",
         "Blue Anchor Shipping Ltd", "Quantum Retail Group", "Rhein-Maas Logistik GmbH"),
        ("Ran a shift of {team} warehouse operatives picking {big} orders a week",
         "Cut picking errors by {pct}% with barcode scanning",
         "Planned {n}0 trucks a day across the Benelux and Germany",
         "Cleared import shipments through customs at the port of Rotterdam",
         "Negotiated carrier rates and saved {money} a year",
         "Led a lean project that cut dock-to-stock time by {pct}%"),
        (("BSc", "Logistics and Supply Chain Management"), ("BA", "Business Administration"),
         ("Diploma", "Freight Forwarding"), ("MSc", "Supply Chain Management")),
        ("Forklift licence (counterbalance)", "APICS CSCP", "Lean Six Sigma Green Belt",
         "CILT Certificate in Logistics", "ADR dangerous goods certificate"),
        "logistics and supply chain",
        {"NL": 6, "DE": 4, "GB": 3, "PL": 4},
    ),
    Family(
        "customer_service", "Customer service",
        (("Customer Service Representative", "Customer Support Agent", "Call Centre Agent"),
         ("Customer Success Manager", "Technical Support Specialist", "Team Leader"),
         ("Senior Customer Success Manager", "Contact Centre Supervisor"),
         ("Customer Service Manager", "Head of Customer Experience")),
        (("Customer service", "CRM", "Data entry", "Time management"),
         ("Technical support", "Troubleshooting", "ServiceNow", "ITIL"),
         ("Customer service", "Salesforce", "Account management", "Negotiation")),
        ("Communication", "Problem solving", "Microsoft Office", "Teamwork", "Adaptability"),
        ("contact centre", "tech support", "customer success"),
        ("Borealis Bank", "Parcelwise", "Lumen Digital", "Northwind Traders",
         "Quantum Retail Group", "Contoso Ltd", "Brightline Media Group"),
        ("Answered {n}0 calls and chats a day with a {csat}% satisfaction score",
         "Coached a team of {team} agents",
         "Wrote {n}0 help-centre articles that cut tickets by {pct}%",
         "Handled escalations for the largest accounts",
         "Kept the renewal rate of a {money} book of business at {csat}%"),
        (("BA", "Business Studies"), ("Diploma", "Business Administration"),
         ("BA", "Modern Languages"), ("A-levels", "English, French, History")),
        ("ITIL 4 Foundation", "COPC Customer Experience Standard", "HDI Support Center Analyst"),
        "customer service",
        {"IE": 4, "PL": 3, "ZA": 3, "IN": 3},
    ),
    Family(
        "engineering", "Engineering",
        (("Graduate Mechanical Engineer", "Field Service Technician", "Junior Design Engineer"),
         ("Mechanical Engineer", "Electrical Engineer", "Controls Engineer", "Robotics Engineer"),
         ("Senior Mechanical Engineer", "Senior Controls Engineer", "Lead Quality Engineer"),
         ("Engineering Manager", "Head of Hardware Engineering")),
        (("SolidWorks", "AutoCAD", "mechanical engineering", "CAD software"),
         ("electrical engineering", "MATLAB", "electric motors", "sensors"),
         ("robotics", "C++", "Python", "embedded systems"),
         ("Quality management", "Six Sigma", "Lean project management")),
        ("Project management", "Problem solving", "Microsoft Excel", "Teamwork",
         "Attention to detail"),
        ("mechanical", "electrical", "robotics", "quality"),
        ("Acme Robotics", "Fabrikam Inc", "Kestrel Automation GmbH", "Voltline Systems",
         "Ironbridge Engineering Ltd", "Harbor Logistics", "Tidewater Marine"),
        ("Designed the gripper assembly of a picking robot in SolidWorks",
         "Brought scrap down by {pct}% with a Six Sigma project",
         "Commissioned {n} automated conveyor lines at customer sites",
         "Wrote PLC and C++ code for the palletising cell",
         "Led design reviews with suppliers in {n} countries"),
        (("BEng", "Mechanical Engineering"), ("MEng", "Electrical Engineering"),
         ("MSc", "Robotics"), ("Dipl.-Ing.", "Maschinenbau"), ("BSc", "Mechatronics")),
        ("Lean Six Sigma Green Belt", "Chartered Engineer (CEng)",
         "Certified SolidWorks Professional", "Siemens TIA Portal certificate"),
        "mechanical and electrical engineering",
        {"DE": 6, "GB": 2, "US": 2, "SE": 3},
    ),
)
# fmt: on
FAMILIES = {f.key: f for f in _FAMILIES}

# What an intensive care nurse's title says
ICU_TITLES = {
    "Staff Nurse": "ICU Staff Nurse", "Registered Nurse": "Critical Care Nurse",
    "Senior Staff Nurse": "Senior ICU Nurse", "Charge Nurse": "ICU Charge Nurse",
    "Clinical Nurse Specialist": "Critical Care Nurse Specialist",
    "Ward Manager": "ICU Ward Manager", "Nurse Practitioner": "Critical Care Nurse Practitioner",
    "Matron": "Critical Care Matron",
}  # fmt: skip

FAMILY_WEIGHTS = {
    "software": 20, "data": 9, "nursing": 14, "finance": 10, "sales": 8, "marketing": 6,
    "hr": 6, "logistics": 10, "customer_service": 9, "engineering": 8,
}  # fmt: skip

LEVELS = ("junior", "mid", "senior", "lead")
LEVEL_WEIGHTS = (22, 38, 28, 12)
LEVEL_YEARS = ((0, 2), (3, 6), (6, 12), (10, 22))

UNIVERSITIES = {
    "GB": ("University of Leeds", "University of Manchester", "King's College London",
           "University of Bristol", "University of Edinburgh", "Open University"),
    "IE": ("Trinity College Dublin", "University College Cork", "University of Galway"),
    "US": ("University of Texas at Austin", "Boston University", "University of Washington",
           "Georgia Institute of Technology"),
    "CA": ("University of Toronto", "McGill University", "University of British Columbia"),
    "AU": ("University of Sydney", "University of Melbourne", "Monash University"),
    "DE": ("Technische Universität Berlin", "Universität Hamburg", "Hochschule München",
           "Goethe-Universität Frankfurt"),
    "NL": ("University of Amsterdam", "Erasmus University Rotterdam", "Utrecht University"),
    "FR": ("Université Paris-Saclay", "Université de Lyon", "Sciences Po"),
    "ES": ("Universidad Complutense de Madrid", "Universitat de Barcelona"),
    "PL": ("University of Warsaw", "Jagiellonian University", "Wroclaw University of Science "
           "and Technology"),
    "SE": ("KTH Royal Institute of Technology", "Lund University"),
    "IN": ("University of Mumbai", "Anna University", "Vellore Institute of Technology",
           "Delhi University", "Osmania University"),
    "SG": ("National University of Singapore", "Nanyang Technological University"),
    "AE": ("American University of Sharjah", "University of Dubai"),
    "ZA": ("University of Cape Town", "University of the Witwatersrand"),
    "NG": ("University of Lagos", "Obafemi Awolowo University"),
    "KE": ("University of Nairobi", "Strathmore University"),
    "BR": ("Universidade de São Paulo", "Universidade Federal do Rio de Janeiro"),
    "JP": ("University of Tokyo", "Osaka University"),
}  # fmt: skip

MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip

# --- How people reach the provider --------------------------------------------------------------

SOURCES = {
    # Candidate.Source value: (weight, [details], owner roles to pick from)
    "careers_site": (28, ("Meridian Health careers site", "Acme Robotics careers site",
                          "Borealis Bank careers site", "Harbor Logistics careers site"),
                     ("recruiter", "recruiter", "")),
    "job_board": (22, ("Indeed", "StepStone", "LinkedIn Jobs", "Totaljobs", "Glassdoor",
                       "NHS Jobs"), ("recruiter", "coordinator", "")),
    "sourced": (20, ("LinkedIn Recruiter", "GitHub search", "Talent rediscovery",
                     "Boolean search"), ("sourcer", "sourcer", "recruiter")),
    "referral": (10, ("Referred by an Acme Robotics engineer", "Referred by a Meridian nurse",
                      "Referred by a former colleague"), ("recruiter", "sourcer")),
    "social": (6, ("LinkedIn post", "Instagram ad", "Facebook careers page"), ("sourcer",)),
    "event": (5, ("Berlin Nursing Careers Fair 2025", "PyCon UK 2024", "Logistics Expo Rotterdam",
                  "University careers day"), ("sourcer", "coordinator")),
    "agency": (3, ("Brightpath Recruitment", "Talentbridge Partners"), ("recruiter",)),
    "import": (6, ("Legacy ATS export 2023",), ("", "recruiter")),
}  # fmt: skip

GENERAL_TAGS = (
    ("open to relocation", 0.12), ("remote only", 0.06), ("needs visa sponsorship", 0.07),
    ("silver medallist", 0.04), ("notice: 3 months", 0.08), ("boomerang", 0.02),
    ("night shifts", 0.0), ("part-time", 0.05),
)  # fmt: skip
