"""Build outhire/screening/data/skills.json from ESCO plus a hand-curated list.

    python scripts/build_taxonomy.py [--esco ../shared/data/esco] \
        [--out outhire/screening/data/skills.json]

ESCO (European Skills, Competences, Qualifications and Occupations) is published by the European
Commission; reuse is authorised with acknowledgement of the source (Decision 2011/833/EU).

What goes in, and why (the file is for recognising skills in resumes, not for mirroring ESCO):
- the curated list below: common technology and business skills with the aliases people actually
  write on resumes ("JS", "Postgres", "k8s", "MS Excel"), linked to the ESCO label if there is one;
- ESCO labels that name a tool, technology or standard (they start with a capital letter:
  "Apache Maven", "SAP R3", "Adobe Illustrator"), with "(computer programming)" style qualifiers
  turned into aliases;
- ESCO knowledge labels that are short noun phrases ("machine learning", "accounting", "payroll
  management"): verb-led competences such as "manage budgets" are left out, resumes rarely say them;
- the ESCO language collection (knowledge entries: "German", "Hindi") and a few transversal skills
  mapped from the words resumes use ("teamwork" -> "work in teams").
The output is sorted and stable, so re-running on the same input gives the same file.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_ESCO = ROOT.parent / "shared" / "data" / "esco"
DEFAULT_OUT = ROOT / "outhire" / "screening" / "data" / "skills.json"

# (canonical, category, aliases, related). Case-sensitive aliases are written with a leading "=":
# they are ordinary English words or single letters ("Go", "R", "Swift") that only count as a skill
# when written exactly so.
CURATED: list[tuple[str, str, list[str], list[str]]] = [
    # programming languages
    ("Python", "programming language", ["Python (computer programming)", "python3"], []),
    ("Java", "programming language", ["Java (computer programming)", "core java", "J2SE"], []),
    ("JavaScript", "programming language", ["JS", "ECMAScript", "ES6", "java script"], []),
    ("TypeScript", "programming language", [], ["JavaScript"]),
    ("C", "programming language", ["=C", "C (computer programming)", "ANSI C"], ["C++"]),
    ("C++", "programming language", ["cpp", "C++ (computer programming)", "VC++"], ["C"]),
    ("C#", "programming language", ["C sharp", "C# (computer programming)", "csharp"], [".NET"]),
    ("Go", "programming language", ["=Go", "golang", "Go (computer programming)"], []),
    ("Rust", "programming language", ["=Rust", "rust-lang"], []),
    ("Ruby", "programming language", ["Ruby (computer programming)"], ["Ruby on Rails"]),
    ("PHP", "programming language", ["PHP (computer programming)"], ["Laravel"]),
    ("Perl", "programming language", ["Perl (computer programming)"], []),
    ("Scala", "programming language", ["Scala (computer programming)"], ["Apache Spark"]),
    ("Kotlin", "programming language", [], ["Android"]),
    ("Swift", "programming language", ["=Swift", "Swift (computer programming)"], ["iOS"]),
    ("Objective-C", "programming language", ["objective c", "ObjC"], ["iOS"]),
    ("R", "programming language", ["=R", "R (computer programming)", "R programming"], []),
    ("MATLAB", "programming language", ["matlab"], []),
    ("SQL", "programming language", ["structured query language", "T-SQL", "TSQL"], []),
    ("PL/SQL", "programming language", ["PLSQL", "PL SQL"], ["Oracle Database"]),
    ("Bash", "programming language", ["shell scripting", "shell script", "unix shell"], ["Linux"]),
    ("PowerShell", "programming language", ["power shell"], ["Windows"]),
    ("VBA", "programming language", ["visual basic for applications", "excel vba"], []),
    ("Visual Basic", "programming language", ["VB6", "VB.NET"], [".NET"]),
    ("COBOL", "programming language", ["COBOL (computer programming)"], ["Mainframe"]),
    ("ABAP", "programming language", ["SAP ABAP"], ["SAP"]),
    ("Dart", "programming language", [], ["Flutter"]),
    ("Haskell", "programming language", [], []),
    ("Elixir", "programming language", [], []),
    ("Lua", "programming language", [], []),
    ("Groovy", "programming language", [], []),
    ("Assembly", "programming language", ["assembly language", "assembler"], []),
    ("HTML", "web", ["HTML5", "XHTML", "DHTML"], ["CSS"]),
    ("CSS", "web", ["CSS3", "cascading style sheets"], ["HTML"]),
    ("Sass", "web", ["SCSS"], ["CSS"]),
    ("XML", "web", ["XSLT", "XSD"], []),
    ("JSON", "web", [], []),
    (
        "REST",
        "web",
        ["REST API", "RESTful", "RESTful API", "RESTful web services", "REST APIs"],
        [],
    ),
    ("GraphQL", "web", [], []),
    ("SOAP", "web", ["SOAP web services"], []),
    ("Web services", "web", ["web service", "WCF"], []),
    ("Microservices", "architecture", ["micro services", "microservice architecture"], []),
    # frameworks and libraries
    ("Django", "framework", [], ["Python"]),
    ("Flask", "framework", [], ["Python"]),
    ("FastAPI", "framework", [], ["Python"]),
    ("Ruby on Rails", "framework", ["=Rails", "RoR"], ["Ruby"]),
    ("Laravel", "framework", [], ["PHP"]),
    ("Spring", "framework", ["=Spring", "Spring Framework", "Spring MVC"], ["Java"]),
    ("Spring Boot", "framework", ["springboot"], ["Java", "Spring"]),
    ("Hibernate", "framework", [], ["Java"]),
    ("Struts", "framework", ["Apache Struts"], ["Java"]),
    ("J2EE", "framework", ["Java EE", "JEE", "Jakarta EE"], ["Java"]),
    ("JSP", "framework", ["Java Server Pages", "servlets", "JSP/Servlets"], ["Java"]),
    (".NET", "framework", ["dotnet", "dot net", ".NET Framework", ".NET Core", "C#.NET"], ["C#"]),
    ("ASP.NET", "framework", ["ASP.NET MVC", "ASP .NET"], [".NET"]),
    ("Entity Framework", "framework", [], [".NET"]),
    ("React", "framework", ["ReactJS", "React.js", "React JS"], ["JavaScript"]),
    ("React Native", "framework", [], ["React"]),
    (
        "Angular",
        "framework",
        ["AngularJS", "Angular.js", "Angular JS", "Angular 2"],
        ["TypeScript"],
    ),
    ("Vue.js", "framework", ["=Vue", "VueJS", "Vue JS"], ["JavaScript"]),
    ("Node.js", "framework", ["=Node", "NodeJS", "Node JS"], ["JavaScript"]),
    ("Express", "framework", ["=Express", "Express.js", "ExpressJS"], ["Node.js"]),
    ("jQuery", "framework", ["JQuery"], ["JavaScript"]),
    ("Bootstrap", "framework", ["Twitter Bootstrap"], ["CSS"]),
    ("Redux", "framework", [], ["React"]),
    ("Next.js", "framework", ["NextJS"], ["React"]),
    ("Flutter", "framework", [], ["Dart"]),
    ("Android", "platform", ["Android SDK", "Android development"], ["Kotlin", "Java"]),
    ("iOS", "platform", ["iOS development"], ["Swift"]),
    ("Pandas", "library", [], ["Python"]),
    ("NumPy", "library", [], ["Python"]),
    ("SciPy", "library", [], ["Python"]),
    ("scikit-learn", "library", ["sklearn", "scikit learn"], ["Machine learning"]),
    ("TensorFlow", "library", ["tensor flow"], ["Machine learning"]),
    ("PyTorch", "library", [], ["Machine learning"]),
    ("Keras", "library", [], ["TensorFlow"]),
    ("OpenCV", "library", [], ["Computer vision"]),
    ("Selenium", "testing", ["Selenium WebDriver"], ["Test automation"]),
    ("JUnit", "testing", [], ["Java"]),
    ("pytest", "testing", [], ["Python"]),
    ("Cucumber", "testing", ["BDD"], []),
    ("Jest", "testing", ["=Jest"], ["JavaScript"]),
    ("LoadRunner", "testing", ["HP LoadRunner"], []),
    ("JMeter", "testing", ["Apache JMeter"], []),
    ("QTP", "testing", ["UFT", "QuickTest Professional"], []),
    # data and databases
    ("PostgreSQL", "database", ["Postgres", "PostgresSQL", "psql", "pgsql"], ["SQL"]),
    ("MySQL", "database", ["My SQL"], ["SQL"]),
    ("SQLite", "database", [], ["SQL"]),
    ("Oracle Database", "database", ["Oracle DB", "Oracle 11g", "Oracle 10g", "Oracle 12c"], []),
    ("Microsoft SQL Server", "database", ["SQL Server", "MSSQL", "MS SQL", "MS SQL Server"], []),
    ("MongoDB", "database", ["=Mongo"], ["NoSQL"]),
    ("Redis", "database", [], []),
    ("Cassandra", "database", ["Apache Cassandra"], ["NoSQL"]),
    ("Elasticsearch", "database", ["Elastic Search", "ELK"], []),
    ("DynamoDB", "database", ["Amazon DynamoDB"], ["AWS"]),
    ("NoSQL", "database", ["No SQL"], []),
    ("DB2", "database", ["IBM DB2"], []),
    ("Teradata", "database", [], []),
    ("Snowflake", "database", [], []),
    ("Microsoft Access", "database", ["MS Access"], []),
    ("Apache Hadoop", "big data", ["Hadoop", "HDFS", "MapReduce", "map reduce"], []),
    ("Apache Spark", "big data", ["=Spark", "PySpark"], ["Scala"]),
    ("Apache Kafka", "big data", ["Kafka"], []),
    ("Apache Hive", "big data", ["=Hive", "HiveQL"], ["Apache Hadoop"]),
    ("Apache Pig", "big data", ["=Pig"], ["Apache Hadoop"]),
    ("HBase", "big data", ["Apache HBase"], ["Apache Hadoop"]),
    ("Sqoop", "big data", ["Apache Sqoop"], ["Apache Hadoop"]),
    ("Airflow", "big data", ["Apache Airflow"], []),
    ("ETL", "data", ["extract transform load", "ETL tools"], ["Data warehousing"]),
    ("Data warehousing", "data", ["data warehouse", "DWH", "EDW"], []),
    ("Informatica", "data", ["Informatica PowerCenter"], ["ETL"]),
    ("Tableau", "data", [], ["Data visualisation"]),
    ("Power BI", "data", ["PowerBI", "Microsoft Power BI"], ["Data visualisation"]),
    ("QlikView", "data", ["Qlik", "Qlik Sense"], []),
    ("OBIEE", "data", ["Oracle Business Intelligence"], []),
    ("SAS", "data", ["SAS language", "Base SAS"], []),
    ("SPSS", "data", ["IBM SPSS"], []),
    ("Business intelligence", "data", ["BI"], []),
    ("Data analysis", "data", ["data analytics"], []),
    ("Data visualisation", "data", ["data visualization"], []),
    ("Data science", "data", [], ["Machine learning"]),
    ("Machine learning", "data", ["ML"], ["Data science"]),
    ("Deep learning", "data", ["neural networks"], ["Machine learning"]),
    ("Natural language processing", "data", ["NLP"], ["Machine learning"]),
    ("Computer vision", "data", [], ["Deep learning"]),
    ("Statistics", "data", ["statistical analysis"], []),
    ("Big data", "data", [], ["Apache Hadoop"]),
    ("Data mining", "data", [], []),
    # cloud, devops, infrastructure
    ("Amazon Web Services", "cloud", ["AWS", "Amazon AWS", "EC2", "S3", "AWS Lambda"], []),
    ("Microsoft Azure", "cloud", ["Azure", "Windows Azure"], []),
    ("Google Cloud Platform", "cloud", ["GCP", "Google Cloud"], []),
    ("Docker", "devops", ["containerization"], ["Kubernetes"]),
    ("Kubernetes", "devops", ["k8s", "kube", "EKS", "AKS", "GKE"], ["Docker"]),
    ("Terraform", "devops", [], ["Amazon Web Services"]),
    ("Ansible", "devops", [], []),
    ("Puppet", "devops", ["=Puppet"], []),
    ("Chef", "devops", ["=Chef"], []),
    ("Jenkins", "devops", [], ["Continuous integration"]),
    ("Continuous integration", "devops", ["CI/CD", "CI CD", "continuous delivery"], []),
    ("DevOps", "devops", [], []),
    ("Git", "devops", ["=GIT", "GitHub", "GitLab", "Bitbucket"], []),
    ("SVN", "devops", ["Subversion", "Apache Subversion", "TortoiseSVN"], []),
    ("Maven", "devops", ["Apache Maven"], ["Java"]),
    ("Gradle", "devops", [], []),
    (
        "Linux",
        "operating system",
        ["GNU/Linux", "RHEL", "Red Hat", "Ubuntu", "CentOS", "Debian"],
        [],
    ),
    ("Unix", "operating system", ["UNIX", "Solaris", "AIX", "HP-UX"], []),
    ("Windows", "operating system", ["Microsoft Windows", "Windows Server"], []),
    ("macOS", "operating system", ["Mac OS", "OS X"], []),
    ("Mainframe", "platform", ["IBM mainframe", "z/OS", "JCL", "CICS"], ["COBOL"]),
    ("VMware", "infrastructure", ["vSphere", "ESXi"], []),
    ("Active Directory", "infrastructure", [], ["Windows"]),
    ("Networking", "infrastructure", ["computer networks", "network administration"], []),
    ("TCP/IP", "infrastructure", ["TCP IP"], ["Networking"]),
    ("Cisco", "infrastructure", ["CCNA", "CCNP"], ["Networking"]),
    ("Information security", "security", ["cyber security", "cybersecurity", "IT security"], []),
    ("Identity and access management", "security", ["IAM"], ["Information security"]),
    ("Penetration testing", "security", ["pen testing", "ethical hacking"], []),
    ("Splunk", "security", [], []),
    ("ServiceNow", "tool", ["Service Now"], ["ITIL"]),
    ("ITIL", "process", [], []),
    ("Apache Tomcat", "infrastructure", ["Tomcat"], ["Java"]),
    ("WebLogic", "infrastructure", ["Oracle WebLogic"], []),
    ("WebSphere", "infrastructure", ["IBM WebSphere"], []),
    ("Nginx", "infrastructure", [], []),
    ("Apache HTTP Server", "infrastructure", ["Apache web server", "httpd"], []),
    # enterprise software
    ("SAP", "enterprise software", ["SAP ERP", "SAP R/3", "SAP R3", "SAP ECC", "SAP S/4HANA"], []),
    ("SAP CRM", "enterprise software", [], ["SAP"]),
    ("SAP HANA", "enterprise software", ["HANA"], ["SAP"]),
    ("SAP FICO", "enterprise software", ["SAP FI", "SAP CO", "SAP FI/CO"], ["SAP"]),
    ("SAP MM", "enterprise software", [], ["SAP"]),
    ("SAP SD", "enterprise software", [], ["SAP"]),
    ("SAP BW", "enterprise software", ["SAP BI"], ["SAP"]),
    ("Salesforce", "enterprise software", ["SFDC", "Salesforce.com"], ["CRM"]),
    ("Oracle E-Business Suite", "enterprise software", ["Oracle EBS", "Oracle Apps"], []),
    ("PeopleSoft", "enterprise software", [], []),
    ("Workday", "enterprise software", [], []),
    ("Microsoft Dynamics", "enterprise software", ["Dynamics CRM", "Dynamics 365"], []),
    ("SharePoint", "enterprise software", ["Microsoft SharePoint", "MS SharePoint"], []),
    ("Tally", "enterprise software", ["Tally ERP", "Tally ERP 9"], ["Accounting"]),
    ("QuickBooks", "enterprise software", [], ["Accounting"]),
    ("ERP", "enterprise software", ["enterprise resource planning"], []),
    ("CRM", "enterprise software", ["customer relationship management"], []),
    ("Jira", "tool", ["JIRA", "Atlassian Jira"], ["Agile"]),
    ("Confluence", "tool", [], []),
    (
        "Microsoft Office",
        "office software",
        ["MS Office", "MS-Office", "Office 365", "Microsoft 365"],
        [],
    ),
    ("Microsoft Excel", "office software", ["=Excel", "MS Excel", "MS-Excel", "spreadsheets"], []),
    ("Microsoft Word", "office software", ["MS Word", "MS-Word"], []),
    (
        "Microsoft PowerPoint",
        "office software",
        ["PowerPoint", "MS PowerPoint", "MS-PowerPoint"],
        [],
    ),
    ("Microsoft Outlook", "office software", ["=Outlook", "MS Outlook"], []),
    ("Microsoft Visio", "office software", ["Visio", "MS Visio"], []),
    ("Microsoft Project", "office software", ["MS Project"], ["Project management"]),
    ("Google Workspace", "office software", ["G Suite", "Google Docs", "Google Sheets"], []),
    ("Visual Studio", "tool", ["Microsoft Visual Studio", "VS Code", "Visual Studio Code"], []),
    ("Eclipse", "tool", ["Eclipse IDE"], ["Java"]),
    ("Adobe Photoshop", "design", ["Photoshop"], []),
    ("Adobe Illustrator", "design", ["Illustrator"], []),
    ("Adobe InDesign", "design", ["InDesign"], []),
    ("Figma", "design", [], []),
    ("AutoCAD", "design", ["Auto CAD"], []),
    ("SolidWorks", "design", ["Solid Works"], []),
    ("UI design", "design", ["=UI", "user interface design"], []),
    ("UX design", "design", ["=UX", "user experience"], []),
    # methods and business skills
    (
        "Agile",
        "process",
        ["Agile methodology", "Agile methodologies", "Agile project management"],
        [],
    ),
    ("Scrum", "process", ["Scrum master"], ["Agile"]),
    ("Kanban", "process", [], ["Agile"]),
    ("Waterfall", "process", ["waterfall model"], []),
    ("SDLC", "process", ["software development life cycle"], []),
    ("Software testing", "process", ["manual testing", "QA", "quality assurance"], []),
    ("Test automation", "process", ["automation testing", "automated testing"], []),
    ("Unit testing", "process", ["unit tests"], []),
    ("Object-oriented programming", "process", ["OOP", "OOPS", "OOAD", "object oriented"], []),
    ("Data structures", "process", ["data structures and algorithms", "DSA"], []),
    ("Algorithms", "process", [], []),
    ("Project management", "business", ["project manager", "PMP", "PRINCE2"], []),
    ("Program management", "business", ["programme management"], []),
    ("Product management", "business", ["product manager"], []),
    ("Business analysis", "business", ["business analyst", "requirements gathering"], []),
    ("Stakeholder management", "business", [], []),
    ("Change management", "business", [], []),
    ("Risk management", "business", [], []),
    ("Vendor management", "business", ["supplier management"], []),
    ("Budgeting", "business", ["budget management", "budget planning", "manage budgets"], []),
    ("Strategic planning", "business", [], []),
    ("Operations management", "business", [], []),
    ("Supply chain management", "business", ["supply chain", "SCM", "logistics"], []),
    ("Procurement", "business", ["purchasing"], []),
    ("Inventory management", "business", ["inventory control", "stock control"], []),
    ("Sales", "business", ["business development", "B2B sales", "inside sales"], []),
    ("Account management", "business", ["key account management"], []),
    ("Customer service", "business", ["customer support", "client service"], []),
    ("Marketing", "business", [], []),
    ("Digital marketing", "business", ["online marketing", "internet marketing"], ["Marketing"]),
    ("Search engine optimisation", "business", ["SEO", "search engine optimization"], []),
    ("Social media marketing", "business", ["SMM"], ["Marketing"]),
    ("Content writing", "business", ["copywriting", "content creation"], []),
    ("Google Analytics", "business", [], []),
    ("Market research", "business", [], []),
    ("Accounting", "finance", ["bookkeeping", "book keeping"], []),
    ("Financial analysis", "finance", ["financial modelling", "financial modeling"], []),
    ("Financial reporting", "finance", [], ["Accounting"]),
    ("Auditing", "finance", ["internal audit"], []),
    ("Taxation", "finance", ["GST", "income tax", "VAT"], []),
    ("Payroll", "finance", ["payroll management", "payroll processing"], []),
    ("Accounts payable", "finance", [], ["Accounting"]),
    ("Accounts receivable", "finance", [], ["Accounting"]),
    ("Banking", "finance", [], []),
    ("Recruitment", "human resources", ["recruiting", "talent acquisition"], []),
    ("Human resources", "human resources", ["HR", "HRM", "human resource management"], []),
    ("Onboarding", "human resources", ["induction"], ["Recruitment"]),
    ("Employee relations", "human resources", [], []),
    ("Training and development", "human resources", ["learning and development", "L&D"], []),
    ("Performance management", "human resources", ["performance appraisal"], []),
    ("Compliance", "business", ["regulatory compliance"], []),
    ("Six Sigma", "process", ["Lean Six Sigma", "lean"], []),
    ("Quality management", "process", ["quality control", "QC", "ISO 9001", "TQM"], []),
    ("Technical support", "business", ["tech support", "helpdesk", "help desk", "IT support"], []),
    ("Troubleshooting", "business", ["trouble shooting"], []),
    ("Data entry", "business", [], []),
    ("Event management", "business", ["event planning"], []),
    ("Negotiation", "soft skill", ["negotiating", "negotiation skills"], []),
    ("Communication", "soft skill", ["communication skills", "verbal communication"], []),
    ("Teamwork", "soft skill", ["team work", "team player", "work in teams"], []),
    ("Leadership", "soft skill", ["team leadership", "lead others", "team management"], []),
    ("Problem solving", "soft skill", ["problem-solving", "analytical skills"], []),
    ("Time management", "soft skill", ["manage time"], []),
    ("Decision making", "soft skill", ["decision-making", "make decisions"], []),
    ("Attention to detail", "soft skill", ["attend to detail", "detail oriented"], []),
    ("Creativity", "soft skill", ["creative thinking", "think creatively"], []),
    ("Presentation skills", "soft skill", ["public speaking"], []),
    ("Interpersonal skills", "soft skill", [], []),
    ("Critical thinking", "soft skill", [], []),
    ("Adaptability", "soft skill", ["adapt to change"], []),
    ("Mentoring", "soft skill", [], ["Leadership"]),
]

# ESCO transversal skills (verb phrases) -> the curated skill that stands for them on a resume.
TRANSVERSAL_TO_CURATED = {
    "work in teams": "Teamwork",
    "lead others": "Leadership",
    "manage time": "Time management",
    "make decisions": "Decision making",
    "attend to detail": "Attention to detail",
    "think creatively": "Creativity",
    "adapt to change": "Adaptability",
    "develop strategy to solve problems": "Problem solving",
    "negotiate compromise": "Negotiation",
    "use spreadsheets software": "Microsoft Excel",
    "use presentation software": "Microsoft PowerPoint",
    "use word processing software": "Microsoft Word",
    "use databases": "SQL",
    "computer programming": "Computer programming",
    "address an audience": "Presentation skills",
}

NOUN_SUFFIXES = (
    "ing", "al", "ic", "ics", "ion", "ions", "s", "ary", "ive", "ous", "ment", "ure", "ity", "ical",
    "ogy", "phy", "ism", "ance", "ence", "ship", "ware", "ery", "ry",
)  # fmt: skip

# A knowledge label starts with a noun or an adjective ("geological mapping", "optics").
KNOWLEDGE_FIRST_WORD_ENDINGS = (*NOUN_SUFFIXES, "y", "ness", "ist", "er", "or", "ed")
VERB_LOOKALIKES = frozenset(
    """
    ensure types measure secure register monitor deliver order discover gather filter tailor
    cater consider answer offer foster render master administer enter alter steer wander apply
    verify classify identify modify specify supply carry simplify notify deploy employ justify
    certify clarify copy study embody qualify quantify rectify vary ready bury dry fry try
    purify satisfy accompany tidy occupy levy fortify dignify emulsify magnify solidify stratify
    unify lubricate process assess address express access dress press discuss harness witness
    possess dismiss compress stress bless guess pass cross toss kiss focus canvass impress
    progress regress obsess needed manufacture post-process screed cure drive seal continuously
    implement document hunting operate tend perform prepare interpret calculate educate
    coordinate create evaluate facilitate negotiate estimate demonstrate integrate investigate
    communicate translate locate
    """.split()  # noqa: SIM905
)

# Knowledge labels that are real ESCO entries but would fire on ordinary resume prose.
GENERIC_WORDS = {
    "english", "mathematics", "history", "physics", "chemistry", "biology", "geography", "music",
    "law", "ethics", "sales", "business", "management", "design", "engineering", "advertising",
    "communication", "psychology", "logistics", "philosophy", "theology", "sociology", "religion",
    "literature", "pedagogy", "anatomy", "linguistics", "economics", "politics", "art history",
    "product comprehension", "company policies", "types of", "principles", "characteristics",
    "Christianity", "Islam", "Judaism", "Buddhism", "Hinduism",
}  # fmt: skip


def _norm(label: str) -> str:
    return " ".join(label.casefold().split())


def _strip_qualifier(label: str) -> str:
    return re.sub(r"\s*\([^)]*\)\s*$", "", label).strip()


def _read_collection(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _verb_like_first_words(labels: list[str]) -> set[str]:
    """First words of ESCO competences ("manage", "operate"): they repeat and are not nouns."""
    counts = Counter(label.split()[0] for label in labels if " " in label and label[0].islower())
    return {
        word
        for word, n in counts.items()
        if n >= 2 and not word.endswith(NOUN_SUFFIXES) and word not in {"data", "software"}
    }


def build(esco: Path) -> dict:
    labels_path = esco / "skills_en_label.txt"
    labels = []
    if labels_path.exists():
        labels = [ln.strip() for ln in labels_path.read_text(encoding="utf-8").splitlines()]
        labels = [ln for ln in labels if ln]
    language_rows = _read_collection(esco / "languageSkillsCollection_en.csv")
    transversal_rows = _read_collection(esco / "transversalSkillsCollection_en.csv")
    ict_rows = _read_collection(esco / "ictSkillsCollection_en.csv")
    uri_by_label = {
        _norm(r["preferredLabel"]): r["conceptUri"]
        for r in (*language_rows, *transversal_rows, *ict_rows)
    }
    esco_by_norm = {_norm(lb): lb for lb in labels}

    skills: dict[str, dict] = {}
    alias_owner: dict[str, str] = {}

    def add(name, category, aliases=(), related=(), esco_label=None, source="curated"):
        key = _norm(name)
        if key in skills or key in alias_owner:
            return
        entry = {
            "name": name,
            "category": category,
            "aliases": [],
            "related": list(related),
            "source": source,
        }
        if esco_label:
            entry["esco_label"] = esco_label
            if _norm(esco_label) in uri_by_label:
                entry["esco_uri"] = uri_by_label[_norm(esco_label)]
        skills[key] = entry
        alias_owner[key] = key
        for alias in aliases:
            a_key = _norm(alias.lstrip("="))
            if a_key not in alias_owner or alias.startswith("="):
                alias_owner.setdefault(a_key, key)
                if alias not in entry["aliases"] and (alias.startswith("=") or a_key != key):
                    entry["aliases"].append(alias)

    for name, category, aliases, related in CURATED:
        candidates = [name, *(a.lstrip("=") for a in aliases)]
        esco_label = next(
            (esco_by_norm[_norm(c)] for c in candidates if _norm(c) in esco_by_norm), None
        )
        extra = [esco_label] if esco_label and _norm(esco_label) != _norm(name) else []
        add(name, category, [*aliases, *extra], related, esco_label)

    for esco_label, curated_name in TRANSVERSAL_TO_CURATED.items():
        key = _norm(curated_name)
        if key in skills:
            uri = uri_by_label.get(_norm(esco_label))
            if uri and "esco_uri" not in skills[key]:
                skills[key]["esco_uri"] = uri
                skills[key]["esco_label"] = esco_label
        else:
            add(curated_name, "transversal", [], [], esco_label, "esco")

    for row in language_rows:
        if row.get("skillType") == "knowledge":
            label = row["preferredLabel"]
            add(label, "language", [], [], label, "esco")

    verbs = _verb_like_first_words(labels)
    generic = {_norm(w) for w in GENERIC_WORDS}
    for label in labels:
        bare = _strip_qualifier(label)
        words = bare.split()
        if not words or len(words) > 4 or _norm(bare) in generic or _norm(label) in generic:
            continue
        if any(ch in bare for ch in ",;"):
            continue
        if label[0].isupper():
            category = "technology"
        elif (
            words[0] in verbs
            or words[0] in VERB_LOOKALIKES
            or not words[0].endswith(KNOWLEDGE_FIRST_WORD_ENDINGS)
            or (len(words) < 2 and len(bare) < 5)
        ):
            continue
        else:
            category = "knowledge"
        aliases = [label] if bare != label else []
        add(bare, category, aliases, [], label, "esco")

    out = sorted(skills.values(), key=lambda s: (s["source"] != "curated", s["name"].casefold()))
    for entry in out:
        entry["related"] = [r for r in entry["related"] if _norm(r) in skills]
    return {
        "attribution": (
            "Contains data from ESCO (European Skills, Competences, Qualifications and "
            "Occupations), European Commission, reused under Commission Decision 2011/833/EU; "
            "curated and extended by the Outhire project (see README.md)."
        ),
        "esco_version": "1.1",
        "skills": out,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--esco", type=Path, default=DEFAULT_ESCO)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args(argv)
    if not (args.esco / "skills_en_label.txt").exists():
        print(f"ESCO files not found under {args.esco}", file=sys.stderr)
        return 1
    data = build(args.esco)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False)
    args.out.write_text(text + "\n", encoding="utf-8")
    counts = Counter(s["category"] for s in data["skills"])
    print(f"wrote {len(data['skills'])} skills to {args.out}: {dict(counts.most_common())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
