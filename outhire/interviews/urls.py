from __future__ import annotations

from django.urls import path

from outhire.interviews import schedule_views, views

app_name = "interviews"

urlpatterns = [
    path("interviews/", views.interview_list, name="interview_list"),
    path("interviews/mine/", views.my_interviews, name="my_interviews"),
    path("interviews/availability/", schedule_views.availability, name="availability"),
    path(
        "interviews/availability/calendar/",
        schedule_views.connected_calendar,
        name="connected_calendar",
    ),
    path(
        "interviews/availability/busy/<int:busy_id>/delete/",
        schedule_views.busy_delete,
        name="busy_delete",
    ),
    path("interviews/schedule/<str:token>/", schedule_views.schedule, name="schedule"),
    path(
        "interviews/schedule/<str:token>/cancel/",
        schedule_views.schedule_cancel,
        name="schedule_cancel",
    ),
    path("interviews/<int:interview_id>/", views.interview_detail, name="interview_detail"),
    path("interviews/<int:interview_id>/book/", views.interview_book, name="interview_book"),
    path(
        "interviews/<int:interview_id>/send-link/",
        views.interview_send_link,
        name="interview_send_link",
    ),
    path("interviews/<int:interview_id>/cancel/", views.interview_cancel, name="interview_cancel"),
    path(
        "interviews/<int:interview_id>/complete/",
        views.interview_complete,
        name="interview_complete",
    ),
    path("interviews/<int:interview_id>/scorecard/", views.scorecard, name="scorecard"),
    path("requisitions/<int:requisition_id>/interview-plan/", views.plan, name="plan"),
    path("interview-plans/<int:plan_id>/", views.plan_edit, name="plan_edit"),
    path("interview-plans/<int:plan_id>/delete/", views.plan_delete, name="plan_delete"),
    path(
        "applications/<int:application_id>/interviews/",
        views.application_interviews,
        name="application_interviews",
    ),
    path("applications/<int:application_id>/debrief/", views.debrief, name="debrief"),
]
