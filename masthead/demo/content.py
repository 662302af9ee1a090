"""The demo newsroom: the Zelenohirsk Courier, a fictional independent newsroom in a fictional
river city. Every name, story and quote here was written for this demo."""

from typing import Any, NamedTuple


class Story(NamedTuple):
    section: str
    headline: str
    standfirst: str
    # A paragraph starting with "## " is a heading.
    paragraphs: list[str]
    # (what was said, who said it); no one named makes it a pull quote.
    quote: tuple[str, str | None] | None
    tags: list[str]
    authors: list[str]
    hours_ago: int


class Video(NamedTuple):
    title: str
    summary: str
    seconds: float
    captions: list[tuple[float, float, str]]


NEWSROOM = {
    "name": "The Zelenohirsk Courier",
    "tagline": "Independent journalism from the city on the Verkhnia river, funded by its readers",
    "description": (
        "The Zelenohirsk Courier is a reader-funded newsroom covering the city of Zelenohirsk: "
        "its council, its businesses, its culture and the people who keep it running."
    ),
    "x_handle": "zcourier",
    "footer_text": "Zelenohirsk Courier, 14 Pryrichna Street, Zelenohirsk.\n"
    "A fictional newsroom made for the Masthead demo.",
}

SECTIONS = [
    ("news", "News", "What happened in Zelenohirsk today, checked and explained."),
    ("city", "City", "Streets, transport, schools and the council decisions behind them."),
    ("business", "Business", "Companies, jobs and money in the Verkhnia valley."),
    ("opinion", "Opinion", "Columns and arguments from our writers and readers."),
    ("culture", "Culture", "Theatre, books, music and food across the city."),
]

# slug: (name, role, bio, links)
AUTHORS = {
    "daryna-koval": (
        "Daryna Koval",
        "News Editor",
        "Daryna runs the Courier's news desk. Before joining she spent eight years covering "
        "courts and the regional council for a wire service.",
        [("X", "https://example.org/daryna"), ("E-mail", "mailto:daryna@courier.example")],
    ),
    "maksym-lytvyn": (
        "Maksym Lytvyn",
        "City Reporter",
        "Maksym covers transport, housing and the city budget. He reads every council "
        "spreadsheet so readers don't have to.",
        [("E-mail", "mailto:maksym@courier.example")],
    ),
    "sofia-hrytsenko": (
        "Sofia Hrytsenko",
        "Business Correspondent",
        "Sofia writes about the valley's factories, start-ups and markets, and about the "
        "people who work in them.",
        [("Website", "https://example.org/sofia")],
    ),
    "oleh-savchuk": (
        "Oleh Savchuk",
        "Columnist",
        "Oleh taught history at Lyceum No. 3 for twenty years. His weekly column argues "
        "with the city about its past and its plans.",
        [],
    ),
    "iryna-bondar": (
        "Iryna Bondar",
        "Photo Editor",
        "Iryna leads the Courier's photo desk and has photographed every flood, festival "
        "and election in Zelenohirsk since 2014.",
        [("Portfolio", "https://example.org/iryna")],
    ),
    "nazar-melnyk": (
        "Nazar Melnyk",
        "Culture Editor",
        "Nazar reviews theatre and books, and keeps a list of every bakery in the city "
        "ranked by the quality of its poppy-seed rolls.",
        [("Telegram", "https://example.org/nazar")],
    ),
}

PHOTOGRAPHERS = [
    "Iryna Bondar / Courier",
    "Petro Kushnir / Courier",
    "Alla Sydorenko / for the Courier",
]

_ARTICLES = [
    # News
    (
        "news",
        "Verkhnia river reaches spring high-water mark two weeks early",
        "Emergency crews moved sandbags to the lower embankment overnight as the river rose 40 centimetres in a day.",
        [
            "The Verkhnia passed the 3.2-metre mark at the Pryrichna gauge shortly after midnight, the level the city treats as the start of flood season. Last year it did not get there until late April.",
            "Crews from the municipal emergency service worked through the night to close the gaps in the lower embankment wall near the old grain quay. By morning, about 4,000 sandbags had been laid along a 600-metre stretch.",
            "## What residents should do",
            "The council asked people living on Naberezhna and Rybalska streets to move cars away from the riverbank and to keep basement windows closed. Schools on the left bank will stay open.",
            "Hydrologists at the regional weather office expect the river to peak on Thursday, about 30 centimetres below the record set in 2019.",
        ],
        (
            "We have done this many times. What is new is how early it comes now.",
            "Vasyl Danylenko, head of the city emergency service",
        ),
        ["flood", "Verkhnia river", "emergency services"],
        ["daryna-koval", "iryna-bondar"],
        2,
    ),
    (
        "news",
        "City council approves budget after a five-hour session",
        "The 2027 budget passed by 24 votes to 11, with last-minute money for school roofs and less for road resurfacing.",
        [
            "After a session that ran past ten in the evening, the city council approved next year's budget of 4.1 billion hryvnias. The opposition bloc voted against, saying the capital spending plan was drawn up without public hearings.",
            "The largest late change moved 38 million hryvnias from road resurfacing to roof repairs at six schools, after parents at Lyceum No. 7 brought photographs of buckets in corridors to the last committee meeting.",
            "Mayor Halyna Rudenko said the budget kept the tram extension on schedule and raised teachers' bonuses for the second year in a row.",
        ],
        None,
        ["city council", "budget", "schools"],
        ["maksym-lytvyn"],
        5,
    ),
    (
        "news",
        "Power restored to the left bank after substation fault",
        "About 18,000 homes were without electricity for up to six hours after a transformer failed at the Lisova substation.",
        [
            "Power returned to the last streets of the left bank at around four in the afternoon, the regional grid operator said. The outage began just before ten when a transformer at the Lisova substation shut down.",
            "Hospital No. 2 ran on its backup generators throughout. Traffic lights along Sobornyi Avenue were dark for most of the morning, and police directed traffic at the busiest crossings.",
            "The operator said the transformer was 41 years old and had been due for replacement in 2028. A spare unit is being brought from the warehouse in Kamianka.",
        ],
        (
            "The spare will be in place within the week. Until then, the load is shared across two other lines.",
            "Spokesperson for the regional grid operator",
        ),
        ["electricity", "left bank", "infrastructure"],
        ["daryna-koval"],
        9,
    ),
    (
        "news",
        "Police open inquiry into missing council laptops",
        "Eleven laptops vanished from a locked storeroom at the city hall annex. The council says no personal data was stored on them.",
        [
            "City police have opened a criminal inquiry after eleven laptops disappeared from a storeroom in the city hall annex on Hretska Street. Staff noticed the loss on Monday when preparing machines for new employees.",
            "The council's digital services department said the laptops were new and had not yet been set up, so they held no data about residents. The storeroom door showed no sign of being forced.",
            "The annex's security cameras were switched off during renovation work in October, a council spokesperson confirmed.",
        ],
        None,
        ["city council", "police"],
        ["daryna-koval"],
        20,
    ),
    (
        "news",
        "Hospital No. 2 opens rebuilt maternity ward",
        "The ward, closed for three years, reopened with 40 beds and the region's second neonatal intensive care unit.",
        [
            "The maternity ward at Hospital No. 2 admitted its first patients on Tuesday after a three-year rebuild paid for by the regional health fund and a loan from a European development bank.",
            "The new neonatal unit has eight incubators. Until now, premature babies born on the left bank were taken by ambulance to the regional centre, a journey of more than an hour.",
            "The hospital said it still needed four more neonatal nurses and was offering housing support to recruit them.",
        ],
        (
            "For families on this side of the river, an hour in an ambulance is no longer part of the plan.",
            "Dr. Kateryna Pavlenko, head of the ward",
        ),
        ["health", "hospitals", "left bank"],
        ["maksym-lytvyn"],
        30,
    ),
    (
        "news",
        "Heavy snow closes the Kamianka highway for a night",
        "Drivers spent hours in queues before the road was cleared; the regional road service says it had two ploughs for 60 kilometres.",
        [
            "The highway between Zelenohirsk and Kamianka was closed from eight in the evening until six in the morning after 35 centimetres of snow fell in five hours. Several hundred vehicles were stuck in queues near the Dubove turn.",
            "Volunteers from the Dubove village council handed out tea and blankets. No injuries were reported.",
            "The regional road service admitted it had only two working snowploughs for the stretch and said a third would be repaired by the end of the month.",
        ],
        None,
        ["weather", "roads"],
        ["daryna-koval"],
        52,
    ),
    (
        "news",
        "New air-quality sensors show the worst readings near the bus depot",
        "A network of 30 sensors installed by a university team has published its first month of data.",
        [
            "A month of readings from 30 air-quality sensors across the city show fine-particle levels near the central bus depot are twice the city average on weekday mornings.",
            "The network was built by students and staff at Zelenohirsk Polytechnic with a grant from a civic technology fund. Anyone can see the live readings on the project's public map.",
            "The transport department said the depot's oldest diesel buses would be the first replaced when the new electric fleet arrives next year.",
        ],
        None,
        ["air quality", "environment", "transport"],
        ["maksym-lytvyn"],
        75,
    ),
    (
        "news",
        "Court orders demolition of unfinished tower on Pryrichna Street",
        "The 16-storey frame has stood empty for nine years; the developer went bankrupt in 2018.",
        [
            "The regional commercial court has ruled that the unfinished concrete frame at 40 Pryrichna Street must be taken down by the end of next year, ending a nine-year dispute between the city, the bankrupt developer's creditors and 120 families who paid for flats that were never finished.",
            "Under the ruling, the land will be sold and the proceeds divided among the buyers. Their association said most of them would recover about a third of what they paid.",
            "The council has not said who will pay for the demolition.",
        ],
        (
            "Nine years of our lives are in that concrete.",
            "Lidiia Marchenko, chair of the buyers' association",
        ),
        ["courts", "housing", "construction"],
        ["daryna-koval", "maksym-lytvyn"],
        110,
    ),
    # City
    (
        "city",
        "Tram line 4 extension: what the new route will change",
        "Six new stops will connect the Sadovyi estate to the centre. Construction starts in March and closes two streets.",
        [
            "The long-promised extension of tram line 4 will add 3.8 kilometres of track and six stops between the railway station and the Sadovyi housing estate, home to about 22,000 people.",
            "## Street closures",
            "Vyshneva Street will be closed to cars from March to August while the track is laid. Buses 12 and 17 will be diverted along Mlynova Street.",
            "The transport department estimates that the trip from Sadovyi to the central market will take 19 minutes by tram, down from 35 minutes by bus at rush hour.",
            "The contract was awarded to a consortium of two regional firms for 612 million hryvnias, about 8 percent below the council's estimate.",
        ],
        (
            "People in Sadovyi have been promised this tram since their blocks were built. This time there is a contract and a date.",
            "Deputy mayor Roman Tkachuk",
        ),
        ["tram", "transport", "Sadovyi"],
        ["maksym-lytvyn"],
        4,
    ),
    (
        "city",
        "Where the city's snow-clearing money goes",
        "We followed 52 million hryvnias through three contractors and one very old fleet.",
        [
            "The city pays three contractors to clear snow from 640 kilometres of streets. Their contracts, which the Courier obtained through a public information request, pay by the kilometre cleared, not by the hour.",
            "That, drivers for two of the firms told us, is why main avenues are cleared within hours while side streets wait for days: a kilometre of Sobornyi Avenue pays the same as a kilometre of a winding lane, and takes a quarter of the time.",
            "The council's transport committee will discuss changing the payment terms in January.",
        ],
        None,
        ["snow", "contracts", "city council"],
        ["maksym-lytvyn"],
        26,
    ),
    (
        "city",
        "Lyceum No. 3 gets a new gym after a parents' campaign",
        "The old gym was closed as unsafe in 2022. Parents raised a fifth of the cost and lobbied for the rest.",
        [
            "Pupils at Lyceum No. 3 played their first basketball game in the rebuilt gym on Friday. The old hall was closed three years ago when engineers found cracks in its roof beams.",
            "A parents' group raised 1.9 million hryvnias through bake sales, a concert and an online fundraiser, and then spent a year attending budget meetings until the council agreed to cover the rest.",
            "The new gym is also open to neighbourhood sports clubs in the evenings.",
        ],
        (
            "We learned how a city budget works. It is slower than baking, but it works.",
            "Oksana Verbytska, parents' group organiser",
        ),
        ["schools", "sport", "city council"],
        ["maksym-lytvyn"],
        48,
    ),
    (
        "city",
        "The last ferry: a river crossing counts down its final season",
        "When the new bridge opens, the 60-year-old ferry between Pryrichna and Ostriv will stop running.",
        [
            "Every twenty minutes from six in the morning, the ferry Nadiia carries about 40 passengers and a few bicycles across the Verkhnia. It has done so, with two engine replacements, since 1965.",
            "The new Ostriv bridge is due to open in spring, and the council has said the ferry will stop when it does. Regular passengers have started a petition to keep a weekend service for visitors.",
            "Captain Ivan Hnatiuk has worked on the ferry for 31 years. He says he will miss the morning regulars more than the boat.",
        ],
        None,
        ["river", "transport", "Ostriv"],
        ["iryna-bondar"],
        70,
    ),
    (
        "city",
        "Cycle lanes on Sobornyi Avenue to become permanent",
        "A trial that started last summer doubled the number of cyclists on the avenue. Shop owners are divided.",
        [
            "The protected cycle lanes painted on Sobornyi Avenue as a six-month trial will be rebuilt with kerbs next year, the council's transport committee decided.",
            "Counters installed for the trial recorded an average of 2,300 bicycle trips a day in September, compared with about 1,100 before the lanes existed.",
            "Some shop owners on the avenue say they have lost customers who used to park outside. Others say footfall has risen.",
        ],
        None,
        ["cycling", "transport", "Sobornyi Avenue"],
        ["maksym-lytvyn"],
        96,
    ),
    (
        "city",
        "Sadovyi residents fight to save their courtyard trees",
        "A plan to add 90 parking spaces would remove 14 lime trees planted in the 1980s.",
        [
            "Residents of three blocks on the Sadovyi estate have formed a group to stop a plan to replace their shared courtyard with parking.",
            "The management company says the estate has 400 cars and 210 spaces. The residents say the courtyard is the only shade their children have in summer.",
            "An arborist hired by the residents found all 14 trees healthy. The district council will hold a hearing next month.",
        ],
        (
            "You can build a car park anywhere. You cannot buy forty years of shade.",
            "Resident Mykola Horbenko",
        ),
        ["Sadovyi", "trees", "parking"],
        ["maksym-lytvyn"],
        130,
    ),
    (
        "city",
        "How the city will spend its new flood-defence grant",
        "Half of the 210 million hryvnias will raise the lower embankment; the rest goes to pumps and warning systems.",
        [
            "Zelenohirsk has received a 210-million-hryvnia grant from a national climate adaptation fund, the largest the city has won for flood defence.",
            "The plan raises the lower embankment by 80 centimetres along 1.2 kilometres, installs three new pumping stations on the left bank, and adds river-level sirens that can be heard in every riverside street.",
            "Work on the embankment is due to start after the spring floods, so that it is finished before next autumn.",
        ],
        None,
        ["flood", "Verkhnia river", "infrastructure"],
        ["maksym-lytvyn", "daryna-koval"],
        160,
    ),
    (
        "city",
        "Library on Mlynova Street reopens as a 24-hour study space",
        "Students can now use the reading room through the night with a library card and a door code.",
        [
            "The central library's reading room on Mlynova Street has started opening around the clock during exam season, a first for the city.",
            "Entry after ten in the evening works with a library card and a door code, and a security guard is on duty. In the first week, librarians counted up to 70 people at midnight.",
            "The library plans to keep the night opening from November to February and again in June.",
        ],
        None,
        ["libraries", "students"],
        ["nazar-melnyk"],
        200,
    ),
    # Business
    (
        "business",
        "Valley bakery cooperative buys the old Verkhnia mill",
        "Seventeen family bakeries pooled their savings to buy the flour mill that closed in 2020.",
        [
            "A cooperative of seventeen family bakeries from Zelenohirsk and nearby villages has bought the Verkhnia flour mill, which closed five years ago when its owner moved production abroad.",
            "The bakers plan to restart one of the mill's two lines next autumn, milling grain from farms within 50 kilometres. They say that will cut their flour costs by about a fifth.",
            "The cooperative has hired four of the mill's former workers, including its chief miller, who is coming out of retirement.",
        ],
        (
            "We were all buying the same flour from the same distributor, and all complaining about it. So we stopped complaining.",
            "Hanna Shevchuk, cooperative chair",
        ),
        ["bakeries", "cooperatives", "Verkhnia mill"],
        ["sofia-hrytsenko"],
        6,
    ),
    (
        "business",
        "Software firm Kvitka to hire 200 engineers in Zelenohirsk",
        "The company will open its second office in the former textile factory on Tkatska Street.",
        [
            "Kvitka, a maker of accounting software for small businesses, will open an office for 200 engineers in Zelenohirsk next year, the company's chief executive told the Courier.",
            "The office will take two floors of the converted textile factory on Tkatska Street. Kvitka says it chose the city because of graduates from the Polytechnic and lower rents than in the capital.",
            "The firm will run a paid training programme for 30 Polytechnic students each year.",
        ],
        None,
        ["technology", "jobs", "Polytechnic"],
        ["sofia-hrytsenko"],
        22,
    ),
    (
        "business",
        "Central market traders protest rent rise",
        "The market's operator wants to raise stall rents by 45 percent from January. Traders say many will close.",
        [
            "About 200 traders from the central market gathered outside the city hall on Wednesday to protest a planned 45 percent rise in stall rents.",
            "The market is run by a company in which the city holds a 51 percent stake. Its director said rents had not risen in four years and the roof needs replacing.",
            "Traders have asked the council to publish the company's accounts before any increase takes effect.",
        ],
        (
            "I sell the same honey my mother sold here. At these rents, I will sell it online.",
            "Trader Roksolana Yatsenko",
        ),
        ["central market", "city council", "small business"],
        ["sofia-hrytsenko"],
        44,
    ),
    (
        "business",
        "Solar panels on factory roofs: the valley's quiet boom",
        "Local manufacturers installed more solar capacity this year than the city's entire municipal fleet uses.",
        [
            "Factories in the Verkhnia valley have installed about 14 megawatts of rooftop solar panels this year, according to the regional energy agency, more than in the previous five years together.",
            "Managers at three plants told the Courier the main reason was not cost but reliability: after a year of outages, panels and batteries keep production lines running.",
            "Installers say waiting times for equipment have grown from weeks to months.",
        ],
        None,
        ["energy", "solar", "manufacturing"],
        ["sofia-hrytsenko"],
        90,
    ),
    (
        "business",
        "Family-run shoe factory marks 100 years",
        "Chobit & Sons has survived two wars, nationalisation and the arrival of cheap imports.",
        [
            "Chobit & Sons opened its first workshop on Shevska Street in 1926. A century later, the fourth generation of the family runs a factory that makes 60,000 pairs of shoes a year.",
            "The company was nationalised in 1940 and returned to the family in 1993. Its current director, Marta Chobit, says the firm survived the import flood of the 2000s by making work boots nobody else wanted to make.",
            "The factory will open its doors to visitors for one weekend in December.",
        ],
        None,
        ["manufacturing", "family business", "history"],
        ["sofia-hrytsenko"],
        140,
    ),
    (
        "business",
        "Rents for flats rise 12 percent in a year",
        "Analysis of 3,000 listings shows the sharpest increases near the Polytechnic and the new tram stops.",
        [
            "The median asking rent for a one-room flat in Zelenohirsk has risen 12 percent in a year, according to a Courier analysis of about 3,000 listings on two property websites.",
            "The steepest rises are near the Polytechnic campus and along the planned route of the tram extension, where landlords are already advertising flats as 'two minutes from the future tram'.",
            "Rents on the left bank rose more slowly, by about 6 percent.",
        ],
        None,
        ["housing", "rents", "data"],
        ["sofia-hrytsenko", "maksym-lytvyn"],
        180,
    ),
    (
        "business",
        "Brewery on the river turns spent grain into dog biscuits",
        "A start-up collects 3 tonnes of spent grain a week from the Ostriv brewery.",
        [
            "Every Monday, a van from a two-person start-up called Zerno collects three tonnes of spent grain from the Ostriv brewery. By Friday, part of it has become dog biscuits sold in 40 pet shops.",
            "The founders, both former chefs, say the brewery used to pay to have the grain taken away. Now it is paid a small fee instead.",
            "Zerno is raising money to buy a second oven.",
        ],
        None,
        ["start-ups", "food", "Ostriv"],
        ["sofia-hrytsenko"],
        230,
    ),
    (
        "business",
        "Regional airport to resume flights after five-year pause",
        "Two routes will start in the spring, subject to the final safety inspection.",
        [
            "The Zelenohirsk regional airport will resume passenger flights in April, the regional administration announced, with two routes operated by a small regional carrier.",
            "The runway was resurfaced last year. The terminal, closed since 2020, is being refitted.",
            "Tickets will go on sale once the aviation authority completes its inspection, expected in February.",
        ],
        None,
        ["airport", "transport", "tourism"],
        ["sofia-hrytsenko"],
        270,
    ),
    # Opinion
    (
        "opinion",
        "Our city keeps paving over its river. It should stop",
        "Every generation of planners has treated the Verkhnia as a problem to be contained. It is the best thing we have.",
        [
            "When my grandfather was a boy, the Verkhnia had beaches. When I was one, it had a concrete wall. My students grew up with a car park between them and the water.",
            "Each of these decisions had a reason: floods, roads, money. Together they turned the river into something the city turns its back on.",
            "The new flood-defence grant is a chance to do it differently. An embankment can be a wall. It can also be a park that floods safely twice a year.",
            "The council has until spring to choose. It should ask the people who walk by the river, not only the people who drive past it.",
        ],
        ("A river is not a drainage problem with a view.", None),
        ["Verkhnia river", "urban planning", "flood"],
        ["oleh-savchuk"],
        12,
    ),
    (
        "opinion",
        "Why we publish our budget every year",
        "A reader-funded newsroom owes its readers the same openness it asks of the council.",
        [
            "Every January, the Courier publishes what it earned and what it spent the year before, down to the last hryvnia. This week we are doing it for the fourth time.",
            "Last year, 71 percent of our income came from members, 14 percent from grants and 15 percent from events and advertising on our newsletters. We spent 78 percent of it on salaries, almost all of them for reporters and editors.",
            "We ask the city to publish its contracts. It would be strange not to publish our own numbers.",
        ],
        None,
        ["Courier", "transparency", "membership"],
        ["daryna-koval"],
        36,
    ),
    (
        "opinion",
        "The tram extension is good news. Don't let it become a land grab",
        "Rising rents along the new route show why the city needs a plan for who gets to live near the tram.",
        [
            "The tram is coming to Sadovyi, and it will make thousands of lives easier. But the people who have waited longest for it may not be able to afford to stay.",
            "Cities that built new lines without a housing plan watched rents double along them within a decade. Zelenohirsk owns land next to three of the six new stops. It should keep some of it for affordable homes.",
            "A tram is public money. Its benefits should not all end up in private rents.",
        ],
        None,
        ["tram", "housing", "Sadovyi"],
        ["oleh-savchuk"],
        60,
    ),
    (
        "opinion",
        "Letter: the ferry is not nostalgia, it is a bus that floats",
        "A reader from Ostriv on why the weekend ferry matters to people who do not drive.",
        [
            "Your report on the ferry's last season called it a piece of the city's history. For me it is how I get to the market.",
            "The new bridge is two kilometres downstream. For someone who walks with a stick, that is the difference between going to the market and not.",
            "Keep the ferry, at least on market days. It costs less than the bridge's lighting.",
        ],
        None,
        ["letters", "river", "Ostriv"],
        ["oleh-savchuk"],
        100,
    ),
    (
        "opinion",
        "What the missing laptops tell us about city hall",
        "The theft itself is small. The switched-off cameras and the silence afterwards are not.",
        [
            "Eleven laptops are not a scandal. A storeroom with no working cameras for two months, and a week's delay before anyone told the police, is a habit.",
            "City hall holds the records of every resident, every permit and every contract. Residents deserve to know who checks how that information is kept.",
            "The council should publish the findings of its internal review in full, not a summary.",
        ],
        None,
        ["city council", "police", "transparency"],
        ["oleh-savchuk"],
        150,
    ),
    (
        "opinion",
        "In praise of the boring council meeting",
        "The most important decisions in Zelenohirsk are made at 4 p.m. on a Tuesday in a room with bad chairs.",
        [
            "Nobody has ever made a film about a committee on road maintenance. And yet that committee decides whether your street is cleared of snow before your bus comes.",
            "Our reporters sit through these meetings so that you can read about them in five minutes. But the room is open to anyone, and the chairs, while bad, are free.",
            "Go once. You will understand your city differently.",
        ],
        None,
        ["city council", "democracy"],
        ["oleh-savchuk"],
        210,
    ),
    (
        "opinion",
        "A school roof should not need a viral photo",
        "Parents at Lyceum No. 7 won repairs by embarrassing the council. The next school should not have to.",
        [
            "It took photographs of buckets in a corridor, shared thousands of times, for the council to find 38 million hryvnias for school roofs. The money was always there; the priority was not.",
            "The city should publish the condition survey of every school building and repair them in order of need, not in order of how angry the parents are.",
            "Good budgeting is not about who shouts loudest.",
        ],
        None,
        ["schools", "budget"],
        ["oleh-savchuk"],
        250,
    ),
    (
        "opinion",
        "Ten years of the Courier: what we got wrong",
        "An editor's note on our mistakes, and what we changed because of them.",
        [
            "This month the Courier turns ten. Anniversaries invite self-praise, so here instead is a list of things we got wrong.",
            "We were too slow to correct a story about the water utility in 2019, and we now publish corrections at the top of the story, with a date. We relied too much on officials as sources in our first years, and we now ask every reporter to talk to at least one person affected by a decision.",
            "We will keep getting things wrong. We promise to keep saying so.",
        ],
        None,
        ["Courier", "corrections", "journalism"],
        ["daryna-koval"],
        300,
    ),
    # Culture
    (
        "culture",
        "Ostriv Theatre's new season opens with a play about the flood of 1969",
        "The production uses recordings of survivors interviewed by local students.",
        [
            "The Ostriv Theatre opened its season on Saturday with 'High Water', a play built from interviews with people who lived through the flood of 1969, when the Verkhnia covered half of the left bank.",
            "Students from Lyceum No. 3 recorded the interviews two years ago for a history project. The director, Yuliia Prokopenko, heard them at a school event and asked to use them.",
            "Several of the interviewees were in the audience on opening night.",
        ],
        (
            "I was nine, sitting on the roof with my cat. Tonight I watched an actress sit on that roof.",
            "Survivor Ivanna Kostiuk, 65",
        ),
        ["theatre", "history", "flood"],
        ["nazar-melnyk"],
        8,
    ),
    (
        "culture",
        "The city's best poppy-seed rolls, ranked",
        "Our culture editor visited 23 bakeries in two weeks. Somebody had to.",
        [
            "The rules were simple: one roll, bought before ten in the morning, eaten on the spot. Points for the ratio of filling to dough, for crust, and for whether the baker would tell me the secret. None did.",
            "## The top three",
            "First place goes to the tiny Shevchuk bakery on Tkatska Street, whose rolls are almost more filling than dough. Second to the cooperative stall at the central market. Third, to my surprise, to the petrol station on the Kamianka highway.",
            "The full list of 23, with prices, is at the end of this article. I will not be eating poppy seeds again until spring.",
        ],
        None,
        ["food", "bakeries"],
        ["nazar-melnyk"],
        28,
    ),
    (
        "culture",
        "A new museum of everyday objects opens in a former bathhouse",
        "Four thousand items donated by residents tell the story of the city's kitchens, schools and workplaces.",
        [
            "The Museum of Ordinary Things opened on Saturday in the restored 19th-century bathhouse on Hretska Street. Its collection was donated entirely by residents, after an appeal on local radio two years ago.",
            "Among the exhibits: a 1950s school satchel, a telephone from the old post office, and a wedding dress sewn from a parachute.",
            "Entry is free on the first Sunday of every month.",
        ],
        None,
        ["museums", "history"],
        ["nazar-melnyk", "iryna-bondar"],
        54,
    ),
    (
        "culture",
        "Review: 'The Miller's Daughters' is the novel this city deserved",
        "Zelenohirsk-born author Vira Antonenko writes the Verkhnia mill's century through three generations of women.",
        [
            "Vira Antonenko's third novel begins in 1924, when a girl hides in the Verkhnia mill during a grain requisition, and ends in 2020, on the day the mill closes.",
            "It is a book about work, about what people keep and what they are forced to give up, and about a river that floods and recedes through every chapter.",
            "Readers who know the city will recognise every street. Readers who don't will want to visit.",
        ],
        None,
        ["books", "reviews", "Verkhnia mill"],
        ["nazar-melnyk"],
        80,
    ),
    (
        "culture",
        "Street musicians get a licence system, and a stage",
        "The council replaced fines with free permits and built a small stage at the river steps.",
        [
            "Street musicians in Zelenohirsk no longer risk a fine for playing without permission. Since October, a free permit, issued online in minutes, lets them play at eight marked spots in the centre.",
            "The council has also built a small covered stage at the river steps that musicians can book by the hour.",
            "Some residents of Hretska Street have complained about noise after nine in the evening; the permits now end at 21:00.",
        ],
        None,
        ["music", "city council"],
        ["nazar-melnyk"],
        120,
    ),
    (
        "culture",
        "Winter festival returns to the central square",
        "Ice rink, craft market and a lantern parade along the river on the last Saturday of December.",
        [
            "The winter festival returns to the central square from 18 December to 8 January, with an ice rink, a craft market and, for the first time, a lantern parade along the embankment.",
            "Schools and community groups are making the lanterns. The parade will start at the river steps at five in the evening on 27 December.",
            "The organisers are looking for volunteers to help on the market stalls.",
        ],
        None,
        ["festival", "winter", "central square"],
        ["nazar-melnyk"],
        170,
    ),
    (
        "culture",
        "Polytechnic students build a synthesiser from old telephone parts",
        "The instrument, made from parts of the city's last analogue exchange, will play at the winter festival.",
        [
            "When the city's last analogue telephone exchange was dismantled in the spring, a group of Polytechnic students asked for the relays and switches.",
            "Eight months later they have built a synthesiser the size of a wardrobe that clicks, hums and, with practice, plays recognisable tunes.",
            "It will perform at the winter festival on 20 December.",
        ],
        None,
        ["music", "Polytechnic", "technology"],
        ["nazar-melnyk"],
        220,
    ),
    (
        "culture",
        "Photographer's archive reveals the city in the 1970s",
        "Ten thousand negatives found in an attic are being scanned by volunteers.",
        [
            "When Taras Yurchenko's grandchildren cleared his attic last year, they found ten thousand negatives: streets, shop windows, weddings and floods in Zelenohirsk between 1968 and 1981.",
            "Volunteers at the central library have scanned about a third of them. The first 200 prints go on show at the library in January.",
            "The library asks anyone who recognises people in the photographs to get in touch.",
        ],
        None,
        ["photography", "history", "libraries"],
        ["iryna-bondar", "nazar-melnyk"],
        290,
    ),
]
ARTICLES = [Story(*row) for row in _ARTICLES]

# A story held back for the morning, and one a contributor has submitted for review.
SCHEDULED = Story(
    "news",
    "Council to publish all contracts online from January",
    "A new register will list every contract over 50,000 hryvnias within five days of signing.",
    [
        "From January, the city will publish every contract above 50,000 hryvnias in an online register within five working days of signing, the mayor's office announced.",
        "Transparency groups have asked for the register since 2016. The council says it will also publish contracts from the past three years.",
    ],
    None,
    ["city council", "transparency", "contracts"],
    ["maksym-lytvyn"],
    0,
)
IN_REVIEW = Story(
    "city",
    "Night buses to run on Fridays and Saturdays",
    "Two routes will run until 2 a.m. from the central square, starting in the new year.",
    [
        "Two night bus routes will run on Fridays and Saturdays from January, linking the central square with Sadovyi and the left bank until two in the morning.",
        "The service is a six-month trial. The transport department will count passengers before deciding whether to keep it.",
    ],
    None,
    ["transport", "night buses"],
    ["maksym-lytvyn"],
    0,
)

# Short clips made by ffmpeg when the demo loads (demo/videos.py), with these captions:
# (start, end in seconds, text).
VIDEOS = [
    Video(
        "Flood season on the Verkhnia, from the air",
        "Drone footage of the lower embankment as the river reached its spring high-water mark.",
        6,
        [
            (0.3, 2.1, "Dawn over the lower embankment. The Verkhnia is at 3.2 metres."),
            (2.1, 4.0, "Overnight, crews laid about 4,000 sandbags along 600 metres of wall."),
            (4.0, 5.8, "The river is expected to peak on Thursday, below the 2019 record."),
        ],
    ),
    Video(
        "Inside the Verkhnia mill before it restarts",
        "A walk through the 1912 flour mill with the miller who is coming out of retirement.",
        6,
        [
            (0.3, 2.1, "The rollers have been still since 2020. The belts are new."),
            (2.1, 4.0, "“I know every sound this building makes,” says the chief miller."),
            (4.0, 5.8, "The first line restarts next autumn, with grain from nearby farms."),
        ],
    ),
    Video(
        "How a tram line is built",
        "From survey to first ride: the tram 4 extension explained with the engineers who plan it.",
        6,
        [
            (0.3, 2.1, "Surveyors mark 3.8 kilometres of new track to Sadovyi."),
            (2.1, 4.0, "Rails are laid on a concrete slab that keeps the noise down."),
            (4.0, 5.8, "Six new stops, and 19 minutes from Sadovyi to the market."),
        ],
    ),
]

# The Ukrainian edition (/uk/): what is translated, and stories written for it.
UK_EDITION: dict[str, Any] = {
    "home": "Головна",
    # The page in the English structure: (title, intro).
    "pages": {
        "news": ("Новини", "Що сталося в Зеленогірську сьогодні, перевірено й пояснено."),
        "city": ("Місто", "Вулиці, транспорт, школи та рішення міськради, що за ними стоять."),
        "culture": ("Культура", "Театр, книжки, музика та їжа в усьому місті."),
        "news_feed": ("Стрічка новин", "Усі наші матеріали, від найновіших."),
        "authors": (
            "Наші журналісти",
            "Люди, які пишуть, редагують і фотографують для «Кур'єра».",
        ),
        "tags": ("Теми", ""),
    },
    # slug: (name, role, bio)
    "authors": {
        "daryna-koval": (
            "Дарина Коваль",
            "Редакторка новин",
            "Дарина керує відділом новин «Кур'єра». До того вісім років писала про суди "
            "й обласну раду для інформаційної агенції.",
        ),
        "maksym-lytvyn": (
            "Максим Литвин",
            "Міський репортер",
            "Максим пише про транспорт, житло й міський бюджет. Він читає кожну таблицю "
            "міськради, щоб читачам не доводилося.",
        ),
        "nazar-melnyk": (
            "Назар Мельник",
            "Редактор відділу культури",
            "Назар рецензує вистави й книжки та веде список усіх пекарень міста, "
            "упорядкований за якістю булочок з маком.",
        ),
    },
    "photographers": ["Ірина Бондар / «Кур'єр»", "Петро Кушнір / «Кур'єр»"],
}

# (slug, story, the English story it translates or None)
UK_ARTICLES = [
    (
        "verkhnia-pidnialasia-na-dva-tyzhni-ranishe",
        Story(
            "news",
            "Верхня досягла весняної позначки на два тижні раніше",
            "Рятувальники вночі перенесли мішки з піском на нижню набережну: за добу вода "
            "піднялася на 40 сантиметрів.",
            [
                "Рівень Верхньої біля водомірного поста на Прирічній перевищив 3,2 метра невдовзі після півночі. Саме з цієї позначки місто відлічує сезон повеней. Торік річка дійшла до неї лише наприкінці квітня.",
                "Бригади міської аварійної служби всю ніч закривали прогалини в нижній стіні набережної біля старої зернової пристані. До ранку вздовж 600 метрів берега лягло близько чотирьох тисяч мішків.",
                "## Що робити мешканцям",
                "Міськрада просить мешканців Набережної та Рибальської вулиць відігнати автівки від берега й тримати вікна підвалів зачиненими. Школи на лівому березі працюють як завжди.",
                "Гідрологи обласного центру погоди очікують піку в четвер, приблизно на 30 сантиметрів нижче від рекорду 2019 року.",
            ],
            (
                "Ми робили це багато разів. Нове тільки те, як рано це тепер починається.",
                "Василь Даниленко, начальник міської аварійної служби",
            ),
            ["повінь", "Верхня"],
            ["daryna-koval"],
            2,
        ),
        next(story for story in ARTICLES if story.headline.startswith("Verkhnia river reaches")),
    ),
    (
        "nichnyi-punkt-obihrivu-na-sadovii",
        Story(
            "news",
            "На лівому березі відкрили нічний пункт обігріву",
            "Пункт у колишній бібліотеці на Садовій працюватиме щоночі до кінця березня.",
            [
                "Міська соціальна служба відкрила нічний пункт обігріву в приміщенні колишньої бібліотеки на Садовій вулиці. Тут є гарячий чай, розетки для заряджання телефонів і тридцять розкладних ліжок.",
                "Торік такий пункт був лише на правому березі, і мешканцям Садового доводилося їхати через міст. Після публікації «Кур'єра» депутати знайшли гроші на другий.",
                "Пункт працюватиме щодня з восьмої вечора до восьмої ранку. Волонтерів, готових чергувати, просять зареєструватися в соціальній службі.",
            ],
            None,
            ["соціальна допомога", "Садовий"],
            ["daryna-koval"],
            7,
        ),
        None,
    ),
    (
        "tramvai-4-pershi-tyzhni",
        Story(
            "city",
            "Четвертий трамвай до Садового: перші три тижні",
            "Пасажирів більше, ніж рахувало місто, а кінцева зупинка досі без навісу.",
            [
                "За перші три тижні новою гілкою четвертого трамвая проїхали понад 140 тисяч пасажирів. Транспортний департамент розраховував на сто тисяч.",
                "У години пік вагони від центрального ринку до Садового йдуть заповненими, тож перевізник обіцяє з грудня додати два ранкові рейси.",
                "## Що ще не готово",
                "Кінцева зупинка досі без навісу й табло. Підрядник каже, що конструкції привезуть до середини грудня.",
            ],
            (
                "Раніше я їхала з пересадкою сорок хвилин, тепер — двадцять.",
                "Оксана Левченко, мешканка Садового",
            ),
            ["трамвай", "транспорт"],
            ["maksym-lytvyn"],
            20,
        ),
        None,
    ),
    (
        "dvir-na-tkatskii-maidanchyk",
        Story(
            "city",
            "Двір на Ткацькій: сусіди самі полагодили дитячий майданчик",
            "Мешканці зібрали 62 тисячі гривень і за два вихідні поставили гойдалки, які "
            "місто обіцяло три роки.",
            [
                "Стару гойдалку на Ткацькій, 9 зняли ще 2023 року, коли в неї тріснула опора. Відтоді управитель будинку щовесни відповідав, що заміна в плані.",
                "Цієї осені мешканці трьох будинків скинулися у спільну скриньку, а батько двох дітей із третього під'їзду, зварювальник за фахом, зробив нові опори сам.",
                "Міськрада обіцяє компенсувати частину витрат, якщо майданчик пройде перевірку на безпечність. Перевірку призначили на наступний тиждень.",
            ],
            None,
            ["двори", "Ткацька вулиця"],
            ["maksym-lytvyn"],
            30,
        ),
        None,
    ),
    (
        "teatr-povertaie-velyku-scenu",
        Story(
            "culture",
            "Міський театр повертається на велику сцену",
            "Прем'єра на оновленій сцені — 12 грудня. Квитки на перші три вистави розкупили "
            "за день.",
            [
                "Після півтора року ремонту Зеленогірський міський театр знову відкриває велику сцену. Першою виставою стане «Сім мостів» — п'єса місцевої авторки Ніни Гайової про родину перевізників на Верхній.",
                "Під час ремонту замінили механіку сцени, крісла в партері й вентиляцію, яку актори роками називали головним суперником будь-якої тиші в залі.",
                "Театр обіцяє в січні додати денні покази для школярів.",
            ],
            (
                "Ми нарешті граємо там, де глядач чує шепіт з останнього ряду.",
                "Артем Кравець, режисер",
            ),
            ["театр", "культура"],
            ["nazar-melnyk"],
            12,
        ),
        None,
    ),
    (
        "bulochky-z-makom-reityng",
        Story(
            "culture",
            "Булочки з маком: новий рейтинг пекарень",
            "Щорічний список змінився: нова переможниця працює лише з шостої до одинадцятої ранку.",
            [
                "Уже четвертий рік я обходжу пекарні Зеленогірська з одним питанням: скільки маку в булочці з маком. Цього року в списку двадцять три адреси, на три більше, ніж торік.",
                "Перше місце — маленька пекарня біля зупинки «Річковий вокзал». Вона відчиняється о шостій і зачиняється, щойно закінчується тісто, зазвичай близько одинадцятої.",
                "Друге — кооперативний прилавок на центральному ринку. Третє, на мій подив, знову заправка на Кам'янському шосе.",
            ],
            None,
            ["їжа", "культура"],
            ["nazar-melnyk"],
            40,
        ),
        None,
    ),
]
