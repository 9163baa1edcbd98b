from django.urls import path

from meetings import views

app_name = "meetings"

urlpatterns = [
    path("events/<int:event_id>/meetings/", views.event_meetings, name="event"),
    path("events/<int:event_id>/meetings/join/", views.opt_in, name="opt_in"),
    path("events/<int:event_id>/meetings/free-slots/", views.availability, name="availability"),
    path("events/<int:event_id>/meetings/request/", views.request_meeting, name="request"),
    path("events/<int:event_id>/meetings/answer/", views.answer, name="answer"),
    path("events/<int:event_id>/meetings/agenda/", views.agenda_view, name="agenda"),
    path("events/<int:event_id>/meetings/agenda/print/", views.agenda_print, name="agenda_print"),
    path("events/<int:event_id>/meetings/agenda.ics", views.agenda_calendar, name="agenda_ics"),
    path("events/<int:event_id>/meetings/set-up/", views.setup, name="setup"),
    path("events/<int:event_id>/meetings/timetable/", views.timetable_view, name="timetable"),
    path("events/<int:event_id>/meetings/tables/print/", views.tables_print, name="tables_print"),
]
