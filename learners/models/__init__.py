from .attendance import Attendance, AttendanceAmendment, AttendanceSheet, AttendanceSummary
from .enrolment import Enrolment, EnrolmentEvent
from .identity import Gender, Learner, LearnerProfile, QualificationLevel, Situation
from .partners import HostCompany, Partner, PartnerStaff, Placement, Tutor
from .skills import ProgressNote, SkillValidation

__all__ = [
    "Attendance",
    "AttendanceAmendment",
    "AttendanceSheet",
    "AttendanceSummary",
    "ProgressNote",
    "SkillValidation",
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
