from django.urls import include, path

from masthead.newsletters import views

app_name = "newsletters"

# Under the language prefix (/newsletters/, /uk/newsletters/).
urlpatterns = [
    path("newsletters/", views.signup, name="signup"),
    path("newsletters/confirm/<str:token>/", views.confirm, name="confirm"),
    path("newsletters/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("newsletters/preferences/<str:token>/", views.preferences, name="preferences"),
    path("account/newsletters/", views.account, name="account"),
    path("newsletters/<slug:slug>/", views.newsletter, name="newsletter"),
    path("newsletters/<slug:slug>/<int:pk>/", views.edition, name="edition"),
]

# Bounce and complaint webhooks of e-mail providers (django-anymail), without a prefix:
# /newsletters/esp/<provider>/tracking/.
api_urlpatterns = [path("newsletters/esp/", include("anymail.urls"))]
