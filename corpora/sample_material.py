"""The material the sample corpus is built from: Tallyline's team, 42 accounts with their stories,
and hand-written lines for each part of a sales conversation. Lines are drawn without
replacement, so no sentence repeats across the corpus. `{…}` fields are filled per account."""

TEAM = [
    ("Priya Raman", "priya@tallyline.com", "Account Executive"),
    ("Marcus Webb", "marcus@tallyline.com", "Account Executive"),
    ("Jonas Berg", "jonas@tallyline.com", "Solutions Engineer"),
    ("Dana Okafor", "dana@tallyline.com", "Customer Success Manager"),
    ("Leo Fischer", "leo@tallyline.com", "VP Sales"),
]
SDR = "Tess Moreno"  # our SDR, deliberately not in team.txt: heard at 4+ accounts, inferred

# name, domain, industry, employees, country, stage, created, closed, live, churned, arr,
# expansion, tech stack, segment, pain (sharp/mild/None), competitor, people [(name, title)]
ACCOUNTS = [
    ("Brightwater Logistics, Inc.", "brightwaterlogistics.com", "Logistics", 640, "United States", "Closed Won", "2025-11-24", "2026-02-10", "2026-03-09", "", 138000, 24000, "NetSuite;Salesforce;Slack", "Mid-Market", "sharp", "Tipalti", [("Hannah Cole", "CFO"), ("Raj Patel", "AP Manager"), ("Sofia Brandt", "Controller")]),
    ("Kessler & Sons GmbH", "kessler-sons.de", "Manufacturing", 1200, "Germany", "Closed Won", "2025-12-01", "2026-03-20", "2026-05-04", "", 126000, 18000, "SAP Business One;Excel", "Enterprise", "sharp", "Coupa", [("Matthias Kessler", "CFO"), ("Anja Vogel", "Head of Accounting")]),
    ("Acme Health LLC", "acmehealth.com", "Healthcare", 900, "United States", "Closed Won", "2025-12-08", "2026-03-02", "", "", 112000, 30000, "Sage Intacct;Workday", "Enterprise", "sharp", "Bill.com", [("Dr. Lena Ortiz", "COO"), ("Marcus Hill", "Controller"), ("Grace Kim", "AP Specialist")]),
    ("Acme Holdings", "acmeholdings.com", "Real Estate", 210, "United States", "Closed Won", "2026-01-05", "2026-04-15", "2026-05-11", "", 64000, 0, "Yardi;Excel", "Mid-Market", None, "AvidXchange", [("Tom Brennan", "VP Finance"), ("Alicia Gomez", "Staff Accountant")]),
    ("O'Neill Dental Group", "oneilldental.com", "Healthcare", 340, "Ireland", "Closed Won", "2026-01-12", "2026-04-01", "2026-04-27", "", 58000, 6000, "QuickBooks;Dentrix", "Mid-Market", "mild", "Stampli", [("Siobhan O'Neill", "Practice Director"), ("Kevin Byrne", "Finance Manager")]),
    ("Nordlicht Energie AG", "nordlicht-energie.de", "Energy", 1500, "Germany", "Closed Won", "2025-12-15", "2026-04-08", "2026-05-20", "", 121000, 12000, "Dynamics 365;Power BI", "Enterprise", "sharp", "BlackLine", [("Jens Hartmann", "CFO"), ("Petra Lang", "Controller"), ("Felix Wagner", "IT Director")]),
    ("Café Lumière Ltd", "cafelumiere.co.uk", "Hospitality", 180, "United Kingdom", "Closed Won", "2026-02-02", "2026-04-22", "2026-05-18", "", 41000, 0, "Xero;Square", "SMB", "mild", "Ramp", [("Claire Dubois", "Finance Director"), ("Oliver Grant", "Operations Manager")]),
    ("Harbor Freight Partners", "harborfp.com", "Logistics", 420, "United States", "Closed Won", "2026-01-20", "2026-05-05", "2026-06-01", "", 96000, 15000, "NetSuite;ShipStation", "Mid-Market", "sharp", "Tipalti", [("Derek Shaw", "VP Finance"), ("Nina Alvarez", "AP Lead")]),
    ("Summit Ridge Construction", "summitridgebuild.com", "Construction", 760, "United States", "Closed Won", "2026-02-09", "2026-05-19", "", "", 104000, 22000, "Sage Intacct;Procore", "Mid-Market", "sharp", "Stampli", [("Gary Lindqvist", "CFO"), ("Rosa Mendes", "Project Accountant"), ("Ben Carter", "Controller")]),
    ("Pinecrest Foods", "pinecrestfoods.com", "Food Distribution", 530, "United States", "Closed Won", "2026-02-16", "2026-05-28", "2026-06-22", "", 88000, 9000, "NetSuite;Excel", "Mid-Market", "mild", "Bill.com", [("Megan Fox", "Controller"), ("Luis Ortega", "AP Clerk")]),
    ("Meridian Biotech", "meridianbio.com", "Biotech", 260, "United States", "Closed Won", "2026-03-02", "2026-06-10", "2026-07-06", "", 79000, 0, "NetSuite;Coupa", "Mid-Market", "mild", "Coupa", [("Dr. Ian Walsh", "CFO"), ("Priyanka Rao", "Senior Accountant")]),
    ("Lakeside Property Management", "lakesidepm.com", "Property Management", 150, "United States", "Closed Won", "2026-03-09", "2026-06-17", "", "", 47000, 5000, "AppFolio;QuickBooks", "SMB", "mild", "AvidXchange", [("Jordan Price", "Owner"), ("Tanya Wells", "Bookkeeper")]),
    ("Redwood Analytics", "redwoodanalytics.io", "SaaS", 310, "United States", "Closed Won", "2026-03-16", "2026-06-24", "2026-07-13", "", 72000, 8000, "NetSuite;Salesforce;Snowflake", "Mid-Market", "mild", "Ramp", [("Alex Moreau", "VP Finance"), ("Chen Wu", "Controller")]),
    ("Ironclad Insurance Brokers", "ironcladbrokers.com", "Insurance", 480, "United States", "Closed Won", "2026-03-23", "2026-07-01", "2026-07-27", "", 83000, 0, "Dynamics 365;Excel", "Mid-Market", "sharp", "Coupa", [("Patricia Gunn", "CFO"), ("Sam Okoye", "AP Manager")]),
    ("Bluebird Learning", "bluebirdlearning.org", "Education", 220, "United States", "Closed Won", "2026-04-06", "2026-07-15", "2026-08-10", "", 36000, 0, "QuickBooks;Google Sheets", "SMB", "mild", "Bill.com", [("Rachel Adams", "Finance Manager")]),
    ("Vantage Media Group", "vantagemedia.com", "Media", 350, "United States", "Closed Won", "2026-04-13", "2026-07-22", "2026-08-17", "", 69000, 11000, "Sage Intacct;HubSpot", "Mid-Market", None, "Airbase", [("Dev Mehta", "Controller"), ("Laura Chen", "AP Specialist")]),
    ("Granite State Credit Union", "granitestatecu.org", "Fintech", 610, "United States", "Closed Won", "2026-04-20", "2026-08-05", "2026-09-14", "", 99000, 0, "Oracle;Excel", "Mid-Market", None, "Coupa", [("Edward Stone", "CFO"), ("Maria Lopez", "Accounting Manager")]),
    ("Coastal Veterinary Partners", "coastalvets.com", "Healthcare", 290, "United States", "Closed Won", "2025-11-20", "2026-01-22", "2026-02-16", "2026-08-31", 52000, 0, "QuickBooks;Excel", "SMB", None, "Bill.com", [("Dr. Amy Hart", "Managing Partner"), ("Nick Foley", "Office Manager")]),
    ("Tidewater Shipping Co", "tidewatershipping.com", "Logistics", 380, "United States", "Closed Won", "2025-11-27", "2026-02-03", "2026-03-02", "2026-09-30", 61000, 0, "NetSuite;Excel", "Mid-Market", None, "Tipalti", [("Frank Moretti", "Controller"), ("Jess Palmer", "AP Lead")]),
    ("Quarry Stone Supply", "quarrystone.com", "Wholesale", 140, "United States", "Closed Won", "2025-12-04", "2026-02-25", "2026-03-23", "2026-10-20", 33000, 0, "QuickBooks;Excel", "SMB", None, "Melio", [("Carl Jensen", "Owner"), ("Beth Lyons", "Bookkeeper")]),
    ("Silverline Retail", "silverlineretail.com", "Retail", 820, "United States", "Closed Won", "2025-12-11", "2026-03-10", "2026-04-06", "2026-11-02", 77000, 0, "Dynamics 365;Shopify", "Mid-Market", None, "Ramp", [("Wendy Park", "VP Finance"), ("Omar Haddad", "AP Manager")]),
    ("Orchard Valley Farms", "orchardvalleyfarms.com", "Agriculture", 260, "United States", "Closed Won", "2026-05-04", "2026-08-12", "", "", 45000, 0, "Sage Intacct;Excel", "SMB", None, "Bill.com", [("Ruth Delgado", "Controller"), ("Hank Miller", "Operations Director")]),
    ("Copperleaf Hotels", "copperleafhotels.com", "Hospitality", 950, "United States", "Closed Lost", "2026-01-14", "2026-04-30", "", "", 0, 0, "Oracle;Excel", "Enterprise", None, "Coupa", [("Victor Lane", "CFO"), ("Emma Brooks", "Controller")]),
    ("Sterling Legal LLP", "sterlinglegal.com", "Legal", 170, "United Kingdom", "Closed Lost", "2026-02-03", "2026-05-12", "", "", 0, 0, "Xero;Excel", "SMB", None, "Stampli", [("Henry Ashford", "Finance Partner")]),
    ("Falcon Aerospace Components", "falconaero.com", "Manufacturing", 1400, "United States", "Closed Lost", "2026-01-26", "2026-06-03", "", "", 0, 0, "SAP;Ariba", "Enterprise", None, "Coupa", [("Diane Reeves", "VP Finance"), ("Mark Tanaka", "Procurement Lead")]),
    ("Greenway Transit Authority", "greenwaytransit.gov", "Public Sector", 2300, "United States", "Closed Lost", "2026-02-17", "2026-06-30", "", "", 0, 0, "Oracle;Excel", "Enterprise", None, "AvidXchange", [("Paula Ng", "Finance Director")]),
    ("Mosaic Design Studio", "mosaicdesign.co", "Media", 40, "United States", "Closed Lost", "2026-03-03", "2026-05-20", "", "", 0, 0, "QuickBooks", "SMB", None, "Ramp", [("Zoe Hart", "Founder")]),
    ("Keystone Plumbing Supply", "keystoneplumbing.com", "Wholesale", 310, "United States", "Closed Lost", "2026-04-07", "2026-07-21", "", "", 0, 0, "Epicor;Excel", "Mid-Market", None, "Bill.com", [("Rick Sullivan", "Controller")]),
    ("Atlas Fitness Clubs", "atlasfitness.com", "Hospitality", 600, "United States", "Closed Lost", "2026-05-11", "2026-08-25", "", "", 0, 0, "Sage Intacct;Excel", "Mid-Market", None, "Airbase", [("Nadia Volkova", "VP Finance")]),
    ("Evergreen Senior Living", "evergreenseniorliving.com", "Healthcare", 1100, "United States", "Closed Lost", "2026-05-18", "2026-09-08", "", "", 0, 0, "Dynamics GP;Excel", "Enterprise", None, "AvidXchange", [("George Whitman", "CFO")]),
    ("Northstar Robotics", "northstarrobotics.com", "Manufacturing", 450, "United States", "Contract Sent", "2026-07-06", "", "", "", 0, 0, "NetSuite;Jira", "Mid-Market", "sharp", "Tipalti", [("Ava Lindgren", "CFO"), ("Theo Grant", "Controller"), ("Maya Singh", "AP Specialist")]),
    ("Blue Harbor Seafood", "blueharborseafood.com", "Food Distribution", 330, "United States", "Decision maker bought-in", "2026-07-20", "", "", "", 0, 0, "Sage Intacct;Excel", "Mid-Market", "sharp", "Bill.com", [("Sean Murphy", "VP Finance"), ("Lucy Tran", "AP Lead")]),
    ("Prairie Wind Energy", "prairiewindenergy.com", "Energy", 520, "United States", "Presentation Scheduled", "2026-08-03", "", "", "", 0, 0, "Dynamics 365;Excel", "Mid-Market", "mild", "BlackLine", [("Karen Olsen", "Controller")]),
    ("Helix Diagnostics", "helixdx.com", "Biotech", 280, "United States", "Contract Sent", "2026-08-10", "", "", "", 0, 0, "NetSuite;Salesforce", "Mid-Market", None, "Coupa", [("Dr. Owen Price", "COO"), ("Rita Chandra", "Controller")]),
    ("Urban Roots Grocers", "urbanroots.com", "Retail", 700, "United States", "Appointment Scheduled", "2026-09-07", "", "", "", 0, 0, "Dynamics 365;Shopify", "Mid-Market", None, "Ramp", [("Jamal Reed", "Finance Director")]),
    ("Cobalt Freight Systems", "cobaltfreight.com", "Logistics", 880, "United States", "Decision maker bought-in", "2026-09-14", "", "", "", 0, 0, "NetSuite;Excel", "Enterprise", "sharp", "Tipalti", [("Irene Walsh", "CFO"), ("Paulo Santos", "AP Manager")]),
    ("Westbrook Academy", "westbrookacademy.org", "Education", 190, "United States", "Presentation Scheduled", "2026-09-21", "", "", "", 0, 0, "QuickBooks;Excel", "SMB", None, "Bill.com", [("Helen Carter", "Business Manager")]),
    ("Sunstone Solar", "sunstonesolar.com", "Energy", 410, "United States", "Contract Sent", "2026-10-05", "", "", "", 0, 0, "Sage Intacct;Salesforce", "Mid-Market", "mild", "Stampli", [("Brian Cho", "Controller")]),
    ("Maple & Main Bakeries", "mapleandmain.ca", "Food Distribution", 230, "Canada", "Appointment Scheduled", "2026-10-12", "", "", "", 0, 0, "QuickBooks;Excel", "SMB", None, "Plooto", [("Isabelle Roy", "Finance Manager")]),
    ("Trident Marine Services", "tridentmarine.com", "Logistics", 360, "United States", "Decision maker bought-in", "2026-10-19", "", "", "", 0, 0, "NetSuite;Excel", "Mid-Market", None, "Bill.com", [("Carlos Ruiz", "Controller")]),
    ("Lumen Capital Advisors", "lumencapital.com", "Fintech", 60, "United States", "", "2026-11-02", "", "", "", 0, 0, "QuickBooks", "SMB", None, None, []),
    ("Riverbend Clinics", "riverbendclinics.com", "Healthcare", 25, "United States", "", "2026-11-09", "", "", "", 0, 0, "", "SMB", None, None, []),
]
LIFECYCLE = {"Closed Won": "customer", "Closed Lost": "other", "": "lead"}

# Won accounts with no Go-live Date in the CRM: a buyer states it after the close.
# account → (what they say, the conversation date, expected go-live)
TTV_FROM_CONVERSATION = {
    "Acme Health LLC": ("Honestly it was painless. We went live on the 1st and the first approval run went through the same week.", "2026-04-09", "2026-04-01"),
    "Summit Ridge Construction": ("So the news is we've been live since Monday, the field supers are already approving from their phones.", "2026-06-18", "2026-06-15"),
    "Lakeside Property Management": ("We were live two weeks after signing, which nobody here believed when you said it.", "2026-07-20", "2026-07-01"),
    "Orchard Valley Farms": ("We went live on September 3rd, right after harvest reporting wrapped up.", "2026-09-16", "2026-09-03"),
}
# said before the close: a hope, never a go-live
TTV_DECOY = ("Summit Ridge Construction", "If this goes the way I hope we'd be live in a month, before the spring projects kick off.", "2026-04-28")

OPENERS = [
    ("How's the week treating you?", "Busy, but the good kind of busy. We just wrapped quarter-end."),
    ("Sorry, I'm a minute late, the previous call ran over.", "No worries at all, I was grabbing coffee anyway."),
    ("Can you hear me okay? My headset's been acting up.", "Loud and clear. Little bit of echo but it's fine."),
    ("Is it still snowing out there?", "It stopped last night, thank god. The drive in was slow though."),
    ("Thanks for making the time, I know it's month-end.", "Yeah, you caught me on the one quiet afternoon."),
    ("Did you end up going to the conference in Austin?", "I did, mostly for the tacos if I'm honest."),
    ("How was the long weekend?", "Too short. The kids had a tournament both days."),
    ("Before we start, is anyone else joining from your side?", "Just us two for now, someone might hop on later."),
    ("I saw you're hiring a lot, congrats.", "Thanks, it's been a hectic year. Good hectic."),
    ("Great to put a face to the name finally.", "Likewise, we've been emailing for weeks."),
    ("You're on the west coast, right? It's early for you.", "Six thirty here, but I've had two coffees so we're good."),
    ("Quick housekeeping, mind if I record this for my notes?", "Sure, go ahead."),
    ("How did the board meeting go?", "Survived it. Lots of questions about cash, as usual."),
    ("Happy Friday, almost.", "Almost. One more close task and I'm free."),
]
BACKCHANNEL = ["Yeah.", "Mm-hm.", "Right.", "Sure.", "Okay.", "Got it.", "Makes sense.", "Yep.", "Totally.", "Fair enough."]
INTERRUPTIONS = [
    ("So the thing with our setup is—", "Sorry, go ahead, I cut you off."),
    ("Can I just jump in on that—", "Please."),
    ("Wait, sorry, you froze for a second there.", "Oh no, how much did you miss?"),
]

SELLER_QUESTIONS = [
    "Walk me through what happens from the moment an invoice arrives to when it gets paid.",
    "Is the hand-off between AP and the approvers ever a headache for you?",
    "How long does month-end close take you today, roughly?",
    "Who has to sign off before a payment goes out?",
    "Are late fees something you deal with, or is that not really a thing for you?",
    "What does your team spend most of its week on?",
    "How are you handling vendor bank detail changes right now?",
    "When the auditors come in, what do they usually ask for?",
    "If you could wave a wand and fix one part of the process, which part would it be?",
    "Do you have any visibility into what's been committed before the invoice lands?",
    "What happens when someone on the team is out sick during close?",
    "How many invoices a month are we talking about?",
    "What's driving the timing on your side, is there a deadline?",
    "Who else would need to be involved in a decision like this?",
    "What did you like or not like about the other tools you looked at?",
    "Is the ERP sync something that breaks often?",
]
SELLER_PITCH = [
    "A lot of controllers tell us close is a nightmare until the AP side is automated.",
    "Teams like yours usually struggle with approvals once they pass a few hundred invoices a month.",
    "What we typically see is that manual entry eats about a third of the AP team's week.",
    "Most finance teams we talk to lose early-payment discounts without even knowing it.",
    "Many of our customers were drowning in email approvals before they switched.",
    "We hear that a lot, honestly, the three-way match is where everything piles up.",
    "Companies like yours often find out about duplicate payments only at audit time.",
    "Our customers tell us the biggest win is just knowing where every invoice is.",
    "The thing we fix is the chasing, all those approval reminders nobody reads.",
    "A lot of teams come to us after a fraud scare with a fake bank change.",
]
SELLER_RECAP = [
    "So what I'm hearing is the close takes you about {close_days} days and approvals are the bottleneck.",
    "Let me play that back: invoices get retyped into {erp} and that's where the errors come from.",
    "Just so I have it right, the late fees are coming from approvals sitting too long.",
    "So the pain is really visibility, you don't know what's committed until it's invoiced.",
    "Okay so to recap, {n_people} people are basically full-time on data entry.",
]
SELLER_PRICING = [
    "For your volume our list price would be around {list_k}k a year, platform and all entities included.",
    "We price per approver seat, it's ${seat} per seat per month, AP users are included.",
    "There's a one-time implementation fee of {impl_k}k, that covers the {erp} integration.",
    "If you sign a two-year term I can take ten percent off the first year.",
    "Invoice volume above your tier is three dollars an invoice, but you'd have headroom.",
    "We can do annual billing in advance or quarterly, quarterly carries a small uplift.",
    "The paid pilot is {pilot_k}k and it's credited against the first year if you go ahead.",
    "I can hold this pricing until the end of the quarter.",
    "Renewal would be at the same rate, we cap increases at five percent.",
    "Expansion seats for the new entity would be prorated to your renewal date.",
    "Bill.com will look cheaper on paper, but they charge per user and per payment.",
    "I can get you a formal quote by Thursday with the multi-year option on it.",
]
SELLER_CLOSERS = [
    "Great, I'll send a recap and the next steps today.",
    "I'll loop in Jonas for the technical deep dive next week.",
    "Let's pencil in a follow-up for the week after next.",
    "I'll get the security questionnaire over to your IT team.",
    "Thanks, this was really helpful. Talk soon.",
    "Perfect, I'll book time with your controller for the demo.",
]
BUYER_CLOSERS = ["Sounds good, thanks.", "Perfect, talk then.", "Great, send it over.", "Thanks, appreciate it.", "Works for me."]

# Buyer pain: (intensity, theme, line). The `quantified` flag is implied by numbers in the line.
PAIN_ACUTE = [
    ("slow-close", "Month-end close takes us {close_days} business days and the auditors keep asking why."),
    ("late-payments", "We paid late fees to two of our biggest carriers last quarter, something like {fee_k} grand in total, and one of them put us on credit hold."),
    ("manual-entry", "Honestly, {n_people} people on my team spend their whole week retyping invoices into {erp}. That's {n_people} salaries on data entry."),
    ("errors-fraud", "We paid the same invoice twice in March, forty-two thousand dollars, and we only caught it because the vendor was honest enough to call."),
    ("audit-compliance", "The auditors flagged our approval controls as a material weakness last year and the board is all over me about it."),
    ("approval-delays", "Approvals sit in people's inboxes for two, three weeks, and we lost a five percent early-pay discount on our largest supplier because of it."),
    ("visibility", "I can't tell the CEO what we've committed to spend until the invoices land, and last quarter we blew through the budget by about {overrun_k}k before anyone noticed."),
    ("key-person-risk", "Only one person, Marta, knows how the vendor reconciliation spreadsheet works, and she's going on maternity leave in six weeks."),
    ("scaling-headcount", "Volume doubled since the acquisition and the team didn't. People are working weekends every close and two of them have told me they're burned out."),
    ("integration", "The {erp} sync breaks every other week and we end up reconciling fourteen hundred lines by hand before we can close."),
    ("errors-fraud", "Somebody emailed us a fake bank change for a vendor in June and we almost wired ninety thousand to it."),
    ("slow-close", "We've missed the board deadline for the monthly pack three months running because the books just aren't closed."),
    ("late-payments", "A supplier stopped shipping to two of our plants for a day because we were sixty days late on them."),
    ("audit-compliance", "We have a SOX readiness deadline in January and right now nothing in AP leaves an audit trail."),
    ("manual-entry", "Every carrier PDF gets keyed in by hand, that's about three thousand invoices a month, and the error rate is killing us."),
]
PAIN_REAL = [
    ("approval-delays", "Approvals are the bottleneck. I spend Monday mornings chasing managers for sign-off."),
    ("manual-entry", "Someone on my team retypes every PDF invoice into {erp}, line by line."),
    ("visibility", "We don't really know our accruals until day four or five of close."),
    ("slow-close", "Close drags on for about a week and a half, mostly waiting on AP."),
    ("integration", "Our purchase orders live in one system and invoices in another, so the three-way match is done in Excel."),
    ("late-payments", "We miss early-payment discounts pretty much every month because invoices get stuck."),
    ("key-person-risk", "If Dave is out, nobody can run the payment batch, it's all in his head."),
    ("errors-fraud", "We find coding errors after the fact and then spend a day reclassing entries."),
    ("scaling-headcount", "We're opening three new sites this year and I'd have to hire another AP clerk just to keep up."),
    ("visibility", "Department heads keep asking me where their invoices are and I genuinely can't tell them without digging."),
    ("approval-delays", "Half our invoices need two approvers and one of them is always traveling."),
    ("manual-entry", "We print invoices, get them signed, scan them back in. In 2026."),
]
PAIN_MILD = [
    ("approval-delays", "Approvals are a bit clunky, you have to log in to a separate portal."),
    ("visibility", "The reporting is kind of tedious to pull together each month."),
    ("manual-entry", "There's a little bit of double entry between the bank and the books."),
    ("integration", "The export from the bank is slightly annoying, it's a CSV we have to clean up."),
    ("approval-delays", "Sometimes an invoice sits a day or two longer than it should."),
    ("visibility", "It's not ideal that the dashboard is a week behind."),
    ("manual-entry", "Coding the odd utility bill by hand is a minor pain."),
    ("slow-close", "Close could be a bit quicker, honestly, but it's manageable."),
]
# Not pain by EXTRACTION.md, each for a reason (negated, resolved, previous employer,
# hypothetical, idiom/praise, neutral setup, small talk).
NOT_PAIN = [
    "Approvals aren't really an issue for us, people are pretty responsive.",
    "Late fees? No, that's not a problem for us, we pay on time.",
    "Duplicate payments haven't been an issue since we put the vendor master in order.",
    "That used to be a nightmare before we hired Sam, but she's sorted it out.",
    "Close was painful two years ago, we fixed most of it when we moved to {erp}.",
    "At my last company the AP team was drowning, but here it's a much smaller operation.",
    "If we ever double in size I could see approvals becoming a bottleneck.",
    "Honestly the mobile approval thing is a killer feature for our field guys.",
    "I'm dying to see the OCR piece, that demo video was slick.",
    "We run AP out of {erp} and a shared inbox, invoices come in as PDFs.",
    "We've got a manual review step on large payments, that's by design.",
    "Our spreadsheet for accruals works fine, we're happy with it.",
    "The traffic this morning was a nightmare, sorry again for being late.",
    "My kid's been sick all week so I'm running on fumes.",
    "Tipalti's customers complain about their support, from what I hear.",
    "The close process is pretty standard, we follow a checklist in {erp}.",
    "No real complaints about the bank integration, it just works.",
    "We'd hope to keep the same approval chain if we moved over.",
]
NEUTRAL_BUYER = [
    "We've got about {invoices} invoices a month across {entities} entities.",
    "Most invoices come in by email, a few still by post.",
    "Our fiscal year ends in December.",
    "We use {erp} for the GL and purchasing.",
    "I'd want our IT director on the next call for the SSO piece.",
    "Can you show me how the coding suggestions work?",
    "Does it handle multi-currency? We pay some vendors in euros.",
    "How does the audit trail look when something gets rejected?",
    "We have a preferred payment run on Thursdays.",
    "Our AP team is {ap_team} people, plus the controller.",
]
# Buyer pricing statements (pricing by EXTRACTION.md), with amounts in many spoken forms.
PRICING = [
    "We were budgeting around {budget_k}k a year for this, so that's in the ballpark.",
    "Anything over fifty thousand needs board approval, so we'd want to stay under that.",
    "That's steep. Tipalti came in at about thirty-two thousand a year for the same scope.",
    "Price is fine, honestly. It's the implementation timeline I'm worried about.",
    "Can you do better than ${seat} a seat per month if we commit to forty seats?",
    "If we go two years, what kind of discount are we talking about?",
    "We'd need net sixty payment terms, that's our standard for software.",
    "The implementation fee is the sticking point, ten grand up front is hard to justify.",
    "Our CFO will ask about payback. If it saves one FTE that's seventy k a year right there.",
    "We can't do a paid pilot, procurement would need a whole new PO for that.",
    "Forty-five to sixty k is where I can get approval without going to the board.",
    "So the renewal would be one-ten a year with the new entity included?",
    "For the expansion seats, is that prorated or do we pay the full year?",
    "Bill.com quoted us eighteen bucks a user a month, so you're a bit higher.",
    "We've got budget approved for this fiscal year, around ninety grand all in.",
    "I'd need the quote broken out: platform, seats and the implementation fee separately.",
    "What happens to the price if our invoice volume goes over the tier?",
    "The renewal number looks fine, no budget concerns on our side.",
    "Can we lock the rate for three years? Last vendor hit us with a twelve percent uplift.",
    "Our procurement threshold is twenty-five thousand, above that it's a three-quote process.",
    "Honestly we're paying Stampli around two thousand a month and getting half the features.",
    "If you can get to a hundred and twenty thousand for both entities, I can sign this month.",
    "Is there a nonprofit discount? We'd be a lot more comfortable at around thirty.",
    "We'd want to pay annually in advance if that gets us a better rate.",
    "The ROI case is easy: we lose about fifteen k a year in missed discounts alone.",
    "What does adding the Canadian entity do to the annual price?",
    "Two-year term at that rate works for us, send the order form.",
    "I need the per-invoice pricing spelled out, our volume swings a lot seasonally.",
    "Our finance committee caps new software at forty thousand dollars without a formal review.",
    "Before the renewal I want to understand why the seat price went up.",
    "€18 per seat per month is what we'd need to make the German entity work.",
    "Thirty lakh rupees is the ceiling for the India team's licences, I checked with them.",
]
# Buyer lines with numbers that are NOT pricing: revenue, funding, headcount, salaries,
# own prices, other budgets, small talk.
NOT_PRICING = [
    "We did about forty million in revenue last year, up from thirty-one.",
    "We closed our Series B in May, twenty-two million, so there's pressure to professionalise.",
    "Our average order is around twelve hundred dollars, mostly repeat customers.",
    "We charge our clients a flat monthly retainer, so billing is simple on our side.",
    "The events budget for next year got cut to eighty thousand, so that's been a fight.",
    "An AP clerk here makes about fifty-five thousand, plus benefits.",
    "I ran a 10k on Sunday, first one since the knee surgery.",
    "We have about {employees} employees across four locations.",
    "Our ARR target this year is eighteen million, so the board is watching cash.",
    "The building we're in is valued at around six million, the landlord keeps reminding us.",
]
TRIGGERS = [
    "We just brought in a new CFO, she started in {month_name}, and this is on her list.",
    "We closed a funding round last month, so the board wants proper controls in place.",
    "There's a reorg happening, AP is moving under shared services in the new year.",
    "We have an e-invoicing mandate kicking in next year for the German entity.",
    "We had layoffs in the spring, so the team is smaller and has to do more with less.",
    "Our audit deadline is in March and the auditors want a cleaner approval trail.",
]
COMPETITOR_LINES = [
    "We're also looking at {competitor}, they demoed last week.",
    "{competitor} is the incumbent conversation, the controller used it at her last job.",
    "We had a call with {competitor} but their team felt very salesy.",
]
POST_CLOSE = [
    "The team is already asking why we didn't do this sooner.",
    "Approval times are down a lot, I'll send you the numbers.",
    "We'd like to add the second entity in the new year.",
    "The {erp} sync has been solid since the patch.",
    "One thing: the mobile app logs people out too often.",
    "Our auditors liked the approval trail, which is a first.",
]
NOTES = [
    "Buyer described close as taking about {close_days} days, approvals main bottleneck.",
    "{champion} is the champion; CFO signs anything over 50k.",
    "Mentioned they retype PDF invoices into {erp} by hand.",
    "Competitor in the deal: {competitor}. They think it's cheaper per user.",
    "Budget: roughly {budget_k}k a year, needs to fit this fiscal year.",
    "Next step: technical call with IT on SSO and the {erp} connector.",
    "Risk: timeline; they want to be live before the audit.",
    "They said late fees hit them twice last quarter.",
    "Good energy on the call, asked for references in {industry}.",
    "Open question on multi-entity pricing for the second entity.",
]
