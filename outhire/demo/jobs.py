"""The demo requisitions' jobs: real-length descriptions, must-have and nice-to-have skills, and
which of the demo talent network's role families (`demo.words.FAMILIES`) do such work.

Plain Python, no Django. A description reads like an advert: about the employer, about the role,
what you will do, requirements, nice to have, benefits; the headings are the ones the matcher
knows (a "Nice to have" section is preferred, not required). Skill names are the taxonomy's own,
as a recruiter picks them. `families` is what the demo's match pages are checked against: the
people a recruiter would call first for the job.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DemoJob:
    families: tuple[str, ...]
    about: str
    duties: tuple[str, ...]
    requirements: tuple[str, ...]
    nice: tuple[str, ...]
    must_have: tuple[str, ...]
    nice_to_have: tuple[str, ...]


INTROS = {
    "healthcare": (
        "{client} runs three hospitals and a network of community clinics. Our wards are busy, "
        "our teams are close, and we invest in the people who care for our patients: protected "
        "study days, mentors for every new starter and a clear path to senior posts."
    ),
    "technology": (
        "{client} builds picking and palletising robots for warehouses and factories across "
        "Europe and North America. Engineers here see their work leave the lab and run at "
        "customer sites within months, and they work closely with the people who use it."
    ),
    "finance": (
        "{client} is a regional bank serving half a million personal and business customers. "
        "We are modernising how we work while keeping what our customers value: people who "
        "know them, sound judgement and plain answers."
    ),
    "logistics": (
        "{client} moves containers, pallets and parcels through its port sites and "
        "distribution centres, around the clock. Our teams keep goods flowing for retailers, "
        "manufacturers and hospitals, and safety comes before speed on every shift."
    ),
}

BENEFITS = {
    "healthcare": (
        "Pay in line with the national scale plus unsocial hours enhancements, 30 days of "
        "annual leave, a funded course every year, a pension with a generous employer "
        "contribution, and help with relocation for those joining from abroad."
    ),
    "technology": (
        "A competitive salary and yearly bonus, 28 days of holiday, a learning budget of 2,000 "
        "a year, flexible hours, and two days a week at home where the role allows it."
    ),
    "finance": (
        "A competitive salary and bonus, 27 days of holiday, a pension with matched "
        "contributions, private medical cover, and paid time off to volunteer."
    ),
    "logistics": (
        "Shift allowances, paid overtime, 26 days of holiday, free parking and a staff "
        "canteen, a pension, and paid training towards recognised qualifications."
    ),
}

# fmt: off
JOBS: dict[str, DemoJob] = {
    # --- Meridian Health (healthcare) -------------------------------------------------------
    "Ward Manager": DemoJob(
        ("nursing",),
        "We are looking for an experienced nurse to lead a 28-bed acute medical ward. You will "
        "be responsible for the standard of care, the ward's budget and rota, and for "
        "developing a team of around forty nurses and healthcare assistants.",
        ("Lead the ward team day to day and take charge of shifts when needed",
         "Set and audit standards of nursing care, including infection control and "
         "medication safety",
         "Plan the rota and manage the ward's budget with the matron",
         "Support, appraise and develop nurses and healthcare assistants",
         "Work with doctors, therapists and discharge coordinators on patient flow"),
        ("Registered nurse with current registration",
         "Experience as a charge nurse, sister or deputy ward manager",
         "Strong leadership in nursing and sound nursing principles",
         "A track record in infection control and clinical audit"),
        ("A leadership or management qualification",
         "Experience of specialist nursing care on an acute ward"),
        (), (),  # the draft: its skills are left for the recruiter to confirm
    ),
    "ICU Nurse": DemoJob(
        ("nursing",),
        "Our intensive care unit is opening eight new beds and we are growing the team. You "
        "will care for critically ill adults, most of them ventilated, as part of a "
        "multidisciplinary team with one nurse to one or two patients.",
        ("Assess, plan and deliver care for ventilated and unstable patients",
         "Manage invasive monitoring, infusions and renal replacement therapy",
         "Respond to emergencies and take part in resuscitation",
         "Support families through difficult conversations",
         "Mentor student and newly qualified nurses on the unit"),
        ("Registered nurse with at least two years of experience in intensive care medicine",
         "Confident in resuscitation; Advanced Life Support is an advantage",
         "Experience caring for ventilated patients"),
        ("A post-registration critical care course",
         "Experience in anaesthetics or recovery"),
        ("intensive care medicine", "resuscitation"),
        ("anaesthetics", "infection control"),
    ),
    "Staff Nurse": DemoJob(
        ("nursing",),
        "Join the nursing team of a busy surgical ward. You will plan and deliver care for "
        "patients before and after surgery, and there is a structured preceptorship for "
        "nurses early in their career.",
        ("Assess patients and plan, deliver and evaluate their care",
         "Give medication and monitor patients after surgery",
         "Keep accurate records in the electronic patient record",
         "Follow and promote infection control practice on the ward",
         "Work with the wider team to plan safe discharges"),
        ("Registered nurse, or due to register within three months",
         "A good grasp of nursing principles and patient safety",
         "Knowledge of infection control",
         "Clear communication with patients, families and colleagues"),
        ("Surgical ward experience", "Experience mentoring students"),
        ("nursing principles", "infection control"),
        ("Communication", "Teamwork"),
    ),
    "Paediatric Nurse": DemoJob(
        ("nursing",),
        "Our children's ward cares for babies, children and young people with medical and "
        "surgical needs. We are looking for a children's nurse who enjoys working with "
        "families as partners in care.",
        ("Plan and deliver care for children and young people on the ward",
         "Give medication and monitor children's condition, escalating concerns early",
         "Support parents and carers and involve them in their child's care",
         "Work with play specialists, doctors and community teams",
         "Teach student nurses on placement"),
        ("Registered children's nurse, or a registered nurse with paediatrics experience",
         "Sound nursing principles and safeguarding knowledge",
         "Paediatric Immediate Life Support, or willing to complete it"),
        ("Experience on a children's surgical ward",
         "Infection control link nurse experience"),
        ("paediatrics", "nursing principles"),
        ("infection control", "Communication"),
    ),
    "Community Nurse": DemoJob(
        ("nursing",),
        "Our community nursing team visits patients at home across the city. You will manage "
        "your own caseload, from wound care to end-of-life care, with the support of a team "
        "that meets every morning.",
        ("Assess patients at home and plan their care with them and their families",
         "Manage long-term conditions and complex wounds",
         "Work with GPs, social workers and the hospice team",
         "Run clinics and health promotion sessions",
         "Write clear clinical reports and keep records up to date"),
        ("Registered adult nurse",
         "Experience in primary care or community nursing",
         "Knowledge of public health and health promotion",
         "A full driving licence"),
        ("A district nursing qualification", "Experience of palliative care"),
        ("primary care", "public health"),
        ("infection control", "clinical reports"),
    ),
    "Clinical Data Analyst": DemoJob(
        ("data",),
        "Our performance team turns the hospitals' data into reports that clinicians and the "
        "board rely on. We are looking for an analyst who enjoys both the data and the "
        "conversations about what it means.",
        ("Build and maintain dashboards on waiting times, bed occupancy and outcomes",
         "Write SQL against the patient administration and theatre systems",
         "Answer ad hoc questions from clinical directors and managers",
         "Check data quality and work with the teams who record it",
         "Present findings clearly to people who are not analysts"),
        ("Three years or more of experience as a data analyst",
         "Strong SQL and experience with Power BI",
         "A good grounding in statistics and data analysis"),
        ("Python for analysis", "Experience with health data", "Tableau"),
        ("SQL", "Power BI"),
        ("Python", "Statistics", "Tableau"),
    ),
    "Theatre Nurse": DemoJob(
        ("nursing",),
        "Our theatres run elective and emergency lists seven days a week. You will work in "
        "anaesthetics, scrub and recovery, with training to rotate between them.",
        ("Prepare theatres, equipment and patients for surgery",
         "Assist the anaesthetist during induction and emergence",
         "Scrub for a range of specialties once trained",
         "Care for patients in recovery until they are safe to return to the ward",
         "Keep to strict infection control and count procedures"),
        ("Registered nurse or operating department practitioner",
         "Experience in anaesthetics, scrub or recovery",
         "Sound knowledge of infection control"),
        ("Advanced Life Support", "Experience in a major trauma centre"),
        ("anaesthetics", "infection control"),
        ("resuscitation",),
    ),
    "Night Shift Nurse": DemoJob(
        ("nursing",),
        "Nights on our acute medical ward, four on and four off. You will be one of three "
        "registered nurses on the ward overnight, with a site manager and the outreach team "
        "a phone call away.",
        ("Care for a bay of up to eight acutely unwell adults through the night",
         "Give medication, monitor observations and escalate deterioration early",
         "Admit patients from the emergency department",
         "Keep records and hand over clearly to the day team",
         "Support healthcare assistants and students on the shift"),
        ("Registered nurse",
         "Experience on an acute medical or surgical ward",
         "Sound nursing principles and infection control practice",
         "Happy to work permanent nights"),
        ("Intravenous medication competency", "Experience of specialist nursing care"),
        (), (),  # raised by the client as a draft: the skills are left to confirm
    ),
    # --- Acme Robotics (technology) ---------------------------------------------------------
    "Robotics Test Engineer": DemoJob(
        ("engineering",),
        "Before a robot cell ships, our test engineers prove that it picks, places and stops "
        "safely as designed. You will plan and automate those tests in our test hall.",
        ("Write test plans for new robot functions with the design engineers",
         "Automate tests of robot behaviour in Python",
         "Run endurance and safety tests and analyse the results",
         "Report defects clearly and check the fixes",
         "Improve the test rigs and their sensors"),
        ("A degree in robotics, mechatronics or electrical engineering",
         "Two years or more of experience testing robotics or automation systems",
         "Python for test automation"),
        ("C++", "Experience with sensors and data acquisition"),
        ("robotics", "Python"),
        ("C++", "sensors"),
    ),
    "Robotics Engineer": DemoJob(
        # Its work is the software on the robots: software engineers are related too.
        ("engineering", "software"),
        "Join the team that designs the motion and perception of our picking robots. You "
        "will work on the software that runs on the robot, from the arm's motion planning to "
        "the sensors that find the next item to pick.",
        ("Develop and test motion planning and control software for robot arms",
         "Integrate cameras and other sensors with the robot's software",
         "Write embedded code for the robot's controllers",
         "Commission robots at customer sites with the field service team",
         "Review designs and code with your colleagues"),
        ("A degree in robotics, mechatronics or a related engineering field",
         "Three years or more of experience with robotics in industry",
         "Strong C++, and Python for tooling and tests",
         "Experience with embedded systems"),
        ("Experience with ROS", "Machine vision experience"),
        (), (),  # the draft: its skills are left for the recruiter to confirm
    ),
    "Senior Python Engineer": DemoJob(
        ("software",),
        "Our platform team builds the fleet management software that customers use to run "
        "their robots: the web application, its APIs and the services behind them. We are "
        "looking for a senior engineer to help shape how it grows.",
        ("Design, build and run backend services in Python and Django",
         "Model data and tune queries in PostgreSQL",
         "Design the public REST API with the teams who use it",
         "Review code, mentor engineers and improve how the team works",
         "Share the on-call rota for the services you build"),
        ("Five years or more of experience with Python, most of it in production web services",
         "Deep knowledge of Django and PostgreSQL",
         "Experience designing and versioning APIs"),
        ("Docker and Amazon Web Services", "Redis and background job queues"),
        ("Python", "Django", "PostgreSQL"),
        ("Docker", "Redis", "Amazon Web Services"),
    ),
    "Controls Engineer": DemoJob(
        ("engineering",),
        "We are looking for a controls engineer to design and commission the electrical and "
        "control systems of our palletising cells. You will take a cell from the first "
        "schematic to running production at the customer's site.",
        ("Design control panels and electrical schematics for new robot cells",
         "Program PLCs and safety controllers, and set up drives and electric motors",
         "Select and integrate sensors, light curtains and safety scanners",
         "Commission cells at customer sites and train their technicians",
         "Find and fix faults on running systems with the service team"),
        ("A degree in electrical engineering, mechatronics or a similar field",
         "Three years or more of experience with industrial control systems",
         "Hands-on experience with sensors, drives and safety circuits",
         "Willing to travel to customer sites about a quarter of the time"),
        ("MATLAB for modelling control loops",
         "Embedded systems experience", "Siemens TIA Portal"),
        ("electrical engineering", "sensors"),
        ("MATLAB", "electric motors", "embedded systems"),
    ),
    "Mechanical Design Engineer": DemoJob(
        ("engineering",),
        "Our mechanical team designs the grippers, frames and conveyors of our robot cells. "
        "You will own parts of the design from concept to production drawings and work with "
        "suppliers to get them made.",
        ("Design parts and assemblies in SolidWorks",
         "Produce production drawings with tolerances",
         "Run design reviews and simple calculations on strength and stiffness",
         "Work with suppliers on manufacture and cost",
         "Support the build and test of prototypes"),
        ("A degree in mechanical engineering",
         "Three years or more of experience designing machinery",
         "Expert use of SolidWorks or similar CAD software"),
        ("AutoCAD for layouts", "Experience with sheet metal and machined parts"),
        ("SolidWorks", "mechanical engineering"),
        ("AutoCAD", "CAD software"),
    ),
    "Field Service Technician": DemoJob(
        ("engineering",),
        "Our field service technicians keep customers' robots running. You will install, "
        "maintain and repair robot cells at sites across your region, working on your own "
        "and with our engineers.",
        ("Install and commission robot cells at customer sites",
         "Carry out planned maintenance on robots, conveyors and electric motors",
         "Diagnose and repair electrical and mechanical faults",
         "Train customers' technicians and operators",
         "Write clear service reports"),
        ("A qualification in electrical engineering or mechatronics",
         "Two years or more of experience maintaining automated equipment",
         "Confident with electric motors, drives and wiring",
         "A full driving licence and willingness to travel"),
        ("Experience with sensors and safety systems", "Mechanical engineering skills"),
        ("electrical engineering", "electric motors"),
        ("sensors", "mechanical engineering"),
    ),
    "Data Engineer": DemoJob(
        ("data", "software"),
        "Our robots send millions of events a day. The data team turns them into the "
        "dashboards our customers use and the data our engineers learn from. You will build "
        "and run the pipelines that make that possible.",
        ("Build and run ETL pipelines from the fleet's event streams",
         "Model data in the warehouse for analysts and product teams",
         "Write and review SQL and Python",
         "Monitor pipelines, data quality and costs",
         "Work with engineers and analysts on what to measure"),
        ("Three years or more of experience as a data engineer",
         "Strong SQL and Python",
         "Experience building ETL pipelines and a data warehouse"),
        ("Apache Spark", "Airflow", "Snowflake"),
        ("SQL", "Python", "ETL"),
        ("Apache Spark", "Airflow", "Snowflake"),
    ),
    "Quality Engineer": DemoJob(
        ("engineering",),
        "We are looking for a quality engineer for our assembly plant, where every robot cell "
        "is built and tested before it ships. You will make sure what we build is right the "
        "first time.",
        ("Own the quality plan for new products with the engineering team",
         "Investigate defects and lead root cause analysis",
         "Run improvement projects on the assembly line",
         "Audit suppliers and work with them on corrective actions",
         "Report on quality measures to the plant manager"),
        ("A degree in engineering",
         "Three years or more of experience in quality management in manufacturing",
         "Six Sigma Green Belt or equivalent experience"),
        ("Lean project management", "ISO 9001 internal auditor training"),
        ("Quality management", "Six Sigma"),
        ("Lean project management",),
    ),
    # --- Borealis Bank (finance) ------------------------------------------------------------
    "Risk Analyst": DemoJob(
        ("finance",),
        "Our risk team measures and reports the bank's credit and market risk to the board "
        "and the regulator. You will build the models and reports behind those numbers.",
        ("Build and maintain risk models and reports",
         "Monitor limits and explain movements to the business",
         "Prepare regulatory returns with the finance team",
         "Test models and document how they work",
         "Automate recurring analysis"),
        ("A degree in finance, economics, mathematics or statistics",
         "Two years or more of experience in risk management at a bank",
         "Strong statistics, and SAS or a similar tool"),
        ("FRM qualification", "Experience with Basel regulatory reporting"),
        (), (),  # the draft: its skills are left for the recruiter to confirm
    ),
    "Relationship Manager": DemoJob(
        ("finance", "sales"),
        "You will look after a portfolio of small and medium-sized business customers, "
        "understand their plans and bring them the bank's lending, savings and payment "
        "services.",
        ("Manage and grow a portfolio of business customers",
         "Visit customers and understand their businesses",
         "Structure lending proposals with the credit team",
         "Find new customers through referrals and local networks",
         "Keep customer records and compliance checks up to date"),
        ("Experience in business banking or commercial account management",
         "Good understanding of financial statements",
         "Strong negotiation and relationship skills"),
        ("A banking qualification", "Experience with agricultural or property lending"),
        ("Banking", "Account management"),
        ("Negotiation", "Stakeholder management"),
    ),
    "Financial Accountant": DemoJob(
        ("finance",),
        "Join the group finance team that closes the bank's books every month and prepares "
        "its statutory accounts.",
        ("Run parts of the month-end close and prepare journals",
         "Reconcile balance sheet accounts",
         "Prepare financial reporting for management and the statutory accounts",
         "Work with external auditors",
         "Improve close processes and controls"),
        ("A qualified or part-qualified accountant (ACA, ACCA or CIMA)",
         "Three years or more of experience in accounting and financial reporting",
         "Strong Microsoft Excel"),
        ("SAP FICO", "Experience in banking or financial services"),
        ("Accounting", "Financial reporting"),
        ("SAP FICO", "Microsoft Excel"),
    ),
    "Compliance Officer": DemoJob(
        ("finance",),
        "Our compliance team helps the bank meet its regulatory obligations and treat "
        "customers fairly. You will advise the business and check that controls work.",
        ("Advise teams on regulatory requirements",
         "Run compliance monitoring reviews and report findings",
         "Keep policies up to date as regulation changes",
         "Train staff on conduct and financial crime",
         "Work with risk and internal audit"),
        ("Three years or more of experience in compliance at a bank or investment firm",
         "Sound knowledge of financial regulation and risk management",
         "Clear writing and confident advice"),
        ("A compliance qualification", "Auditing experience"),
        ("Compliance", "Risk management"),
        ("Banking", "Auditing"),
    ),
    "Branch Manager": DemoJob(
        ("finance", "customer_service", "sales"),
        "You will run one of our busiest branches and its team of twelve, making sure every "
        "customer who walks in is helped well and that the branch meets its targets.",
        ("Lead, coach and schedule the branch team",
         "Make sure customers get excellent service and sound advice",
         "Meet lending, savings and service targets",
         "Handle complaints and escalations",
         "Keep the branch's controls and audits in order"),
        ("Experience managing a team in banking or retail",
         "A strong record in customer service",
         "Knowledge of banking products and regulation"),
        ("A banking or management qualification", "Experience of sales targets"),
        ("Banking", "Customer service"),
        ("Leadership", "Negotiation"),
    ),
    "Credit Analyst": DemoJob(
        ("finance",),
        "Our credit team assesses lending requests from business customers. You will analyse "
        "their finances and recommend whether and how the bank should lend.",
        ("Analyse financial statements and cash flow forecasts",
         "Write credit papers with a clear recommendation",
         "Review existing loans and watch for early signs of trouble",
         "Work with relationship managers on structure and pricing",
         "Keep credit files complete"),
        ("Two years or more of experience in credit or financial analysis",
         "A sound grasp of risk management in lending",
         "Strong Microsoft Excel"),
        ("An accounting qualification", "Statistics for credit scoring"),
        ("Financial analysis", "Risk management"),
        ("Microsoft Excel", "Statistics"),
    ),
    "Internal Auditor": DemoJob(
        ("finance",),
        "Internal audit gives the board an independent view of how well the bank's risks are "
        "managed. You will plan and lead audits across the business.",
        ("Plan and carry out audits of processes and controls",
         "Test controls and document findings",
         "Agree actions with management and follow them up",
         "Report results to the audit committee",
         "Keep up with regulation and audit practice"),
        ("Three years or more of experience in internal auditing or external audit",
         "Knowledge of financial reporting and controls",
         "A professional qualification (CIA, ACA or ACCA) or working towards one"),
        ("Experience in banking", "Data analysis for audit testing"),
        ("Auditing", "internal auditing"),
        ("Financial reporting", "Accounting"),
    ),
    # --- Harbor Logistics (logistics) -------------------------------------------------------
    "Warehouse Shift Lead": DemoJob(
        ("logistics",),
        "You will run a shift of around twenty warehouse operatives in our chilled "
        "distribution centre, making sure orders leave complete, safe and on time.",
        ("Plan the shift's work and brief the team",
         "Keep picking, packing and loading on schedule",
         "Keep inventory accurate and investigate stock differences",
         "Enforce safe working, especially around forklifts",
         "Coach operatives and report on the shift's performance"),
        ("Experience leading a team in a warehouse",
         "Good knowledge of inventory management and warehouse systems",
         "Calm under pressure and clear with people"),
        ("A forklift licence", "SAP or another ERP system"),
        (), (),  # the draft: its skills are left for the recruiter to confirm
    ),
    "Transport Planner": DemoJob(
        ("logistics",),
        "Our planners schedule more than two hundred truck movements a day between the port, "
        "our depots and customers. You will plan routes and loads so that goods arrive on "
        "time at the lowest cost.",
        ("Plan routes and loads for our own fleet and subcontracted carriers",
         "Book collections and deliveries with customers",
         "Respond to delays and re-plan during the day",
         "Make sure drivers' hours and load rules are kept",
         "Report on on-time delivery and cost"),
        ("Experience in multimodal transport logistics or road transport planning",
         "Good knowledge of operations management",
         "Confident with planning systems and spreadsheets"),
        ("Knowledge of hazardous freight regulations (ADR)", "A CPC in transport management"),
        ("multimodal transport logistics", "Operations management"),
        ("hazardous freight regulations",),
    ),
    "Customs Specialist": DemoJob(
        ("logistics",),
        "You will make sure our customers' goods clear customs quickly and correctly at the "
        "port, and advise them on tariffs, origin and procedures.",
        ("Prepare and submit import and export declarations",
         "Classify goods and calculate duties",
         "Advise customers on customs law and procedures",
         "Handle dangerous goods documentation",
         "Keep records ready for customs audits"),
        ("Two years or more of experience in customs clearance",
         "Sound knowledge of customs law",
         "Knowledge of hazardous freight regulations"),
        ("Experience with multimodal transport logistics", "A customs qualification"),
        ("customs law", "hazardous freight regulations"),
        ("multimodal transport logistics",),
    ),
    "Operations Manager": DemoJob(
        ("logistics",),
        "You will lead the operation of one of our distribution centres, with five shift "
        "leads and around a hundred and fifty people reporting to you.",
        ("Run the site to its safety, service and cost targets",
         "Lead and develop the shift leads and their teams",
         "Plan capacity for seasonal peaks",
         "Lead lean improvement projects",
         "Report to the regional director and to customers"),
        ("Experience managing a warehouse or distribution centre",
         "Strong operations management and people leadership",
         "A track record with lean project management"),
        ("Six Sigma training", "Supply chain management experience"),
        ("Operations management", "Lean project management"),
        ("Six Sigma", "Supply chain management"),
    ),
    "Forklift Driver": DemoJob(
        ("logistics",),
        "Join our warehouse team moving pallets between the dock, the racking and the "
        "loading bays. Day, night and weekend shifts are available.",
        ("Load and unload trucks safely",
         "Put away and replenish stock in high racking",
         "Scan and record every pallet movement",
         "Carry out daily checks on your truck",
         "Keep your area clean and safe"),
        ("A counterbalance or reach truck licence",
         "Experience in a warehouse, and care for inventory management",
         "Reliable and safety-minded"),
        ("Experience with warehouse scanners", "Willing to train as a shift lead"),
        ("Inventory management",),
        ("Teamwork",),
    ),
    "Fleet Coordinator": DemoJob(
        ("logistics",),
        "You will keep our fleet of trucks and trailers on the road: planning maintenance, "
        "handling breakdowns and keeping the fleet's records in order.",
        ("Plan servicing, inspections and repairs",
         "Handle breakdowns and arrange replacement vehicles",
         "Keep vehicle and driver records up to date",
         "Work with planners on vehicle availability",
         "Report on fleet costs and use"),
        ("Experience in fleet or transport coordination",
         "Knowledge of multimodal transport logistics",
         "Organised, with strong Microsoft Excel"),
        ("Operations management experience", "Knowledge of vehicle regulations"),
        ("multimodal transport logistics",),
        ("Operations management", "Microsoft Excel"),
    ),
    "Inventory Controller": DemoJob(
        ("logistics",),
        "You will make sure the stock in our systems matches the stock on our shelves, for "
        "customers who count on it.",
        ("Plan and run cycle counts",
         "Investigate and resolve stock differences",
         "Maintain item and location data in SAP",
         "Report on stock accuracy and ageing",
         "Improve inventory processes with the operations team"),
        ("Experience in inventory management",
         "Hands-on SAP MM or a similar ERP system",
         "Strong attention to detail"),
        ("Supply chain management knowledge", "Microsoft Excel"),
        ("Inventory management", "SAP MM"),
        ("ERP", "Supply chain management"),
    ),
}
# fmt: on


def description(*, client: str, industry: str, title: str) -> str:
    """The job's advert, in paragraphs under the headings people expect."""
    job = JOBS[title]
    intro = INTROS.get(industry, INTROS["technology"]).format(client=client)
    return "\n\n".join(
        [
            f"About us\n{intro}",
            f"About the role\n{job.about}",
            f"What you will do\n{_bullets(job.duties)}",
            f"Requirements\n{_bullets(job.requirements)}",
            f"Nice to have\n{_bullets(job.nice)}",
            f"Benefits\n{BENEFITS.get(industry, BENEFITS['technology'])}",
        ]
    )


def _bullets(lines: tuple[str, ...]) -> str:
    return "\n".join(f"- {line}" for line in lines)
