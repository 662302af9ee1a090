from django.urls import include, path, reverse
from wagtail import hooks

from masthead.importers import admin_views
from masthead.staff.admin_access import permitted_menu_item

urls = [
    path("", admin_views.index, name="index"),
    path("<int:pk>/", admin_views.detail, name="detail"),
    path("<int:pk>/progress/", admin_views.progress, name="progress"),
    path("<int:pk>/report.csv", admin_views.report_csv, name="report"),
]


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("import/", include((urls, "importers"), namespace="importers"))]


@hooks.register("register_settings_menu_item")
def register_import_menu_item():
    item = permitted_menu_item(admin_views.PERMISSION)
    return item("Import", reverse("importers:index"), icon_name="upload", order=900)
