from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from . import views

app_name = "api"

urlpatterns = [
    path("reforms/", views.ReformSearchView.as_view(), name="reform-list"),
    path("reforms/<int:pk>/", views.ReformDetailView.as_view(), name="reform-detail"),
    path("regions/", views.RegionList.as_view(), name="region-list"),
    path("indicators/", views.IndicatorList.as_view(), name="indicator-list"),
    path("reform-types/", views.ReformTypeList.as_view(), name="reformtype-list"),
    path("sources/", views.SourceList.as_view(), name="source-list"),
    path("outcomes/", views.OutcomeList.as_view(), name="outcome-list"),
    path("export/catalogue.<str:fmt>", views.catalogue_export, name="export-catalogue"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
]
