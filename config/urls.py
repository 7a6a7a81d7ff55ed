from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "营商环境改革案例库 · 编辑后台"
admin.site.site_title = "案例库编辑后台"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("catalogue.api.urls")),
    path("", include("catalogue.urls")),
]

handler404 = "catalogue.views.not_found"
handler500 = "catalogue.views.server_error"
