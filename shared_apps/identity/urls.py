"""The provider's routes on the hub's domain: OIDC under /oidc/, accounts under /account/."""

from __future__ import annotations

from django.urls import include, path, re_path
from oauth2_provider import views as dot

from shared_apps.identity.views import account, two_factor, upstream
from shared_apps.identity.views.oidc import AuthorizeView, DiscoveryView, IntrospectView, LogoutView

# Only what the platform uses: no application management, device flow or registration.
oidc_patterns = (
    [
        re_path(
            r"^\.well-known/openid-configuration/?$",
            DiscoveryView.as_view(),
            name="oidc-connect-discovery-info",
        ),
        path(".well-known/jwks.json", dot.JwksInfoView.as_view(), name="jwks-info"),
        path("authorize/", AuthorizeView.as_view(), name="authorize"),
        path("token/", dot.TokenView.as_view(), name="token"),
        path("userinfo/", dot.UserInfoView.as_view(), name="user-info"),
        path("introspect/", IntrospectView.as_view(), name="introspect"),
        path("revoke_token/", dot.RevokeTokenView.as_view(), name="revoke-token"),
        path("logout/", LogoutView.as_view(), name="rp-initiated-logout"),
    ],
    "oauth2_provider",
)

account_patterns = (
    [
        path("login/", account.login_view, name="login"),
        path("logout/", account.logout_view, name="logout"),
        path("register/", account.register_view, name="register"),
        path("verify/<str:token>/", account.verify_email_view, name="verify-email"),
        path("password-reset/", account.password_reset_view, name="password-reset"),
        path(
            "password-reset/<str:uidb64>/<str:token>/",
            account.password_reset_confirm_view,
            name="password-reset-confirm",
        ),
        path("password/", account.password_change_view, name="password-change"),
        path("profile/", account.profile_view, name="profile"),
        path("picture/<str:subject>/", account.picture_view, name="picture"),
        path("two-factor/", two_factor.setup_view, name="two-factor"),
        path("two-factor/verify/", two_factor.verify_view, name="two-factor-verify"),
        path("two-factor/disable/", two_factor.disable_view, name="two-factor-disable"),
        path("upstream/", upstream.start_view, name="upstream"),
        path("upstream/callback/", upstream.callback_view, name="upstream-callback"),
    ],
    "identity",
)

urlpatterns = [
    path("oidc/", include(oidc_patterns)),
    path("account/", include(account_patterns)),
]
