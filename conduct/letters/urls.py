from django.urls import path

from conduct.letters import views

app_name = "letters"
urlpatterns = [
    path("", views.letter_list, name="list"),
    path("reception/", views.reception, name="reception"),
    path("batches/", views.batches, name="batches"),
    path("batches/<int:pk>/", views.batch, name="batch"),
    path("templates/", views.template_list, name="templates"),
    path("signatories/", views.signatories, name="signatories"),
    path("templates/<slug:letter_type>/", views.edit_template, name="edit_template"),
    path("cases/<str:reference>/new/", views.draft, name="draft"),
    path("markers/<str:reference>/new/", views.draft_marker_notice, name="draft_marker_notice"),
    path("<str:reference>/", views.letter_detail, name="detail"),
    path("<str:reference>/approve/", views.approve, name="approve"),
    path("<str:reference>/issue/", views.issue, name="issue"),
    path("<str:reference>/preview.pdf", views.preview, name="preview"),
    path("<str:reference>/files/<str:kind>/", views.download, name="download"),
    path("<str:reference>/hand-over/", views.hand_over, name="hand_over"),
    path("<str:reference>/replace/", views.supersede, name="supersede"),
]
