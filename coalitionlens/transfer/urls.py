from django.urls import path

from coalitionlens.transfer import views

urlpatterns = [
    path("c/<slug:slug>/import/", views.import_upload, name="transfer_import"),
    path("c/<slug:slug>/import/template/", views.template_download, name="transfer_template"),
    path("c/<slug:slug>/import/<int:pk>/", views.import_preview_page, name="importbatch_preview"),
    path("c/<slug:slug>/import/<int:pk>/apply/", views.import_apply_page, name="importbatch_apply"),
    path("c/<slug:slug>/import/<int:pk>/map/", views.import_map_page, name="importbatch_map"),
    path(
        "c/<slug:slug>/import/<int:pk>/sheets/", views.import_sheets_page, name="importbatch_sheets"
    ),
    path("c/<slug:slug>/import/mappings/", views.mapping_list, name="valuemapping_list"),
    path(
        "c/<slug:slug>/import/mappings/<int:pk>/delete/",
        views.mapping_delete,
        name="valuemapping_delete",
    ),
    path("c/<slug:slug>/export/", views.export_page, name="transfer_export"),
    path("c/<slug:slug>/coverage/export/", views.coverage_export, name="pathway_coverage_export"),
]
