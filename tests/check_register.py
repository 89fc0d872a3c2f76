"""A small register for the claim-checking tests (issue 5): a dozen deals as SIPRI records them
(designations, comments and years from the trade register), with invented TIV volumes so that
shares come out round. Import it and call ``build(path)``."""

from __future__ import annotations

from datetime import datetime

from armswatch import db
from armswatch.parties import registry
from armswatch.store.load import write_parties

# deal_id, supplier, recipient, order_year, number_ordered, designation, category, delivery_years,
# comments, TIV per delivery year
DEALS = [
    ("d-pantsyr-mm", "Russia", "Myanmar", 2021, None, "96K9 Pantsyr-S1", "Air defence systems", [],
     None, 0),
    ("d-57e6-mm", "Russia", "Myanmar", 2021, None, "57-E6", "Missiles", [],
     "For Pantsyr AD systems", 0),
    ("d-su30-mm", "Russia", "Myanmar", 2018, 6, "Su-30MK", "Aircraft", [2022, 2023, 2024],
     "$200 m deal; Su-30SME version", 50),
    ("d-yak-mm", "Russia", "Myanmar", 2018, 8, "Yak-130", "Aircraft", [2018, 2019], None, 25),
    ("d-ftc-mm", "China", "Myanmar", 2015, 100, "K-8 Karakorum-8", "Aircraft", [2016, 2017],
     "Invented volume", 150),
    ("d-jf17-mm", "China", "Myanmar", 2015, 6, "JF-17 Thunder", "Aircraft", [2018, 2019],
     "Incl 2 JF-17B trainer/combat version", 50),
    ("d-kilo-mm", "India", "Myanmar", 2019, 1, "Project-877E", "Ships", [2020],
     "Second-hand but modernized before delivery", 0),
    ("d-hq22-rs", "China", "Serbia", 2020, 3, "HQ-22", "Air defence systems", [2022, 2023],
     "FK-3 version", 10),
    ("d-aks-ao", "Turkiye", "Angola", 2022, 3, "Aksungur", "Aircraft", [], None, 0),
    ("d-m41-th", "United States", "Thailand", 1962, 200, "M-41 Walker Bulldog", "Armoured vehicles",
     [1964, 1965, 1966, 1967], "Second-hand", 5),
    ("d-vt4-th", "China", "Thailand", 2016, 60, "VT-4", "Armoured vehicles",
     [2017, 2018, 2019, 2023], None, 20),
    ("d-mi17-in", "Soviet Union", "India", 1984, 40, "Mi-17", "Aircraft", [1985, 1986],
     "Mi-8MT version", 30),
]


def build(path) -> None:
    """Create a database at ``path`` holding only this register (release 1, classic)."""
    con = db.connect(path, seed=False)
    write_parties(con, registry())
    deliveries = sum(len(d[7]) for d in DEALS)
    con.execute("INSERT INTO releases VALUES (1, 'classic', 'test-register.csv', 'sha-test', ?, "
                "NULL, ?, ?, ?, 0, 'Source: SIPRI Arms Transfers Database (test slice)', NULL)",
                [datetime(2025, 3, 13), datetime(2025, 3, 14), len(DEALS), deliveries])
    for (deal_id, supplier, recipient, order_year, number, designation, category, years,
         comments, tiv) in DEALS:
        con.execute("INSERT INTO deals VALUES (1, ?, ?, ?, ?, false, ?, false, ?, NULL, ?, ?, "
                    "false, ?, 'New', ?, NULL, NULL, ?, 'sipri', NULL)",
                    [deal_id, supplier, recipient, order_year, number, designation, category,
                     number if years else 0, years, comments, tiv * len(years)])
        for year in years:
            con.execute("INSERT INTO deliveries VALUES (1, ?, ?, ?, ?, ?, NULL, ?, false)",
                        [deal_id, supplier, recipient, category, year, tiv])
    con.close()
