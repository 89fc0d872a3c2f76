"""Regenerate src/armswatch/parties/parties.csv from the tables below and check it.

    python scripts/build_parties.py            # write the CSV, then check it
    python scripts/build_parties.py --check    # check only; the CSV must be what it would write

The tables below are the source of truth (docs/parties.md explains the choices). The check needs
only the project and SIPRI's files in DATA_DIR (default /work/shared/data, option --data):

- every party name of the register (sipri/trade-register-1950-2024.csv) has a row, and every name of
  the China register, the API export and the per-year JSON, and every country of the Milex workbook
  (milex/SIPRI-Milex-data-1949-2024.xlsx, read by armswatch's own reader), resolves to a party; no
  two Milex countries resolve to one party;
- every state has an ISO alpha-3 code and a COW code; non-states have neither; every non-state group
  has a host state that is a state of the table; regions and subregions are SIPRI's;
- an alias or demonym belongs to one row only, and no alias is another row's name (compared as the
  registry compares names: armswatch.parties.fold);
- every state that exists today has a demonym, except the ones listed in NO_DEMONYM;
- the regions of the Milex countries equal the workbook's.

When the generation-only packages are installed (pip install country_converter==1.3.2
pycountry==26.2.16 countrycode==0.6.0), the codes are also checked against them: the ISO codes
against pycountry (ISO 3166-1 and 3166-3), the COW codes against countrycode's codelist (cown), the
names against country_converter's regular expressions. Nothing at run time needs them.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from collections import defaultdict
from pathlib import Path

from armswatch.parties import Parties, _row, fold

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "armswatch" / "parties" / "parties.csv"
DEFAULT_DATA = Path("/work/shared/data")
HEADER = ["name", "kind", "iso3", "cow", "region", "subregion", "host_state", "aliases", "demonyms"]

# SIPRI's regions and subregions (the Milex workbook writes "Asia & Oceania" and
# "sub-Saharan Africa", and gives the Middle East no subregion).
SUBREGIONS = {
    "NAF": ("Africa", "North Africa"),
    "SSA": ("Africa", "Sub-Saharan Africa"),
    "CAC": ("Americas", "Central America and the Caribbean"),
    "NAM": ("Americas", "North America"),
    "SAM": ("Americas", "South America"),
    "CAS": ("Asia and Oceania", "Central Asia"),
    "EAS": ("Asia and Oceania", "East Asia"),
    "OCE": ("Asia and Oceania", "Oceania"),
    "SAS": ("Asia and Oceania", "South Asia"),
    "SEA": ("Asia and Oceania", "South East Asia"),
    "CEU": ("Europe", "Central Europe"),
    "EEU": ("Europe", "Eastern Europe"),
    "WEU": ("Europe", "Western Europe"),
    "MEA": ("Middle East", "Middle East"),
}
MILEX_REGION = {"Asia & Oceania": "Asia and Oceania"}
MILEX_SUBREGION = {"sub-Saharan Africa": "Sub-Saharan Africa", None: "Middle East"}

# States: name, ISO alpha-3, COW ccode, subregion, aliases, demonyms (";"-separated).
# COW codes of 1000 and more are this project's placeholders for parties COW does not code
# (docs/parties.md): the COW code of the state the territory lies in or broke from, and one digit.
# XBI, XKT and XNC are placeholders in ISO's user-assigned range (like Kosovo's XKX).
STATES = [
    ("Afghanistan", "AFG", 700, "SAS",
     "Islamic Republic of Afghanistan;Islamic Emirate of Afghanistan", "Afghan"),
    ("Albania", "ALB", 339, "CEU", "", "Albanian"),
    ("Algeria", "DZA", 615, "NAF", "", "Algerian"),
    ("Angola", "AGO", 540, "SSA", "", "Angolan"),
    ("Antigua and Barbuda", "ATG", 58, "CAC", "Antigua", "Antiguan;Barbudan"),
    ("Argentina", "ARG", 160, "SAM", "", "Argentine;Argentinian"),
    ("Armenia", "ARM", 371, "EEU", "", "Armenian"),
    ("Aruba", "ABW", 2101, "CAC", "", "Aruban"),
    ("Australia", "AUS", 900, "OCE", "", "Australian"),
    ("Austria", "AUT", 305, "WEU", "", "Austrian"),
    ("Azerbaijan", "AZE", 373, "EEU", "", "Azerbaijani;Azeri"),
    ("Bahamas", "BHS", 31, "CAC", "The Bahamas;Bahamas, The", "Bahamian"),
    ("Bahrain", "BHR", 692, "MEA", "", "Bahraini"),
    ("Bangladesh", "BGD", 771, "SAS", "", "Bangladeshi"),
    ("Barbados", "BRB", 53, "CAC", "", "Barbadian;Bajan"),
    ("Belarus", "BLR", 370, "EEU", "Byelorussia;Belorussia", "Belarusian;Belarussian"),
    ("Belgium", "BEL", 211, "WEU", "", "Belgian"),
    ("Belize", "BLZ", 80, "CAC", "British Honduras", "Belizean"),
    ("Benin", "BEN", 434, "SSA", "Dahomey", "Beninese"),
    ("Bhutan", "BTN", 760, "SAS", "", "Bhutanese"),
    ("Biafra", "XBI", 4751, "SSA", "Republic of Biafra", "Biafran"),
    ("Bolivia", "BOL", 145, "SAM", "Plurinational State of Bolivia", "Bolivian"),
    ("Bosnia-Herzegovina", "BIH", 346, "CEU", "Bosnia and Herzegovina;Bosnia", "Bosnian"),
    ("Botswana", "BWA", 571, "SSA", "", "Botswanan;Motswana;Batswana"),
    ("Brazil", "BRA", 140, "SAM", "", "Brazilian"),
    ("Brunei", "BRN", 835, "SEA", "Brunei Darussalam", "Bruneian"),
    ("Bulgaria", "BGR", 355, "CEU", "", "Bulgarian"),
    ("Burkina Faso", "BFA", 439, "SSA", "Upper Volta;Burkina", "Burkinabe"),
    ("Burundi", "BDI", 516, "SSA", "", "Burundian"),
    ("Cabo Verde", "CPV", 402, "SSA", "Cape Verde", "Cape Verdean;Cabo Verdean"),
    ("Cambodia", "KHM", 811, "SEA", "Kampuchea;Khmer Republic", "Cambodian"),
    ("Cameroon", "CMR", 471, "SSA", "", "Cameroonian"),
    ("Canada", "CAN", 20, "NAM", "", "Canadian"),
    ("Central African Republic", "CAF", 482, "SSA", "CAR;Central African Empire",
     "Central African"),
    ("Chad", "TCD", 483, "SSA", "", "Chadian"),
    ("Chile", "CHL", 155, "SAM", "", "Chilean"),
    ("China", "CHN", 710, "EAS", "PRC;People's Republic of China;Mainland China", "Chinese"),
    ("Colombia", "COL", 100, "SAM", "", "Colombian"),
    ("Comoros", "COM", 581, "SSA", "Comoro Islands", "Comoran;Comorian"),
    ("Congo", "COG", 484, "SSA",
     "Republic of the Congo;Republic of Congo;Congo, Republic;Congo-Brazzaville;"
     "Congo (Brazzaville)", ""),
    ("Costa Rica", "CRI", 94, "CAC", "", "Costa Rican"),
    ("Cote d'Ivoire", "CIV", 437, "SSA", "Ivory Coast;Côte d'Ivoire", "Ivorian"),
    ("Croatia", "HRV", 344, "CEU", "", "Croatian;Croat"),
    ("Cuba", "CUB", 40, "CAC", "", "Cuban"),
    ("Cyprus", "CYP", 352, "WEU", "Republic of Cyprus", "Cypriot"),
    ("Czechia", "CZE", 316, "CEU", "Czech Republic", "Czech"),
    ("Czechoslovakia", "CSK", 315, "CEU", "", "Czechoslovak;Czechoslovakian"),
    ("DR Congo", "COD", 490, "SSA",
     "DRC;Democratic Republic of the Congo;Democratic Republic of Congo;Congo, DR;Congo-Kinshasa;"
     "Congo (Kinshasa);Zaire", "Zairean;Zairian"),
    ("Denmark", "DNK", 390, "WEU", "", "Danish"),
    ("Djibouti", "DJI", 522, "SSA", "", "Djiboutian"),
    ("Dominican Republic", "DOM", 42, "CAC", "", "Dominican"),
    ("East Germany (GDR)", "DDR", 265, "CEU", "GDR;East Germany;German Democratic Republic;DDR",
     "East German"),
    ("Ecuador", "ECU", 130, "SAM", "", "Ecuadorian;Ecuadorean"),
    ("Egypt", "EGY", 651, "MEA", "Arab Republic of Egypt;United Arab Republic;UAR", "Egyptian"),
    ("El Salvador", "SLV", 92, "CAC", "", "Salvadoran;Salvadorean"),
    ("Equatorial Guinea", "GNQ", 411, "SSA", "", "Equatorial Guinean;Equatoguinean"),
    ("Eritrea", "ERI", 531, "SSA", "", "Eritrean"),
    ("Estonia", "EST", 366, "CEU", "", "Estonian"),
    ("Ethiopia", "ETH", 530, "SSA", "Abyssinia", "Ethiopian"),
    ("Fiji", "FJI", 950, "OCE", "", "Fijian"),
    ("Finland", "FIN", 375, "WEU", "", "Finnish"),
    ("France", "FRA", 220, "WEU", "French Republic", "French"),
    ("Gabon", "GAB", 481, "SSA", "", "Gabonese"),
    ("Gambia", "GMB", 420, "SSA", "The Gambia;Gambia, The", "Gambian"),
    ("Georgia", "GEO", 372, "EEU", "", "Georgian"),
    # SIPRI's Germany is the FRG until 1990 and united Germany since; COW codes the FRG 260
    # (1955-1990) and Germany 255: the row takes today's code.
    ("Germany", "DEU", 255, "WEU",
     "Germany (FRG);West Germany;FRG;Federal Republic of Germany", "German;West German"),
    ("Ghana", "GHA", 452, "SSA", "", "Ghanaian"),
    ("Greece", "GRC", 350, "WEU", "Hellenic Republic", "Greek"),
    ("Grenada", "GRD", 55, "CAC", "", "Grenadian"),
    ("Guatemala", "GTM", 90, "CAC", "", "Guatemalan"),
    ("Guinea", "GIN", 438, "SSA", "Republic of Guinea;Guinea-Conakry", "Guinean"),
    ("Guinea-Bissau", "GNB", 404, "SSA", "", "Bissau-Guinean"),
    ("Guyana", "GUY", 110, "SAM", "", "Guyanese"),
    ("Haiti", "HTI", 41, "CAC", "", "Haitian"),
    ("Honduras", "HND", 91, "CAC", "", "Honduran"),
    ("Hungary", "HUN", 310, "CEU", "", "Hungarian"),
    ("Iceland", "ISL", 395, "WEU", "", "Icelandic"),
    ("India", "IND", 750, "SAS", "Republic of India;Bharat", "Indian"),
    ("Indonesia", "IDN", 850, "SEA", "", "Indonesian"),
    ("Iran", "IRN", 630, "MEA",
     "Islamic Republic of Iran;Iran, Islamic Republic of;Iran's Islamic Republic;Persia",
     "Iranian"),
    ("Iraq", "IRQ", 645, "MEA", "", "Iraqi"),
    ("Ireland", "IRL", 205, "WEU", "Republic of Ireland;Eire", "Irish"),
    ("Israel", "ISR", 666, "MEA", "State of Israel", "Israeli"),
    ("Italy", "ITA", 325, "WEU", "", "Italian"),
    ("Jamaica", "JAM", 51, "CAC", "", "Jamaican"),
    ("Japan", "JPN", 740, "EAS", "", "Japanese"),
    ("Jordan", "JOR", 663, "MEA", "Hashemite Kingdom of Jordan", "Jordanian"),
    ("Katanga", "XKT", 4901, "SSA", "State of Katanga", "Katangese;Katangan"),
    ("Kazakhstan", "KAZ", 705, "CAS", "", "Kazakh;Kazakhstani"),
    ("Kenya", "KEN", 501, "SSA", "", "Kenyan"),
    ("Kosovo", "XKX", 347, "CEU", "Republic of Kosovo", "Kosovar;Kosovan"),
    ("Kuwait", "KWT", 690, "MEA", "", "Kuwaiti"),
    ("Kyrgyzstan", "KGZ", 703, "CAS", "Kyrgyz Republic;Kirghizia", "Kyrgyz;Kyrgyzstani"),
    ("Laos", "LAO", 812, "SEA", "Lao PDR;Lao People's Democratic Republic", "Lao;Laotian"),
    ("Latvia", "LVA", 367, "CEU", "", "Latvian"),
    ("Lebanon", "LBN", 660, "MEA", "", "Lebanese"),
    ("Lesotho", "LSO", 570, "SSA", "", "Basotho;Mosotho"),
    ("Liberia", "LBR", 450, "SSA", "", "Liberian"),
    # The internationally recognised governments (GNA 2016-2021, GNU since) are SIPRI's "Libya";
    # the eastern HoR/LNA side is "Libya HoR*".
    ("Libya", "LBY", 620, "NAF",
     "Libya (GNA);GNA;Government of National Accord;Libya (GNU);Libyan Arab Jamahiriya", "Libyan"),
    ("Lithuania", "LTU", 368, "CEU", "", "Lithuanian"),
    ("Luxembourg", "LUX", 212, "WEU", "", "Luxembourgish;Luxembourger"),
    ("Madagascar", "MDG", 580, "SSA", "Malagasy Republic", "Malagasy"),
    ("Malawi", "MWI", 553, "SSA", "", "Malawian"),
    ("Malaysia", "MYS", 820, "SEA", "Malaya", "Malaysian"),
    ("Maldives", "MDV", 781, "SAS", "The Maldives", "Maldivian"),
    ("Mali", "MLI", 432, "SSA", "", "Malian"),
    ("Malta", "MLT", 338, "WEU", "", "Maltese"),
    ("Mauritania", "MRT", 435, "SSA", "", "Mauritanian"),
    ("Mauritius", "MUS", 590, "SSA", "", "Mauritian"),
    ("Mexico", "MEX", 70, "CAC", "", "Mexican"),
    ("Moldova", "MDA", 359, "EEU", "Republic of Moldova;Moldavia", "Moldovan"),
    ("Mongolia", "MNG", 712, "EAS", "", "Mongolian"),
    ("Montenegro", "MNE", 341, "CEU", "", "Montenegrin"),
    ("Morocco", "MAR", 600, "NAF", "", "Moroccan"),
    ("Mozambique", "MOZ", 541, "SSA", "", "Mozambican"),
    ("Myanmar", "MMR", 775, "SEA", "Burma", "Burmese"),
    ("Namibia", "NAM", 565, "SSA", "", "Namibian"),
    ("Nepal", "NPL", 790, "SAS", "", "Nepalese;Nepali"),
    ("Netherlands", "NLD", 210, "WEU", "The Netherlands;Holland;Kingdom of the Netherlands",
     "Dutch"),
    ("New Zealand", "NZL", 920, "OCE", "", "New Zealander"),
    ("Nicaragua", "NIC", 93, "CAC", "", "Nicaraguan"),
    ("Niger", "NER", 436, "SSA", "", "Nigerien"),
    ("Nigeria", "NGA", 475, "SSA", "", "Nigerian"),
    ("North Korea", "PRK", 731, "EAS",
     "DPRK;Democratic People's Republic of Korea;Korea, North;Korea, DPR", "North Korean"),
    ("North Macedonia", "MKD", 343, "CEU",
     "Macedonia;Republic of North Macedonia;FYROM;Former Yugoslav Republic of Macedonia",
     "North Macedonian;Macedonian"),
    # SIPRI has two names for the Yemen Arab Republic; both carry its codes (ISO kept YEM for
    # united Yemen in 1990).
    ("North Yemen", "YEM", 678, "MEA", "Yemen, North;Northern Yemen", "North Yemeni"),
    ("Northern Cyprus", "XNC", 3521, "WEU", "TRNC;Turkish Republic of Northern Cyprus",
     "Turkish Cypriot"),
    ("Norway", "NOR", 385, "WEU", "", "Norwegian"),
    ("Oman", "OMN", 698, "MEA", "Muscat and Oman", "Omani"),
    ("Pakistan", "PAK", 770, "SAS", "", "Pakistani"),
    ("Palestine", "PSE", 6666, "MEA",
     "State of Palestine;Palestinian Authority;Palestinian National Authority;"
     "Palestinian territories", "Palestinian"),
    ("Panama", "PAN", 95, "CAC", "", "Panamanian"),
    ("Papua New Guinea", "PNG", 910, "OCE", "PNG", "Papua New Guinean"),
    ("Paraguay", "PRY", 150, "SAM", "", "Paraguayan"),
    ("Peru", "PER", 135, "SAM", "", "Peruvian"),
    ("Philippines", "PHL", 840, "SEA", "The Philippines", "Filipino;Philippine"),
    ("Poland", "POL", 290, "CEU", "", "Polish"),
    ("Portugal", "PRT", 235, "WEU", "", "Portuguese"),
    ("Qatar", "QAT", 694, "MEA", "", "Qatari"),
    ("Romania", "ROU", 360, "CEU", "Rumania", "Romanian"),
    ("Russia", "RUS", 365, "EEU", "Russian Federation", "Russian"),
    ("Rwanda", "RWA", 517, "SSA", "", "Rwandan"),
    ("Saint Kitts and Nevis", "KNA", 60, "CAC", "St Kitts and Nevis;Saint Christopher and Nevis",
     "Kittitian;Nevisian"),
    ("Saint Vincent", "VCT", 57, "CAC",
     "Saint Vincent and the Grenadines;St Vincent and the Grenadines;St Vincent", "Vincentian"),
    ("Saudi Arabia", "SAU", 670, "MEA", "KSA;Kingdom of Saudi Arabia", "Saudi;Saudi Arabian"),
    ("Senegal", "SEN", 433, "SSA", "", "Senegalese"),
    # SIPRI's Serbia is also the FRY and Serbia and Montenegro (1992-2006); COW keeps 345 from
    # Yugoslavia to Serbia.
    ("Serbia", "SRB", 345, "CEU",
     "Republic of Serbia;Serbia and Montenegro;Federal Republic of Yugoslavia;FRY", "Serbian;Serb"),
    ("Seychelles", "SYC", 591, "SSA", "", "Seychellois"),
    ("Sierra Leone", "SLE", 451, "SSA", "", "Sierra Leonean"),
    ("Singapore", "SGP", 830, "SEA", "", "Singaporean"),
    ("Slovakia", "SVK", 317, "CEU", "Slovak Republic", "Slovak;Slovakian"),
    ("Slovenia", "SVN", 349, "CEU", "", "Slovenian;Slovene"),
    ("Solomon Islands", "SLB", 940, "OCE", "Solomons", "Solomon Islander"),
    ("Somalia", "SOM", 520, "SSA", "", "Somali;Somalian"),
    ("South Africa", "ZAF", 560, "SSA", "Republic of South Africa;RSA", "South African"),
    ("South Korea", "KOR", 732, "EAS", "Republic of Korea;ROK;Korea, South;Korea, Republic of",
     "South Korean"),
    ("South Sudan", "SSD", 626, "SSA", "Republic of South Sudan", "South Sudanese"),
    # ISO 3166 (1974) coded the Republic of Viet-Nam VNM; the code passed to united Viet Nam.
    ("South Vietnam", "VNM", 817, "SEA", "Republic of Vietnam;RVN;Vietnam, South",
     "South Vietnamese"),
    ("South Yemen", "YMD", 680, "MEA",
     "People's Democratic Republic of Yemen;PDRY;Yemen, South;Democratic Yemen", "South Yemeni"),
    ("Soviet Union", "SUN", 365, "EEU",
     "USSR;U.S.S.R.;Soviet;Union of Soviet Socialist Republics", "Soviet"),
    ("Spain", "ESP", 230, "WEU", "", "Spanish"),
    ("Sri Lanka", "LKA", 780, "SAS", "Ceylon", "Sri Lankan"),
    ("Sudan", "SDN", 625, "SSA", "Republic of the Sudan;The Sudan", "Sudanese"),
    ("Suriname", "SUR", 115, "SAM", "Surinam", "Surinamese"),
    ("Sweden", "SWE", 380, "WEU", "", "Swedish"),
    ("Switzerland", "CHE", 225, "WEU", "", "Swiss"),
    ("Syria", "SYR", 652, "MEA", "Syrian Arab Republic", "Syrian"),
    ("Taiwan", "TWN", 713, "EAS", "Republic of China;ROC;Chinese Taipei", "Taiwanese"),
    ("Tajikistan", "TJK", 702, "CAS", "", "Tajik;Tajikistani"),
    ("Tanzania", "TZA", 510, "SSA", "United Republic of Tanzania;Tanganyika", "Tanzanian"),
    ("Thailand", "THA", 800, "SEA", "Siam", "Thai"),
    ("Timor-Leste", "TLS", 860, "SEA", "East Timor;Timor Leste", "Timorese;East Timorese"),
    ("Togo", "TGO", 461, "SSA", "", "Togolese"),
    ("Tonga", "TON", 955, "OCE", "", "Tongan"),
    ("Trinidad and Tobago", "TTO", 52, "CAC", "Trinidad", "Trinidadian;Tobagonian"),
    ("Tunisia", "TUN", 616, "NAF", "", "Tunisian"),
    ("Turkiye", "TUR", 640, "MEA", "Turkey;Türkiye;Republic of Turkey;Republic of Türkiye",
     "Turkish"),
    ("Turkmenistan", "TKM", 701, "CAS", "", "Turkmen"),
    ("UAE", "ARE", 696, "MEA", "United Arab Emirates;U.A.E.;Emirates", "Emirati"),
    ("Uganda", "UGA", 500, "SSA", "", "Ugandan"),
    ("Ukraine", "UKR", 369, "EEU", "", "Ukrainian"),
    ("United Kingdom", "GBR", 200, "WEU",
     "UK;U.K.;Britain;Great Britain;United Kingdom of Great Britain and Northern Ireland",
     "British"),
    ("United States", "USA", 2, "NAM", "USA;U.S.A.;US;U.S.;United States of America;America",
     "American"),
    ("Uruguay", "URY", 165, "SAM", "", "Uruguayan"),
    ("Uzbekistan", "UZB", 704, "CAS", "", "Uzbek;Uzbekistani"),
    ("Vanuatu", "VUT", 935, "OCE", "New Hebrides", "Ni-Vanuatu;Vanuatuan"),
    ("Venezuela", "VEN", 101, "SAM", "Bolivarian Republic of Venezuela", "Venezuelan"),
    # SIPRI's Viet Nam is also North Viet Nam before 1976 (COW 816 throughout).
    ("Viet Nam", "VNM", 816, "SEA",
     "Vietnam;Socialist Republic of Vietnam;North Vietnam;Democratic Republic of Vietnam;DRV",
     "Vietnamese;North Vietnamese"),
    ("Western Sahara", "ESH", 6001, "NAF",
     "Sahrawi Arab Democratic Republic;SADR;Polisario;Polisario Front", "Sahrawi"),
    ("Yemen", "YEM", 679, "MEA", "Republic of Yemen", "Yemeni"),
    ("Yemen Arab Republic (North Yemen)", "YEM", 678, "MEA", "Yemen Arab Republic;YAR", ""),
    ("Yugoslavia", "YUG", 345, "CEU",
     "SFRY;SFR Yugoslavia;Socialist Federal Republic of Yugoslavia", "Yugoslav;Yugoslavian"),
    ("Zambia", "ZMB", 551, "SSA", "", "Zambian"),
    ("Zimbabwe", "ZWE", 552, "SSA", "Rhodesia;Southern Rhodesia", "Zimbabwean;Rhodesian"),
    ("eSwatini", "SWZ", 572, "SSA", "Eswatini;Swaziland;Kingdom of Eswatini", "Swazi"),
]

# States that no longer exist (or never were more than secessionist claims): no demonym needed.
HISTORICAL = {"Biafra", "Czechoslovakia", "East Germany (GDR)", "Katanga", "North Yemen",
              "South Vietnam", "South Yemen", "Soviet Union", "Yemen Arab Republic (North Yemen)",
              "Yugoslavia"}
# Today's states left without a demonym: "Congolese" names both Congos.
NO_DEMONYM = {"Congo"}

# Non-state groups: name, host state (SIPRI's name), aliases. The host is the state whose territory
# the group fought in, as SIPRI's per-year deliveries file attributes the group's imports: the PLO
# and Viet Minh and Viet Cong deliveries are listed there under Palestine and Vietnam, so the
# colonial liberation movements go to the state their territory became.
NON_STATE = [
    ("ANC (South Africa)*", "South Africa", "ANC;African National Congress;Umkhonto we Sizwe"),
    ("Amal (Lebanon)*", "Lebanon", "Amal;Amal Movement"),
    ("Anti-Castro rebels (Cuba)*", "Cuba", "Anti-Castro rebels;Cuban exiles;Brigade 2506"),
    ("Armas (Guatemala)*", "Guatemala", "Castillo Armas rebels;Castillo Armas forces"),
    ("Contras (Nicaragua)*", "Nicaragua", "Contras;Contra rebels;Nicaraguan Contras"),
    ("Darfur rebels (Sudan)*", "Sudan", "Darfur rebels;Darfuri rebels"),
    ("ELF (Ethiopia)*", "Ethiopia", "ELF;Eritrean Liberation Front"),
    ("EPLF (Ethiopia)*", "Ethiopia", "EPLF;Eritrean People's Liberation Front"),
    ("FAN (Chad)*", "Chad", "Armed Forces of the North;Forces Armées du Nord"),
    ("FMLN (El Salvador)*", "El Salvador", "FMLN;Farabundo Martí National Liberation Front"),
    ("FNLA (Angola)*", "Angola", "FNLA;National Front for the Liberation of Angola"),
    ("FRELIMO (Portugal)*", "Mozambique", "FRELIMO;Mozambique Liberation Front"),
    ("GUNT (Chad)*", "Chad", "GUNT;Transitional Government of National Unity"),
    ("Haiti rebels*", "Haiti", "Haitian rebels"),
    ("Hamas (Palestine)*", "Palestine", "Hamas;Qassam Brigades;Izz ad-Din al-Qassam Brigades"),
    ("Hezbollah (Lebanon)*", "Lebanon", "Hezbollah;Hizbollah;Hizballah;Hizbullah"),
    ("Houthi rebels (Yemen)*", "Yemen",
     "Houthis;Houthi;Houthi rebels;Ansar Allah;Ansarallah;Yemen (Houthis)"),
    ("Indonesia rebels*", "Indonesia", "Indonesian rebels;Permesta;PRRI"),
    ("Khmer Rouge (Cambodia)*", "Cambodia", "Khmer Rouge"),
    ("Kurdistan Regional Government (Iraq)*", "Iraq",
     "Kurdistan Regional Government;KRG;Iraqi Kurdistan;Peshmerga;Kurdish Peshmerga"),
    ("LF (Lebanon)*", "Lebanon", "Lebanese Forces"),
    ("LRA (Uganda)*", "Uganda", "LRA;Lord's Resistance Army"),
    ("LTTE (Sri Lanka)*", "Sri Lanka", "LTTE;Tamil Tigers;Liberation Tigers of Tamil Eelam"),
    ("Lebanon Palestinian rebels*", "Lebanon", "Palestinian rebels (Lebanon)"),
    # House of Representatives (Tobruk) and its Libyan National Army under Khalifa Haftar.
    ("Libya HoR*", "Libya",
     "Libya (LNA/Haftar);Libya (LNA);Libya (Haftar);Libya (HoR);LNA;Libyan National Army;"
     "Libyan Arab Armed Forces;LAAF;Haftar;Haftar forces;HoR;House of Representatives (Libya);"
     "Tobruk government"),
    ("MNLF (Philippines)*", "Philippines", "MNLF;Moro National Liberation Front"),
    ("MPLA (Portugal)*", "Angola", "MPLA;Popular Movement for the Liberation of Angola"),
    ("MTA (Myanmar)*", "Myanmar", "MTA;Mong Tai Army"),
    ("Mujahedin (Afghanistan)*", "Afghanistan",
     "Mujahedin;Mujahideen;Mujahedeen;Afghan Mujahedin;Afghan Mujahideen"),
    ("NLA (Macedonia)*", "North Macedonia", "National Liberation Army (Macedonia)"),
    ("NTC (Libya)*", "Libya", "NTC;National Transitional Council;Libya (NTC)"),
    ("Northern Alliance (Afghanistan)*", "Afghanistan", "Northern Alliance;United Islamic Front"),
    ("PAIGC (Portugal)*", "Guinea-Bissau",
     "PAIGC;African Party for the Independence of Guinea and Cape Verde"),
    ("PIJ (Israel/Palestine)*", "Palestine", "PIJ;Palestinian Islamic Jihad"),
    ("PKK (Turkiye)*", "Turkiye", "PKK;PKK (Turkey);Kurdistan Workers' Party"),
    ("PLO (Israel)*", "Palestine",
     "PLO;Palestine Liberation Organization;Palestine Liberation Organisation"),
    ("PRC (Israel/Palestine)*", "Palestine", "Popular Resistance Committees"),
    ("Pathet Lao (Laos)*", "Laos", "Pathet Lao"),
    ("Provisional IRA (UK)*", "United Kingdom",
     "Provisional IRA;IRA;PIRA;Provisional Irish Republican Army"),
    ("RPF (Rwanda)*", "Rwanda", "RPF;Rwandan Patriotic Front"),
    ("RUF (Sierra Leone)*", "Sierra Leone", "RUF;Revolutionary United Front"),
    ("SLA (Lebanon)*", "Lebanon", "South Lebanon Army"),
    ("SNA (Somalia)*", "Somalia", "Somali National Alliance"),
    ("SPLA (Sudan)*", "Sudan", "SPLA;SPLM/A;Sudan People's Liberation Army"),
    ("Southern rebels (Yemen)*", "Yemen", "Southern secessionists (Yemen)"),
    ("Syria rebels*", "Syria", "Syrian rebels;Syrian opposition;Free Syrian Army;FSA"),
    ("UIC (Somalia)*", "Somalia", "UIC;Union of Islamic Courts;Islamic Courts Union;ICU"),
    ("UNITA (Angola)*", "Angola", "UNITA;National Union for the Total Independence of Angola"),
    ("Ukraine Rebels*", "Ukraine",
     "Ukrainian rebels;Donbas separatists;Donbass separatists;pro-Russian separatists;"
     "DPR;LPR;Donetsk People's Republic;Luhansk People's Republic;Lugansk People's Republic"),
    ("United Wa State (Myanmar)*", "Myanmar", "United Wa State Army;UWSA;Wa State"),
    ("Viet Cong (South Vietnam)*", "Viet Nam", "Viet Cong;Vietcong"),
    ("Viet Minh (France)*", "Viet Nam", "Viet Minh;Vietminh"),
    ("ZAPU (Zimbabwe)*", "Zimbabwe", "ZAPU;ZIPRA;Zimbabwe African People's Union"),
    # SIPRI marks it non-state ('*'); its identity, and so its host, is unknown.
    ("unknown rebel group*", "", "unknown rebel groups"),
]

ORGANISATIONS = [
    ("African Union**", "AU;Organisation of African Unity;OAU"),
    ("European Union**", "EU"),
    ("NATO**", "North Atlantic Treaty Organization;North Atlantic Treaty Organisation"),
    ("OSCE**", "Organization for Security and Co-operation in Europe"),
    ("Regional Security System**", "RSS"),
    ("United Nations**", "UN;U.N."),
]

UNKNOWN = [
    ("unknown recipient(s)", "unknown recipient;unknown recipients"),
    ("unknown supplier(s)", "unknown supplier;unknown suppliers"),
]

# ISO codes that pycountry cannot know: user-assigned (Kosovo's XKX is the EU's and the World
# Bank's; the others are this project's) and ISO 3166-1 codes that passed to a successor.
ISO_PLACEHOLDERS = {"XKX", "XBI", "XKT", "XNC"}
# countrycode's COW name for historical rows (its cown is keyed by COW name, not ISO).
COW_NAMES = {"East Germany (GDR)": "German Democratic Republic", "Czechoslovakia": "Czechoslovakia",
             "Yugoslavia": "Yugoslavia", "Serbia": "Yugoslavia",
             "South Vietnam": "Republic of Vietnam", "North Yemen": "Yemen Arab Republic",
             "Yemen Arab Republic (North Yemen)": "Yemen Arab Republic",
             "South Yemen": "Yemen People's Republic", "Kosovo": "Kosovo", "Soviet Union": "Russia"}
# Rows whose ISO code country_converter's name patterns cannot confirm, and why.
COCO_EXCEPTIONS = {
    "Czechoslovakia": "ISO 3166-3 CSK", "East Germany (GDR)": "ISO 3166-3 DDR",
    "Yugoslavia": "ISO 3166-3 YUG", "South Vietnam": "VNM of 1974", "South Yemen": "ISO 3166-3 YMD",
    "North Yemen": "YEM of the YAR", "Yemen Arab Republic (North Yemen)": "YEM of the YAR",
    "Northern Cyprus": "placeholder", "Biafra": "placeholder", "Katanga": "placeholder",
}


def split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(";") if part.strip()]


def rows() -> list[dict[str, str]]:
    """The table, one dict per party, sorted by name."""
    out = []
    for name, iso3, cow, sub, aliases, demonyms in STATES:
        region, subregion = SUBREGIONS[sub]
        out.append(_cells(name, "state", iso3, str(cow), region, subregion, "", aliases, demonyms))
    host_region = {name: SUBREGIONS[sub] for name, _, _, sub, _, _ in STATES}
    for name, host, aliases in NON_STATE:
        region, subregion = host_region[host] if host else ("", "")
        out.append(_cells(name, "non_state", "", "", region, subregion, host, aliases, ""))
    for name, aliases in ORGANISATIONS:
        out.append(_cells(name, "international_organisation", "", "", "", "", "", aliases, ""))
    for name, aliases in UNKNOWN:
        out.append(_cells(name, "unknown", "", "", "", "", "", aliases, ""))
    return sorted(out, key=lambda r: r["name"].casefold())


def _cells(*values: str) -> dict[str, str]:
    cells = dict(zip(HEADER, values, strict=True))
    cells["aliases"] = ";".join(split(cells["aliases"]))
    cells["demonyms"] = ";".join(split(cells["demonyms"]))
    return cells


def render() -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=HEADER, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows())
    return buffer.getvalue()


# --- SIPRI's files -----------------------------------------------------------------------------

def sipri_parties(path: Path) -> set[str]:
    """Supplier and recipient names of a SIPRI file, read by armswatch's own readers."""
    from armswatch.sources.detect import read_any
    source = read_any(path)
    records = [*source.deals, *(source.sipri_years or [])]
    return {name for r in records for name in (r.supplier, r.recipient)}


def milex_regions(path: Path) -> dict[str, tuple[str, str]]:
    from armswatch.sources.milex import read_milex
    return {s.country: (MILEX_REGION.get(s.region, s.region),
                        MILEX_SUBREGION.get(s.subregion, s.subregion))
            for s in read_milex(path).series}


# --- checks -------------------------------------------------------------------------------------

def check_table(table: list[dict[str, str]]) -> list[str]:
    errors = []
    names = [r["name"] for r in table]
    states = {r["name"] for r in table if r["kind"] == "state"}
    if len(set(names)) != len(names):
        errors.append("duplicate names")
    pairs = set(SUBREGIONS.values())
    for r in table:
        n = r["name"]
        if r["kind"] == "state":
            if not (len(r["iso3"]) == 3 and r["iso3"].isupper() and r["cow"].isdigit()):
                errors.append(f"{n}: state without ISO alpha-3 or COW code")
            if (r["region"], r["subregion"]) not in pairs:
                errors.append(f"{n}: region {r['region']!r} / {r['subregion']!r} is not SIPRI's")
            if n not in HISTORICAL | NO_DEMONYM and not r["demonyms"]:
                errors.append(f"{n}: a state of today without a demonym")
        elif r["iso3"] or r["cow"]:
            errors.append(f"{n}: codes on a {r['kind']}")
        hostless = n == "unknown rebel group*"
        if r["kind"] == "non_state" and r["host_state"] not in states and not hostless:
            errors.append(f"{n}: host state {r['host_state']!r} is not a state of the table")
        if r["kind"] != "non_state" and r["host_state"]:
            errors.append(f"{n}: host state on a {r['kind']}")
    return errors + check_unique(table)


def check_unique(table: list[dict[str, str]]) -> list[str]:
    """Every folded name, alias and demonym names one row."""
    errors = []
    owner: dict[str, str] = {}
    for r in table:  # names first, so an alias equal to another row's name is caught
        for label in {fold(r["name"]), fold(r["name"].rstrip("*"))}:
            if owner.setdefault(label, r["name"]) != r["name"]:
                errors.append(f"name {label!r} of {r['name']} and {owner[label]}")
    for r in table:
        for alias in split(r["aliases"]):
            if owner.setdefault(fold(alias), r["name"]) != r["name"]:
                errors.append(f"alias {alias!r} is on both {owner[fold(alias)]} and {r['name']}")
    demonyms: dict[str, str] = {}
    for r in table:
        for word in split(r["demonyms"]):
            if demonyms.setdefault(fold(word), r["name"]) != r["name"]:
                errors.append(f"demonym {word!r} is on both {demonyms[fold(word)]} and {r['name']}")
            if fold(word) in owner and owner[fold(word)] != r["name"]:
                errors.append(f"demonym {word!r} of {r['name']} is the name of {owner[fold(word)]}")
    return errors


def check_sources(table: list[dict[str, str]], data: Path) -> list[str]:
    errors = []
    parties = Parties([_row(r) for r in table])
    sipri = data / "sipri"
    register = sipri_parties(sipri / "trade-register-1950-2024.csv")
    missing = sorted(register - {r["name"] for r in table})
    errors += [f"register name without a row: {n}" for n in missing]
    others = {f: sipri_parties(sipri / f) for f in ("trade-register-china-2000-2025.csv",
                                                      "api-trade-register-2000-2001.csv",
                                                      "deliveries-by-year-1950-2025.json")}
    for file, names in others.items():
        errors += [f"{file}: {n!r} resolves to no party" for n in sorted(names)
                   if parties.lookup(n) is None]
    workbook = data / "milex" / "SIPRI-Milex-data-1949-2024.xlsx"
    regions = milex_regions(workbook)
    resolved = defaultdict(list)
    for country in sorted(regions):
        party = parties.lookup(country)
        if party is None:
            errors.append(f"Milex country {country!r} resolves to no party")
            continue
        resolved[party].append(country)
        row = parties.by_name[party]
        if party != "European Union**" and (row.region, row.subregion) != regions[country]:
            errors.append(f"Milex puts {country} in {regions[country]}, the table {row.region}"
                          f" / {row.subregion}")
    errors += [f"Milex countries {c} share {p}" for p, c in resolved.items() if len(c) > 1]
    print(f"sources: {len(register)} register names, "
          + ", ".join(f"{len(n)} names in {f}" for f, n in others.items())
          + f", {len(regions)} Milex countries: all resolve" * (not errors))
    return errors


def cross_check(table: list[dict[str, str]]) -> list[str]:
    """The codes against pycountry, countrycode and country_converter, when they are installed."""
    try:
        import country_converter
        import countrycode
        import pycountry
    except ImportError as missing:
        print(f"cross-check skipped ({missing.name} is not installed)")
        return []
    import os
    import pickle
    import re
    errors = []
    codelist = pickle.loads(Path(os.path.dirname(countrycode.__file__), "data",
                                 "codelist.pickle").read_bytes())
    cown_by_iso = {iso: cow for iso, cow in zip(codelist["iso3c"], codelist["cown"], strict=True)
                   if iso}
    cown_by_name = dict(zip(codelist["cow.name"], codelist["cown"], strict=True))
    # country_converter's class fails under pandas 3: read its name patterns directly.
    tsv = Path(country_converter.__file__).with_name("country_data.tsv")
    patterns = [(re.compile(r["regex"], re.I), r["ISO3"])
                for r in csv.DictReader(tsv.open(encoding="utf-8"), delimiter="\t")]
    for r in (r for r in table if r["kind"] == "state"):
        name, iso3, cow = r["name"], r["iso3"], int(r["cow"])
        known = (pycountry.countries.get(alpha_3=iso3)
                 or pycountry.historic_countries.get(alpha_3=iso3))
        if known is None and iso3 not in ISO_PLACEHOLDERS:
            errors.append(f"{name}: ISO code {iso3} is in neither ISO 3166-1 nor 3166-3")
        expected = cown_by_name.get(COW_NAMES[name]) if name in COW_NAMES else cown_by_iso.get(iso3)
        if cow < 1000 and expected != cow:
            errors.append(f"{name}: COW {cow}, countrycode says {expected}")
        if cow >= 1000 and expected is not None:
            errors.append(f"{name}: placeholder COW {cow}, but countrycode has {expected}")
        matched = {iso for rx, iso in patterns if rx.search(name)}
        if name not in COCO_EXCEPTIONS and matched != {iso3}:
            errors.append(f"{name}: ISO {iso3}, country_converter matches {sorted(matched)}")
    print("cross-check: ISO codes against pycountry, COW codes against countrycode, names against"
          f" country_converter: {len(errors)} disagreements")
    return errors


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="check only; write nothing")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="SIPRI and Milex files")
    args = parser.parse_args()
    text = render()
    if args.check:
        if OUT.read_text(encoding="utf-8") != text:
            print(f"{OUT.relative_to(ROOT)} is out of date: run scripts/build_parties.py")
            return 1
    else:
        OUT.write_text(text, encoding="utf-8")
    table = list(csv.DictReader(io.StringIO(text)))
    kinds = defaultdict(int)
    for r in table:
        kinds[r["kind"]] += 1
    print(f"{len(table)} parties: " + ", ".join(f"{n} {k}" for k, n in sorted(kinds.items())))
    errors = check_table(table) + check_sources(table, args.data) + cross_check(table)
    for error in errors:
        print("FAIL", error)
    print("OK" if not errors else f"{len(errors)} problems")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
