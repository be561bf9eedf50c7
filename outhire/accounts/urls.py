from __future__ import annotations

from django.urls import path

from outhire.accounts import manage_views, sso_views, views

app_name = "accounts"

urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("login/verify/", views.login_verify, name="login_verify"),
    path("login/sso/", sso_views.sso_start, name="sso_start"),
    path("login/sso/callback/", sso_views.sso_callback, name="sso_callback"),
    path("logout/", views.logout_view, name="logout"),
    path("account/", views.account, name="account"),
    path("account/language/", views.account_language, name="account_language"),
    path(
        "account/notifications/",
        views.notification_preferences,
        name="notification_preferences",
    ),
    path("account/password/", views.password_change, name="password_change"),
    path("account/two-factor/", views.two_factor_setup, name="two_factor_setup"),
    path("account/two-factor/disable/", views.two_factor_disable, name="two_factor_disable"),
    path(
        "account/two-factor/recovery-codes/",
        views.recovery_codes_renew,
        name="recovery_codes_renew",
    ),
    path("password-reset/", views.password_reset, name="password_reset"),
    path(
        "password-reset/<str:uidb64>/<str:token>/",
        views.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path("invitations/<str:token>/", views.invitation_accept_view, name="invitation_accept"),
    path("clients/", manage_views.client_list, name="client_list"),
    path("clients/new/", manage_views.client_create, name="client_create"),
    path("clients/<slug:slug>/", manage_views.client_detail, name="client_detail"),
    path("clients/<slug:slug>/branding/", manage_views.client_branding, name="client_branding"),
    path("clients/<slug:slug>/sign-on/", sso_views.client_sso, name="client_sso"),
    path("clients/<slug:slug>/invite/", manage_views.client_invite, name="client_invite"),
    path(
        "clients/<slug:slug>/staff/", manage_views.client_assign_staff, name="client_assign_staff"
    ),
    path(
        "clients/<slug:slug>/members/<int:membership_id>/role/",
        manage_views.membership_role,
        name="membership_role",
    ),
    path(
        "clients/<slug:slug>/members/<int:membership_id>/remove/",
        manage_views.membership_remove,
        name="membership_remove",
    ),
    path(
        "clients/<slug:slug>/invitations/<int:invitation_id>/revoke/",
        manage_views.invitation_revoke,
        name="invitation_revoke",
    ),
    path(
        "clients/<slug:slug>/invitations/<int:invitation_id>/renew/",
        manage_views.invitation_renew,
        name="invitation_renew",
    ),
    path("staff/", manage_views.staff_list, name="staff_list"),
    path("staff/<int:user_id>/", manage_views.staff_detail, name="staff_detail"),
    path(
        "staff/<int:user_id>/two-factor/reset/",
        manage_views.staff_two_factor_reset,
        name="staff_two_factor_reset",
    ),
    path("api-tokens/", manage_views.api_tokens, name="api_tokens"),
    path(
        "api-tokens/<int:token_id>/revoke/", manage_views.api_token_revoke, name="api_token_revoke"
    ),
    path("audit/", manage_views.audit_log, name="audit_log"),
]
