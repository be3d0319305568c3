"""Every model module, imported once so the metadata (and Alembic) knows all tables."""

from .agro.models import Milestone, Track, TrackLead  # noqa: F401
from .audit import AuditEntry  # noqa: F401
from .auth.models import ApiToken, LoginFailure, User, UserSession  # noqa: F401
from .catalog.models import BorderCrossing, Centre, Holiday, Side, SkillStandard, TargetGroup  # noqa: F401
from .certificates.models import Certificate  # noqa: F401
from .competitions.models import Competition, Participant  # noqa: F401
from .courses.models import Attendance, Course, CourseApproval, CourseSession, Enrolment  # noqa: F401
from .curricula.models import (  # noqa: F401
    Curriculum,
    CurriculumComment,
    CurriculumDocument,
    CurriculumShare,
    CurriculumVersion,
    TranslationTask,
)
from .equipment.models import Booking, EquipmentItem, Maintenance, Transfer  # noqa: F401
from .exchanges.group_models import GroupTraveller, GroupTrip  # noqa: F401
from .exchanges.models import Assignment, Trainer, TravelDocument, Unavailability  # noqa: F401
from .meetings.models import (  # noqa: F401
    ActionItem,
    AgendaItem,
    Decision,
    Meeting,
    MeetingAttachment,
    MeetingAttendee,
    MeetingSeries,
    MeetingSignature,
)
from .notifications.models import Delivery, NotificationPreference, OutboxEvent  # noqa: F401
from .plan.models import BudgetLine, PerDiemRate, PlanTarget  # noqa: F401
from .ratelimit import RateLimitHit  # noqa: F401
from .trainees.models import Trainee  # noqa: F401
from .visits.models import Visit, VisitAttachment, VisitDay, VisitDelegate, VisitLesson, VisitPlace  # noqa: F401
