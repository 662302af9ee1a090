from django.urls import path

from masthead.membership.views import account, demo, join, webhooks

app_name = "membership"

# Under the language prefix (/join/, /uk/join/).
urlpatterns = [
    path("join/", join.join, name="join"),
    path("join/thanks/", join.thanks, name="thanks"),
    path("gift/", join.gift, name="gift"),
    path("gift/redeem/", account.redeem, name="gift_redeem"),
    path("supporters/", join.supporters, name="supporters"),
    path("supporters/<int:campaign_id>/", join.supporters, name="supporters_for"),
    path("account/", account.account, name="account"),
    path("account/sign-in/", account.sign_in, name="sign_in"),
    path("account/sign-in/confirm/", account.sign_in_confirm, name="sign_in_confirm"),
    path("account/sign-out/", account.sign_out, name="sign_out"),
    path("account/manage/", account.manage, name="manage"),
    path("account/cancel/", account.cancel, name="cancel"),
    path("account/change/", account.change, name="change"),
    path("account/change/take-back/", account.change_take_back, name="change_take_back"),
    path("account/data/", account.data, name="data"),
    path("account/delete/", account.delete, name="delete"),
    path("pay/demo/<str:token>/", demo.checkout, name="demo_checkout"),
    path("account/billing/demo/", demo.portal, name="demo_portal"),
]

# Machine endpoints, without a language prefix.
api_urlpatterns = [
    path("membership/campaign.json", join.campaign_json, name="membership_campaign_json"),
    path("membership/webhooks/stripe/", webhooks.stripe_webhook, name="membership_stripe_webhook"),
]
