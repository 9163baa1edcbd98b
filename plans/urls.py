from plans.views import help, plans

app_name = "plans"

urlpatterns = [
    *plans.urlpatterns,
    *help.urlpatterns,
]
