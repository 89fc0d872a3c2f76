"""TIV analytics over the deliveries table (issue 3): flows with shares, SIPRI-style fact sheets,
supplier dependence, charts, and single measures for the claim checker. See docs/analytics.md."""

from armswatch.analytics.dependence import Dependence, DependenceQuery, dependence
from armswatch.analytics.factsheet import Factsheet, factsheet
from armswatch.analytics.flows import FlowQuery, Flows, flows
from armswatch.analytics.periods import Period, parse_period

__all__ = ["Dependence", "DependenceQuery", "Factsheet", "FlowQuery", "Flows", "Period",
           "dependence", "factsheet", "flows", "parse_period"]
