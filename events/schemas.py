from __future__ import annotations

from datetime import datetime

from ninja import Field, Schema

from events.models import Event, ProgrammeDay, Registration


class SessionOut(Schema):
    starts_at: datetime = Field(description="Start, ISO 8601 with offset (stored in UTC).")
    ends_at: datetime = Field(description="End, ISO 8601 with offset.")
    title: str = Field(description="What happens in the session.")
    room: str = Field(description="Room or hall, may be empty.")
    speakers: str = Field(description="Speakers, may be empty.")
    is_pitch: bool = Field(description="Whether this is a pitch slot.")
    project_id: int | None = Field(description="The platform project pitched in the slot, if any.")
    pitch_project: str = Field(
        description="Title of the project pitched, when it is not on the platform; may be empty."
    )


class DayOut(Schema):
    date: str = Field(description="The day, YYYY-MM-DD, in the region's time.")
    theme: str = Field(description="The day's theme, e.g. «День продюсера».")

    @staticmethod
    def resolve_date(obj: ProgrammeDay) -> str:
        return obj.date.isoformat()


class EventOut(Schema):
    id: int = Field(description="Event identifier.")
    kind: str = Field(
        description="creative_weekend, tour_visit, meetup, training, fair or pitch_session."
    )
    title: str = Field(description="Title.")
    town: str = Field(description="Town slug.")
    venue: str = Field(description="Venue, may be empty.")
    starts_at: datetime = Field(description="Start, ISO 8601 with offset (stored in UTC).")
    ends_at: datetime = Field(description="End, ISO 8601 with offset.")
    capacity: int | None = Field(description="Number of places; null for no limit.")
    audience: str = Field(description="open, members or invited.")
    series: str | None = Field(description="Title of the series (tour, repeating meetup), if any.")
    registration_open: bool = Field(description="Whether registration is open now.")

    @staticmethod
    def resolve_town(obj: Event) -> str:
        return obj.town.slug

    @staticmethod
    def resolve_series(obj: Event) -> str | None:
        return obj.series.title if obj.series else None

    @staticmethod
    def resolve_registration_open(obj: Event) -> bool:
        return obj.registration_is_open()


class EventDetailOut(EventOut):
    description: str = Field(description="Description.")
    questions: list[str] = Field(description="Questions asked at registration.")
    days: list[DayOut] = Field(description="Programme days with their themes.")
    sessions: list[SessionOut] = Field(description="Programme sessions in time order.")

    @staticmethod
    def resolve_questions(obj: Event) -> list[str]:
        return obj.question_list


class RegistrationIn(Schema):
    answers: dict[str, str] = Field(
        default_factory=dict, description="Answers keyed by the question text."
    )


class RegistrationOut(Schema):
    id: int = Field(description="Registration identifier.")
    event_id: int = Field(description="The event.")
    status: str = Field(description="confirmed, waiting (on the waiting list) or cancelled.")
    code: str | None = Field(description="Personal check-in code; null unless confirmed.")
    waiting_position: int | None = Field(description="Place on the waiting list, from 1.")
    registered_at: datetime = Field(description="When the person (last) registered.")
    checked_in_at: datetime | None = Field(description="When the person arrived, if they did.")

    @staticmethod
    def resolve_code(obj: Registration) -> str | None:
        return obj.code if obj.is_confirmed else None

    @staticmethod
    def resolve_waiting_position(obj: Registration) -> int | None:
        from events.queries import waiting_position

        return waiting_position(obj)


class CancelOut(Schema):
    status: str = Field(description="Always `cancelled`.")
    promoted: int = Field(description="How many people the freed place went to (0 or 1).")


class CheckInIn(Schema):
    code: str = Field(description="The code from the ticket; case, spaces and dashes ignored.")


class CheckInOut(Schema):
    registration_id: int = Field(description="The registration checked in.")
    name: str = Field(description="The person's name, to greet them.")
    already: bool = Field(description="True if they had checked in before (not counted twice).")
    checked_in_at: datetime = Field(description="When they checked in.")


class FeedbackIn(Schema):
    rating: int = Field(description="Overall rating, 1 to 5.")
    usefulness: int = Field(description="Usefulness for the person's business, 1 to 5.")
    text: str = Field("", description="What to keep and what to change.")


class FeedbackOut(Schema):
    id: int = Field(description="Feedback identifier.")
    rating: int = Field(description="Overall rating, 1 to 5.")
    usefulness: int = Field(description="Usefulness, 1 to 5.")
