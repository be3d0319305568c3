"""Every model module, imported once so the metadata (and Alembic) knows all tables."""

from .audit import AuditEntry  # noqa: F401
from .auth.models import LoginFailure, User, UserSession  # noqa: F401
from .catalog.models import BorderCrossing, Centre, Holiday, Side, SkillStandard, TargetGroup  # noqa: F401
from .courses.models import Course, CourseApproval, CourseSession  # noqa: F401
from .courses.trainee_models import Attendance, Certificate, Enrolment, Trainee  # noqa: F401
from .curricula.models import (  # noqa: F401
    Curriculum,
    CurriculumComment,
    CurriculumDocument,
    CurriculumShare,
    CurriculumVersion,
    TranslationTask,
)
from .exchanges.models import Assignment, Trainer, TravelDocument, Unavailability  # noqa: F401
