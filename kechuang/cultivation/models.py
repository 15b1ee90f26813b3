"""Every model of the cultivation app, for Django (the work lies in its three sub-packages)."""

from .assessments.models import Assessment, ExpertGrade, Grade, IpObtained, RuleName, Verdict
from .hte.models import Activity, AnnualReport, PipelineEvent, Stage
from .techsme.models import SmeEvent, SmeRegistration

__all__ = [
    "Activity",
    "AnnualReport",
    "Assessment",
    "ExpertGrade",
    "Grade",
    "IpObtained",
    "PipelineEvent",
    "RuleName",
    "SmeEvent",
    "SmeRegistration",
    "Stage",
    "Verdict",
]
