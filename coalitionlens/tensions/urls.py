from coalitionlens.tensions.views import STRATEGIES, TENSIONS
from coalitionlens.web.crud import resource_urls

urlpatterns = resource_urls(TENSIONS) + resource_urls(STRATEGIES)
