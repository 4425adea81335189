from .enrolment import Enrolment, EnrolmentEvent
from .identity import Gender, Learner, LearnerProfile, QualificationLevel, Situation
from .partners import HostCompany, Partner, PartnerStaff, Placement, Tutor

__all__ = [
    "Enrolment",
    "EnrolmentEvent",
    "Gender",
    "HostCompany",
    "Learner",
    "LearnerProfile",
    "Partner",
    "PartnerStaff",
    "Placement",
    "QualificationLevel",
    "Situation",
    "Tutor",
]
