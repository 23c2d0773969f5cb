from coalitionlens.accounts.views import PEOPLE
from coalitionlens.web.crud import resource_urls

urlpatterns = resource_urls(PEOPLE)
