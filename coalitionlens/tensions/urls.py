from coalitionlens.accounts.scoping import get_scope
from coalitionlens.kit.crud import resource_urls
from coalitionlens.tensions.views import ACTIONS, STRATEGIES, TENSIONS

urlpatterns = (
    resource_urls(TENSIONS, get_scope=get_scope)
    + resource_urls(STRATEGIES, get_scope=get_scope)
    + resource_urls(ACTIONS, get_scope=get_scope)
)
