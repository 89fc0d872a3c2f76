"""SIPRI's terms for its data, written once (issue 20). NOTICE.md, README, `armswatch info`, the web
footer, the API's headers and downloads all read them from here.

Sources, quoted where the words are SIPRI's:
- Arms Transfers Database user rules (sipri.org/contents/armstrad/user_rules.html): (i) download
  and cite "provided attribution to SIPRI in a source credit-line is given", which "should include
  the phrase" below; (ii) calculations "should not be attributed to SIPRI"; (iii) no commercial use
  "unless specific agreement has been sought and obtained from the SIPRI Arms Transfers Project".
- SIPRI's terms and conditions of use (sipri.org/databases/terms): all rights reserved; "fair use"
  is non-commercial use *and* "the reproduction of less than 10 per cent of a published data set"
  ("Both the above conditions must apply").
- The Milex workbook's front page (SIPRI-Milex-data-1949-2024.xlsx): free for non-commercial use if
  SIPRI is cited and "no more than 10% of the entire dataset is reproduced" (10% = 3,500 units of
  data); anything more needs SIPRI's permission (milap@sipri.org).
"""

from __future__ import annotations

ARMS_CREDIT = "Information from the SIPRI Arms Transfers Database, URL <http://armstrade.sipri.org/>"
MILEX_CREDIT = "SIPRI Military Expenditure Database {year}, https://www.sipri.org/databases/milex"

USER_RULES_URL = "https://www.sipri.org/contents/armstrad/user_rules.html"
TERMS_URL = "https://www.sipri.org/databases/terms"
DOWNLOAD_URL = "https://armstransfers.sipri.org/"  # SIPRI's web application (trade registers)
MILEX_URL = "https://www.sipri.org/databases/milex"

# Said wherever SIPRI's data is missing (issue 20): the code comes without it.
GET_DATA = ("armswatch's code comes without SIPRI's data (docs/data.md). Get it: `armswatch update` "
            "fetches SIPRI's current trade register; or download a trade register (CSV) from SIPRI's "
            f"Arms Transfers Database, {DOWNLOAD_URL}, and run `armswatch import FILE`; or install "
            "the data package armswatch-data-sipri (`make install` does, from packages/).")

# The five points, each a sentence; TERMS joins them (footers, headers, `info`).
CREDIT = f"Credit SIPRI as it asks: '{ARMS_CREDIT}'."
NON_COMMERCIAL = "No commercial use of SIPRI's data without SIPRI's agreement."
FAIR_USE = ("SIPRI's fair use is non-commercial use reproducing less than 10 per cent of a "
            "published data set; all other rights are reserved.")
NOT_SIPRI = "Calculations are not attributed to SIPRI."
CODE_ONLY = "armswatch's MIT licence covers the code only, not SIPRI's data."
POINTS = (CREDIT, NON_COMMERCIAL, FAIR_USE, NOT_SIPRI, CODE_ONLY)
TERMS = f"SIPRI's terms: {' '.join(POINTS)} ({TERMS_URL})"


def terms_markdown(milex_year: int | None = None) -> str:
    """The terms as a NOTICE section: what SIPRI asks, and what it means for the bundled copy."""
    milex = MILEX_CREDIT.format(year=milex_year or "")
    return "\n".join([
        "## SIPRI's terms",
        "",
        f"- Credit line SIPRI asks for (Arms Transfers Database user rules, {USER_RULES_URL}): "
        f"'{ARMS_CREDIT}'. For the Milex workbook: '{milex}'.",
        f"- {NON_COMMERCIAL[:-1]} (user rules iii; for the Milex workbook SIPRI's permission, "
        "milap@sipri.org).",
        f"- {FAIR_USE[:-1]} ({TERMS_URL}; the Milex workbook's front page: no more than 10% of "
        "the entire dataset, defined as 3,500 units of data).",
        f"- {NOT_SIPRI} Figures armswatch computes (shares, splits, fact sheets, diffs) are "
        "armswatch's, from SIPRI's data (user rules ii).",
        f"- {CODE_ONLY} This data package holds the whole trade register and the whole Milex "
        "workbook, more than SIPRI's 10% fair-use share: passing it on goes beyond fair use and "
        "needs SIPRI's agreement. Without it, armswatch fetches SIPRI's data for its user "
        "(`armswatch update`, or `armswatch import` of a file downloaded from SIPRI). See "
        "docs/data.md.",
        "",
    ])
