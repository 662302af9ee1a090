from django.urls import path

from masthead.newsletters import views, webhooks

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
# /newsletters/esp/<provider>/tracking/, each only once it can be authenticated.
api_urlpatterns = [
    path(
        "newsletters/esp/<slug:provider>/tracking/",
        webhooks.esp_tracking,
        name="newsletters_esp_tracking",
    )
]
