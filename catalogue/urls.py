from django.urls import path

from . import views

app_name = "catalogue"

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search_page, name="search"),
    path("reforms/<int:pk>/", views.reform_detail, name="reform"),
    path("regions/<slug:slug>/", views.region_detail, name="region"),
    path("indicators/<slug:slug>/", views.indicator_detail, name="indicator"),
    path("sources/<int:pk>/", views.source_detail, name="source"),
    path("compare/", views.compare, name="compare"),
    path("about/", views.about, name="about"),
    path("reading/", views.reading_switch, name="reading"),
    path("api-docs/", views.api_docs, name="api-docs"),
    path("healthz", views.healthz, name="healthz"),
]
