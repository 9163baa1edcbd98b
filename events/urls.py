from django.urls import path

from events import views

app_name = "events"

urlpatterns = [
    path("events/", views.event_list_view, name="list"),
    path("events/mine/", views.my_events, name="mine"),
    path("events/<int:event_id>/", views.event_detail, name="detail"),
    path("events/<int:event_id>/calendar.ics", views.event_calendar, name="ics"),
    path("events/<int:event_id>/register/", views.register, name="register"),
    path("events/<int:event_id>/cancel/", views.cancel, name="cancel"),
    path("events/<int:event_id>/ticket/", views.ticket, name="ticket"),
    path("events/<int:event_id>/feedback/", views.feedback, name="feedback"),
    path("events/<int:event_id>/manage/", views.manage, name="manage"),
    path("events/<int:event_id>/check-in/", views.check_in, name="checkin"),
]
