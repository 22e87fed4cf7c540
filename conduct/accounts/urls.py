from django.urls import path

from conduct.accounts import views, views_enrolment, views_posts, views_single_sign_on

app_name = "accounts"
urlpatterns = [
    path("sign-in/", views.sign_in, name="sign_in"),
    path("sign-in/security-code/", views.two_factor, name="two_factor"),
    path("sign-in/set-up-authenticator-app/", views.set_up_two_factor, name="set_up_two_factor"),
    path("sign-in/single-sign-on/", views_single_sign_on.start, name="single_sign_on"),
    path(
        "sign-in/single-sign-on/callback/",
        views_single_sign_on.callback,
        name="single_sign_on_callback",
    ),
    path("sign-out/", views.sign_out, name="sign_out"),
    path("signed-out/", views.signed_out, name="signed_out"),
    path("staff/", views.staff, name="staff"),
    path("staff/<int:pk>/posts/", views_posts.assign_post, name="assign_post"),
    path("staff/<int:pk>/posts/<int:post_pk>/end/", views_posts.end_post, name="end_post"),
    path(
        "staff/<int:pk>/authenticator-app-link/",
        views_enrolment.issue_link,
        name="issue_enrolment_link",
    ),
    path(
        "sign-in/authenticator-app-link/<str:secret>/",
        views_enrolment.enrolment_link,
        name="enrolment_link",
    ),
]
