"""Ranking companies for a chain node: query, company profile, calibrated fusion and evidence."""

from services.match.ranking.calibration import Calibration, ChannelScores
from services.match.ranking.pipeline import RankedCompany, candidate_factors, rank_companies
from services.match.ranking.profile import CompanyProfile, profile_text
from services.match.ranking.query import NodeQuery

__all__ = [
    "Calibration",
    "ChannelScores",
    "CompanyProfile",
    "NodeQuery",
    "RankedCompany",
    "candidate_factors",
    "profile_text",
    "rank_companies",
]
