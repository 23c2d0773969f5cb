from coalitionlens.engagements.views import ENGAGEMENTS
from coalitionlens.web.crud import resource_urls

urlpatterns = resource_urls(ENGAGEMENTS)
