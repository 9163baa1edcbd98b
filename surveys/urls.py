from surveys.views import answering, builder, exports, results

app_name = "surveys"

urlpatterns = [
    *builder.urlpatterns,
    *answering.urlpatterns,
    *results.urlpatterns,
    *exports.urlpatterns,
]
