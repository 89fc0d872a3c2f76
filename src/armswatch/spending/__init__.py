"""Questions about military spending over SIPRI's Milex data: series, rankings, growth, totals, claims.

store → analytics: every function here reads the Milex tables and returns a typed result; shells
(CLI, API) only format it.
"""

from armswatch.spending.claims import SpendingClaim, SpendingVerdict, check_spending_claim
from armswatch.spending.growth import Growth, growth
from armswatch.spending.measures import MEASURES, MeasureInfo
from armswatch.spending.ranking import Ranking, ranking
from armswatch.spending.release import MilexRelease, current_milex_release
from armswatch.spending.series import SpendingFigure, SpendingSeries, country_series
from armswatch.spending.totals import regional_totals

__all__ = ["MEASURES", "Growth", "MeasureInfo", "MilexRelease", "Ranking", "SpendingClaim",
           "SpendingFigure", "SpendingSeries", "SpendingVerdict", "check_spending_claim",
           "country_series", "current_milex_release", "growth", "ranking", "regional_totals"]
